"""Answers by intent, citations checked against their passages, honest refusals.

These run with the fake embedder: the lexical side carries the Chinese, so they
test the answer logic, not the model (tests/test_dev_eval.py does that)."""
from __future__ import annotations

import re

import pytest

from assistant.citations import AnswerBuilder as _Builder
from assistant.spans import Span
from assistant.understanding import detect_intent
from assistant.pipeline import Assistant
from assistant.query import normalise
from assistant.records import Hit
from assistant.retrieval import SearchSettings

from .conftest import RURAL_PLAN, SEED_PLAN, needs_shared


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_citations(answer):
    for c in answer.citations:
        assert c.quote and compact(c.quote) in compact(c.text)
        assert c.text[c.start : c.end] == c.quote


@pytest.mark.parametrize("question, intent", [
    ("城市更新的目标是什么？", "target"), ("招投标专项整治归哪个部门？", "owner"), ("专项债那条原文怎么写的？", "quote"),
    ("胡公式干部队伍在哪个部分讲的", "section"), ("今年哪些路修好通车？", "list"), ("乡贤这块计划里怎么说的", "general"),
    ("Which department is responsible for the apartments?", "owner"), ("How many villages?", "target"),
    # a count of what is named, which an ownership phrase follows, asks the count; a count of bodies asks who
    ("How many tiers of wardens are in charge of the ferries?", "target"),
    ("How many agencies are responsible for the ferries?", "owner"), ("Who is in charge of the ferries?", "owner"),
])
def test_intent(question, intent):
    assert detect_intent(normalise(question).text) == intent


def test_target_quotes_number_with_its_measure_and_section(fake_assistant):
    a = fake_assistant.ask("城市更新的目标是什么？")
    assert a.found and a.intent == "target"
    assert "确保全年城市更新投资额130亿元以上" in compact(a.answer)
    assert a.citations[0].section == "城市能级提升 › 加快城乡面貌提质"
    check_citations(a)


def test_recurring_number_keeps_its_own_measure(fake_assistant):
    a = fake_assistant.ask("10亿以上的制造业项目今年要落地几个？")
    assert "落地10亿元以上制造业项目8个" in compact(a.answer)
    assert "新增10亿元以上企业2家" not in compact(a.answer)


def test_owner_says_no_department_and_gives_the_place(fake_assistant):
    a = fake_assistant.ask("招投标领域专项整治是哪个单位的活")
    assert a.status == "no_figure" and not a.found and a.owners == []
    assert "没有写明" in a.answer
    assert "作风效能改革 › 聚焦打响“永商安康”品牌" in a.answer
    a = fake_assistant.ask("双减工作归哪个局管")
    assert "局" not in a.answer.replace("哪个局", "")  # no bureau invented
    check_citations(a)


def test_owner_from_a_responsibility_table(tmp_path, corpus_copy, fake_embedder):
    (corpus_copy / "任务分解表.csv").write_text(
        "序号,重点任务,牵头单位,责任单位\n1,扎实开展招投标领域突出问题专项整治,市发改局,市公管办、市财政局\n",
        encoding="utf-8-sig")
    assistant = Assistant(corpus_copy, tmp_path / "index", embedder=fake_embedder, progress=False)
    a = assistant.ask("招投标专项整治归哪个部门？")
    assert a.owners == ["市发改局", "市公管办", "市财政局"]
    row = next(c for c in a.citations if c.doc == "任务分解表")
    assert row.lines == (2, 2) and "市发改局" in row.text


def test_quote_is_verbatim_with_lines(fake_assistant):
    a = fake_assistant.ask("专项债那条原文怎么表述的")
    assert "发行专项债券50亿元以上" in compact(a.answer)
    c = a.citations[0]
    assert c.quote == "发行专项债券50亿元以上" and f"{c.lines[0]}–{c.lines[1]}" in a.answer
    check_citations(a)


def test_parts_of_the_plan_from_the_outline(fake_assistant):
    a = fake_assistant.ask("八个提速具体是哪八个方面")
    titles = [c.quote for c in a.citations]
    assert titles[0] == "作风效能改革" and titles[-1] == "政治生态" and len(titles) == 8


def test_list_of_all_targets_in_a_unit(fake_assistant):
    a = fake_assistant.ask("列出所有以亿元计的目标")
    body = compact(a.answer)
    for figure in ("130亿元以上", "发行专项债券50亿元以上", "20亿元", "10亿元以上制造业项目8个"):
        assert figure in body


def test_near_miss_says_no_number_and_quotes_the_measure(fake_assistant):
    a = fake_assistant.ask("屋顶光伏今年要装多少？")
    assert a.status == "no_figure" and "没有给出具体数字" in a.answer and "开展屋顶光伏开发试点" in a.answer
    assert not re.search(r"\d", a.answer.split("开展屋顶光伏开发试点")[0])


