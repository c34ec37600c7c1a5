"""The small records that flow between the pipeline's stages.

load (documents) -> SourceDocument -> structure -> Section/Passage -> targets -> Target
index/retrieval -> Hit -> answering -> Citation/Answer
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
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


@dataclass
class Passage:
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

    @property
    def section_label(self) -> str:
        return " › ".join(self.section_path)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section_path"] = list(self.section_path)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Passage":
        d = dict(d)
        d["section_path"] = tuple(d["section_path"])
        return cls(**d)


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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["lines"] = list(self.lines)
        return d


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

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "intent": self.intent,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "owners": list(self.owners),
            "mentioned": list(self.mentioned),
            "nearest": [c.to_dict() for c in self.nearest],
            "notice": self.notice,
        }
