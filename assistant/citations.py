"""The citation builder: every quote is checked against its passage before it is shown.

Composers say framing sentences and quote spans through `AnswerBuilder`; a quote
that is not an exact substring of the passage it cites is dropped (never shown
as the plan's words). Each citation carries document, section, lines, page and
the quoted span's offsets, so the page can highlight it.
"""
from __future__ import annotations

from .records import Answer, Assignment, Citation, Hit, Passage
from .spans import Span, compact


def citation(n: int, hit: Hit, quote: str, docs: dict, start: int | None = None) -> Citation:
    p = hit.passage
    doc = docs.get(p.doc_id, {})
    start = p.text.find(quote) if start is None else start
    return Citation(n, p.doc_id, p.section_label, (p.line_first, p.line_last), p.text, quote,
                    round(hit.score, 4), doc.get("title", p.doc_id), doc.get("file", ""),
                    start, start + len(quote), p.page)


class AnswerBuilder:
    """Collects frame text, quotes and owners; `build` makes the Answer."""

    def __init__(self, docs: dict, raw_question: str, intent: str):
        self.docs, self.raw, self.intent = docs, raw_question, intent
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.owners: list[str] = []
        self.mentioned: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)

    def has_cited(self, text: str) -> bool:
        """Is a passage with this text quoted already (a sentence added after others is not shown twice)?"""
        return any(c.text == text for c in self.citations)

    def cite(self, span: Span) -> int | None:
        quote = span.text.strip()
        if not quote or compact(quote) not in compact(span.passage.text):
            return None  # the citation check: never show a claim its source lacks
        lead = len(span.text) - len(span.text.lstrip())
        lines = (span.passage.line_first, span.passage.line_last)
        for c in self.citations:  # the same span of the same passage is cited once
            if c.doc == span.passage.doc_id and c.lines == lines and c.text == span.passage.text \
                    and c.quote == quote and c.start == span.start + lead:
                return c.n
        n = len(self.citations) + 1
        self.citations.append(citation(n, span.hit, quote, self.docs, span.start + lead))
        return n

    def quote(self, span: Span, bullet: bool = False, block: bool = False, with_section: bool = False,
              prefix: str = "", verbatim: bool = False) -> None:
        n = self.cite(span)
        if n is None:
            return
        text = span.text.strip()
        where = f"「{span.passage.section_label}」" if with_section else ""
        if block:  # the whole sentence, the quoted span in bold (unless it is the whole sentence, or the
            # sentence is asked for word for word: then no mark inside it; the citation still marks the span)
            p = span.passage.text
            if verbatim or span.start == 0 and span.end >= len(p.rstrip()):
                self.lines.append(f"> {p} [{n}]")
            else:
                self.lines.append(f"> {p[:span.start]}**{p[span.start:span.end]}**{p[span.end:]} [{n}]")
        else:
            self.lines.append(f"{'- ' if bullet else ''}{prefix}{where}“{text}” [{n}]")

    def cite_row(self, row) -> None:
        """A responsibility-table row, cited to its file and row number."""
        n = len(self.citations) + 1
        self.citations.append(Citation(n, row.doc, row.sheet or "责任分解表", (row.line, row.line), row.text,
                                       row.text, 1.0, row.doc))
        self.lines[-1] += f" [{n}]"

    def add_owners(self, names: list[str]) -> None:
        self.owners.extend(n for n in names if n and n not in self.owners)

    def build(self, status: str | None = None, signals: dict | None = None) -> Answer:
        if status is None:
            status = "answered" if self.citations else "not_found"
        return Answer(self.raw, self.intent, status == "answered", "\n".join(self.lines), self.citations,
                      self.owners, self.mentioned, status=status, signals=dict(signals or {}))


def annotation_span(a: Assignment, passages_by_id: dict[str, Passage], hit_score: float = 0.0) -> Span | None:
    """The annotation's own characters (（…牵头…）) as a quotable span."""
    p = passages_by_id.get(a.source_passage_id)
    if p is None or a.source_end <= a.source_start:
        return None
    return Span(p, a.source_start, a.source_end, 1.0, Hit(p, hit_score))
