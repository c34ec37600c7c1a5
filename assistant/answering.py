"""Compose answers from the plan's own sentences: exact quotes, verified citations.

There is no language model. The intent of the question (target, quote, owner,
section, list, general) decides which spans of the retrieved passages are
quoted and how they are framed. Every quote is checked to be a substring of the
passage it cites before it is shown; a question the corpus does not answer gets
`found = False` and the nearest passages.
"""
from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .index import PlanIndex
from .owners import ResponsibilityTable, mentioned_bodies, named_responsible
from .query import MAX_QUESTION_CHARS, Query, normalise
from .records import Answer, Citation, Hit, Passage
from .retrieval import Retriever
from .targets import NUMBER_UNIT, UNITS, figures
from .timing import timed

INTENTS = ("owner", "section", "quote", "list", "target", "general")
_INTENT_PATTERNS = {
    "owner": r"谁是.{0,6}(责任|负责|牵头)|责任人|负总责|哪个部门|哪些部门|什么部门|哪个单位|哪家单位|什么单位|哪个局|哪个委|谁负责|谁牵头|谁来|由谁|归谁|归哪|负责单位|牵头单位|"
             r"责任单位|责任部门|主管部门|哪个机构|responsib|which department|which agency|who (is|will be)? ?in charge|who leads|owner",
    "section": r"哪个板块|哪一块|哪块|哪个部分|哪一部分|哪部分|属于哪|放在哪|在哪里讲|在哪讲|在哪个|哪个领域|哪个方面|哪一章|哪一节|"
               r"which (section|part|area|chapter)|under which|where in the plan",
    "quote": r"原文|原话|原句|原表述|怎么写|怎样写|如何写|怎么表述|如何表述|全称|exact wording|original (text|wording|sentence)|verbatim|quote",
    "list": r"哪些|哪几|有哪|列出|列举|都有什么|都有啥|分别是|具体是哪|which (ones|projects|roads|items)|\blist\b|what are the",
    "target": r"多少|几个|几家|几项|几条|几所|几亩|几倍|几|目标|多大|什么水平|啥水平|啥程度|什么程度|要达到|达到什么|占比|比例|"
              r"how many|how much|what percentage|percent|\btarget|\bgoal",
}
# Each alternative alone, so overlapping phrases (归哪 / 哪个局) are all found.
def _alternatives(pattern: str) -> list[str]:
    """Split a regex on its top-level | (not inside groups)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return parts + [pattern[start:]]


_INTENT_ALTERNATIVES = [re.compile(a, re.I) for p in _INTENT_PATTERNS.values() for a in _alternatives(p)]
_FOLLOW_UP = re.compile(r"^(那么?|还有|另外|再说说|and\b|what about|how about)|[呢]$", re.I)
_ASKS_NUMBER = re.compile(r"多少|几|多大|什么水平|啥程度|什么程度|how many|how much|what percentage|percent", re.I)
# Words that frame a question rather than name its topic (general Chinese and English).
FRAME_WORDS = frozenset("""现在 目前 当前 样 个 多少 几个 几家 几项 几 什么 啥 哪些 哪个 哪几 哪 怎么 怎样 如何 是否 有没有 目标 计划 今年 全年 年度
要 需要 达到 完成 原文 原话 原句 表述 写 说 讲 提 提了 部门 单位 负责 牵头 归 管 谁 板块 部分 方面 内容 具体 情况
安排 要求 任务 问 请问 帮 我 找 下 一下 那 那么 呢 吗 的 了 是 有 在 和 与 及 里 中 项 条 句 那句 那条 这块 这个 那个
the a an of to in for is are be will this that what which how many much who plan planned target targeted year new""".split())
_CITY_SUFFIX = re.compile(r"(市|县|区|省)$")
_CLAUSE = re.compile(r"[^，；。：！？,;:!?]+")
_ITEM_SPLIT = re.compile(r"、")
_QUOTED_NAME = re.compile(r"“([^”]{2,20})”")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")

# Calibrated on the dev set (see README): refuse below these.
MIN_COVERAGE = 0.30  # dev set: unanswerable <= 0.17, answerable >= 0.44
MIN_DENSE_FOREIGN = 0.75  # English without Chinese terms: dev answerable >= 0.778 (weak signal, see README)


def compact(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class Span:
    """A quotable piece of a passage (clause or list item) with its relevance."""

    passage: Passage
    start: int
    end: int
    coverage: float
    hit: Hit

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def has_number(self) -> bool:
        return bool(figures(self.text))


def detect_intent(text: str) -> str:
    for intent in ("owner", "section", "quote", "list", "target"):
        if re.search(_INTENT_PATTERNS[intent], text, re.I):
            return intent
    return "general"


@lru_cache(maxsize=1)
@timed("OpenCC()")
def _s2t():
    """OpenCC's converter loads its dictionaries on creation: make it once per process."""
    import opencc

    return opencc.OpenCC("s2t")


