"""Odd and hostile questions, each sent through both front doors: the CLI (`ask --json`, in-process
with click's CliRunner) and the app's /ask endpoint (gradio_client against the app served on a free
loopback port). Every one must get a clear answer or message, quickly, in the answer contract;
afterwards the app must still answer a normal question. Fake embedder throughout."""
from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

import app
from assistant.answering import INTENTS
from assistant.cli import cli
from assistant.query import MAX_QUESTION_CHARS
from tests.conftest import CORPUS, SEED_PLAN
from tests.test_app import QUESTION, start

CONTRACT = {"question", "intent", "found", "answer", "citations", "owners"}
BOUND_S = 20.0  # a bound against hanging, not a speed target
# A long paste of the plan itself (with its line breaks and spaces), cut to 20,000 characters.
LONG = (SEED_PLAN.read_text(encoding="utf-8") * 20)[:20_000]

# (id, question, expected): found = True/False/None (None: either is fine), contains = text the answer
# must include, notice = the user must be told the question was cut.
CASES = [
    ("empty", "", dict(found=False)),
    ("only-spaces", "     ", dict(found=False)),
    ("only-punctuation", "？？？。。", dict(found=False)),
    ("20000-chars", LONG, dict(found=None, notice=True)),
    ("emoji", "🏙️🚀😀🎉？", dict(found=False)),
    ("control-chars", "城市\x01更新\x07的\x08目标\x1b是\x7f什么\u200b？\r", dict(found=True, contains="130亿元以上")),
    ("nul-byte", "城市更新\x00的目标是什么？", dict(found=True, contains="130亿元以上")),
    ("html-script", "<img src=x onerror=alert(1)><script>alert(1)</script>", dict(found=False)),
    ("sql", "'; DROP TABLE plans; --", dict(found=False)),
    ("mixed-scripts", "中文 English русский العربية", dict(found=None)),
    ("one-char-x5000", "城" * 5000, dict(found=None, notice=True)),
    ("russian-only", "Какова цель обновления города в этом году?", dict(found=False)),
    ("arabic-only", "ما هو هدف التجديد الحضري هذا العام؟", dict(found=False)),
]


@pytest.fixture(scope="module")
def cli_ask(tmp_path_factory):
    index = tmp_path_factory.mktemp("bad-input-cli-index")

    def invoke(question: str):
        return CliRunner().invoke(cli, ["--corpus", str(CORPUS), "--index", str(index), "--model", "hashing",
                                        "ask", question, "--json"])

    invoke(QUESTION)  # build the index once, outside the timed cases
    return invoke


@pytest.fixture(scope="module")
def api(tmp_path_factory, fake_embedder):
    from gradio_client import Client

    _, demo = app.create_app(CORPUS, tmp_path_factory.mktemp("bad-input-app-index"), fake_embedder)
    client = Client(start(demo), verbose=False)

    def ask(question: str) -> dict:
        return client.submit(question, [], api_name="/ask").result(timeout=BOUND_S)

    yield ask
    demo.close()


def _check(answer: dict, question: str, expected: dict, where: str) -> None:
    assert CONTRACT <= set(answer), where
    assert answer["question"] == question, where
    assert answer["intent"] in INTENTS, where
    assert isinstance(answer["found"], bool) and isinstance(answer["citations"], list), where
    assert isinstance(answer["answer"], str) and answer["answer"].strip(), f"{where}: no answer or message"
    assert "Traceback" not in answer["answer"], where
    if answer["found"]:
        assert answer["citations"], where
        for c in answer["citations"]:
            assert c["quote"].replace(" ", "") in c["text"].replace(" ", ""), where
    else:
        assert answer["citations"] == [] and answer["owners"] == [], f"{where}: a refusal cites nothing"
    if expected.get("found") is not None:
        assert answer["found"] is expected["found"], f"{where}: {answer['answer'][:200]}"
    if "contains" in expected:
        assert expected["contains"] in answer["answer"].replace(" ", ""), where
    if expected.get("notice"):
        assert str(MAX_QUESTION_CHARS) in answer.get("notice", ""), f"{where}: the user is not told it was cut"
    else:
        assert not answer.get("notice"), where


@pytest.mark.parametrize("question, expected", [pytest.param(q, e, id=i) for i, q, e in CASES])
def test_bad_input_gets_clear_answer_via_cli_and_api(question, expected, cli_ask, api):
    t = time.perf_counter()
    result = cli_ask(question)
    cli_s = time.perf_counter() - t
    assert result.exception is None and result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    _check(json.loads(result.stdout), question, expected, "cli")
    assert cli_s < BOUND_S, f"cli took {cli_s:.1f} s"

    t = time.perf_counter()
    answer = api(question)
    api_s = time.perf_counter() - t
    _check(answer, question, expected, "api")
    assert api_s < BOUND_S, f"/ask took {api_s:.1f} s"


def test_app_keeps_serving_after_bad_input(api):
    """Runs after the cases above (same served app): a normal question still gets its answer."""
    answer = api(QUESTION)
    assert answer["found"] is True and "130亿元以上" in answer["answer"].replace(" ", "")