@pytest.mark.parametrize("question", ["永康今年GDP增速目标是多少？", "教育局今年预算多少钱", "2024年城市更新投资计划多少亿？"])
def test_refuses_with_nearest_passages(fake_assistant, question):
    a = fake_assistant.ask(question)
    assert not a.found and a.citations == [] and len(a.nearest) == 3
    assert not re.search(r"\d", a.answer.replace("2023", "").replace("2024", ""))


def test_follow_up_uses_the_conversation(fake_assistant):
    a = fake_assistant.ask("那教育方面呢？", history=["城市更新的目标是什么？"])
    assert a.intent == "target"
    assert "新增各学段公办学位18000个以上" in compact(a.answer)


def test_traditional_question_gets_exact_simplified_quotes(fake_assistant):
    a = fake_assistant.ask("高新技術產業增加值占比要達到多少？")
    assert "實現高新技術" not in a.answer and "实现高新技术产业增加值占比61%" in compact(a.answer)
    assert "計劃" in a.answer  # the frame follows the asker's script


def test_english_question_gets_english_frame_and_chinese_quotes(fake_assistant):
    a = fake_assistant.ask('Which department is responsible for building the "金蓝领" apartments?')
    assert a.status == "no_figure" and a.answer.startswith("The plan does not name")
    assert "继续建设“金蓝领”公寓" in a.answer


def test_a_claim_not_in_its_passage_is_dropped(fake_assistant):
    p = next(p for p in fake_assistant.index.passages if "130亿元以上" in p.text)

    class Forged(Span):
        @property
        def text(self) -> str:
            return "确保全年城市更新投资额150亿元以上"

    builder = _Builder(fake_assistant.index.docs, "x", "target")
    builder.quote(Forged(p, 0, 10, 1.0, Hit(p, 1.0)))
    assert builder.citations == [] and builder.lines == []
    start = p.text.index("确保")
    builder.quote(Span(p, start, len(p.text) - 1, 1.0, Hit(p, 1.0)))
    assert builder.citations[0].quote == "确保全年城市更新投资额130亿元以上"


@needs_shared(RURAL_PLAN)
def test_other_plan_names_its_own_responsible_parties(tmp_path, fake_embedder):
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(RURAL_PLAN, corpus)
    assistant = Assistant(corpus, tmp_path / "index", embedder=fake_embedder, progress=False,
                          settings=SearchSettings(fusion="bm25"))
    a = assistant.ask("实施乡村振兴战略谁是第一责任人？")
    assert a.found and a.intent == "owner"
    assert "党政一把手" in a.owners
    for owner in a.owners:
        assert any(owner in p.text for p in assistant.index.passages)  # named by the plan itself
    assert assistant.ask("到2020年乡村振兴要取得什么进展").found


@needs_shared(RURAL_PLAN)
def test_whole_plan_lists_stay_within_the_plan_asked_about(tmp_path, fake_embedder):
    """With several plans in the corpus, a list of all targets in a unit or of a plan's parts comes
    from the one plan the question matches best, not from every plan."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for source in (SEED_PLAN, RURAL_PLAN):
        shutil.copy(source, corpus)
    (corpus / "harbour.md").write_text("# 海岛渔港振兴行动\n\n一、渔港建设\n\n确保渔港改造投资28亿元以上。\n"
                                       "二、渔民增收\n\n渔业产值达到16亿元。\n", encoding="utf-8")
    assistant = Assistant(corpus, tmp_path / "index", embedder=fake_embedder, progress=False,
                          settings=SearchSettings(fusion="bm25"))
    listed = assistant.ask("列出所有以亿元计的城市更新目标")
    assert "130亿元以上" in compact(listed.answer) and "28亿元" not in listed.answer
    assert {c.file for c in listed.citations} == {SEED_PLAN.name}
    parts = assistant.ask("八个提速具体是哪八个方面")
    assert [c.quote for c in parts.citations][0] == "作风效能改革" and len(parts.citations) == 8
    assert {c.file for c in parts.citations} == {SEED_PLAN.name}


def test_english_questions_are_gated_on_similarity_against_the_plans_median(fake_assistant):
    """An English question has no Chinese topic words: the gate reads its best passage's
    similarity plus how far that stands above the question's median over the plan."""
    import numpy as np

    from dataclasses import replace

    from assistant.decisions import DEFAULT_THRESHOLDS, gate

    question = "How many new high-tech enterprises are targeted?"
    ranking = fake_assistant.retriever.rank(question, 8)
    dense, _, _ = fake_assistant.retriever.scores(normalise(question))
    searchable = fake_assistant.retriever._searchable & np.isfinite(dense)
    assert ranking.dense_median == pytest.approx(float(np.median(dense[searchable])))
    answer = fake_assistant.ask(question)
    s = answer.signals
    assert s["coverage"] is None
    assert s["dense_contrast"] == pytest.approx(2 * s["dense"] - ranking.dense_median, abs=1e-6)
    meaning = {k: v for k, v in s.items() if k != "translated"}  # as when the dictionary knows none of its words
    just_above = replace(DEFAULT_THRESHOLDS, min_dense_contrast=s["dense_contrast"] + 0.001)
    just_below = replace(DEFAULT_THRESHOLDS, min_dense_contrast=s["dense_contrast"] - 0.001)
    assert not gate(meaning, just_above) and gate(meaning, just_below)  # this signal decides, not the cosine alone
    unknown = fake_assistant.ask("How many qzxv?")  # no word the dictionary knows: meaning alone decides
    assert "translated" not in unknown.signals
    assert fake_assistant.ask("How many qzxv?", thresholds=replace(
        DEFAULT_THRESHOLDS, min_dense_contrast=unknown.signals["dense_contrast"] + 0.001)).status == "not_found"


