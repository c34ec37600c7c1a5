"""The package's modules import downwards only (documents → structure → index → retrieval → answering → pipeline →
cli/app, and inside `composers/` base → … → lists): a cycle would mean two stages that can no longer be read,
tested or changed apart. Module-level imports only; an import inside a function is a deliberate late load."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The package modules `path` imports at module level (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import composers` names a module
                sub = f"{target}.{alias.name}"
                out.add(sub if (PACKAGE.parent / sub.replace(".", "/")).exists() or
                        (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists() else target)
    return {m for m in out if m != name}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_package_has_no_import_cycle():
    graph = _graph()
    assert "assistant.composers.lists" in graph["assistant.composers"]  # the graph sees the package's modules
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_a_cycle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_composers_import_only_modules_above_them():
    """Inside composers/, the lower modules never import the composers that fall back on them."""
    graph = _graph()
    order = ["base", "paragraphs", "figure_fit", "items", "quoting", "sections", "figures", "owners", "dates",
             "quotes", "lists"]
    for i, m in enumerate(order):
        below = {f"assistant.composers.{x}" for x in order[:i]}
        inside = {n for n in graph[f"assistant.composers.{m}"] if n.startswith("assistant.composers.")}
        assert inside <= below, (m, sorted(inside - below))
