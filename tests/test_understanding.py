"""Question understanding and the answer contract, with questions written for these tests
(not taken from the evaluation sets), on the seed plan and real plans from ../shared/corpora.

The fake embedder's vectors are noise, so these run lexical ranking only: they test the
decisions (intent, years, scope, status, owners), not the model."""
from __future__ import annotations

import re
import shutil

import pytest

from assistant.pipeline import Assistant
from assistant.query import normalise
from assistant.retrieval import SearchSettings
from assistant.understanding import understand, unit_matches, unit_mentions

from .conftest import SHARED

CORPORA = SHARED / "corpora"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def serve(tmp_path, fake_embedder, *files):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus)
    return Assistant(corpus, tmp_path / "index", embedder=fake_embedder, progress=False,
                     settings=SearchSettings(fusion="bm25"))


def needs(name: str):
    return pytest.mark.skipif(not (CORPORA / name).exists(), reason=f"../shared/corpora/{name} not present")


@pytest.mark.parametrize("question, intent", [
    ("这项改革由哪家单位牵头？", "owner"),
    ("是不是市教育局负责这件事？", "yes_no"),
    ("市财政局牵头哪些任务？", "owner_reverse"),
    ("平台建设什么时候完成？", "deadline"),
    ("这份文件的标题原文是什么", "title"),
    ("一共分为几个部分", "parts"),
    ("要达到什么程度", "target"),
])
def test_intents(question, intent):
    assert understand(normalise(question)).intent == intent


def test_unit_mentions_and_abbreviations():
    assert unit_mentions("这条是省发改委牵头的吧") == ["省发改委"]
    assert unit_mentions("责任落在县乡两级吗") == ["县乡两级"]
    assert unit_matches("经信厅", "省经济和信息化厅") and unit_matches("发改委", "市发改委")
    assert unit_matches("海关", "合肥海关")
    assert not unit_matches("国资委", "市财政局") and not unit_matches("教育局", "市审批服务局")


def test_years_and_relative_years_are_read():
    q = understand(normalise("去年和2025年的目标分别是多少"))
    assert q.years == [2025] and q.relative_years == [-1]
    assert understand(normalise("26年要建多少座")).years == [2026]


def test_status_is_in_the_contract(fake_assistant):
    for question in ("城市更新投资额是多少", "屋顶光伏装机要达到多少千瓦", "月球基地建几个"):
        d = fake_assistant.ask(question).to_dict()
        assert d["status"] in ("answered", "no_figure", "not_found", "other_year")
        assert d["found"] == (d["status"] == "answered")


def test_a_year_the_plan_does_not_cover_is_other_year(fake_assistant):
    a = fake_assistant.ask("2026年城市更新投资额要达到多少")
    assert a.status == "other_year" and not a.citations and "130" not in a.answer
    b = fake_assistant.ask("去年城市更新完成了多少投资")  # the seed is a 2023 plan: 去年 is 2022
    assert b.status == "other_year"


@needs("2018-rural-revitalisation-opinions.txt")
def test_years_come_from_the_plan_text(tmp_path, fake_embedder):
    a = serve(tmp_path, fake_embedder, CORPORA / "2018-rural-revitalisation-opinions.txt")
    assert a.ask("到2040年农业农村要怎样").status == "other_year"
    ok = a.ask("到2050年乡村要实现什么")
    assert ok.status == "answered" and any("2050" in c.text for c in ok.citations)


@needs("2024-shanghai-gov-work-report.txt")
def test_a_work_report_answers_last_year_from_its_review(tmp_path, fake_embedder):
    a = serve(tmp_path, fake_embedder, CORPORA / "2024-shanghai-gov-work-report.txt")
    last = a.ask("去年新增了多少座公园")
    assert last.status == "answered"
    assert all("2023" in c.section for c in last.citations)
    assert a.ask("2019年的财政收入是多少").status == "other_year"


