"""Responsibility annotations read at index build, the task table, and its round trip."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from assistant.index import build_index, load_index, parse_corpus_assignments
from assistant.owners import (TASK_HEADERS, ResponsibilityTable, convening, duty_holders, named_responsible, task_rows,
                              partnered, write_task_table)
from assistant.responsibility import parse_annotation, plan_year, resolve_deadline
from tests.conftest import CORPUS, SHARED, load_script
from tests.conftest import needs_shared as _needs_shared
from tests.test_understanding import serve_text

CORPORA = SHARED / "corpora"
needs_shared = _needs_shared(CORPORA)  # the real plans

# A made-up plan with every annotation form; unit and measure names are invented.
PLAN = """示范区建设工作方案
示政发〔2023〕5号
为推进示范区建设，制定本方案。
一、重点任务
（一）完善基础设施
1.建设数据平台。完成平台主体建设并投入试运行。（6月底完成，牵头考核单位：市数据局、市财政局）
2.优化服务流程。推行窗口综合受理。（市政务服务局牵头，市司法局、市人社局按职责分工配合）开展办事满意度评价。（市统计局负责）
3.加强安全保障。建立网络安全应急处置机制。
牵头单位：市应急局
配合单位：市公安局、各县区人民政府
完成时限：2023年12月底
（二）强化组织保障
4.完善考核办法，定期通报进展。（责任单位：市考核办、市财政局，各县区人民政府）
5.加强人才培养。（牵头单位：市人社局；责任单位：市教育局、市科技局）
（三）开展宣传推广
牵头单位：市委宣传部
组织政策宣讲进社区。编印政策解读手册。
（四）健全工作机制（牵头单位：市委办公室）
建立联席会议制度。定期调度工作进展。
"""


def _units(a) -> tuple[list[str], list[str]]:
    return a.lead, a.partners


@pytest.fixture
def plan_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "demo-plan.txt").write_text(PLAN, encoding="utf-8")
    return corpus


def _parsed(corpus: Path):
    docs, passages, _, assignments, _ = parse_corpus_assignments(corpus)
    return docs, {p.passage_id: p for p in passages}, passages, assignments


# ---------------------------------------------------------------- the forms, one by one

@pytest.mark.parametrize("content, lead, partners, deadline", [
    ("牵头单位：甲局；责任单位：乙局、丙委", ["甲局"], ["乙局", "丙委"], ""),
    ("责任单位：甲局、乙局，各市人民政府", [], ["甲局", "乙局", "各市人民政府"], ""),
    ("甲局牵头，乙局、丙委配合", ["甲局"], ["乙局", "丙委"], ""),
    ("甲局牵头，乙局按职责分工配合", ["甲局"], ["乙局"], ""),
    ("甲局牵头，乙集团、丙集团按职责分工负责", ["甲局"], ["乙集团", "丙集团"], ""),
    ("甲海关负责", ["甲海关"], [], ""),
    ("6月底完成，牵头考核单位：甲办公室、乙局", ["甲办公室", "乙局"], [], "6月底完成"),
    ("3月底取得阶段性成效并持续推进，牵头考核单位：甲局", ["甲局"], [], "3月底取得阶段性成效并持续推进"),
    ("某某工作专班牵头单位牵头，某某工作专班成员单位按职责分工配合",
     ["某某工作专班牵头单位"], ["某某工作专班成员单位"], ""),
])
def test_annotation_forms(content, lead, partners, deadline):
    ann = parse_annotation(content)
    assert ann is not None
    assert (ann.lead, ann.partners, ann.deadline) == (lead, partners, deadline)


@pytest.mark.parametrize("content", ["0.5分", "包括牵头单位自身", "互联网协议第6版", "管委会", "2021—2023年",
                                     "以下简称示范区", "由企业自主决定的事项"])
def test_ordinary_parentheses_are_not_annotations(content):
    assert parse_annotation(content) is None


@pytest.mark.parametrize("written, year, iso", [
    ("6月底完成", 2022, "2022-06-30"),
    ("3月底取得阶段性成效并持续推进", 2022, "2022-03-31"),
    ("2023年12月底前", None, "2023-12-31"),
    ("12月取得明显成效并持续推进", 2022, "2022-12-31"),
    ("10月中旬", 2024, "2024-10-20"),
    ("年底前完成", 2023, "2023-12-31"),
    ("上半年", 2023, "2023-06-30"),
    ("持续推进", 2022, ""),
    ("6月底完成", None, ""),
])
def test_deadlines_resolve_with_the_plans_year(written, year, iso):
    assert resolve_deadline(written, year) == iso


def test_each_sentence_keeps_its_own_owner_and_items_their_number(plan_corpus):
    docs, by_id, passages, assignments = _parsed(plan_corpus)
    assert plan_year(docs[0], "示政发〔2023〕5号", []) == 2023
    texts = lambda a: "".join(by_id[i].text for i in a.passage_ids)  # noqa: E731
    found = {tuple(a.lead + ["|"] + a.partners): a for a in assignments}
    item1 = found[("市数据局", "市财政局", "|")]
    assert item1.item_number == "1" and "完成平台主体建设" in texts(item1) and "建设数据平台" in texts(item1)
    assert item1.deadline == "6月底完成" and item1.deadline_date == "2023-06-30"
    # item 2 holds two sentences with different owners: each keeps its own, and the title is neither's
    window = found[("市政务服务局", "|", "市司法局", "市人社局")]
    survey = found[("市统计局", "|")]
    assert "推行窗口综合受理" in texts(window) and "满意度" not in texts(window)
    assert "满意度评价" in texts(survey) and "窗口" not in survey.measure
    assert "优化服务流程" not in window.measure + survey.measure
    assert (window.measure, survey.measure) == ("推行窗口综合受理。", "开展办事满意度评价。")
    assert window.item_number == survey.item_number == "2"
    # lines of their own after a measure
    own = found[("市应急局", "|", "市公安局", "各县区人民政府")]
    assert "建立网络安全应急处置机制" in texts(own) and own.deadline == "2023年12月底"
    assert own.deadline_date == "2023-12-31"
    # 责任单位 alone: no lead invented
    resp = found[("|", "市考核办", "市财政局", "各县区人民政府")]
    assert resp.units == ["市考核办", "市财政局", "各县区人民政府"] and "定期通报进展" in texts(resp)
    assert found[("市人社局", "|", "市教育局", "市科技局")].item_number == "5"
    # lines right after a section heading: the section's measures
    section = found[("市委宣传部", "|")]
    assert "组织政策宣讲进社区" in texts(section) and "编印政策解读手册" in texts(section)
    assert "联席会议" not in texts(section)
    # an annotation inside a heading: the section it heads
    headed = found[("市委办公室", "|")]
    assert "建立联席会议制度" in texts(headed) and "定期调度工作进展" in texts(headed)
    # the title of an item with several owners is shared, not the first one's
    assert window.title_passage_id == survey.title_passage_id
    assert "优化服务流程" in by_id[window.title_passage_id].text
    assert item1.title_passage_id == ""
    assert len(assignments) == 8
    # the annotation's own characters are in the cited passage, exactly
    for a in assignments:
        quoted = by_id[a.source_passage_id].text[a.source_start : a.source_end]
        assert (a.lead or a.partners)[0] in quoted
        assert "。" not in quoted.strip("。")


def test_owner_lines_after_a_heading_survive_a_second_annotation_in_its_section(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "p.txt").write_text("工作方案\n一、任务\n（一）开展宣传\n牵头单位：甲局\n"
                                  "组织宣讲进社区。编印解读手册。（乙局负责）\n"
                                  "（二）完善设施\n1.建设平台。完成主体建设。（丙局负责）投入试运行。（丁局负责）\n",
                                  encoding="utf-8")
    _, by_id, _, assignments = _parsed(corpus)
    found = {a.lead[0]: a for a in assignments}
    assert set(found) == {"甲局", "乙局", "丙局", "丁局"}
    assert "组织宣讲进社区" in found["甲局"].measure
    # a one-line item with two owners: the title sentence is shared, each sentence keeps its own
    assert (found["丙局"].measure, found["丁局"].measure) == ("完成主体建设。", "投入试运行。")
    assert found["丙局"].title_passage_id == found["丁局"].title_passage_id
    assert "建设平台" in by_id[found["丙局"].title_passage_id].text


def test_first_listed_unit_leads_when_the_plan_says_so(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "p.txt").write_text("工作方案\n一、任务\n各项任务所列责任单位中，列第一位者为牵头单位。\n"
                                  "1.建设公共平台。（责任单位：甲局、乙局、丙委）\n", encoding="utf-8")
    _, _, _, assignments = _parsed(corpus)
    assert [(a.lead, a.partners) for a in assignments] == [(["甲局"], ["乙局", "丙委"])]


def test_docx_table_rows_are_assignments(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("示范区重点任务分解")
    d.add_paragraph("为抓好落实，将重点任务分解如下。")
    table = d.add_table(rows=3, cols=5)
    for r, cells in enumerate([["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
                               ["1", "建设城市运行管理平台", "市数据局", "市财政局、市住建局", "2023年6月底"],
                               ["2", "开展营商环境评价", "市发展改革委", "", "持续推进"]]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    corpus = tmp_path / "c"
    corpus.mkdir()
    d.save(corpus / "tasks.docx")
    _, by_id, _, assignments = _parsed(corpus)
    assert [(a.item_number, a.lead, a.partners, a.deadline) for a in assignments] == [
        ("1", ["市数据局"], ["市财政局", "市住建局"], "2023年6月底"), ("2", ["市发展改革委"], [], "持续推进")]
    first = assignments[0]
    assert first.deadline_date == "2023-06-30" and first.origin == "table" and first.table_ref.startswith("tasks.docx:")
    assert "建设城市运行管理平台" in "".join(by_id[i].text for i in first.passage_ids)
    assert by_id[first.source_passage_id].text[first.source_start : first.source_end].startswith("市数据局")


def test_seed_plan_names_no_owner_and_gives_an_empty_template(tmp_path, corpus_copy):
    docs, _, passages, assignments = _parsed(corpus_copy)
    assert assignments == []
    rows = task_rows(passages, assignments, {d.doc_id: d for d in docs})
    assert len(rows) > 30
    assert all(not r.lead and not r.partners and not r.deadline for r in rows)
    body = [p for p in passages if p.section_kind == "body"]
    assert sum(len(r.passage_ids) for r in rows) == len(body)  # each measure sentence is a row
    assert all(r.task in {p.text for p in body} and r.doc.endswith(".txt") for r in rows)
    assert list(TASK_HEADERS) == ["序号", "章节", "任务", "牵头单位", "配合单位/责任单位", "完成时限", "文档", "起始行",
                                  "结束行"]
    assert all(len(r.to_row()) == len(TASK_HEADERS) for r in rows)


def test_named_responsible_prose_forms_still_work():
    assert named_responsible("实行目标责任制，主要负责人是第一责任人。") == ["主要负责人"]
    assert "市住建局" in named_responsible("由市住建局牵头，建立工作机制。")


def test_a_body_encouraged_to_pilot_a_measure_is_named():
    assert named_responsible("鼓励地方政府试点发行乡村公益项目专项债券。") == ["地方政府"]
    assert named_responsible("鼓励有条件的地区试点发行专项债券。") == []  # a described place, no body


def test_the_body_hosting_a_groups_office_is_named():
    """"专班办公室设在X": X runs the group's day-to-day work, and is asked for as "办公室设在哪个部门"."""
    assert named_responsible("专班办公室设在县交通局，李某同志兼任办公室主任。") == ["县交通局"]
    assert named_responsible("专班办公室设在码头附近，方便群众办事。") == []  # a place, no body


