"""The product's figures on the development sets, with the real bundled model, per plan.

Every set in ../shared/eval is asked of its own plan served alone (as `python -m assistant eval`
does), and the issue's bars hold for each plan, not on average: answer accuracy >= 0.90,
refusal accuracy >= 0.90, answered-when-answerable >= 0.95, owner honesty 1.00. Retrieval on
the seed plan keeps its bar. Indexes are kept in .cache/eval-index between runs (the passage
cache makes a rebuild cheap). Skipped when ../shared is absent."""
from __future__ import annotations

import pytest

from assistant.evaluation import evaluate_retrieval, judge, plan_corpus, resolve_sets, score_outcomes

from .conftest import CORPUS, DEV_QUESTIONS, ROOT, SHARED, needs_shared

EVAL_DIR = SHARED / "eval"
pytestmark = [pytest.mark.model, needs_shared(EVAL_DIR, SHARED / "corpora")]

SETS = sorted(p.stem for p in EVAL_DIR.glob("*.jsonl")) if EVAL_DIR.is_dir() else []


@pytest.fixture(scope="module")
def plan_sets():
    return {s.name: s for s in resolve_sets([EVAL_DIR], [CORPUS, SHARED / "corpora", SHARED / "seeds"])}


@pytest.fixture(scope="module")
def embedder():
    from assistant.embedding import load_embedder

    return load_embedder()


def _assistant(plan_set, embedder):
    from assistant.pipeline import Assistant

    assert plan_set.plan is not None, f"no plan holds the gold quotes of {plan_set.name}"
    work = ROOT / ".cache"
    return Assistant(plan_corpus(plan_set.plan, work / "eval-corpus"), work / "eval-index" / plan_set.plan.stem,
                     embedder=embedder, progress=False)


@needs_shared(DEV_QUESTIONS)
def test_retrieval_meets_the_bar_on_the_seed_plan(plan_sets, embedder):
    a = _assistant(plan_sets["dev"], embedder)
    scores = evaluate_retrieval(plan_sets["dev"].rows, lambda q, k: [h.passage.text for h in a.retriever.search(q, k)])
    assert scores["all"].hit5 >= 0.98
    assert scores["all"].hit200c >= 0.95


@pytest.mark.parametrize("name", SETS)
def test_answers_refusals_and_owner_honesty_per_plan(plan_sets, embedder, name):
    ps = plan_sets[name]
    a = _assistant(ps, embedder)
    outcomes = [judge(row, a.ask(row["question"]).to_dict()) for row in ps.rows]
    s = score_outcomes(name, outcomes)
    wrong = [f"{row.get('id')}: {o.why}" for row, o in zip(ps.rows, outcomes) if not o.ok or o.owner_ok is False]
    assert s.answer_accuracy is None or s.answer_accuracy >= 0.90, wrong
    assert s.refusal_accuracy is None or s.refusal_accuracy >= 0.90, wrong
    assert s.answered_when_answerable is None or s.answered_when_answerable >= 0.95, wrong
    assert s.owner_honesty is None or s.owner_honesty == 1.0, wrong
