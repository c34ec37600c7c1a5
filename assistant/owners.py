"""Who owns a measure: only what the corpus itself says, never a guess.

Sources: annotations in the plan's own text (responsibility.py, read at index build); a
responsibility table (任务分解表, CSV or XLSX in the corpus, with 牵头单位 / 责任单位 columns),
cited to its row; a sentence of the plan that names a responsible party (…是第一责任人, …负总责,
由…牵头). Bodies that a measure merely mentions are reported as mentioned, never as owners.

`task_rows` turns passages and assignments into the task table (one row per measure) that the
answerer, the UI and `python -m assistant owners` share; filled in and put back into the corpus,
that table is read as the plan's responsibility table. Nothing here imports the index.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .records import Assignment, Passage
from .responsibility import (TableRow, is_annotation_text, resolve_deadline, split_units,
                             table_rows_from_cells)
from .units import NAMED_ROLE

__all__ = ["ResponsibilityTable", "TableRow", "TaskRow", "TASK_HEADERS", "task_rows", "table_assignments",
           "write_task_table", "named_responsible", "duty_holders", "mentioned_bodies", "is_body_name", "partnered"]

# "X是第一责任人", "由X牵头/负责": the subject is the run of characters right before (or after 由).
_NAMED = re.compile(r"由([\u4e00-\u9fff、]{2,12}?)(?:牵头|负责)|"
                    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,8}?)(?:是第一责任人|为第一责任人|牵头负责|负责牵头)")
# "…领导小组办公室设在X": the body that hosts a group's office runs its day-to-day work -> X
_SEATED = re.compile(r"(?:办公室|秘书处)设在(?P<x>[\u4e00-\u9fff]{2,14}?)(?=[，。；,;]|$)")
# Responsibility written into a sentence of prose (plans that carry no annotations):
# "落实X（…）主体责任", "强化X…责任" -> X; "支持X、Y、Z等主体承担…", "允许X通过…" -> X, Y, Z.
_BODY_END = r"(?:两级|三级|政府|党委|党组|书记|部门|单位|组织|机构|企业|合作社|协会|联合会|团体|集团|公司|银行|局|厅|委)"
_DUTY = re.compile(r"(?:落实|压实|强化|明确|履行|承担)(?P<x>[\u4e00-\u9fff]{1,6}?" + _BODY_END + r")[\u4e00-\u9fff]{0,14}?责任")
# "强化X作为…总指挥部/责任主体的作用" -> X: a body cast in a leading role.
_CAST = re.compile(r"(?:强化|发挥|明确|突出|坚持)?(?P<x>[\u4e00-\u9fff]{1,6}?" + _BODY_END +
                   r")作为[\u4e00-\u9fff]{0,16}?(?:总指挥部|指挥部|第一责任人|责任主体|牵头单位)")
_AGENTS = re.compile(r"(?:支持|鼓励|引导|允许|组织|动员)(?P<xs>[\u4e00-\u9fff、]{2,48}?)等?(?:主体|社会力量|力量)?"
                     r"(?:承担|负责|实施|落实|通过|参与|试点)")
_AGENT = re.compile(r"^[^的]{1,8}?" + _BODY_END + "$")  # a name, not a described group (…较强的企业)
# "明确X、Y在…中的职责" -> X, Y: bodies charged with a duty in the measure (a role, 发挥X在…中的作用, is no charge).
_ROLE = re.compile(r"(?:明确|强化|落实|压实)(?P<xs>[\u4e00-\u9fff、]{2,40}?)在[^，。；]{1,20}?的[\u4e00-\u9fff]{0,4}?(?:职责|责任)")
# A clause whose subject is a body with a duty on it: "各县（市、区）政府每季度要报送…" -> that body.
# One name (a note in brackets may list 、), not a list of slogans (党委领导、政府负责).
_SUBJECT = re.compile(r"^(?P<x>[\u4e00-\u9fff]{1,12}?(?:[（(][^）)]{1,16}[）)])?[\u4e00-\u9fff]{0,8}?" + _BODY_END +
                      r")(?:每年|每季度|每半年)?(?:要|应当|须|必须|负责)")
# "X会同Y、Z等单位制定…" -> X, then Y, Z: a body leading a measure with the bodies it convenes.
_CONVENES = re.compile(r"^由?(?P<x>[\u4e00-\u9fff]{1,12}?" + _BODY_END + r")(?:牵头)?会同(?P<xs>[\u4e00-\u9fff、]{2,48}?)"
                       r"(?:等(?:单位|部门)?|(?=制定|研究|开展|出台|组织|建立|推进|负责|做好|编制))")
# "配合X出台…", "积极配合X，实施…" -> X: the body the measure's work is done with (a partner, not its lead); the
# longest body word first (县人大及其常委会, not …常委).
_PARTNER = re.compile(r"(?:(?<![\u4e00-\u9fff])|积极|主动|全力)配合"
                      r"(?P<x>[\u4e00-\u9fff]{2,14}?(?:常委会|委员会|部门|政府|局|厅|委|办|署|海关|银行))"
                      r"(?=[\u4e00-\u9fff]{2}|[，。；,;]|$)")
_BODY_SUFFIX = re.compile(r"(局|委员会|办公室|人民政府|党委|党组|书记|集团|公司|银行|协会|联合会|管委会)$")
_PIECE = re.compile(r"[^，、；。：（）()“”\s]+")
_ITEM_NO = re.compile(r"^\s*(?:(\d{1,3})\s*[．.﹒、](?!\d)|[（(](\d{1,3})[）)])")


class ResponsibilityTable:
    def __init__(self, rows: list[TableRow]):
        self.rows = rows

    @classmethod
    def load(cls, corpus_dir: Path) -> tuple["ResponsibilityTable", list[str]]:
        rows: list[TableRow] = []
        warnings: list[str] = []
        for path in sorted(Path(corpus_dir).glob("*")):
            if path.name.startswith((".", "~$")):
                continue
            try:
                if path.suffix.lower() == ".csv":
                    rows.extend(table_rows_from_cells(path.stem, path.name, "", _read_csv(path)))
                elif path.suffix.lower() == ".xlsx":
                    sheets = _read_xlsx(path)
                    for sheet, table in sheets:
                        rows.extend(table_rows_from_cells(path.stem, path.name, sheet if len(sheets) > 1 else "",
                                                          table))
            except Exception as exc:  # a bad table never stops the plan from being served
                warnings.append(f"{path.name}: 责任表无法读取（{exc}）")
        return cls(rows), warnings

    def all_bodies(self) -> set[str]:
        return {b for r in self.rows for b in r.bodies}

    def match(self, tokens: list[str], coverage: Callable[[list[str], str], float],
              threshold: float = 0.6) -> TableRow | None:
        scored = [(coverage(tokens, r.measure), r) for r in self.rows]
        best = max(scored, key=lambda x: x[0], default=(0.0, None))
        return best[1] if best[0] >= threshold else None


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            continue
    raise ValueError("编码无法识别")


def _read_xlsx(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [(ws.title, [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)])
            for ws in book.worksheets]


# ---------------------------------------------------------------- table rows -> assignments

def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


def _bigrams(text: str) -> set[str]:
    t = _compact(text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _doc_file(info) -> str:
    if isinstance(info, Mapping):
        return str(info.get("file") or "")
    path = getattr(info, "path", None)
    return path.name if path is not None else ""


def table_assignments(table: ResponsibilityTable, passages: list[Passage], docs: Mapping,
                      years: Mapping[str, int | None] | None = None) -> list[Assignment]:
    """A responsibility table's filled rows as Assignments (origin "table", cited "file:row"),
    each tied to the passages of the measure its 任务 cell quotes (found by 文档 and line
    columns when the row has them, else by text). Rows matching no passage are left out."""
    years = years or {}
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        if p.section_kind != "headline":
            by_doc.setdefault(p.doc_id, []).append(p)
    out = []
    for row in table.rows:
        if not (row.lead or row.responsible or row.deadline):
            continue
        ref = row.doc_ref
        ids = [d for d in by_doc if ref and (ref in (d, _doc_file(docs.get(d, {}))) or Path(ref).stem == d)] \
            or [d for d in by_doc if row.doc.startswith(d)] or list(by_doc)
        chosen = _match_measure(row, [p for d in ids for p in by_doc[d]])
        if not chosen:
            continue
        doc_id = chosen[0].doc_id
        out.append(Assignment(
            doc_id=doc_id, passage_ids=[p.passage_id for p in chosen],
            lead=split_units(row.lead) or [], partners=split_units(row.responsible) or [],
            deadline=row.deadline, deadline_date=resolve_deadline(row.deadline, years.get(doc_id)) if row.deadline else "",
            item_number=row.number, section_path=tuple(chosen[0].section_path), origin="table",
            table_ref=row.ref, measure=row.measure))
    return out


def _match_measure(row: TableRow, candidates: list[Passage]) -> list[Passage]:
    measure = _compact(row.measure)
    if not measure:
        return []

    def quoted(p: Passage) -> bool:
        t = _compact(p.text)
        return len(t) >= 2 and (t in measure or measure in t)

    if row.lines:
        first, last = row.lines
        near = [p for p in candidates if p.line_first <= last and first <= p.line_last and quoted(p)]
        if near:
            return near
    exact = [p for p in candidates if quoted(p)]
    if exact:
        return exact
    want = _bigrams(measure)
    scored = [(len(want & _bigrams(p.text)) / max(1, len(want | _bigrams(p.text))), p) for p in candidates]
    best = max(scored, key=lambda x: x[0], default=(0.0, None))
    return [best[1]] if best[0] >= 0.6 else []


# ---------------------------------------------------------------- the task table

TASK_HEADERS: tuple[str, ...] = ("序号", "章节", "任务", "牵头单位", "配合单位/责任单位", "完成时限", "文档", "起始行", "结束行")


@dataclass
class TaskRow:
    """One measure of a plan with the owners and deadline the plan (or its table) gives.

    `to_row()` is the TASK_HEADERS columns; the other fields let an answer or the UI cite and
    highlight: the measure's passages and, for an annotation, its own characters."""

    number: str
    section: str
    task: str
    lead: list[str]
    partners: list[str]
    deadline: str
    doc: str
    line_first: int
    line_last: int
    doc_id: str = ""
    passage_ids: list[str] = field(default_factory=list)
    deadline_date: str = ""
    origin: str = ""  # "text" | "table" | "" (no owner named)
    source_passage_id: str = ""
    source_start: int = 0
    source_end: int = 0
    table_ref: str = ""

    def to_row(self) -> list:
        return [self.number, self.section, self.task, "、".join(self.lead), "、".join(self.partners),
                self.deadline, self.doc, self.line_first, self.line_last]


