"""Where a passage stands: its paragraph and the sentences around it, the paragraph's lead and the year it states,
a box's caption, and the section a question names (its passages, its spans)."""
from __future__ import annotations

import re

from ..records import Hit, Passage
from ..spans import Span, clause_spans, compact
from .base import CAPTION_CHARS, LEAD_SENTENCE_CHARS, Ctx


ENUMERATED = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、．.﹒]|[一二三四五六七八九十]是|[①②③④⑤⑥⑦⑧⑨⑩])")
LEADING_TIME = re.compile(r"^\s*(?:到|至|在|于)?(?:19|20)\d{2}\s*年")
LEAD_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]")  # a passage's first sentence
_NOT_CAPTION = re.compile(r"[。！？!?；;，,：:=＝（）()、]")  # a sentence, clause, list or formula: no caption


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


def paragraph_lead(c: Ctx, p: Passage) -> Passage | None:
    """The sentence opening p's paragraph when it sets the time for what follows
    (到2035年，…；…；… : the clauses after it are 2035's)."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    while i is not None and i > 0:
        prev, cur = doc[i - 1], doc[i]
        if not continues_paragraph(prev, cur):
            break  # a new paragraph starts at cur
        if LEADING_TIME.match(prev.text):
            return prev
        i -= 1
    # 到2023年，…。 opening a section sets the year of the paragraphs listed under it
    first = next((q for q in c.look.under(p.doc_id, p.section_path)
                  if q.section_path == p.section_path and q.section_kind == p.section_kind), None)
    if first is not None and first is not p and LEADING_TIME.match(first.text) \
            and c.look.position.get(first.passage_id, 0) < c.look.position.get(p.passage_id, 0):
        return first
    return None


def stated_year(c: Ctx, p: Passage) -> int | None:
    """The year a sentence opening with 到YYYY年 (its own, or its paragraph's or section's
    opening one) sets for p; None when no such sentence governs it."""
    lead = p if LEADING_TIME.match(p.text) else paragraph_lead(c, p)
    m = re.search(r"(?:19|20)\d{2}", lead.text[:12]) if lead is not None else None
    return int(m.group()) if m else None


def is_caption(c: Ctx, p: Passage) -> bool:
    """A title line inside a section's text (a box's or a table's): a line of its own, short, with no
    punctuation of a sentence, a clause or a formula."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    if i is None or p.section_kind != "body" or len(compact(p.text)) > CAPTION_CHARS or _NOT_CAPTION.search(p.text):
        return False
    return (i == 0 or doc[i - 1].line_last < p.line_first) and (i + 1 == len(doc) or doc[i + 1].line_first > p.line_last)


def caption_over(c: Ctx, opener: Passage) -> Passage | None:
    """The caption printed right above a paragraph of text, in the same section (专栏N …): the box it is in."""
    doc = c.look.doc_passages.get(opener.doc_id, [])
    i = c.look.position.get(opener.passage_id)
    if not i or is_caption(c, opener):
        return None
    prev = doc[i - 1]
    return prev if prev.section_path == opener.section_path and is_caption(c, prev) else None


def box_of(c: Ctx, p: Passage) -> Passage | None:
    """The caption of the box p's paragraph is printed in (专栏N …); None outside a box."""
    return caption_over(c, paragraph_start(c, p))


def continues_paragraph(prev: Passage, cur: Passage) -> bool:
    """Does cur go on prev's paragraph (no gap between them, the same kind of text)?"""
    return cur.char_start - prev.char_end <= 0 and cur.section_kind == prev.section_kind


def paragraph_start(c: Ctx, p: Passage) -> Passage:
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    while i is not None and i > 0 and continues_paragraph(doc[i - 1], doc[i]):
        i -= 1
    return doc[i] if i is not None else p


def short_without(sentence: str, marks: str) -> bool:
    """No longer than LEAD_SENTENCE_CHARS and none of `marks` in it: a sentence that names more than it says."""
    return len(compact(sentence)) <= LEAD_SENTENCE_CHARS and not re.search(f"[{marks}]", sentence)


def is_short_lead(c: Ctx, span: Span) -> bool:
    """Is the span's sentence a short lead (全面推进X建设。, no comma) opening its paragraph?"""
    p = span.passage
    first = LEAD_SENTENCE.match(p.text)
    if first is None or span.start >= first.end() or not short_without(first.group(), "，,；;"):
        return False
    return paragraph_start(c, p) is p


def paragraph_from(c: Ctx, p: Passage, n: int) -> list[Passage]:
    """p and the sentences after it in its paragraph (no gap between them), n at most."""
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    out = [p]
    for q in doc[i + 1 :] if i is not None else []:
        if len(out) >= n or not continues_paragraph(out[-1], q):
            break
        out.append(q)
    return out


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
    marked = [q for q in para if ENUMERATED.match(q.text) or re.search(r"[一二三四五六七八九十]是", q.text[:12])]
    return para if len(marked) >= 2 else []


def about_scope(c: Ctx) -> bool:
    """The question is about the section it names as a whole (总体目标是什么): no topic word
    beyond the section's title, the titles above it and the plan's (考评细则里的X这一块)."""
    if c.scope is None:
        return False
    titles = scope_titles(c, *c.scope)
    return all(t in titles for t in c.topic)


def scope_titles(c: Ctx, doc: str, path: tuple[str, ...]) -> str:
    """The plan's title and those of a section and the sections above it, as one text."""
    return compact(c.look.docs.get(doc, {}).get("title", "") + "".join(path))


def text_under(c: Ctx, doc: str, path: tuple[str, ...]) -> list[Passage]:
    """The passages of a section's text, its headings left out."""
    return [p for p in c.look.under(doc, path) if p.section_kind not in ("heading", "headline")]


def whole_scope(c: Ctx) -> list[Passage]:
    """The passages of the section the question asks about as a whole ([] when it names none)."""
    return text_under(c, *c.scope) if about_scope(c) else []
