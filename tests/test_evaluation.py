"""The evaluation harness and the calibration of the answer-or-refuse thresholds.

Calibration is tested on synthetic samples (signals made up here, so the right answer is known);
the harness on synthetic question sets over the project's corpus with the fake embedder, and
on ../shared/eval when it is there (skipped otherwise)."""
from __future__ import annotations

import json
import math
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from assistant.decisions import (DEFAULT_THRESHOLDS, MAX_CANDIDATES, Sample, Thresholds, _candidates, calibrate, gate,
                                 held_out, leave_one_plan_out, objective, plan_scores, thresholds_source)
from assistant.evaluation import (judge, match_plan, owner_honest, plan_corpus, resolve_sets, score_outcomes,
                                  unit_mentions)

from .conftest import CORPUS, SEED_PLAN, SHARED, needs_shared


# --------------------------------------------------------------------------- calibration

def _plan(name: str, answerable: list[float], unanswerable: list[float]) -> list[Sample]:
    """A plan's samples: answerable questions right when answered, the others right when refused."""
    return ([Sample(name, True, {"coverage": c, "dense_contrast": 0.9}, True, False) for c in answerable]
            + [Sample(name, False, {"coverage": c, "dense_contrast": 0.9}, False, True) for c in unanswerable])


def test_calibrate_finds_the_gap_between_answerable_and_not():
    samples = _plan("a", [0.5, 0.6, 0.9], [0.0, 0.1]) + _plan("b", [0.45, 0.8], [0.2, 0.15])
    t = calibrate(samples, Thresholds(min_coverage=0.9))
    assert 0.2 < t.min_coverage < 0.45
    assert objective(samples, t) == pytest.approx(2.0)  # both plans perfect
    assert all(v == (1.0, 1.0) for v in plan_scores(samples, t).values())


def test_calibrate_takes_the_middle_of_the_widest_good_range():
    samples = _plan("a", [0.8], [0.1]) + _plan("b", [0.9], [0.2])
    t = calibrate(samples, Thresholds(min_coverage=0.0))
    # every value between 0.2 and 0.8 is perfect: the chosen one is near the middle, not at an edge
    assert 0.35 <= t.min_coverage <= 0.65


def test_plans_weigh_equally_however_many_questions_they_have():
    # "big" has 40 answerable questions at 0.30; "small" needs a threshold above 0.35 to refuse its
    # one unanswerable question. Per plan: refusing costs big 40/41 of its answer accuracy but gains
    # big nothing and small a whole refusal accuracy (1.0): mean over plans 1.512 against 1.5.
    big = _plan("big", [0.30] * 40 + [0.9], [0.0])
    small = _plan("small", [0.9], [0.35])
    t = calibrate(big + small, Thresholds(min_coverage=0.0))
    assert 0.35 < t.min_coverage < 0.9
    assert plan_scores(big + small, t)["small"] == (1.0, 1.0)
    # pooled over questions the 40 answers would win; per plan, a plan's size changes nothing
    assert calibrate(big + small * 20, Thresholds(min_coverage=0.0)) == t
    assert objective(big + small * 20, t) == pytest.approx(objective(big + small, t))


def test_calibrating_over_thousands_of_questions_tries_quantiles_of_their_values():
    """Past MAX_CANDIDATES distinct values a field tries evenly spaced ones among them, the extremes kept, and
    still finds the gap between answerable questions and the others."""
    values = [i / 5000 for i in range(5000)]
    cands = _candidates(values, 0.5)
    assert len(cands) <= MAX_CANDIDATES + 1 and cands[0] < values[0] and cands[-1] > values[-1]
    assert _candidates(values[:50], 0.5) == sorted(set(_candidates(values[:50], 0.5)))
    assert len(_candidates(values[:50], 0.5)) == 51  # fewer values: every midpoint, one below, one above
    samples = _plan("a", [0.45 + i / 4000 for i in range(2000)], [i / 4000 for i in range(1200)]) + \
        _plan("b", [0.5 + i / 5000 for i in range(1500)], [0.1 + i / 5000 for i in range(1000)])
    t = calibrate(samples, Thresholds(min_coverage=0.0))
    assert 0.3 < t.min_coverage < 0.45 and objective(samples, t) == pytest.approx(2.0)