def test_lists_inside_a_clause_and_the_one_asked_for():
    from assistant.composers.items import asked_kind, sentence_items
    from assistant.spans import enumerations, quoted_names

    clause = "支持甲市、乙市、丙市等地的研发中心、检测中心面向全省企业开展服务"
    runs = enumerations(clause)
    assert runs[0].items == ["甲市", "乙市", "丙市"] and runs[0].kind.startswith("地")
    assert runs[1].items[0] == "研发中心"  # the lead-in (地的) is not part of the item
    sentence = "加强与东盟、欧盟等经济体在家具、灯具、五金、纺织等行业的合作。"
    assert asked_kind("要加强和哪些经济体合作") == "经济"
    assert sentence_items(sentence, asked_kind("要加强和哪些经济体合作")) == ["东盟", "欧盟"]
    assert sentence_items(sentence, asked_kind("合作涉及哪些行业")) == ["家具", "灯具", "五金", "纺织"]
    assert sentence_items(sentence) == ["家具", "灯具", "五金", "纺织"]  # no kind asked: the longest
    # figures in a row (首年为零的2034种、5年内…的2725种) are no list of things
    assert enumerations("针对首年为零的2034种、5年内降幅较大的2725种出口商品") == []
    # an item opening a numbered measure loses the number with the lead-in (12．建设甲、乙…: 甲, not 12．建设甲)
    assert enumerations("12．建设水位监测、管网压力、井盖位移等三类感知点位")[0].items == ["水位监测", "管网压力", "井盖位移"]
    # the last two items joined by a conjunction are two (…、丙机制和丁机制); verbs joined are no items (加快发展和完善)
    assert enumerations("健全甲机制、乙机制、丙机制和丁机制")[0].items[-2:] == ["丙机制", "丁机制"]
    assert enumerations("支持甲市、乙市加快发展和完善配套设施")[0].items == ["甲市", "乙市"]
    # the last item going on through 的 to the noun all the items modify is cut there (…、服务便捷的要求);
    # not where the part before 的 is shorter than the items (新的X), nor where every item holds a 的
    assert enumerations("按照布局合理、设施完善、服务便捷的要求")[0].items == ["布局合理", "设施完善", "服务便捷"]
    assert enumerations("扶持甲产业、乙产业、新的服务业")[0].items[-1] == "新的服务业"
    # and a preposition's object is the item, whatever it opens with (以|日常巡查, not 巡查)
    assert enumerations("（二）督查以日常巡查、随机抽检等方式进行")[0].items == ["日常巡查", "随机抽检"]
    # a verb inside the first item's own name (数据采集技术) is no lead-in where the other items share its head (技术)
    assert enumerations("围绕船舶数据采集技术、航线分析技术、码头调度技术等开展攻关")[0].items[0] == "船舶数据采集技术"
    # nor the word before the part the other items hold after words of their own (共享|码头 beside 渡运码头)
    assert enumerations("支持共享码头、渡运码头、货运码头建设")[0].items[:2] == ["共享码头", "渡运码头"]
    # a name built with 之 is one item, though jieba tags 之 a particle and the character after it apart
    assert enumerations("推进甲港改造、乙港扩建、国际渡运之都建设工程")[0].items[-1] == "国际渡运之都建设工程"
    # adjacent quoted names are a list, also closed by a straight quotation mark as extracted PDFs have it
    assert sentence_items('积极拓展“安康健康通"“便民医保"两个平台的线上功能') == ["安康健康通", "便民医保"]
    # but a quoted list (“办得快、办得好") is no one name
    assert quoted_names('提供“办得快、办得好、办得省"的“一门式"窗口服务') == ["一门式"]


def test_the_run_of_the_clause_the_question_words_and_a_first_item_without_its_verbs():
    from assistant.composers.items import sentence_items
    from assistant.spans import enumerations

    lines = "开工建设甲线一期工程、乙线东延伸等轨道交通线，建成丙线、丁线西延伸等轨道交通线。"
    assert sentence_items(lines) == ["甲线一期工程", "乙线东延伸"]  # 开工建设 is not part of the item
    assert sentence_items(lines, words=("建成", "轨道交通线")) == ["丙线", "丁线西延伸"]
    assert sentence_items(lines, words=("开工",)) == ["甲线一期工程", "乙线东延伸"]
    # a verbal noun right before a code or a figure is the lead-in's verb (运用|5G), jieba's tag aside
    assert enumerations("支持渡运企业运用5G、北斗导航、船舶自动识别等新型技术改造码头")[0].items[0] == "5G"