class Frame:
    """Answer wording in the asker's language; quotes stay in the plan's words."""

    ZH = {
        "not_found": "计划中没有找到能回答这个问题的内容。以下是最接近的段落，供参考：",
        "other_year": "这份计划是 {plan} 年的工作部署，没有 {asked} 年的内容，不能用 {plan} 年的数字回答。以下是最接近的段落：",
        "no_owner": "计划没有写明由哪个部门或单位负责这项工作。",
        "located": "这项措施位于「{section}」：",
        "owners_from_table": "按责任分解表，{measure}：牵头单位 {lead}；责任单位 {resp}",
        "owners_named": "计划中写明的责任主体：",
        "mentioned": "措施文字中提到（仅为提及，计划未说明其为责任单位）：",
        "section": "这项内容在「{section}」部分：",
        "quote": "原文（「{section}」，第 {first}–{last} 行）：",
        "targets": "计划中的相关目标：",
        "no_number": "计划对此没有给出具体数字，原文只写：",
        "list": "计划中列出的相关内容：",
        "parts": "计划的组成部分（一级标题）：",
        "general": "计划中的相关内容：",
        "truncated": "（问题过长，只取了前 {n} 个字。）",
    }
    EN = {
        "not_found": "The plan does not answer this question. The nearest passages are:",
        "other_year": "This plan covers {plan}; it has nothing for {asked}, and {plan}'s figures are not an answer. Nearest passages:",
        "no_owner": "The plan does not name a responsible department or unit for this.",
        "located": "The measure sits under 「{section}」:",
        "owners_from_table": "Per the responsibility table, {measure}: lead {lead}; responsible {resp}",
        "owners_named": "Responsible parties named in the plan:",
        "mentioned": "Bodies mentioned in the measure (not stated to be responsible):",
        "section": "This is in the section 「{section}」:",
        "quote": "Original wording (「{section}」, lines {first}–{last}):",
        "targets": "Targets in the plan (quoted in the original Chinese):",
        "no_number": "The plan gives no figure for this; it says only:",
        "list": "Items listed in the plan:",
        "parts": "The plan's parts (top-level headings):",
        "general": "What the plan says (original Chinese):",
        "truncated": "(Question cut to its first {n} characters.)",
    }

    def __init__(self, language: str, traditional: bool):
        self.table = self.EN if language == "en" else self.ZH
        self.traditional = traditional and language != "en"

    def __call__(self, key: str, **kw) -> str:
        text = self.table[key].format(**kw)
        return _s2t().convert(text) if self.traditional else text


