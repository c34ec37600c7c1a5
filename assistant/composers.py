"""One composer per intent: which spans answer, and how they are framed.

Each composer gets the question, the ranked spans and the plan's lookups, says
its framing through the AnswerBuilder and returns the answer's status:
`answered`, or `no_figure` when the plan covers the topic but not the figure,
owner or date asked for (the measure is quoted and the answer says what it
lacks). Every quote passes the builder's citation check.
"""
from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .citations import AnswerBuilder, annotation_span
from .crosslingual import term_coverage
from .owners import (NAMED_ROLE, convening, duty_holders, is_body_name, mentioned_bodies, named_responsible,
                     partnered)
from .records import Assignment, Hit, Passage
from .responsibility import without_annotations
from .spans import (CLAUSE_WORDS, Enumeration, Span, by_section, change_only, clause_of, clause_spans, compact,
                    coverage, dedupe, enumerations, item_head, list_items, quoted_names, searchable, sentence_span,
                    width_folded, with_measure)
from .structure import issuance_line, without_numbering
from .targets import LATIN_UNIT, NUMBER_UNIT, UNITS, chinese_to_number
from .understanding import (ASKS_ALONE, ASKS_HOW_OFTEN, ASKS_MONTH, ASKS_TARGETS, ASKS_YEAR, CAP_WORDS, LIST_CUES,
                            MAJOR, MEASURE_WORDS, ORDINAL, ORDINAL_UNMARKED, QUOTED_PHRASE, SPOKEN_UNITS, Question,
                            asked_duties, supposed_leads)
from .units import closest_body, unit_matches, unit_mentions
from .wording import Frame

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
# A count asked (多少个, 几家), not "那几个村" pointing at things, nor a count of the dates themselves (几个完成时限)
_COUNT_ASKED = re.compile(r"(?<![那这哪])(?:多少|几)(?![月号日天点时年周])")
_TIME_THING = re.compile(r"时间|节点|阶段|时限|期限|批次")
_TIME_UNITS = frozenset("年 个月 月 天 日 周 小时 分钟 工作日 个工作日".split())  # a deadline's own measures, not a count
QUOTE_WHOLE_SECTION = 10  # sentences: the original wording of an item named by its title, whole up to this length
KEEP_LIST = 0.8  # sentences close enough to the best to be the list asked for
# topic shares this near the closest list's are a tie (words of all but equal weight held), which the list of more
# items wins; the one value tried, over the 10141 shared and written questions (2026-12-07): 2 fixed, nothing else
# changed
EQUALLY_CLOSE = 0.01
QUOTE_PART_BEYOND = 60  # characters: a quoted sentence longer than this names the part asked about after it
OWNER_ALTERNATIVE = 0.9  # a clause with an owner annotation may replace the best clause within this share
PART_HELD = 0.5  # a question in several parts (X多少？Y呢): a figure's clause holding this share of a part's words
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
# answers that part (half: no answer of the six shared sets or the 145 written questions changes; one of tests/questions gains)

ONGOING = ("持续推进", "长期坚持")  # time notes that name no time: the work goes on, undated
_TIME = re.compile(r"(?:到|于|在)?(?:19|20)\d{2}\s*年(?!度)(?:\d{1,2}\s*月)?(?:底|末|初|中)?(?:前|以前|之前)?|"
                   r"\d{1,2}\s*月(?:底|末|初|中旬|上旬|下旬)(?:前)?|年底前?|年内|年末|"
                   r"\d+\s*(?:个)?(?:小时|工作日|日|天|周|个月)(?:内|以内)|每(?:年|季度|月|半年)|"
                   r"(?:[\u4e00-\u9fff]{2,6}|“[^”]{2,6}”)期(?:内|间)|"  # a period named: 脱贫攻坚期内, “十四五”期间
                   r"(?<=[（(])(?:" + "|".join(ONGOING) + ")")  # ongoing, as an item's note says it: in prose, verbs
_WITHIN_A_YEAR = re.compile(r"月|[底末初中]")  # a time finer than a year: 6月底, 2025年底, 年底前
_ENUMERATED = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、．.﹒]|[一二三四五六七八九十]是|[①②③④⑤⑥⑦⑧⑨⑩])")
_LABEL = re.compile(r"^\s*[^，；。：,;:]{2,16}[。：:]")
_SCOPE_AFTER_LIST = re.compile(r"(?:这块|这一块|那块|这方面|方面|这部分)$")  # "A、B这块，要…哪些": a scope, not examples
_BESIDES = re.compile(r"除了|以外|之外|还有(?:哪|什么|啥)")  # "除了X还有哪些": X's siblings are asked (not 拆除, 消除)
_LIST_CLAUSE = re.compile(r"[^，；。：,;:！？]+")  # a clause a 、-list lives in (enumerations, sentence_items, listed_with)
CAP = re.compile(CAP_WORDS + "|不超过")  # a cap the plan states on a figure
_CAPPED_FIGURE = re.compile(f"(?:{CAP.pattern})\\s*\\d")  # the cap word right before its figure (最高80万元)
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:万|亿)?")
_STRETCH = re.compile(r"\s*(?:力争|争取|努力)")
_LEADING_TIME = re.compile(r"^\s*(?:到|至|在|于)?(?:19|20)\d{2}\s*年")
_MONEY = {"元", "万元", "亿元", "万亿元", "亿", "万"}
_PERCENT = {"%", "％"}
_PEOPLE = {"人", "万人", "人次", "万人次", "名"}
_SAME_MEASURE = ({"人", "名", "位"}, {"万人", "万名"})  # people, however a sentence counts them
# Measurement units: a figure in one answers 多少个 no more than a sum of money does (a bandwidth in 兆 is no count).
_MEASURED = re.compile(r"(万|千|百)?(兆|米|平方米|立方米|公里|千米|吨|亩|公顷|瓦|千瓦|兆瓦|克|升|倍|分|度)")
# Counters of the same kind of thing: 几家 is answered by 800户 (households and firms), 3所 (institutions).
_SAME_COUNTER = ({"家", "户", "所"}, {"台", "辆"})  # firms and households; machines and vehicles
_GENERAL_COUNTER = re.compile(r"个(?!月|百分点|工作日|小时)")  # 个 of a count, not of a time or a share
_COUNTERS = set("家 户 所 座 条 种 类 批 次 台 套 件 张 辆 艘 处 间 床 栋 项 支 只".split())  # measure words of a count
# A share the plan states in words (全覆盖, 绝大多数): it answers 多少 / 多大比例 as a figure would
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")  # one character of a compound a count is asked inside (几方联动)
_LEAD_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]")  # a passage's first sentence
_ASKS_PARAGRAPH = re.compile(r"[那这一整]段|段落")  # the wording of a paragraph, not of one sentence
FIGURE_NOTE = re.compile(r"[（(][^（）()]*\d[^（）()]*[）)]")  # （0.5分）: an item's or a heading's note stating its figure
CLOSING_NOTE = re.compile(FIGURE_NOTE.pattern + r"\s*$")  # 一、…（25分）: the note closing a heading
_CLOSING_NOTE = re.compile(r"[。；;]?\s*" + FIGURE_NOTE.pattern + r"\s*")  # a sentence's last words: (2分)
_WORDED_SHARE = re.compile(r"全覆盖|全部|所有(?![权制者人])|绝大多数|大多数|大部分|过半|半数以上")  # 所有 as "all", not 所有权 (ownership)
_EXPLAINS = re.compile(r"\s*(即|也就是说?|具体(来说|而言|是|为))[：:，,]")  # a sentence saying what the one before means
_LEADS_IN = re.compile(r"[：:]\s*$")  # a sentence closing with a colon introduces what follows (…包括：)
_ITEM_DEIXIS = re.compile(r"[那这该此](一)?[条项]")  # "…那条": the question points at an item of the plan
_POINTS_AT_SENTENCE = re.compile(r"[那这该此]一?句")  # "…那句": at one sentence (of an item it may name too)
_FOR_WHOM = re.compile(r"\s*对于?")  # a clause opening 对…的X names whom the next clause's measure is for
_NOT_CAPTION = re.compile(r"[。！？!?；;，,：:=＝（）()、]")  # a sentence, clause, list or formula: no caption
_LABEL_OF_NUMBER = re.compile(r"(?:专栏|附件|附表|附图)$")  # 专栏2, 附件1: a box's or an attachment's number, no figure
_TITLE = re.compile(r"《[^《》]*》|〔[^〔〕]*〕|\[[^\[\]]*\]")  # a document's title or number: no figure inside
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
            names = (head_body(_without_leading_verb(n)) for ps in self.doc_passages.values() for p in ps
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


# --------------------------------------------------------------------------- figures

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
        return bool(re.match(r"[\u4e00-\u9fff]", run)) and not (is_money or is_time or _MEASURED.match(run))
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


def _of_the_best_clauses_measure(c: Ctx, numbered: list[Span]) -> list[Span]:
    """Where the closest clause is a sentence's and states no figure at all, the figures of sentences outside its
    paragraph from it on (a work report's paragraph holds several measures) that do not write its rarest word of
    the question (维护基金 of 设立码头维护基金) are other measures' (最高100万元 of a ferry line's award, found by the
    plan's common words), not figures of it."""
    if re.search(r"\d", c.best.text) or c.best.passage.section_kind in ("heading", "headline") \
            or _is_caption(c, c.best.passage):  # a measure with figures has them elsewhere too; a title's: its text's
        return numbered
    return list(filter(_of_the_best_clauses_words(c), numbered))


def _of_the_best_clauses_words(c: Ctx, or_others: bool = False) -> Callable[[Span], bool]:
    """Is a span in the closest clause's paragraph, from it on (a lead and the sentences detailing it), or does its
    sentence write the closest clause's rarest word of the question (of two characters or more)? With `or_others`, or
    a word of the question that clause lacks (码头改造全面完成 for 渡轮码头设施全面改造, beside 推进渡轮码头设施改造):
    a date asked is found so; a figure's sentence shares such words (省级, 每年) with too many measures."""
    best = compact(c.best.text).lower()
    held = [t for t in c.topic if len(t) >= 2 and t in best]
    if not held:
        return lambda s: True
    rarest = max(held, key=c.look.idf)
    others = [t for t in c.topic if len(t) >= 2 and t not in best] if or_others else []
    para = paragraph_of(c, c.best.passage)
    at = next((k for k, p in enumerate(para) if p.passage_id == c.best.passage.passage_id), 0)
    paragraph = {p.passage_id for p in para[at:]}  # the sentences detailing it follow it, those before do not

    def writes(s: Span) -> bool:
        sentence = searchable(s.passage.text)
        return s.passage.passage_id in paragraph or rarest in sentence or any(t in sentence for t in others)
    return writes


def same_measure(unit: str) -> set[str]:
    """The measure words that count the same thing (1万人 is 1万名): a figure is the plan's in any of them."""
    for group in _SAME_MEASURE:
        if unit in group:
            return set(group)
    return {unit}


# A figure's one-letter magnitude closing its clause (…带宽升至10G。): with 至/到/达 before the figure, a capacity reached
_CAPACITY_REACHED = re.compile(r"[KMGTP](?![A-Za-z0-9])\s*(?:[，。；;,、）)]|$)")


def figures_fit(span: Span, asked: str, general_count: bool = False) -> bool:
    """Does the span state a figure of the kind asked? A figure is a number (not a year,
    not an ordinal) and the measure words after it (1500种, 3200.5万标准箱, 80%以上). With `general_count`, a
    count in 个 answers any measure word of a count (几家 -> 30个站点): for when none in the word asked does."""
    return _states_figure(span.text, asked, general_count)


@lru_cache(maxsize=16384)  # the same clauses are read for every question asking a figure
def _states_figure(text: str, asked: str, general_count: bool) -> bool:
    if asked.startswith(ORDINAL):  # 第几代 -> 第三代; a network's generation (几G) also as 5G; 第几期 -> 三期
        mark = f"{ORDINAL}?" if asked[1:] in ORDINAL_UNMARKED else ORDINAL
        return bool(re.search(mark + r"(?:[一二两三四五六七八九十百]+|\d+)" + re.escape(asked[1:]), text)) or \
            asked == SPOKEN_UNITS["G"] and bool(re.search(r"(?<![A-Za-z0-9])\d[Gg](?![A-Za-z])", text))
    titles = [t.span() for t in _TITLE.finditer(text)]
    for m in _FIGURE.finditer(text):
        if any(a < m.start() < b for a, b in titles):
            continue  # 《…（2020—2022年）》, 〔2020〕7号: part of a document's name
        before = text[max(0, m.start() - 1) : m.start()]
        run = text[m.end() : m.end() + 4]
        if LATIN_UNIT.match(text, m.end()):
            run = text[m.end() : m.end() + 8]  # the whole unit (PFLOPS), not cut at four letters
        if not asked and re.match(r"[A-Za-z]", run) and not _in_a_name(text, m):
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
        if asked in _COUNTERS and run.startswith("个") and (
                general_count and _GENERAL_COUNTER.match(run) or asked in text[max(0, m.start() - 3) : m.start()]):
            return True  # 几项 -> 事项8个: the thing counted, named before the figure, holds the measure word asked
    if asked and (asked in MEASURE_WORDS or asked == MAJOR or _CJK_CHAR.fullmatch(asked)):
        # 几次 -> 每季度通报一次, 几大 -> 九大子系统, 几方联动 -> 三方联动
        # not an ordinal (第一次) nor the tail of a year written in numerals (二〇二三年)
        if re.search("(?<![第〇零一二两三四五六七八九十])[一二两三四五六七八九十]+" + re.escape(asked), text):
            return True
    return False


_ASKED_COUNT_OF = re.compile(r"(?:几|多少)(?:个|" + "|".join(sorted(_COUNTERS)) + r")([\u4e00-\u9fff]{2})")


def _major_count_of(question: str) -> re.Pattern | None:
    """"几个X" (几种X, 几类X …) where the plan writes N大X: N大 counts X (六大应用场景 answers 几个应用场景), not what
    else it names (五大改革 does not answer 建几个服务中心). The pattern of N大X, or None when no count of X is asked."""
    m = _ASKED_COUNT_OF.search(question)
    return re.compile("(?<![第〇零一二两三四五六七八九十])[两三四五六七八九十]+" + MAJOR + re.escape(m.group(1))) if m else None


def targets(c: Ctx) -> str:
    beyond_title = c.q.text.replace(without_numbering(c.scope[1][-1]), "") if c.scope else c.q.text
    if not c.q.asks_number and not c.q.asserted and not ASKS_TARGETS.search(beyond_title) and \
            0 < len(whole_scope(c)) <= WHOLE_SECTION:
        return general(c)  # "总体目标是什么" of a short section: all of it, its figures included
    asked = c.q.asked_units or [c.q.asked_unit]
    # "覆盖面要多大", "占多少比重", "多少人能上" (使绝大多数X…): a share the plan states in words answers it; "多少%" asks
    # for the number
    worded = set(asked) <= {"", "%", "人"} and not re.search(r"[%％]|百分之", c.q.text)
    major = _major_count_of(c.q.text)

    def numbered_spans(general_count: bool) -> list[Span]:
        found = [s for s in c.spans if any(figures_fit(s, u, general_count) for u in asked)
                 or worded and _WORDED_SHARE.search(s.text) or major is not None and major.search(s.text)]
        # a figure whose sentence holds none of the question's words is no answer to it, however close in meaning
        return found if c.dense_only else [s for s in found if c.look.cover(c.topic, s.passage.text) > 0]

    # a count in 个 only where no figure in the measure word asked is found close enough to answer (2000台 answers
    # 多少台, not 10个 beside it; 多少家 is 25个 of the measure, not 4家 of another), and the question names no
    # thing counted ("目标是多少家"; 几台电梯 is not answered by 改造12个厂房)
    numbered = numbered_spans(False)
    if not c.q.counted and all(s.coverage < NUMBER_VS_BEST * c.best.coverage for s in numbered):
        numbered = numbered_spans(True)
    if asked == ["个"] and c.q.counted and not _PERSON_NOUN.search(c.q.counted):
        # "多少个实训点": things, which a count of people (500名学员) does not answer
        numbered = [s for s in numbered if not _counts_only_people(s)]
    numbered += _asked_figure_beside_best(c, asked, worded)
    numbered = _of_the_best_clauses_measure(c, numbered)
    heading = _heading_figure(c, asked, numbered)
    if heading is not None:  # "（一）…（25分）": the figure the section's own heading states
        _correct_premise(c, [heading])
        c.b.say(c.frame("scope_targets", section=c.scope[1][-1]))
        if len(c.scope[1]) > 1:  # the headings above it, with what they state (一、…（30分） › （二）…（10分）)
            c.b.say(f"**{' › '.join(c.scope[1][:-1])}**")
        c.b.quote(heading, bullet=True)
        return "answered"
    # "最高N万元" caps, and "增长6%" changes, what the sentence said before it: quoted from there
    numbered = [_with_lead_measure(c, s) if CAP.search(s.text) or change_only(s) else _with_subject(c, s)
                for s in numbered]
    top = max(numbered, key=lambda s: (s.coverage, s.hit.score), default=None)
    if c.q.asks_level and not c.q.asks_number and top is not None and top.coverage < c.best.coverage:
        return general(c)  # "要达到什么水平": the state the best clause sets, not a nearby figure
    # "宽带要到多少兆": a measurement asked (兆, 米, 吨; not a count or a sum, which any measure of a long sentence
    # may state) that the closest clause's own sentence states is the plan's figure for it, however few words its
    # clause shares with the question
    measured_in_sentence = all(u and _MEASURED.fullmatch(u) for u in asked) and any(
        s.passage is c.best.passage for s in numbered)
    if top is None or top.coverage < NUMBER_VS_BEST * c.best.coverage and not measured_in_sentence:
        if c.q.asks_level or not (c.q.asks_number or c.q.asserted):  # "目标是什么" / "要到什么程度": a state the plan
            return general(c)                       # sets (达到同类城市先进水平) answers it
        detail = _figure_detailing_lead(c, asked) or _item_note(c, asked)
        if detail is not None:  # "全面推进X改革。…明确的120项改革任务。": the paragraph the lead heads states it
            c.b.say(c.frame("targets"))
            c.b.say(f"**{c.best.passage.section_label}**")
            c.b.quote(sentence_span(c.best), bullet=True)
            c.b.quote(detail, bullet=True)
            return "answered"
        c.b.say(c.frame("no_number"))
        shown = with_the_subject(c, equally_close(c))
        for s in shown + rest_of_topic(c, shown):
            quote_in_context(c, sentence_span(s))
        return "no_figure"
    keep = KEEP_TARGETS_DENSE if c.dense_only else KEEP_TARGETS
    chosen = [s for s in numbered if s.coverage >= keep * top.coverage]
    chosen += _each_part_figure(c, numbered)
    chosen += _figure_at_rate_asked(c, numbered, top)
    # "达到X，力争Y": the stretch figure the plan sets right after a chosen one belongs to it
    chosen += [s for s in numbered for x in list(chosen)
               if s.passage is x.passage and 0 <= s.start - x.end <= 1 and _STRETCH.match(s.text)]
    # "补助期不超过2年，最高80万元": the cap right after a chosen figure bounds the same measure
    chosen += [s for s in c.spans for x in list(chosen) if s.passage is x.passage and 0 <= s.start - x.end <= 1
               and CAP.match(s.text.lstrip()) and figures_fit(s, "")]
    if c.q.asks_cap:  # "最高补多少": the cap the top figure's sentence states after it (…给予一次性奖补，每家最高80万元)
        chosen += [_with_lead_measure(c, s) for s in c.spans if s.passage is top.passage and s.start >= top.end
                   and not re.search(r"[。；;！？]", s.passage.text[top.end : s.start])
                   and _CAPPED_FIGURE.search(s.text) and figures_fit(s, "")][:1]
    if len(asked) >= 2:  # "按几成补？最高多少？": the other figures the same sentence states, and
        # the figure right after each chosen one (产值达到…，增长8%)
        chosen += [s for s in numbered if s.passage is top.passage]
        chosen += [s for s in numbered for x in list(chosen)
                   if s.passage is x.passage and 0 <= s.start - x.end <= 1]
    if c.scope is not None:
        chosen += [s for s in scope_spans(c) if any(figures_fit(s, u) for u in asked)]
    chosen = dedupe(chosen)
    if c.q.asks_number and _only_repeats_the_question(c, chosen):
        # "那130亿里面…出多少": the plan's figure is the one the question starts from; what is asked
        # (a share, a breakdown) is not there
        c.b.say(c.frame("no_breakdown"))
        for s in chosen[:2]:
            c.b.quote(with_measure(s))
        return "no_figure"
    _correct_premise(c, chosen)
    c.b.say(c.frame("scope_targets", section=c.scope[1][-1]) if c.scope else c.frame("targets"))
    groups = by_section(dedupe([with_measure(s) for s in chosen]))
    if c.scope is None:  # the section holding the closest figure first (inside a section: the plan's order)
        groups = OrderedDict(sorted(groups.items(), key=lambda kv: -max(s.coverage for s in kv[1])))
    for section, group in groups.items():
        c.b.say(f"**{section}**")
        for s in group:
            c.b.quote(s, bullet=True)
    return "answered"


def _asked_figure_beside_best(c: Ctx, asked: list[str], worded: bool = False) -> list[Span]:
    """The clause right after the closest one holds a word of the question the closest clause lacks and states a
    figure of the measure word asked (家), or, where a share in words answers (`worded`), a share: that figure,
    quoted from the closest clause on, as close as it. Either the closest clause states one too (新增65家，累计
    达到956家, asked 累计多少家), or it states none (…新建40个服务站点，服务900家小微企业; …机制，将收益全部用于…),
    and then the note closing its sentence also counts (…工作。（2分）)."""
    # none asked, but a figure asserted to be checked (…是占2分吧): the measure it is asserted in
    kinds = [u for u in asked if u] or ([u for _, u in c.q.asserted] if c.q.confirm else [])

    def fits(s: Span) -> bool:
        return any(figures_fit(s, u) for u in kinds) or worded and _WORDED_SHARE.search(s.text) is not None

    def adds_topic(s: Span, closest: Span) -> bool:
        held = compact(closest.text).lower()
        return any(len(t) >= 2 and t in compact(s.text).lower() and t not in held for t in c.topic)

    if not (kinds or worded):
        return []
    anchor = clause_of(c.best)  # the closest clause, or the clause holding the closest list item
    opening = [s for s in c.spans if s.passage is anchor.passage and s.start == 0 and _comma_apart(s, anchor)
               and len(compact(s.text)) <= OPENING_CLAUSE_CHARS and fits(s)]
    if opening and not fits(anchor):  # "N年来，X…" asked how many years: the clause opening the sentence governs it
        return [Span(anchor.passage, 0, anchor.end, c.best.coverage, c.best.hit)]
    if fits(anchor):
        after = [s for s in c.spans if s.passage is anchor.passage and _comma_apart(anchor, s) and fits(s)
                 and adds_topic(s, anchor)]
        return [Span(s.passage, anchor.start, s.end, c.best.coverage, c.best.hit) for s in after[:1]]
    # "…工作。（2分）": the note closing the passage the closest clause opens or stands in, no figure of the
    # kind asked between them (an assessment item's score is the whole item's)
    note = re.search(_CLOSING_NOTE.pattern + "$", c.best.passage.text)
    between = [s for s in c.spans if s.passage is c.best.passage
               and c.best.end <= s.start and s.end <= note.start() and fits(s)] if note else []

    def closes_sentence(s: Span) -> bool:
        return note is not None and s.start >= max(c.best.end, note.start()) and not between

    after = [s for s in c.spans if s.passage is c.best.passage and fits(s) and (
             _comma_apart(c.best, s) and adds_topic(s, c.best) or closes_sentence(s))]
    return [Span(s.passage, c.best.start, s.end, c.best.coverage, c.best.hit) for s in after[:1]]


def _figure_detailing_lead(c: Ctx, asked: list[str]) -> Span | None:
    """The best clause is a short lead opening its paragraph (全面推进X建设。) and states no figure: the first
    clause after it, within LEAD_DETAILED_BY sentences of that paragraph, stating a figure of the kind asked. A note
    closing the lead's own sentence (…候船亭建设。（0.5分）) is the item's score, not a figure it sets: only a score
    asked for (几分) is answered by it."""
    if not _is_short_lead(c, c.best):
        return None
    lead = c.best.passage
    lead_end = _LEAD_SENTENCE.match(lead.text).end()
    for p in _paragraph_from(c, lead, 1 + LEAD_DETAILED_BY):
        for a, e in clause_spans(p, items=True):
            span = Span(p, a, e, c.best.coverage, Hit(p, 0.0))
            note = bool(FIGURE_NOTE.fullmatch(span.text.strip()))
            if (p is not lead or a >= lead_end) and any(figures_fit(span, u) and (u or not note) for u in asked):
                return span
    return None


_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}\s*[．.﹒](?!\d)")  # 24．: a numbered item of a list of measures


