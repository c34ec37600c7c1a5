"""Lexical side of search: jieba tokens that keep the plan's own terms, BM25 via bm25s.

The user dictionary is built from the corpus itself (headings, quoted terms such
as “最多跑一次”, short items of 、-lists), so the plan's terms are not split
apart. Tokens are jieba's search-mode words plus character bigrams, so a typo
(整只 for 整治) or an unusual segmentation still shares tokens with the text.
Chinese is never dropped: every CJK character survives in some token.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .records import Passage
from .timing import timed

_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,16})[”」』\"]")
_LIST_ITEM = re.compile(r"(?<=[、，；：。“])([\u4e00-\u9fff]{3,8})(?=[、”])")
# A heading's object after its leading verb (聚焦营商环境优化 -> 营商环境优化).
_HEADING_OBJECT = re.compile(r"^[\u4e00-\u9fff]{2}([\u4e00-\u9fff]{4,14})$")
# A run of letters and digits holding a letter is one code (5G, 3A, B2B), not a number and a stray letter.
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|\d+(?:\.\d+)?%?")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
# Function words that match everywhere and carry no topic.
STOPWORDS = frozenset("的 了 和 与 及 等 是 在 对 将 把 被 为 以 之 其 或 并 也 而 就 都 要 有 个 什么 哪些 哪个 多少 几个 怎么 如何 吗 呢 啊 吧 今年 今年度".split())


def corpus_terms(passages: Iterable[Passage]) -> set[str]:
    """Terms the plan itself marks as units: headings, quoted terms, short list items."""
    terms: set[str] = set()
    for p in passages:
        if p.section_kind == "heading":
            title = re.sub(r"[“”\"\s]", "", p.text)
            terms.add(title)
            terms.update(_HEADING_OBJECT.findall(title))
        terms.update(_QUOTED.findall(p.text))
        terms.update(_LIST_ITEM.findall(p.text))
    return {t for t in terms if 2 <= len(t) <= 16}


@timed("jieba dictionary")
def fresh_jieba():
    """A jieba tokenizer of its own (corpus words added to it stay out of others), made by
    copying the process's loaded dictionary: loading jieba's dictionary is its slow part."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    return tk


class Tokenizer:
    """jieba (own instance, so the global dictionary is untouched) + the corpus terms."""

    def __init__(self, terms: Iterable[str] = ()):
        self._jieba = fresh_jieba()
        self.terms = sorted(set(terms))
        for term in self.terms:
            self._jieba.add_word(term, freq=2000)

    def words(self, text: str) -> list[str]:
        """Plain segmentation (no sub-words, no bigrams): the units a question is made of."""
        out: list[str] = []
        for run in _TOKEN.findall(text.lower()):
            # No HMM: an unknown pair of characters stays apart instead of gluing onto a frame word.
            out.extend(w for w in self._jieba.lcut(run, HMM=False) if w.strip()) if run[0] >= "\u3400" \
                else out.append(run)
        return out

    @timed("tokenise (jieba)")
    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for run in _TOKEN.findall(text.lower()):
            if run[0] >= "\u3400":
                words = [w for w in self._jieba.cut_for_search(run) if w.strip()]
                out.extend(w for w in words if w not in STOPWORDS)
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
                if len(run) == 1 and run not in STOPWORDS:
                    out.append(run)
            else:
                out.append(run)
        return [t for t in out if not _PUNCT_ONLY.match(t)]


class BM25Index:
    """bm25s over pre-tokenised passages; scores for all passages at once."""

    def __init__(self, retriever, vocab: dict[str, int]):
        self._bm25 = retriever
        self._vocab = vocab

    @classmethod
    @timed("BM25 build")
    def build(cls, token_lists: list[list[str]]) -> "BM25Index":
        import bm25s

        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in token_lists]
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        return cls(retriever, vocab)

    @timed("BM25 scoring")
    def scores(self, tokens: list[str]) -> np.ndarray:
        ids = [self._vocab[t] for t in tokens if t in self._vocab]
        if not ids:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._bm25.get_scores(ids), dtype=np.float32)

    def save(self, directory: Path) -> None:
        import json

        self._bm25.save(str(directory))
        (directory / "vocab.json").write_text(json.dumps(self._vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    @timed("BM25 read")
    def load(cls, directory: Path) -> "BM25Index":
        import json

        import bm25s

        retriever = bm25s.BM25.load(str(directory))
        vocab = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        return cls(retriever, vocab)
