"""Undo text-extraction artifacts while remembering where every character came from.

PDF extraction breaks lines mid-sentence and scatters spaces inside words and
numbers (`发 行 专 项 债 券 50 亿 元`). Spaces between CJK characters, digits and
punctuation carry no meaning and are removed; a space next to a Latin letter is
kept (`MBA 品牌班`, `EOD 试点`). Every clean character keeps its source line.

Lines that are not the plan's text are found here by form, so the structure stage
can skip them while every other line keeps its own number: a legal database's
header before the title (`【…】` fields, `原文链接：` and URLs), running headers,
footers and page numbers repeated across PDF pages, and newspaper jump lines.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
# Sentence-final punctuation (a closing quote or bracket may follow it).
TERMINAL = "。！？；!?;…"
_CLOSERS = "”’」』）)》】\"'"


def is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def display_width(text: str) -> int:
    """Columns a line takes in print: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def ends_sentence(text: str) -> bool:
    """True when a line ends with sentence-final punctuation (before closers).

    A parenthesised note after the sentence end (`…。（6月底完成，牵头单位：…）`)
    still ends it: plans close measures with such notes of owners and deadlines.
    """
    t = text.rstrip()
    note = TRAILING_NOTE.search(t)
    if note and note.start() > 0:
        t = t[: note.start()]
    t = t.rstrip(_CLOSERS)
    return bool(t) and t[-1] in TERMINAL


# A parenthesised note that closes a sentence: not a numbering like （二） or (3).
TRAILING_NOTE = re.compile(r"(?<=[。！？；!?;”’」』）)])[（(](?![一二三四五六七八九十\d]{1,3}[）)])[^（）()\n。]{1,80}[）)]$")


# ---------------------------------------------------------------- lines that are not content

_URL = re.compile(r"https?://|www\.", re.I)
_DB_FIELD = re.compile(r"^【[^】]{1,16}】")
_LABEL_ONLY = re.compile(r"^[^\s，。；]{1,10}[：:]$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~]?\s*\d{1,4}\s*[-—–－_~]?"  # 3, - 3 -, —3—
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页, 第3页 共7页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/7
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)  # Page 3 of 7
_JUMP = re.compile(r"^[（(]?(?:上接|下转|接|转)第?\s*[\d一二三四五六七八九十]{1,3}\s*[版页][）)]?$")
_EDGE = 3  # lines at the top and bottom of a page where running headers and footers sit


def metadata_header(lines: list[str]) -> set[int]:
    """0-based indices of a legal database's header lines before the title.

    Only a leading run counts: `【法宝引证码】 CLI…`-style fields, lines holding a URL,
    and a bare label line (`原文链接：`) whose value, a URL, wraps to the next line.
    """
    out: set[int] = set()
    for i, line in enumerate(lines[:12]):
        t = line.strip()
        if not t:
            continue
        nxt = next((n.strip() for n in lines[i + 1 : i + 3] if n.strip()), "")
        if _DB_FIELD.match(t) or _URL.search(t) or (_LABEL_ONLY.match(t) and _URL.search(nxt)):
            out.add(i)
        else:
            break
    return out


def is_page_furniture(text: str) -> bool:
    """A page number or a newspaper jump line (`下转7版`), whatever page it is on."""
    t = re.sub(r"\s+", " ", text.strip())
    return bool(t) and bool(_PAGE_NUMBER.match(t) or _JUMP.match(t.replace(" ", "")))


def page_furniture(lines: list[str], pages: list[int | None] | None) -> set[int]:
    """0-based indices of running headers, footers and page numbers of a paged text.

    A line at the top or bottom of a page is furniture when it is a page number, or
    when the same line (digits aside) sits at the edge of at least half the pages
    (and two): a short title repeated on every page is not the plan's text twice.
    """
    if not pages or len(pages) != len(lines):
        return set()
    by_page: dict[int, list[int]] = {}
    for i, (line, page) in enumerate(zip(lines, pages)):
        if page is not None and line.strip():
            by_page.setdefault(page, []).append(i)
    edges = {p: set(ix[:_EDGE]) | set(ix[-_EDGE:]) for p, ix in by_page.items()}
    key = {i: re.sub(r"[\d\s]+", "", lines[i]) for ix in edges.values() for i in ix}
    seen_on: dict[str, set[int]] = {}
    for p, ix in edges.items():
        for i in ix:
            seen_on.setdefault(key[i], set()).add(p)
    need = max(2, (len(by_page) + 1) // 2)
    out = set()
    for ix in edges.values():
        for i in ix:
            if is_page_furniture(lines[i]) or (key[i] and len(seen_on[key[i]]) >= need):
                out.add(i)
    return out


def split_run_on(line: str, starts_block: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of the paragraphs of a text stored as one long line with a space between
    paragraphs. A space separates paragraphs only where a sentence (or a label ending
    in ：) ends before it, a numbered heading or item starts after it, or a jump line
    (`下转7版`) sits beside it; any other space stays inside its paragraph."""
    spans, start = [], 0
    for m in re.finditer(r"\s+", line):
        left = line[start : m.start()].strip()
        right = line[m.end() :]
        a, b = line[m.start() - 1] if m.start() else "", right[:1]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            continue  # Windows 10, 5 G
        token = right.split(None, 1)[0] if right.strip() else ""
        if left and (ends_sentence(left) or left.endswith(("：", ":")) or starts_block(left)
                     or starts_block(right) or is_page_furniture(left) or is_page_furniture(token)):
            spans.append((start, m.start()))
            start = m.end()
    if line[start:].strip():
        spans.append((start, len(line.rstrip())))
    return [(a + len(line[a:b]) - len(line[a:b].lstrip()), b) for a, b in spans if line[a:b].strip()]


def clean_line(line: str) -> str:
    """Remove extraction spaces from one line, keeping those beside Latin letters."""
    line = line.strip()
    out: list[str] = []
    pos = 0
    for m in _SPACE.finditer(line):
        out.append(line[pos : m.start()])
        left = line[m.start() - 1] if m.start() > 0 else ""
        right = line[m.end()] if m.end() < len(line) else ""
        if is_latin_letter(left) or is_latin_letter(right):
            out.append(" ")
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


def join_needs_space(left: str, right: str) -> bool:
    """Whether joining two wrapped lines needs a space (only between Latin words)."""
    return bool(left) and bool(right) and left[-1].isascii() and left[-1].isalnum() \
        and right[0].isascii() and right[0].isalnum() and (is_latin_letter(left[-1]) or is_latin_letter(right[0]))


@dataclass
class CleanText:
    """Clean text built piece by piece, with the source line of every character."""

    text_parts: list[str] = field(default_factory=list)
    line_of_char: list[int] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.line_of_char)

    def append(self, text: str, line_no: int) -> None:
        self.text_parts.append(text)
        self.line_of_char.extend([line_no] * len(text))

    def text(self) -> str:
        return "".join(self.text_parts)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last source line of clean characters start..end-1."""
        span = self.line_of_char[start:end] or [0]
        return min(span), max(span)