def _item_note(c: Ctx, asked: list[str]) -> Span | None:
    """The best clause opens a numbered item (24．推进X。) that goes on in sentences of its own, the last closing with
    the item's note (…服务。（0.5分）): the note, where it states a figure of the kind asked, is the item's, however
    many sentences the item runs to (it ends at the next item or section)."""
    lead = c.best.passage
    if not _ITEM_NUMBER.match(lead.text):
        return None
    doc = c.look.doc_passages.get(lead.doc_id, [])
    i = c.look.position.get(lead.passage_id)
    for p in doc[i + 1 :] if i is not None else []:
        if _ITEM_NUMBER.match(p.text) or p.section_path != lead.section_path or p.section_kind != lead.section_kind:
            break
        for m in FIGURE_NOTE.finditer(p.text):
            note = Span(p, m.start(), m.end(), c.best.coverage, Hit(p, 0.0))
            if any(u and figures_fit(note, u) for u in asked):  # a kind asked (分), not any figure
                return Span(p, 0, m.end(), c.best.coverage, Hit(p, 0.0))  # the sentence, its note included
    return None


# Asks the figure of each thing it lists (X、Y、Z各建几个, 分别是多少)
_EACH = re.compile(r"各|分别|各自")


def _figure_at_rate_asked(c: Ctx, numbered: list[Span], top: Span) -> list[Span]:
    """"How many … each year": where the top figure is a total (累计3000名), the figure whose clause writes the rate
    asked (每年) and every word of the question the top's clause holds, which the total may outrank in meaning."""
    rates = [z for t in c.q.english_terms if t.is_rate for z in t.plan_words]
    if not rates or any(z in compact(top.text) for z in rates):
        return []
    held = [t for t in c.q.english_terms if not t.is_rate and term_coverage([t], top.text, c.look.idf)]
    return [s for s in numbered if any(z in compact(s.text) for z in rates)
            and all(term_coverage([t], s.text, c.look.idf) for t in held)]


def _each_part_figure(c: Ctx, numbered: list[Span]) -> list[Span]:
    """A question in several parts (X要提高多少？Y呢; X、Y各多少): for each part, the figure clause whose sentence
    holds most of that part's own words, when it holds at least PART_HELD of them (甲项目，给予奖补N万元: the
    figure's clause names only the award, its sentence what is awarded)."""
    parts = [p for p in re.split(r"[？?；;]", c.q.text) if p.strip()]
    parts = [q for p in parts for q in (p.split("、") if _EACH.search(p) else [p]) if q.strip()]
    if len(parts) < 2 or not numbered:
        return []
    out = []
    for part in parts:
        words = [t for t in c.topic if t in compact(part).lower()]
        if not words:
            continue
        best = max(numbered, key=lambda s: (c.look.cover(words, s.passage.text), c.look.cover(words, s.text),
                                            s.coverage))
        if c.look.cover(words, best.passage.text) >= PART_HELD:
            out.append(best)
    return out


_PERSON_NOUN = re.compile(r"(?:人|员|者|家|师|生|工|民|才|长|手|户)$")  # nouns of people (人才, 学生, 农户), counted in 名


def _counts_only_people(span: Span) -> bool:
    """Does every count the span states count people (1万名, 200人)?"""
    runs = [span.text[m.end() : m.end() + 2].lstrip() for m in _FIGURE.finditer(span.text)]
    counts = [r for r in runs if unit_fits("个", r)]
    return bool(counts) and all(re.match(r"名|人", r) for r in counts)


def _stated_figures(texts: Iterable[str]) -> list[str]:
    """The figures the texts state (1000座, 4600个), in order."""
    return [m.group() for t in texts for m in NUMBER_UNIT.finditer(t) if m.group()[:1].isdigit()]