def task_rows(passages: list[Passage], assignments: Iterable[Assignment], docs: Mapping) -> list[TaskRow]:
    """One row per measure, in plan order: each annotated measure with its units and deadline,
    and every other body sentence with empty owner columns (the template staff fill in).
    Owners written in the plan win over a table's row for the same sentences. `docs` maps
    doc_id to the index's doc info (a dict with "file") or a SourceDocument."""
    assignments = list(assignments)
    by_id = {p.passage_id: p for p in passages}
    order = {}
    for p in passages:
        order.setdefault(p.doc_id, len(order))
    claimed: set[str] = set()
    groups: list[tuple[Assignment | None, list[Passage]]] = []
    ranked = sorted(assignments, key=lambda a: a.origin == "table" and not a.source_passage_id)
    for a in ranked:
        mine = [by_id[i] for i in a.passage_ids if i in by_id and i not in claimed]
        if not mine:
            continue
        claimed.update(p.passage_id for p in mine)
        groups.append((a, mine))
    # where an annotation opens a passage (（X负责）巩固…), the passage's measure starts after it
    opens = {a.source_passage_id: a.source_end for a in assignments if a.source_passage_id and a.source_start == 0}
    titles = {a.title_passage_id for a in assignments if a.title_passage_id}  # shared by the item's rows
    with_body = {p.doc_id for p in passages if p.section_kind == "body"}
    skip = claimed | titles
    for p in passages:  # a plan read as all lead (no headings found) still lists its sentences
        kinds = ("body",) if p.doc_id in with_body else ("body", "lead")
        if p.passage_id not in skip and p.section_kind in kinds and not is_annotation_text(p.text):
            groups.append((None, [p]))
    rows = []
    for a, ps in sorted(groups, key=lambda g: (order.get(g[1][0].doc_id, 0), min(p.char_start for p in g[1]))):
        ps = sorted(ps, key=lambda p: p.char_start)
        first = ps[0]
        section = tuple(first.section_path[:-1]) if first.section_kind == "heading" and len(first.section_path) > 1 \
            else tuple(first.section_path)
        task = "".join((" " if i and ps[i - 1].line_last < p.line_first else "") + p.text for i, p in enumerate(ps))
        row = TaskRow(number="", section=" › ".join(section), task=task, lead=[], partners=[],
                      deadline="", doc=_doc_file(docs.get(first.doc_id, {})) or first.doc_id,
                      line_first=min(p.line_first for p in ps), line_last=max(p.line_last for p in ps),
                      doc_id=first.doc_id, passage_ids=[p.passage_id for p in ps])
        if a is not None:
            row.number, row.lead, row.partners = a.item_number, list(a.lead), list(a.partners)
            row.deadline, row.deadline_date, row.origin = a.deadline, a.deadline_date, a.origin
            row.task = a.measure if a.measure and len(ps) == len(a.passage_ids) else row.task
            row.source_passage_id, row.source_start, row.source_end = a.source_passage_id, a.source_start, a.source_end
            row.table_ref = a.table_ref
        else:
            row.task = first.text[opens.get(first.passage_id, 0) :].strip() or first.text
            m = _ITEM_NO.match(row.task)
            row.number = (m.group(1) or m.group(2)) if m else ""
        rows.append(row)
    return rows


