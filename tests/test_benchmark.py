"""The benchmark package (scripts/bench): its arithmetic, and its workers run in-process on the
fake embedder, so the stage names it reads from the package's timing hook are checked against the
package itself. Its figures are printed only when the script is run; nothing here times anything."""
from __future__ import annotations

import math

import pytest

from tests.conftest import CORPUS, load_script


@pytest.fixture(scope="module")
def bench():
    load_script("benchmark")  # puts scripts/ on sys.path, as running the script does
    import bench.faiss_search
    import bench.report
    import bench.scale
    import bench.stages
    import bench.stats

    return bench


def test_growth_exponent_reads_linear_and_quadratic(bench):
    growth_exponent = bench.stats.growth_exponent
    assert growth_exponent(10.0, 10.0) == pytest.approx(1.0)
    assert growth_exponent(100.0, 10.0) == pytest.approx(2.0)
    assert growth_exponent(10.0, 1.0) is None  # no growth in size: no exponent


def test_cost_curve_interpolates_and_extrapolates_proportionally(bench):
    cost_at, n_at_cost = bench.stats.cost_at, bench.stats.n_at_cost
    flat = [(10_000, 5.0), (100_000, 35.0), (300_000, 107.0)]
    assert cost_at(flat, 200_000) == pytest.approx(71.0)
    assert cost_at(flat, 600_000) == pytest.approx(214.0)
    assert n_at_cost(flat, 71.0) == pytest.approx(200_000)
    assert n_at_cost(flat, 214.0) == pytest.approx(600_000)
    assert n_at_cost(flat, 2.5) == pytest.approx(5_000)
    assert bench.stats.p95(list(range(1, 21))) == 19  # nearest rank: an observed value
    assert bench.stats.round_n(523_456) == 500_000


def test_scale_step_flags_the_stage_that_grows_faster_than_the_corpus(bench):
    def row(factor, vectors, build_s, faiss_s, compose_ms):
        return {"factor": factor, "embedder": "hashing", "vectors": vectors, "build_s": build_s,
                "index_bytes": vectors * 2000,
                "build_peak_rss_mb": 300.0, "load_index_s": 5.0, "open_s": 5.5, "cold_start_s": 7.0,
                "serve_peak_rss_mb": 200.0, "search": {"p50_ms": 30.0, "p95_ms": 40.0},
                "ask": {"p50_ms": 35.0, "p95_ms": 50.0},
                "build_stages_s": {"FAISS build": faiss_s, "tokenise (jieba)": build_s / 4},
                "stage_mean_ms": {"answer composition": compose_ms, "  of which OpenCC() construction": 0.0}}

    small, big = row(100, 28_100, 40.0, 0.3, 8.0), row(1000, 281_000, 400.0, 30.0, 800.0)
    ratios, exponents = bench.scale.scale_ratios(big, small, stages=True)
    assert ratios["build_s"] == pytest.approx(10.0) and exponents["build_s"] == pytest.approx(1.0)
    assert exponents["build: FAISS build"] == pytest.approx(2.0)
    assert exponents["ask: answer composition"] == pytest.approx(2.0)
    assert not any("OpenCC" in k for k in exponents)
    assert math.isclose(exponents["search_p50_ms"], 0.0, abs_tol=1e-9)
    assert not bench.scale.negligible("build: FAISS build", big) and bench.scale.negligible("build: FAISS build", small)
    rows = [small, big]
    bench.scale.add_ratios(rows)
    flagged = bench.scale.superlinear(rows)
    assert any("FAISS build" in f for f in flagged) and any("answer composition" in f for f in flagged)
    assert not any("build_s" in f for f in flagged)  # linear growth is not flagged


