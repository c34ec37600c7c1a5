"""Evaluate retrieval and answers on a JSONL question set (see ../shared/eval/README.md).

Retrieval: hit@1, hit@5, MRR of gold quotes among ranked passages, and
hit@200c / hit@500c — whether a gold quote lies within the first 200 / 500
characters of the ranked passages concatenated, which large chunks cannot game.
Baselines (fixed windows, dense-only, BM25-only) run in the same call, so the
gain is measured, not claimed.
Answers: accuracy on answer_must_contain, refusal accuracy both ways, owner honesty.
"""
from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_WS = re.compile(r"\s+")
Ranker = Callable[[str, int], list[str]]  # question, k -> ranked passage texts


def compact(text: str) -> str:
    return _WS.sub("", text or "")


def load_questions(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
    return rows


def base_type(row: dict) -> str:
    """english/traditional questions carry their underlying kind in the note: [target] …"""
    m = re.match(r"\[(\w+)\]", row.get("note", ""))
    return m.group(1) if row["type"] in ("english", "traditional") and m else row["type"]


@dataclass
class RetrievalScores:
    n: int
    hit1: float
    hit5: float
    mrr: float
    hit200c: float
    hit500c: float

    def row(self) -> str:
        return (f"n={self.n:3d}  hit@1 {self.hit1:.3f}  hit@5 {self.hit5:.3f}  MRR {self.mrr:.3f}  "
                f"hit@200c {self.hit200c:.3f}  hit@500c {self.hit500c:.3f}")


def _retrieval_one(texts: list[str], golds: list[str]) -> tuple[float, float, float, float, float]:
    golds = [compact(g) for g in golds]
    ranks = [i for i, t in enumerate(texts, start=1) if any(g in compact(t) for g in golds)]
    first = ranks[0] if ranks else None
    joined = "".join(compact(t) for t in texts)
    return (float(first == 1), float(first is not None and first <= 5), 1.0 / first if first else 0.0,
            float(any(g in joined[:200] for g in golds)), float(any(g in joined[:500] for g in golds)))


def evaluate_retrieval(rows: list[dict], ranker: Ranker, k: int = 10) -> dict[str, RetrievalScores]:
    """Scores overall ('all') and per question type, over questions with gold quotes."""
    per: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        if not row.get("gold_quotes"):
            continue
        result = _retrieval_one(ranker(row["question"], k), row["gold_quotes"])
        per["all"].append(result)
        per[row["type"]].append(result)
    return {name: RetrievalScores(len(v), *[float(np.mean(col)) for col in zip(*v)]) for name, v in per.items()}


def dense_ranker(texts: list[str], embedder) -> Ranker:
    """Baseline: one vector per text, exact dense search."""
    vectors = embedder.embed_passages(texts)

    def rank(question: str, k: int) -> list[str]:
        scores = vectors @ embedder.embed_query(question)
        return [texts[i] for i in np.argsort(-scores)[:k]]

    return rank


def window_ranker(text_by_doc: dict[str, str], size: int, embedder) -> Ranker:
    """Baseline: fixed character windows (no overlap) searched densely."""
    return dense_ranker([t[i : i + size] for t in text_by_doc.values() for i in range(0, len(t), size)], embedder)


def sentence_ranker(passages, embedder) -> Ranker:
    """Baseline: the same sentence passages, one vector each (no item vectors, no BM25)."""
    return dense_ranker([p.text for p in passages if p.section_kind not in ("heading", "headline")], embedder)


@dataclass
class AnswerScores:
    n: int
    accuracy: float
    refused_when_unanswerable: float
    answered_when_answerable: float
    owner_honesty: float
    failures: list[str]


def evaluate_answers(rows: list[dict], answer: Callable[[str], dict], known_owners: set[str]) -> AnswerScores:
    """answer(question) -> the JSON contract of `ask` (found, answer, owners …)."""
    correct = refused = unanswerable = answered = answerable = honest = owner_qs = 0
    failures: list[str] = []
    for row in rows:
        result = answer(row["question"])
        text = compact(result["answer"])
        if row["type"] == "unanswerable":
            unanswerable += 1
            refused += not result["found"]
            ok = not result["found"]
        else:
            answerable += 1
            answered += bool(result["found"])
            ok = bool(result["found"]) and all(compact(s) in text for s in row.get("answer_must_contain", []))
        correct += ok
        if not ok:
            failures.append(f"[{row['type']}] {row['question']} -> {result['answer'][:120]!r}")
        if base_type(row) == "owner" or row["type"] == "owner":
            owner_qs += 1
            honest += all(o in known_owners for o in result.get("owners", []))
    n = len(rows)
    return AnswerScores(n, correct / n if n else 0.0,
                        refused / unanswerable if unanswerable else 1.0,
                        answered / answerable if answerable else 1.0,
                        honest / owner_qs if owner_qs else 1.0, failures)


def latency_summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):.1f} ms  p95 {p95:.1f} ms  (n={len(ms)})"
