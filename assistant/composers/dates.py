"""By when (`deadline`): the time the measure's clause, its item or its paragraph's lead states, checked against a
date the question asserts; `no_figure` when the plan dates the measure nowhere."""
from __future__ import annotations

import re

from ..citations import annotation_span
from ..records import Hit
from ..responsibility import without_annotations
from ..spans import Span, compact, sentence_span
from ..understanding import ASKS_HOW_OFTEN, ASKS_MONTH, ASKS_YEAR, ORDINAL, supposed_leads
from .base import YEAR_CLOSE, Ctx
from .figure_fit import figures_fit
from .figures import of_the_best_clauses_words
from .items import LIST_ASKED, asked_kind, sentence_items
from .owners import item_passages, measure_with_owner
from .paragraphs import paragraph_lead
from .quoting import equally_close, quote_in_context, with_the_subject


# A count asked (多少个, 几家), not "那几个村" pointing at things, nor a count of the dates themselves (几个完成时限)
_COUNT_ASKED = re.compile(r"(?<![那这哪])(?:多少|几)(?![月号日天点时年周])")
_TIME_THING = re.compile(r"时间|节点|阶段|时限|期限|批次")
_TIME_UNITS = frozenset("年 个月 月 天 日 周 小时 分钟 工作日 个工作日".split())  # a deadline's own measures, not a count

ONGOING = ("持续推进", "长期坚持")  # time notes that name no time: the work goes on, undated
_TIME = re.compile(r"(?:到|于|在)?(?:19|20)\d{2}\s*年(?!度)(?:\d{1,2}\s*月)?(?:底|末|初|中)?(?:前|以前|之前)?|"
                   r"\d{1,2}\s*月(?:底|末|初|中旬|上旬|下旬)(?:前)?|年底前?|年内|年末|"
                   r"\d+\s*(?:个)?(?:小时|工作日|日|天|周|个月)(?:内|以内)|每(?:年|季度|月|半年)|"
                   r"(?:[\u4e00-\u9fff]{2,6}|“[^”]{2,6}”)期(?:内|间)|"  # a period named: 脱贫攻坚期内, “十四五”期间
                   r"(?<=[（(])(?:" + "|".join(ONGOING) + ")")  # ongoing, as an item's note says it: in prose, verbs
_WITHIN_A_YEAR = re.compile(r"月|[底末初中]")  # a time finer than a year: 6月底, 2025年底, 年底前


def deadline(c: Ctx) -> str:
    measure, a = measure_with_owner(c, need_deadline=True)
    sentence = sentence_span(measure)
    times = [m.group() for m in _TIME.finditer(sentence.text)]
    if ASKS_YEAR.search(c.q.text):  # "which year": only a stated year answers it
        times = [t for t in times if re.search(r"\d{4}", t)]
        if not times:
            close = [s for s in sorted(c.spans, key=lambda s: -s.coverage) if s.coverage >= YEAR_CLOSE * c.best.coverage]
            top = [s for s in c.spans if s.hit.rank == 1]  # the search's own first passage, after the close ones
            # not another measure's year, found by the plan's common words (a goal section's 到N年 lead)
            for s in filter(of_the_best_clauses_words(c, or_others=True), close + top[:1]):
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
_TIME_WORD_NEXT = re.compile(r"个?(?:年|月|天|日|号|季度|周)")  # 哪几年, 哪几个月: a list cue asking dates


def _list_also_asked(c: Ctx, measure: Span) -> None:
    """"用哪几种方式？多久考一次": the date is given; the items asked besides it are listed from the measure's sentence,
    or else from the heading of its section (（一）考评以A、B、C等方式进行), quoted."""
    if not any(not _TIME_WORD_NEXT.match(c.q.text, m.end()) for m in LIST_ASKED.finditer(c.q.text)):
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