def test_a_body_cast_in_a_leading_role_is_named():
    assert named_responsible("强化镇级党委作为全镇防汛工作总指挥部的作用。") == ["镇级党委"]
    assert named_responsible("发挥龙头企业在产业链中的带动作用。") == []  # a role in prose, not a charge


def test_bodies_a_sentence_charges_with_a_duty_in_a_measure_are_named():
    assert named_responsible("明确省农村商业银行、市城市商业银行在普惠金融中的职责定位，加大信贷投放。") == \
        ["省农村商业银行", "市城市商业银行"]
    assert named_responsible("明确数字化转型在产业升级中的职责定位。") == []  # no body named


def test_a_body_a_clause_charges_with_a_duty_is_named():
    """"X（…）每年要/负责…" opening a clause names X; a list of slogans (党委领导、政府负责) and a bare
    generic subject (企业要…) do not."""
    assert named_responsible("各市（州、县）党委和政府每年要向省委报告工作进展。") == ["各市（州、县）党委和政府"]
    assert named_responsible("年底前，县财政局负责资金拨付。") == ["县财政局"]
    assert named_responsible("本办法由县财政局负责解释。") == ["县财政局"]  # 由X负责: X, once
    assert named_responsible("健全党委统一领导、政府负责、部门协同的工作体制。") == []
    assert named_responsible("企业要加强安全管理。") == []


