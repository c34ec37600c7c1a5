"""Recover a plan's structure (headline, lead, areas, sub-headings) and cut passages.

Headings are found from layout and form, never from a list of words:
- explicit numbering (`一、`, `（一）`, `1.`, `1﹒`, `第一章`) or Markdown `#` headings.
  A numbered line is a heading only when its words before the first 。 are short
  (a label); a numbered line that carries the measure itself (clause punctuation
  before its first 。, or long) is content: one paragraph, number included, so it
  can be quoted and cited. Arabic-numbered items are judged as a series: when most
  items of a plan are measures, a few short ones are measures too;
- otherwise, a short line (narrower than the text column around it) with no
  clause punctuation that starts a block; a full-width line followed by a short
  one forms a heading wrapped over two lines.
Levels: a heading directly followed by another heading is the other's parent;
a lone heading followed by text takes the level whose already-placed headings
share its grammatical form (noun-phrase area titles vs verb-initial measures).
In a numbered plan, un-numbered title lines at the top are the headline; title
lines right before each restart of `一、` (a file holding two documents, or an
attachment) become top-level parts holding that numbering. A Markdown file whose
only `#` heading opens it has that heading as headline and its `##` parts on top.
Text not under any heading in a different layout (a newspaper lead paragraph)
becomes the lead; title lines (metadata title, or headings with no text after
them) become the headline, and the first one is the document's title when no
sidecar gives one.

Lines that are not the plan's text (a legal database's header, running headers,
footers and page numbers of a PDF) are skipped (`cleaning`), so a page break never
splits a section or a sentence; every other line keeps its own number. A text
stored as one long line is cut into its paragraphs where a space separates them.
"""
from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from .cleaning import (CleanText, clean_line, display_width, ends_sentence, is_page_furniture, join_needs_space,
                       metadata_header, page_furniture, split_run_on)
from .records import Passage, Section, SourceDocument

HEADLINE = "标题"
LEAD = "导语"