def test_fields_sharing_a_signal_and_english_questions_are_calibrated():
    samples = [
        Sample("a", True, {"coverage": None, "dense_contrast": 0.82}, True, False),
        Sample("a", False, {"coverage": None, "dense_contrast": 0.70}, False, True),
        Sample("a", True, {"coverage": 0.5, "composed": "answered"}, True, False),
        Sample("a", False, {"coverage": 0.1}, False, True),
        Sample("b", True, {"coverage": None, "dense_contrast": 0.85}, True, False),
        Sample("b", False, {"coverage": None, "dense_contrast": 0.78}, False, True),
        Sample("b", True, {"coverage": 0.6, "composed": "no_figure"}, True, False),  # needs the quote
        Sample("b", False, {"coverage": 0.35, "composed": "no_figure"}, False, True),
    ]
    t = calibrate(samples, Thresholds(min_coverage=0.0, min_dense_contrast=0.0, min_coverage_no_figure=0.0))
    assert 0.78 < t.min_dense_contrast < 0.82
    assert 0.1 < t.min_coverage <= 0.5
    assert 0.35 < t.min_coverage_no_figure < 0.6 or 0.35 < t.min_coverage < 0.6
    assert objective(samples, t) == pytest.approx(2.0)


def test_ungated_samples_do_not_move_thresholds():
    # an other-year refusal, or an answer recorded without signals, is right or wrong whatever t is
    samples = _plan("a", [0.6], [0.1]) + [Sample("a", False, {}, True, True, gated=False),
                                           Sample("a", True, {"coverage": 0.0}, False, False, gated=False)]
    t = calibrate(samples, Thresholds(min_coverage=0.9))
    assert 0.1 < t.min_coverage < 0.6
    assert plan_scores(samples, t)["a"] == (0.5, 1.0)


def test_leave_one_plan_out_never_sees_the_plan_it_scores():
    a = _plan("a", [0.5], [0.1])
    b = _plan("b", [0.9], [0.7])  # b alone would put the threshold between 0.7 and 0.9
    c = _plan("c", [0.6], [0.2])
    lopo = leave_one_plan_out(a + b + c, Thresholds(min_coverage=0.0))
    assert lopo["b"].min_coverage < 0.5  # calibrated on a and c only: b's refusal at 0.7 is lost
    assert plan_scores(b, lopo["b"])["b"] == (1.0, 0.0)
    assert calibrate(a + b + c, Thresholds(min_coverage=0.0)) != lopo["b"]


def test_leave_one_plan_out_leaves_out_every_set_about_the_same_plan():
    """Two question sets about one plan document (the shared set and a written one) are one plan: scoring
    either, the calibration sees neither (the other set would pull the cut to where this plan's questions lie)."""
    def about(doc, samples):
        return [replace(s, document=doc) for s in samples]
    others = about("a.txt", _plan("a", [0.8], [0.1])) + about("c.txt", _plan("c", [0.85], [0.2]))
    b_shared = about("b.txt", _plan("b", [0.3], [0.25]))
    b_written = about("b.txt", _plan("b2", [0.35], [0.28]))
    samples = others + b_shared + b_written
    assert held_out(samples, "b") == held_out(samples, "b2") == others
    lopo = leave_one_plan_out(samples, Thresholds(min_coverage=0.0))
    assert lopo["b"].min_coverage > 0.35 and lopo["b2"].min_coverage > 0.35  # a and c alone: a cut near 0.5
    assert calibrate(others + b_written, Thresholds(min_coverage=0.0)).min_coverage < 0.35  # what b2 would do


def test_permissive_thresholds_pass_every_signal_and_the_source_can_be_pasted():
    p = Thresholds.permissive()
    assert all(math.isinf(v) for v in p.to_dict().values())
    assert gate({"coverage": 0.0, "dense_contrast": 0.0, "composed": "no_figure"}, p)
    src = thresholds_source(Thresholds(min_coverage=0.25), "test plans")
    ns: dict = {"Thresholds": Thresholds}
    exec(src, ns)
    assert ns["DEFAULT_THRESHOLDS"].min_coverage == 0.25 and "test plans" in src


