"""Who owns a measure: only what the corpus itself says, never a guess.

Sources, in order: a responsibility table (任务分解表, CSV or XLSX in the corpus,
with 牵头单位 / 责任单位 columns), cited to its row; a sentence of the plan that
names a responsible party (…是第一责任人, …负总责, 由…牵头). Bodies that a
measure merely mentions are reported as mentioned, never as owners.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_LEAD_COLS = ("牵头单位", "牵头部门", "牵头领导", "主办单位")
_RESP_COLS = ("责任单位", "责任部门", "配合单位", "协办单位")
_MEASURE_COLS = ("任务", "措施", "事项", "工作内容", "内容", "目标", "项目")
_SPLIT_BODIES = re.compile(r"[、，,；;/\s]+")
# "X是第一责任人", "由X牵头/负责": the subject is the run of characters right before (or after 由).
_NAMED = re.compile(r"由([\u4e00-\u9fff、]{2,12}?)(?:牵头|负责)|"
                    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,8}?)(?:是第一责任人|为第一责任人|牵头负责|负责牵头)")
_BODY_SUFFIX = re.compile(r"(局|委员会|办公室|人民政府|党委|党组|集团|公司|银行|协会|联合会|管委会)$")
_PIECE = re.compile(r"[^，、；。：（）()“”\s]+")


@dataclass
class TableRow:
    doc: str
    sheet: str
    line: int  # 1-based row number in the file or sheet
    measure: str
    lead: str
    responsible: str
    text: str

    @property
    def bodies(self) -> list[str]:
        return [b for b in _SPLIT_BODIES.split(f"{self.lead}、{self.responsible}") if b]


class ResponsibilityTable:
    def __init__(self, rows: list[TableRow]):
        self.rows = rows

    @classmethod
    def load(cls, corpus_dir: Path) -> tuple["ResponsibilityTable", list[str]]:
        rows: list[TableRow] = []
        warnings: list[str] = []
        for path in sorted(Path(corpus_dir).glob("*")):
            try:
                if path.suffix.lower() == ".csv":
                    rows.extend(_rows(path.stem, "", _read_csv(path)))
                elif path.suffix.lower() == ".xlsx":
                    for sheet, table in _read_xlsx(path):
                        rows.extend(_rows(path.stem, sheet, table))
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


def _col(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        if any(n in h for n in names):
            return i
    return None


def _rows(doc: str, sheet: str, table: list[list[str]]) -> list[TableRow]:
    for h, header in enumerate(table[:10]):
        lead, resp = _col(header, _LEAD_COLS), _col(header, _RESP_COLS)
        measure = _col(header, _MEASURE_COLS)
        if (lead is not None or resp is not None) and measure is not None:
            break
    else:
        return []
    out = []
    for i, row in enumerate(table[h + 1 :], start=h + 2):
        cell = lambda j: row[j].strip() if j is not None and j < len(row) else ""  # noqa: E731
        if cell(measure):
            out.append(TableRow(doc, sheet, i, cell(measure), cell(lead), cell(resp),
                                " | ".join(c.strip() for c in row if c and c.strip())))
    return out


def named_responsible(text: str) -> list[str]:
    """Parties a sentence of the plan itself names as responsible."""
    out = []
    for piece in re.split(r"[，。；：]", text):
        for m in _NAMED.finditer(piece):
            name = m.group(1) or m.group(2)
            if name not in out:
                out.append(name)
    return out


def mentioned_bodies(text: str) -> list[str]:
    """Organisations named in a measure's text (mentioned, not owners)."""
    return [p for p in _PIECE.findall(text) if len(p) <= 16 and _BODY_SUFFIX.search(p)]
