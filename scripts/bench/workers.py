"""Fresh-process workers and the timing they use.

A measurement that needs a clean process runs `python scripts/benchmark.py --worker NAME --args
JSON` (run_worker); the worker prints one result line that the parent reads back, so each
peak-memory figure is that process's own ru_maxrss and no process pays for another's imports.

Stages inside the package are timed through its public hook, `assistant.timing.recording`, with a
StageTimes as the recorder; the embedder's calls through TimedEmbedder, the embedder handed to
the package. Nothing is patched.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .settings import E5_DIM, ENTRY, PROJECT_ROOT, RESULT_MARK, WORKER_TIMEOUT_S

WORKERS: dict[str, Callable[[dict], dict]] = {}


def worker(fn: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """Register `w_name` as the worker `name`."""
    WORKERS[fn.__name__.removeprefix("w_")] = fn
    return fn


def run_worker(name: str, args: dict, env: dict[str, str] | None = None,
               timeout: float = WORKER_TIMEOUT_S) -> dict:
    """Run `--worker name` in a fresh interpreter; return its JSON result (plus the parent's view)."""
    args = {**args, "t0_wall": time.time()}
    cmd = [sys.executable, str(ENTRY), "--worker", name, "--args", json.dumps(args)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"worker {name} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads(lines[-1][len(RESULT_MARK):])
    result["process_wall_s"] = wall
    return result


def serve_worker(name: str, args_json: str) -> None:
    """The worker side: run it and print its result line."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    result = WORKERS[name](json.loads(args_json))
    print(RESULT_MARK + json.dumps(result, ensure_ascii=False, default=str), flush=True)


class StageTimes:
    """The recorder for assistant.timing.recording: seconds per stage name summed over calls
    (`seconds`), and per (enclosing stage, name) (`within`; "" = at the top), so a stage that runs
    both inside another and on its own (sha256) is told apart."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.within: dict[tuple[str, str], float] = defaultdict(float)

    def __call__(self, name: str, seconds: float, within: tuple[str, ...] = ()) -> None:
        self.seconds[name] += seconds
        self.within[(within[-1] if within else "", name)] += seconds

    def inside(self, parent: str) -> dict[str, float]:
        """The stages that ran directly inside `parent` ("" = at the top), in the order first seen."""
        return {name: s for (p, name), s in self.within.items() if p == parent}

    def reset(self) -> None:
        self.seconds.clear()
        self.within.clear()

    def snapshot(self) -> dict[str, float]:
        return dict(self.seconds)


class TimedEmbedder:
    """An embedder that passes every call to `inner`, timing embed_passages ("embed passages") and
    embed_query ("query embedding") as stages of their own (assistant.timing.stage, so they are
    placed inside the stage that called them). The package takes any embedder, so this one is
    handed to it like any other."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_id = inner.model_id

    def embed_passages(self, texts: list[str], progress: bool = False):
        from assistant.timing import stage

        with stage("embed passages"):
            return self.inner.embed_passages(texts, progress=progress)

    def embed_query(self, text: str):
        from assistant.timing import stage

        with stage("query embedding"):
            return self.inner.embed_query(text)

    def __getattr__(self, name: str) -> Any:  # anything else (dim, st, …) is the inner embedder's
        return getattr(self.inner, name)


def make_embedder(kind: str):
    """'real' = the project's default model (load_embedder()); 'hashing' = the fast fake, at e5's width."""
    from assistant.embedding import HashingEmbedder, load_embedder

    return load_embedder() if kind == "real" else HashingEmbedder(E5_DIM)
