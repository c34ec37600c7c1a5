"""The benchmark script's arithmetic (its measurements run only when the script is run)."""
from __future__ import annotations

import math

import pytest

from tests.conftest import load_script


@pytest.fixture(scope="module")
def bench():
    return load_script("benchmark")


def test_growth_exponent_reads_linear_and_quadratic(bench):
    assert bench.growth_exponent(10.0, 10.0) == pytest.approx(1.0)
    assert bench.growth_exponent(100.0, 10.0) == pytest.approx(2.0)
    assert bench.growth_exponent(10.0, 1.0) is None  # no growth in size: no exponent


def test_cost_curve_interpolates_and_extrapolates_proportionally(bench):
    flat = [(10_000, 5.0), (100_000, 35.0), (300_000, 107.0)]
    assert bench.cost_at(flat, 200_000) == pytest.approx(71.0)
    assert bench.cost_at(flat, 600_000) == pytest.approx(214.0)
    assert bench.n_at_cost(flat, 71.0) == pytest.approx(200_000)
    assert bench.n_at_cost(flat, 214.0) == pytest.approx(600_000)
    assert bench.n_at_cost(flat, 2.5) == pytest.approx(5_000)


def test_scale_step_flags_the_stage_that_grows_faster_than_the_corpus(bench):
    def row(factor, vectors, build_s, faiss_s, compose_ms):
        return {"factor": factor, "vectors": vectors, "build_s": build_s, "index_bytes": vectors * 2000,
                "build_peak_rss_mb": 300.0, "load_index_s": 5.0, "open_s": 5.5, "cold_start_s": 7.0,
                "serve_peak_rss_mb": 200.0, "search": {"p50_ms": 30.0, "p95_ms": 40.0},
                "ask": {"p50_ms": 35.0, "p95_ms": 50.0},
                "build_stages_s": {"FAISS build": faiss_s, "tokenise (jieba)": build_s / 4},
                "stage_mean_ms": {"answer composition": compose_ms, "  of which OpenCC() construction": 0.0}}

    small, big = row(100, 28_100, 40.0, 0.3, 8.0), row(1000, 281_000, 400.0, 30.0, 800.0)
    ratios, exponents = bench.scale_ratios(big, small, stages=True)
    assert ratios["build_s"] == pytest.approx(10.0) and exponents["build_s"] == pytest.approx(1.0)
    assert exponents["build: FAISS build"] == pytest.approx(2.0)
    assert exponents["ask: answer composition"] == pytest.approx(2.0)
    assert not any("OpenCC" in k for k in exponents)
    assert math.isclose(exponents["search_p50_ms"], 0.0, abs_tol=1e-9)
    assert not bench._negligible("build: FAISS build", big) and bench._negligible("build: FAISS build", small)