def test_calibrate_leaves_fixed_thresholds_where_they_were_chosen():
    """A field marked FIXED (chosen over more questions than a calibration sees) is not moved, even where moving it
    would score better on the samples at hand; the other fields still are."""
    answerable = [Sample("a", True, {"coverage": 0.5, "clause_coverage": 0.1, "dense_contrast": 0.9}, True, False)]
    absent = [Sample("a", False, {"coverage": 0.1, "clause_coverage": 0.6, "dense_contrast": 0.9}, False, True)]
    base = Thresholds(min_coverage=0.0, min_clause_coverage=0.35, min_dense_contrast_scattered=0.92)
    t = calibrate(answerable + absent, base)
    assert t.min_clause_coverage == 0.35 and t.min_dense_contrast_scattered == 0.92
    assert 0.1 < t.min_coverage < 0.5
    assert objective(answerable + absent, t) < 2.0  # the fixed pair refuses the answerable one here


def test_a_topic_no_clause_holds_is_refused_unless_meaning_stands_out():
    """clause_coverage below its minimum refuses only together with a dense_contrast below its own; either signal
    alone leaves the coverage decision standing (and a question without the signal is not affected)."""
    t = Thresholds(min_coverage=0.3, min_clause_coverage=0.35, min_dense_contrast_scattered=0.92)
    base = {"coverage": 0.5}
    assert not gate({**base, "clause_coverage": 0.2, "dense_contrast": 0.9}, t)
    assert gate({**base, "clause_coverage": 0.2, "dense_contrast": 0.93}, t)  # close in meaning: a paraphrase
    assert gate({**base, "clause_coverage": 0.4, "dense_contrast": 0.9}, t)
    assert gate({**base, "dense_contrast": 0.9}, t)
    assert gate({**base, "clause_coverage": 0.0, "dense_contrast": 0.0}, Thresholds.permissive())


def test_a_passage_no_closer_for_the_words_the_plan_never_writes_is_not_about_them():
    """unwritten_meaning below its minimum refuses, unless the passage's meaning stands out (dense_contrast): the
    cited passage owes none of its closeness to the topic words the plan lacks. Above it (a paraphrase whose
    everyday word brings the passage closer) the coverage decision stands, as it does for a question without the
    signal (every word written, or not a content answer)."""
    t = Thresholds(min_coverage=0.3, min_unwritten_meaning=-0.012, min_dense_contrast_unwritten=0.95)
    base = {"coverage": 0.5, "dense_contrast": 0.93}
    assert not gate({**base, "unwritten_meaning": -0.02}, t)
    assert gate({**base, "unwritten_meaning": -0.02, "dense_contrast": 0.97}, t)  # the passage stands out in meaning
    assert gate({**base, "unwritten_meaning": 0.004}, t)
    assert gate(base, t)
    assert not gate({"coverage": 0.1, "unwritten_meaning": 0.05}, t)  # closeness never makes up for missing words
    assert gate({**base, "unwritten_meaning": -1.0}, Thresholds.permissive())


def test_words_the_plan_never_writes_that_add_nothing_leave_the_written_words_to_hold_the_topic():
    """unwritten_meaning below 0 but above its minimum: the passage is no closer for the missing words, so the words
    the plan writes must hold min_coverage_unwritten of the topic by themselves; a little closer (above 0), or a
    passage standing out in meaning, and the plain coverage decision stands."""
    t = Thresholds(min_coverage=0.3, min_unwritten_meaning=-0.012, min_dense_contrast_unwritten=0.95,
                   min_coverage_unwritten=0.36)
    thin = {"coverage": 0.33, "dense_contrast": 0.93}
    assert not gate({**thin, "unwritten_meaning": -0.004}, t)
    assert gate({**thin, "unwritten_meaning": 0.002}, t)  # the missing words bring the passage closer: a paraphrase
    assert gate({**thin, "unwritten_meaning": -0.004, "dense_contrast": 0.96}, t)
    assert gate({**thin, "coverage": 0.45, "unwritten_meaning": -0.004}, t)  # the written words hold the topic
    assert gate({**thin, "unwritten_meaning": -0.004}, Thresholds.permissive())


