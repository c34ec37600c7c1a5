"""Undo text-extraction artifacts while remembering where every character came from.

PDF extraction breaks lines mid-sentence and scatters spaces inside words and
numbers (`发 行 专 项 债 券 50 亿 元`). Spaces between CJK characters, digits and
punctuation carry no meaning and are removed; a space next to a Latin letter is
kept (`MBA 品牌班`, `EOD 试点`). Every clean character keeps its source line.
"""
from __future__ import annotations

import re
import unicodedata
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
    """True when a line ends with sentence-final punctuation (before closers)."""
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in TERMINAL


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