def test_a_body_convening_others_leads_them():
    """"X会同Y等部门拟定…" names X as lead and Y with it; a field of work after 会同 (燃气安全) is no body, and a
    subject that is no body (供应商) names none."""
    assert named_responsible("区文旅局会同区财政局等部门拟定消费扶持办法。") == ["区文旅局", "区财政局"]
    assert convening("区文旅局会同区财政局、区税务局研究出台配套细则。") == ("区文旅局", ["区财政局", "区税务局"])
    assert convening("区住建局会同物业管理、燃气安全等方面开展联合检查。") == ("区住建局", [])
    assert named_responsible("供应商会同下游厂家开展联合攻关。") == []


def test_an_owner_asked_of_a_measure_a_body_convenes_others_for(tmp_path, fake_embedder):
    """Asked who leads it, the answer names the body convening (牵头单位) and the one it convenes after it."""
    text = ("# 某区2025年文旅消费提振方案\n\n一、政策保障\n\n区文旅局会同区财政局等部门拟定消费扶持办法。\n\n"
            "二、活动组织\n\n举办夜间消费季活动。\n")
    plan = serve_text(tmp_path, fake_embedder, "district-tourism-2025.md", text)
    a = plan.ask("消费扶持办法由哪个部门牵头拟定？")
    assert a.status == "answered" and a.owners == ["区文旅局", "区财政局"], a.answer
    assert "牵头单位：区文旅局" in a.answer and "区财政局" in a.answer.split("牵头单位：区文旅局", 1)[1]