# --------------------------------------------------------------------------- judging answers

def _answer(status="answered", text="", cited=(), owners=(), sections=()):
    return {"status": status, "found": status == "answered", "answer": text, "owners": list(owners),
            "citations": [{"text": t, "section": s} for t, s in zip(cited, list(sections) + [""] * len(cited))]}


ROW = {"id": "x", "question": "甲项工作的目标是什么", "type": "target", "gold_quotes": ["到年底完成 10个"],
       "answer_must_contain": ["10个"], "expect_status": "answered"}


def test_judge_answer_accuracy_and_cited_gold():
    good = judge(ROW, _answer(text="目标：到年底完成10个", cited=["其他句子。", "甲项工作到年底完成10个。"]))
    assert good.answer_ok and good.cited_hit and good.status_ok and good.ok
    missing = judge(ROW, _answer(text="目标：见原文", cited=["甲项工作到年底完成10个。"]))
    assert missing.answer_ok is False and missing.cited_hit
    refused = judge(ROW, _answer("not_found", "计划中没有找到"))
    assert refused.answered is False and refused.cited_hit is False and not refused.status_ok


def test_judge_refusals_and_no_figure_needs_the_quote():
    no_fig = {**ROW, "expect_status": "no_figure", "answer_must_contain": []}
    assert judge(no_fig, _answer("no_figure", "没有写明数字", cited=["甲项工作到年底完成10个。"])).refusal_ok
    assert not judge(no_fig, _answer("not_found", "没有找到")).refusal_ok  # the measure must be quoted
    assert not judge(no_fig, _answer("answered", "10个", cited=["甲项工作到年底完成10个。"])).refusal_ok
    other = {**ROW, "expect_status": "other_year", "gold_quotes": []}
    o = judge(other, _answer("not_found", "计划只涉及2023年"))
    assert o.refusal_ok and not o.status_ok and o.cited_hit is None


def test_unit_mentions_read_names_not_frame_words():
    assert "市公安局" in unit_mentions("由市公安局负责")
    assert "省商务厅" in unit_mentions("（省商务厅牵头，合肥海关配合）")
    assert unit_mentions("计划没有写明由哪个部门或单位负责这项工作") == []


def test_owner_honesty_both_ways():
    row = {"question": "这项工作由哪个部门牵头？", "type": "owner", "expected_owners": ["市发改委"]}
    cited = ["推进某项工作（牵头考核单位：市发改委）"]
    assert owner_honest(row, _answer(text="由市发改委牵头", cited=cited, owners=["市发改委"]))[0]
    assert not owner_honest(row, _answer(text="由市发改委牵头", cited=cited))[0]  # not in owners
    assert not owner_honest(row, _answer(text="见原文", cited=cited, owners=["市发改委"]))[0]  # not in text
    invented = _answer(text="由市发改委牵头，市财政局配合", cited=cited, owners=["市发改委"])
    ok, why = owner_honest(row, invented)
    assert not ok and "市财政局" in why
    nobody = {"question": "这项工作是市财政局负责吗？", "type": "yes_no", "expected_owners": []}
    assert owner_honest(nobody, _answer(text="计划没有写明由市财政局负责", cited=["推进某项工作"]))[0]  # denial
    assert not owner_honest(nobody, _answer(text="是市财政局负责", cited=["推进某项工作"]))[0]
    assert not owner_honest(nobody, _answer(text="x", cited=["推进某项工作"], owners=["市财政局"]))[0]


