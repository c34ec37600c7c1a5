"""Quotable spans of retrieved passages and how much of a question's topic they hold.

An answer quotes clauses and list items, never paraphrases: a `Span` is a piece of
one passage (`passage.text[start:end]`) with its measured relevance. `coverage`
is the evidence the answer-or-refuse decision reads (decisions.gate).
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from .records import Hit, Passage
from .structure import without_numbering
from .targets import NUMBER_UNIT

CLAUSE = re.compile(r"[^，；。：！？,;:!?]+")
# A clause's lexical score: this share from the topic words it holds itself, the rest from its sentence up to it and
# its section's label (对X，给予…N万元 names X before the figure). The value the span scoring has had since the
# lead-in was added; named here when the subject-clause merge came to use it too, not re-measured.
CLAUSE_WORDS = 0.85
_ITEM_SPLIT = re.compile(r"、")
# A quoted name, closed by ” or, as text extracted from a PDF often has it, by a straight " (“某城健康通"); one name,
# not a quoted list (“办得快、办得好"), which is read as a list of its own
_QUOTED_NAME = re.compile(r"“([^”\"“、]{2,20})[”\"]")
_WS = re.compile(r"\s+")
_CHANGE_ONLY = re.compile(r"(同比)?(增长|提高|提升|下降|降低|减少|增加|上涨|突破|超过)")  # names no measure


def compact(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class Span:
    """A quotable piece of a passage (clause or list item) with its relevance."""

    passage: Passage
    start: int
    end: int
    coverage: float
    hit: Hit

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


QUOTATION_MARKS = "“”‘’\"'「」『』"  # typography a question does not type


def width_folded(text: str) -> str:
    """Text without spaces, full-width forms folded (（1+3） -> (1+3)), as questions are normalised."""
    return unicodedata.normalize("NFKC", compact(text))


@lru_cache(maxsize=16384)  # a plan's passages and clauses are measured again for every question
def searchable(text: str) -> str:
    """Text as a question's words are looked for in it: whitespace removed, lower case."""
    return compact(text).lower()


def coverage(tokens: list[str], text: str, idf) -> float:
    """Share of the question's topic (idf-weighted) found in the text; a long word that
    is not found whole earns the share of its character pairs that are."""
    weights = [idf(t) for t in tokens]
    total = sum(weights)
    if total <= 0:
        return 0.0
    c = searchable(text)
    got = 0.0
    for t, w in zip(tokens, weights):
        if t in c and (len(t) != 2 or _as_a_word(t, c)):
            got += w
        elif len(t) >= 3:
            pairs = _pairs(t)
            got += w * sum(p in c for p in pairs) / len(pairs)
    return got / total


@lru_cache(maxsize=16384)
def _pairs(word: str) -> tuple[str, ...]:
    return tuple(word[i : i + 2] for i in range(len(word) - 1))


def _as_a_word(word: str, text: str) -> bool:
    """A two-character word found in the text other than astride two of the text's own words: 大赛 is not in
    盛大|赛会. Segmented only where both neighbouring pairs are dictionary words (园区|内外|道路 is not 区内|外道)."""
    i = text.find(word)
    while i >= 0:
        if not _astride(text, i):
            return True
        i = text.find(word, i + 1)
    return False


def _astride(text: str, i: int) -> bool:
    """Does the two characters' occurrence at i straddle a boundary of the text's words (the characters before
    and after each make a word with it, and the segmenter splits them so)?"""
    freq = _dictionary()  # word -> frequency; a prefix of a longer word is there at 0
    if not (i > 0 and freq.get(text[i - 1 : i + 1]) and freq.get(text[i + 1 : i + 3])):
        return False
    import jieba

    start = max(0, i - 4)
    at, bounds = start, set()
    for w in jieba.cut(text[start : i + 6], HMM=False):
        at += len(w)
        bounds.add(at)
    return i not in bounds and i + 2 not in bounds


