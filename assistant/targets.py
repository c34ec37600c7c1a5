"""Extract quantitative targets (number + unit + qualifier) from passages.

A figure is a number in Arabic or Chinese numerals followed by a unit or measure word
(亿元, 个, 家, 亩, %, 强 …); `figures` finds them all (answers quote them). A *target* is a
figure the plan commits to reach: an amount, count, share or rank. Decided by form, never by a
list of phrases, these figures are not targets:
- ordinals: 第 before the number (第三届, 第二轮);
- names: a numeral inside a quoted or titled phrase (“…”, 「…」, 《…》);
- counted phrases: a Chinese numeral whose unit runs straight into a noun (四大体系, 八项举措),
  unless a committing verb stands right before it (完成三项改革);
- thresholds: a figure with 以上/以下 followed by a noun (引育5亿元以上的企业2家: the target is 2家),
  including a run of them (20亿元以上、60亿元以上的项目各2个);
- ordinals without 第: a Chinese numeral with 届, 期 or 轮 (二期, 新一轮);
- years, spans of time and anniversaries (2025年, 连续10年, 30周年).
Its quote is the clause that holds it (between ，；。：), an exact substring of the passage, so
the measure the number belongs to travels with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Passage, Target

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

# Units and measure words, longest first so 万平方米 wins over 平方米 and 米.
UNITS = sorted("""亿元 万元 元 万人次 万人 人次 人 万户 户 个 家 项 亩 万亩 万平方米 平方米 公顷
公里 千米 米 万吨 吨 千瓦 万千瓦 兆瓦 % ％ 强 条 支 所 座 张 台 套 件 名 位 批 轮 次 期 届
方面 大 倍 年 个月 天 周年 村 镇 处 片 区 栋 间 床 辆 艘 场 万辆 万元以上""".split(), key=len, reverse=True)
# Measurement units written in Latin letters after a figure (算力5000P, 带宽100Gbps, 装机500MW). A letter run that
# is no unit stays part of a name: 5G and 4K are generations and formats, 3A a grade, B2B a model.
LATIN_UNITS = sorted("""P E PFLOPS EFLOPS TFLOPS FLOPS Tbps Gbps Mbps bps TB PB EB GB kW KW MW GW kWh MWh GWh kV km
MHz GHz""".split(), key=len, reverse=True)
LATIN_UNIT = re.compile("(?:" + "|".join(LATIN_UNITS) + ")(?![A-Za-z])")
_UNIT_RE = "|".join([re.escape(u) for u in UNITS] + [u + "(?![A-Za-z])" for u in LATIN_UNITS])
_ARABIC = r"\d+(?:\.\d+)?(?:万|亿)?"
_CHINESE = r"[一二两三四五六七八九十百千万亿零〇]+"
NUMBER_UNIT = re.compile(rf"(?P<ord>第)?(?P<num>{_ARABIC}|{_CHINESE})(?P<unit>{_UNIT_RE})")
_AFTER = ("以上", "以下", "以内", "左右")
_BEFORE = ("不低于", "不少于", "超过", "提高", "增长", "下降", "占比", "比重达", "达到", "达",
           "稳居", "新增", "累计", "完成", "确保", "力争", "争创", "创建")
_QUOTED_COUNT = re.compile(r"[“「]([二两三四五六七八九十]+)([\u4e00-\u9fff])")
_ORDINAL_UNITS = {"届", "次", "轮", "批", "期", "个", "年"}
_CLAUSE = re.compile(r"[^，；。：,;:！？]+")
_NAMED = re.compile(r"“[^“”]*”|「[^「」]*」|《[^《》]*》|\"[^\"]*\"")  # quoted or titled phrases
_HAN = re.compile(r"[\u4e00-\u9fff]")
# After a figure: 以上/以下, then any more figures with 以上/以下 joined by 、和及与, then a noun.
_THRESHOLD = re.compile(rf"(?:以上|以下)(?:[、和及与](?:{_ARABIC}|{_CHINESE})(?:{_UNIT_RE})(?:以上|以下))*[\u4e00-\u9fff]")
_COMMITTING = ("完成", "建成", "新增", "确保", "力争", "达到", "实现", "创建", "争创", "新建", "培育", "累计")
_ELAPSED_UNITS = {"周年", "年"}  # a span of time (连续10年, 5年期), not an amount to reach
_CN_ORDINAL_UNITS = {"届", "期", "轮"}  # 二期, 新一轮: ordinals even without 第


def chinese_to_number(text: str) -> float | None:
    """十方面 -> 10, 一十五 -> 15, 两 -> 2; None for text that is not a numeral."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= 10_000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return float(total + section + (digit or 0))