def test_scores_are_means_over_the_questions_each_applies_to():
    outs = [judge(ROW, _answer(text="10个", cited=["到年底完成10个"])),
            judge(ROW, _answer("not_found", "无")),
            judge({**ROW, "expect_status": "not_found", "gold_quotes": []}, _answer("not_found", "无"))]
    s = score_outcomes("p", outs)
    assert (s.answer_accuracy, s.answered_when_answerable, s.refusal_accuracy) == (0.5, 0.5, 1.0)
    assert s.cited_hit5 == 0.5 and s.status_accuracy == pytest.approx(2 / 3) and s.owner_honesty is None


# --------------------------------------------------------------------------- sets and plans

def _seed_quotes(n: int = 3) -> list[str]:
    lines = [l for l in SEED_PLAN.read_text(encoding="utf-8").splitlines() if len(l.strip()) >= 12]
    return [l.strip()[:10] for l in lines[:n]]


def test_sets_find_their_plan_by_gold_quotes(tmp_path):
    other = tmp_path / "plans"
    other.mkdir()
    (other / "another-plan.txt").write_text("一、总体要求\n完全不同的一份计划，讲别的事情。\n", encoding="utf-8")
    shutil.copy(SEED_PLAN, other / "copy-of-seed.txt")
    sets = tmp_path / "sets"
    sets.mkdir()
    rows = [{"question": "q", "type": "quote", "gold_quotes": [g]} for g in _seed_quotes()]
    (sets / "seed.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (sets / "other.jsonl").write_text(json.dumps({"question": "q", "type": "quote",
                                                  "gold_quotes": ["完全不同的一份计划"]}, ensure_ascii=False), "utf-8")
    (sets / "orphan.jsonl").write_text(json.dumps({"question": "q", "type": "quote",
                                                   "gold_quotes": ["哪份计划都没有的话"]}, ensure_ascii=False), "utf-8")
    found = {s.name: s for s in resolve_sets([sets], [CORPUS, other])}
    assert found["seed"].plan == SEED_PLAN  # the corpus copy (with its sidecar) wins the tie
    assert found["other"].plan == other / "another-plan.txt"
    assert found["orphan"].plan is None
    assert match_plan(rows, [other / "copy-of-seed.txt"])[0] == other / "copy-of-seed.txt"


def test_plan_corpus_holds_the_plan_alone_and_is_stable(tmp_path):
    d = plan_corpus(SEED_PLAN, tmp_path)
    assert sorted(p.name for p in d.iterdir()) == sorted([SEED_PLAN.name, SEED_PLAN.name + ".meta.json"])
    (d / "stray.txt").write_text("x", encoding="utf-8")
    before = (d / SEED_PLAN.name).stat().st_mtime_ns
    assert plan_corpus(SEED_PLAN, tmp_path) == d
    assert not (d / "stray.txt").exists() and (d / SEED_PLAN.name).stat().st_mtime_ns == before


# --------------------------------------------------------------------------- the command