def _dictionary() -> dict[str, int]:
    """jieba's own word frequencies, read in place (a copy of its two-character words cost 33 ms)."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def clause_spans(p: Passage, items: bool) -> list[tuple[int, int]]:
    """Each clause of a passage, and with `items` each 、-separated list item inside it."""
    out = []
    for m in CLAUSE.finditer(p.text):
        s, e = m.span()
        s += len(m.group()) - len(m.group().lstrip())
        if e <= s:
            continue
        out.append((s, e))
        if items and "、" in p.text[s:e]:
            pos = s
            for part in _ITEM_SPLIT.split(p.text[s:e]):
                out.append((pos, pos + len(part)))
                pos += len(part) + 1
    return out


def sentence_span(span: Span) -> Span:
    return Span(span.passage, 0, len(span.passage.text), span.coverage, span.hit)


def clause_of(span: Span) -> Span:
    for m in CLAUSE.finditer(span.passage.text):
        if m.start() <= span.start < m.end():
            return Span(span.passage, m.start(), m.end(), span.coverage, span.hit)
    return span


def _besides_figures(text: str) -> str:
    """What a clause says besides its figures and their qualifiers (50亿元以上 -> '')."""
    return re.sub(r"以上|以下|以内|左右|[、，\s]", "", NUMBER_UNIT.sub("", text))


def change_only(span: Span) -> bool:
    """The clause states only a change in a figure (增长5%): it is about the clause before it."""
    return bool(_CHANGE_ONLY.fullmatch(_besides_figures(span.text)))


def with_measure(span: Span) -> Span:
    """A list item that is only a figure (50亿元以上) is quoted with its whole clause; a clause that
    is only a change in a figure (增长5%) with the clause before it, which names what changes."""
    if len(_besides_figures(span.text)) < 2:
        span = clause_of(span)
    if change_only(span):
        before = re.search(r"[^，；。：！？,;:!?]+[，,]\s*$", span.passage.text[: span.start])
        if before:
            return Span(span.passage, before.start(), span.end, span.coverage, span.hit)
    return span


def dedupe(spans: list[Span]) -> list[Span]:
    """Drop spans contained in another chosen span of the same passage; document order."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: -(s.end - s.start)):
        if not any(o.passage.passage_id == s.passage.passage_id and o.start <= s.start and s.end <= o.end for o in out):
            out.append(s)
    order = {id(s): i for i, s in enumerate(spans)}
    return sorted(out, key=lambda s: (s.passage.doc_id, s.passage.char_start, s.start, order[id(s)]))


def by_section(spans: list[Span]) -> "OrderedDict[str, list[Span]]":
    groups: "OrderedDict[str, list[Span]]" = OrderedDict()
    for s in spans:
        groups.setdefault(s.passage.section_label, []).append(s)
    return groups


def quoted_names(text: str) -> list[str]:
    """Names a clause quotes (“…”): a list of two or more is a list of its own."""
    return _QUOTED_NAME.findall(text)


def list_items(text: str) -> list[str]:
    names = quoted_names(text)
    if len(names) >= 2:
        return names
    parts = [p.strip() for p in text.split("、")]
    if len(parts) < 2:
        return []
    parts[-1] = parts[-1].split("等")[0]
    return [p for p in parts if p]


@dataclass
class Enumeration:
    """A run of 、-joined items inside one clause, and the word after its closing 等 (the kind
    of thing listed: 等地, 等领域, 等国家), '' when the run does not close with 等."""

    items: list[str]
    kind: str


# Part-of-speech tags that can belong to a listed item (nouns, names, abbreviations, numerals);
# an item's lead-in ends at the last other word (支持|甲市, 在|新材料).
_LEAD_TAGS = ("v", "vn", "vd", "vi", "d", "ad", "p", "c", "j")  # what opens a clause before its list
_ITEM_TAGS = ("n", "vn", "eng", "m", "j", "nz", "ns", "nr", "nt", "an", "b", "x")
LONG_ITEM = 8  # characters: a list's last item longer than this carries the rest of its clause


_OPENING_MARK, _CLOSING_MARK = re.compile(r"[“「『]"), re.compile(r"[”」』]")


