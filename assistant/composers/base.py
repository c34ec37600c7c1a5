"""What every composer shares: the measured constants that decide which spans are shown, the lookups and the
context a composer gets, and the hand-over by name that lets a lower module fall back on a higher one's composer."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..citations import AnswerBuilder
from ..owners import is_body_name
from ..records import Assignment, Hit, Passage
from ..spans import Span, coverage, searchable
from ..understanding import Question
from ..units import unit_mentions
from ..wording import Frame


# Relative strength a span needs against the best one to be shown beside it (measured on
# the development sets of all plans together; see README "Decisions").
KEEP_TARGETS = 0.75  # a figure's clause vs the best clause
KEEP_TARGETS_DENSE = 0.6  # same, when meaning alone ranks (no shared words: English)
CAPTION_CHARS = 30  # a box's title line is short (the longest of the twelve in ../shared/corpora: 19 characters)
NUMBER_VS_BEST = 0.6  # the best clause with a figure vs the best clause overall: below, no figure
KEEP_GENERAL = 0.6  # further sentences of a general answer
REVERSE_SENTENCES = 4  # sentences of each assigned measure quoted in a reverse owner answer …
REVERSE_FULL_UP_TO = 6  # … when the unit has at most this many measures (else each measure's first)
WHOLE_SECTION = 6  # sentences: a section asked about as a whole is quoted whole up to this length
QUOTE_WHOLE_SECTION = 10  # sentences: the original wording of an item named by its title, whole up to this length
KEEP_LIST = 0.8  # sentences close enough to the best to be the list asked for
# topic shares this near the closest list's are a tie (words of all but equal weight held), which the list of more
# items wins; the one value tried, over the 10141 shared and written questions (2026-12-07): 2 fixed, nothing else
# changed
EQUALLY_CLOSE = 0.01
QUOTE_PART_BEYOND = 60  # characters: a quoted sentence longer than this names the part asked about after it
OWNER_ALTERNATIVE = 0.9  # a clause with an owner annotation may replace the best clause within this share
PART_HELD = 0.5  # a question in several parts (X多少？Y呢): a figure's clause holding this share of a part's words
# answers that part (half: no answer of the six shared sets or the 145 written questions changes; one of tests/questions gains)
NO_FIGURE_TIE = 0.95  # a "no figure" answer also quotes the other sentences this close to the best one …
NO_FIGURE_SENTENCES = 3  # … up to this many sentences in all: every place the plan speaks of it as closely
# … and the sentence right before or after one of them in its paragraph that adds this much to the share of the topic
# they hold (8341 shared and written questions of 2026-12-07: 4 near misses now cite the sentence asked about, 10 other
# answers quote one more sentence, about half of them sharing only a common word such as 建成 or 改造, none lost; any
# sentence of the paragraph holding half the words missing added one to 23 answers, most sharing a word like 县, 用于)
NO_FIGURE_REST = 0.15
# "Which year": the closest clause states no year, so the closest one that does, down to this share of the best
# coverage, answers (a year is the one thing asked). Over the 8701 shared and written questions of 2026-12-07, against
# the earlier 0.8: 0.6 fixed 8 English "which year" answers (all rural), 0.5 one more, nothing else changed; 0.35 also
# lost 3 (Anhui near misses answered with another measure's year).
YEAR_CLOSE = 0.5
# An annotated item whose sentences together hold more of the question's words than the closest clause's item does
# answers for it (who, by when), when one of its clauses is ITEM_CLOSE as close and the item holds ITEM_HOLDS of the
# words. Over the 8701 questions of 2026-12-07: 1 fixed (an item's words in two clauses), nothing else changed; with
# no ITEM_HOLDS, 2 fixed, but 2 topics the plan lacks answered from items holding 0.35-0.49 of their words, 3 changed.
ITEM_CLOSE, ITEM_HOLDS = 0.6, 0.5
ITEM_SENTENCES = 6  # an annotated item's sentences read as the item (its date may stand in a later one)
# A section named yields to one of its sentences that lists and holds this much of the question's words beyond the
# section's title (_list_holding), as SCOPE_YIELD_MIN (answering.py) to a sentence elsewhere. Over the 6301 shared and
# written questions of 2026-12-06: 1 fixed, no other answer changed.
LIST_BEYOND_TITLE = 0.5
QUOTE_TIE = 0.9  # a clause this close to the best is as good: the one whose sentence holds more of the question is quoted
# (over 4361 shared and written questions, 2026-12-05: 0.9 and 0.95 the same answers, 0.8 broke one)
QUOTE_PARAGRAPH_SENTENCES = 4  # "那段原文": the sentence and those after it in its paragraph, this many at most
MEASURE_CLAUSES = 3  # a sentence of this many clauses lists measures (哪几条举措): fewer is one measure and its aim
# (the fewest a list has; over 6661 shared and written questions, 2026-12-06, it kept the one 哪几条举措 answer right)
PARALLEL_RUN = 3  # clauses in one frame in a row (在A上优先X，在B上…) that list items; two are a pair of phrases
PARALLEL_CLAUSE_CHARS = (4, 20)  # shortest and longest clause of such a run: items, not whole measures
# (both set once, not tuned: over 9421 shared and written questions, 2026-12-07, 1 fixed and nothing lost; no other
# value tried)
LEAD_SENTENCE_CHARS = 24  # a paragraph's first sentence up to this long, without a comma, names what the rest details
LEAD_DETAILED_BY = 3  # sentences after such a lead that may state its figure
OPENING_CLAUSE_CHARS = 8  # a sentence's first clause this short with a figure (N年来，…) states it for the next clause
# characters a list question's counted name (几家X, 哪些X: lists._COUNTED_NAME) must have for a sentence writing it to
# answer: two (产业, 企业) name too many things
MIN_COUNTED_NAME = 3

_BODY_WORD_ONLY = re.compile(r"办公室|办公厅|委员会|管委会|党委|党组|局|厅|委|办")  # a body's office, not a part of it


@dataclass
class Lookups:
    """Per-index lookups built once, so an answer's cost does not grow with the corpus."""

    docs: dict
    passages_by_id: dict[str, Passage]
    doc_passages: dict[str, list[Passage]]
    section_passages: dict[tuple[str, tuple[str, ...]], list[Passage]]  # (doc, path) -> passages under it
    assignments_of: dict[str, list[Assignment]]  # passage id -> assignments naming it (measure or annotation)
    assignments: list[Assignment]
    idf: object
    years: dict = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)  # passage id -> index in its document's list
    named_in: dict[str, list[str]] = field(default_factory=dict)  # passage id -> parties its prose names responsible
    _written: frozenset[str] | None = field(default=None, repr=False)
    _compacted: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def written_bodies(self) -> frozenset[str]:
        """Every body the plan's measures write, a duty given or not (加大中国农业银行… -> 中国农业银行): the names staff
        shorten (农行). Built on the first question that needs it, not at start."""
        if self._written is None:
            names = (head_body(without_leading_verb(n)) for ps in self.doc_passages.values() for p in ps
                     if p.section_kind not in ("heading", "headline") for n in unit_mentions(p.text))
            self._written = frozenset(n for n in names if is_body_name(n))
        return self._written

    def compacted(self, doc_id: str) -> list[str]:
        """A document's passages compacted and lower-cased, in order: where a word is written, counted per passage.
        Built on the first question that needs it, not at start, nor again for each answer."""
        if doc_id not in self._compacted:
            self._compacted[doc_id] = [searchable(p.text) for p in self.doc_passages.get(doc_id, [])]
        return self._compacted[doc_id]

    def cover(self, tokens: list[str], text: str) -> float:
        return coverage(tokens, text, self.idf)

    def under(self, doc_id: str, path: tuple[str, ...]) -> list[Passage]:
        return self.section_passages.get((doc_id, path), [])

    def headings_of(self, doc_id: str, path: tuple[str, ...]) -> list[Passage]:
        """The section's own heading (not those of the sections under it)."""
        return [p for p in self.under(doc_id, path) if p.section_kind == "heading" and p.section_path == path]


