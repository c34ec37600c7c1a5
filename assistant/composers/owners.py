"""Who leads a measure (`owner`, `yes_no`) and what a unit leads (`reverse…`): the units the plan's annotations,
task table or prose name, quoted and cited; `no_figure` when the plan names none for the measure."""
from __future__ import annotations

import re
from collections import OrderedDict

from ..citations import annotation_span
from ..owners import NAMED_ROLE, convening, duty_holders, is_body_name, mentioned_bodies, named_responsible, partnered
from ..records import Assignment, Hit, Passage
from ..spans import Span, clause_of, compact, list_items, sentence_span
from ..understanding import ASKS_ALONE, asked_duties
from ..units import closest_body, unit_matches, unit_mentions
from .base import (ITEM_CLOSE, ITEM_HOLDS, ITEM_SENTENCES, OWNER_ALTERNATIVE, REVERSE_FULL_UP_TO, REVERSE_SENTENCES,
                   Ctx, head_body, without_leading_verb)
from .items import LIST_CLAUSE
from .paragraphs import text_under


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


def measure_with_owner(c: Ctx, need_deadline: bool = False) -> tuple[Span, Assignment | None]:
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
    measure, a = measure_with_owner(c)
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
    measure, a = measure_with_owner(c)
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
    named = [head_body(without_leading_verb(n)) for n in unit_mentions(measure.passage.text)]
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
            for name in map(without_leading_verb, unit_mentions(p.text)):
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


def listed_with(mentions: list[str], texts: list[str]) -> list[str]:
    """The units a question names and those the plan lists beside them (工会、共青团、妇联…等):
    when a quoted sentence lists a named unit, the whole list is the plan's answer."""
    out: list[str] = []
    for text in texts:
        for clause in LIST_CLAUSE.findall(text):
            items = list_items(clause)
            if not any(m in it for m in mentions for it in items):
                continue
            for it in items:
                tail = next((m for m in mentions if it.endswith(m)), None)
                name = tail or it
                if 1 < len(name) <= 12 and name not in out:
                    out.append(name)
    return out or [m for m in mentions if any(m in t for t in texts)]
