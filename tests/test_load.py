"""The load script (scripts/load.py) in a small form: the fake embedder, 1 then 3 concurrent
gradio_client users, 2 requests each, against the app on a free loopback port. No timing
assertions (the machine is shared); every request must succeed and keep the answer contract."""
from __future__ import annotations

import app
from tests.conftest import load_script

CONTRACT = {"question", "intent", "found", "answer", "citations", "owners"}


def test_load_script_small_run_has_no_errors():
    load = load_script("load")
    report = load.run_load(users=[1, 3], requests_per_user=2, embedder="fake", server="inprocess",
                           max_seconds=300, request_timeout=120)
    questions = report["question_texts"]
    assert report["errors"] == 0, [lv["error_samples"] for lv in report["levels"]]
    assert report["host"] == "127.0.0.1"
    assert (report["concurrency"], report["queue_size"]) == (app.CONCURRENCY, app.QUEUE_SIZE)
    assert [lv["users"] for lv in report["levels"]] == [1, 3]
    for lv in report["levels"]:
        assert lv["ok"] == lv["requests"] == lv["users"] * 2 and lv["skipped"] == 0
        assert len(lv["answers"]) == lv["ok"]
        for answer in lv["answers"]:
            assert CONTRACT <= set(answer)
            assert answer["question"] in questions
            assert isinstance(answer["found"], bool) and answer["answer"].strip()
            if answer["found"]:
                assert answer["citations"]
    assert "errors" in load.format_report(report)


def test_questions_are_made_from_the_corpus_served(tmp_path, fake_embedder):
    """A plan of its own (not the project's): every question the load script asks quotes only it."""
    import re

    from assistant.index import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(
        "示范区工作计划\n\n一、产业发展\n（一）做强先进制造\n全年新增规上企业120家以上。\n由经信局牵头负责。\n"
        "（二）培育新兴产业\n数字经济核心产业增加值增长15%。\n二、民生保障\n（一）办好民生实事\n"
        "新建城市书房8家，改造老旧小区30个。\n（二）稳定就业\n城镇新增就业1.2万人。\n", encoding="utf-8")
    index = build_index(corpus, tmp_path / "index", fake_embedder, progress=False)
    questions = load_script("load").corpus_questions(index)
    assert len(questions) >= 4 and len(set(questions)) == len(questions)
    text = "".join(p.text for p in index.passages) + "".join(s.title for s in index.sections)
    quoted = [q for question in questions for q in re.findall(r"“(.+?)”", question)]
    assert quoted and all(q in text for q in quoted)
    assert any("产业发展" in q or "先进制造" in q or "120" in q or "规上企业" in q for q in questions)
    assert any("民生" in q or "书房" in q or "就业" in q or "老旧小区" in q for q in questions)  # every area asked