_CN_NUM = "一二三四五六七八九十百零〇两"
_EXPLICIT = [
    (re.compile(rf"^第[{_CN_NUM}\d]+[章部篇]\s*"), 1),
    (re.compile(rf"^[{_CN_NUM}]+[、．.﹒]\s*"), 1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]\s*"), 2),
    (re.compile(rf"^第[{_CN_NUM}\d]+节\s*"), 2),
    (re.compile(r"^\d{1,2}[、．.﹒](?!\d)\s*"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*"), 4),
]
_FIRST_NUMBER = re.compile(r"^(?:第一[章部篇]|一[、．.﹒])")
_ITEM_LEVEL = 3  # Arabic-numbered: a short label heading, or the measure itself
_MAX_AREA_HEAD = 40  # characters of a 一、/（一） heading's words before its first 。
_MAX_LABEL = 30  # characters of a numbered item's label before its first 。
_MAX_RUN_IN = 12  # characters of a run-in label sentence that opens a paragraph
_RUN_ON = 400  # display columns: a line this wide may hold several paragraphs
_MARKDOWN = re.compile(r"^(#{1,6})\s*([^#\s].*?)\s*#*\s*$")  # spaces may be gone after cleaning
# Punctuation that never appears inside an un-numbered heading.
_CLAUSE_PUNCT = set("，。；：！？,;:!?")
_NOTE = r"(?:[（(](?![一二三四五六七八九十\d]{1,3}[）)])[^（）()\n。]{1,80}[）)])?"
# A sentence keeps the closers after its end and a parenthesised note closing it (owners, deadline).
_SENTENCE = re.compile(rf"[^。！？；!?;…\n]*(?:[。！？；!?;…]+[”’」』）)》】\"']*{_NOTE}|$)")
_DATE = re.compile(r"^[（(]?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*[）)]?$")
_DOC_NUMBER = re.compile(r"[^\s，。；]{0,20}[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号")


_ISSUANCE_FACT = re.compile(r"〔(?:19|20)\d{2}〕\d+号|^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
ISSUANCE_LINE_CHARS = 60  # a longer line citing a document number is prose, not the issuance


def issuance_line(text: str) -> bool:
    """A short line of a document's issuance, as official documents print it: one holding its
    number (〔2022〕6号), or its full date standing alone."""
    return len(text) <= ISSUANCE_LINE_CHARS and bool(_ISSUANCE_FACT.search(text))


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
    plain: bool = False  # an un-numbered title line in a numbered plan (placed by _place_titles)
    role: str = ""  # "headline" | "part" once decided
    first: bool = False  # numbered 一、/第一章: where a numbering (re)starts
    offset: int = 0  # levels added under a part title
    new_layout: bool = False  # body set in another column width than the text before it
    joiner: str = ""  # between pieces that are separate source lines of one title
    inline: bool = False  # a label whose line (label included) is the next body block: no passage of its own

    @property
    def text(self) -> str:
        out = ""
        for p in self.pieces:
            out += (self.joiner if out and self.joiner else " " if join_needs_space(out, p) else "") + p
        return out


@dataclass
class ParsedDocument:
    """A document's clean text, its section tree and its passages.

    In `clean` every body block (a paragraph, or a numbered item) ends with "\n"."""

    doc: SourceDocument
    clean: str
    sections: list[Section]
    passages: list[Passage]


@dataclass
class _Unit:
    """One piece of source text to place: a line, or a paragraph of a run-on line."""

    line_no: int
    text: str  # cleaned
    width: int
    gap: bool  # a blank line or a paragraph separator comes before it


def without_numbering(title: str) -> str:
    """A heading's words without its numbering (（五）推进… -> 推进…)."""
    for pattern, _ in _EXPLICIT:
        title = pattern.sub("", title, count=1)
    return title


def numbering(text: str) -> tuple[int, int] | None:
    """(level, end of the number) when a line starts with plan numbering and goes on."""
    for pattern, level in _EXPLICIT:
        m = pattern.match(text)
        if m and len(text) > m.end():
            return level, m.end()
    return None


def explicit_heading(text: str) -> tuple[int, str, str] | None:
    """(level, heading, rest of line) for a numbered or Markdown heading line.

    None for a numbered line that is content: its words before the first 。 run long,
    or (Arabic-numbered items) hold clause punctuation, i.e. the line is the measure."""
    m = _MARKDOWN.match(text)
    if m:
        return len(m.group(1)), m.group(2).strip(), ""
    num = numbering(text)
    if num is None:
        return None
    level, end = num
    head, dot, rest = text.partition("。")
    words = head[end:]
    if level < _ITEM_LEVEL:
        if len(words) > _MAX_AREA_HEAD:
            return None
    elif len(words) > _MAX_LABEL or any(c in _CLAUSE_PUNCT for c in words):
        return None
    return level, head, rest.strip()


def _is_hanzi(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and not ch.isascii()


def _title_like(text: str) -> bool:
    """Could this line be a title: no clause punctuation, no sentence end, not a date
    or document number (those are content of the document's head)."""
    t = text.strip()
    return (sum(_is_hanzi(c) for c in t) >= 2 and len(t) <= 120 and not any(c in _CLAUSE_PUNCT for c in t)
            and not ends_sentence(t) and not t.endswith("、") and not _DATE.match(t)
            and not (t[0] in "（(" and t[-1] in "）)")  # a note (owner, deadline), or a document number
            and not _DOC_NUMBER.search(t) and numbering(t) is None and not _MARKDOWN.match(t))


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


def _units(lines: list[str], line_pages: list[int | None] | None) -> list[_Unit]:
    """Source lines to place, without blank lines and lines that are not the plan's text."""
    skip = metadata_header(lines) | page_furniture(lines, line_pages)
    units: list[_Unit] = []
    gap = False

    def starts_block(t: str) -> bool:
        return numbering(clean_line(t)) is not None

    one_line = sum(1 for line in lines if line.strip()) == 1
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if not line.strip():
            gap = True
            continue
        spans = split_run_on(line, starts_block) if one_line or display_width(line) > _RUN_ON else [(0, len(line))]
        for s, e in spans:
            piece = line[s:e]
            if is_page_furniture(piece):
                continue
            units.append(_Unit(i + 1, clean_line(piece), display_width(piece.strip()), gap or len(spans) > 1))
            gap = False
    return units


def segment(lines: list[str], line_pages: list[int | None] | None = None) -> list[Block]:
    """Split source lines into heading and body blocks; each body block is one paragraph."""
    units = _units(lines, line_pages)
    cleaned = [u.text for u in units]
    widths = [u.width for u in units]
    column = _local_widths(widths)
    longish = [t for t in cleaned if len(t) >= 20]
    # One paragraph per line (a word processor's text) rather than lines wrapped at a column.
    unwrapped = bool(longish) and sum(ends_sentence(t) for t in longish) >= 0.5 * len(longish)
    markdown = [(k, len(m.group(1))) for k, t in enumerate(cleaned) if (m := _MARKDOWN.match(t))]
    md_headline = bool(markdown) and markdown[0] == (0, 1) and sum(lv == 1 for _, lv in markdown) == 1
    numbered = sum(1 for t in cleaned if numbering(t) or _MARKDOWN.match(t)) >= 2
    items = [k for k, t in enumerate(cleaned) if (n := numbering(t)) and n[0] >= _ITEM_LEVEL]
    item_labels = sum(1 for k in items if explicit_heading(cleaned[k])) >= 0.5 * len(items)

    def ends_paragraph(k: int) -> bool:
        if unwrapped:  # a line is a paragraph, unless it stops mid-clause
            return not cleaned[k].endswith(("，", "、", ","))
        t = cleaned[k]
        # a short line ending a sentence, an addressee (…：), a date or a document number
        return widths[k] < _NARROW * column[k] and (
            ends_sentence(t) or t.endswith(("：", ":")) or bool(_DATE.match(t) or _DOC_NUMBER.fullmatch(t.strip("（）()"))))

    def line_done(k: int, text: str) -> bool:
        """The next line may start a heading: this one ends a sentence or a paragraph."""
        return ends_paragraph(k) or (not unwrapped and ends_sentence(text))

    def stands_alone(k: int) -> bool:
        """Line k cannot run on into the next: it opens the text, or a new block follows."""
        if k == 0 or k + 1 >= len(cleaned) or units[k + 1].gap:
            return True
        nxt = cleaned[k + 1]
        return bool(numbering(nxt) or _MARKDOWN.match(nxt) or _title_like(nxt) or _DATE.match(nxt)
                    or _DOC_NUMBER.fullmatch(nxt.strip("（）()")))

    def text_follows(k: int, level: int) -> bool:
        """A lone label heads something: text or deeper items follow, not its next sibling."""
        if k + 1 >= len(cleaned):
            return False
        nxt = numbering(cleaned[k + 1]) or (_MARKDOWN.match(cleaned[k + 1]) and (0, 0))
        return not nxt or nxt[0] > level

    blocks: list[Block] = []
    run_pieces: list[str] = []  # body text since the last heading or layout change, for _layout_changes
    run_widths: list[int] = []
    seen_numbered = False
    at_start = True  # the previous line ended a sentence (or was a heading)
    para_end = True  # ... and ended its paragraph
    k = 0
    while k < len(units):
        text, line_no, unit = cleaned[k], units[k].line_no, units[k]
        explicit = explicit_heading(text)
        num = numbering(text)
        if explicit and num and num[0] >= _ITEM_LEVEL and (
                not item_labels or (not explicit[2] and not text_follows(k, num[0]))):
            explicit = None  # an item among measures, or one of a list of short items
        if explicit and md_headline and _MARKDOWN.match(text):
            level, title, rest = explicit
            explicit = (max(1, level - 1), title, rest)
        if k == 0 and md_headline:
            blocks.append(Block("heading", [line_no], [explicit[1]], role="headline"))
            at_start = para_end = True
            k += 1
            continue
        seen_numbered = seen_numbered or bool(num)
        if explicit:
            level, title, rest = explicit
            # A numbered label with its measure on the same line: the label names a section,
            # the whole line (number included) is the measure's paragraph, quoted as written.
            inline = bool(rest) and bool(num) and level >= _ITEM_LEVEL
            blocks.append(Block("heading", [line_no], [title], level, first=bool(_FIRST_NUMBER.match(text)),
                                inline=inline))
            run_pieces, run_widths = [], []
            if rest:
                blocks.append(Block("body", [line_no], [text if inline else rest], widths=[unit.width]))
            at_start = not rest or line_done(k, rest)
            para_end = not rest or ends_paragraph(k)
            k += 1
            continue
        if num:  # a numbered item that is the measure itself: its own paragraph
            blocks.append(Block("body", [line_no], [text], widths=[unit.width]))
            at_start, para_end = line_done(k, text), ends_paragraph(k)
            k += 1
            continue
        n = 0
        if at_start and numbered:
            if unwrapped:
                n = 1 if _title_like(text) else 0
            else:
                n = _layout_heading(cleaned, widths, column, k)
                n = n if all(_title_like(t) for t in cleaned[k : k + n]) else 0
                if not n and not seen_numbered and _title_like(text) and stands_alone(k):
                    n = 1  # a title line before the numbering starts, whatever its width
        elif at_start and not numbered:
            n = _layout_heading(cleaned, widths, column, k)
        if n:
            blocks.append(Block("heading", [units[j].line_no for j in range(k, k + n)], cleaned[k : k + n],
                                plain=numbered))
            run_pieces, run_widths = [], []
            at_start = para_end = True
            k += n
            continue
        body = blocks[-1] if blocks and blocks[-1].kind == "body" and not (para_end or (unit.gap and at_start)) else None
        new_layout = False
        if not numbered and not unwrapped and at_start and _layout_changes(run_pieces, run_widths, unit.width):
            body, new_layout = None, True
            run_pieces, run_widths = [], []
        if body is None:
            body = Block("body", [], [], new_layout=new_layout)
            blocks.append(body)
        body.line_nos.append(line_no)
        body.pieces.append(text)
        body.widths.append(unit.width)
        run_pieces.append(text)
        run_widths.append(unit.width)
        at_start, para_end = line_done(k, text), ends_paragraph(k)
        k += 1
    if numbered:
        blocks = _place_titles(blocks, " " if unwrapped else "")
    return blocks


_ATTACHMENT_LINE = re.compile(r"\s*附件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*")  # "附件", "附件2" alone on a line


def _title_run(blocks: list[Block], start: int) -> list[int]:
    """Indices of the title lines right before a numbering (re)start: up to three
    title lines, with at most one lead paragraph between them and the first heading."""
    j = start - 1
    if j >= 1 and blocks[j].kind == "body" and not blocks[j].plain and blocks[j - 1].plain:
        j -= 1
    run: list[int] = []
    seen: set[str] = set()
    while j >= 0 and blocks[j].plain and not blocks[j].role and len(run) < 3:
        key = _title_key(blocks[j].text)
        if key in seen:
            break
        seen.add(key)
        run.insert(0, j)
        j -= 1
    return run


def _title_key(text: str) -> str:
    """A title compared without punctuation or width variants ((2021—2023年) = （2021-2023年）)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def _place_titles(blocks: list[Block], joiner: str) -> list[Block]:
    """Decide the un-numbered title lines of a numbered plan: the leading ones are the
    headline; those before each restart of the top numbering are parts holding it (or,
    with one numbering, more headline); any other such line is text."""
    for b in blocks:
        if not b.plain or b.role:
            break
        b.role = "headline"
    tops = [i for i, b in enumerate(blocks) if b.kind == "heading" and not b.plain and b.level == 1]
    starts = [i for i in tops if blocks[i].first] or tops[:1]
    runs = [_title_run(blocks, s) for s in starts]
    if len(starts) >= 2:
        for run in runs:
            for j in run:
                blocks[j].role = "part"
    elif runs:
        for j in runs[0]:
            blocks[j].role = "headline"
    for i, b in enumerate(blocks[:-1]):  # "附件" over its title: an attachment, a part of its own, numbered or not
        if b.plain and not b.role and _ATTACHMENT_LINE.fullmatch(b.text) and blocks[i + 1].plain \
                and not blocks[i + 1].role:
            for x in (b, blocks[i + 1]):
                x.role, x.kind = "part", "heading"
    out: list[Block] = []
    offset = 0
    for b in blocks:
        if b.plain and b.role == "part" and out and out[-1].role == "part" and out[-1].plain:
            out[-1].line_nos += b.line_nos  # one part title over several lines
            out[-1].pieces += b.pieces
            continue
        if b.plain and b.role == "part":
            b.level, b.joiner, offset = 1, joiner, 1
        elif b.plain and not b.role:
            b.kind = "body"  # a signature, a box title, an attachment's name: the plan's text
        elif b.kind == "heading" and b.level is not None:
            b.offset = offset
        out.append(b)
    return out


def _layout_changes(pieces: list[str], widths: list[int], width: int) -> bool:
    """A new paragraph set in a markedly different column width than the text since
    the last heading starts a new block (a lead set apart from the body)."""
    inner = [w for w, p in zip(widths, pieces) if not ends_sentence(p)]
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
        b = blocks[i]
        if b.role == "headline":
            result[i] = ("headline", 0)
            continue
        if b.level is not None:  # numbered, Markdown, or a part title (placed by _place_titles)
            result[i] = ("body", b.level + b.offset)
            continue
        text = re.sub(r"\s", "", b.text)
        in_title = bool(compact_title) and len(text) >= 4 and text in compact_title
        before_numbering = bool(numbered) and i < numbered[0]
        trailing = all(o.kind == "heading" for o in blocks[i:])
        if in_title or before_numbering or trailing:
            result[i] = ("headline", 0)
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


def _run_in_label_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph opening with a short label sentence (`品牌建设。鼓励…`, `2.扩大消费需求。加快…`)
    is a run-in heading: the label and the sentence it introduces are quoted together."""
    if len(spans) < 2:
        return spans
    (s, e), (_, e2) = spans[0], spans[1]
    num = numbering(text[s:e])
    words = text[s + (num[1] if num else 0) : e].rstrip("。")
    if len(words) <= _MAX_RUN_IN and not any(c in _CLAUSE_PUNCT or c in "”）)" for c in words) \
            and text[e - 1] == "。":
        return [(s, e2)] + spans[2:]
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences and clauses ending in 。！？；, closers kept with them. A ； inside
    brackets (（牵头单位：X；配合单位：Y）) does not end a sentence: the bracket stays whole."""
    spans: list[tuple[int, int]] = []
    depth_at = _bracket_depths(text)
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        if spans and depth_at[spans[-1][1]] > 0:  # the previous piece ended inside an open bracket
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _bracket_depths(text: str) -> list[int]:
    """How many brackets are open before each position (index len(text) included); a
    sentence end closes them all, so an unclosed bracket never swallows a paragraph."""
    depths, depth = [0], 0
    for ch in text:
        if ch in "。！？":  # a sentence end closes whatever a typo left open
            depth = 0
        elif ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        depths.append(depth)
    return depths


def parse_document(doc: SourceDocument) -> ParsedDocument:
    """Blocks -> section tree, clean text with line provenance, and passages.

    Sets doc.meta["title"] from the headline's first title line when no sidecar
    gave a title (and meta["title_source"] = "text"), so the title shown and stored
    in docs.json is the document's own rather than its file name."""
    blocks = segment(doc.lines, doc.line_pages)
    from_text = doc.meta.get("title_source") == "text"  # set by an earlier parse: not a sidecar's title
    levels = assign_levels(blocks, None if from_text else doc.meta.get("title"))
    clean = CleanText()
    sections: list[Section] = []
    passages: list[Passage] = []
    stack: list[str] = []
    stack_levels: list[int] = []
    current: Section | None = None
    headline_parts: list[Block] = []
    pages = doc.line_pages

    def new_section(title: str, level: int, path: tuple[str, ...], kind: str, block: Block) -> Section:
        sec = Section(f"{doc.doc_id}#s{len(sections)}", title, level, path, kind,
                      min(block.line_nos), max(block.line_nos))
        sections.append(sec)
        return sec

    def add_passages(block: Block, section: Section, kind: str, whole: bool = False) -> None:
        start = clean.length
        for piece, line_no in zip(block.pieces, block.line_nos):
            if clean.length > start and (block.joiner or join_needs_space(clean.text_parts[-1], piece)):
                clean.append(block.joiner or " ", line_no)
            clean.append(piece, line_no)
        body = clean.text()[start:]
        clean.append("\n", block.line_nos[-1])
        spans = [(0, len(body))] if whole else _run_in_label_joined(body, split_sentences(body))
        for s, e in spans:
            first, last = clean.lines_of(start + s, start + e)
            page = pages[first - 1] if pages and 0 < first <= len(pages) else None
            passages.append(Passage(f"{doc.doc_id}#p{len(passages)}", doc.doc_id, section.path,
                                    body[s:e], start + s, start + e, first, last, kind, page))
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
            if not block.inline:
                add_passages(block, current, "heading", whole=True)
            continue
        if current is None or block.new_layout:
            current = new_section(LEAD, 1, (LEAD,), "lead", block)
            stack, stack_levels = [LEAD], [1]
        add_passages(block, current, current.kind)
    if headline_parts:
        headline = Block("heading", [n for b in headline_parts for n in b.line_nos],
                         [p for b in headline_parts for p in b.pieces])
        sec = new_section(HEADLINE, 0, (HEADLINE,), "headline", headline)
        add_passages(headline, sec, "headline", whole=True)
        if not doc.meta.get("title") or from_text:
            doc.meta["title"] = _title_text(doc, headline_parts[0])
            doc.meta["title_source"] = "text"
    for sec in sections:  # a parent spans the lines of its children
        sec.line_last = max(o.line_last for o in sections if o.path[: len(sec.path)] == sec.path)
    return ParsedDocument(doc, clean.text(), sections, passages)


def _title_text(doc: SourceDocument, block: Block) -> str:
    """The title as written: a one-line title keeps its spaces (中共中央 国务院…)."""
    if len(block.pieces) == 1:
        raw = " ".join(doc.lines[block.line_nos[0] - 1].split())
        if clean_line(raw) == block.pieces[0]:
            return raw
    return block.text
