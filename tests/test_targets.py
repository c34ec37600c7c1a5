"""The targets table: exact quotes with number, unit, qualifier and section."""
from __future__ import annotations

import re

import pytest

from assistant.documents import load_document
from assistant.structure import parse_document
from assistant.targets import chinese_to_number, extract_targets

from .conftest import SEED_PLAN


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
    ten_yi = find(targets, "10亿", "元")
    assert len(ten_yi) == 2 and ten_yi[0].quote != ten_yi[1].quote


def test_chinese_numerals_count(seed_targets):
    _, targets = seed_targets
    assert find(targets, "十", "方面") and find(targets, "第四", "届") and find(targets, "两", "核")
    assert chinese_to_number("一十五") == 15 and chinese_to_number("两") == 2 and chinese_to_number("十八") == 18


def test_every_arabic_figure_with_a_unit_is_in_the_table(seed_targets):
    parsed, targets = seed_targets
    missing = []
    for p in parsed.passages:
        if p.section_kind != "body":
            continue
        for m in re.finditer(r"\d+(?:\.\d+)?(?=[万亿]?[\u4e00-\u9fff%])", p.text):
            if not any(t.passage_id == p.passage_id and m.group() in t.number for t in targets):
                missing.append(p.text[max(0, m.start() - 4) : m.end() + 3])
    # Dates are not targets (8月1日); everything else with a unit is.
    assert all("月" in m for m in missing), missing


def test_qualifiers(seed_targets):
    _, targets = seed_targets
    assert "占比" in find(targets, "61", "%")[0].qualifier
    assert "提高" in find(targets, "35", "%")[0].qualifier
    assert "全覆盖" in find(targets, "50万", "元")[0].qualifier
