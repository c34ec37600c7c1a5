"""Targets and figures (`targets`): the clause stating the figure asked, beside the best clause, with its subject
and measure; a figure the question asserts wrongly is corrected with the plan's own."""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..crosslingual import term_coverage
from ..records import Hit
from ..spans import (CLAUSE_WORDS, Span, by_section, change_only, clause_of, clause_spans, compact, dedupe, searchable,
                     sentence_span, with_measure)
from ..structure import without_numbering
from ..targets import NUMBER_UNIT, UNITS
from ..understanding import ASKS_TARGETS, CAP_WORDS, MAJOR
from .base import (KEEP_TARGETS, KEEP_TARGETS_DENSE, LEAD_DETAILED_BY, NUMBER_VS_BEST, OPENING_CLAUSE_CHARS, PART_HELD,
                   WHOLE_SECTION, Ctx)
from .figure_fit import COUNTERS, FIGURE, MEASURED, figures_fit, in_a_name, same_measure, unit_fits
from .paragraphs import (LEAD_SENTENCE, about_scope, is_caption, is_short_lead, paragraph_from, paragraph_of,
                         scope_spans, whole_scope)
from .quoting import equally_close, quote_in_context, rest_of_topic, with_the_subject
from .sections import general


CAP = re.compile(CAP_WORDS + "|不超过")  # a cap the plan states on a figure
_CAPPED_FIGURE = re.compile(f"(?:{CAP.pattern})\\s*\\d")  # the cap word right before its figure (最高80万元)
_STRETCH = re.compile(r"\s*(?:力争|争取|努力)")
FIGURE_NOTE = re.compile(r"[（(][^（）()]*\d[^（）()]*[）)]")  # （0.5分）: an item's or a heading's note stating its figure
CLOSING_NOTE = re.compile(FIGURE_NOTE.pattern + r"\s*$")  # 一、…（25分）: the note closing a heading
_CLOSING_NOTE = re.compile(r"[。；;]?\s*" + FIGURE_NOTE.pattern + r"\s*")  # a sentence's last words: (2分)
_WORDED_SHARE = re.compile(r"全覆盖|全部|所有(?![权制者人])|绝大多数|大多数|大部分|过半|半数以上")  # 所有 as "all", not 所有权 (ownership)
_FOR_WHOM = re.compile(r"\s*对于?")  # a clause opening 对…的X names whom the next clause's measure is for


def _of_the_best_clauses_measure(c: Ctx, numbered: list[Span]) -> list[Span]:
    """Where the closest clause is a sentence's and states no figure at all, the figures of sentences outside its
    paragraph from it on (a work report's paragraph holds several measures) that do not write its rarest word of
    the question (维护基金 of 设立码头维护基金) are other measures' (最高100万元 of a ferry line's award, found by the
    plan's common words), not figures of it."""
    if re.search(r"\d", c.best.text) or c.best.passage.section_kind in ("heading", "headline") \
            or is_caption(c, c.best.passage):  # a measure with figures has them elsewhere too; a title's: its text's
        return numbered
    return list(filter(of_the_best_clauses_words(c), numbered))


def of_the_best_clauses_words(c: Ctx, or_others: bool = False) -> Callable[[Span], bool]:
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


