"""Optional stage timing, for the benchmark (scripts/bench) only.

A few slow stages of the package are marked `@timed("name")`. While a recorder is installed with
`recording(callback)`, every call of a marked function reports `callback(name, seconds, within)`,
`within` being the marked stages it ran inside (outermost first), so a recorder can tell the
hashing of the corpus fingerprint from the hashing of the index's artifacts. Without a recorder
(always, outside the benchmark) a marked call costs one global read. A caller can time a step of
its own in the same way with `stage(name)` (the benchmark does, around the embedder's calls).
It is for measuring one process, never read while serving.

Marked stages: index.py (parse documents, with the responsibility annotations; fingerprint
corpus; sha256; build_index; load_index; FAISS build/save/read/search), lexical.py (jieba
dictionary, tokenise (jieba), BM25 build/read/scoring), retrieval.py (retrieval scores, search),
query.py and wording.py (OpenCC()).
"""
from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Recorder = Callable[[str, float, tuple[str, ...]], None]
F = TypeVar("F", bound=Callable[..., Any])

_recorder: Recorder | None = None
_open = threading.local()  # the stages running in this thread, outermost first


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as the stage `name` (reported only while a recorder is installed)."""
    recorder = _recorder
    if recorder is None:
        yield
        return
    stack = _open.__dict__.setdefault("stack", [])
    within = tuple(stack)
    stack.append(name)
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        stack.pop()
        recorder(name, seconds, within)


def timed(name: str) -> Callable[[F], F]:
    """Mark a function as the stage `name`."""
    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            if _recorder is None:
                return fn(*args, **kwargs)
            with stage(name):
                return fn(*args, **kwargs)
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