def test_near_miss_is_no_figure_and_quotes_the_measure(fake_assistant):
    a = fake_assistant.ask("屋顶光伏开发试点要装多少千瓦？")
    assert a.status == "no_figure" and "开展屋顶光伏开发试点" in compact(a.answer)
    assert a.citations and not a.found


def test_a_wrong_figure_in_the_question_is_corrected(fake_assistant):
    a = fake_assistant.ask("城市更新投资额要到200亿元，对吗？")
    assert a.status == "answered" and "130亿元以上" in compact(a.answer) and "不是问题中的200亿元" in compact(a.answer)


def test_a_section_named_in_the_question_scopes_the_answer(fake_assistant):
    a = fake_assistant.ask("推进教育事业方面有哪些量化指标")
    assert a.status == "answered" and a.citations
    assert {c.section for c in a.citations} == {"科技教育人才 › 推进教育事业"}
    assert len(a.citations) >= 2


def test_a_kind_filter_lists_every_matching_target(fake_assistant):
    a = fake_assistant.ask("百分比类的指标都有哪些")
    quotes = [c.quote for c in a.citations]
    assert len(quotes) >= 3 and all("%" in q for q in quotes)


def test_owner_follow_up_keeps_the_topic(fake_assistant):
    a = fake_assistant.ask("由谁负责？", history=["城市更新投资额是多少"])
    assert a.intent == "owner" and a.owners == [] and a.status == "no_figure"
    assert "加快城乡面貌提质" in a.answer


@pytest.mark.parametrize("question", ["asdfgh qwerty zxcv", "<script>alert(1)</script>", "Что такое план?", "啊啊啊啊啊啊啊啊"])
def test_unreadable_questions_are_refused(fake_assistant, question):
    a = fake_assistant.ask(question)
    assert a.status == "not_found" and not a.citations


def test_the_title_is_answerable(fake_assistant):
    a = fake_assistant.ask("这篇文章的标题是什么")
    assert a.status == "answered" and any(c.section == "标题" for c in a.citations)


@needs("2022-baotou-digital-gov-assessment.txt")
def test_owner_questions_read_the_plans_annotations(tmp_path, fake_embedder):
    a = serve(tmp_path, fake_embedder, CORPORA / "2022-baotou-digital-gov-assessment.txt")
    measure = next(x for x in a.index.assignments if len(x.lead) >= 2)
    p = a.look_up(measure.passage_ids[0]) if hasattr(a, "look_up") else \
        next(p for p in a.index.passages if p.passage_id == measure.passage_ids[0])
    topic = re.sub(r"^\d+．", "", p.text)[:24]
    owned = a.ask(f"{topic}由哪个部门牵头？")
    assert owned.status == "answered" and owned.owners[: len(measure.lead)] == measure.lead
    for unit in measure.lead:
        assert unit in owned.answer
    # a wrong unit suggested by the question is not confirmed and not listed as an owner
    wrong = a.ask(f"{topic}是市气象局牵头的吧？")
    assert wrong.intent == "yes_no" and "市气象局" not in wrong.owners
    assert wrong.answer.startswith("不是") and measure.lead[0] in wrong.answer
    right = a.ask(f"{topic}是{measure.lead[0]}负责的吗？")
    assert right.answer.startswith("是")
    # reverse: every measure assigned to the unit, with the count
    unit = measure.lead[0]
    expected = [x for x in a.index.assignments if unit in x.units]
    rev = a.ask(f"{unit}牵头哪些任务？")
    assert rev.intent == "owner_reverse" and rev.owners == [unit]
    assert f"共 {len(expected)} 项" in rev.answer


def test_a_list_question_naming_examples_gets_the_list_that_holds_them(fake_assistant):
    a = fake_assistant.ask("像金塔路、南四环这些，今年哪些道路要建成通车？")
    assert a.status == "answered"
    items = [line[2:] for line in a.answer.splitlines() if line.startswith("- ")]
    assert any("金塔路" in i for i in items) and any("南四环" in i for i in items)
    assert any("城北东路延伸" in i for i in items)  # the rest of that list, not another sentence's