def _correct_premise(c: Ctx, chosen: list[Span], counted_only: bool = False) -> bool:
    """A figure the question asserts (…200亿元，对吗？) that the plan's figures shown do not state: say the plan's.
    `counted_only`: only a figure of the plan's that counts what the question's counts (a list question's "这7个",
    where a figure may also be a filter: 超过100亿的项目). True when it said one."""
    if not c.q.asserted:
        return False
    said = {compact(n) + v for n, u in c.q.asserted for v in same_measure(u)}
    shown = _stated_figures(s.text for s in chosen[:3])
    # and figures in a measure the question asserts that NUMBER_UNIT does not list (（1.5分）, asked 2分)
    shown += [m.group() for s in chosen[:3] for _, u in c.q.asserted if u not in UNITS
              for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?" + re.escape(u) + r"(?![\u4e00-\u9fff])", s.text)]

    def of_asserted_unit(figures: list[str]) -> list[str]:
        return [x for x in figures if any(compact(x).endswith(u) or u in compact(x) for _, u in c.q.asserted)]

    # "增长5.5%，对吗": the plan's percentages, not its counts; "累计要建到5000个" of a clause stating 新增1000座: the
    # figure in the asserted unit that its sentence states beside it (累计4600个)
    shown = of_asserted_unit(shown) or of_asserted_unit(_stated_figures(s.passage.text for s in chosen[:3])) or shown
    # "7个口袋公园" of a sentence stating 4个口袋公园 and 120个停车位: the figure counting what the question's counts
    counted = _counting_as_asserted(c, shown, chosen[:3])
    if counted_only and not counted:
        return False
    shown = counted or shown
    # the question's figure as a whole number of the plan's (3万 is not in 1.3万人)
    if shown and not any(re.search(r"(?<![\d.])" + re.escape(a), compact(x)) for x in shown for a in said):
        c.b.say(c.frame("premise_wrong", figures="、".join(dict.fromkeys(shown[:3])),
                        asserted="、".join(dict.fromkeys(n + u for n, u in c.q.asserted))))
        return True
    return not counted_only and _correct_one_of_several(c, chosen)


def _correct_one_of_several(c: Ctx, chosen: list[Span]) -> bool:
    """Several figures asserted (按5%补，最高80万), one of them the plan's: the others are checked against the figures
    of their unit in the sentence closest to the question that states it, those written after the same words as in the
    question (最高) first."""
    def stated_in(n: str, u: str, text: str) -> bool:
        return any(re.search(r"(?<![\d.])" + re.escape(compact(n) + v) + r"(?![\d.])", compact(text))
                   for v in same_measure(u))
    asserted = list(dict.fromkeys(c.q.asserted))
    # the sentence closest to the question that states one of the figures asserted
    stating = sorted(((s.coverage, sentence_span(s).text) for s in chosen
                      if any(stated_in(*a, sentence_span(s).text) for a in asserted)), key=lambda x: -x[0])
    if len(asserted) < 2 or not stating:
        return False
    home = stating[0][1]
    wrong = [a for a in asserted if not stated_in(*a, home)]
    if not wrong or len(wrong) == len(asserted):
        return False
    figures = []
    for n, u in wrong:
        before = re.search(r"([\u4e00-\u9fff]{2})\s*" + re.escape(n) + r"\s*" + re.escape(u), c.q.text)
        of_unit = [m for m in NUMBER_UNIT.finditer(home) if m.group()[:1].isdigit()
                   and any(compact(m.group()).endswith(v) or v in compact(m.group()) for v in same_measure(u))]
        after_same = [m for m in of_unit if before and m.string[max(0, m.start() - 2) : m.start()] == before.group(1)]
        figures += [m.group() for m in after_same or of_unit]
    if not figures:
        return False
    c.b.say(c.frame("premise_wrong", figures="、".join(dict.fromkeys(figures[:3])),
                    asserted="、".join(n + u for n, u in wrong)))
    return True


def _counting_as_asserted(c: Ctx, figures: list[str], spans: list[Span]) -> list[str]:
    """The figures that the plan's sentences follow with the two characters the question writes after the figure
    it asserts (7个口袋公园: 4个口袋…)."""
    things = {m.group(1) for n, u in c.q.asserted
              for m in re.finditer(re.escape(n) + r"\s*" + re.escape(u) + r"([\u4e00-\u9fff]{2})", c.q.text)}
    texts = [compact(s.passage.text) for s in spans]
    return [x for x in figures if any(compact(x) + t in text for t in things for text in texts)]


def _heading_figure(c: Ctx, asked: list[str], numbered: list[Span]) -> Span | None:
    """The closing note of the heading of the section the question names, when the question asks
    a number of the section as a whole (这一块占多少分), or a kind of figure (分) no clause close to it
    states, and that note states one."""
    if c.scope is None or not (c.q.asks_number or c.q.asserted):
        return None
    if not c.q.asks_number:  # "X那块占3分对吧": the heading's figure in the measure asserted
        asked = [u for _, u in c.q.asserted]
    close = any(s.coverage >= NUMBER_VS_BEST * c.best.coverage for s in numbered)
    if not about_scope(c) and (not any(asked) or close):
        return None
    for p in c.look.headings_of(*c.scope):
        note = CLOSING_NOTE.search(p.text)
        if note:
            span = Span(p, 0, note.end(), 1.0, Hit(p, 1.0))  # the heading, its note included
            if any(figures_fit(span, u) for u in asked):
                return span
    return None


def _with_lead_measure(c: Ctx, cap: Span) -> Span:
    """A cap or change clause (单个项目最高N万元, 增长6%) extended back to the clause of its sentence
    that best holds the question's topic (对X给予补助, 产值达到…), scored as that clause."""
    before = [x for x in c.spans if x.passage is cap.passage and x.end <= cap.start]
    lead = max(before, key=lambda x: x.coverage, default=None)
    if lead is None or lead.coverage <= cap.coverage:
        return cap
    return Span(cap.passage, lead.start, cap.end, lead.coverage, cap.hit)


def _with_subject(c: Ctx, figure: Span) -> Span:
    """A figure clause that opens with its verb, its subject the clause right before it, which states no figure
    (鲜活农产品，实行2小时内通关), or whose clause before says whom it is for (对…的企业，给予N万元): extended
    back over that clause and scored as it and the words the figure clause adds, when it holds more of the topic.
    Not a clause with its own subject (耕地保有量稳定在60万亩), nor a share in words (全部建成…), nor one that counts
    another thing than the question counts (_counts_another_thing)."""
    if not _FIGURE.search(figure.text):
        return figure
    before = [x for x in c.spans if x.passage is figure.passage and _comma_apart(x, figure)]
    subject = max(before, key=lambda x: x.coverage, default=None)
    if subject is None or subject.coverage <= figure.coverage or figures_fit(subject, ""):
        return figure
    if not _opens_with_verb(figure.text) and not _FOR_WHOM.match(subject.text) or _counts_another_thing(c, figure):
        return figure
    merged = Span(figure.passage, subject.start, figure.end, subject.coverage, figure.hit)
    # and the topic words only the figure clause adds (鲜活农产品，实行2小时内通关: 通关)
    merged.coverage += CLAUSE_WORDS * max(0.0, c.look.cover(c.topic, merged.text) - c.look.cover(c.topic, subject.text))
    return merged


def _counts_another_thing(c: Ctx, figure: Span) -> bool:
    """"开展X，新增Y企业50家" where the question asks how many Z X makes: the figure clause names what it counts
    (Y企业, after its verb) and that holds none of the words the question counts (Z): another measure's figure."""
    counted = [t for t in c.topic if len(t) >= 2 and t in c.q.counted]
    m = _FIGURE.search(figure.text)
    if not counted or m is None:
        return False
    named = compact(figure.text[: m.start()])  # its verb and what it counts
    return len(named) >= 4 and not any(t in named for t in counted)


def _comma_apart(first: Span, second: Span) -> bool:
    """Do two clauses of one sentence follow each other, at most a comma between them?"""
    return 0 <= second.start - first.end <= 1 and first.passage.text[first.end : second.start] in ("", "，", ",")


_PERIOD_WORDS = frozenset({"全年", "每年", "当年"})  # spans of time jieba tags as numerals (m), not times (t)


@lru_cache(maxsize=4096)
def _opens_with_verb(clause: str) -> bool:
    """Does the clause open with a verb (实行6小时内放行), by the segmenter's dictionary, after any time it is done in
    (全年完成投资20亿元, 年内建成3个: the verb still has its subject in the clause before)?"""
    from jieba import posseg  # loaded on the first question, not at start

    words = posseg.lcut(clause.lstrip("，,、；; "))
    while words and (words[0].flag == "t" or words[0].word in _PERIOD_WORDS):
        words = words[1:]
    return bool(words) and words[0].flag == "v"


def _only_repeats_the_question(c: Ctx, chosen: list[Span]) -> bool:
    """Every figure the answer would quote is one the question itself already states."""
    said = {n for n, _ in c.q.asserted} | set(re.findall(r"\d+(?:\.\d+)?", c.q.text))
    shown = [m.group() for s in chosen for m in _FIGURE.finditer(s.text) if not _in_a_name(s.text, m)]
    return bool(said) and bool(shown) and all(x.rstrip("万亿") in said or x in said for x in shown)


def _in_a_name(text: str, m: re.Match) -> bool:
    """Is the figure matched part of a name (IPV6, 5G网络, B2B), not a quantity? A one-letter magnitude closing a
    clause after 至/到/达 (带宽升至10G。) is a quantity."""
    after = text[m.end() :]
    if re.match(r"[A-Za-z]", text[m.start() - 1 : m.start()]):
        return True
    return bool(re.match(r"[A-Za-z]", after)) and not (
        _CAPACITY_REACHED.match(after) and re.search(r"[至到达]$", text[: m.start()]))


def scope_spans(c: Ctx) -> list[Span]:
    """Every clause and list item of the passages under the section the question names."""
    doc, path = c.scope
    out = []
    for p in c.look.under(doc, path):
        if p.section_kind in ("heading", "headline"):
            continue
        hit = Hit(p, 0.0)
        out += [Span(p, a, e, 1.0, hit) for a, e in clause_spans(p, items=True)]
    return out


# --------------------------------------------------------------------------- owners

def assignment_for(c: Ctx, span: Span) -> Assignment | None:
    found = c.look.assignments_of.get(span.passage.passage_id, [])
    measures = [a for a in found if span.passage.passage_id in a.passage_ids]
    return (measures or found or [None])[0]


def item_passages(c: Ctx, a: Assignment) -> list[Passage]:
    """An annotated item's sentences (up to ITEM_SENTENCES), those the index holds: what the item says, dates too."""
    return [p for pid in a.passage_ids[:ITEM_SENTENCES] if (p := c.look.passages_by_id.get(pid)) is not None]


def _item_holding_more(c: Ctx, best: Span, a: Assignment, need_deadline: bool) -> tuple[Span, Assignment]:
    """The closest clause's annotated item, or another item close to it whose sentences together hold more of the
    question's words: an item's words may fall in two clauses (推进码头改造，分批实现渡轮更新), each less close than
    one long clause of another item holding two of them."""
    def item_share(x: Assignment) -> float:
        return c.look.cover(c.topic, "".join(p.text for p in item_passages(c, x)))

    if not c.topic:  # an English question: no words of its own to count in the plan's items
        return best, a
    mine = item_share(a)
    others = [(share, s.coverage, s, x) for s in c.spans if s.coverage >= ITEM_CLOSE * best.coverage
              and (x := assignment_for(c, s)) is not None and x is not a and (x.deadline or not need_deadline)
              and (share := item_share(x)) > mine and share >= ITEM_HOLDS]
    if not others:
        return best, a
    _, _, s, x = max(others, key=lambda o: (o[0], o[1]))
    return s, x


def _measure_with_owner(c: Ctx, need_deadline: bool = False) -> tuple[Span, Assignment | None]:
    """The clause the question is about, and the plan's annotation for it. A clause whose
    measure carries an annotation (with a deadline, for a date question) may stand in for a
    barely better clause that has none."""
    best = c.best
    a = assignment_for(c, best)
    if a is not None:
        return _item_holding_more(c, best, a, need_deadline)

    def fits(s: Span) -> bool:
        found = assignment_for(c, s)
        return found is not None and (found.deadline != "" or not need_deadline)

    near = [s for s in c.spans if s.coverage >= OWNER_ALTERNATIVE * best.coverage and fits(s)]
    if near:
        s = max(near, key=lambda s: (s.coverage, s.hit.score))
        return s, assignment_for(c, s)
    # the section the question names, else the one the closest clause sits in (a box or caption printed after
    # its item's note has none of its own)
    for scope in (c.scope, (best.passage.doc_id, best.passage.section_path)):
        section = _section_assignment(c, scope)
        if section is not None and (section[1].deadline != "" or not need_deadline):
            return section
    # A top-ranked sentence that itself names who is responsible (…是第一责任人) beats the closest clause when it is
    # as close, or names the role the question asks for (谁是第一责任人); not for a date question (naming a party
    # says nothing of when)
    def names_asked_role(s: Span) -> bool:
        return any(m.group() in c.q.text for m in NAMED_ROLE.finditer(s.passage.text))

    # a top-ranked clause writing who does the duties asked (谁统筹、谁负总责: 市统筹区负总责…), the more the better
    duties = [] if need_deadline else asked_duties(c.q.text, c.topic)
    if duties:
        close = [s for s in c.spans if s.hit.rank <= 3 or s.coverage >= OWNER_ALTERNATIVE * best.coverage]
        doing = [(len(d), s) for s in close if (d := duty_holders(s.text, duties))]
        if doing:
            return max(doing, key=lambda ds: (ds[0], ds[1].coverage, ds[1].hit.score))[1], None
    naming = [] if need_deadline else [s for s in c.spans if s.hit.rank <= 3 and named_responsible(s.passage.text)
                                       and (s.coverage >= OWNER_ALTERNATIVE * best.coverage or names_asked_role(s))]
    if naming:
        return max(naming, key=lambda s: (s.coverage, s.hit.score)), None
    return best, None


def _section_assignment(c: Ctx, scope: tuple[str, tuple[str, ...]] | None) -> tuple[Span, Assignment] | None:
    """A section whose one owner note covers it from its first sentence on: that note is the section's,
    also for a box or caption printed after it."""
    if scope is None:
        return None
    inside = text_under(c, *scope)
    notes = {tuple(a.passage_ids): a for p in inside for a in c.look.assignments_of.get(p.passage_id, [])}
    if len(notes) != 1 or not inside:
        return None
    a = next(iter(notes.values()))
    if inside[0].passage_id not in a.passage_ids:
        return None
    first = inside[0]
    return Span(first, 0, len(first.text), c.best.coverage, Hit(first, c.best.hit.score)), a


def _say_assignment(c: Ctx, a: Assignment, measure: Span) -> None:
    f, b = c.frame, c.b
    if a.lead:
        b.say(f("lead", units="、".join(a.lead)))
        if a.partners:
            b.say(f("partners", units="、".join(a.partners)))
    else:
        b.say(f("units", units="、".join(a.partners)))
    if a.deadline:
        b.say(f("deadline", deadline=a.deadline))
    b.say(f("located", section=measure.passage.section_label))
    b.quote(sentence_span(measure), block=False)
    ann = annotation_span(a, c.look.passages_by_id)
    if ann is not None and ann.passage.passage_id != measure.passage.passage_id:
        b.say(f("annotation"))  # in another passage: quoted too, so it is highlighted in the sources
        b.quote(ann)
    b.add_owners(a.units)


def owner(c: Ctx, table_row=None) -> str:
    measure, a = _measure_with_owner(c)
    if table_row is not None:
        c.b.add_owners(table_row.bodies)
        c.b.say(c.frame("owners_from_table", measure=table_row.measure, lead=table_row.lead or "—",
                        resp=table_row.responsible or "—"))
        c.b.cite_row(table_row)
    if a is not None:
        _say_assignment(c, a, measure)
        return "answered"
    named = named_responsible(measure.passage.text)
    convened = convening(measure.passage.text)
    partners = [] if table_row is not None else [x for x in partnered(measure.passage.text) if x not in named]
    doers = [] if named or partners or table_row is not None else _duty_doers(c, measure)
    if named:
        c.b.add_owners(named)
        if convened:  # X会同Y: who leads, who works with it
            c.b.say(c.frame("lead", units=convened[0]))
            if convened[1]:
                c.b.say(c.frame("partners", units="、".join(convened[1])))
        others = [n for n in named if not convened or n != convened[0] and n not in convened[1]]
        if others:
            c.b.say(c.frame("owners_named") + "、".join(others))
    if partners:  # 配合X: the body the work is done with, named as a partner (no lead)
        c.b.add_owners(partners)
        c.b.say(c.frame("partners", units="、".join(partners)))
    if doers:  # no owner marked, but the sentence says who does the duty asked about
        c.b.add_owners([body for _, body in doers])
        duties = c.frame("duty_sep").join(c.frame("duty_doer", duty=duty, units=body) for duty, body in doers)
        c.b.say(c.frame("duty_named", duties=duties))
    elif not (named or partners or table_row is not None):
        c.b.say(c.frame("no_owner"))
    c.b.say(c.frame("located", section=measure.passage.section_label))
    c.b.quote(clause_of(measure), block=True)  # the sentence, the measure in bold
    mentioned = [m for m in mentioned_bodies(measure.passage.text) if m not in c.b.owners]
    if mentioned:
        c.b.mentioned.extend(mentioned)
        c.b.say(c.frame("mentioned") + "、".join(mentioned))
    return "answered" if (named or partners or doers or table_row is not None) else "no_figure"


def _duty_doers(c: Ctx, measure: Span) -> list[tuple[str, str]]:
    """(duty, body) for each duty the question names that the measure's sentence writes a body doing."""
    return duty_holders(measure.passage.text, asked_duties(c.q.text, c.topic))


def yes_no(c: Ctx, table_row=None) -> str:
    """Confirm only a unit the plan names for the measure; otherwise say whom it names."""
    measure, a = _measure_with_owner(c)
    units = a.units if a is not None else (table_row.bodies if table_row is not None else
                                           named_responsible(measure.passage.text) or
                                           [body for _, body in _duty_doers(c, measure)])
    written = [] if units else _bodies_of_kind_asked(c, measure)  # no duty given: the bodies it is about
    units = units or written
    if not units:
        c.b.say(c.frame("cannot_confirm"))
        c.b.say(c.frame("located", section=measure.passage.section_label))
        c.b.quote(clause_of(measure), block=True)
        return "no_figure"
    def named_among(names: list[str]) -> list[str]:  # a name the plan writes whole is that unit only (_asked_unit)
        return [u for u in names if _asked_unit(c, u)]

    if c.q.asks_lead and a is not None and a.lead and not named_among(a.lead) and named_among(a.partners):
        # "是X牵头的吗" where X only takes part: not a yes; the plan's lead, and X's own role
        c.b.say(c.frame("confirm_partner", lead="、".join(a.lead), units="、".join(named_among(a.partners))))
    elif c.q.asks_lead and a is not None and not a.lead and len(a.partners) > 1 and named_among(a.partners):
        # "是X牵头的吧" where the plan lists X among several units and marks none as lead: not a yes
        c.b.say(c.frame("confirm_listed", units="、".join(a.partners), named="、".join(named_among(a.partners))))
    else:
        named = named_among(list(units))
        confirmed = bool(named)
        # "A和B负责是吧" where the plan names A but not B: not a yes; which of them it does not name
        missing = [m for m in c.q.unit_mentions if not any(_mention_names(c, m, u) for u in units)]
        # a plain "no" only against the plan's own responsibility notes; parties a sentence names in
        # prose (党政一把手…) may include the one asked about, so the answer says what the plan names
        refusal = "confirm_no" if a is not None or table_row is not None else \
            "confirm_written_other" if written else "confirm_other"
        if written and confirmed and not missing:
            c.b.say(c.frame("confirm_written") + "、".join(units))
        elif confirmed and missing:
            c.b.say(c.frame("confirm_some", units="、".join(units), missing="、".join(missing)))
        elif confirmed and ASKS_ALONE.search(c.q.text) and len(units) > len(named):
            c.b.say(c.frame("confirm_not_alone", units="、".join(units)))  # "是X一家负责的吧": X and others
        else:
            c.b.say(c.frame("confirm_yes" if confirmed else refusal) + "、".join(units))  # the plan's names
    if a is not None:
        _say_assignment(c, a, measure)
    else:
        c.b.add_owners(units)
        if table_row is not None:
            c.b.cite_row(table_row)
        c.b.say(c.frame("located", section=measure.passage.section_label))
        c.b.quote(clause_of(measure), block=True)
    return "answered"


def _bodies_of_kind_asked(c: Ctx, measure: Span) -> list[str]:
    """"说的是A银行吧" of a sentence that names banks without giving them a duty (加大X银行、Y银行…支持力度): the bodies of
    the kind the question names (the last character of the body it names: 行, 局) that the sentence writes are whom it
    speaks of."""
    written = re.sub(r"[“”\"「」‘’]", "", measure.passage.text)  # as a question types it: “三农”金融 as 三农金融
    bodies = c.look.written_bodies()
    kinds = {(closest_body(m, bodies) or m)[-1] for m in c.q.unit_mentions if m not in written}  # 邮储: a 银行
    named = [head_body(_without_leading_verb(n)) for n in unit_mentions(measure.passage.text)]
    return list(dict.fromkeys(n for n in named if n[-1:] in kinds and is_body_name(n)))  # not 帮办, a service


def _asked_unit(c: Ctx, name: str) -> bool:
    """Is `name` (as the plan writes it) a unit the question names (a reverse or yes/no question)? A name the plan
    writes whole (建设银行 in 中国建设银行) is that unit only, not another it would shorten to (中国建设开发银行)."""
    return any(_mention_names(c, m, name) for m in c.q.unit_mentions)


def _mention_names(c: Ctx, mention: str, name: str) -> bool:
    """Does a unit as the question writes it name the unit the plan writes (see _asked_unit)? A two-character
    shortening (农行) names the body it shortens most closely (中国农业银行, not 中国农业发展银行)."""
    if mention in name:
        return True
    if len(mention) == 2:
        return closest_body(mention, c.look.written_bodies() | {name}) == name and not _plan_writes(c, mention)
    return unit_matches(mention, name) and not _plan_writes(c, mention)


def _plan_writes(c: Ctx, words: str) -> bool:
    return any(words in compact(p.text) for ps in c.look.doc_passages.values() for p in ps)


def reverse(c: Ctx) -> str | None:
    """Every measure the plan assigns to the unit the question names, grouped by section.
    None when the plan assigns nothing to it (the caller answers from the text)."""
    matched: "OrderedDict[str, list[Assignment]]" = OrderedDict()
    for a in c.look.assignments:
        names = [u for u in a.units if _asked_unit(c, u)]
        for u in names:
            matched.setdefault(u, []).append(a)
    if not matched:
        return None
    chosen: list[Assignment] = []
    for group in matched.values():
        chosen += [a for a in group if a not in chosen]
    cooperating: list[Assignment] = []
    if c.q.asks_lead:  # "X牵头哪些事": what X leads (or owns alone); the measures it only cooperates on counted apart
        leads = [a for a in chosen if not a.lead or any(u in a.lead for u in matched)]
        if leads:
            chosen, cooperating = leads, [a for a in chosen if a not in leads]
    c.b.add_owners(list(matched))
    c.b.say(c.frame("reverse_lead" if c.q.asks_lead and cooperating else "reverse", unit="、".join(matched),
                    n=len(chosen), m=len(cooperating)))
    by_sec: "OrderedDict[str, list[Assignment]]" = OrderedDict()
    for a in chosen:
        p = c.look.passages_by_id.get(a.passage_ids[0]) if a.passage_ids else None
        by_sec.setdefault(p.section_label if p else " › ".join(a.section_path), []).append(a)
    per_measure = REVERSE_SENTENCES if len(chosen) <= REVERSE_FULL_UP_TO else 1  # a long list: first sentences
    for section, group in by_sec.items():
        c.b.say(f"**{section}**")
        for a in group:
            measure = [c.look.passages_by_id[pid] for pid in a.passage_ids[:per_measure]
                       if pid in c.look.passages_by_id]
            for i, p in enumerate(measure):  # the measure's sentences, the first as the item
                c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 0.0)), bullet=i == 0)
            ann = annotation_span(a, c.look.passages_by_id)
            if ann is not None and all(ann.passage.passage_id != p.passage_id for p in measure):
                c.b.quote(ann)
    return "answered"


