"""Recover a plan's structure (headline, lead, areas, sub-headings) and cut passages.

Headings are found from layout and form, never from a list of words:
- explicit numbering (`一、`, `（一）`, `1.`, `第一章`) or Markdown `#` headings;
- otherwise, a short line (narrower than the text column around it) with no
  clause punctuation that starts a block; a full-width line followed by a short
  one forms a heading wrapped over two lines.
Levels: a heading directly followed by another heading is the other's parent;
a lone heading followed by text takes the level whose already-placed headings
share its grammatical form (noun-phrase area titles vs verb-initial measures).
Text not under any heading in a different layout (a newspaper lead paragraph)
becomes the lead; title lines (metadata title, or headings with no text after
them) become the headline.
"""
from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass, field

from .cleaning import CleanText, clean_line, display_width, ends_sentence, join_needs_space
from .records import Passage, Section, SourceDocument

HEADLINE = "标题"
LEAD = "导语"

_CN_NUM = "一二三四五六七八九十百零〇两"
_EXPLICIT = [
    (re.compile(rf"^第[{_CN_NUM}\d]+[章部篇]\s*"), 1),
    (re.compile(rf"^[{_CN_NUM}]+[、．.]\s*"), 1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]\s*"), 2),
    (re.compile(rf"^第[{_CN_NUM}\d]+节\s*"), 2),
    (re.compile(r"^\d{1,2}[、．.](?!\d)\s*"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*"), 4),
]
_MARKDOWN = re.compile(r"^(#{1,6})\s*([^#\s].*?)\s*#*\s*$")  # spaces may be gone after cleaning
# Punctuation that never appears inside an un-numbered heading.
_CLAUSE_PUNCT = set("，。；：！？,;:!?")
_SENTENCE = re.compile(r"[^。！？；!?;…\n]*(?:[。！？；!?;…]+[”’」』）)》】\"']*|$)")
_MAX_HEADING_LINES = 3
_NARROW = 0.8  # a line narrower than this share of its column is "short"
_LAYOUT_BREAK = 1.6  # width ratio that marks text in another layout


@dataclass
class Block:
    kind: str  # "heading" | "body"
    line_nos: list[int]  # 1-based source line of each piece
    pieces: list[str]  # clean text of each piece
    level: int | None = None  # explicit level for numbered/Markdown headings
    widths: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = ""
        for p in self.pieces:
            out += (" " if join_needs_space(out, p) else "") + p
        return out


@dataclass
class ParsedDocument:
    """A document's clean text, its section tree and its passages."""

    doc: SourceDocument
    clean: str
    sections: list[Section]
    passages: list[Passage]


def without_numbering(title: str) -> str:
    """A heading's words without its numbering (（五）推进… -> 推进…)."""
    for pattern, _ in _EXPLICIT:
        title = pattern.sub("", title, count=1)
    return title


def explicit_heading(text: str) -> tuple[int, str, str] | None:
    """(level, heading, rest of line) for a numbered or Markdown heading line."""
    m = _MARKDOWN.match(text)
    if m:
        return len(m.group(1)), m.group(2).strip(), ""
    for pattern, level in _EXPLICIT:
        m = pattern.match(text)
        if not m or len(text) == m.end():
            continue
        head, dot, rest = text.partition("。")
        if dot and rest.strip():
            return level, head, rest.strip()
        if len(text) > 60 and not dot:
            return None  # a long numbered sentence is a list item, not a heading
        return level, text.rstrip("。"), ""
    return None


def _local_widths(widths: list[int], radius: int = 12) -> list[float]:
    """Width of the text column around each line: the upper quartile of its
    neighbours' widths, since short heading and paragraph-final lines pull a median down."""
    out = []
    for i in range(len(widths)):
        window = sorted(widths[max(0, i - radius) : i + radius + 1])
        out.append(window[(3 * len(window)) // 4])
    return out


def _layout_heading(cleaned: list[str], widths: list[int], column: list[float], k: int) -> int:
    """How many lines from k form an un-numbered heading (0 when they do not)."""
    for n in range(1, _MAX_HEADING_LINES + 1):
        j = k + n - 1
        if j >= len(cleaned):
            return 0
        text = cleaned[j]
        if any(c in _CLAUSE_PUNCT for c in text) or ends_sentence(text) or text.endswith("、") \
                or explicit_heading(text):
            return 0
        if widths[j] < _NARROW * column[j]:
            return n  # a short line closes the heading
    return 0


def segment(lines: list[str]) -> list[Block]:
    """Split source lines into heading and body blocks."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    cleaned = [clean_line(lines[i]) for i in nonblank]
    widths = [display_width(lines[i].strip()) for i in nonblank]
    column = _local_widths(widths)
    numbered = sum(1 for t in cleaned if explicit_heading(t)) >= 2
    seen_numbered = False
    blocks: list[Block] = []
    at_start = True
    k = 0
    while k < len(nonblank):
        text, line_no = cleaned[k], nonblank[k] + 1
        explicit = explicit_heading(text)
        if explicit:
            level, title, rest = explicit
            blocks.append(Block("heading", [line_no], [title], level))
            seen_numbered = True
            if rest:
                blocks.append(Block("body", [line_no], [rest], widths=[widths[k]]))
            at_start = not rest or ends_sentence(rest)
            k += 1
            continue
        n = 0
        if at_start and numbered and not seen_numbered:
            n = _layout_heading(cleaned, widths, [float("inf")] * len(widths), k)  # title lines before 一、
        elif at_start and not numbered:
            n = _layout_heading(cleaned, widths, column, k)
        if n:
            blocks.append(Block("heading", [nonblank[j] + 1 for j in range(k, k + n)], cleaned[k : k + n]))
            k += n
            continue
        body = blocks[-1] if blocks and blocks[-1].kind == "body" else None
        if body is not None and at_start and _layout_changes(body, widths[k]):
            body = None
        if body is None:
            body = Block("body", [], [])
            blocks.append(body)
        body.line_nos.append(line_no)
        body.pieces.append(text)
        body.widths.append(widths[k])
        at_start = ends_sentence(text)
        k += 1
    return blocks


def _layout_changes(body: Block, width: int) -> bool:
    """A new paragraph set in a markedly different column width starts a new block."""
    inner = [w for w, p in zip(body.widths, body.pieces) if not ends_sentence(p)]
    if len(inner) < 3:
        return False
    typical = statistics.median(inner)
    return width > _LAYOUT_BREAK * typical or width * _LAYOUT_BREAK < typical


def _first_word_is_verb(title: str) -> bool:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    for word in jieba.posseg.lcut(re.sub(r"[“”\"'‘’《》「」]", "", title)):
        if word.word.strip():
            return word.flag.startswith("v")
    return False


def assign_levels(blocks: list[Block], title: str | None) -> dict[int, tuple[str, int]]:
    """Map heading block index -> (kind, level); kind is "headline" or "body"."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    result: dict[int, tuple[str, int]] = {}
    compact_title = re.sub(r"\s", "", title or "")
    numbered = [i for i in headings if blocks[i].level is not None]
    for i in headings:
        text = re.sub(r"\s", "", blocks[i].text)
        in_title = bool(compact_title) and len(text) >= 4 and text in compact_title
        before_numbering = bool(numbered) and i < numbered[0] and blocks[i].level is None
        trailing = all(b.kind == "heading" for b in blocks[i:])
        if in_title or before_numbering or trailing:
            result[i] = ("headline", 0)
        elif blocks[i].level is not None:
            result[i] = ("body", blocks[i].level)
    layout = [i for i in headings if i not in result]
    decided: dict[int, int] = {}
    run: list[int] = []
    for i in layout + [-1]:
        if run and (i != run[-1] + 1):
            if len(run) > 1:
                for depth, j in enumerate(run, start=1):
                    decided[j] = depth
            run = []
        if i >= 0:
            run.append(i)
    forms = {i: _first_word_is_verb(blocks[i].text) for i in layout}
    has_areas = any(d == 1 for d in decided.values())
    previous, children = 1, 0
    for i in layout:
        level = decided.get(i) or (_level_by_form(i, forms, decided, previous, children) if has_areas else 1)
        children = 0 if level == 1 else children + 1
        result[i] = ("body", level)
        previous = level
    return result


def _level_by_form(i: int, forms: dict[int, bool], decided: dict[int, int], previous: int,
                   children: int) -> int:
    """Level of a lone heading: that of the placed headings sharing its form
    (verb-initial or not); when form is unclear, an area never keeps one sole sub-heading."""
    share = {}
    for lv in (1, 2):
        same = [forms[j] == forms[i] for j, d in decided.items() if d == lv]
        share[lv] = sum(same) / len(same) if same else 0.0
    if share[1] == share[2]:
        return previous
    if share[1] > share[2] and children == 1:
        return 2
    return 1 if share[1] > share[2] else 2


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences and clauses ending in 。！？；, closers kept with them."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def parse_document(doc: SourceDocument) -> ParsedDocument:
    """Blocks -> section tree, clean text with line provenance, and passages."""
    blocks = segment(doc.lines)
    levels = assign_levels(blocks, doc.meta.get("title"))
    clean = CleanText()
    sections: list[Section] = []
    passages: list[Passage] = []
    stack: list[str] = []
    stack_levels: list[int] = []
    current: Section | None = None
    headline_parts: list[Block] = []

    def new_section(title: str, level: int, path: tuple[str, ...], kind: str, block: Block) -> Section:
        sec = Section(f"{doc.doc_id}#s{len(sections)}", title, level, path, kind,
                      min(block.line_nos), max(block.line_nos))
        sections.append(sec)
        return sec

    def add_passages(block: Block, section: Section, kind: str, whole: bool = False) -> None:
        start = clean.length
        for piece, line_no in zip(block.pieces, block.line_nos):
            if clean.length > start and join_needs_space(clean.text_parts[-1], piece):
                clean.append(" ", line_no)
            clean.append(piece, line_no)
        body = clean.text()[start:]
        clean.append("\n", block.line_nos[-1])
        spans = [(0, len(body))] if whole else split_sentences(body)
        for s, e in spans:
            first, last = clean.lines_of(start + s, start + e)
            passages.append(Passage(f"{doc.doc_id}#p{len(passages)}", doc.doc_id, section.path,
                                    body[s:e], start + s, start + e, first, last, kind))
        section.line_last = max(section.line_last, block.line_nos[-1])

    for i, block in enumerate(blocks):
        if block.kind == "heading" and levels[i][0] == "headline":
            headline_parts.append(block)
            continue
        if block.kind == "heading":
            level = levels[i][1]
            while stack_levels and stack_levels[-1] >= level:
                stack.pop()
                stack_levels.pop()
            stack.append(block.text)
            stack_levels.append(level)
            current = new_section(block.text, level, tuple(stack), "body", block)
            add_passages(block, current, "heading", whole=True)
            continue
        lead_here = current is None or (i > 0 and blocks[i - 1].kind == "body")
        if lead_here:
            current = new_section(LEAD, 1, (LEAD,), "lead", block)
            stack, stack_levels = [LEAD], [1]
        add_passages(block, current, current.kind)
    if headline_parts:
        headline = Block("heading", [n for b in headline_parts for n in b.line_nos],
                         [p for b in headline_parts for p in b.pieces])
        sec = new_section(HEADLINE, 0, (HEADLINE,), "headline", headline)
        add_passages(headline, sec, "headline", whole=True)
    for sec in sections:  # a parent spans the lines of its children
        sec.line_last = max(o.line_last for o in sections if o.path[: len(sec.path)] == sec.path)
    return ParsedDocument(doc, clean.text(), sections, passages)
