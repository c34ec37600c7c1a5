"""Spans quoted beside the best one, whatever the intent: the sentences equally close to it, its subject, the rest
of the topic in its paragraph, the context a short lead needs, and the fullest clause of a sentence."""
from __future__ import annotations

from ..records import Hit, Passage
from ..spans import Span, searchable
from ..understanding import QUOTED_PHRASE
from .base import NO_FIGURE_REST, NO_FIGURE_SENTENCES, NO_FIGURE_TIE, QUOTE_PARAGRAPH_SENTENCES, QUOTE_TIE, Ctx
from .paragraphs import (LEAD_SENTENCE, LEADING_TIME, box_of, continues_paragraph, is_short_lead, paragraph_from,
                         paragraph_lead, paragraph_of)


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
    if not LEADING_TIME.match(span.passage.text):
        lead = paragraph_lead(c, span.passage)
        if lead is not None:
            c.b.quote(Span(lead, 0, len(lead.text), span.coverage, Hit(lead, span.hit.score)))
    c.b.quote(span)
    first = LEAD_SENTENCE.match(span.passage.text)
    if is_short_lead(c, span) and first is not None and first.end() >= len(span.passage.text.rstrip()):
        for p in paragraph_from(c, span.passage, 2)[1:]:  # the lead is the whole sentence: what it heads follows
            if not c.b.has_cited(p.text):
                c.b.quote(Span(p, 0, len(p.text), span.coverage, Hit(p, span.hit.score)))


def clause_of_fullest_sentence(c: Ctx) -> Span:
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
            box = box_of(c, p)
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
            opening = para[0] if para and para[0] is not s.passage and not measure_of_note(c, s) else None
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
    return max(fuller, key=lambda s: (len(held(s)), s.coverage, of_own_year(c, s.passage)), default=c.best)


def of_own_year(c: Ctx, p: Passage) -> bool:
    """Is p outside a work report's part for another year, for a question naming no year?"""
    years = c.look.years.get(p.doc_id)
    return not (c.q.years or c.q.relative_years) and years is not None and not years.in_other_years_part(p)


def measure_of_note(c: Ctx, span: Span) -> list[Passage]:
    """The sentences of the measure whose owner note the span lies in, the note's own passage last ([] when
    the span is no note's)."""
    pid = span.passage.passage_id
    for a in c.look.assignments_of.get(pid, []):
        if a.source_passage_id == pid and a.source_start <= span.start and span.end <= a.source_end:
            ids = [x for x in a.passage_ids if x != pid][: QUOTE_PARAGRAPH_SENTENCES - 1] + [pid]
            return [c.look.passages_by_id[x] for x in ids if x in c.look.passages_by_id]
    return []
