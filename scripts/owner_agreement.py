"""Do the assignments read from each plan agree with the evaluation's expected owners?

For every question that names `expected_owners` (owner, owner_reverse, yes_no, …), the passages
holding its gold quotes should carry an Assignment (as a measure sentence or as the annotation's
own passage) whose units are the expected ones, lead first; for owner_reverse (what does X own)
each gold passage's assignment must include them; `[]` means no assignment there. Each plan is
parsed alone, as it is served; the plan a question belongs to is the one holding its gold quotes.

    python scripts/owner_agreement.py [--eval DIR] [--corpora DIR ...] [-v]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index import parse_corpus_assignments  # noqa: E402

OWNER_TYPES = ("owner", "owner_reverse", "yes_no", "deadline")


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


def _plans(corpora: list[Path]) -> dict[str, tuple]:
    out = {}
    for path in sorted(p for c in corpora for p in c.glob("*.txt")):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(path, tmp)
            meta = path.with_name(path.name + ".meta.json")
            if meta.exists():
                shutil.copy(meta, tmp)
            docs, passages, _, assignments, _ = parse_corpus_assignments(Path(tmp))
        out[path.name] = (passages, assignments)
    return out


def agreement(eval_dir: Path, corpora: list[Path], verbose: bool = False) -> dict[str, dict]:
    """Per plan: questions with expected owners, how many agree, and the ones that do not."""
    plans = _plans(corpora)
    texts = {name: _compact("".join(p.text for p in ps)) for name, (ps, _) in plans.items()}
    report: dict[str, dict] = {}
    for jsonl in sorted(eval_dir.glob("*.jsonl")):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            kind = q.get("type", "")
            base = re.match(r"\[(\w+)\]", q.get("note", "") or "")
            if kind not in OWNER_TYPES and not (base and base.group(1) in OWNER_TYPES):
                continue
            expected = q.get("expected_owners")
            gold = [_compact(g) for g in q.get("gold_quotes", []) if g]
            plan = next((n for n, t in texts.items() if gold and all(g in t for g in gold)), None)
            if plan is None:
                continue
            row = report.setdefault(plan, {"questions": 0, "agree": 0, "no_expected_owners": 0, "disagree": []})
            if expected is None:
                row["no_expected_owners"] += 1
                continue
            row["questions"] += 1
            passages, assignments = plans[plan]
            carried = []  # per gold quote: the units of the assignments on its passages
            for g in gold:
                ids = {p.passage_id for p in passages if g in _compact(p.text) or
                       (len(_compact(p.text)) >= 6 and _compact(p.text) in g)}
                carried.append([a.units for a in assignments
                                if ids & (set(a.passage_ids) | {a.source_passage_id})])
            if expected == []:
                ok = not any(carried)
            elif kind == "owner_reverse":
                ok = all(any(set(expected) <= set(u) for u in c) for c in carried)
            else:
                ok = any(any(u == expected for u in c) for c in carried)
            row["agree"] += ok
            if not ok:
                row["disagree"].append({"type": kind, "expected": expected, "found": carried})
    if verbose:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--corpora", type=Path, nargs="+", default=[ROOT.parent / "shared" / "corpora", ROOT / "corpus"])
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    report = agreement(a.eval, a.corpora, a.verbose)
    total = sum(r["questions"] for r in report.values())
    agree = sum(r["agree"] for r in report.values())
    for plan, r in report.items():
        print(f"{plan}: {r['agree']}/{r['questions']} agree "
              f"({r['no_expected_owners']} without expected owners)")
    print(f"all plans: {agree}/{total}")


if __name__ == "__main__":
    main()