@dataclass
class Ctx:
    q: Question
    frame: Frame
    b: AnswerBuilder
    spans: list[Span]
    best: Span
    topic: list[str]
    hits: list[Hit]
    look: Lookups
    dense_only: bool = False
    scope: tuple[str, tuple[str, ...]] | None = None  # (doc, section path) the question names
    year_moved: int | None = None  # the year the plan sets the topic for, where the question names another


# Composers that a lower module hands an answer over to (a section asked about as a whole is answered by its parts),
# looked up by name when called, so the modules import downwards only.
_HANDED_OVER: dict[str, Callable[..., str]] = {}


def fallback(composer: Callable[..., str]) -> Callable[..., str]:
    """Register a composer that lower modules may hand an answer over to."""
    _HANDED_OVER[composer.__name__] = composer
    return composer


def hand_over(name: str, c: Ctx, *args: object) -> str:
    """Answer with the registered composer `name` (the package imports every module, so all are registered)."""
    return _HANDED_OVER[name](c, *args)


def without_leading_verb(name: str) -> str:
    """A body's name as a sentence runs into it (加大中国农业银行 -> 中国农业银行): leading verbs, adverbs,
    prepositions and conjunctions dropped."""
    from jieba import posseg  # loaded on the first question, not at start

    words = posseg.lcut(name)
    while len(words) > 1 and words[0].flag[:1] in ("v", "d", "p", "c"):
        words = words[1:]
    return "".join(w.word for w in words)


def head_body(name: str) -> str:
    """The body a name opens with, when it goes on to a part of it (X银行普惠金融事业部 -> X银行); not when the rest is
    only a body word (市人民政府办公室 stays whole)."""
    return next((name[:i] for i in range(4, len(name))
                 if is_body_name(name[:i]) and not _BODY_WORD_ONLY.fullmatch(name[i:])), name)