def test_timing_hook_reports_only_while_recording(fake_embedder, tmp_path):
    from assistant import timing
    from assistant.index import build_index, corpus_fingerprint

    seen: list[tuple[str, tuple[str, ...]]] = []
    with timing.recording(lambda name, seconds, within: seen.append((name, within))):
        build_index(CORPUS, tmp_path / "index", fake_embedder, progress=False)
    names = [name for name, _ in seen]
    assert {"parse documents", "fingerprint corpus", "tokenise (jieba)", "BM25 build", "FAISS build",
            "FAISS save", "build_index"} <= set(names)
    assert seen[-1] == ("build_index", ())  # the outermost ends last
    assert ("fingerprint corpus", ("build_index",)) in seen
    hashing = {within for name, within in seen if name == "sha256"}
    assert hashing == {("build_index", "fingerprint corpus"), ("build_index",)}  # corpus files; artifacts
    count = len(seen)
    assert corpus_fingerprint(CORPUS)  # a marked stage, after the block: reported to no one
    assert len(seen) == count and timing._recorder is None


@pytest.fixture(scope="module")
def built(bench, tmp_path_factory):
    index = tmp_path_factory.mktemp("bench-index")
    return bench.stages.w_build({"corpus": str(CORPUS), "index": str(index), "embedder": "hashing"}), index


def test_build_worker_times_every_stage_through_the_hook(built):
    result, _ = built
    stages = result["stages_s"]
    for name in ("parse documents", "fingerprint corpus", "jieba dictionary", "tokenise (jieba)", "BM25 build",
                 "embed passages", "FAISS build", "FAISS save", "artifact checksums", "write artifacts, other"):
        assert stages.get(name, -1) >= 0, name
    assert "sha256" not in stages and "build_index" not in stages  # nested or whole: not stages of their own
    assert sum(stages.values()) == pytest.approx(result["build_index_s"])
    assert result["vectors"] > result["passages"] > 0 and result["vectors_per_s"] > 0
    assert result["faiss_index"] == "IndexFlatIP" and result["index_bytes"] > 0


def test_serve_worker_splits_each_answer_into_its_stages(bench, built):
    _, index = built
    questions = [{"id": "a", "type": "", "question": "目标是多少？"},
                 {"id": "b", "type": "", "question": "由哪个部门负责？"}]
    import time

    result = bench.stages.w_serve({"corpus": str(CORPUS), "index": str(index), "embedder": "hashing",
                                   "questions": questions, "repeat": 2, "baseline": False, "t0_wall": time.time()})
    from assistant import timing

    assert timing._recorder is None  # the worker's recording ended with it
    open_stages = result["open_stages_s"]
    assert {"load_index", "  jieba dictionary", "  FAISS read", "  BM25 read", "stale check (hash corpus)",
            "  verify artifact checksums", "other (embedder, tables, retriever, answerer)"} <= set(open_stages)
    assert all(v >= 0 for v in open_stages.values()) and "REBUILD" not in open_stages
    assert result["repeats"] == 2
    for q in questions:
        rows = result["per_question"][q["id"]]
        assert len(rows["ask"]) == len(rows["stages"]) == len(rows["search"]) == 2
        for split, ask_s in zip(rows["stages"], rows["ask"]):
            assert split["query embedding"] > 0 and split["FAISS search"] > 0 and split["BM25 scoring"] > 0
            assert split["BM25 tokenise (jieba)"] > 0 and split["fusion + hits"] >= 0
            parts = sum(v for k, v in split.items() if not k.startswith(" "))
            assert parts == pytest.approx(ask_s)  # the split adds up to the answer's time


def test_report_renders_a_build_section_and_memory(bench, built):
    result, _ = built
    load = {"loadavg": [1.0, 1.0, 1.0], "cpu_pressure_avg10": None}
    report = {"meta": {"started": "now", "python": "3.11", "cores": 2, "env": {}, "corpus": "c", "questions": "q",
                       "n_questions": 0, "repeat": 1, "json": "/tmp/x.json", "wall_s": 1.0},
              "build": {"result": result, "load_start": load, "load_end": load, "wall_s": 1.0},
              "memory": {"rows": {"build (real model, 1x)": 123.0}}}
    text = bench.report.render(report)
    assert "1. INDEX BUILD" in text and "embed passages" in text and "write artifacts, other" in text
    assert "123" in text and "5. FAISS FLAT vs HNSW" in text  # sections not run are still headed
