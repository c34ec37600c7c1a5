"""A measure's original wording (`quote`): the sentence or paragraph asked for, whole where the question points at an
item or a paragraph, with the part it names found."""
from __future__ import annotations

import re

from ..records import Hit, Passage
from ..spans import Span, compact, searchable
from .base import QUOTE_PARAGRAPH_SENTENCES, QUOTE_PART_BEYOND, QUOTE_WHOLE_SECTION, Ctx
from .paragraphs import (ENUMERATED, LEAD_SENTENCE, is_short_lead, paragraph_from, paragraph_of, short_without,
                         text_under, whole_scope)
from .quoting import clause_of_fullest_sentence, equally_close, measure_of_note, of_own_year


_ASKS_PARAGRAPH = re.compile(r"[那这一整]段|段落")  # the wording of a paragraph, not of one sentence
_EXPLAINS = re.compile(r"\s*(即|也就是说?|具体(来说|而言|是|为))[：:，,]")  # a sentence saying what the one before means
_ITEM_DEIXIS = re.compile(r"[那这该此](一)?[条项]")  # "…那条": the question points at an item of the plan
_POINTS_AT_SENTENCE = re.compile(r"[那这该此]一?句")  # "…那句": at one sentence (of an item it may name too)


def quote(c: Ctx) -> str:
    c.best = clause_of_fullest_sentence(c)
    whole = whole_scope(c)
    # "X那条原文" points at an item; "X那条，Y那句" at a sentence of it
    pointed = not whole and _ITEM_DEIXIS.search(c.q.text) and not _POINTS_AT_SENTENCE.search(c.q.text)
    if pointed:  # "X那条原文", X in words of the asker's own: the item the closest words are in
        item = paragraph_of(c, c.best.passage)
        if 1 < len(item) <= QUOTE_PARAGRAPH_SENTENCES and ENUMERATED.match(item[0].text):
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
    measure = measure_of_note(c, c.best)
    if measure:  # the closest words are an owner note's (（…，X牵头）): the wording asked is the measure it closes
        return _quote_sentences(c, measure)
    p = c.best.passage
    if _ASKS_PARAGRAPH.search(c.q.text) or is_short_lead(c, c.best):  # "那段原文", or a lead its paragraph details
        sentences = paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)
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
    Of a work report, for a question naming no year, the sentences of its own year (as clause_of_fullest_sentence)."""
    clause = compact(c.best.text).lower()
    if len(c.topic) < 2 or c.look.cover(c.topic, clause) < 1.0 or any(t not in clause for t in c.topic):
        return []
    starts = [clause.find(t) for t in c.topic]
    stretch = clause[min(starts) : max(i + len(t) for i, t in zip(starts, c.topic))]
    figures = [n for n in re.findall(r"\d+", c.q.text) if n in clause]  # typed figures (2+2) tell sentences apart too
    # and, as the quoted one is chosen, not from a work report's review of another year when it is of its own
    own = of_own_year(c, c.best.passage)
    return [s for s in equally_close(c)[1:] if stretch in (twin := searchable(s.passage.text))
            and all(n in twin for n in figures) and (of_own_year(c, s.passage) or not own)]


def _say_part_found(c: Ctx) -> None:
    """After an item quoted whole: the words it was found by, when they are part of a sentence."""
    if c.best.text.strip() != c.best.passage.text.strip():
        c.b.say(c.frame("quote_part", part=c.best.text.strip()))


def _is_short_sentence(p: Passage) -> bool:
    """A passage that is one short sentence without a comma or a list: a name (实施X计划。) more than a measure
    (鼓励发展A、B。)."""
    text = p.text.strip()
    return short_without(text, "，,；;：:、") and LEAD_SENTENCE.fullmatch(text) is not None


def _detailed_within_paragraph(c: Ctx, p: Passage) -> list[Passage]:
    """The sentences after a short one inside its paragraph that say what it names (a box's run of 实施X计划。
    推进…。实施Y计划。…), up to the next short one; [] when p is no short sentence or the next is short too."""
    if not _is_short_sentence(p):
        return []
    out: list[Passage] = []
    for nxt in paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)[1:]:
        if _is_short_sentence(nxt):
            break
        out.append(nxt)
    return out


def _explanation_after(c: Ctx, p: Passage) -> list[Passage]:
    """The next sentence of p's paragraph when it opens by saying what p means (即：…, 也就是…), with the
    clauses its semicolons go on to (its parts)."""
    following = paragraph_from(c, p, QUOTE_PARAGRAPH_SENTENCES)[1:]
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
