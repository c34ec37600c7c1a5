"""Feedback: 👍/👎 with a comment in SQLite, listed by `python -m assistant feedback [--csv]`."""
from __future__ import annotations

import csv
import io
import json
import threading

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.feedback import ENV, FeedbackStore, feedback_path

ANSWER = {"question": "某项目标？", "status": "answered", "answer": "“确保10亿元以上” [1]",
          "citations": [{"n": 1, "doc": "plan", "section": "甲", "lines": [3, 4], "text": "确保10亿元以上。",
                         "quote": "确保10亿元以上"}]}


def test_store_keeps_question_answer_citations_rating_and_comment(tmp_path):
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")
    assert store.rows() == []  # no file yet: nothing, and nothing created
    row = store.add(ANSWER, "down")
    store.update(row, comment="数字不对")
    store.update(row, rating="up")
    (r,) = store.rows()
    assert (r["rating"], r["comment"], r["question"], r["status"]) == ("up", "数字不对", "某项目标？", "answered")
    assert r["answer"] == ANSWER["answer"] and json.loads(r["citations"])[0]["quote"] == "确保10亿元以上"
    with pytest.raises(ValueError):
        store.add(ANSWER, "meh")


def test_store_takes_concurrent_writes(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    threads = [threading.Thread(target=lambda: [store.add(ANSWER, "up") for _ in range(10)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.rows()) == 40


def test_path_beside_the_index_or_from_env(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert feedback_path(tmp_path / "index") == tmp_path.resolve() / "feedback.sqlite3"
    monkeypatch.setenv(ENV, str(tmp_path / "elsewhere.db"))
    assert feedback_path(tmp_path / "index") == tmp_path / "elsewhere.db"


def test_cli_lists_feedback_and_writes_csv(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    store = FeedbackStore(feedback_path(tmp_path / "index"))
    store.update(store.add(ANSWER, "down"), comment="缺少来源, 请核对")
    store.add(dict(ANSWER, question="第二问"), "up")
    args = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "feedback"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    lines = [x for x in out.output.splitlines() if "\t" in x]
    assert len(lines) == 2 and "👎" in lines[0] and "某项目标？" in lines[0] and "缺少来源, 请核对" in lines[0]
    assert "1 处来源" in lines[0] and "👍" in lines[1]
    out = CliRunner().invoke(cli, args + ["--csv"])
    table = list(csv.reader(io.StringIO(out.stdout)))
    assert table[0][:5] == ["id", "created", "rating", "comment", "question"] and len(table) == 3
    assert table[1][2:5] == ["down", "缺少来源, 请核对", "某项目标？"]
