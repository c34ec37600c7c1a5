"""Which years a plan covers, read from its own text (the sidecar year only adds to it).

A question about a year the plan does not cover is answered `other_year`, never
with another year's figures. The plan's own year (今年; the year month-only deadlines belong to, read at index build from
the same rule) is the sidecar's, else its document number's (〔2022〕43号), else its title's,
else the year of a work report's task part, else its date of issue. Years come from:
- the sidecar (`year`), the document number, the title, the date of issue (2018年1月2日);
- years the text states (到2035年, 2023年工作回顾, 2024年主要任务) and periods
  (2021-2023年, 2018－2022年), each year of a period counted;
- not years inside 《…》, which name another document (《…行动方案（2021—2023年）》).
A section whose heading names one year (一、2023年工作回顾) holds that year's
figures: a work report answers 去年 from its review and 今年 from its tasks.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .records import Passage

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a period of years (2018－2022年, 2018到2025年)
PERIOD = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-－—–~～至到]\s*((?:19|20)\d{2})\s*年")
_DOC_NUMBER = re.compile(r"[〔\[［【(（]((?:19|20)\d\d)[〕\]］】)）]\s*\d+\s*号")  # 〔2022〕43号
_HEAD_CHARS = 3000  # where a document number is looked for: the opening of the text
_ISSUED = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_OTHER_DOC = re.compile(r"《[^》]*》")


def _years_in(text: str) -> set[int]:
    years = {int(y) for y in _YEAR.findall(text)}
    for a, b in PERIOD.findall(text):
        lo, hi = int(a), int(b)
        if 0 < hi - lo <= 30:
            years.update(range(lo, hi + 1))
    return years


@dataclass
class PlanYears:
    """Years one document covers, its own year, and the year of each year-headed section."""

    covered: set[int] = field(default_factory=set)
    plan_year: int | None = None
    section_year: dict[tuple[str, ...], int] = field(default_factory=dict)

    @classmethod
    def read(cls, passages: list[Passage], doc: dict, head: str | None = None) -> "PlanYears":
        """`doc` gives the title and sidecar year; `head` is the opening of the clean text (by
        default the passages' text), where a document number (〔2022〕43号) gives the year."""
        title = str(doc.get("title") or "")
        if head is None:
            head = "".join(p.text for p in passages[:200])[:_HEAD_CHARS]
        numbered = _DOC_NUMBER.search(head[:_HEAD_CHARS])
        sidecar = doc.get("year")
        covered: set[int] = set()
        counts: Counter[int] = Counter()
        issued: list[int] = []
        section_year: dict[tuple[str, ...], int] = {}
        for p in passages:
            own = _OTHER_DOC.sub(lambda m: m.group() if title and m.group()[1:-1] in title else "", p.text)
            found = _years_in(own)
            covered |= found
            counts.update(int(y) for y in _YEAR.findall(own))
            issued += [int(y) for y in _ISSUED.findall(own)]
            if p.section_kind == "heading":
                years = {int(y) for y in _YEAR.findall(p.text)}
                if len(years) == 1:
                    section_year[p.section_path] = years.pop()
        covered |= _years_in(title)
        plan_year = None
        if sidecar not in (None, ""):
            plan_year = int(sidecar)
        elif numbered:
            plan_year = int(numbered.group(1))
        elif _years_in(title):
            plan_year = max(_years_in(title)) if not PERIOD.search(title) else min(_years_in(title))
        elif section_year:  # a work report: the year of its tasks part
            plan_year = max(section_year.values())
        elif issued:
            plan_year = issued[0]
        elif counts:
            plan_year = counts.most_common(1)[0][0]
        if plan_year is not None:
            covered.add(plan_year)
        return cls(covered, plan_year, section_year)

    @property
    def is_work_report(self) -> bool:
        """Parts headed by two or more years (a review of last year, this year's tasks): a work report."""
        return len(set(self.section_year.values())) >= 2

    def in_other_years_part(self, p: Passage) -> bool:
        """Is p in a work report's part for another year than the plan's own (its review of the year before), as
        against its tasks and its parts that name no year (the government's own work)?"""
        return self.is_work_report and self.plan_year is not None and self.year_of(p) not in (None, self.plan_year)

    def year_of(self, p: Passage) -> int | None:
        """The year a passage's figures are for, when a heading above it names one."""
        for n in range(len(p.section_path), 0, -1):
            y = self.section_year.get(p.section_path[:n])
            if y is not None:
                return y
        return None