@lru_cache(maxsize=8192)  # a plan's clauses recur across questions; jieba tagging is the cost
def _item_tail(text: str, head: str = "", others: tuple[str, ...] = ()) -> str:
    """The first item of a list without the lead-in its clause piece opens with: the verbs,
    adverbs and prepositions in front (开工建设|甲线一期工程, 加强与|甲国), and a subject with its
    verb (各地要加快|X), or a modifier's 的 (地的|研发中心). jieba tags a word by itself, so the item is what follows them, whatever
    its own words are tagged (一期 as an adverb); a piece that is all lead-in keeps its nouns. Cut down to the `head`
    the other items share (围绕船舶数据采集|技术 beside 航线分析技术), the item keeps its words back to the lead-in;
    cut down to words each of the `others` holds after words of its own (支持共享|码头 beside 渡运码头), it keeps the
    lead-in's last word, which jieba tagged a verb (支持|共享码头)."""
    import jieba.posseg

    words = [w for w in jieba.posseg.lcut(without_numbering(text)) if w.word.strip()]  # an item's number (39．) too
    i = 0
    while i < len(words) and words[i].flag in _LEAD_TAGS:
        i += 1
        if words[i - 1].flag == "p":  # a preposition's object is the item (以|季度抽查, 加强与|甲国)
            break
    rest = words[i:]
    if rest:
        cut = max((k for k, w in enumerate(rest[:-1]) if w.flag in ("v", "p") or w.flag.startswith("u")
                   or w.flag == "vn" and rest[k + 1].flag in ("m", "eng")), default=-1)  # 运用|5G: a verb's code
        item = "".join(w.word for w in rest[cut + 1 :]).strip()
        if head and item == head:  # a verb inside the item's own name (船舶数据采集技术), not a lead-in
            item = "".join(w.word for w in rest).strip()
        elif cut < 0 and i > 0 and words[i - 1].flag != "p" and others and all(
                item in x and not x.startswith(item) for x in others):
            item = words[i - 1].word + item
        opening = _OPENING_MARK.findall(text)
        if item and len(_CLOSING_MARK.findall(item)) > len(_OPENING_MARK.findall(item)) and opening:
            item = text[text.rfind(opening[-1]) :].strip()  # cut inside quotation marks: the quoted words whole
        if item:
            return item
    tail: list[str] = []
    for w in reversed(words):
        if not w.flag.startswith(_ITEM_TAGS) and tail:
            break
        tail.insert(0, w.word)
    return "".join(tail).strip() or text.strip()


def _shared_head(items: list[str]) -> str:
    """The closing words two or more items share (技术 of 航线分析技术、码头调度技术), '' when none."""
    if len(items) < 2:
        return ""
    head = os.path.commonprefix([x[::-1] for x in items])[::-1]
    return head if len(head) >= 2 and all(len(x) > len(head) for x in items) else ""


_FIGURE_ONLY = re.compile(r"[\d.]+\s*[^\d\sA-Za-z]{0,2}")  # 5, 1500种, 30%: a figure, no thing named


def enumerations(clause: str) -> list[Enumeration]:
    """The lists inside a clause: 加强与甲国、乙国等国在A、B、C等领域… holds two (甲国、乙国 of 国;
    A、B、C of 领域). Each run ends at its 等 (or the clause end); its first item loses the lead-in. A 、 inside
    quotation marks parts the quoted run only (“甲、乙”行动 is one item of the run around it), whose items are
    exactly as quoted (运用“甲、乙、丙”等方式: 甲, 乙, 丙 of 方式)."""
    out: list[Enumeration] = []
    pieces = re.split(r"等(?=[^、，；。]|$)", clause)
    for i, piece in enumerate(pieces):
        closed = i + 1 < len(pieces)
        kind = re.match(r"[A-Za-z0-9\s]*([^、，；。的A-Za-z0-9]{0,4})", pieces[i + 1]).group(1) if closed else ""
        outside, quoted = _split_at_pauses(piece)
        for run in quoted:
            items = [x.strip() for x in run.group(1).split("、")]
            if all(items):  # closing its piece, the quoted run is of the kind after it
                out.append(Enumeration(items, kind if not piece[run.end():].strip() else ""))
        parts = [p.strip() for p in outside]
        if len(parts) < 2 or not all(parts):
            continue
        if quoted and not piece[quoted[-1].end():].strip():  # 甲、乙运用“丙、丁”: the kind after is the quoted run's
            kind, parts[-1] = "", item_head(piece[len(piece) - len(outside[-1]) : quoted[-1].start()].strip())
            if not parts[-1]:
                continue
        parts[0] = _item_tail(parts[0], _shared_head(parts[1:]), tuple(parts[1:]))
        parts[-1:] = _joined_last(parts[-1])
        if not closed and len(parts[-1]) > LONG_ITEM:  # an open run's last item runs into the sentence
            parts[-1] = item_head(parts[-1])
        elif not closed:
            parts[-1] = _modifier_of_what_follows(parts)
        if any(_FIGURE_ONLY.fullmatch(p) for p in parts):
            continue  # 1500种、3年内…: figures in a row, not a list of things
        if any(_no_thing_named(p) for p in parts):
            continue  # 以甲为主、以乙为辅: clauses in a row, cut down to a preposition and what follows it
        out.append(Enumeration(parts, kind))
    return out


