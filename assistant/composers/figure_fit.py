"""Whether a span states the figure asked: a sum where money is asked, a share, a count in the same kind of measure
word (几家 answered by 800户, not by a bandwidth in 兆), not a number inside a name or a document's title."""
from __future__ import annotations

import re
from functools import lru_cache

from ..spans import Span
from ..targets import LATIN_UNIT
from ..understanding import MAJOR, MEASURE_WORDS, ORDINAL, ORDINAL_UNMARKED, SPOKEN_UNITS


FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:万|亿)?")
_MONEY = {"元", "万元", "亿元", "万亿元", "亿", "万"}
_PERCENT = {"%", "％"}
_PEOPLE = {"人", "万人", "人次", "万人次", "名"}
_SAME_MEASURE = ({"人", "名", "位"}, {"万人", "万名"})  # people, however a sentence counts them
# Measurement units: a figure in one answers 多少个 no more than a sum of money does (a bandwidth in 兆 is no count).
MEASURED = re.compile(r"(万|千|百)?(兆|米|平方米|立方米|公里|千米|吨|亩|公顷|瓦|千瓦|兆瓦|克|升|倍|分|度)")
# Counters of the same kind of thing: 几家 is answered by 800户 (households and firms), 3所 (institutions).
_SAME_COUNTER = ({"家", "户", "所"}, {"台", "辆"})  # firms and households; machines and vehicles
_GENERAL_COUNTER = re.compile(r"个(?!月|百分点|工作日|小时)")  # 个 of a count, not of a time or a share
COUNTERS = set("家 户 所 座 条 种 类 批 次 台 套 件 张 辆 艘 处 间 床 栋 项 支 只".split())  # measure words of a count
# A share the plan states in words (全覆盖, 绝大多数): it answers 多少 / 多大比例 as a figure would
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")  # one character of a compound a count is asked inside (几方联动)
_LABEL_OF_NUMBER = re.compile(r"(?:专栏|附件|附表|附图)$")  # 专栏2, 附件1: a box's or an attachment's number, no figure
_TITLE = re.compile(r"《[^《》]*》|〔[^〔〕]*〕|\[[^\[\]]*\]")  # a document's title or number: no figure inside


def unit_fits(asked: str, run: str) -> bool:
    """Is a figure followed by `run` (its unit and what follows) an answer to a question
    asking in `asked` (多少人 -> 人, 几种 -> 种, 百分之几 -> %, '' -> any figure)?"""
    run = run.lstrip()
    if run.startswith("号"):  # 〔2020〕7号, 5号线: a document's or a thing's number, never an amount
        return False
    is_percent = run[:1] in _PERCENT
    is_money = bool(re.match(r"(万亿|亿|万|千)?(美|欧|港|日)?元", run))  # 12亿美元 is money too
    is_time = bool(re.match(r"(个)?(年|月|日|天|周|小时)", run))
    if not asked:  # any figure: a number followed by its measure word, % or a unit in letters, not by +X or a name
        return not is_time and bool(run) and (is_percent or "\u4e00" <= run[0] <= "\u9fff" or bool(LATIN_UNIT.match(run)))
    if asked == "%":
        return is_percent or run.startswith("成")
    if asked in _MONEY or asked.endswith("元"):
        return is_money or bool(re.match(r"(万亿|亿|万)", run))
    if asked == "规模":  # the size of something (规模多大): an amount, not how many of them (3支)
        return not re.match(r"[个家支项条所只批类种]", run) and unit_fits("", run)
    if asked == "米":  # a length (多长, 多远): 公里, 千米 or 米, not 平方米
        return bool(re.match(r"(万)?(公里|千米|米)", run))
    if asked in _PEOPLE:
        return bool(re.match(r"(万)?(人|名)", run))
    if asked == "个":  # a count of things: a measure word follows (not +X, a dash or a measurement unit)
        return bool(re.match(r"[\u4e00-\u9fff]", run)) and not (is_money or is_time or MEASURED.match(run))
    if any(asked in group and run[:1] in group for group in _SAME_COUNTER):
        return True
    # 标箱 fits 万标准箱: the measure's characters in order, only a magnitude or an approximation before its first
    # (not 5个维度分值 for 分: a count of 维度 with 分 further on)
    head = re.match(r"[万亿千百余多]*", run).end()
    return any(run[k : k + 1] == asked[:1] and _in_order(asked, run[k : k + len(asked) + 2])
               for k in range(head + 1))  # 千瓦 after 12.5万: its 千 is the measure's own


def _in_order(chars: str, text: str) -> bool:
    it = iter(text)
    return all(ch in it for ch in chars)


