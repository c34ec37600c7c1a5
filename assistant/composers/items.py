"""The items a sentence lists (its 、-list, its parallel clauses, its enumeration) and the counts a list question
asks (哪六个) or a sentence states (等三大类): what the list composer and the date composer count."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache

from ..records import Passage
from ..spans import Enumeration, compact, enumerations, quoted_names
from ..targets import NUMBER_UNIT, chinese_to_number
from ..understanding import LIST_CUES
from .base import LEAD_SENTENCE_CHARS, PARALLEL_CLAUSE_CHARS, PARALLEL_RUN, Ctx
from .paragraphs import LEAD_SENTENCE


LIST_CLAUSE = re.compile(r"[^，；。：,;:！？]+")  # a clause a 、-list lives in (enumerations, sentence_items, listed_with)
LEADS_IN = re.compile(r"[：:]\s*$")  # a sentence closing with a colon introduces what follows (…包括：)

LIST_ASKED = re.compile(LIST_CUES, re.I)

LIST_COUNT_NUMBER = r"[一二两三四五六七八九十]+|\d+"
LIST_COUNTERS = r"个|项|条|种|类|家|支|方面|部分"  # the measure words a list question counts its items in
# A list question's count: 哪六个, or the set named by its count before asking its members (那六家都是哪些)
_ASKED_COUNT = re.compile(rf"哪({LIST_COUNT_NUMBER})(?:大?({LIST_COUNTERS})|大)|"
                          rf"[那这]({LIST_COUNT_NUMBER})(?:大?({LIST_COUNTERS})|大)(?=[^，,。？?]{{0,8}}?(?:哪些|哪几|分别是))")


def count_number(number: str) -> int:
    """A count as written (三, 12), as a number (0 for none)."""
    return int(number) if number.isdigit() else int(chinese_to_number(number) or 0)


def stated_counts(text: str, counter: str) -> Iterator[re.Match]:
    """Where the text states a count in the measure word (等三大类, 四级渡运), in order."""
    return re.finditer(rf"(?<![\d一二两三四五六七八九十])({LIST_COUNT_NUMBER})(大?)" + re.escape(counter), text)


def asked_count(question: str) -> int | None:
    """How many items a list question says there are (哪六个, 哪3项, 包括哪五类, 那六家都是哪些), None when it says none."""
    m = _ASKED_COUNT.search(question)
    if not m:
        return None
    n = count_number(m.group(1) or m.group(3))
    return n if n >= 2 else None


def asked_counter(question: str) -> str:
    """The measure word of a list question's count (哪五类 -> 类), '' when it gives none."""
    m = _ASKED_COUNT.search(question)
    return (m.group(2) or m.group(4) or "") if m else ""


def stated_count(text: str, counter: str) -> tuple[int, str] | None:
    """The count a sentence states with the measure word asked (等三大类 -> (3, 三大类)), None when it states none."""
    m = next(stated_counts(text, counter), None) if counter else None
    if not m:
        return None
    n = count_number(m.group(1))
    return (n, m.group()) if n >= 2 else None


def asked_kind(question: str) -> str:
    """The kind of thing a list question asks for (哪些国家, 展会平台有哪些, 哪几家银行 -> 国家, 平台, 银行; the
    measure word is not the kind), '' when it names none."""
    m = re.search(r"(?:哪些|哪几(?:" + LIST_COUNTERS + r")?|什么)([\u4e00-\u9fff]{1,2})", question) or \
        re.search(r"([\u4e00-\u9fff]{2})(?:都|主要|具体|分别|一共|总共)?(?:有|是|包括|包含)(?:哪些|哪几个?|哪几类)", question)
    return m.group(1) if m else ""


def items_of_kind(run: Enumeration, kind: str) -> bool:
    """Each item names the kind asked though the run closes with none of it (甲研究院、乙研究中心 for 研究), or the
    last item closes with it as the head all items share (甲、乙、丙装备: 甲装备, 乙装备 …)."""
    if len(kind) < 2:
        return False
    last = run.items[-1] if run.items else ""
    return all(kind in it for it in run.items) or len(last) > len(kind) and last.endswith(kind)


