"""The load script (scripts/load.py) in a small form: the fake embedder, 1 then 4 concurrent
gradio_client users, 3 requests each, against the app on a free loopback port. No timing
assertions (the machine is shared); every request must succeed and keep the answer contract."""
from __future__ import annotations

import app
from tests.conftest import load_script

CONTRACT = {"question", "intent", "found", "answer", "citations", "owners"}


def test_load_script_small_run_has_no_errors():
    load = load_script("load")
    questions = load.load_questions()
    report = load.run_load(users=[1, 4], requests_per_user=3, embedder="fake", server="inprocess",
                           questions=questions, max_seconds=300, request_timeout=120)
    assert report["errors"] == 0, [lv["error_samples"] for lv in report["levels"]]
    assert report["host"] == "127.0.0.1"
    assert (report["concurrency"], report["queue_size"]) == (app.CONCURRENCY, app.QUEUE_SIZE)
    assert [lv["users"] for lv in report["levels"]] == [1, 4]
    for lv in report["levels"]:
        assert lv["ok"] == lv["requests"] == lv["users"] * 3 and lv["skipped"] == 0
        assert len(lv["answers"]) == lv["ok"]
        for answer in lv["answers"]:
            assert CONTRACT <= set(answer)
            assert answer["question"] in questions
            assert isinstance(answer["found"], bool) and answer["answer"].strip()
            if answer["found"]:
                assert answer["citations"]
    assert "errors" in load.format_report(report)