def same_measure(unit: str) -> set[str]:
    """The measure words that count the same thing (1万人 is 1万名): a figure is the plan's in any of them."""
    for group in _SAME_MEASURE:
        if unit in group:
            return set(group)
    return {unit}


# A figure's one-letter magnitude closing its clause (…带宽升至10G。): with 至/到/达 before the figure, a capacity reached
_CAPACITY_REACHED = re.compile(r"[KMGTP](?![A-Za-z0-9])\s*(?:[，。；;,、）)]|$)")


def figures_fit(span: Span, asked: str, general_count: bool = False, counted: str = "") -> bool:
    """Does the span state a figure of the kind asked? A figure is a number (not a year,
    not an ordinal) and the measure words after it (1500种, 3200.5万标准箱, 80%以上). With `general_count`, a
    count in 个 answers any measure word of a count (几家 -> 30个站点): for when none in the word asked does. A count in
    个 of the very thing the question counts (`counted`: 多少家机关单位 -> 40个机关、…) answers it always."""
    return _states_figure(span.text, asked, general_count, counted[:2])


@lru_cache(maxsize=16384)  # the same clauses are read for every question asking a figure
def _states_figure(text: str, asked: str, general_count: bool, counted: str = "") -> bool:
    if asked.startswith(ORDINAL):  # 第几代 -> 第三代; a network's generation (几G) also as 5G; 第几期 -> 三期
        mark = f"{ORDINAL}?" if asked[1:] in ORDINAL_UNMARKED else ORDINAL
        return bool(re.search(mark + r"(?:[一二两三四五六七八九十百]+|\d+)" + re.escape(asked[1:]), text)) or \
            asked == SPOKEN_UNITS["G"] and bool(re.search(r"(?<![A-Za-z0-9])\d[Gg](?![A-Za-z])", text))
    titles = [t.span() for t in _TITLE.finditer(text)]
    for m in FIGURE.finditer(text):
        if any(a < m.start() < b for a, b in titles):
            continue  # 《…（2020—2022年）》, 〔2020〕7号: part of a document's name
        before = text[max(0, m.start() - 1) : m.start()]
        run = text[m.end() : m.end() + 4]
        if LATIN_UNIT.match(text, m.end()):
            run = text[m.end() : m.end() + 8]  # the whole unit (PFLOPS), not cut at four letters
        if not asked and re.match(r"[A-Za-z]", run) and not in_a_name(text, m):
            return True  # 带宽升至10G。: a capacity reached (10 G), not a network's generation (5G网络)
        if before == "第" or _LABEL_OF_NUMBER.search(text[max(0, m.start() - 2) : m.start()]) \
                or re.match(r"[A-Za-z]", before) or re.match(r"[A-Za-z]", run[:1]) and not LATIN_UNIT.match(run) \
                or run[:1] and run[:1] in "．.﹒、)）":
            continue  # an ordinal, an item's or a box's number (3﹒, 专栏2), or part of a name (5G, B2B)
        if re.match(r"\s*年", run) and re.fullmatch(r"(19|20)\d{2}", m.group()):
            continue  # a year
        if unit_fits(asked, run) or m.group()[-1] in "万亿" and (not asked or asked == m.group()[-1]):
            # 超过3亿: the magnitude is its measure (and the measure 多少亿 asks)
            return True
        if asked in COUNTERS and run.startswith("个") and (
                general_count and _GENERAL_COUNTER.match(run) or asked in text[max(0, m.start() - 3) : m.start()]
                or counted and run[1:].startswith(counted)):
            # 几项 -> 事项8个: the thing counted, named before the figure, holds the measure word asked; 几家X -> 40个X
            return True
    if asked and (asked in MEASURE_WORDS or asked == MAJOR or CJK_CHAR.fullmatch(asked)):
        # 几次 -> 每季度通报一次, 几大 -> 九大子系统, 几方联动 -> 三方联动
        # not an ordinal (第一次) nor the tail of a year written in numerals (二〇二三年)
        if re.search("(?<![第〇零一二两三四五六七八九十])[一二两三四五六七八九十]+" + re.escape(asked), text):
            return True
    return False


def in_a_name(text: str, m: re.Match) -> bool:
    """Is the figure matched part of a name (IPV6, 5G网络, B2B), not a quantity? A one-letter magnitude closing a
    clause after 至/到/达 (带宽升至10G。) is a quantity."""
    after = text[m.end() :]
    if re.match(r"[A-Za-z]", text[m.start() - 1 : m.start()]):
        return True
    return bool(re.match(r"[A-Za-z]", after)) and not (
        _CAPACITY_REACHED.match(after) and re.search(r"[至到达]$", text[: m.start()]))
