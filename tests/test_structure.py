"""Structure recovery and passages: on the seed plan, the other real plan, and fixtures."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.documents import load_document
from assistant.structure import HEADLINE, LEAD, parse_document

from .conftest import DEV_QUESTIONS, RURAL_PLAN, SEED_PLAN, needs_shared

EXPECTED_TREE = {
    "作风效能改革": ["聚焦“6+2”政治监督体系", "聚焦数字化赋能提效", "聚焦打响“永商安康”品牌", "聚焦“信用永康”建设",
                 "聚焦“三改融合”", "聚焦开放强市、贸易强市、品牌强市建设"],
    "现代产业体系": ["坚持政策优化助推数字赋能", "坚持闭环统筹抓实招大引强", "坚持建强平台力促产业集聚", "坚持强势攻坚提升要素保障"],
    "科技教育人才": ["狠抓科技创新", "着力人才引育", "推进教育事业"],
    "城市能级提升": ["加快城乡面貌提质", "优化交通路网建设", "提升公共服务水平"],
    "新时代“千万工程”": ["夯实共富基本单元", "擦亮和美乡村底色", "绘就绿色生态图景"],
    "文润永康工程": ["推进全域精神文明建设", "持续激发文化创造活力", "实施文旅产业振兴行动"],
    "基层治理现代化": [],
    "政治生态": [],
}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed():
    return parse_document(load_document(SEED_PLAN))


def test_seed_areas_and_subheadings_with_right_parent(seed):
    body = [s for s in seed.sections if s.kind == "body"]
    areas = [s.title for s in body if s.level == 1]
    assert areas == list(EXPECTED_TREE)
    for area, subs in EXPECTED_TREE.items():
        children = [s.title for s in body if len(s.path) == 2 and s.path[0] == area]
        assert children == subs, area


def test_wrapped_heading_is_joined_with_both_lines(seed):
    sec = next(s for s in seed.sections if s.title == "聚焦开放强市、贸易强市、品牌强市建设")
    lines = seed.doc.lines
    assert "建设" == lines[sec.line_first].strip()  # second heading line, 1-based + 1
    assert "品牌强市" in lines[sec.line_first - 1]


def test_headline_and_lead_recognised(seed):
    kinds = {s.kind: s for s in seed.sections}
    headline = [p for p in seed.passages if p.section_kind == "headline"]
    assert kinds["headline"].path == (HEADLINE,)
    assert compact(headline[0].text) == compact(seed.doc.meta["title"])
    lead = [p for p in seed.passages if p.section_path == (LEAD,)]
    assert any("8月1日召开的" in p.text for p in lead)
    assert not any("8月1日召开的" in p.text for p in seed.passages if p.section_path[0] == "政治生态")


@needs_shared(DEV_QUESTIONS)
def test_every_gold_quote_lies_inside_exactly_one_passage(seed):
    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    golds = [g for r in rows for g in r["gold_quotes"]]
    assert len(golds) > 40
    for gold in golds:
        holders = [p for p in seed.passages if compact(gold) in compact(p.text)]
        assert len(holders) == 1, (gold, [p.passage_id for p in holders])


def test_line_ranges_point_back_to_the_original_lines(seed):
    lines = seed.doc.lines
    for p in seed.passages:
        original = compact("".join(lines[p.line_first - 1 : p.line_last]))
        assert compact(p.text) in original, p.passage_id
        assert compact(p.text)[0] in compact(lines[p.line_first - 1])
        assert compact(p.text)[-1] in compact(lines[p.line_last - 1])


def test_extraction_spaces_removed_latin_spaces_kept(seed):
    text = seed.clean
    assert "发行专项债券50亿元以上" in text
    assert "MBA 品牌班" in text and "EOD 试点" in text
    assert "发 行" not in text


def test_passages_are_sentences_with_span_into_clean_text(seed):
    for p in seed.passages:
        assert seed.clean[p.char_start : p.char_end] == p.text
    body = [p for p in seed.passages if p.section_kind == "body"]
    assert all(p.text[-1] in "。；！？”" or p.text == body[-1].text for p in body)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_markdown_headings(tmp_path):
    doc = load_document(_write(tmp_path, "plan.md", "# 总体要求\n\n坚持稳中求进。\n\n## 重点任务\n\n新建道路10公里。推进改革。\n\n# 保障措施\n\n加强组织领导。\n"))
    parsed = parse_document(doc)
    labels = [s.label for s in parsed.sections]
    assert labels == ["总体要求", "总体要求 › 重点任务", "保障措施"]
    p = next(p for p in parsed.passages if "10公里" in p.text)
    assert p.section_path == ("总体要求", "重点任务") and p.line_first == 7


def test_numbered_plan_three_levels(tmp_path):
    text = ("关于加快发展的实施意见\n一、总体目标\n到2025年，全市生产总值达到1000亿元。\n二、主要任务\n"
            "（一）产业升级。新增规上企业50家。\n1.数字化改造\n完成改造项目30个。\n（二）城乡建设\n新建公园5个。\n")
    parsed = parse_document(load_document(_write(tmp_path, "plan.txt", text)))
    labels = [s.label for s in parsed.sections if s.kind == "body"]
    assert labels == ["一、总体目标", "二、主要任务", "二、主要任务 › （一）产业升级",
                      "二、主要任务 › （一）产业升级 › 1.数字化改造", "二、主要任务 › （二）城乡建设"]
    heading_in_line = next(p for p in parsed.passages if "50家" in p.text)
    assert heading_in_line.text == "新增规上企业50家。" and heading_in_line.line_first == 5
    assert next(s for s in parsed.sections if s.kind == "headline").line_first == 1


def test_an_attachment_without_numbering_is_a_part_of_its_own(tmp_path):
    """"附件" over its title closes the last section: the attachment's lines (a group's members, where its office
    sits) are the attachment's, not the last measure's, though no 一、 restarts after it."""
    text = ("某县渡轮码头建设实施方案\n一、建设任务\n（一）码头改造。完成渡轮码头改造3座。\n二、保障措施\n"
            "（一）加强宣传引导。加强政策解读。（责任单位：县委宣传部）\n附件\n县渡轮码头建设工作专班名单\n"
            "组长：张某 县长\n成员：李某 县交通局局长\n专班办公室设在县交通局。\n")
    parsed = parse_document(load_document(_write(tmp_path, "plan.txt", text)))
    office = next(p for p in parsed.passages if "办公室设在" in p.text)
    assert office.section_path == ("附件 县渡轮码头建设工作专班名单",), office.section_path
    publicity = next(p for p in parsed.passages if "加强政策解读" in p.text)
    assert publicity.section_path == ("二、保障措施", "（一）加强宣传引导"), publicity.section_path


def test_gb18030_plan_parses(tmp_path):
    text = "一、目标\n新建 国资 标准厂房 100 万平方米以上。\n二、措施\n加强𠮷祥保障。\n"
    parsed = parse_document(load_document(_write(tmp_path, "plan.txt", text, "gb18030")))
    assert any("新建国资标准厂房100万平方米以上" in p.text for p in parsed.passages)
    assert any("𠮷" in p.text for p in parsed.passages)


@needs_shared(RURAL_PLAN)
def test_other_real_plan_crlf_numbered(tmp_path):
    src = RURAL_PLAN
    parsed = parse_document(load_document(src))
    top = [s for s in parsed.sections if s.kind == "body" and s.level == 1]
    assert len(top) == 12 and top[0].title.startswith("一、") and top[-1].title.startswith("十二、")
    sub = next(s for s in parsed.sections if s.title == "（一）指导思想")
    assert sub.path[0].startswith("二、")
    headline = next(s for s in parsed.sections if s.kind == "headline")
    assert headline.line_first == 1
    assert not any("\r" in p.text for p in parsed.passages)


def test_a_semicolon_inside_brackets_does_not_split_the_note():
    from assistant.structure import split_sentences

    text = "建设社区食堂。（牵头单位：县民政局；配合单位：县财政局）完善服务；做好保障。"
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == ["建设社区食堂。（牵头单位：县民政局；配合单位：县财政局）", "完善服务；", "做好保障。"]
    unclosed = "开展巡查（每月一次；重点时段加密。下一项工作；再下一项。"
    pieces = [unclosed[a:b] for a, b in split_sentences(unclosed)]
    assert pieces[-2:] == ["下一项工作；", "再下一项。"]  # an unclosed bracket ends with its sentence
