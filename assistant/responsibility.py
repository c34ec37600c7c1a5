"""Responsibility annotations a plan writes into its own text: who leads, who helps, by when.

Plans mark owners in a few shapes, recognised by form and by the convention's own
vocabulary (牵头 / 负责 / 配合 / 责任单位 …), never by one plan's wording:

- a parenthesis closing a sentence or item: （牵头单位：X；责任单位：Y、Z）, （X牵头，Y按职责分工配合）,
  （X负责）, （6月底完成，牵头考核单位：X、Y）;
- lines of their own after a measure: 牵头单位：X / 配合单位：Y / 完成时限：2023年12月底;
- a document-level rule such as 列第一位者为牵头单位 (the first unit listed leads);
- tables inside a .docx (rows arrive as tab-joined lines) with 牵头单位 / 责任单位 columns.

An annotation applies to what it closes: the text back to the previous annotation or to the
start of the numbered item, whichever is later (so each sentence of an item keeps its own
owner); when an item holds several annotations, its first sentence is its title, shared by all
of them and the measure of none. Scopes are cut in the clean text by character and sentence,
not by passage: a passage may hold a run-in title with the sentence it introduces, and a note
after 。 belongs to the sentence it closes. Its characters stay in the passages (quotes are
exact); the Assignment points at them.
This module reads a parsed document duck-typed (`.doc`, `.clean`, `.passages`) and imports
nothing downstream of structure.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from .cleaning import clean_line
from .records import Assignment, Passage
from .structure import split_sentences
from .years import PlanYears

_ROLE_KEY = r"(?:牵头|主办|责任|配合|协办|参与|协助)[\u4e00-\u9fff]{0,4}?(?:单位|部门)"
_TIME_KEY = r"完成时限|完成时间|时限要求|时间要求|时间节点|时限"
_KEY = re.compile(rf"(?P<key>{_ROLE_KEY}|{_TIME_KEY})\s*[：:]")
# "X牵头，Y配合": the shortest run that ends in a role verb followed by a separator or the end.
_ROLE_CLAUSE = re.compile(r"(.+?)(牵头|负责|配合|参与|协助|协办)(?=[，,；;]|$)")
_PAREN = re.compile(r"[（(]((?:[^（）()\n]|[（(][^（）()\n]*[）)]){2,300})[）)]")
_DEADLINE_WORDS = re.compile(r"\d{1,2}月|年底|年末|年内|上半年|下半年|季度|持续|长期|常态|进度|\d{4}年|完成|前$|底前")
_UNIT_SEP = re.compile(r"[、，,；;]")
_DUTY_PHRASE = re.compile(r"按职责分工|按照职责分工|按职责|分别")
_ITEM_NO = re.compile(r"^\s*(?:(\d{1,3})\s*[．.﹒、](?!\d)|[（(](\d{1,3})[）)])")
_SECTION_NO = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、．.﹒]|[（(][一二三四五六七八九十百]+[）)]|"
                         r"第[一二三四五六七八九十百\d]+[章节部篇]|#)")
_FIRST_IS_LEAD = re.compile(r"(?:第一位|首位|第一个|最前)[^。；，\n]{0,8}?(?:为|是|即为|系)牵头")


@dataclass
class Annotation:
    """The parsed content of one annotation: units by role and the deadline as written."""

    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deadline: str = ""


# ---------------------------------------------------------------- one annotation's content

def split_units(value: str, strict: bool = False) -> list[str] | None:
    """Unit names of a list (split on 、，；); "按职责分工" is not part of a name.
    `strict` (the colon-less form) refuses text that does not look like a list of names."""
    out = []
    for piece in _UNIT_SEP.split(value):
        piece = _DUTY_PHRASE.sub("", piece).strip(" 　。:：")
        piece = re.sub(r"等$", "", piece)
        if not piece:
            continue
        if len(piece) < 2 or len(piece) > 40 or "。" in piece or (strict and "的" in piece):
            if strict:
                return None
            continue
        if piece not in out:
            out.append(piece)
    return out


def _is_deadline(text: str) -> bool:
    return len(text) <= 30 and bool(_DEADLINE_WORDS.search(text))


def parse_annotation(content: str) -> Annotation | None:
    """Read the inside of an annotation (without its brackets); None when it is not one."""
    content = content.strip()
    ann = Annotation()
    keys = list(_KEY.finditer(content))
    if keys:
        prefix = content[: keys[0].start()].strip("，,；;。 ")
        if prefix and _is_deadline(prefix):
            ann.deadline = prefix
        for k, nxt in zip(keys, keys[1:] + [None]):
            value = content[k.end() : nxt.start() if nxt else len(content)].strip("，,；;。 ")
            key = k.group("key")
            if re.fullmatch(_TIME_KEY, key):
                ann.deadline = ann.deadline or value
                continue
            units = split_units(value, strict=False) or []
            (ann.lead if key.startswith(("牵头", "主办")) else ann.partners).extend(
                u for u in units if u not in ann.lead + ann.partners)
    else:
        pos, first = 0, True
        while pos < len(content):
            m = _ROLE_CLAUSE.match(content, pos)
            if not m:
                return None
            pieces = _UNIT_SEP.split(m.group(1))
            while pieces and _is_deadline(pieces[0].strip()):  # （6月底前完成，X牵头）
                ann.deadline = ann.deadline or pieces.pop(0).strip()
            units = split_units("、".join(pieces), strict=True)
            if not units:
                return None
            verb = m.group(2)
            lead_role = verb == "牵头" or (verb == "负责" and first and not ann.lead)
            (ann.lead if lead_role else ann.partners).extend(u for u in units if u not in ann.lead + ann.partners)
            first = False
            pos = m.end()
            while pos < len(content) and content[pos] in "，,；; ":
                pos += 1
    return ann if (ann.lead or ann.partners) else None


# ---------------------------------------------------------------- deadlines and the plan's year

def resolve_deadline(text: str, year: int | None) -> str:
    """The ISO date a deadline as written names, with the plan's year when it gives none
    ("6月底完成" -> 2022-06-30); "" for open-ended ones (持续推进) or without a year."""
    m = re.search(r"(?:((?:19|20)\d\d)\s*年)?\s*(\d{1,2})\s*月\s*(底|末|上旬|中旬|下旬|初|份)?\s*(?:(\d{1,2})\s*日)?",
                  text)
    if m:
        y = int(m.group(1)) if m.group(1) else year
        month = int(m.group(2))
        if y is None or not 1 <= month <= 12:
            return ""
        last = calendar.monthrange(y, month)[1]
        day = int(m.group(4)) if m.group(4) else {"上旬": 10, "初": 10, "中旬": 20}.get(m.group(3) or "", last)
        return f"{y:04d}-{month:02d}-{min(day, last):02d}"
    m = re.search(r"(?:((?:19|20)\d\d)\s*年)?\s*(年底|年末|底|年内|上半年|下半年|([一二三四1-4])季度)", text)
    if m and (m.group(1) or m.group(2) != "底"):
        y = int(m.group(1)) if m.group(1) else year
        if y is None:
            return ""
        if m.group(2) == "上半年":
            return f"{y:04d}-06-30"
        if m.group(3):
            q = "一二三四".find(m.group(3)) + 1 or int(m.group(3))
            return f"{y:04d}-{3 * q:02d}-{calendar.monthrange(y, 3 * q)[1]:02d}"
        return f"{y:04d}-12-31"
    return ""


def plan_year(doc, clean: str, passages: list[Passage]) -> int | None:
    """The year a plan's month-only deadlines belong to: the plan's own year, by the one rule the
    answerer uses for 今年 too (years.PlanYears)."""
    return PlanYears.read(passages, {"title": getattr(doc, "title", ""), "year": getattr(doc, "year", None)},
                          head=clean).plan_year


# ---------------------------------------------------------------- a document's annotations

@dataclass
class _Found:
    start: int  # the annotation's characters in the clean text
    end: int
    ann: Annotation
    own_lines: bool  # lines of their own (牵头单位：X) rather than a parenthesis


def _paragraphs(clean: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in clean.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _line_offsets(parsed) -> dict[int, tuple[int, str]]:
    """Where each source line starts in the clean text, with its clean text. Lines are the truth
    for line-shaped forms (牵头单位：X on a line of its own, numbered items): structure may join
    a line to the paragraph before it. Found near the passages that hold the line."""
    clean, out = parsed.clean, {}
    covering: dict[int, int] = {}
    for p in parsed.passages:
        for n in range(p.line_first, p.line_last + 1):
            covering[n] = min(covering.get(n, p.char_start), p.char_start)
    for n, raw in enumerate(getattr(parsed.doc, "lines", []), start=1):
        text = clean_line(raw)
        if not text or n not in covering:
            continue
        probe = text[: min(len(text), 6)]
        at = clean.find(probe, max(0, covering[n] - 1))
        if at >= 0:
            out[n] = (at, text)
    return out


def _find_annotations(clean: str, lines: dict[int, tuple[int, str]]) -> list[_Found]:
    found: list[_Found] = []
    group: list[tuple[int, int]] = []

    def close_group() -> None:
        if group:
            ann = Annotation()
            for s, e in group:
                part = parse_annotation(clean[s:e])
                key = _KEY.match(clean[s:e])
                if part:
                    ann.lead += [u for u in part.lead if u not in ann.lead]
                    ann.partners += [u for u in part.partners if u not in ann.partners]
                    ann.deadline = ann.deadline or part.deadline
                elif key:  # 完成时限：… alone
                    ann.deadline = ann.deadline or clean[s + key.end() : e].strip("，,；;。 ")
            if ann.lead or ann.partners:
                found.append(_Found(group[0][0], group[-1][1], ann, True))
            group.clear()

    previous = None
    for n in sorted(lines):
        at, text = lines[n]
        if _KEY.match(text) and clean.startswith(text, at):
            if previous is not None and n != previous + 1:
                close_group()
            group.append((at, at + len(text)))
            previous = n
        elif text.strip():
            close_group()
            previous = None
    close_group()
    taken = list(found)
    for s, e in _paragraphs(clean):
        for m in _PAREN.finditer(clean, s, e):
            if any(f.start <= m.start() < f.end for f in taken):
                continue
            ann = parse_annotation(m.group(1))
            if ann:
                found.append(_Found(m.start(), m.end(), ann, False))
    return sorted(found, key=lambda f: f.start)


def text_assignments(parsed) -> list[Assignment]:
    """Every annotation in one parsed document (`.doc`, `.clean`, `.passages`) as an Assignment."""
    doc, clean = parsed.doc, parsed.clean
    passages = sorted((p for p in parsed.passages if p.section_kind != "headline"),
                      key=lambda p: p.char_start)
    year = plan_year(doc, clean, parsed.passages)
    first_leads = bool(_FIRST_IS_LEAD.search(clean))
    lines = _line_offsets(parsed)
    starts: dict[int, str] = {p.char_start: "" for p in passages if p.section_kind == "heading"}
    for at, text in list(lines.values()) + [(s, clean[s:e]) for s, e in _paragraphs(clean)]:
        m = _ITEM_NO.match(text)
        if m:
            starts[at] = m.group(1) or m.group(2)
        elif _SECTION_NO.match(text):
            starts.setdefault(at, "")
    item_starts = sorted(starts.items())  # (offset, the item's own number or "")
    found = _find_annotations(clean, lines)
    out: list[Assignment] = []
    prev_end = 0
    for k, f in enumerate(found):
        item = max((i for i in item_starts if i[0] <= f.start), default=(0, ""))
        next_item = min((i[0] for i in item_starts if i[0] > f.start), default=len(clean))
        shared_item = sum(1 for g in found if item[0] <= g.start < next_item) > 1
        # the item's title (its first sentence) is shared by the item's annotations, never a measure
        title = next((p for p in passages if shared_item and p.char_start <= item[0] < p.char_end), None)
        title_end = _first_sentence_end(clean, title, item[0]) if title else item[0]
        start = max(prev_end, item[0])
        scope = [(p, max(p.char_start, start), min(p.char_end, f.start)) for p in passages]
        scope = [(p, a, b) for p, a, b in scope if b > a and clean[a:b].strip()]
        src = next((p for p in parsed.passages if p.char_start <= f.start < p.char_end), None)
        in_heading = src is not None and src.section_kind == "heading"
        if (f.own_lines or in_heading) and (scope or in_heading) and all(p.section_kind == "heading" for p, _, _ in scope):
            # in a heading, or on lines right after one: the measures of the section it heads
            head = src if in_heading else scope[-1][0]
            stop = min([g.start for g in found[k + 1 :]] + [len(clean)])
            chosen = [(p, max(p.char_start, f.end), min(p.char_end, stop)) for p in passages
                      if p.char_end > f.end and p.char_start < stop and p.section_kind != "heading"
                      and tuple(p.section_path[: len(head.section_path)]) == tuple(head.section_path)
                      and clean[max(p.char_start, f.end) : min(p.char_end, stop)].strip()]
        else:
            chosen = [(p, max(a, title_end), b) for p, a, b in scope
                      if clean[max(a, title_end) : b].strip()
                      # a section's title is not one of its measures (a numbered item's is)
                      and not (p.section_kind == "heading" and not _ITEM_NO.match(p.text))]
        prev_end = f.end
        if not chosen:
            continue
        ann = f.ann
        lead, partners = list(ann.lead), list(ann.partners)
        if first_leads and not lead and partners:
            lead, partners = partners[:1], partners[1:]
        measure = _joined(clean, chosen)
        out.append(Assignment(
            doc_id=doc.doc_id, passage_ids=[p.passage_id for p, _, _ in chosen], lead=lead, partners=partners,
            deadline=ann.deadline, deadline_date=resolve_deadline(ann.deadline, year) if ann.deadline else "",
            item_number=item[1], section_path=_own_section(chosen[0][0]),
            source_passage_id=src.passage_id if src else "",
            source_start=f.start - src.char_start if src else 0,
            source_end=min(f.end, src.char_end) - src.char_start if src else 0,
            origin="text", measure=measure, title_passage_id=title.passage_id if title else ""))
    return out + docx_table_assignments(parsed, year)


def _first_sentence_end(clean: str, p: Passage, item_start: int) -> int:
    """Where the item's first sentence (its title) ends in the clean text. A passage may hold
    the title and the sentence it introduces (a run-in label is quoted with it), so the
    title is cut by sentence, not by passage; a note closing the title stays with it."""
    text = clean[item_start : p.char_end]
    spans = [(s, e) for s, e in split_sentences(text) if text[s:e].strip()]
    return item_start + spans[0][1] if spans else p.char_end


def _joined(clean: str, spans: list) -> str:
    """The measure's exact pieces in order; pieces from different paragraphs joined by a space."""
    out, last = "", None
    for _, a, b in sorted(spans, key=lambda x: x[1]):
        piece = clean[a:b].strip()
        gap = clean[last:a] if last is not None else ""
        out += (" " if "\n" in gap and out else "") + piece
        last = b
    return out