class Answerer:
    def __init__(self, index: PlanIndex, retriever: Retriever, table: ResponsibilityTable | None = None):
        self.index = index
        self.retriever = retriever
        self.table = table or ResponsibilityTable([])
        self.plan_years = {int(d["year"]) for d in index.docs.values() if d.get("year")}
        self.city_words = {w for d in index.docs.values() for w in _city_forms(d.get("meta", {}).get("city"))}
        self.known_bodies = self.table.all_bodies()
        # Lookups by document and by section, so an answer's cost does not grow with the corpus.
        self._doc_passages: dict[str, list[Passage]] = defaultdict(list)
        self._section_body: dict[tuple[str, ...], list[Passage]] = defaultdict(list)
        for p in index.passages:
            self._doc_passages[p.doc_id].append(p)
            if p.section_kind == "body":
                self._section_body[p.section_path].append(p)
        self._top_headings = max((sum(1 for p in ps if p.section_kind == "heading" and len(p.section_path) == 1)
                                  for ps in self._doc_passages.values()), default=0)

    # -- the query -----------------------------------------------------------
    def _content_tokens(self, query: Query) -> list[str]:
        """The topic words of the question: what the intent phrases, frame words and the
        city name leave over (哪个局 in 双减工作归哪个局管 is frame, not topic)."""
        text = query.text
        spans = [m.span() for alt in _INTENT_ALTERNATIVES for m in alt.finditer(text)]
        keep = [not any(a <= i < b for a, b in spans) for i in range(len(text))]
        text = "".join(c if k else " " for c, k in zip(text, keep))
        tokens = []
        for t in self.index.tokenizer.words(text):
            if t in FRAME_WORDS or t in self.city_words or all(c in FRAME_WORDS for c in t):
                continue
            if t not in tokens:
                tokens.append(t)
        return tokens

    def _coverage(self, tokens: list[str], text: str) -> float:
        """Share of the question's topic (idf-weighted) found in the text; a long word
        that is not found whole earns the share of its character pairs that are."""
        weights = [self.index.idf(t) for t in tokens]
        total = sum(weights)
        if total <= 0:
            return 0.0
        c = compact(text).lower()
        got = 0.0
        for t, w in zip(tokens, weights):
            if t in c:
                got += w
            elif len(t) >= 3:
                pairs = [t[i : i + 2] for i in range(len(t) - 1)]
                got += w * sum(p in c for p in pairs) / len(pairs)
        return got / total

    def _spans(self, hits: list[Hit], tokens: list[str], items: bool, dense_only: bool = False) -> list[Span]:
        spans = []
        for hit in hits:
            p = hit.passage
            for m in _CLAUSE.finditer(p.text):
                s, e = m.span()
                s += len(m.group()) - len(m.group().lstrip())
                if e <= s:
                    continue
                pieces = [(s, e)]
                if items and "、" in p.text[s:e]:
                    pos = s
                    for part in _ITEM_SPLIT.split(p.text[s:e]):
                        pieces.append((pos, pos + len(part)))
                        pos += len(part) + 1
                for a, b in pieces:
                    if dense_only:  # no topic words to match (an English question): meaning decides
                        cov = max((sc for us, ue, sc in hit.units if us < b and a < ue), default=0.0)
                    else:
                        context = p.text[a:b] + " " + p.section_label
                        cov = 0.85 * self._coverage(tokens, p.text[a:b]) + 0.15 * self._coverage(tokens, context)
                    spans.append(Span(p, a, b, cov, hit))
        if dense_only and spans:
            lo, hi = np.median([s.coverage for s in spans]), max(s.coverage for s in spans)
            for s in spans:
                s.coverage = max(0.0, (s.coverage - lo) / (hi - lo)) if hi > lo else 0.0
        return spans

    # -- answering -----------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        query = normalise(question)
        frame = Frame(query.language, query.traditional)
        intent = detect_intent(query.text)
        if history and _FOLLOW_UP.search(query.text) and len(query.text) <= 20:
            previous = normalise(history[-1])
            prev_intent = detect_intent(previous.text)
            if intent == "general" or intent == "section" and not re.search(_INTENT_PATTERNS["section"], query.text.replace("方面", "")):
                intent = prev_intent
            query = Query(query.raw, f"{query.text} {' '.join(_intent_words(previous.text))}".strip(),
                          query.phrases, query.language, query.traditional, query.years, query.truncated)
        if not query.text.strip():
            return Answer(question, intent, False, "请输入一个关于计划内容的问题。")
        hits = self.retriever.search(query, k=8)
        answer = self._compose(query, intent, hits, frame)
        if query.truncated:
            answer.notice = frame("truncated", n=MAX_QUESTION_CHARS)  # the cut is of the typed text, not the cleaned
        return answer

    def _nearest(self, hits: list[Hit], n: int = 3) -> list[Citation]:
        return [_citation(i, h, h.passage.text, self.index) for i, h in enumerate(hits[:n], start=1)]

    def _refuse(self, query: Query, intent: str, hits: list[Hit], message: str) -> Answer:
        """found=False: the message alone; the nearest passages travel separately."""
        return Answer(query.raw, intent, False, message, [], [], [], self._nearest(hits))

    def _compose(self, query: Query, intent: str, hits: list[Hit], frame: Frame) -> Answer:
        other_years = [y for y in query.years if self.plan_years and y not in self.plan_years]
        if other_years:
            plan = "、".join(str(y) for y in sorted(self.plan_years))
            return self._refuse(query, intent, hits, frame("other_year", plan=plan, asked=other_years[0]))
        if not hits:
            return self._refuse(query, intent, hits, frame("not_found"))
        tokens = self._content_tokens(query)
        dense_only = query.language != "zh" and not any(_CJK.search(t) for t in tokens)
        spans = self._spans(hits, tokens, items=True, dense_only=dense_only)
        # Most relevant first; among equals the tighter span (the item, not its whole clause).
        best = max(spans, key=lambda s: (round(s.coverage, 6), s.hit.score, -(s.end - s.start)), default=None)
        if intent == "list" and query.asks_parts:
            return self._parts(query, frame)
        if not self._answerable(query, tokens, best, hits):
            return self._refuse(query, intent, hits, frame("not_found"))
        builder = _Builder(self.index, query, intent)
        if intent == "target" or (intent == "general" and _ASKS_NUMBER.search(query.text)):
            # Meaning alone (no shared words) separates candidates less sharply: show the close ones.
            self._targets(builder, spans, best, frame, tokens, keep=0.6 if dense_only else 0.75)
        elif intent == "owner":
            self._owner(builder, query, best, spans, frame)
        elif intent == "section":
            builder.say(frame("section", section=best.passage.section_label))
            builder.quote(best)
        elif intent == "quote":
            builder.say(frame("quote", section=best.passage.section_label,
                              first=best.passage.line_first, last=best.passage.line_last))
            builder.quote(best, block=True)
        elif intent == "list":
            self._list(builder, query, spans, best, frame)
        else:
            self._general(builder, spans, best, frame)
        return builder.build()

    def _answerable(self, query: Query, tokens: list[str], best: Span | None, hits: list[Hit]) -> bool:
        if best is None:
            return False
        if query.language != "zh":
            tokens = [t for t in tokens if _CJK.search(t)]  # Chinese terms quoted in an English question
        if not tokens:
            return (hits[0].dense or 0.0) >= MIN_DENSE_FOREIGN
        return max(self._coverage(tokens, f"{h.passage.text} {h.passage.section_label}") for h in hits[:3]) >= MIN_COVERAGE

    def _targets(self, b: "_Builder", spans: list[Span], best: Span, frame: Frame, topic: list[str],
                 keep: float) -> None:
        numbered = [s for s in spans if s.has_number]
        top = max(numbered, key=lambda s: (s.coverage, s.hit.score), default=None)
        if top is None or top.coverage < 0.6 * best.coverage:
            b.say(frame("no_number"))
            b.quote(best)
            return
        chosen = [s for s in numbered if s.coverage >= keep * top.coverage]
        section = top.passage.section_path
        if self._coverage(topic, section[-1]) >= 0.99:  # the question names a whole section
            chosen += [s for s in self._section_spans(section, topic) if s.has_number]
        chosen = _dedupe(chosen)
        b.say(frame("targets"))
        for section, group in _by_section(chosen).items():
            b.say(f"**{section}**")
            for s in group:
                b.quote(_with_measure(s), bullet=True)

    def _owner(self, b: "_Builder", query: Query, best: Span, spans: list[Span], frame: Frame) -> None:
        # A relevant passage that itself names who is responsible beats the closest clause.
        naming = [s for s in spans if s.hit.rank <= 3 and named_responsible(s.text)]
        if naming:
            best = max(naming, key=lambda s: (s.coverage, s.hit.score))
        row = self.table.match(self._content_tokens(query), self._coverage)
        if row is not None:
            b.owners.extend(row.bodies)
            b.say(frame("owners_from_table", measure=row.measure, lead=row.lead or "—", resp=row.responsible or "—"))
            b.cite_row(row)
        named = named_responsible(best.text)
        if named:
            b.owners.extend(n for n in named if n not in b.owners)
            b.say(frame("owners_named") + "、".join(named))
        elif row is None:
            b.say(frame("no_owner"))
        b.say(frame("located", section=best.passage.section_label))
        b.quote(best)
        mentioned = [m for m in mentioned_bodies(best.passage.text) if m not in b.owners]
        if mentioned:
            b.mentioned.extend(mentioned)
            b.say(frame("mentioned") + "、".join(mentioned))

    def _list(self, b: "_Builder", query: Query, spans: list[Span], best: Span, frame: Frame) -> None:
        unit = next((u for u in UNITS if len(u) > 1 and u in query.text), None)
        if unit is None and re.search(r"百分比|percent|%", query.text):
            unit = "%"
        if unit:
            targets = self._all_target_spans(unit, best.passage.doc_id)
            if targets:
                b.say(frame("targets"))
                for section, group in _by_section(targets).items():
                    b.say(f"**{section}**")
                    for s in group:
                        b.quote(s, bullet=True)
                return
        clauses = [s for s in spans if s.passage is best.passage or s.coverage >= 0.8 * best.coverage]
        chosen = _dedupe(sorted(clauses, key=lambda s: -s.coverage)[:1])
        b.say(frame("list"))
        for s in chosen:
            clause = _clause_of(s)
            b.quote(clause)
            for item in _list_items(clause.text):
                b.say(f"- {item}")

    def _general(self, b: "_Builder", spans: list[Span], best: Span, frame: Frame) -> None:
        sentences: "OrderedDict[str, Span]" = OrderedDict()
        for s in sorted(spans, key=lambda s: (-s.coverage, -s.hit.score)):
            if s.coverage < 0.6 * best.coverage or len(sentences) >= 3:
                break
            sentence = _sentence_span(s)
            sentences.setdefault(sentence.passage.passage_id, sentence)
        b.say(frame("general"))
        for s in sentences.values():
            b.quote(s, bullet=True, with_section=True)

    def _section_spans(self, path: tuple[str, ...], topic: list[str]) -> list[Span]:
        """Every clause and list item of the passages directly under a section."""
        hits = [Hit(p, 0.0) for p in self._section_body.get(path, [])]
        return self._spans(hits, topic, items=True)

    def _all_target_spans(self, unit: str, doc_id: str) -> list[Span]:
        """Every clause of one document with a figure in `unit` (one plan's list, however many
        plans the corpus holds)."""
        out = []
        for p in self._doc_passages.get(doc_id, []):
            if p.section_kind in ("heading", "headline"):
                continue
            for m in NUMBER_UNIT.finditer(p.text):
                num, u = m.group("num"), m.group("unit")
                full = (num[-1] if num[-1] in "万亿" else "") + u
                if unit in (u, full) or (unit == "%" and u in "%％"):
                    clause = next(c for c in _CLAUSE.finditer(p.text) if c.start() <= m.start() < c.end())
                    out.append(Span(p, clause.start(), clause.end(), 1.0, Hit(p, 0.0)))
        return _dedupe(out)

    def _parts(self, query: Query, frame: Frame) -> Answer:
        b = _Builder(self.index, query, "list")
        b.say(frame("parts"))
        # the retriever ranks the best document's top-level headings first
        hits = self.retriever.search(query, k=self._top_headings)
        for hit in hits:
            p = hit.passage
            if p.doc_id == hits[0].passage.doc_id and p.section_kind == "heading" and len(p.section_path) == 1:
                b.quote(Span(p, 0, len(p.text), 1.0, hit), bullet=True)
        return b.build()


