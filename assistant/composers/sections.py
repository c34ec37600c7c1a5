"""Answers about the plan's layout and general answers: the section a measure sits under, the plan's title, the
closest sentences when no other composer applies, and a unit the plan does not name."""
from __future__ import annotations

import re
from collections import OrderedDict

from ..records import Hit, Passage
from ..spans import Span, sentence_span
from ..structure import issuance_line
from .base import KEEP_GENERAL, WHOLE_SECTION, Ctx, hand_over
from .paragraphs import ENUMERATED, caption_over, paragraph_start, whole_scope
from .quoting import clause_of_fullest_sentence


LABEL = re.compile(r"^\s*[^，；。：,;:]{2,16}[。：:]")


def section(c: Ctx) -> str:
    """The section path, and the run-in label of the paragraph when it opens with one
    (推进数字化改革。…): the place a reader finds it. The measure asked is a sentence, as a quote's is."""
    c.best = clause_of_fullest_sentence(c)
    c.b.say(c.frame("section", section=c.best.passage.section_label))
    opener = paragraph_start(c, c.best.passage)
    caption = caption_over(c, opener)
    if caption is not None:  # a box printed inside the section (its title a line of its own): where to look
        c.b.say(c.frame("caption"))
        c.b.quote(Span(caption, 0, len(caption.text), c.best.coverage, Hit(caption, c.best.hit.score)))
    label = LABEL.match(opener.text) if opener.section_kind not in ("heading", "headline") else None
    if label and not (opener is c.best.passage and c.best.start < label.end()):
        c.b.say(c.frame("paragraph_label"))
        c.b.quote(Span(opener, 0, label.end(), c.best.coverage, Hit(opener, c.best.hit.score)))
    c.b.quote(c.best)
    return "answered"


def general(c: Ctx) -> str:
    whole = whole_scope(c)
    if 0 < len(whole) <= WHOLE_SECTION:  # a short section asked about as a whole: all of it, in order
        c.b.say(c.frame("general"))
        for p in whole:
            c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), bullet=True, with_section=True)
        return "answered"
    if whole and section_parts(c, *c.scope):  # a longer one: its parts, each opening to its text
        return hand_over("parts", c, c.scope)
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


def section_parts(c: Ctx, doc: str, path: tuple[str, ...]) -> list[Passage]:
    """A section's parts: its child headings, else its numbered paragraphs, else the short
    label sentence opening each of its paragraphs (智能化制造。鼓励…)."""
    under = c.look.under(doc, path)
    heads = [p for p in under if p.section_kind == "heading" and len(p.section_path) == len(path) + 1]
    if heads:
        return heads
    body = [p for p in under if p.section_kind not in ("heading", "headline")]
    numbered = [p for p in body if ENUMERATED.match(p.text)]
    if len(numbered) >= 2:
        return numbered
    openers = [p for i, p in enumerate(body) if (i == 0 or p.char_start - body[i - 1].char_end > 0)]
    labels = [p for p in openers if LABEL.match(p.text)]
    return labels if len(labels) >= 2 and len(labels) >= len(openers) // 2 else []
