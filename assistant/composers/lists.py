"""Which items (`listing`): the sentence or paragraph that lists what the question asks for, every figure of a kind
(百分比类, 以亿元计) and a section's parts; `no_figure` when the plan lists none."""
from __future__ import annotations

import re
from collections import OrderedDict

from ..owners import is_body_name
from ..records import Hit, Passage
from ..responsibility import without_annotations
from ..spans import (Span, by_section, compact, dedupe, enumerations, item_head, quoted_names, sentence_span,
                     width_folded)
from ..structure import without_numbering
from ..targets import NUMBER_UNIT, chinese_to_number
from ..understanding import ASKS_TARGETS
from .base import EQUALLY_CLOSE, KEEP_LIST, LIST_BEYOND_TITLE, MEASURE_CLAUSES, MIN_COUNTED_NAME, Ctx, fallback
from .figure_fit import CJK_CHAR, figures_fit
from .figures import correct_premise, figure_detailing_lead, targets
from .items import (LEADS_IN, LIST_ASKED, LIST_CLAUSE, LIST_COUNT_NUMBER, LIST_COUNTERS, asked_count, asked_counter,
                    asked_kind, count_number, items_of_kind, next_with_items, sentence_items, stated_count,
                    stated_counts)
from .paragraphs import box_of, paragraph_enumeration, paragraph_from, paragraph_of, scope_spans, scope_titles
from .quoting import quote_in_context
from .sections import LABEL, general, section_parts


_SCOPE_AFTER_LIST = re.compile(r"(?:这块|这一块|那块|这方面|方面|这部分)$")  # "A、B这块，要…哪些": a scope, not examples
_BESIDES = re.compile(r"除了|以外|之外|还有(?:哪|什么|啥)")  # "除了X还有哪些": X's siblings are asked (not 拆除, 消除)


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
            or figure_detailing_lead(c, [c.q.asked_unit]) is not None):
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
        return bool(kind) and any(kind in run.kind or kind_closes_question and items_of_kind(run, kind)
                                  for m in LIST_CLAUSE.finditer(p.text) for run in enumerations(m.group()))

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
        asks_list = which or LIST_ASKED.search(c.q.text) is not None
        return _none_listed(c, sentence_span(first), "no_list" if asks_list else "no_number")
    # "这7个都是哪些" of 等4个, "哪三级" of 县乡村组四级: the plan's count first
    differs = None if correct_premise(c, [first], counted_only=True) else _count_differing(c, sentence_span(first))
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
        runs = [items for clause in LIST_CLAUSE.findall(p.text) for run in enumerations(clause)
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
    clause = next((x for x in LIST_CLAUSE.findall(holder.passage.text) if any(n in width_folded(x) for n in names)), "")
    lists = len(sentence_items(clause)) >= 2 or bool(paragraph_enumeration(c, holder.passage)) or \
        next_with_items(c, holder.passage) is not None
    return None if lists else holder


def _labelled_as_asked(c: Ctx, s: Span) -> bool:
    """A paragraph opening with a label the question writes out (网络化协同。… asked "网络化协同具体要发展哪些"): it
    is about what the question asks, however little of the question's other words it holds."""
    label = LABEL.match(s.passage.text)
    return label is not None and len(name := label.group().strip()[:-1]) >= 3 and name in c.q.text


def _none_listed(c: Ctx, span: Span, frame: str, **fields: object) -> str:
    """The plan names the set asked for and lists none of it: say so and quote it. A wrong count the question
    asserts (这7个都是哪些 where the sentence says 4个) is corrected first; that correction is the plan's answer."""
    corrected = correct_premise(c, [span], counted_only=True)
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
    """The verb whose objects a list question asks for, right before 哪几/哪些 (要推进哪几项 -> 推进), when it is a word
    of the question's topic."""
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
    runs = [run for clause in LIST_CLAUSE.findall(text) for run in enumerations(clause)]
    if not runs or quoted_names(text) or LEADS_IN.search(text) or paragraph_enumeration(c, listing.passage):
        return None
    for m in _COUNTED_NAME.finditer(c.q.text):
        words = jieba.lcut(m.group("name"), HMM=False)  # its opening words, whole (工作机制 is not 工作机构's 工作机)
        opening = ["".join(words[:k]) for k in range(len(words), 0, -1)]
        name = next((x for x in opening if len(x) >= MIN_COUNTED_NAME and x in text), "")
        holders = [x for x in LIST_CLAUSE.findall(text) if name and name in x]
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
    that list, not the section's parts. A sentence in a box is read with the box's caption (专栏N X工程), as a
    section's sentences are with its title."""
    def with_caption(p: Passage) -> str:
        caption = box_of(c, p)
        return p.text if caption is None else caption.text + p.text

    held = [(c.look.cover(words, with_caption(s.passage)), s) for s in (scope_spans(c) if spans is None else spans)
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
    run = paragraph_from(c, p, len(c.look.doc_passages.get(p.doc_id, [])))
    return run if len(run) >= 2 and _OPENS_WITH_COLON.match(run[1].text) else []


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
    if paragraph_enumeration(c, span.passage) or LEADS_IN.search(span.passage.text) or \
            next_with_items(c, span.passage) is not None:
        return None  # 一是…二是…, or a lead-in (…包括：, 开展X服务。) whose list follows
    return span
# The name of what a question counts or asks which of, written after the measure word (几家甲乙商, 哪些丙丁区)
_COUNTED_NAME = re.compile(r"(?:几|哪几|哪些|多少)(?:" + LIST_COUNTERS + r"|所|座|批)?(?P<name>[\u4e00-\u9fff]{3,12})")

# "哪三级", "哪五类": the count a question asks which of, in any measure word (级 is no list counter: 区镇村三级 names
# its three without listing them)
_ASKED_WHICH_N = re.compile(rf"哪({LIST_COUNT_NUMBER})(大?)([\u4e00-\u9fff])")


def _count_differing(c: Ctx, span: Span) -> tuple[int, str, str] | None:
    """(the count asked, the plan's phrase, the measure word) where the question asks which N of a thing the span
    counts otherwise (哪三级 of 四级渡运安全责任), None where it asks no count or the span states it or none."""
    asked = _ASKED_WHICH_N.search(c.q.text)
    n = count_number(asked.group(1)) if asked else 0  # 哪一级 asks which one, not how many
    stated = _count_of_asked(c, span.text, asked.group(3)) if asked and n >= 2 else None
    return (n, stated[1], asked.group(3)) if stated and stated[0] != n else None


def _count_of_asked(c: Ctx, text: str, counter: str) -> tuple[int, str] | None:
    """The count a sentence states of the thing the question counts: in the question's measure word and followed by
    a name the question writes too (四级渡运 of 哪三级, asked of 三级渡运), not a count of something else (园区3个)."""
    for m in stated_counts(text, counter):
        n = count_number(m.group(1))
        name = text[m.end() : m.end() + 2]
        if n >= 2 and len(CJK_CHAR.findall(name)) == 2 and name in compact(c.q.text):
            return n, m.group()
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
                clause = next(cl for cl in LIST_CLAUSE.finditer(p.text) if cl.start() <= m.start() < cl.end())
                out.append(Span(p, clause.start(), clause.end(), 1.0, Hit(p, 0.0)))
    return dedupe(out)


@fallback
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
        titles = scope_titles(c, doc, parent[1])
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
        label = LABEL.match(p.text) if p.section_kind not in ("heading", "headline") else None
        end = label.end() if label else len(p.text)  # a labelled paragraph: its label is the part
        c.b.quote(Span(p, 0, end, 1.0, Hit(p, 1.0)), bullet=True)
    return "answered"
