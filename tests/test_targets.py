"""The targets table: exact quotes with number, unit, qualifier and section."""
from __future__ import annotations

import re

import pytest

from assistant.documents import load_document
from assistant.structure import parse_document
from assistant.targets import chinese_to_number, extract_targets

from .conftest import SEED_PLAN, SHARED

OTHER_PLAN = SHARED / "corpora" / "2024-shanghai-gov-work-report.txt"


@pytest.fixture(scope="module")
def seed_targets():
    parsed = parse_document(load_document(SEED_PLAN))
    return parsed, extract_targets(parsed.passages)


def find(targets, number, unit):
    return [t for t in targets if t.number == number and t.unit == unit]


def test_required_targets_with_sections(seed_targets):
    _, targets = seed_targets
    (urban,) = find(targets, "130亿", "元")
    assert urban.qualifier.startswith("以上")
    assert urban.section_label == "城市能级提升 › 加快城乡面貌提质"
    assert "城市更新投资额130亿元以上" in urban.quote
    (seats,) = find(targets, "18000", "个")
    assert seats.section_label == "科技教育人才 › 推进教育事业" and "以上" in seats.qualifier


def test_quotes_are_exact_substrings_of_their_passage(seed_targets):
    parsed, targets = seed_targets
    by_id = {p.passage_id: p for p in parsed.passages}
    for t in targets:
        assert t.quote in by_id[t.passage_id].text
        assert t.number in t.quote


def test_recurring_numbers_keep_their_measure(seed_targets):
    _, targets = seed_targets
    hundreds = [t for t in targets if re.fullmatch(r"100[万亿]?", t.number)]
    assert len({t.quote for t in hundreds}) >= 4  # 100强, 100个, 100%, 100万平方米 …
    (firms,) = find(targets, "2", "家")
    (projects,) = find(targets, "8", "个")
    assert "10亿元以上" in firms.quote and "10亿元以上" in projects.quote  # the threshold travels in the quote


def test_ordinals_names_counted_phrases_and_thresholds_are_not_targets(seed_targets):
    _, targets = seed_targets
    shown = {t.number + t.unit for t in targets}
    for not_a_target in ("第四届", "三位", "六大", "七张", "两核", "十方面", "五大", "十五届", "四次", "二期", "20周年"):
        assert not_a_target not in shown, not_a_target
    assert not find(targets, "10亿", "元") and not find(targets, "50万", "元")  # thresholds: 10亿元以上企业
    assert find(targets, "2", "家") and find(targets, "1", "个")  # ... the count of such firms / projects is
    assert chinese_to_number("一十五") == 15 and chinese_to_number("两") == 2 and chinese_to_number("十八") == 18


def test_every_arabic_count_with_a_unit_is_in_the_table(seed_targets):
    """Every Arabic figure with a unit is a target, except dates, thresholds and numbers in names."""
    parsed, targets = seed_targets
    missing = []
    for p in parsed.passages:
        if p.section_kind != "body":
            continue
        for m in re.finditer(r"\d+(?:\.\d+)?(?=[万亿]?[\u4e00-\u9fff%])", p.text):
            if not any(t.passage_id == p.passage_id and m.group() in t.number for t in targets):
                missing.append(p.text[max(0, m.start() - 4) : m.end() + 6])
    assert missing and all("月" in m or re.search(r"以上[、\u4e00-\u9fff]", m) or "“" in m for m in missing), missing


def _plan_targets(path):
    parsed = parse_document(load_document(path))
    return parsed, extract_targets(parsed.passages)


def _forms_hold(parsed, targets):
    """No target is an ordinal, sits inside a quoted name, is a threshold before a noun, a year, or a
    Chinese-numeral count running into a noun; checked at every place the figure stands in its clause."""
    by_id = {p.passage_id: p for p in parsed.passages}
    for t in targets:
        text = by_id[t.passage_id].text
        figure = t.number + t.unit
        assert not t.number.startswith("第") and t.unit not in ("周年", "年"), t
        at = [m.start() for m in re.finditer(re.escape(figure), text)]
        assert at, t
        def name_around(i):
            return text.rfind("“", 0, i) > text.rfind("”", 0, i)
        assert not all(name_around(i) for i in at), t
        after = [text[i + len(figure): i + len(figure) + 3] for i in at]
        assert not all(re.match(r"以[上下][\u4e00-\u9fff]", a) for a in after), t
        if not t.number[0].isdigit():
            assert not all(re.match(r"[\u4e00-\u9fff]", a) and not a.startswith(("以上", "以下")) for a in after), t


def test_target_forms_hold_on_the_seed_plan(seed_targets):
    _forms_hold(*seed_targets)


@pytest.mark.skipif(not OTHER_PLAN.exists(), reason="needs /work/shared/corpora (another plan)")
def test_target_forms_hold_on_another_plan():
    parsed, targets = _plan_targets(OTHER_PLAN)
    assert len(targets) > 50
    _forms_hold(parsed, targets)
    shown = {t.number + t.unit for t in targets}
    assert not any(re.fullmatch(r"20\d\d年", s) for s in shown)  # years
    text = "".join(p.text for p in parsed.passages)
    for m in re.finditer(r"(\d+(?:\.\d+)?[万亿]?元)以上[\u4e00-\u9fff]", text):  # thresholds before a noun
        assert not [t for t in targets if t.number + t.unit == m.group(1) and m.group() in t.quote]


def test_qualifiers(seed_targets):
    _, targets = seed_targets
    assert "占比" in find(targets, "61", "%")[0].qualifier
    assert "提高" in find(targets, "35", "%")[0].qualifier
    assert "以上" in find(targets, "40", "%")[0].qualifier


@pytest.mark.parametrize("sentence, expected", [
    ("新增5亿元以上企业3家。", ["3家"]),
    ("实施20亿元以上、50亿元以上项目各2个。", ["2个"]),
    ("完成三项改革，推进四大体系建设。", ["三项"]),
    ("办好第三届展会，启动二期工程，开展新一轮行动。", []),
    ("今年是规划实施30周年，连续10年排名第一，到2025年建成“五个中心”。", []),
    ("确保投资额达到12.5亿元以上，占比提高到35%。", ["12.5亿元", "35%"]),
])
def test_target_forms(sentence, expected):
    from assistant.records import Passage

    p = Passage("d#1", "d", ("甲",), sentence, 0, len(sentence), 1, 1)
    assert [t.number + t.unit for t in extract_targets([p])] == expected
