"""Normalise a question the way staff type it into the form the plan is written in.

Traditional -> simplified (OpenCC), full-width digits and letters -> ASCII (NFKC),
Chinese numerals next to units -> digits (五十亿 -> 50亿, 十个亿 -> 10亿), spaces
between Chinese characters dropped, stray punctuation trimmed. A phrase in quotes
is kept for exact search.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .cleaning import clean_line
from .targets import chinese_to_number
from .timing import timed

MAX_QUESTION_CHARS = 500  # longer questions are cut, and the user is told

_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{1,40})[”\"」』’']")
_CN_NUMERAL_UNIT = re.compile(r"([零〇一二两三四五六七八九十百千]+)(个)?(亿|万|%|个|家|亩|人|项|所|条|支|名)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([零〇一二三四五六七八九]{4})年")
# "24年…" opening a question, "到35年", "到27年底": 2024, 2035, 2027 (not 达到10年, 到5年内, 到30年以上)
_SHORT_YEAR = re.compile(r"^(\s*)(\d{2})(\s*年)(?!代|内|来|以来|间|的时间)|"
                         r"((?:(?<!达)到|截至|截止)\s*)(\d{2})(\s*年)(?!代|内|来|以来|间|的时间|之内|左右|以上|以下|多)")
_STRAY = re.compile(r"^[\s?？!！。，,.;；:：、~～…·*#>_-]+|[\s?？!！。，,.;；:：、~～…·*#>_-]+$")
# A count of parts (哪八个方面, 哪些方面, 几个部分), not where one item sits (哪个板块).
_ASKS_PARTS = re.compile(r"(哪(些|几个?|[两二三四五六七八九十\d]+个?)|几个|多少个)(方面|板块|部分|领域|大块|章)|分为几|"
                         r"which (areas|sections|parts)|what (areas|sections|parts)", re.I)
# Asks about the document itself: its title, issuer, number or date (文号, 印发, 落款).
_ISSUANCE = r"文号|发文|印发|哪个单位发|谁发的|发布日期|落款|issued by"
_TITLE_BY_NAME = r"标题|题目|文件名|叫什么名|全称是|\btitle\b"
DOCUMENT_FACTS = re.compile(rf"{_TITLE_BY_NAME}|{_ISSUANCE}", re.I)
ASKS_ISSUANCE = re.compile(_ISSUANCE, re.I)
ASKS_TITLE_BY_NAME = re.compile(_TITLE_BY_NAME, re.I)  # the title itself, not who issued what when
# Asks for several items (哪些, 列出): understanding's cue for a list question, read by retrieval too.
# 那几个X closing a question is 哪几个X typed with 那 (要建哪几个机制 written 要建那几个机制), not "those X"
# 分别是多少 asks a figure of each thing named, not a list of them
# 几个“有” closing a question asks which items hold the one character quoted (有码头、有航线), as 哪几个“有” does;
# a longer word quoted is a thing counted (几个“一张网”)
LIST_CUES = r"哪些|哪几|几[个项条类种]?“[^”]”(?=[？?呢吗啊。！!\s]*$)|" \
    r"(?<=[\u4e00-\u9fff])那几[个项条类种家]?[\u4e00-\u9fff]{1,6}[？?]?$|有哪|列出|列举|都有什么|都有啥|" \
    r"分别是(?!多少|几)|具体是哪|which (ones|projects|roads|items)|\blist\b|what are the"
_ASKS_LIST = re.compile(LIST_CUES, re.I)
_COUNTED_MAGNITUDE = re.compile(r"(多少|几)个(?=[亿万])")
# 回 as the spoken measure of times, closing the question (多久考一回, 一年搞几回): plans write 次
_SPOKEN_TIMES = re.compile(r"([一两二三四五六七八九十几]|多少)回(?=$|[？?，,。！!呢吗啊呀吧])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=1)
@timed("OpenCC()")
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@dataclass
class Query:
    raw: str
    text: str  # normalised, simplified Chinese
    phrases: list[str] = field(default_factory=list)
    language: str = "zh"  # "zh" | "en" | "other"
    traditional: bool = False
    years: list[int] = field(default_factory=list)
    truncated: bool = False
    also_words: str = ""  # searched by words only, beside the text: an English question's words as the plan writes them

    @property
    def asks_parts(self) -> bool:
        """'Which N parts/areas does the plan have': answered from the outline."""
        return bool(_ASKS_PARTS.search(self.text))

    @property
    def asks_document(self) -> bool:
        """Its title, issuer, number or date: answered from the document's opening lines."""
        return bool(DOCUMENT_FACTS.search(self.text))

    @property
    def asks_list(self) -> bool:
        """Several items (哪些, 哪几种, 列出): a box of items under a label may answer it."""
        return bool(_ASKS_LIST.search(self.text))

    @property
    def asks_issuance(self) -> bool:
        """Who issued it, its number or date: the lines printing them, before its long title."""
        return bool(ASKS_ISSUANCE.search(self.text))