def _city_forms(city: str | None) -> set[str]:
    if not city:
        return set()
    return {city, _CITY_SUFFIX.sub("", city), city + "市"}


def _intent_words(text: str) -> list[str]:
    """The intent-bearing words of a previous question, carried into a follow-up."""
    words = []
    for intent in ("owner", "target", "quote", "list"):
        m = re.search(_INTENT_PATTERNS[intent], text, re.I)
        if m:
            words.append(m.group())
    return words


def _sentence_span(span: Span) -> Span:
    return Span(span.passage, 0, len(span.passage.text), span.coverage, span.hit)


def _clause_of(span: Span) -> Span:
    for m in _CLAUSE.finditer(span.passage.text):
        if m.start() <= span.start < m.end():
            return Span(span.passage, m.start(), m.end(), span.coverage, span.hit)
    return span


def _with_measure(span: Span) -> Span:
    """A list item that is only a figure (50亿元以上) is quoted with its whole clause."""
    rest = NUMBER_UNIT.sub("", span.text)
    rest = re.sub(r"以上|以下|以内|左右|[、，\s]", "", rest)
    return span if len(rest) >= 2 else _clause_of(span)


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop spans contained in another chosen span of the same passage; keep order."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: -(s.end - s.start)):
        if not any(o.passage.passage_id == s.passage.passage_id and o.start <= s.start and s.end <= o.end for o in out):
            out.append(s)
    order = {id(s): i for i, s in enumerate(spans)}
    return sorted(out, key=lambda s: (s.passage.char_start, s.start, order[id(s)]))


