"""The benchmark of scripts/benchmark.py, one module per concern:

    settings.py      every constant and default, with where its value comes from
    stats.py         percentiles, summaries, growth exponents, cost curves, machine load
    workers.py       fresh-process workers (`benchmark.py --worker NAME`), stage timing through the
                     package's public hook (assistant.timing) and an embedder wrapper
    stages.py        1-4: index build, cold start, per-question latency, memory
    faiss_search.py  5: flat vs HNSW on synthetic e5-like vectors
    scale.py         6: synthetic corpora of N times the plan, ratios and growth exponents
    report.py        report sections and the printed text

Nothing here patches the package: stages are timed through `assistant.timing.recording` (the
package marks its slow functions), the embedder handed to it, and public calls.
"""