def reverse_in_prose(c: Ctx) -> str | None:
    """A plan without responsibility notes that names a unit's duty in its sentences (明确X在…中的职责), or the work
    done with it (配合X): those sentences, in plan order, for the unit the question names (as written or shortened,
    农商行). None when no sentence names it."""
    matched: dict[str, list[Passage]] = {}
    for pid, names in c.look.named_in.items():
        for name in names:
            if _asked_unit(c, name):
                matched.setdefault(name, []).append(c.look.passages_by_id[pid])
    # a body the plan only says its work is done with (配合X): that work, not X's duties
    only_partner = all(name in partnered(p.text) and name not in named_responsible(p.text)
                       for name, ps in matched.items() for p in ps)
    return _sentences_naming(c, matched, "reverse_partner" if only_partner else "reverse_prose")


def reverse_mentioned(c: Ctx) -> str | None:
    """A unit the plan neither assigns measures to nor names responsible, but writes (中国XX银行 for XX银行):
    the sentences that write it, in plan order, said to be mentions. None when no sentence writes it."""
    matched: dict[str, list[Passage]] = {}
    for doc_passages in c.look.doc_passages.values():
        for p in doc_passages:
            if p.section_kind in ("heading", "headline"):
                continue
            for name in map(_without_leading_verb, unit_mentions(p.text)):
                if _asked_unit(c, name):
                    matched.setdefault(name, []).append(p)
    return _sentences_naming(c, matched, "reverse_mentioned")


def _sentences_naming(c: Ctx, matched: dict[str, list[Passage]], wording: str) -> str | None:
    """The units found (as the plan writes them) as the answer's owners, and their sentences in plan order."""
    if not matched:
        return None
    passages = sorted({p.passage_id: p for ps in matched.values() for p in ps}.values(),
                      key=lambda p: (p.doc_id, c.look.position.get(p.passage_id, 0)))
    c.b.add_owners(list(matched))
    c.b.say(c.frame(wording, unit="、".join(matched), n=len(passages)))
    for p in passages:
        c.b.say(f"**{p.section_label}**")
        c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 0.0)), bullet=True)
    return "answered"


def _without_leading_verb(name: str) -> str:
    """A body's name as a sentence runs into it (加大中国农业银行 -> 中国农业银行): leading verbs, adverbs,
    prepositions and conjunctions dropped."""
    from jieba import posseg  # loaded on the first question, not at start

    words = posseg.lcut(name)
    while len(words) > 1 and words[0].flag[:1] in ("v", "d", "p", "c"):
        words = words[1:]
    return "".join(w.word for w in words)


def listed_with(mentions: list[str], texts: list[str]) -> list[str]:
    """The units a question names and those the plan lists beside them (工会、共青团、妇联…等):
    when a quoted sentence lists a named unit, the whole list is the plan's answer."""
    out: list[str] = []
    for text in texts:
        for clause in _LIST_CLAUSE.findall(text):
            items = list_items(clause)
            if not any(m in it for m in mentions for it in items):
                continue
            for it in items:
                tail = next((m for m in mentions if it.endswith(m)), None)
                name = tail or it
                if 1 < len(name) <= 12 and name not in out:
                    out.append(name)
    return out or [m for m in mentions if any(m in t for t in texts)]


# --------------------------------------------------------------------------- dates

def paragraph_lead(c: Ctx, p: Passage) -> Passage | None:
    """The sentence opening p's paragraph when it sets the time for what follows
    (到2035年，…；…；… : the clauses after it are 2035's)."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    while i is not None and i > 0:
        prev, cur = doc[i - 1], doc[i]
        if not continues_paragraph(prev, cur):
            break  # a new paragraph starts at cur
        if _LEADING_TIME.match(prev.text):
            return prev
        i -= 1
    # 到2023年，…。 opening a section sets the year of the paragraphs listed under it
    first = next((q for q in c.look.under(p.doc_id, p.section_path)
                  if q.section_path == p.section_path and q.section_kind == p.section_kind), None)
    if first is not None and first is not p and _LEADING_TIME.match(first.text) \
            and c.look.position.get(first.passage_id, 0) < c.look.position.get(p.passage_id, 0):
        return first
    return None


def stated_year(c: Ctx, p: Passage) -> int | None:
    """The year a sentence opening with 到YYYY年 (its own, or its paragraph's or section's
    opening one) sets for p; None when no such sentence governs it."""
    lead = p if _LEADING_TIME.match(p.text) else paragraph_lead(c, p)
    m = re.search(r"(?:19|20)\d{2}", lead.text[:12]) if lead is not None else None
    return int(m.group()) if m else None


def equally_close(c: Ctx) -> list[Span]:
    """The best clause and, from other sentences, those within NO_FIGURE_TIE of it (the plan names the topic
    in several places, 推进智慧农场建设 twice): a "no figure" answer shows each, not one picked by a tie."""
    out = [c.best]
    for s in sorted(c.spans, key=lambda s: (-s.coverage, -s.hit.score)):
        if len(out) >= NO_FIGURE_SENTENCES or s.coverage < NO_FIGURE_TIE * c.best.coverage:
            break
        if all(s.passage.passage_id != x.passage.passage_id for x in out):
            out.append(s)
    return out


def with_the_subject(c: Ctx, shown: list[Span]) -> list[Span]:
    """The sentences a "no figure" answer shows, and the closest one writing the question's rarest word the plan writes
    (two characters or more) when none shown does: the thing asked about (一个码头的名字), which the words of the
    detail asked (预算, 贷款) can outweigh in a sentence on something else."""
    texts = c.look.compacted(c.best.passage.doc_id)
    holding = {t: sum(t in x for x in texts) for t in c.topic if len(t) >= 2}  # as written, whatever the tokens
    written = [t for t, n in holding.items() if n and any(t in searchable(s.passage.text) for s in c.spans)]
    if not written:
        return shown
    rarest = min(written, key=lambda t: (holding[t], -c.look.idf(t)))
    if any(rarest in searchable(s.passage.text) for s in shown):
        return shown
    subject = max((s for s in c.spans if rarest in searchable(s.passage.text)),
                  key=lambda s: (s.coverage, s.hit.score))
    return [*shown[: NO_FIGURE_SENTENCES - 1], subject]


def rest_of_topic(c: Ctx, shown: list[Span]) -> list[Span]:
    """The sentence next to one shown, in its paragraph, adding NO_FIGURE_REST or more to the share of the topic the
    sentences shown hold (an item whose first sentence names its ticket offices, the next ones its dispatch system): a
    "no figure" answer shows where the plan speaks of each part of the topic."""
    quoted = {s.passage.passage_id for s in shown}
    said = "".join(s.passage.text for s in shown)
    held = c.look.cover(c.topic, said)
    best_gain, best = 0.0, None
    for s in shown:
        doc = c.look.doc_passages.get(s.passage.doc_id, [])
        i = c.look.position.get(s.passage.passage_id)
        for j in (i - 1, i + 1) if i is not None else ():
            if 0 <= j < len(doc) and doc[j].passage_id not in quoted and \
                    continues_paragraph(*((doc[j], s.passage) if j < i else (s.passage, doc[j]))):
                gain = c.look.cover(c.topic, said + doc[j].text) - held
                if gain > best_gain:
                    best_gain, best = gain, doc[j]
    if best is None or best_gain < NO_FIGURE_REST:
        return []
    return [Span(best, 0, len(best.text), c.look.cover(c.topic, best.text), Hit(best, c.best.hit.score))]


def quote_in_context(c: Ctx, span: Span) -> None:
    """Quote a sentence, and before it the sentence that sets its year, when there is one; after a short lead
    (开展X服务。) the sentence it heads, which says what is done."""
    if not _LEADING_TIME.match(span.passage.text):
        lead = paragraph_lead(c, span.passage)
        if lead is not None:
            c.b.quote(Span(lead, 0, len(lead.text), span.coverage, Hit(lead, span.hit.score)))
    c.b.quote(span)
    first = _LEAD_SENTENCE.match(span.passage.text)
    if _is_short_lead(c, span) and first is not None and first.end() >= len(span.passage.text.rstrip()):
        for p in _paragraph_from(c, span.passage, 2)[1:]:  # the lead is the whole sentence: what it heads follows
            if not c.b.has_cited(p.text):
                c.b.quote(Span(p, 0, len(p.text), span.coverage, Hit(p, span.hit.score)))


def deadline(c: Ctx) -> str:
    measure, a = _measure_with_owner(c, need_deadline=True)
    sentence = sentence_span(measure)
    times = [m.group() for m in _TIME.finditer(sentence.text)]
    if ASKS_YEAR.search(c.q.text):  # "which year": only a stated year answers it
        times = [t for t in times if re.search(r"\d{4}", t)]
        if not times:
            close = [s for s in sorted(c.spans, key=lambda s: -s.coverage) if s.coverage >= YEAR_CLOSE * c.best.coverage]
            top = [s for s in c.spans if s.hit.rank == 1]  # the search's own first passage, after the close ones
            # not another measure's year, found by the plan's common words (a goal section's 到N年 lead)
            for s in filter(_of_the_best_clauses_words(c, or_others=True), close + top[:1]):
                lead_s = paragraph_lead(c, s.passage)
                found = [m.group() for m in _TIME.finditer(s.passage.text) if re.search(r"\d{4}", m.group())]
                if found or lead_s is not None:
                    measure, sentence = s, sentence_span(s)
                    times = found
                    break
    lead = None if times else paragraph_lead(c, measure.passage)
    if lead is not None:
        times = [m.group() for m in _TIME.finditer(lead.text)][:1]
    if ASKS_MONTH.search(c.q.text):  # "几月份公布": the month, or a year's end, not 每年 or 2025年
        times = [t for t in times if _WITHIN_A_YEAR.search(t)]
    often = bool(ASKS_HOW_OFTEN.search(c.q.text))
    if often:  # "多久一次": the period it recurs in (每半年), never a completion date (6月底完成)
        times = [t for t in times if t.startswith("每")]
    if a is not None and a.deadline and not often and \
            not (ASKS_YEAR.search(c.q.text) and not re.search(r"\d{4}", a.deadline)):
        _check_asserted_date(c, [a.deadline])
        item = item_passages(c, a)
        # "持续推进": a time field naming no time, in an item whose sentences date nothing (not 9月底前建成…，按计划推进),
        # does not give the date asked
        undated = not (_TIME.search(a.deadline) or re.search(r"\d", a.deadline)) and \
            all(m.group() in ONGOING for p in item for m in _TIME.finditer(p.text))
        if undated:
            c.b.say(c.frame("no_deadline"))
        c.b.say(c.frame("deadline", deadline=a.deadline))
        # "由谁牵头？什么时候完成？": both; so where the question supposes who leads it (是X牵头那条吧): the plan's own
        says_owner = bool(a.units) and (c.q.asks_owner or bool(supposed_leads(c.q)))
        if says_owner:
            if a.lead:
                c.b.say(c.frame("lead", units="、".join(a.lead)))
            if a.partners:
                c.b.say(c.frame("partners" if a.lead else "units", units="、".join(a.partners)))
            c.b.add_owners(a.units)
        c.b.say(c.frame("located", section=measure.passage.section_label))
        for p in item:  # the item's sentences: dates inside them (7月底前…，10月底…) too
            c.b.quote(Span(p, 0, len(p.text), measure.coverage, Hit(p, measure.hit.score)))
        ann = annotation_span(a, c.look.passages_by_id)
        if ann is not None and ann.passage.passage_id != measure.passage.passage_id:
            c.b.quote(ann)
        status = _count_also_asked(c, [Span(p, 0, len(p.text), 0.0, Hit(p, 0.0)) for p in item] or [measure])
        return "no_figure" if undated and status == "answered" and not says_owner else status
    if times:
        _check_asserted_date(c, times)
        c.b.say(c.frame("deadline_text") + "、".join(dict.fromkeys(times)))
        quote_in_context(c, sentence)
        _list_also_asked(c, sentence)
        return _count_also_asked(c, [sentence])
    c.b.say(c.frame("no_frequency" if often else "no_deadline"))
    c.b.quote(sentence)
    for s in with_the_subject(c, equally_close(c)):  # every place the plan speaks of it as closely, not one picked
        if not c.b.has_cited(s.passage.text):      # by a tie, and the thing asked about
            c.b.quote(sentence_span(s))
    return "no_figure"


_LIST_ASKED = re.compile(LIST_CUES, re.I)
_TIME_WORD_NEXT = re.compile(r"个?(?:年|月|天|日|号|季度|周)")  # 哪几年, 哪几个月: a list cue asking dates


def _list_also_asked(c: Ctx, measure: Span) -> None:
    """"用哪几种方式？多久考一次": the date is given; the items asked besides it are listed from the measure's sentence,
    or else from the heading of its section (（一）考评以A、B、C等方式进行), quoted."""
    if not any(not _TIME_WORD_NEXT.match(c.q.text, m.end()) for m in _LIST_ASKED.finditer(c.q.text)):
        return  # no list asked, or only "哪几年": the dates asked, given above
    p, kind = measure.passage, asked_kind(c.q.text)
    for holder in [p] + c.look.headings_of(p.doc_id, p.section_path):
        items = sentence_items(without_annotations(holder.text), kind, tuple(c.topic))
        if len(items) >= 2:
            if holder is not p:
                c.b.quote(Span(holder, 0, len(holder.text), measure.coverage, Hit(holder, measure.hit.score)))
            for item in items:
                c.b.say(f"- {item}")
            return


def _count_also_asked(c: Ctx, measure: list[Span]) -> str:
    """"要建多少个X，啥时候完成": the date is given; a count asked besides it that the measure's sentences do not
    state is said to be missing, and the answer is no_figure (the plan covers the measure, not all that is asked)."""
    counts = [u for u in c.q.asked_units if u and u not in _TIME_UNITS and not u.startswith(ORDINAL)]
    if not counts or not _COUNT_ASKED.search(c.q.text) or _TIME_THING.search(c.q.counted) \
            or any(figures_fit(s, u) for s in measure for u in counts):
        return "answered"
    c.b.say(c.frame("no_count"))
    return "no_figure"


def _check_asserted_date(c: Ctx, stated: list[str]) -> None:
    """A date the question asks to confirm: confirmed when one of the plan's dates holds it, else said to be wrong."""
    asked = c.q.asserted_date
    if not asked:
        return
    if any(re.search(r"(?<!\d)" + re.escape(compact(asked)), compact(t)) for t in stated):  # 1月底 is not in 11月底
        c.b.say(c.frame("premise_date_right"))
    else:
        c.b.say(c.frame("premise_date_wrong", stated="、".join(dict.fromkeys(stated)), asserted=asked))


