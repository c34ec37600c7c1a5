"""Shared fixtures. Unit tests use a deterministic fake embedder (registered here,
as simonw/llm's tests register a fake model); tests marked `model` use the real one."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
SEED_PLAN = CORPUS / "yongkang-2023-eight-accelerations-work-plan.txt"
DEV_QUESTIONS = SHARED / "eval" / "dev.jsonl"
RURAL_PLAN = SHARED / "corpora" / "2018-rural-revitalisation-opinions.txt"


def needs_shared(*paths: Path) -> pytest.MarkDecorator:
    """Skip a test whose data lives in ../shared (beside the clone in CI, absent from a user's
    clone), naming what is missing. `paths` are files or folders under SHARED."""
    missing = [p for p in paths if not p.exists()]
    shown = ", ".join(str(p.relative_to(SHARED.parent)) if p.is_relative_to(SHARED.parent) else str(p)
                      for p in missing)
    return pytest.mark.skipif(bool(missing), reason=f"needs {shown}, which is not beside this clone "
                                                     f"(the shared data folder {SHARED} is absent)")


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (the scripts are not part of the package)."""
    spec = importlib.util.spec_from_file_location(f"plan_assistant_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fake_embedder():
    from assistant.embedding import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the project's corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("README.md"))
    return dest


@pytest.fixture(scope="session", autouse=True)
def _register_fake_embedder():
    """`--model hashing` / load_embedder("hashing") gives the fast fake in tests."""
    from assistant.embedding import HashingEmbedder, register_embedder

    register_embedder("hashing", HashingEmbedder)


@pytest.fixture(scope="session")
def fake_assistant(tmp_path_factory, fake_embedder):
    """The project's corpus with the fake embedder and lexical ranking only: the fake's
    vectors are noise, so these tests exercise the answer logic, not the model."""
    from assistant.pipeline import Assistant
    from assistant.retrieval import SearchSettings

    return Assistant(CORPUS, tmp_path_factory.mktemp("index-fake"), embedder=fake_embedder, progress=False,
                     settings=SearchSettings(fusion="bm25"))


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory):
    """The project's corpus with the real bundled model; one index per test session."""
    from assistant.embedding import load_embedder
    from assistant.pipeline import Assistant

    return Assistant(CORPUS, tmp_path_factory.getbasetemp() / "index-real-model", embedder=load_embedder(),
                     progress=False)