def _numerals_to_digits(text: str) -> str:
    def repl(m: re.Match) -> str:
        value = chinese_to_number(m.group(1))
        unit = m.group(3)
        # A lone numeral before a measure word is often part of a name (五个加快): keep it. 百亿, 千亿 and 百万 are
        # magnitudes (百亿级项目: 100亿); 千万 is as often part of a programme's name or "by all means" (千万不要): kept.
        magnitude = (m.group(1), unit) in (("百", "亿"), ("千", "亿"), ("百", "万"))
        if value is None or (len(m.group(1)) == 1 and unit not in ("亿", "万", "%")) or \
                m.group(1) in "一千百" and not magnitude:
            return m.group(0)
        keep_ge = m.group(2) if unit not in ("亿", "万") else ""
        return f"{int(value) if value == int(value) else value}{keep_ge or ''}{unit}"

    return _CN_NUMERAL_UNIT.sub(repl, text)


def detect_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    latin = sum(len(w) for w in _LATIN_WORD.findall(text))
    if latin >= 3 and latin > cjk:
        return "en"
    if cjk == 0:
        return "other"
    return "zh"


def _year_written_out(m: re.Match) -> str:
    """到35年 -> 到2035年: the year as plans write it, for the reader of years and for the search alike."""
    before, digits, after = (g for g in m.groups() if g is not None)
    return f"{before}20{digits}{after}"


_ELLIPSIS = re.compile(r"\.{2,}|…+|⋯+")  # NFKC writes …… as ......
_SOFT_MARKS = re.compile(r"[，、；：,;:\s]")  # marks a typed template may set otherwise than the plan
# characters an ellipsis stands for at most: a clause's words, within one sentence (the one value tried, over the
# 10261 shared and written questions on 2026-12-07: 1 fixed, nothing else changed)
ELLIPSIS_GAP = 40


@lru_cache(maxsize=256)
def _template(phrase: str) -> re.Pattern | None:
    """A quoted phrase with an ellipsis (以……为依托、以……为抓手): its pieces in order with words between, the marks
    between clauses aside; None for a phrase without one."""
    pieces = [p for p in (_SOFT_MARKS.sub("", x) for x in _ELLIPSIS.split(phrase)) if p]
    if not _ELLIPSIS.search(phrase) or not pieces or sum(map(len, pieces)) < 2:
        return None
    return re.compile(f"[^。！？]{{1,{ELLIPSIS_GAP}}}?".join(map(re.escape, pieces)))


def holds_phrase(phrase: str, text: str) -> bool:
    """Does the text (whitespace removed) write the phrase a question quotes: exactly, or as the template it types
    (以……为依托)?"""
    template = _template(phrase)
    if template is None:
        return "".join(phrase.split()) in text
    return template.search(_SOFT_MARKS.sub("", text)) is not None


def normalise(question: str, max_chars: int = MAX_QUESTION_CHARS) -> Query:
    """Question as typed -> Query; never raises on odd input."""
    raw = question if isinstance(question, str) else str(question)
    cleaned = "".join(ch for ch in raw if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    truncated = len(cleaned) > max_chars
    cleaned = cleaned[:max_chars]
    text = unicodedata.normalize("NFKC", cleaned)
    simplified = _t2s().convert(text)
    traditional = simplified != text
    phrases = [p.strip() for p in _QUOTED.findall(simplified) if p.strip()]
    text = clean_line(" ".join(simplified.split()))
    text = _numerals_to_digits(text)
    text = _COUNTED_MAGNITUDE.sub(r"\1", text)  # 多少个亿 / 几个亿: a magnitude, not a count of 个
    text = _SPOKEN_TIMES.sub(r"\1次", text)
    text = _STRAY.sub("", text)
    text = _SHORT_YEAR.sub(_year_written_out, text)
    years = [int(y) for y in _YEAR.findall(text)]
    for cn in _CN_YEAR.findall(text):
        years.append(int("".join(str(int(chinese_to_number(c) or 0)) for c in cn)))
    return Query(raw, text, phrases, detect_language(text), traditional, years, truncated)