def write_task_table(rows: list[TaskRow], dest: str | Path | io.TextIOBase, fmt: str = "csv") -> None:
    """Write the task table as CSV (a path, or an open text stream) or XLSX (a path)."""
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "任务分解表"
        sheet.append(list(TASK_HEADERS))
        for r in rows:
            sheet.append(r.to_row())
        book.save(dest)
        return
    if isinstance(dest, (str, Path)):
        with open(dest, "w", encoding="utf-8-sig", newline="") as f:
            write_task_table(rows, f, "csv")
        return
    w = csv.writer(dest)
    w.writerow(TASK_HEADERS)
    for r in rows:
        w.writerow(r.to_row())


def named_responsible(text: str) -> list[str]:
    """Parties a sentence of the plan itself names as responsible (由X牵头, X是第一责任人,
    落实X主体责任, X作为…总指挥部, 支持X、Y等主体承担…, 明确X、Y在…中的职责, X每年要…, X会同Y…, 办公室设在X); every name is a
    substring of the sentence."""
    return list(_named_responsible(text))


@lru_cache(maxsize=8192)  # a plan's sentences are read again for every owner question
def _named_responsible(text: str) -> tuple[str, ...]:
    out: list[str] = []

    def add(name: str) -> None:
        if name and name not in out and name in text:
            out.append(name)

    for piece in re.split(r"[，。；：]", text):
        for m in _NAMED.finditer(piece):
            add(m.group(1) or m.group(2))
        for m in (*_DUTY.finditer(piece), *_CAST.finditer(piece)):
            add(m.group("x"))
        for m in _SEATED.finditer(piece):
            if _AGENT.match(m.group("x")):
                add(m.group("x"))
        convened = _convened(piece)
        if convened:
            for n in [convened[0], *convened[1]]:
                add(n)
        subject = _SUBJECT.match(piece.strip())
        if subject and "由" not in subject.group("x"):  # 由X负责 is _NAMED's: X alone
            add(subject.group("x"))
        for m in (*_AGENTS.finditer(piece), *_ROLE.finditer(piece)):
            names = [n for n in m.group("xs").split("、") if n]
            if names and all(_AGENT.match(n) for n in names):
                for n in names:
                    add(n)
    return tuple(out)