def sentence_items(text: str, kind: str = "", words: tuple[str, ...] = ()) -> list[str]:
    """The items of a sentence's list: its quoted names, or the 、-run (one of several in a
    clause) of the kind asked for (哪些国家: the run closing 等…国), then of the clause sharing
    most of the question's `words` (建成 vs 开工 the same kind of thing), else the longest; or, for
    a sentence that introduces a list with a colon (主要目标是：A，B，C。), its clauses."""
    best: list[str] = []
    best_key = (False, 0, False, 0)
    for m in LIST_CLAUSE.finditer(text):
        names = quoted_names(m.group())
        runs = [Enumeration(names, "")] if len(names) >= 2 else enumerations(m.group())
        shared = sum(len(w) >= 2 and w in m.group() for w in words)
        for run in runs:
            # closing with the kind, then the question's words, then items each naming the kind, then length
            key = (bool(kind) and any(ch in run.kind for ch in kind), shared, items_of_kind(run, kind),
                   len(run.items))
            if key > best_key:
                best, best_key = run.items, key
    if "：" in text:
        clauses = [x.strip() for x in re.split(r"[，；]", text.split("：", 1)[1].rstrip("。；")) if x.strip()]
        if len(clauses) >= 3 and len(clauses) > len(best):
            return clauses
    parallel = parallel_clauses(text)
    return parallel if len(parallel) > len(best) else best


def parallel_clauses(text: str) -> list[str]:
    """The longest run of PARALLEL_RUN or more clauses in a row written in one frame: opening alike and holding the
    same words besides (在A上优先X，在B上优先Y，在C上优先Z), or opening with the same two characters (加快A，加快B，加快C).
    A list written as clauses, each an item."""
    return list(_parallel_run(text))


@lru_cache(maxsize=8192)  # a sentence's items are asked for again as candidates are ranked
def _parallel_run(text: str) -> tuple[str, ...]:
    shortest, longest = PARALLEL_CLAUSE_CHARS
    best: list[str] = []
    for sentence in re.split(r"[。！？]", text):  # a run within one sentence
        clauses = [x.strip() for x in re.split(r"[，；]", sentence)]
        for i in range(len(clauses)):
            for j in range(len(clauses), i + PARALLEL_RUN - 1, -1):
                run = clauses[i:j]
                if len(run) <= len(best) or not all(shortest <= len(x) <= longest for x in run):
                    continue
                if _one_frame(run):
                    best = run
                    break
    return tuple(best)


def _one_frame(run: list[str]) -> bool:
    """Opening with the same two characters, or with the same one and sharing two more characters after it."""
    prefix = len(os.path.commonprefix(run))
    if prefix >= 2:
        return True
    if prefix == 0:
        return False
    first = run[0][prefix:]
    return any(all(first[k : k + 2] in x[prefix:] for x in run[1:]) for k in range(len(first) - 1))


def next_with_items(c: Ctx, p: Passage, reach: int = 3) -> Passage | None:
    """The next sentence of p's section listing items, when p leads to a list (开展以下工作：, or opens with a short
    sentence without a comma); a full sentence of its own is not followed by its neighbour's list."""
    first = LEAD_SENTENCE.match(p.text)
    lead = first.group() if first else p.text  # a title-like line (专栏：X工程) has no full stop
    # a short sentence stating a figure (建成3个X试点) says something of its own: not a lead
    figure = any(m.group("num")[0].isdigit() and not m.group("ord") for m in NUMBER_UNIT.finditer(lead))
    if not (LEADS_IN.search(p.text) or len(compact(lead)) <= LEAD_SENTENCE_CHARS
            and not re.search(r"[，,；;]", lead) and not figure and not compact(p.text[len(lead):])):
        return None  # a lead that its own passage goes on to detail leads to nothing after it
    doc = c.look.doc_passages.get(p.doc_id, [])
    i = c.look.position.get(p.passage_id)
    if i is None:
        return None
    for q in doc[i + 1 : i + 1 + reach]:
        if q.section_path[: len(p.section_path)] != p.section_path:
            return None
        if q.section_kind not in ("heading", "headline") and len(sentence_items(q.text)) >= 2:
            return q
    return None