def _own_section(p: Passage) -> tuple[str, ...]:
    """The section a measure sits in (a measure that became a heading is not its own section)."""
    return tuple(p.section_path[:-1]) if p.section_kind == "heading" and len(p.section_path) > 1 \
        else tuple(p.section_path)


# ---------------------------------------------------------------- tables (docx, CSV, XLSX)

_LEAD_COLS = ("牵头单位", "牵头部门", "牵头领导", "主办单位")
_RESP_COLS = ("责任单位", "责任部门", "配合单位", "协办单位")
_MEASURE_COLS = ("任务", "措施", "事项", "工作内容", "内容", "目标", "项目")
_DEADLINE_COLS = ("完成时限", "时限", "完成时间", "时间节点")
_SPLIT_BODIES = re.compile(r"[、，,；;/\s]+")


@dataclass
class TableRow:
    """One row of a responsibility table, with the cells the columns name."""

    doc: str
    sheet: str
    line: int  # 1-based row number in the file or sheet
    measure: str
    lead: str
    responsible: str
    text: str
    deadline: str = ""
    number: str = ""  # 序号
    file: str = ""  # the table's file name
    doc_ref: str = ""  # 文档 column: the plan the row belongs to (our template writes it)
    lines: tuple[int, int] | None = None  # 起始行 / 结束行 columns

    @property
    def bodies(self) -> list[str]:
        return [b for b in _SPLIT_BODIES.split(f"{self.lead}、{self.responsible}") if b]

    @property
    def ref(self) -> str:
        return f"{self.file}:{self.sheet + ':' if self.sheet else ''}{self.line}"