def test_a_body_the_work_is_done_with_is_a_partner():
    """"配合X出台…" names X as the body the measure's work is done with, the longest body word first (…常委会, not
    …常委); 配合 ending a phrase (做好协同配合) or followed by a verb (配合推动…) names none."""
    assert partnered("配合市人大及其常委会出台新一批渡运管理法规。") == ["市人大及其常委会"]
    assert partnered("加快建设渡运中心。配合上级港航管理部门，实施渡运对外开放。") == ["上级港航管理部门"]
    assert partnered("12．配合市港航局做好渡轮数据整合。") == ["市港航局"]
    assert partnered("做好协同配合。") == [] and partnered("配合推动渡运码头改造提升。") == []


def test_an_owner_asked_of_a_measure_done_with_a_body_names_it_as_partner(tmp_path, fake_embedder):
    """A work report writes no owners, but "配合X，实施Y" names X for Y: asked who, the answer gives X as the body
    the work is done with (配合/责任单位), not "no owner", and not as the lead."""
    text = ("# 某市2025年政府工作报告\n\n一、主要任务\n\n加快建设渡运中心。配合上级港航管理部门，实施渡运对外开放，"
            "持续增强竞争力。\n\n二、民生\n\n新建候船亭30个。\n")
    plan = serve_text(tmp_path, fake_embedder, "city-ferry-report-2025.md", text)
    a = plan.ask("渡运对外开放是配合哪个部门搞的？")
    assert a.status == "answered" and a.owners == ["上级港航管理部门"], a.answer
    assert "配合/责任单位：上级港航管理部门" in a.answer and "牵头单位" not in a.answer, a.answer