_ASKED_COUNT_OF = re.compile(r"(?:几|多少)(?:个|" + "|".join(sorted(COUNTERS)) + r")([\u4e00-\u9fff]{2})")


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
    # a share the question only asserts (是60%吧) is a claim that, where no figure is found, the plan's words correct
    unasserted = c.q.text
    for number, unit in c.q.asserted:
        unasserted = unasserted.replace(number + unit, "")
    premise_worded = not worded and set(asked) <= {"", "%", "人"} and not re.search(r"[%％]|百分之", unasserted)
    major = _major_count_of(c.q.text)

    def numbered_spans(general_count: bool) -> list[Span]:
        found = [s for s in c.spans if any(figures_fit(s, u, general_count, c.q.counted) for u in asked)
                 or worded and _WORDED_SHARE.search(s.text) or major is not None and major.search(s.text)]
        # a figure whose sentence holds none of the question's words is no answer to it, however close in meaning
        return found if c.dense_only else [s for s in found if c.look.cover(c.topic, s.passage.text) > 0]

    # a count in 个 only where no figure in the measure word asked is found close enough to answer (2000台 answers
    # 多少台, not 10个 beside it; 多少家 is 25个 of the measure, not 4家 of another), and the question names no
    # thing counted ("目标是多少家"; 几台电梯 is not answered by 改造12个厂房)
    numbered = numbered_spans(False)
    if not numbered and premise_worded:
        worded = True  # read by numbered_spans when called
        numbered = numbered_spans(False)
    if not c.q.counted and all(s.coverage < NUMBER_VS_BEST * c.best.coverage for s in numbered):
        numbered = numbered_spans(True)
    if asked == ["个"] and c.q.counted and not _PERSON_NOUN.search(c.q.counted):
        # "多少个实训点": things, which a count of people (500名学员) does not answer
        numbered = [s for s in numbered if not _counts_only_people(s)]
    kind = searchable(c.q.counted)
    if len(kind) >= 3:  # a modifier before a head noun of two characters or more
        written = {d for d in {s.passage.doc_id for s in numbered} if any(kind in t for t in c.look.compacted(d))}
        numbered = [s for s in numbered if s.passage.doc_id not in written or not _counts_a_broader_kind(kind, s)]
    numbered += _asked_figure_beside_best(c, asked, worded)
    numbered = _of_the_best_clauses_measure(c, numbered)
    heading = _heading_figure(c, asked, numbered)
    if heading is not None:  # "（一）…（25分）": the figure the section's own heading states
        correct_premise(c, [heading])
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
    measured_in_sentence = all(u and MEASURED.fullmatch(u) for u in asked) and any(
        s.passage is c.best.passage for s in numbered)
    if top is None or top.coverage < NUMBER_VS_BEST * c.best.coverage and not measured_in_sentence:
        if c.q.asks_level or not (c.q.asks_number or c.q.asserted):  # "目标是什么" / "要到什么程度": a state the plan
            return general(c)                       # sets (达到同类城市先进水平) answers it
        detail = figure_detailing_lead(c, asked) or _item_note(c, asked)
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
    correct_premise(c, chosen)
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


def figure_detailing_lead(c: Ctx, asked: list[str]) -> Span | None:
    """The best clause is a short lead opening its paragraph (全面推进X建设。) and states no figure: the first
    clause after it, within LEAD_DETAILED_BY sentences of that paragraph, stating a figure of the kind asked. A note
    closing the lead's own sentence (…候船亭建设。（0.5分）) is the item's score, not a figure it sets: only a score
    asked for (几分) is answered by it."""
    if not is_short_lead(c, c.best):
        return None
    lead = c.best.passage
    lead_end = LEAD_SENTENCE.match(lead.text).end()
    for p in paragraph_from(c, lead, 1 + LEAD_DETAILED_BY):
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
    runs = [span.text[m.end() : m.end() + 2].lstrip() for m in FIGURE.finditer(span.text)]
    counts = [r for r in runs if unit_fits("个", r)]
    return bool(counts) and all(re.match(r"名|人", r) for r in counts)


def _counts_a_broader_kind(thing: str, span: Span) -> bool:
    """"几处X绿地" (`thing` X绿地, which the plan writes): a clause writing the head noun and nothing of its modifier
    (新增绿地50处) counts every kind of it, not the one asked, whose own count the plan does not give there."""
    clause = searchable(span.text)
    if thing in clause:
        return False
    k = next((k for k in range(1, len(thing) - 1) if thing[k:] in clause), None)  # the longest head noun written
    modifier = thing[:k] if k is not None else ""
    return bool(modifier) and not any(ch in clause for ch in modifier)  # an abbreviation written out (两新: 新型、新兴)


def _stated_figures(texts: Iterable[str]) -> list[str]:
    """The figures the texts state (1000座, 4600个), in order."""
    return [m.group() for t in texts for m in NUMBER_UNIT.finditer(t) if m.group()[:1].isdigit()]


def correct_premise(c: Ctx, chosen: list[Span], counted_only: bool = False) -> bool:
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
    worded = [m.group() for s in chosen[:3] for m in _WORDED_SHARE.finditer(s.text)]
    if not shown and worded and any(u in ("%", "％") for _, u in c.q.asserted):  # 是60%吧 where the plan says 绝大多数
        c.b.say(c.frame("premise_worded", stated=worded[0],
                        asserted="、".join(dict.fromkeys(n + u for n, u in c.q.asserted))))
        return True
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
    if not FIGURE.search(figure.text):
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
    m = FIGURE.search(figure.text)
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
    shown = [m.group() for s in chosen for m in FIGURE.finditer(s.text) if not in_a_name(s.text, m)]
    return bool(said) and bool(shown) and all(x.rstrip("万亿") in said or x in said for x in shown)