# --------------------------------------------------------------------------- the rest

def section(c: Ctx) -> str:
    """The section path, and the run-in label of the paragraph when it opens with one
    (推进数字化改革。…): the place a reader finds it. The measure asked is a sentence, as a quote's is."""
    c.best = _clause_of_fullest_sentence(c)
    c.b.say(c.frame("section", section=c.best.passage.section_label))
    opener = paragraph_start(c, c.best.passage)
    caption = _caption_over(c, opener)
    if caption is not None:  # a box printed inside the section (its title a line of its own): where to look
        c.b.say(c.frame("caption"))
        c.b.quote(Span(caption, 0, len(caption.text), c.best.coverage, Hit(caption, c.best.hit.score)))
    label = _LABEL.match(opener.text) if opener.section_kind not in ("heading", "headline") else None
    if label and not (opener is c.best.passage and c.best.start < label.end()):
        c.b.say(c.frame("paragraph_label"))
        c.b.quote(Span(opener, 0, label.end(), c.best.coverage, Hit(opener, c.best.hit.score)))
    c.b.quote(c.best)
    return "answered"


def _is_caption(c: Ctx, p: Passage) -> bool:
    """A title line inside a section's text (a box's or a table's): a line of its own, short, with no
    punctuation of a sentence, a clause or a formula."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    if i is None or p.section_kind != "body" or len(compact(p.text)) > CAPTION_CHARS or _NOT_CAPTION.search(p.text):
        return False
    return (i == 0 or doc[i - 1].line_last < p.line_first) and (i + 1 == len(doc) or doc[i + 1].line_first > p.line_last)


def _caption_over(c: Ctx, opener: Passage) -> Passage | None:
    """The caption printed right above a paragraph of text, in the same section (专栏N …): the box it is in."""
    doc = c.look.doc_passages.get(opener.doc_id, [])
    i = c.look.position.get(opener.passage_id)
    if not i or _is_caption(c, opener):
        return None
    prev = doc[i - 1]
    return prev if prev.section_path == opener.section_path and _is_caption(c, prev) else None


def continues_paragraph(prev: Passage, cur: Passage) -> bool:
    """Does cur go on prev's paragraph (no gap between them, the same kind of text)?"""
    return cur.char_start - prev.char_end <= 0 and cur.section_kind == prev.section_kind


def paragraph_start(c: Ctx, p: Passage) -> Passage:
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    while i is not None and i > 0 and continues_paragraph(doc[i - 1], doc[i]):
        i -= 1
    return doc[i] if i is not None else p


def quote(c: Ctx) -> str:
    c.best = _clause_of_fullest_sentence(c)
    whole = whole_scope(c)
    # "X那条原文" points at an item; "X那条，Y那句" at a sentence of it
    pointed = not whole and _ITEM_DEIXIS.search(c.q.text) and not _POINTS_AT_SENTENCE.search(c.q.text)
    if pointed:  # "X那条原文", X in words of the asker's own: the item the closest words are in
        item = paragraph_of(c, c.best.passage)
        if 1 < len(item) <= QUOTE_PARAGRAPH_SENTENCES and _ENUMERATED.match(item[0].text):
            _quote_sentences(c, item)  # a numbered paragraph of several sentences (7．…。…。) in its section
            _say_part_found(c)
            return "answered"
        whole = text_under(c, c.best.passage.doc_id, c.best.passage.section_path)  # or its section, when it has
        whole = whole if len(whole) > 1 else []  # sentences besides
    if 0 < len(whole) <= QUOTE_WHOLE_SECTION:  # "X那条原文" where X is an item's title: the item, whole
        where = c.frame("lines", first=whole[0].line_first, last=whole[-1].line_last)
        c.b.say(c.frame("quote", section=whole[0].section_label, where=where))
        for p in whole:
            c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), block=True)
        if pointed:
            _say_part_found(c)
        return "answered"
    measure = _measure_of_note(c, c.best)
    if measure:  # the closest words are an owner note's (（…，X牵头）): the wording asked is the measure it closes
        return _quote_sentences(c, measure)
    p = c.best.passage
    if _ASKS_PARAGRAPH.search(c.q.text) or _is_short_lead(c, c.best):  # "那段原文", or a lead its paragraph details
        sentences = _paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)
        if len(sentences) > 1:
            return _quote_sentences(c, sentences)
    detailed = _detailed_within_paragraph(c, p)
    if detailed:  # "实施X计划。推进…，开展…。" inside a paragraph: the short sentence names what the next ones say
        return _quote_sentences(c, [p] + detailed)
    explained = _explanation_after(c, p)
    if explained:  # "…模式。即：…": the sentence and the one that says what it means
        return _quote_sentences(c, [p] + explained)
    where = c.frame("lines", first=p.line_first, last=p.line_last)
    c.b.say(c.frame("quote", section=p.section_label, where=where))
    part = _part_quoted_in_question(c, p) or c.best
    c.b.quote(part, block=True, verbatim=True)  # the original wording, unbroken by marks
    if len(p.text.strip()) > QUOTE_PART_BEYOND and part.text.strip() != p.text.strip():  # the part asked, in a long one
        c.b.say(c.frame("quote_part", part=part.text.strip()))
    for twin in _quoted_twins(c):  # the words asked, written whole in another sentence too: which is meant is not told
        where = c.frame("lines", first=twin.passage.line_first, last=twin.passage.line_last)
        c.b.say(c.frame("quote_also", section=twin.passage.section_label, where=where))
        c.b.quote(Span(twin.passage, 0, len(twin.passage.text), twin.coverage, twin.hit), block=True, verbatim=True)
    return "answered"


def _part_quoted_in_question(c: Ctx, p: Passage) -> Span | None:
    """The clause of the quoted sentence holding words the question puts in quotation marks (那条里“上链”那句), when
    the closest clause does not: the words typed exactly name the part asked, whatever the rest shares. The whole
    clause, not the item of its list that holds them (“上链” of 推进码头上链、航线上链)."""
    phrases = [x for x in (compact(ph).lower() for ph in c.q.query.phrases) if len(x) >= 2]
    if not phrases or any(x in compact(c.best.text).lower() for x in phrases):
        return None
    holding = [s for s in c.spans if s.passage.passage_id == p.passage_id
               and any(x in compact(s.text).lower() for x in phrases)]
    clauses = [s for s in holding if not any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
                                             for o in holding)]
    return max(clauses, key=lambda s: s.coverage, default=None)  # a clause, not one item of its list


def _quoted_twins(c: Ctx) -> list[Span]:
    """Other sentences, as close as the quoted one (equally_close), that write the question's words as the quoted
    clause does, every one of them in one stretch (渡轮码头建设 in both): "X那句原文" where the plan writes X twice.
    Of a work report, for a question naming no year, the sentences of its own year (as _clause_of_fullest_sentence)."""
    clause = compact(c.best.text).lower()
    if len(c.topic) < 2 or c.look.cover(c.topic, clause) < 1.0 or any(t not in clause for t in c.topic):
        return []
    starts = [clause.find(t) for t in c.topic]
    stretch = clause[min(starts) : max(i + len(t) for i, t in zip(starts, c.topic))]
    figures = [n for n in re.findall(r"\d+", c.q.text) if n in clause]  # typed figures (2+2) tell sentences apart too
    # and, as the quoted one is chosen, not from a work report's review of another year when it is of its own
    own = _of_own_year(c, c.best.passage)
    return [s for s in equally_close(c)[1:] if stretch in (twin := searchable(s.passage.text))
            and all(n in twin for n in figures) and (_of_own_year(c, s.passage) or not own)]


def _say_part_found(c: Ctx) -> None:
    """After an item quoted whole: the words it was found by, when they are part of a sentence."""
    if c.best.text.strip() != c.best.passage.text.strip():
        c.b.say(c.frame("quote_part", part=c.best.text.strip()))


def _short_without(sentence: str, marks: str) -> bool:
    """No longer than LEAD_SENTENCE_CHARS and none of `marks` in it: a sentence that names more than it says."""
    return len(compact(sentence)) <= LEAD_SENTENCE_CHARS and not re.search(f"[{marks}]", sentence)


def _is_short_sentence(p: Passage) -> bool:
    """A passage that is one short sentence without a comma or a list: a name (实施X计划。) more than a measure
    (鼓励发展A、B。)."""
    text = p.text.strip()
    return _short_without(text, "，,；;：:、") and _LEAD_SENTENCE.fullmatch(text) is not None


def _detailed_within_paragraph(c: Ctx, p: Passage) -> list[Passage]:
    """The sentences after a short one inside its paragraph that say what it names (a box's run of 实施X计划。
    推进…。实施Y计划。…), up to the next short one; [] when p is no short sentence or the next is short too."""
    if not _is_short_sentence(p):
        return []
    out: list[Passage] = []
    for nxt in _paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)[1:]:
        if _is_short_sentence(nxt):
            break
        out.append(nxt)
    return out


def _clause_of_fullest_sentence(c: Ctx) -> Span:
    """The original wording asked for is a sentence: a clause within QUOTE_TIE of the closest whose sentence holds
    every word of the question the closest one's sentence holds, and more (除A外一律不得X of "X，除了A以外怎么
    规定的", over a sentence about X alone); the closest otherwise, and always where the question quotes a
    phrase (that phrase points at its sentence)."""
    if QUOTED_PHRASE.search(c.q.text):
        return c.best

    words: dict[str, set[str]] = {}  # passage id -> the question's words its sentence and headings hold, measured once
    with_opening: dict[tuple[str, int, int], set[str]] = {}  # a span -> those with its paragraph's opening's

    def own(p: Passage) -> set[str]:  # a sentence is about its headings too, and a box's about its title
        if p.passage_id not in words:
            para = paragraph_of(c, p)
            box = _caption_over(c, para[0]) if para else None
            where = f"{p.text} {p.section_label} {box.text if box else ''}"
            words[p.passage_id] = {t for t in c.topic if c.look.cover([t], where) >= 1.0}
        return words[p.passage_id]

    def held(s: Span) -> set[str]:
        """With the words of its paragraph's opening sentence, where it holds more by itself (what a paragraph
        opens with, 渡运工作还有一些短板, is what its sentences are about; an item's later sentence holding no more of
        the words than its opening one is not the item's wording asked). An owner note takes none: it names who
        does the measure before it."""
        key = (s.passage.passage_id, s.start, s.end)
        if key not in with_opening:
            para = paragraph_of(c, s.passage)
            opening = para[0] if para and para[0] is not s.passage and not _measure_of_note(c, s) else None
            with_opening[key] = own(s.passage) if opening is None or len(own(s.passage)) <= len(own(opening)) \
                else own(s.passage) | own(opening)
        return with_opening[key]

    mine = held(c.best)
    whole = set(c.topic)
    # within the tie, or far below it where this sentence with its headings holds every word asked ("X部分讲Y的那句":
    # X is in its heading, Y in the sentence; the part's opening sentence repeats X alone)
    fuller = [s for s in c.spans if (s.coverage >= QUOTE_TIE * c.best.coverage or held(s) == whole) and held(s) > mine]
    # of two sentences alike, the one outside a work report's review of another year (a question naming no year
    # asks about the report's own)
    return max(fuller, key=lambda s: (len(held(s)), s.coverage, _of_own_year(c, s.passage)), default=c.best)


