"""Section 6: synthetic corpora of N times the plan's passages, built and served like the real one;
ratios against 1x with the same embedder and growth exponents between successive sizes."""
from __future__ import annotations

import json
import math
import random
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from .settings import (E5_DIM, NEGLIGIBLE_ASK_MS, NEGLIGIBLE_BUILD_SHARE, REAL_SCALE_MARGIN,
                       SUPERLINEAR_EXPONENT, SYNTH_FIGURE_SHIFT_MOD)
from .stages import measure_build
from .stats import dir_size, growth_exponent, mb, summary_ms
from .workers import run_worker, worker

_CN_DIGITS = "零一二三四五六七八九"
SCALE_TOTALS = ("build_s", "index_bytes", "build_peak_rss_mb", "load_index_s", "open_s", "cold_start_s",
                "serve_peak_rss_mb")


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
        shift = k % SYNTH_FIGURE_SHIFT_MOD

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


def scale_row(factor: int, embedder: str, build: dict, served: dict, note: str = "") -> dict:
    """One measured size: the build worker's and the serving worker's figures side by side."""
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


def projected_build_s(factor: int, previous: dict, faiss_result: dict | None, threshold: int) -> float:
    """The previous build's size-dependent stages scaled linearly (its fixed costs, imports and the
    jieba dictionary, kept), plus an HNSW build past HNSW_THRESHOLD, estimated from section 5's
    largest HNSW build (n log n)."""
    vectors = previous["vectors"] * factor / previous["factor"]
    fixed = previous["build_import_s"] + previous["build_stages_s"].get("jieba dictionary", 0.0)
    estimate = fixed + (previous["build_s"] - fixed) * factor / previous["factor"]
    built = [r for r in (faiss_result or {}).get("rows", []) if "hnsw_build_s" in r]
    if vectors >= threshold and built:
        n, t = built[-1]["n"], built[-1]["hnsw_build_s"]
        estimate += t * (vectors / n) * math.log(vectors) / math.log(n)
    return estimate


def measure_scale(args, workdir: Path, questions: list[dict], base_real: dict | None,
                  real_serve: dict | None, faiss_result: dict | None, threshold: int) -> dict:
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

    def serve(corpus: Path, index: str, embedder: str) -> dict:
        return run_worker("serve", {"corpus": str(corpus), "index": index, "embedder": embedder,
                                    "questions": questions, "repeat": args.scale_repeat, "baseline": False,
                                    "budget_s": args.scale_serve_budget})

    embedders = ["hashing"] + (["real"] if base_real is not None else [])
    for embedder in embedders:
        previous = None
        for factor in args.scale:
            if embedder == "hashing" and previous is not None:
                projected = projected_build_s(factor, previous, faiss_result, threshold)
                if projected > args.scale_budget:
                    rows.append({"factor": factor, "embedder": embedder, "skipped":
                                 f"projected build {projected / 60:.0f} min from the {previous['factor']}x build "
                                 f"(over the --scale-budget of {args.scale_budget / 60:.0f} min)"})
                    continue
            if embedder == "real":
                if factor == 1 and real_serve is not None:
                    rows.append(scale_row(1, "real", base_real, real_serve, "sections 1-3"))
                    continue
                projected = base_real["model_load_s"] + base_real["stages_s"]["embed passages"] * factor * REAL_SCALE_MARGIN
                if args.real_scale == "never" or (args.real_scale == "auto" and projected > args.real_budget):
                    why = ("--real-scale never" if args.real_scale == "never" else
                           f"over the --real-budget of {args.real_budget / 60:.0f} min")
                    rows.append({"factor": factor, "embedder": "real", "skipped":
                                 f"projected real-model build {projected / 60:.0f} min at the measured "
                                 f"{base_real['vectors_per_s']:.1f} vectors/s ({why}); the hashing row stands in"})
                    continue
            tag = f"{embedder}-{factor}x"
            print(f"  {tag}: build ...", file=sys.stderr)
            build = measure_build(corpus(factor), workdir, embedder, tag)
            print(f"  {tag}: built in {build['total_s']:.0f} s; serve ...", file=sys.stderr)
            served = serve(corpus(factor), build["index_dir"], embedder)
            rows.append(scale_row(factor, embedder, build, served))
            previous = rows[-1]
            if factor != 1:
                shutil.rmtree(build["index_dir"], ignore_errors=True)
    add_ratios(rows)
    return {"rows": rows, "wall_s": time.perf_counter() - t_start}


def add_ratios(rows: list[dict]) -> None:
    """Per embedder: each measured size against 1x (ratios, exponents) and against the next smaller
    size (`step`: where a cost grows faster than the corpus)."""
    measured: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if "skipped" not in r:
            measured[r["embedder"]].append(r)
    for same in measured.values():
        base = same[0] if same[0]["factor"] == 1 else None
        for prev, r in zip(same, same[1:]):
            if base is not None:  # against 1x: fixed costs (imports, the jieba dictionary) dominate there
                r["ratios"], r["exponents"] = scale_ratios(r, base)
            _, step = scale_ratios(r, prev, stages=True)
            r["step"] = {"from": prev["factor"], "exponents": step}


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


def negligible(key: str, row: dict) -> bool:
    """A stage too small at the larger size to matter (under 1 % of the build, or under 1 ms an ask)."""
    if key.startswith("build: "):
        return row["build_stages_s"].get(key[7:], 0.0) < NEGLIGIBLE_BUILD_SHARE * row["build_s"]
    if key.startswith("ask: "):
        return next((v for k, v in row["stage_mean_ms"].items() if k.strip() == key[5:]), 0.0) < NEGLIGIBLE_ASK_MS
    return False


def superlinear(rows: list[dict]) -> list[str]:
    """Totals and stages whose cost grew faster than the corpus between successive sizes."""
    return [f"{r['step']['from']}x->{r['factor']}x {r['embedder']} {k} (e={e:.2f})"
            for r in rows if "step" in r for k, e in r["step"]["exponents"].items()
            if e is not None and e > SUPERLINEAR_EXPONENT and not negligible(k, r)]


SCALED_EMBEDDER_LABEL = f"hashing-{E5_DIM}"