def _by_section(spans: list[Span]) -> "OrderedDict[str, list[Span]]":
    groups: "OrderedDict[str, list[Span]]" = OrderedDict()
    for s in spans:
        groups.setdefault(s.passage.section_label, []).append(s)
    return groups


def _list_items(text: str) -> list[str]:
    names = _QUOTED_NAME.findall(text)
    if len(names) >= 2:
        return names
    parts = [p.strip() for p in text.split("、")]
    if len(parts) < 2:
        return []
    parts[-1] = parts[-1].split("等")[0]
    return [p for p in parts if p]


def _citation(n: int, hit: Hit, quote: str, index: PlanIndex, start: int | None = None) -> Citation:
    p = hit.passage
    doc = index.docs.get(p.doc_id, {})
    start = p.text.find(quote) if start is None else start
    return Citation(n, p.doc_id, p.section_label, (p.line_first, p.line_last), p.text, quote,
                    round(hit.score, 4), doc.get("title", p.doc_id), doc.get("file", ""),
                    start, start + len(quote))


class _Builder:
    """Collects frame text and quotes; a quote that is not in its passage is dropped."""

    def __init__(self, index: PlanIndex, query: Query, intent: str):
        self.index, self.query, self.intent = index, query, intent
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.owners: list[str] = []
        self.mentioned: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)

    def _cite(self, span: Span) -> int | None:
        quote = span.text.strip()
        if not quote or compact(quote) not in compact(span.passage.text):
            return None  # the citation check: never show a claim its source lacks
        for c in self.citations:
            if c.doc == span.passage.doc_id and c.text == span.passage.text and c.quote == quote:
                return c.n
        n = len(self.citations) + 1
        lead = len(span.text) - len(span.text.lstrip())
        self.citations.append(_citation(n, span.hit, quote, self.index, span.start + lead))
        return n

    def quote(self, span: Span, bullet: bool = False, block: bool = False, with_section: bool = False) -> None:
        n = self._cite(span)
        if n is None:
            return
        text = span.text.strip()
        prefix = f"「{span.passage.section_label}」" if with_section else ""
        if block:  # the whole sentence, the quoted span in bold
            p = span.passage.text
            self.lines.append(f"> {p[:span.start]}**{p[span.start:span.end]}**{p[span.end:]} [{n}]")
        else:
            self.lines.append(f"{'- ' if bullet else ''}{prefix}“{text}” [{n}]")

    def cite_row(self, row) -> None:
        n = len(self.citations) + 1
        self.citations.append(Citation(n, row.doc, row.sheet or "责任分解表", (row.line, row.line), row.text,
                                       row.text, 1.0, row.doc))
        self.lines[-1] += f" [{n}]"

    def build(self) -> Answer:
        found = bool(self.citations)
        return Answer(self.query.raw, self.intent, found, "\n".join(self.lines), self.citations,
                      self.owners, self.mentioned)