# A body's name opens the words before a duty (…、X中心统一调度的…): a word that governs or qualifies it first
# (支持企业建设, 完善街道管理) makes the run a measure, not a name; in a list of who does what (健全区委统一部署、
# 街道办负责的格局: another piece opens with a body, or the clause writes several of the duties asked) it is the
# sentence's verb, before the first body's name.
_NOT_A_NAME_START = ("v", "a", "d", "p", "c")
_OPENS_WITH_BODY = re.compile(r"^[^的]{0,8}?" + _BODY_END + r"[\u4e00-\u9fff]")
# A level of government written bare as the one doing a duty (市统筹区负总责镇村抓落实).
_GOVERNMENT_LEVEL = re.compile(r"(?:中央|省|市|县|区|乡|镇|村){1,3}")


def partnered(text: str) -> list[str]:
    """Bodies a sentence says its work is done with (配合X…): partners the plan names for the measure, not its lead."""
    return list(_partnered(text))


@lru_cache(maxsize=8192)  # read at start for the parties and the units questions name, and again by answers
def _partnered(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in re.split(r"[，。；：]", text):
        for m in _PARTNER.finditer(piece.strip()):
            if m.group("x") not in out:
                out.append(m.group("x"))
    return tuple(out)


def _is_doer(name: str) -> bool:
    return bool(name and (_AGENT.match(name) or re.fullmatch(_BODY_END, name) or _GOVERNMENT_LEVEL.fullmatch(name)))


def duty_holders(text: str, duties: list[str]) -> list[tuple[str, str]]:
    """(duty, body) for each duty asked that a sentence writes a body doing ("区委部署、街道落实、X中心统一调度的格局"
    -> X中心 for 统一调度; "市统筹区负总责…" -> 区 for 负总责: a body starts after the duty before it): who the
    plan says does it, where it marks no owner; each name is a substring of the text."""
    from jieba import posseg  # loaded on the first such question, not at start

    out: list[tuple[str, str]] = []
    for clause in re.split(r"[，；。：]", text):
        pieces = clause.split("、")
        for i, piece in enumerate(pieces):
            found = sorted((at, d) for d in duties if (at := piece.find(d)) > 0)
            listed = len(found) >= 2 or i == 0 and any(_OPENS_WITH_BODY.match(p) for p in pieces[1:])
            after = 0
            for at, duty in found:
                head, first = piece[after:at], after == 0
                after = max(after, at + len(duty))
                if not head:
                    continue
                opening = posseg.lcut(head)[0]
                if opening.flag.startswith(_NOT_A_NAME_START):
                    if not (first and listed):
                        continue
                    head = head[len(opening.word):]
                if _is_doer(head) and (duty, head) not in out:
                    out.append((duty, head))
    return out


def _convened(clause: str) -> tuple[str, list[str]] | None:
    """"X会同Y、Z等单位…": X, and Y, Z where each is a body's name (not 城管执法, a field of work)."""
    m = _CONVENES.match(clause.strip())
    if not m:
        return None
    partners = [n for n in m.group("xs").split("、") if n]
    return m.group("x"), partners if all(_AGENT.match(n) for n in partners) else []


def convening(text: str) -> tuple[str, list[str]] | None:
    """The lead and the bodies it convenes, where a clause of the sentence says so (X会同Y…)."""
    return next((c for piece in re.split(r"[，。；：]", text) if (c := _convened(piece))), None)


def is_body_name(name: str) -> bool:
    """Does the name end like an organisation's (…局, …银行, …协会), not a group's (各部门, 龙头企业)?"""
    return bool(_BODY_SUFFIX.search(name))


def mentioned_bodies(text: str) -> list[str]:
    """Organisations named in a measure's text (mentioned, not owners)."""
    return [p for p in _PIECE.findall(text) if len(p) <= 16 and _BODY_SUFFIX.search(p)]