def _of_own_year(c: Ctx, p: Passage) -> bool:
    """Is p outside a work report's part for another year, for a question naming no year?"""
    years = c.look.years.get(p.doc_id)
    return not (c.q.years or c.q.relative_years) and years is not None and not years.in_other_years_part(p)


def _explanation_after(c: Ctx, p: Passage) -> list[Passage]:
    """The next sentence of p's paragraph when it opens by saying what p means (即：…, 也就是…), with the
    clauses its semicolons go on to (its parts)."""
    following = _paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)[1:]
    if not following or not _EXPLAINS.match(following[0].text):
        return []
    out = following[:1]
    for nxt in following[1:]:
        if not re.search(r"[；;]\s*$", out[-1].text):
            break
        out.append(nxt)
    return out


def _quote_sentences(c: Ctx, sentences: list[Passage]) -> str:
    """Consecutive sentences quoted whole, as the plan writes them, with the lines they span."""
    where = c.frame("lines", first=sentences[0].line_first, last=sentences[-1].line_last)
    c.b.say(c.frame("quote", section=sentences[0].section_label, where=where))
    for x in sentences:
        c.b.quote(Span(x, 0, len(x.text), c.best.coverage, Hit(x, c.best.hit.score)), block=True, verbatim=True)
    return "answered"


def _measure_of_note(c: Ctx, span: Span) -> list[Passage]:
    """The sentences of the measure whose owner note the span lies in, the note's own passage last ([] when
    the span is no note's)."""
    pid = span.passage.passage_id
    for a in c.look.assignments_of.get(pid, []):
        if a.source_passage_id == pid and a.source_start <= span.start and span.end <= a.source_end:
            ids = [x for x in a.passage_ids if x != pid][: QUOTE_PARAGRAPH_SENTENCES - 1] + [pid]
            return [c.look.passages_by_id[x] for x in ids if x in c.look.passages_by_id]
    return []


def _is_short_lead(c: Ctx, span: Span) -> bool:
    """Is the span's sentence a short lead (全面推进X建设。, no comma) opening its paragraph?"""
    p = span.passage
    first = _LEAD_SENTENCE.match(p.text)
    if first is None or span.start >= first.end() or not _short_without(first.group(), "，,；;"):
        return False
    return paragraph_start(c, p) is p


def _paragraph_from(c: Ctx, p: Passage, n: int) -> list[Passage]:
    """p and the sentences after it in its paragraph (no gap between them), n at most."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    out = [p]
    for q in doc[i + 1 :] if i is not None else []:
        if len(out) >= n or not continues_paragraph(out[-1], q):
            break
        out.append(q)
    return out


def listing(c: Ctx, unit_filter: str | None, number_filter: str | None) -> str:
    doc = c.best.passage.doc_id
    if unit_filter or number_filter:
        found = all_figures(c, doc, unit_filter, number_filter)
        if found:
            c.b.say(c.frame("targets"))
            for sec, group in by_section(found).items():
                c.b.say(f"**{sec}**")
                for s in group:
                    c.b.quote(s, bullet=True)
            return "answered"
    if c.scope is not None and (c.q.asks_number or ASKS_TARGETS.search(c.q.text)):
        return targets(c)
    if c.q.asks_number and c.q.asked_unit and (any(
            figures_fit(s, c.q.asked_unit) and s.coverage >= KEEP_LIST * c.best.coverage for s in c.spans)
            or _figure_detailing_lead(c, [c.q.asked_unit]) is not None):
        # "一共几种": a sentence as close as the best states how many (1500种出口商品), or the paragraph the best
        # clause heads does (全面推进X建设。…明确的120项任务)
        return targets(c)
    kind = asked_kind(c.q.text)
    # the kind is the whole noun asked (哪几类设备？), not its first word (哪些检测设备: 检测 items are no 设备)
    # (or one character, a verb or particle, before the end: 哪几类设备弄？)
    kind_closes_question = bool(kind) and re.search(
        re.escape(kind) + r"(?:(?![\u4e00-\u9fff])|[\u4e00-\u9fff](?=[？?！!。]?$))", c.q.text) is not None

    def lists_kind(s: Span | Passage) -> bool:  # "哪些骨干行业": a list closing with 等骨干行业 is of the kind asked
        p = s.passage if isinstance(s, Span) else s
        return bool(kind) and any(kind in run.kind or kind_closes_question and _items_of_kind(run, kind)
                                  for m in _LIST_CLAUSE.finditer(p.text) for run in enumerations(m.group()))

    # "像A、B、C这些": the question lists examples; the plan's list holding them is the one asked for
    # ("A、B这块": the part of the plan asked about, not examples of what it lists)
    listed = [m.group() for m in re.finditer(r"[^，；。：,;:！？?]+", c.q.text)
              if "、" in m.group() and not _SCOPE_AFTER_LIST.search(m.group())]

    def names_an_item(s: Span) -> bool:  # "X具体要发展哪些": a list holding X itself lists X's siblings, not X's own
        return not listed and not _BESIDES.search(c.q.text) and any(
            len(it) >= 3 and it in c.q.text for it in sentence_items(s.passage.text, kind, tuple(c.topic)))

    if c.scope is not None and section_parts(c, *c.scope):
        # a title naming the kind asked (甲方式试点: 分哪几种方式) is of its parts, not a sentence's 等新方式 in one
        of_kind = None if kind and kind in compact(c.scope[1][-1]) else \
            min((s for s in scope_spans(c) if lists_kind(s)), key=names_an_item, default=None)
        beyond = _words_beyond_title(c)
        # a sentence of the section lists what the words beyond its title ask; or one elsewhere does
        listing_beyond = None if of_kind is not None else _list_holding(c, beyond) or _list_elsewhere(c, beyond)
        if of_kind is None and listing_beyond is None:  # "X方面有哪几项": the section's parts
            return parts(c, c.scope)
        if listing_beyond is not None:  # its items: the run of the clause holding those words
            count = asked_count(c.q.text)  # "是哪四类" of 等两类: the plan's count first
            stated = stated_count(listing_beyond.passage.text, asked_counter(c.q.text)) if count else None
            c.b.say(c.frame("count_differs", stated=stated[1], n=count) if stated and stated[0] != count
                    else c.frame("list"))
            return _list_sentence(c, listing_beyond, beyond)
        c.b.say(c.frame("list"))  # "X那块要推动哪些技术": the section's sentence listing 等技术
        return _list_sentence(c, of_kind)
    quoted_kind = _quoted_kind_run(c)
    if quoted_kind is not None:  # "哪几个“办”": the run whose every item holds the word quoted
        span, items = quoted_kind
        c.b.say(c.frame("list"))
        c.b.quote(sentence_span(span))
        for item in items:
            c.b.say(f"- {item}")
        return "answered"
    # the sentence that lists (most 、-items) among the close ones; a heading-like sentence with
    # no items is followed by the next sentence of its section that has them
    close = [s for s in c.spans if s.coverage >= KEEP_LIST * c.best.coverage or _labelled_as_asked(c, s)]
    if kind_closes_question and not any(len(sentence_items(s.passage.text)) >= 2 for s in close):
        # none close lists anything: a list of the kind asked, further, that holds a word of the topic besides it
        others = [t for t in c.topic if len(t) >= 2 and t not in kind]
        close += [s for s in c.spans if lists_kind(s) and any(t in compact(s.passage.text) for t in others)]
    by_passage: "OrderedDict[str, Span]" = OrderedDict()
    # "X平台提供哪些服务": the sentence about X lists other things (统一、实时 汇集), the next one of its paragraph 等服务
    of_kind_beside = [] if not kind or lists_kind(c.best) else [
        Span(p, 0, len(p.text), c.look.cover(c.topic, p.text), Hit(p, c.best.hit.score))
        for p in paragraph_of(c, c.best.passage) if lists_kind(p)]
    verb = _asked_verb(c)
    for s in sorted(close + _listing_headings(c) + of_kind_beside + _led_lists(c) + _verb_led_list(c, verb),
                    key=lambda s: -s.coverage):
        by_passage.setdefault(s.passage.passage_id, s)
    examples = [t for t in c.topic if len(t) >= 2 and any(t in x for x in listed)]

    def examples_listed(s: Span) -> int:
        return sum(any(t in it for t in examples) for it in sentence_items(s.passage.text))

    closest = max((s.coverage for s in by_passage.values()), default=0.0)

    def rank(s: Span) -> tuple:  # equally close, the sentence listing more (clauses in one frame, not a pair)
        listed_here = len(sentence_items(s.passage.text))
        coverage = closest if s.coverage >= closest - EQUALLY_CLOSE else s.coverage
        opened = verb is not None and _opens_list(verb, s.passage.text)  # equally close, the list the verb asked opens
        return listed_here < 2, names_an_item(s), -examples_listed(s), not lists_kind(s), -coverage, not opened, \
            -listed_here

    ranked = sorted(by_passage.values(), key=rank)
    count = asked_count(c.q.text)
    if count:  # "六大X是哪六个": a sentence (or paragraph) listing about that many, or the plan only names the set
        fits = [s for s in ranked if abs(len(sentence_items(s.passage.text)) - count) <= 1
                or len(paragraph_enumeration(c, s.passage)) >= count]
        if not fits:  # "哪五类" where the sentence lists 三大类: the question's count is wrong, the plan's list answers
            counter = asked_counter(c.q.text)
            stated = [(s, n[1]) for s in ranked if (n := stated_count(s.passage.text, counter)) and n[0] != count
                      and abs(len(sentence_items(s.passage.text)) - n[0]) <= 1]
            if not stated:  # the sentence holding most of the topic (not one writing the count asserted, 这8个: 8个)
                return _none_listed(c, sentence_span(max(ranked, key=lambda s: s.coverage, default=c.best)),
                                    "no_items", n=count, counter=asked_counter(c.q.text) or "项")
            listing_sentence, phrase = stated[0]
            c.b.say(c.frame("count_differs", stated=phrase, n=count))
            return _list_sentence(c, listing_sentence)
        ranked = fits
    first = ranked[0] if ranked else c.best
    named = _quoted_elsewhere(c, first)
    if named is not None:  # "“X”里分别是哪些": the sentence naming X lists none; another sentence's list is not X's
        return _none_listed(c, sentence_span(named), "no_list")
    naming = None if lists_kind(first) else _names_without_listing(c, first)
    if naming is not None:  # "先建哪几个乡镇": the sentence about it lists none; another sentence's list is not it
        return _none_listed(c, sentence_span(naming), "no_list")
    unlisted = _counted_name_unlisted(c, first)
    if unlisted is not None:  # "要建几家X，是哪些" where the sentence writes 建设X and lists things of another kind
        return _none_listed(c, unlisted, "no_list")
    # "要建在哪几个县": the sentence about it names the measure and lists none; no items is no answer; "甲区一共几个":
    # counted, not listed, and the sentence about it states no count and names no members: no figure
    # "几个？在哪些区？": counted and listed, and the sentence about it does neither: no figure either
    which = _ASKS_WHICH_SEVERAL.search(c.q.text) is not None
    if (which or c.q.asks_number) and not _lists_anything(c, first):
        asks_list = which or _LIST_ASKED.search(c.q.text) is not None
        return _none_listed(c, sentence_span(first), "no_list" if asks_list else "no_number")
    # "这7个都是哪些" of 等4个, "哪三级" of 县乡村组四级: the plan's count first
    differs = None if _correct_premise(c, [first], counted_only=True) else _count_differing(c, sentence_span(first))
    c.b.say(c.frame("count_differs", stated=differs[1], n=differs[0]) if differs else c.frame("list"))
    return _list_sentence(c, first)


# Which items, asked by a word they all hold, quoted (哪几个“办”, 几个“不”): the items are the run holding it each
_WHICH_COUNTED = r"(?:哪|几)[个项条类种大]?"
_QUOTED_SHORT = re.compile(r"[“\"]([^”\"“]{1,4})[”\"]")  # a short word the question quotes
_QUOTED_KIND = re.compile(_WHICH_COUNTED + _QUOTED_SHORT.pattern)


def _quoted_kind_run(c: Ctx) -> tuple[Span, list[str]] | None:
    """The plan's 、-run whose every item holds the word the question quotes after asking which (甲办、乙办、丙办 for
    哪几个“办”), in the sentence that, with its paragraph's first sentence and its headings, holds most of the topic;
    None when there is none or that sentence holds under KEEP_LIST of what the best clause holds."""
    m = _QUOTED_KIND.search(c.q.text)
    # or quoted before it is asked unquoted: 说的“办”是哪几个办
    word = m.group(1) if m else next((w for w in _QUOTED_SHORT.findall(c.q.text)
                                      if re.search(_WHICH_COUNTED + re.escape(w), c.q.text)), None)
    if word is None:
        return None
    best = None
    for p in c.look.doc_passages.get(c.best.passage.doc_id, []):
        if word not in p.text or p.section_kind in ("heading", "headline"):
            continue
        runs = [items for clause in _LIST_CLAUSE.findall(p.text) for run in enumerations(clause)
                if len(items := _whole_items(run.items, clause, word)) >= 2 and all(word in item for item in items)]
        if runs:
            paragraph = paragraph_of(c, p)
            lead = paragraph[0].text if paragraph and paragraph[0] is not p else ""  # 加快X建设。…: the paragraph's X
            held = c.look.cover(c.topic, f"{p.text} {lead} {p.section_label}")
            if best is None or held > best[0]:
                best = (held, p, max(runs, key=len))
    if best is None or best[0] < KEEP_LIST * c.best.coverage:
        return None
    held, p, items = best
    return Span(p, 0, len(p.text), held, Hit(p, 0.0)), items


def _whole_items(items: list[str], clause: str, word: str) -> list[str]:
    """A run of items sharing `word`, whole. Its first item cut down to that word (甲乙多 read as 多 after its lead-in):
    as long as the second item, from the clause's first piece; cut past it (有 of 有码头 read as a verb): from the
    word's last place in that piece. Its last item run into the sentence (有航线的要求): up to its first verb or
    particle, where that still holds more than the word."""
    first = clause.split("、")[0]
    if len(items) >= 2 and first.endswith(items[0]):
        lead = first[: len(first) - len(items[0])]
        if len(items[0]) <= len(word):
            items = [first[-len(items[1]):], *items[1:]]
        elif word not in items[0] and word in lead:
            items = [first[lead.rfind(word):], *items[1:]]
    head = item_head(items[-1])
    if len(items) >= 2 and len(items[-1]) > max(map(len, items[:-1])) and word in head and len(head) > len(word):
        items = [*items[:-1], head]
    return items


def _quoted_elsewhere(c: Ctx, listing: Span) -> Span | None:
    """The sentence holding a name the question quotes (“…”) as the plan writes it, when the listing sentence does
    not hold it and it lists nothing itself: the question asks what that name holds, which the plan does not spell
    out there."""
    # compared width-folded: the question is normalised to half width; plans are not
    names = [width_folded(n) for n in quoted_names(c.q.text) if len(compact(n)) >= 2]
    if not names or any(n in width_folded(listing.passage.text) for n in names):
        return None
    holder = next((s for s in c.spans if any(n in width_folded(s.passage.text) for n in names)), None)
    if holder is None:
        return None
    # the clause naming it lists (not another clause of its sentence), or its paragraph or the next sentence does
    clause = next((x for x in _LIST_CLAUSE.findall(holder.passage.text) if any(n in width_folded(x) for n in names)), "")
    lists = len(sentence_items(clause)) >= 2 or bool(paragraph_enumeration(c, holder.passage)) or \
        next_with_items(c, holder.passage) is not None
    return None if lists else holder


def _labelled_as_asked(c: Ctx, s: Span) -> bool:
    """A paragraph opening with a label the question writes out (网络化协同。… asked "网络化协同具体要发展哪些"): it
    is about what the question asks, however little of the question's other words it holds."""
    label = _LABEL.match(s.passage.text)
    return label is not None and len(name := label.group().strip()[:-1]) >= 3 and name in c.q.text