def test_the_body_a_sentence_writes_doing_a_duty():
    """"…、X局统筹调度的格局" writes X局 doing 统筹调度; in such a list of who does what the verb opening it (健全)
    governs the whole list, so 区委 does 统一部署, and a body written bare (政府负责) is named too; written without
    pauses, each body starts after the duty before it. A body governed by a verb outside such a list (支持企业建设)
    is a measure's wording, not who does the duty."""
    text = "健全区委统一部署、街道具体落实、区应急管理局统筹调度的防灾减灾工作格局。"
    assert duty_holders(text, ["统筹调度"]) == [("统筹调度", "区应急管理局")]
    assert duty_holders(text, ["统一部署"]) == [("统一部署", "区委")]
    assert duty_holders("完善党委领导、政府负责、社会协同的治理体制。", ["负责"]) == [("负责", "政府")]
    assert duty_holders("实行中央统筹省负总责市县抓落实的机制。", ["统筹", "负总责", "抓落实"]) == \
        [("统筹", "中央"), ("负总责", "省"), ("抓落实", "市县")]
    assert duty_holders("支持企业建设共享仓储中心。", ["建设"]) == []
    assert duty_holders("支持企业建设、运营共享仓储中心。", ["建设"]) == []


def test_an_owner_asked_of_a_duty_the_plan_writes_a_body_doing(tmp_path, fake_embedder):
    """Asked who does the duty a sentence assigns in a list of who does what, the answer names that body and says
    the plan marks no owner; asked to confirm another body, it is not a yes."""
    text = ("# 某区2025年防灾减灾工作要点\n\n一、工作格局\n\n健全区委统一部署、街道具体落实、区应急管理局统筹调度的"
            "防灾减灾工作格局。\n\n二、隐患排查\n\n开展仓储场所消防隐患排查。\n")
    plan = serve_text(tmp_path, fake_embedder, "district-safety-2025.md", text)
    a = plan.ask("防灾减灾工作格局里负责统筹调度的是哪个单位？")
    assert a.status == "answered" and a.owners == ["区应急管理局"], a.answer
    assert "没有标注责任单位" in a.answer
    b = plan.ask("统筹调度是区住建局负责吗？")
    assert b.status == "answered" and "区应急管理局" in b.answer and not b.answer.startswith("是的"), b.answer
    c = plan.ask("防灾减灾工作格局里，谁统一部署、谁统筹调度？")  # each duty asked after 谁, the body doing it
    assert c.status == "answered" and c.owners == ["区委", "区应急管理局"], c.answer
    assert c.answer.count("没有标注责任单位") == 1, c.answer

