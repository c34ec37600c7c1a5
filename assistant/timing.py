"""Optional stage timing, for the benchmark (scripts/bench) only.

A few slow stages of the package are marked `@timed("name")`. While a recorder is installed with
`recording(callback)`, every call of a marked function reports `callback(name, seconds)`; without
one (always, outside the benchmark) a marked call costs one global read. Process-wide and not
thread-aware: it is for measuring one process, never read while serving. Stages nest (a corpus
fingerprint hashes files): a recorder that adds them up must subtract what it knows is inside.

Marked stages: index.py (parse documents, fingerprint corpus, sha256, build_index, load_index,
FAISS build/save/read/search; "parse documents" includes reading
the responsibility annotations), lexical.py (jieba dictionary, tokenise (jieba), BM25 build/read/
scoring), retrieval.py (retrieval scores, search), query.py and wording.py (OpenCC()).
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Recorder = Callable[[str, float], None]
F = TypeVar("F", bound=Callable[..., Any])

_recorder: Recorder | None = None


def timed(name: str) -> Callable[[F], F]:
    """Mark a function as the stage `name` (reported only while a recorder is installed)."""
    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            recorder = _recorder
            if recorder is None:
                return fn(*args, **kwargs)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                recorder(name, time.perf_counter() - start)
        return call  # type: ignore[return-value]
    return mark


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    """Report every marked stage to `recorder` inside the block."""
    global _recorder
    previous, _recorder = _recorder, recorder
    try:
        yield
    finally:
        _recorder = previous