def _none_listed(c: Ctx, span: Span, frame: str, **fields: object) -> str:
    """The plan names the set asked for and lists none of it: say so and quote it. A wrong count the question
    asserts (这7个都是哪些 where the sentence says 4个) is corrected first; that correction is the plan's answer."""
    corrected = _correct_premise(c, [span], counted_only=True)
    differs = None if corrected else _count_differing(c, span)
    if differs:  # "哪三级" where the sentence writes 四级 and lists none
        frame, corrected = "count_differs_unlisted", True
        fields = {"stated": differs[1], "n": differs[0], "counter": differs[2]}
    elif corrected and frame == "no_items":  # the count asked is wrong: not "which N" again
        frame, fields = "no_list", {}
    c.b.say(c.frame(frame, **fields))
    quote_in_context(c, span)
    return "answered" if corrected else "no_figure"


def _listing_headings(c: Ctx) -> list[Span]:
    """The own headings of the found sentences' sections that list items themselves and cover the question as
    well as the close sentences (（一）X以A、B、C等方式进行。 read as the title of what follows): candidates for the
    list like any sentence."""
    found: dict[str, Span] = {}
    sections = {(s.passage.doc_id, s.passage.section_path): s for s in reversed(c.spans)}  # each once, its first span
    for (doc, path), s in sections.items():
        for h in c.look.headings_of(doc, path):
            coverage = c.look.cover(c.topic, h.text)
            numbering = h.text[: len(h.text) - len(without_numbering(h.text))]
            items = sentence_items(h.text)
            if h.passage_id not in found and len(items) >= 2 and not any(it in numbering for it in items) \
                    and coverage >= KEEP_LIST * c.best.coverage:  # 一、A、B: 一 is its number, not an item
                found[h.passage_id] = Span(h, 0, len(h.text), coverage, Hit(h, s.hit.score))
    return list(found.values())


# The verb whose objects a list question asks for, typed right before 哪几 / 哪些 (要推进哪几项: 推进)
_ASKED_VERB = re.compile(r"([\u4e00-\u9fff]{2})(?=哪(?:几|些|[一二三四五六七八九十两]|\d))")


def _asked_verb(c: Ctx) -> str | None:
    m = _ASKED_VERB.search(c.q.text)
    return m.group(1) if m and m.group(1) in c.topic else None


def _opens_list(verb: str, text: str) -> bool:
    """Does `verb` open a 、-list in the text (推进A、B、C), as against a list another verb governs?"""
    return re.search(re.escape(verb) + r"[^，。；、：,;:]{1,30}、", text) is not None


def _opens_with(verb: str, text: str) -> bool:
    """Does the sentence open with the verb, after an adverb at most (推进A、B; 扎实推进A、B), and so carry the subject of
    the sentence before it, as against one with a subject of its own (落实X机制，…，推进A、B)?"""
    return re.match(r"[^\u4e00-\u9fff]*[\u4e00-\u9fff]{0,2}?" + re.escape(verb), text) is not None


def _verb_led_list(c: Ctx, verb: str | None) -> list[Span]:
    """A later sentence of the closest one's paragraph whose list the verb asked opens (加强X防治，实现A、B。推进C、D、E。
    for "X要推进哪几项"): the closest sentence names what the list is for, that one lists what the verb asked does;
    measured by what the two hold together, as a label and the list it leads to are. The next sentence, opening with
    the verb, carries the closest one's subject; any other must hold a word of the question besides the verb
    (推动X繁荣发展。…。实施X项目…，大力发展A、B、C for "X要发展哪些"), or it is about something of its own."""
    best = c.best.passage
    if verb is None or _opens_list(verb, best.text):
        return []
    paragraph = paragraph_of(c, best)
    after = next((k for k, p in enumerate(paragraph) if p is best), len(paragraph)) + 1
    others = [t for t in c.topic if len(t) >= 2 and t != verb]
    for k, q in enumerate(paragraph[after:]):
        carried = k == 0 and _opens_with(verb, q.text)  # the next sentence, going on with the closest one's subject
        if _opens_list(verb, q.text) and (carried or any(t in q.text for t in others)):
            return [Span(q, 0, len(q.text), c.look.cover(c.topic, f"{best.text} {q.text}"), Hit(q, c.best.hit.score))]
    return []


def _led_lists(c: Ctx) -> list[Span]:
    """The lists that found paragraph-opening labels lead to (开展甲乙服务。 then …加强与A、B、C等单位的合作…), each
    holding what its label and it hold together: the label names what the list is of, the list names none of it.
    A sentence further on, or after a lead that is not its paragraph's label, is about something of its own."""
    led: dict[str, Span] = {}
    seen: set[str] = set()
    for s in c.spans:
        if s.passage.passage_id in seen:  # a passage's clauses lead alike: its first stands for them
            continue
        seen.add(s.passage.passage_id)
        q = next_with_items(c, s.passage)
        if q is None or q.passage_id in led:
            continue
        paragraph = paragraph_of(c, q)
        if len(paragraph) < 2 or paragraph[0] is not s.passage or paragraph[1] is not q:
            continue  # only a paragraph's opening label and the sentence right after it
        held = c.look.cover(c.topic, f"{s.passage.text} {q.text}")
        if held >= KEEP_LIST * c.best.coverage:
            led[q.passage_id] = Span(q, 0, len(q.text), held, Hit(q, s.hit.score))
    return list(led.values())


# 哪几个省, 哪五类, 哪几级: items to name, in the measure word after the count
_ASKS_WHICH_SEVERAL = re.compile(r"哪(?:几|[两二三四五六七八九十]+|\d+)个?(?P<measure>[\u4e00-\u9fff]?)")


def _lists_anything(c: Ctx, first: Span) -> bool:
    """Does the listing sentence name items: its own 、-run, a count in the measure asked after the names it counts
    (市县两级 for 哪几级), its clauses when measures are asked (哪几条举措: …，增强A，探索B，发展C), its paragraph's
    一是…二是…, or (after a lead with none) the next sentence of its section with them?"""
    m = _ASKS_WHICH_SEVERAL.search(c.q.text)
    counted = m is not None and m.group("measure") and _names_its_count(first.passage.text, m.group("measure"))
    clauses = re.split(r"[，；,;]", without_annotations(sentence_span(first).text))  # its units' commas aside
    measures = m is not None and m.group("measure") in ("条", "项") and \
        len([x for x in clauses if x.strip()]) >= MEASURE_CLAUSES
    return len(sentence_items(first.passage.text)) >= 2 or bool(counted) or measures or \
        bool(paragraph_enumeration(c, first.passage)) or next_with_items(c, first.passage) is not None


def _counted_name_unlisted(c: Ctx, listing: Span) -> Span | None:
    """The listing sentence writes the name the question counts (几家甲乙商) in a clause listing nothing, and
    each 、-run it has closes with another kind (丙、丁等戊平台): the plan names the set asked about without its
    members; the run lists something else. None otherwise, or where its paragraph enumerates."""
    import jieba  # loaded once by the index's tokenizer already

    text = without_annotations(listing.passage.text)
    runs = [run for clause in _LIST_CLAUSE.findall(text) for run in enumerations(clause)]
    if not runs or quoted_names(text) or _LEADS_IN.search(text) or paragraph_enumeration(c, listing.passage):
        return None
    for m in _COUNTED_NAME.finditer(c.q.text):
        words = jieba.lcut(m.group("name"), HMM=False)  # its opening words, whole (工作机制 is not 工作机构's 工作机)
        opening = ["".join(words[:k]) for k in range(len(words), 0, -1)]
        name = next((x for x in opening if len(x) >= MIN_COUNTED_NAME and x in text), "")
        holders = [x for x in _LIST_CLAUSE.findall(text) if name and name in x]
        if not holders or any(enumerations(x) for x in holders):
            continue
        if all(run.kind and name[-1] not in run.kind and not any(name in it for it in run.items) for run in runs):
            return sentence_span(listing)
    return None


def _names_its_count(text: str, measure: str) -> bool:
    """A count in the measure asked, written after what it counts, one character each (甲乙两级, 省市县三级): those
    are the items. A count opening its clause (…，四级联动…) names none of them."""
    for m in re.finditer("([\u4e00-\u9fff、]*?)([两二三四五六七八九十])" + re.escape(measure), text):
        n = chinese_to_number(m.group(2))
        if n and len(m.group(1).replace("、", "")) >= n:
            return True
    return False


def _words_beyond_title(c: Ctx) -> list[str]:
    """The question's words the title of the section it names does not hold (what it asks about within it)."""
    title = compact(c.scope[1][-1])
    return [t for t in c.topic if len(t) >= 2 and t not in title]


def _list_holding(c: Ctx, words: list[str], spans: list[Span] | None = None) -> Span | None:
    """A sentence of the named section (or of `spans`) that lists, holding at least LIST_BEYOND_TITLE of `words`
    ("X方面要建四类Y，是哪四类" where the section has four parts and one sentence lists 两类Y): the question is about
    that list, not the section's parts."""
    held = [(c.look.cover(words, s.passage.text), s) for s in (scope_spans(c) if spans is None else spans)
            if words and len(sentence_items(s.passage.text)) >= 2]
    best = max(held, key=lambda x: x[0], default=(0.0, None))
    return best[1] if best[0] >= LIST_BEYOND_TITLE else None


def _list_elsewhere(c: Ctx, words: list[str]) -> Span | None:
    """A retrieved sentence outside the named section that lists, holding at least LIST_BEYOND_TITLE of `words` and
    more of them than any sentence of the section: the question's words held the section's title (乙服务应用) but
    ask about a list written under another (甲提供A版、B版乙服务应用)."""
    doc, path = c.scope
    outside = [Span(h.passage, 0, len(h.passage.text), 0.0, h) for h in c.hits
               if not (h.passage.doc_id == doc and h.passage.section_path[: len(path)] == path)]
    found = _list_holding(c, words, outside)
    inside = max((c.look.cover(words, s.passage.text) for s in scope_spans(c)), default=0.0)
    return found if found is not None and c.look.cover(words, found.passage.text) > inside else None


def _list_sentence(c: Ctx, first: Span, words: list[str] | None = None) -> str:
    """The sentence that lists, with its items (or its paragraph's enumerated sentences, or the next sentence's
    items after a heading-like one); the items of the clause holding most of `words` (the question's topic)."""
    shown = [sentence_span(first)]
    # 一是…；二是…；三是…, or 突出体现为：A，…；B，…；C，…。: the paragraph's sentences that are the items
    enumerated = paragraph_enumeration(c, first.passage) or _colon_led_clauses(c, first.passage) or \
        _colon_opened_run(c, first.passage)
    if enumerated:
        shown = [Span(p, 0, len(p.text), first.coverage, Hit(p, first.hit.score)) for p in enumerated]
    elif len(sentence_items(first.passage.text)) < 2:
        nxt = next_with_items(c, first.passage)
        if nxt is not None:
            shown.append(Span(nxt, 0, len(nxt.text), first.coverage, Hit(nxt, first.hit.score)))
    kind = asked_kind(c.q.text)
    for s in shown:
        c.b.quote(s)
        if not enumerated:  # the units an annotation lists do the measure; they are not its items
            items = sentence_items(without_annotations(s.passage.text), kind, tuple(c.topic if words is None else words))
            for item in items:
                c.b.say(f"- {item}")
            bodies = _listed_bodies(items)
            if bodies:  # "哪些银行": the bodies listed are the answer's
                c.b.add_owners(bodies)
    return "answered"


def _colon_led_clauses(c: Ctx, p: Passage) -> list[Passage]:
    """A sentence leading in with a colon and closing its first clause with ；(突出体现为：A，…；) and the
    sentences of its paragraph that go on to the 。 closing the run: the items it introduces, one a clause.
    [] where p is no such lead-in or the run has under two clauses."""
    def goes_on(q: Passage) -> bool:  # closes with ；: the run goes on in the next sentence
        return q.text.rstrip().endswith(("；", ";"))

    if not re.search(r"[：:]", p.text) or not goes_on(p):
        return []
    paragraph = paragraph_of(c, p)
    start = next((i for i, q in enumerate(paragraph) if q is p), len(paragraph))
    led: list[Passage] = []
    for q in paragraph[start:]:
        led.append(q)
        if not goes_on(q):
            break
    return led if len(led) >= 2 and led[-1].text.rstrip().endswith("。") else []


_OPENS_WITH_COLON = re.compile(r"\s*[\u4e00-\u9fff]{1,6}[：:]")  # 主要是：, 具体包括：: a sentence going on from the last


def _colon_opened_run(c: Ctx, p: Passage) -> list[Passage]:
    """"…渡轮发展还有不少难题。主要是：A。B。C。": where the sentence after p opens with a short lead and a colon, it and the
    rest of the paragraph are what p announces, p first. [] otherwise."""
    run = _paragraph_from(c, p, len(c.look.doc_passages.get(p.doc_id, [])))
    return run if len(run) >= 2 and _OPENS_WITH_COLON.match(run[1].text) else []


def head_body(name: str) -> str:
    """The body a name opens with, when it goes on to a part of it (X银行普惠金融事业部 -> X银行); not when the rest is
    only a body word (市人民政府办公室 stays whole)."""
    return next((name[:i] for i in range(4, len(name))
                 if is_body_name(name[:i]) and not _BODY_WORD_ONLY.fullmatch(name[i:])), name)


def _listed_bodies(items: list[str]) -> list[str]:
    """The bodies a list names, when every item is one; the last may go on with what it says of them all
    (A银行、B银行“三农”事业部: the divisions of both banks, so the banks)."""
    if not items or not all(is_body_name(it) for it in items[:-1]):
        return []
    last = items[-1]
    whole = next((last[:i] for i in range(len(last), 1, -1) if is_body_name(last[:i])), "")
    return items[:-1] + [whole] if whole else []


def _names_without_listing(c: Ctx, listing: Span) -> Span | None:
    """The sentence holding most of the topic, when it lists nothing (nor enumerates its paragraph, nor leads
    in to a list with a colon) and the sentence with a list holds under KEEP_LIST of what it holds: the plan
    speaks of the set asked about without naming its members."""
    if len(sentence_items(listing.passage.text)) < 2:
        return None
    held = {s.passage.passage_id: (c.look.cover(c.topic, s.passage.text), s) for s in c.spans}
    top, span = max(held.values(), key=lambda x: (x[0], x[1].hit.score), default=(0.0, None))
    if span is None or len(sentence_items(span.passage.text)) >= 2 or \
            c.look.cover(c.topic, listing.passage.text) >= KEEP_LIST * top:
        return None
    if paragraph_enumeration(c, span.passage) or _LEADS_IN.search(span.passage.text) or \
            next_with_items(c, span.passage) is not None:
        return None  # 一是…二是…, or a lead-in (…包括：, 开展X服务。) whose list follows
    return span