def _col(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        if any(n in str(h) for n in names):
            return i
    return None


def table_rows_from_cells(doc: str, file: str, sheet: str, table: list[list[str]]) -> list[TableRow]:
    """Rows under the first header (within 10 rows) naming a measure and a lead/responsible column."""
    for h, header in enumerate(table[:10]):
        lead, resp = _col(header, _LEAD_COLS), _col(header, _RESP_COLS)
        measure = _col(header, _MEASURE_COLS)
        if (lead is not None or resp is not None) and measure is not None:
            break
    else:
        return []
    deadline, number = _col(header, _DEADLINE_COLS), _col(header, ("序号", "编号"))
    doc_col, first, last = _col(header, ("文档", "文件")), _col(header, ("起始行",)), _col(header, ("结束行",))
    out = []
    for i, row in enumerate(table[h + 1 :], start=h + 2):
        def cell(j: int | None) -> str:
            return str(row[j]).strip() if j is not None and j < len(row) and row[j] is not None else ""
        if not cell(measure):
            continue
        lines = None
        if cell(first).isdigit():
            lines = (int(cell(first)), int(cell(last)) if cell(last).isdigit() else int(cell(first)))
        out.append(TableRow(doc, sheet, i, cell(measure), cell(lead), cell(resp),
                            " | ".join(str(c).strip() for c in row if c and str(c).strip()),
                            cell(deadline), cell(number), file, cell(doc_col), lines))
    return out



def docx_table_assignments(parsed, year: int | None) -> list[Assignment]:
    """Rows of a table inside the document (tab-joined lines) with 牵头/责任单位 columns."""
    doc, clean = parsed.doc, parsed.clean
    lines = list(getattr(doc, "lines", []))
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if "\t" in line:
            if blocks and blocks[-1][-1] == i - 1:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    out: list[Assignment] = []
    name = getattr(getattr(doc, "path", None), "name", doc.doc_id)
    for block in blocks:
        cells = [lines[i].split("\t") for i in block]
        for row in table_rows_from_cells(doc.doc_id, name, "", cells):
            line_no = block[row.line - 1] + 1  # 1-based line of the document
            here = [p for p in parsed.passages if p.line_first <= line_no <= p.line_last]
            if not here or not (row.lead or row.responsible):
                continue
            pos = min(p.char_start for p in here)
            spans = {}
            for label, value in (("measure", row.measure), ("lead", row.lead), ("resp", row.responsible)):
                c = clean_line(value)
                at = clean.find(c, pos) if c else -1
                if at >= 0:
                    spans[label] = (at, at + len(c))
                    pos = at + len(c)
            if "measure" not in spans:
                continue
            ms, me = spans["measure"]
            chosen = [p for p in parsed.passages if p.char_start < me and ms < p.char_end]
            us = spans.get("lead", spans.get("resp"))
            ue = spans.get("resp", spans.get("lead"))
            src = next((p for p in parsed.passages if us and p.char_start <= us[0] < p.char_end), None)
            out.append(Assignment(
                doc_id=doc.doc_id, passage_ids=[p.passage_id for p in chosen],
                lead=split_units(row.lead, strict=False) or [], partners=split_units(row.responsible, strict=False) or [],
                deadline=row.deadline, deadline_date=resolve_deadline(row.deadline, year) if row.deadline else "",
                item_number=row.number, section_path=_own_section(chosen[0]) if chosen else (),
                source_passage_id=src.passage_id if src else "",
                source_start=us[0] - src.char_start if src else 0,
                source_end=min(ue[1], src.char_end) - src.char_start if src else 0,
                origin="table", table_ref=f"{name}:{line_no}", measure=row.measure))
    return out


def without_annotations(text: str) -> str:
    """The text with its annotations (（责任单位：A、B）, （X牵头，Y配合）) taken out: the units
    they list are who does a measure, not items of the measure's own lists."""
    return _PAREN.sub(lambda m: "" if parse_annotation(m.group(1)) else m.group(), text)


def is_annotation_text(text: str) -> bool:
    """A passage that is only an annotation (（…牵头）, 牵头单位：X), not a measure."""
    t = text.strip().rstrip("。；;")
    if _KEY.match(t):
        return True
    m = _PAREN.fullmatch(t)
    return bool(m and parse_annotation(m.group(1)))
