"""The product's figures on the development questions, with the real bundled model.

Thresholds are the issue's requirements; the questions live in ../shared/eval (skipped
when absent). This is where retrieval quality is asserted, never in unit tests."""
from __future__ import annotations

import pytest

from assistant.evaluation import evaluate_answers, evaluate_retrieval, load_questions

from .conftest import DEV_QUESTIONS, needs_shared

pytestmark = [pytest.mark.model,
              needs_shared(DEV_QUESTIONS)]


@pytest.fixture(scope="module")
def rows():
    return load_questions(DEV_QUESTIONS)


def test_retrieval_meets_the_bar(real_assistant, rows):
    scores = evaluate_retrieval(rows, lambda q, k: [h.passage.text for h in real_assistant.retriever.search(q, k)])
    assert scores["all"].hit5 >= 0.98
    assert scores["all"].hit200c >= 0.95


def test_answers_refusals_and_owner_honesty(real_assistant, rows):
    s = evaluate_answers(rows, lambda q: real_assistant.ask(q).to_dict(), real_assistant.known_bodies())
    assert s.accuracy >= 0.95, s.failures
    assert s.refused_when_unanswerable >= 0.9 and s.answered_when_answerable >= 0.9
    assert s.owner_honesty == 1.0