def paragraph_of(c: Ctx, p: Passage) -> list[Passage]:
    """The sentences of p's paragraph, in order ([] when p is not in the lookup)."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    if i is None:
        return []
    lo = i
    while lo > 0 and continues_paragraph(doc[lo - 1], doc[lo]):
        lo -= 1
    hi = i
    while hi + 1 < len(doc) and continues_paragraph(doc[hi], doc[hi + 1]):
        hi += 1
    return doc[lo : hi + 1]


def paragraph_enumeration(c: Ctx, p: Passage) -> list[Passage]:
    """The sentences of p's paragraph when two or more of them open with an enumeration
    marker (一是, （1）, ①, 1.), with the sentence that introduces them."""
    para = paragraph_of(c, p)
    marked = [q for q in para if _ENUMERATED.match(q.text) or re.search(r"[一二三四五六七八九十]是", q.text[:12])]
    return para if len(marked) >= 2 else []


_LIST_COUNT_NUMBER = r"[一二两三四五六七八九十]+|\d+"
_LIST_COUNTERS = r"个|项|条|种|类|家|支|方面|部分"  # the measure words a list question counts its items in
# The name of what a question counts or asks which of, written after the measure word (几家甲乙商, 哪些丙丁区)
_COUNTED_NAME = re.compile(r"(?:几|哪几|哪些|多少)(?:" + _LIST_COUNTERS + r"|所|座|批)?(?P<name>[\u4e00-\u9fff]{3,12})")
MIN_COUNTED_NAME = 3  # characters of that name the sentence must write: two (产业, 企业) name too many things
# A list question's count: 哪六个, or the set named by its count before asking its members (那六家都是哪些)
_ASKED_COUNT = re.compile(rf"哪({_LIST_COUNT_NUMBER})(?:大?({_LIST_COUNTERS})|大)|"
                          rf"[那这]({_LIST_COUNT_NUMBER})(?:大?({_LIST_COUNTERS})|大)(?=[^，,。？?]{{0,8}}?(?:哪些|哪几|分别是))")


def _count_number(number: str) -> int:
    """A count as written (三, 12), as a number (0 for none)."""
    return int(number) if number.isdigit() else int(chinese_to_number(number) or 0)


def _counts(text: str, counter: str) -> Iterator[re.Match]:
    """Where the text states a count in the measure word (等三大类, 四级渡运), in order."""
    return re.finditer(rf"(?<![\d一二两三四五六七八九十])({_LIST_COUNT_NUMBER})(大?)" + re.escape(counter), text)


def asked_count(question: str) -> int | None:
    """How many items a list question says there are (哪六个, 哪3项, 包括哪五类, 那六家都是哪些), None when it says none."""
    m = _ASKED_COUNT.search(question)
    if not m:
        return None
    n = _count_number(m.group(1) or m.group(3))
    return n if n >= 2 else None


def asked_counter(question: str) -> str:
    """The measure word of a list question's count (哪五类 -> 类), '' when it gives none."""
    m = _ASKED_COUNT.search(question)
    return (m.group(2) or m.group(4) or "") if m else ""


def stated_count(text: str, counter: str) -> tuple[int, str] | None:
    """The count a sentence states with the measure word asked (等三大类 -> (3, 三大类)), None when it states none."""
    m = next(_counts(text, counter), None) if counter else None
    if not m:
        return None
    n = _count_number(m.group(1))
    return (n, m.group()) if n >= 2 else None


# "哪三级", "哪五类": the count a question asks which of, in any measure word (级 is no list counter: 区镇村三级 names
# its three without listing them)
_ASKED_WHICH_N = re.compile(rf"哪({_LIST_COUNT_NUMBER})(大?)([\u4e00-\u9fff])")


def _count_differing(c: Ctx, span: Span) -> tuple[int, str, str] | None:
    """(the count asked, the plan's phrase, the measure word) where the question asks which N of a thing the span
    counts otherwise (哪三级 of 四级渡运安全责任), None where it asks no count or the span states it or none."""
    asked = _ASKED_WHICH_N.search(c.q.text)
    n = _count_number(asked.group(1)) if asked else 0  # 哪一级 asks which one, not how many
    stated = _count_of_asked(c, span.text, asked.group(3)) if asked and n >= 2 else None
    return (n, stated[1], asked.group(3)) if stated and stated[0] != n else None


def _count_of_asked(c: Ctx, text: str, counter: str) -> tuple[int, str] | None:
    """The count a sentence states of the thing the question counts: in the question's measure word and followed by
    a name the question writes too (四级渡运 of 哪三级, asked of 三级渡运), not a count of something else (园区3个)."""
    for m in _counts(text, counter):
        n = _count_number(m.group(1))
        name = text[m.end() : m.end() + 2]
        if n >= 2 and len(_CJK_CHAR.findall(name)) == 2 and name in compact(c.q.text):
            return n, m.group()
    return None


def asked_kind(question: str) -> str:
    """The kind of thing a list question asks for (哪些国家, 展会平台有哪些, 哪几家银行 -> 国家, 平台, 银行; the
    measure word is not the kind), '' when it names none."""
    m = re.search(r"(?:哪些|哪几(?:" + _LIST_COUNTERS + r")?|什么)([\u4e00-\u9fff]{1,2})", question) or \
        re.search(r"([\u4e00-\u9fff]{2})(?:都|主要|具体|分别|一共|总共)?(?:有|是|包括|包含)(?:哪些|哪几个?|哪几类)", question)
    return m.group(1) if m else ""


def _items_of_kind(run: Enumeration, kind: str) -> bool:
    """Each item names the kind asked though the run closes with none of it (甲研究院、乙研究中心 for 研究), or the
    last item closes with it as the head all items share (甲、乙、丙装备: 甲装备, 乙装备 …)."""
    if len(kind) < 2:
        return False
    last = run.items[-1] if run.items else ""
    return all(kind in it for it in run.items) or len(last) > len(kind) and last.endswith(kind)


def sentence_items(text: str, kind: str = "", words: tuple[str, ...] = ()) -> list[str]:
    """The items of a sentence's list: its quoted names, or the 、-run (one of several in a
    clause) of the kind asked for (哪些国家: the run closing 等…国), then of the clause sharing
    most of the question's `words` (建成 vs 开工 the same kind of thing), else the longest; or, for
    a sentence that introduces a list with a colon (主要目标是：A，B，C。), its clauses."""
    best: list[str] = []
    best_key = (False, 0, False, 0)
    for m in _LIST_CLAUSE.finditer(text):
        names = quoted_names(m.group())
        runs = [Enumeration(names, "")] if len(names) >= 2 else enumerations(m.group())
        shared = sum(len(w) >= 2 and w in m.group() for w in words)
        for run in runs:
            # closing with the kind, then the question's words, then items each naming the kind, then length
            key = (bool(kind) and any(ch in run.kind for ch in kind), shared, _items_of_kind(run, kind),
                   len(run.items))
            if key > best_key:
                best, best_key = run.items, key
    if "：" in text:
        clauses = [x.strip() for x in re.split(r"[，；]", text.split("：", 1)[1].rstrip("。；")) if x.strip()]
        if len(clauses) >= 3 and len(clauses) > len(best):
            return clauses
    parallel = parallel_clauses(text)
    return parallel if len(parallel) > len(best) else best


def parallel_clauses(text: str) -> list[str]:
    """The longest run of PARALLEL_RUN or more clauses in a row written in one frame: opening alike and holding the
    same words besides (在A上优先X，在B上优先Y，在C上优先Z), or opening with the same two characters (加快A，加快B，加快C).
    A list written as clauses, each an item."""
    return list(_parallel_run(text))


@lru_cache(maxsize=8192)  # a sentence's items are asked for again as candidates are ranked
def _parallel_run(text: str) -> tuple[str, ...]:
    shortest, longest = PARALLEL_CLAUSE_CHARS
    best: list[str] = []
    for sentence in re.split(r"[。！？]", text):  # a run within one sentence
        clauses = [x.strip() for x in re.split(r"[，；]", sentence)]
        for i in range(len(clauses)):
            for j in range(len(clauses), i + PARALLEL_RUN - 1, -1):
                run = clauses[i:j]
                if len(run) <= len(best) or not all(shortest <= len(x) <= longest for x in run):
                    continue
                if _one_frame(run):
                    best = run
                    break
    return tuple(best)


def _one_frame(run: list[str]) -> bool:
    """Opening with the same two characters, or with the same one and sharing two more characters after it."""
    prefix = len(os.path.commonprefix(run))
    if prefix >= 2:
        return True
    if prefix == 0:
        return False
    first = run[0][prefix:]
    return any(all(first[k : k + 2] in x[prefix:] for x in run[1:]) for k in range(len(first) - 1))


def next_with_items(c: Ctx, p: Passage, reach: int = 3) -> Passage | None:
    """The next sentence of p's section listing items, when p leads to a list (开展以下工作：, or opens with a short
    sentence without a comma); a full sentence of its own is not followed by its neighbour's list."""
    first = _LEAD_SENTENCE.match(p.text)
    lead = first.group() if first else p.text  # a title-like line (专栏：X工程) has no full stop
    # a short sentence stating a figure (建成3个X试点) says something of its own: not a lead
    figure = any(m.group("num")[0].isdigit() and not m.group("ord") for m in NUMBER_UNIT.finditer(lead))
    if not (_LEADS_IN.search(p.text) or len(compact(lead)) <= LEAD_SENTENCE_CHARS
            and not re.search(r"[，,；;]", lead) and not figure and not compact(p.text[len(lead):])):
        return None  # a lead that its own passage goes on to detail leads to nothing after it
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    if i is None:
        return None
    for q in doc[i + 1 : i + 1 + reach]:
        if q.section_path[: len(p.section_path)] != p.section_path:
            return None
        if q.section_kind not in ("heading", "headline") and len(sentence_items(q.text)) >= 2:
            return q
    return None


def all_figures(c: Ctx, doc_id: str, unit: str | None, number: str | None) -> list[Span]:
    """Every clause of one document with a figure in `unit` (or the number `number`)."""
    out = []
    for p in c.look.doc_passages.get(doc_id, []):
        if p.section_kind in ("heading", "headline"):
            continue
        for m in NUMBER_UNIT.finditer(p.text):
            num, u = m.group("num"), m.group("unit")
            if m.group("ord"):
                continue
            full = (num[-1] if num[-1] in "万亿" else "") + u
            ok = (unit is None or unit in (u, full) or (unit == "%" and u in "%％")) and \
                 (number is None or num.rstrip("万亿") == number)
            if ok:
                clause = next(cl for cl in _LIST_CLAUSE.finditer(p.text) if cl.start() <= m.start() < cl.end())
                out.append(Span(p, clause.start(), clause.end(), 1.0, Hit(p, 0.0)))
    return dedupe(out)


def about_scope(c: Ctx) -> bool:
    """The question is about the section it names as a whole (总体目标是什么): no topic word
    beyond the section's title, the titles above it and the plan's (考评细则里的X这一块)."""
    if c.scope is None:
        return False
    titles = _titles(c, *c.scope)
    return all(t in titles for t in c.topic)


def _titles(c: Ctx, doc: str, path: tuple[str, ...]) -> str:
    """The plan's title and those of a section and the sections above it, as one text."""
    return compact(c.look.docs.get(doc, {}).get("title", "") + "".join(path))


def text_under(c: Ctx, doc: str, path: tuple[str, ...]) -> list[Passage]:
    """The passages of a section's text, its headings left out."""
    return [p for p in c.look.under(doc, path) if p.section_kind not in ("heading", "headline")]


def whole_scope(c: Ctx) -> list[Passage]:
    """The passages of the section the question asks about as a whole ([] when it names none)."""
    return text_under(c, *c.scope) if about_scope(c) else []


def general(c: Ctx) -> str:
    whole = whole_scope(c)
    if 0 < len(whole) <= WHOLE_SECTION:  # a short section asked about as a whole: all of it, in order
        c.b.say(c.frame("general"))
        for p in whole:
            c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), bullet=True, with_section=True)
        return "answered"
    if whole and section_parts(c, *c.scope):  # a longer one: its parts, each opening to its text
        return parts(c, c.scope)
    c.b.say(c.frame("general"))
    for s in _closest_sentences(c):
        c.b.quote(s, bullet=True, with_section=True)
    return "answered"


def _closest_sentences(c: Ctx) -> list[Span]:
    """Up to three sentences holding the topic within KEEP_GENERAL of the best clause."""
    sentences: "OrderedDict[str, Span]" = OrderedDict()
    for s in sorted(c.spans, key=lambda s: (-s.coverage, -s.hit.score)):
        if s.coverage < KEEP_GENERAL * c.best.coverage or len(sentences) >= 3:
            break
        sentence = sentence_span(s)
        sentences.setdefault(sentence.passage.passage_id, sentence)
    return list(sentences.values())


def unnamed_unit(c: Ctx, units: list[str]) -> str:
    """"X负责哪些" where the plan never names X: say so, and what the plan says of the topic (no owner given)."""
    c.b.say(c.frame("reverse_unnamed", unit="、".join(units)))
    for s in _closest_sentences(c):
        c.b.quote(s, bullet=True, with_section=True)
    return "no_figure"


def title(c: Ctx) -> str:
    """The document's own facts: its title lines, document number (〔2022〕6号) and date of issue."""
    doc = c.best.passage.doc_id
    passages = c.look.doc_passages.get(doc, [])
    heads = [p for p in passages if p.section_kind == "headline"]
    facts = [p for p in passages if p not in heads and issuance_line(p.text)]
    c.b.say(c.frame("title"))
    if heads or facts:
        for p in heads + facts[:3]:
            c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), bullet=True)
        return "answered"
    name = c.look.docs.get(doc, {}).get("title", "")
    c.b.say(f"《{name}》")
    c.b.quote(sentence_span(c.best))
    return "answered"


def parts(c: Ctx, parent: tuple[str, tuple[str, ...]] | None) -> str:
    """The plan's parts, or the parts of the section the question names: its child
    headings, else its numbered paragraphs."""
    doc = parent[0] if parent else c.best.passage.doc_id
    passages = c.look.doc_passages.get(doc, [])
    if parent is None:
        heads = [p for p in passages if p.section_kind == "heading" and len(p.section_path) == 1]
    else:
        heads = section_parts(c, doc, parent[1])
        # the question's words beyond the titles of X, of the sections above it and of the plan (搞活, not the plan's
        # own subject)
        titles = _titles(c, doc, parent[1])
        beyond = [t for t in c.topic if len(t) >= 2 and t not in titles]
        listing = _list_holding(c, beyond)
        if listing is not None:  # "X这块要搞活哪几个方面": a sentence of X lists what those words ask
            c.b.say(c.frame("list"))
            return _list_sentence(c, listing, beyond)
    if not heads:
        return general(c)
    key = "parts_of" if parent else "parts"
    c.b.say(c.frame(key, section=parent[1][-1] if parent else "", n=len(heads)))
    for p in heads:
        label = _LABEL.match(p.text) if p.section_kind not in ("heading", "headline") else None
        end = label.end() if label else len(p.text)  # a labelled paragraph: its label is the part
        c.b.quote(Span(p, 0, end, 1.0, Hit(p, 1.0)), bullet=True)
    return "answered"


def section_parts(c: Ctx, doc: str, path: tuple[str, ...]) -> list[Passage]:
    """A section's parts: its child headings, else its numbered paragraphs, else the short
    label sentence opening each of its paragraphs (智能化制造。鼓励…)."""
    under = c.look.under(doc, path)
    heads = [p for p in under if p.section_kind == "heading" and len(p.section_path) == len(path) + 1]
    if heads:
        return heads
    body = [p for p in under if p.section_kind not in ("heading", "headline")]
    numbered = [p for p in body if _ENUMERATED.match(p.text)]
    if len(numbered) >= 2:
        return numbered
    openers = [p for i, p in enumerate(body) if (i == 0 or p.char_start - body[i - 1].char_end > 0)]
    labels = [p for p in openers if _LABEL.match(p.text)]
    return labels if len(labels) >= 2 and len(labels) >= len(openers) // 2 else []


__all__ = ["Ctx", "Lookups", "targets", "owner", "yes_no", "reverse", "deadline", "section", "quote", "listing",
           "general", "title", "parts", "unit_fits", "all_figures", "stated_year", "listed_with"]