def _modifier_of_what_follows(parts: list[str]) -> str:
    """An open run's last piece going on through 的 to the noun the items all modify (按照A、B、C的总目标): the
    item before 的, when no other item holds a 的 and it is no shorter than they are (not 新 of 新的X)."""
    last = parts[-1]
    if "的" not in last or any("的" in p for p in parts[:-1]):
        return last
    head = last[: last.index("的")].strip()
    return head if len(head) >= min(map(len, parts[:-1])) else last


_QUOTED_RUN = re.compile(r"[“「『\"]([^“”「」『』\"]*、[^“”「」『』\"]*)[”」』\"]")  # a quoted run holding a 、


def _split_at_pauses(piece: str) -> tuple[list[str], list[re.Match]]:
    """A clause piece cut at each 、 outside quotation marks, and the quoted runs holding a 、 (a closing mark may be
    typed as a straight ", as some plans do)."""
    quoted = list(_QUOTED_RUN.finditer(piece))
    masked = piece
    for m in quoted:
        masked = masked[: m.start()] + "\0" * (m.end() - m.start()) + masked[m.end():]
    parts, start = [], 0
    for k, ch in enumerate(masked):
        if ch == "、":
            parts.append(piece[start:k])
            start = k + 1
    return parts + [piece[start:]], quoted


_CONJUNCTIONS = ("以及", "和", "及", "与")  # longest first: 以及 is not 及
_LAST_JOINED = re.compile(rf"(.+?)(?:{'|'.join(_CONJUNCTIONS)})(.+)")  # A、B和C: the last two items joined by one


@lru_cache(maxsize=8192)  # a plan's clauses recur across questions; jieba tagging is the cost
def _joined_last(item: str) -> tuple[str, ...]:
    """A run's last piece as the items it holds: 乙体系和丙体系 is two, the conjunction jieba tags c between them;
    a word holding the character (和谐, 及时) is one, as is a piece whose part before the conjunction is no item
    (加快发展和完善丙: verbs joined)."""
    m = _LAST_JOINED.fullmatch(item)
    if not m or item_head(m.group(1)) != m.group(1):
        return (item,)
    import jieba.posseg

    at = len(m.group(1))
    words, pos = jieba.posseg.lcut(item), 0
    for w in words:
        if pos == at:
            return (m.group(1), m.group(2)) if w.flag == "c" and w.word in _CONJUNCTIONS else (item,)
        pos += len(w.word)
    return (item,)


_FUNCTION_TAGS = ("p", "c", "u", "y", "e")  # prepositions, conjunctions, particles, interjections


@lru_cache(maxsize=8192)
def _no_thing_named(item: str) -> bool:
    """An item that is one function word (以, 和, 的) or opens with a one-character preposition (以绩效, of
    以绩效为导向): a clause's start, no thing named, so the run it stands in is no list."""
    import jieba.posseg

    words = jieba.posseg.lcut(item)
    return bool(words) and (len(words) == 1 and words[0].flag.startswith(_FUNCTION_TAGS)
                            or len(words[0].word) == 1 and words[0].flag == "p")


@lru_cache(maxsize=8192)
def item_head(text: str) -> str:
    """The start of a clause piece that is the last item of a list: up to the first verb after it."""
    import jieba.posseg

    head, words = "", jieba.posseg.lcut(text)
    for k, w in enumerate(words):
        if head and not w.flag.startswith(_ITEM_TAGS) and not _joins_nouns(words, k):
            break
        head += w.word
    return head.strip() or text.strip()


def _joins_nouns(words: list, k: int) -> bool:  # words: jieba.posseg pairs
    """Word k is part of a name built with 之 (渡口之都, 鱼米之乡): 之 after a word, or the one character following 之,
    which jieba tags apart (都 as an adverb)."""
    return (words[k].word == "之" and k > 0 and k + 1 < len(words) and len(words[k + 1].word) == 1
            or k > 0 and words[k - 1].word == "之" and len(words[k].word) == 1)