def test_the_clause_writing_who_does_each_duty_asked_is_the_measure(tmp_path, fake_embedder):
    """谁统筹、谁负总责、谁抓落实: the clause that writes a body doing each duty answers, not a sentence beside it
    naming another party (X作为…总指挥部), though that one ranks as close."""
    text = ("# 某市2025年防灾减灾工作要点\n\n一、责任体系\n\n强化区委作为全区防灾减灾总指挥部的关键作用，"
            "区级防灾减灾责任人要保持稳定。坚持市统筹区负总责镇村抓落实的工作机制。\n\n二、隐患排查\n\n"
            "开展仓储场所消防隐患排查。\n")
    plan = serve_text(tmp_path, fake_embedder, "city-disaster-2025.md", text)
    a = plan.ask("防灾减灾的责任怎么分，谁统筹、谁负总责、谁抓落实？")
    assert a.status == "answered" and a.owners == ["市", "区", "镇村"], a.answer
    assert "**坚持市统筹区负总责镇村抓落实的工作机制**" in a.answer, a.answer


# ---------------------------------------------------------------- index and the template round trip

def test_index_stores_and_loads_assignments(plan_corpus, tmp_path, fake_embedder):
    built = build_index(plan_corpus, tmp_path / "ix", fake_embedder, progress=False)
    assert len(built.assignments) == 8
    loaded = load_index(tmp_path / "ix")
    assert [a.to_dict() for a in loaded.assignments] == [a.to_dict() for a in built.assignments]
    assert "assignments.json" in loaded.manifest["checksums"]
    (loaded.path / "assignments.json").write_text("[]", encoding="utf-8")
    from assistant.index import IndexUnusable
    with pytest.raises(IndexUnusable):
        load_index(tmp_path / "ix")