def parse_number(text: str) -> float | None:
    if text and text[0].isdigit():
        scale = 1.0
        if text.endswith("万"):
            text, scale = text[:-1], 1e4
        elif text.endswith("亿"):
            text, scale = text[:-1], 1e8
        return float(text) * scale
    return chinese_to_number(text)


@dataclass
class _Match:
    start: int
    end: int
    number: str
    unit: str
    ordinal: bool


def _matches(text: str) -> list[_Match]:
    out = []
    for m in NUMBER_UNIT.finditer(text):
        num = m.group("num")
        if m.group("ord") and m.group("unit") not in _ORDINAL_UNITS:
            continue  # 第二中学 is a name, not a count
        if num[0].isdigit() and m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue
        out.append(_Match(m.start(), m.end(), num, m.group("unit"), bool(m.group("ord"))))
    # A quoted name that opens with a count (“一带两翼”, “三改一拆”) counts too.
    for m in _QUOTED_COUNT.finditer(text):
        if not any(o.start <= m.start(1) < o.end for o in out):
            out.append(_Match(m.start(1), m.end(2), m.group(1), m.group(2), False))
    return sorted(out, key=lambda o: o.start)


def _qualifier(clause: str, rel_start: int, rel_end: int, unit: str) -> str:
    after = clause[rel_end:]
    quals = [q for q in _AFTER if after.startswith(q)]
    if "全覆盖" in after:
        quals.append("全覆盖")
    before = clause[:rel_start]
    quals += [q for q in _BEFORE if q in before[-8:]]
    if unit in ("%", "％") and "占比" in before:
        quals.append("占比")
    seen: list[str] = []
    for q in quals:
        if not any(q in s for s in seen):
            seen.append(q)
    return "、".join(seen)


def _idiomatic(numeral: str, value: float) -> bool:
    """一批, 一轮, 千年, 万亩: a lone 一 or bare 千/万 is wording, not a count."""
    return value == 1 or numeral in ("百", "千", "万", "亿")


def figures(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of every number-with-unit in text that counts as a figure."""
    out = []
    for m in _matches(text):
        value = parse_number(m.number)
        if value is not None and (m.number[0].isdigit() or m.ordinal or not _idiomatic(m.number, value)):
            out.append((m.start, m.end, value))
    return out


def _named_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NAMED.finditer(text)]


def is_target(text: str, m: _Match, named: list[tuple[int, int]] | None = None) -> bool:
    """Whether the figure `m` in `text` is a target, by its form (see the module's docstring)."""
    arabic = m.number[0].isdigit()
    if m.ordinal or m.unit in _ELAPSED_UNITS or (not arabic and m.unit in _CN_ORDINAL_UNITS):
        return False
    named = _named_spans(text) if named is None else named
    if any(a < m.start < b for a, b in named):
        return False
    after = text[m.end:]
    if _THRESHOLD.match(after):
        return False
    if not arabic and _HAN.match(after) and not after.startswith(("以上", "以下", "左右")):
        before = text[max(0, m.start - 4):m.start]
        if not before.endswith(_COMMITTING):
            return False  # a counted phrase: 四大体系
    return True


def extract_targets(passages: list[Passage]) -> list[Target]:
    """Every target in body passages (figures the plan commits to), with the clause that holds it."""
    targets: list[Target] = []
    for p in passages:
        if p.section_kind in ("heading", "headline"):
            continue
        named = _named_spans(p.text)
        for m in _matches(p.text):
            if not is_target(p.text, m, named):
                continue
            clause = next(c for c in _CLAUSE.finditer(p.text) if c.start() <= m.start < c.end())
            value = parse_number(m.number)
            if value is None or (not m.number[0].isdigit() and not m.ordinal and _idiomatic(m.number, value)):
                continue
            number = ("第" if m.ordinal else "") + m.number
            targets.append(Target(
                quote=clause.group().strip(),
                number=number,
                value=value,
                unit=m.unit,
                qualifier=_qualifier(clause.group(), m.start - clause.start(), m.end - clause.start(), m.unit),
                section_path=p.section_path,
                passage_id=p.passage_id,
                doc_id=p.doc_id,
            ))
    return targets
