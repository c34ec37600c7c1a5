"""The small records that flow between the pipeline's stages.

load (documents) -> SourceDocument -> structure -> Section/Passage -> targets -> Target
index/retrieval -> Hit -> answering -> Citation/Answer
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


@dataclass
class SourceDocument:
    """A document as read from disk: decoded lines (no line ends) plus metadata.

    `lines[i]` is line i+1 of the original file, so line numbers shown to users
    point back to the file a person can open.
    """

    doc_id: str
    path: Path
    lines: list[str]
    meta: dict = field(default_factory=dict)
    encoding: str = "utf-8"
    # line_pages[i]: PDF page (1-based) or DOCX paragraph number of line i+1; None for plain text
    line_pages: list[int | None] | None = None

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.doc_id)

    @property
    def year(self) -> int | None:
        y = self.meta.get("year")
        return int(y) if y not in (None, "") else None


@dataclass
class Section:
    """A heading with its place in the tree. `path` is root-to-self titles."""

    section_id: str
    title: str
    level: int
    path: tuple[str, ...]
    kind: str = "body"  # "headline" | "lead" | "body"
    line_first: int = 0
    line_last: int = 0

    @property
    def label(self) -> str:
        return " › ".join(self.path)


class _StoredRecord:
    """JSON round trip for records kept in the index: the section path is a tuple in memory and
    a list on disk; keys a later version no longer has are ignored."""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section_path"] = list(d["section_path"])
        return d

    @classmethod
    def from_dict(cls, d: dict):
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        d["section_path"] = tuple(d.get("section_path", ()))
        return cls(**d)


@dataclass
class Passage(_StoredRecord):
    """One sentence or clause of clean text, with exact provenance.

    `char_start:char_end` index the document's clean text; `line_first..line_last`
    (1-based, inclusive) are the lines of the original file that hold it.
    """

    passage_id: str
    doc_id: str
    section_path: tuple[str, ...]
    text: str
    char_start: int
    char_end: int
    line_first: int
    line_last: int
    section_kind: str = "body"
    page: int | None = None  # PDF page (1-based) or DOCX paragraph number, when the format has one

    @property
    def section_label(self) -> str:
        return " › ".join(self.section_path)



@dataclass
class Target:
    """A quantitative target found in a passage: `quote` is an exact substring of it."""

    quote: str
    number: str
    value: float
    unit: str
    qualifier: str
    section_path: tuple[str, ...]
    passage_id: str
    doc_id: str

    @property
    def section_label(self) -> str:
        return " › ".join(self.section_path)


@dataclass
class Hit:
    """A retrieved passage with its fused score and the scores it came from."""

    passage: Passage
    score: float
    dense: float | None = None
    lexical: float | None = None
    rank: int = 0
    units: list[tuple[int, int, float]] = field(default_factory=list)  # (start, end, dense) per item


@dataclass
class Ranking:
    """A question's ranked passages, and its median dense similarity over every passage: the
    baseline its best similarity is read against (e5's cosines sit in a narrow band, and a
    general question is close to everything in a plan)."""

    hits: list[Hit]
    dense_median: float | None = None


@dataclass
class Citation:
    n: int
    doc: str
    section: str
    lines: tuple[int, int]
    text: str
    quote: str
    score: float
    doc_title: str = ""
    file: str = ""
    start: int = 0  # quote = text[start:end]
    end: int = 0
    page: int | None = None  # PDF page or DOCX paragraph of the cited passage

    def to_dict(self) -> dict:
        d = asdict(self)
        d["lines"] = list(self.lines)
        return d


@dataclass
class Assignment(_StoredRecord):
    """Who the plan (or its responsibility table) names for one measure, and by when.

    `passage_ids` are the measure's sentences the annotation closes; the annotation's own
    characters are `source_passage_id`'s text[source_start:source_end] (quoted and cited
    like any span). A table row has origin "table" and `table_ref` "file:row".
    """

    doc_id: str
    passage_ids: list[str]
    lead: list[str] = field(default_factory=list)  # 牵头 units, in the plan's order
    partners: list[str] = field(default_factory=list)  # 配合 / 责任 units
    deadline: str = ""  # as written: 6月底完成, 持续推进, 2023年12月底前
    deadline_date: str = ""  # ISO date the deadline resolves to with the plan's year, when it names one
    item_number: str = ""  # the plan's own 序号 of the item
    section_path: tuple[str, ...] = ()
    source_passage_id: str = ""
    source_start: int = 0
    source_end: int = 0
    origin: str = "text"  # "text" | "table"
    table_ref: str = ""
    measure: str = ""  # the measure's exact text (its passages' spans, annotation excluded)
    title_passage_id: str = ""  # the title of an item whose sentences have different owners (shared by all)

    @property
    def units(self) -> list[str]:
        return self.lead + [u for u in self.partners if u not in self.lead]



STATUSES = ("answered", "no_figure", "not_found", "other_year")


@dataclass
class Answer:
    question: str
    intent: str
    found: bool
    answer: str
    citations: list[Citation] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    nearest: list[Citation] = field(default_factory=list)
    notice: str = ""
    status: str = ""  # one of STATUSES; found is True exactly when status == "answered"
    signals: dict = field(default_factory=dict)  # the measured evidence the answer/refuse decision used

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "answered" if self.found else "not_found"
        self.found = self.status == "answered"

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "intent": self.intent,
            "status": self.status,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "owners": list(self.owners),
            "mentioned": list(self.mentioned),
            "nearest": [c.to_dict() for c in self.nearest],
            "notice": self.notice,
            "signals": dict(self.signals),
        }