def _set_file(tmp_path):
    rows = [{"id": f"t{i}", "question": f"{g}是怎么写的", "type": "quote", "gold_quotes": [g],
             "answer_must_contain": [], "expect_status": "answered"} for i, g in enumerate(_seed_quotes(4))]
    rows.append({"id": "u", "question": "火星基地的预算是多少", "type": "unanswerable", "gold_quotes": [],
                 "answer_must_contain": [], "expect_status": "not_found"})
    path = tmp_path / "seedset.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_command_scores_per_plan_and_calibrates(tmp_path):
    from assistant.cli import cli

    samples = tmp_path / "samples.jsonl"
    result = CliRunner().invoke(cli, ["--model", "hashing", "eval", str(_set_file(tmp_path)), "--plans", str(CORPUS),
                                      "--work-dir", str(tmp_path / "work"), "--no-baselines",
                                      "--write-thresholds", "--samples", str(samples)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "seedset: 5 questions" in out and "Answers as served" in out and "seedset " in out
    assert "leave-one-plan-out" in out and "DEFAULT_THRESHOLDS = Thresholds(" in out
    lines = [json.loads(l) for l in samples.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5 and all("signals" in l and l["plan"] == "seedset" for l in lines)
    assert any(l["gated"] for l in lines)  # the answerer took permissive thresholds and reported signals
    # the plan's index is kept for the next run
    assert (tmp_path / "work" / "eval-index" / SEED_PLAN.stem / "CURRENT").exists()


def test_eval_command_with_baselines_prints_every_ranker(tmp_path):
    from assistant.cli import cli

    result = CliRunner().invoke(cli, ["--model", "hashing", "eval", str(_set_file(tmp_path)), "--plans", str(CORPUS),
                                      "--work-dir", str(tmp_path / "work"), "--no-failures"])
    assert result.exit_code == 0, result.output
    for name in ("dense only", "BM25 only", "RRF", "whole-sentence", "500-char windows", "250-char windows"):
        assert name in result.output


@needs_shared(SHARED / "eval", SHARED / "corpora")
def test_every_shared_set_finds_a_plan():
    sets = resolve_sets([SHARED / "eval"], [CORPUS, SHARED / "corpora", SHARED / "seeds"])
    assert sets and all(s.plan is not None and s.matched == s.golds for s in sets)
    assert {s.plan for s in sets if s.name == "dev"} == {SEED_PLAN}
    assert len({s.plan for s in sets}) == len(sets)  # one plan each


def test_owner_honesty_reads_a_traditional_frame_in_simplified_form():
    row = {"question": "這項工作是哪個單位牽頭的？", "type": "owner", "expected_owners": ["市医保局"]}
    cited = ["推进某项工作（牵头考核单位：市医保局）"]
    assert owner_honest(row, _answer(text="由市醫保局牽頭：“推进某项工作（牵头考核单位：市医保局）”", cited=cited,
                                     owners=["市医保局"]))[0]
    assert not owner_honest(row, _answer(text="由市醫保局、市財政局牽頭：“牵头考核单位：市医保局”", cited=cited,
                                         owners=["市医保局"]))[0]


# --------------------------------------------------------------------------- the harness, both ways

class _OldAssistant:
    """An answerer from before `thresholds` and `signals`: ask(question, history) only."""

    class retriever:  # noqa: N801
        @staticmethod
        def search(question, k):
            return []

    def ask(self, question, history=None):
        from assistant.records import Answer

        return Answer(question, "general", True, "答：10个", status="answered")


def test_harness_works_with_an_answerer_that_takes_no_thresholds():
    from assistant.evaluation import PlanSet, run_plan, simulation_mismatches

    ps = PlanSet("old", SEED_PLAN, [ROW, {**ROW, "expect_status": "not_found"}], SEED_PLAN)
    run = run_plan(ps, _OldAssistant(), baselines=False)
    assert not run.permissive and not any(s.gated for s in run.samples)
    assert [o.status for o in run.served] == ["answered", "answered"]
    assert run.outcomes_with(Thresholds(min_coverage=0.99)) == run.kept  # nothing can be re-decided
    assert simulation_mismatches(run) == []


def test_gate_reproduces_the_served_decisions_from_one_permissive_run(fake_assistant):
    from assistant.evaluation import PlanSet, run_plan, simulation_mismatches

    rows = [{"id": f"g{i}", "question": q, "type": "general", "gold_quotes": [], "answer_must_contain": [],
             "expect_status": "answered"} for i, q in enumerate(
        [f"{g}是怎么写的" for g in _seed_quotes(3)] + ["火星基地的预算是多少", "天气怎么样", "What is the plan?"])]
    run = run_plan(PlanSet("seed", SEED_PLAN, rows, SEED_PLAN), fake_assistant, baselines=False)
    assert run.permissive and any(s.gated for s in run.samples)
    assert simulation_mismatches(run) == []  # gate(signals, DEFAULT) predicts every served status
    strict = run.outcomes_with(Thresholds(min_coverage=2.0, min_dense_contrast=2.0, min_coverage_no_figure=2.0))
    assert all(o.status == "not_found" for o, s in zip(strict, run.samples)
               if s.gated and not gate(s.signals, Thresholds(min_coverage=2.0, min_dense_contrast=2.0,
                                                             min_coverage_no_figure=2.0)))
    assert any(o.status == "not_found" and k.status != "not_found" for o, k in zip(strict, run.kept))
