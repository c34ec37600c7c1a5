"""One composer per intent: which spans answer, and how they are framed.

Each composer gets the question, the ranked spans and the plan's lookups, says
its framing through the AnswerBuilder and returns the answer's status:
`answered`, or `no_figure` when the plan covers the topic but not the figure,
owner or date asked for (the measure is quoted and the answer says what it
lacks). Every quote passes the builder's citation check.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from .citations import AnswerBuilder, annotation_span
from .owners import mentioned_bodies, named_responsible
from .records import Assignment, Hit, Passage
from .spans import (Span, by_section, clause_of, clause_spans, compact, coverage, dedupe, list_items,
                    sentence_span, with_measure)
from .structure import without_numbering
from .targets import NUMBER_UNIT, UNITS, figures
from .understanding import Question, unit_matches
from .wording import Frame

# Relative strength a span needs against the best one to be shown beside it (measured on
# the development sets of all plans together; see README "Decisions").
KEEP_TARGETS = 0.75  # a figure's clause vs the best clause
KEEP_TARGETS_DENSE = 0.6  # same, when meaning alone ranks (no shared words: English)
NUMBER_VS_BEST = 0.6  # the best clause with a figure vs the best clause overall: below, no figure
KEEP_GENERAL = 0.6  # further sentences of a general answer
OWNER_ALTERNATIVE = 0.9  # a clause with an owner annotation may replace the best clause within this share

_TIME = re.compile(r"(?:到|于|在)?(?:19|20)\d{2}\s*年(?:\d{1,2}\s*月)?(?:底|末|初|中)?(?:前|以前|之前)?|"
                   r"\d{1,2}\s*月(?:底|末|初|中旬|上旬|下旬)(?:前)?|年底前?|年内|年末|"
                   r"\d+\s*(?:个)?(?:小时|工作日|日|天|周|个月)(?:内|以内)|每(?:年|季度|月|半年)|持续推进|长期坚持")
_MONEY = {"元", "万元", "亿元", "万亿元", "亿", "万"}
_PERCENT = {"%", "％"}
_PEOPLE = {"人", "万人", "人次", "万人次", "名"}
_TIME_UNITS = {"年", "个月", "天", "周年"}


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

    def cover(self, tokens: list[str], text: str) -> float:
        return coverage(tokens, text, self.idf)

    def under(self, doc_id: str, path: tuple[str, ...]) -> list[Passage]:
        return self.section_passages.get((doc_id, path), [])


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


# --------------------------------------------------------------------------- figures

def unit_fits(asked: str, unit: str) -> bool:
    """Is a figure in `unit` an answer to a question asking in `asked` (多少人 -> 人)?"""
    if not asked:
        return unit not in _TIME_UNITS
    if asked == "%":
        return unit in _PERCENT
    if asked in _MONEY or asked.endswith("元"):
        return unit in _MONEY or unit.endswith("元")
    if asked in _PEOPLE:
        return unit in _PEOPLE
    if asked == "个":
        return unit not in _PERCENT | _MONEY | _TIME_UNITS
    return unit == asked or unit.endswith(asked)


def _figures_fit(span: Span, asked: str) -> bool:
    return any(unit_fits(asked, m.group("unit")) for m in NUMBER_UNIT.finditer(span.text)
               if not m.group("ord"))


def targets(c: Ctx) -> str:
    numbered = [s for s in c.spans if s.has_number and _figures_fit(s, c.q.asked_unit)]
    top = max(numbered, key=lambda s: (s.coverage, s.hit.score), default=None)
    if top is None or top.coverage < NUMBER_VS_BEST * c.best.coverage:
        c.b.say(c.frame("no_number"))
        c.b.quote(sentence_span(c.best))
        return "no_figure"
    keep = KEEP_TARGETS_DENSE if c.dense_only else KEEP_TARGETS
    chosen = [s for s in numbered if s.coverage >= keep * top.coverage]
    if c.scope is not None:
        chosen += [s for s in scope_spans(c) if s.has_number]
    chosen = dedupe(chosen)
    if c.q.asserted:
        said = {compact(n) + u for n, u in c.q.asserted}
        shown = [m.group() for s in chosen[:3] for m in NUMBER_UNIT.finditer(s.text)]
        if shown and not any(any(compact(x).startswith(a) or a in compact(x) for x in shown) for a in said):
            c.b.say(c.frame("premise_wrong", figures="、".join(dict.fromkeys(shown[:3])),
                            asserted="、".join(n + u for n, u in c.q.asserted)))
    c.b.say(c.frame("scope_targets", section=c.scope[1][-1]) if c.scope else c.frame("targets"))
    for section, group in by_section(chosen).items():
        c.b.say(f"**{section}**")
        for s in group:
            c.b.quote(with_measure(s), bullet=True)
    return "answered"


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


def _measure_with_owner(c: Ctx) -> tuple[Span, Assignment | None]:
    """The clause the question is about, and the plan's annotation for it. A clause whose
    measure carries an annotation may stand in for a barely better clause that has none."""
    best = c.best
    a = assignment_for(c, best)
    if a is not None:
        return best, a
    near = [s for s in c.spans if s.coverage >= OWNER_ALTERNATIVE * best.coverage and assignment_for(c, s)]
    if near:
        s = max(near, key=lambda s: (s.coverage, s.hit.score))
        return s, assignment_for(c, s)
    # A top-ranked sentence that itself names who is responsible (…是第一责任人) beats the closest clause.
    naming = [s for s in c.spans if s.hit.rank <= 3 and named_responsible(s.passage.text)]
    if naming:
        return max(naming, key=lambda s: (s.coverage, s.hit.score)), None
    return best, None


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
    if named:
        c.b.add_owners(named)
        c.b.say(c.frame("owners_named") + "、".join(named))
    elif table_row is None:
        c.b.say(c.frame("no_owner"))
    c.b.say(c.frame("located", section=measure.passage.section_label))
    c.b.quote(sentence_span(measure))
    mentioned = [m for m in mentioned_bodies(measure.passage.text) if m not in c.b.owners]
    if mentioned:
        c.b.mentioned.extend(mentioned)
        c.b.say(c.frame("mentioned") + "、".join(mentioned))
    return "answered" if (named or table_row is not None) else "no_figure"


def yes_no(c: Ctx, table_row=None) -> str:
    """Confirm only a unit the plan names for the measure; otherwise say whom it names."""
    measure, a = _measure_with_owner(c)
    units = a.units if a is not None else (table_row.bodies if table_row is not None else
                                           named_responsible(measure.passage.text))
    if not units:
        c.b.say(c.frame("cannot_confirm"))
        c.b.say(c.frame("located", section=measure.passage.section_label))
        c.b.quote(sentence_span(measure))
        return "no_figure"
    confirmed = any(unit_matches(m, u) for m in c.q.unit_mentions for u in units)
    c.b.say(c.frame("confirm_yes" if confirmed else "confirm_no") + "、".join(units))
    if a is not None:
        _say_assignment(c, a, measure)
    else:
        c.b.add_owners(units)
        if table_row is not None:
            c.b.cite_row(table_row)
        c.b.say(c.frame("located", section=measure.passage.section_label))
        c.b.quote(sentence_span(measure))
    return "answered"


def reverse(c: Ctx) -> str | None:
    """Every measure the plan assigns to the unit the question names, grouped by section.
    None when the plan assigns nothing to it (the caller answers from the text)."""
    matched: "OrderedDict[str, list[Assignment]]" = OrderedDict()
    for a in c.look.assignments:
        names = [u for u in a.units if any(unit_matches(m, u) for m in c.q.unit_mentions)]
        for u in names:
            matched.setdefault(u, []).append(a)
    if not matched:
        return None
    chosen: list[Assignment] = []
    for group in matched.values():
        chosen += [a for a in group if a not in chosen]
    c.b.add_owners(list(matched))
    c.b.say(c.frame("reverse", unit="、".join(matched), n=len(chosen)))
    by_sec: "OrderedDict[str, list[Assignment]]" = OrderedDict()
    for a in chosen:
        p = c.look.passages_by_id.get(a.passage_ids[0]) if a.passage_ids else None
        by_sec.setdefault(p.section_label if p else " › ".join(a.section_path), []).append(a)
    for section, group in by_sec.items():
        c.b.say(f"**{section}**")
        for a in group:
            p = c.look.passages_by_id.get(a.passage_ids[0]) if a.passage_ids else None
            if p is not None:
                c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 0.0)), bullet=True,
                          prefix=f"{a.item_number}．" if a.item_number and not p.text.startswith(a.item_number) else "")
            ann = annotation_span(a, c.look.passages_by_id)
            if ann is not None and (p is None or ann.passage.passage_id != p.passage_id):
                c.b.quote(ann)
    return "answered"


# --------------------------------------------------------------------------- dates

def deadline(c: Ctx) -> str:
    measure, a = _measure_with_owner(c)
    sentence = sentence_span(measure)
    times = [m.group() for m in _TIME.finditer(sentence.text)]
    if a is not None and a.deadline:
        c.b.say(c.frame("deadline", deadline=a.deadline))
        c.b.say(c.frame("located", section=measure.passage.section_label))
        c.b.quote(sentence)
        ann = annotation_span(a, c.look.passages_by_id)
        if ann is not None and ann.passage.passage_id != measure.passage.passage_id:
            c.b.quote(ann)
        return "answered"
    if times:
        c.b.say(c.frame("deadline_text") + "、".join(dict.fromkeys(times)))
        c.b.quote(sentence, block=False)
        return "answered"
    c.b.say(c.frame("no_deadline"))
    c.b.quote(sentence)
    return "no_figure"


# --------------------------------------------------------------------------- the rest

def section(c: Ctx) -> str:
    c.b.say(c.frame("section", section=c.best.passage.section_label))
    c.b.quote(c.best)
    return "answered"


def quote(c: Ctx) -> str:
    p = c.best.passage
    where = c.frame("lines", first=p.line_first, last=p.line_last)
    c.b.say(c.frame("quote", section=p.section_label, where=where))
    c.b.quote(c.best, block=True)
    return "answered"


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
    if c.scope is not None and c.q.asks_number:
        return targets(c)
    clauses = [s for s in c.spans if s.passage is c.best.passage or s.coverage >= 0.8 * c.best.coverage]
    chosen = dedupe(sorted(clauses, key=lambda s: -s.coverage)[:1])
    c.b.say(c.frame("list"))
    for s in chosen:
        clause = clause_of(s)
        c.b.quote(clause)
        for item in list_items(clause.text):
            c.b.say(f"- {item}")
    return "answered"


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
                clause = next(cl for cl in re.finditer(r"[^，；。：,;:！？]+", p.text) if cl.start() <= m.start() < cl.end())
                out.append(Span(p, clause.start(), clause.end(), 1.0, Hit(p, 0.0)))
    return dedupe(out)


def general(c: Ctx) -> str:
    sentences: "OrderedDict[str, Span]" = OrderedDict()
    for s in sorted(c.spans, key=lambda s: (-s.coverage, -s.hit.score)):
        if s.coverage < KEEP_GENERAL * c.best.coverage or len(sentences) >= 3:
            break
        sentence = sentence_span(s)
        sentences.setdefault(sentence.passage.passage_id, sentence)
    c.b.say(c.frame("general"))
    for s in sentences.values():
        c.b.quote(s, bullet=True, with_section=True)
    return "answered"


def title(c: Ctx) -> str:
    doc = c.best.passage.doc_id
    heads = [p for p in c.look.doc_passages.get(doc, []) if p.section_kind == "headline"]
    c.b.say(c.frame("title"))
    if heads:
        for p in heads:
            c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), block=True)
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
        path = parent[1]
        heads = [p for p in passages if p.section_kind == "heading" and len(p.section_path) == len(path) + 1
                 and p.section_path[: len(path)] == path]
        if not heads:
            heads = [p for p in c.look.under(doc, path) if p.section_kind not in ("heading", "headline")
                     and re.match(r"^\s*[（(]?[一二三四五六七八九十\d]+[）)、．.﹒]", p.text)]
    if not heads:
        return general(c)
    key = "parts_of" if parent else "parts"
    c.b.say(c.frame(key, section=parent[1][-1] if parent else "", n=len(heads)))
    for p in heads:
        c.b.quote(Span(p, 0, len(p.text), 1.0, Hit(p, 1.0)), bullet=True)
    return "answered"


def section_title_words(title: str) -> str:
    return without_numbering(title)


__all__ = ["Ctx", "Lookups", "targets", "owner", "yes_no", "reverse", "deadline", "section", "quote", "listing",
           "general", "title", "parts", "unit_fits", "figures", "UNITS"]