def _fill(rows: list[list[str]], picks: dict[int, tuple[str, str]]) -> list[list[str]]:
    head = rows[0]
    lead, partners = head.index("牵头单位"), head.index("配合单位/责任单位")
    for i, (l, p) in picks.items():
        rows[i][lead], rows[i][partners] = l, p
    return rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_round_trip(fmt, tmp_path, corpus_copy, fake_embedder):
    from click.testing import CliRunner

    from assistant.cli import cli

    out = tmp_path / f"template.{fmt}"
    result = CliRunner().invoke(cli, ["--corpus", str(corpus_copy), "owners", f"--{fmt}", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    else:
        import openpyxl
        rows = [["" if v is None else str(v) for v in r] for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert rows[0] == list(TASK_HEADERS) and len(rows) > 30
    picks = {3: ("甲测试局", "乙测试局、丙测试委"), 10: ("丁测试局", "")}
    tasks = {i: rows[i][2] for i in picks}
    rows = _fill(rows, picks)
    dest = corpus_copy / f"任务分解表.{fmt}"
    if fmt == "csv":
        with open(dest, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
    else:
        import openpyxl
        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(dest)
    ix = build_index(corpus_copy, tmp_path / "ix", fake_embedder, progress=False)
    by_id = {p.passage_id: p for p in ix.passages}
    got = {a.table_ref.split(":")[-1]: a for a in ix.assignments}
    assert set(got) == {"4", "11"}  # file rows (1-based, header first) of the two filled rows
    assert all(a.origin == "table" and a.table_ref.startswith(dest.name) for a in got.values())
    assert got["4"].lead == ["甲测试局"] and got["4"].partners == ["乙测试局", "丙测试委"]
    assert got["11"].lead == ["丁测试局"] and got["11"].partners == []
    for ref, i in (("4", 3), ("11", 10)):
        assert "".join(by_id[p].text for p in got[ref].passage_ids) == tasks[i]
    # the table now fills the task table for those measures
    rows2 = task_rows(ix.passages, ix.assignments, ix.docs)
    assert sum(1 for r in rows2 if r.lead) == 2 and {r.lead[0] for r in rows2 if r.lead} == {"甲测试局", "丁测试局"}


def test_owners_command_prints_a_table_and_csv_to_stdout(plan_corpus):
    from click.testing import CliRunner

    from assistant.cli import cli

    runner = CliRunner()
    shown = runner.invoke(cli, ["--corpus", str(plan_corpus), "owners"])
    assert shown.exit_code == 0 and shown.stdout.splitlines()[0].split("\t") == list(TASK_HEADERS)
    as_csv = runner.invoke(cli, ["--corpus", str(plan_corpus), "owners", "--csv", "-"])
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == list(TASK_HEADERS)
    lead = {r[3] for r in rows[1:] if r[3]}
    assert {"市数据局、市财政局", "市政务服务局", "市统计局", "市应急局", "市人社局", "市委宣传部"} <= lead


def test_template_put_back_unchanged_adds_nothing(plan_corpus):
    from click.testing import CliRunner

    from assistant.cli import cli

    before = _parsed(plan_corpus)[3]
    result = CliRunner().invoke(cli, ["--corpus", str(plan_corpus), "owners", "--csv", str(plan_corpus / "t.csv")])
    assert result.exit_code == 0
    after = _parsed(plan_corpus)[3]
    assert [a.to_dict() for a in after] == [a.to_dict() for a in before]


def test_write_task_table_to_a_stream():
    buf = io.StringIO()
    write_task_table([], buf)
    assert buf.getvalue().strip() == ",".join(TASK_HEADERS)


# ---------------------------------------------------------------- the real plans

def _real(name: str, tmp_path: Path):
    corpus = tmp_path / name
    corpus.mkdir()
    shutil.copy(CORPORA / name, corpus)
    docs, passages, _, assignments, _ = parse_corpus_assignments(corpus)
    return passages, assignments, task_rows(passages, assignments, {d.doc_id: d for d in docs})


@needs_shared
def test_baotou_numbered_items_each_have_a_lead_and_a_deadline(tmp_path):
    _, assignments, rows = _real("2022-baotou-digital-gov-assessment.txt", tmp_path)
    led = [r for r in rows if r.lead]
    assert len(led) == 90
    assert sorted(int(r.number) for r in led) == list(range(1, 91))
    assert sum(1 for r in led if r.deadline) == 90 and sum(1 for r in led if r.deadline_date) >= 50
    assert all(a.deadline_date[:4] in ("", "2022") for a in assignments)


@needs_shared
def test_anhui_industrial_internet_measures_have_their_units(tmp_path):
    _, assignments, rows = _real("2021-anhui-industrial-internet-plan.txt", tmp_path)
    assert len(assignments) == 49 and all(not a.lead and a.partners for a in assignments)
    assert sum(1 for r in rows if r.partners) == 49
    assert any("各市人民政府" in a.partners for a in assignments)


@needs_shared
def test_anhui_rcep_separates_lead_from_partners(tmp_path):
    _, assignments, _ = _real("2022-anhui-rcep-implementation-opinions.txt", tmp_path)
    assert len(assignments) == 31 and all(a.lead for a in assignments)
    assert sum(1 for a in assignments if a.partners) >= 15  # the rest name one unit: （X负责）
    assert not any("按职责分工" in u for a in assignments for u in a.units)
    several = {}
    for a in assignments:
        several.setdefault(a.item_number, []).append(a)
    assert sum(1 for v in several.values() if len(v) > 1) >= 4  # items holding sentences with different owners
    for v in several.values():  # there the item's title is shared, and no sentence's measure
        if len(v) > 1:
            assert len({a.title_passage_id for a in v}) == 1 and v[0].title_passage_id
            assert all(a.measure and not a.measure.startswith(f"{a.item_number}.") for a in v)


@needs_shared
def test_real_plans_agree_with_the_evaluations_expected_owners():
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"needs shared/eval, which is not beside this clone ({SHARED / 'eval'} is absent)")
    report = load_script("owner_agreement").agreement(SHARED / "eval", [CORPORA])
    for plan in ("baotou", "industrial-internet", "rcep"):
        (row,) = [r for name, r in report.items() if plan in name]
        assert row["questions"] and row["agree"] == row["questions"], json.dumps(row, ensure_ascii=False)
