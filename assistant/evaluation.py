"""Evaluate retrieval and answers on the JSONL question sets (see ../shared/eval/README.md).

Every set is scored with ITS plan served alone (`resolve_sets` finds the plan whose text holds the
set's gold quotes; `plan_corpus` gives it a corpus folder of its own), and every figure is reported
per plan, because the plans differ in kind and a mean over questions would let the largest set
hide the others.

Retrieval: hit@1, hit@5, MRR of gold quotes among ranked passages, and hit@200c / hit@500c —
whether a gold quote lies within the first 200 / 500 characters of the ranked passages
concatenated, which large chunks cannot game. Baselines (fixed windows, dense-only, BM25-only,
RRF, whole-sentence vectors) run in the same call, so the gain is measured, not claimed.
Answers (`judge`): the gold quote among the cited passages, answer accuracy, refusal accuracy,
answered-when-answerable, owner honesty both ways, status accuracy. Calibration samples
(`Sample` in decisions.py) come from the same run.
"""
from __future__ import annotations

import inspect
import json
import math
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .decisions import DEFAULT_THRESHOLDS, Sample, Thresholds, gate, held_out

_WS = re.compile(r"\s+")
Ranker = Callable[[str, int], list[str]]  # question, k -> ranked passage texts


def compact(text: str) -> str:
    return _WS.sub("", text or "")


def load_questions(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
    return rows


def base_type(row: dict) -> str:
    """english/traditional questions carry their underlying kind in the note: [target] …"""
    m = re.match(r"\[(\w+)\]", row.get("note", ""))
    return m.group(1) if row["type"] in ("english", "traditional") and m else row["type"]


@dataclass
class RetrievalScores:
    n: int
    hit1: float
    hit5: float
    mrr: float
    hit200c: float
    hit500c: float

    def row(self) -> str:
        return (f"n={self.n:3d}  hit@1 {self.hit1:.3f}  hit@5 {self.hit5:.3f}  MRR {self.mrr:.3f}  "
                f"hit@200c {self.hit200c:.3f}  hit@500c {self.hit500c:.3f}")


def _retrieval_one(texts: list[str], golds: list[str]) -> tuple[float, float, float, float, float]:
    golds = [compact(g) for g in golds]
    ranks = [i for i, t in enumerate(texts, start=1) if any(g in compact(t) for g in golds)]
    first = ranks[0] if ranks else None
    joined = "".join(compact(t) for t in texts)
    return (float(first == 1), float(first is not None and first <= 5), 1.0 / first if first else 0.0,
            float(any(g in joined[:200] for g in golds)), float(any(g in joined[:500] for g in golds)))


def evaluate_retrieval(rows: list[dict], ranker: Ranker, k: int = 10) -> dict[str, RetrievalScores]:
    """Scores overall ('all') and per question type, over questions with gold quotes."""
    per: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        if not row.get("gold_quotes"):
            continue
        result = _retrieval_one(ranker(row["question"], k), row["gold_quotes"])
        per["all"].append(result)
        per[row["type"]].append(result)
    return {name: RetrievalScores(len(v), *[float(np.mean(col)) for col in zip(*v)]) for name, v in per.items()}


def dense_ranker(texts: list[str], embedder) -> Ranker:
    """Baseline: one vector per text, exact dense search."""
    vectors = embedder.embed_passages(texts)

    def rank(question: str, k: int) -> list[str]:
        scores = vectors @ embedder.embed_query(question)
        return [texts[i] for i in np.argsort(-scores)[:k]]

    return rank


def window_ranker(text_by_doc: dict[str, str], size: int, embedder) -> Ranker:
    """Baseline: fixed character windows (no overlap) searched densely."""
    return dense_ranker([t[i : i + size] for t in text_by_doc.values() for i in range(0, len(t), size)], embedder)


def sentence_ranker(passages, embedder) -> Ranker:
    """Baseline: the same sentence passages, one vector each (no item vectors, no BM25)."""
    return dense_ranker([p.text for p in passages if p.section_kind not in ("heading", "headline")], embedder)


def latency_summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):.1f} ms  p95 {p95:.1f} ms  (n={len(ms)})"


# --------------------------------------------------------------------------- sets and their plans

@dataclass
class PlanSet:
    """A question set and the plan its questions are about."""

    name: str  # the set's file stem
    path: Path
    rows: list[dict]
    plan: Path | None  # the plan document (its .meta.json sidecar travels with it)
    matched: int = 0  # gold quotes found in the plan's text
    golds: int = 0


def _plan_text(path: Path) -> str:
    from .documents import load_document

    return compact("".join(load_document(path, problems=[]).lines))


def candidate_plans(dirs: list[Path]) -> list[Path]:
    """Every readable document in `dirs`, in the order given (earlier folders win ties)."""
    from .documents import corpus_files

    out: list[Path] = []
    for d in dirs:
        if Path(d).is_dir():
            out.extend(p for p in corpus_files(Path(d)) if p not in out)
    return out


def match_plan(rows: list[dict], candidates: list[Path], texts: dict[Path, str] | None = None
               ) -> tuple[Path | None, int, int]:
    """The candidate whose text contains the most of the set's gold quotes (whitespace removed on both
    sides); None unless it holds at least half of them. Ties go to the earlier candidate, so the copy
    in the project's corpus (with its metadata sidecar) wins over an identical copy elsewhere."""
    golds = list(dict.fromkeys(compact(g) for r in rows for g in r.get("gold_quotes", []) if compact(g)))
    texts = {} if texts is None else texts
    best, best_n = None, 0
    for path in candidates:
        if path not in texts:
            try:
                texts[path] = _plan_text(path)
            except Exception:  # an unreadable file is no candidate
                texts[path] = ""
        n = sum(g in texts[path] for g in golds)
        if n > best_n:
            best, best_n = path, n
    if not golds or best_n * 2 < len(golds):
        return None, best_n, len(golds)
    return best, best_n, len(golds)


def question_files(paths: list[Path]) -> list[Path]:
    """The .jsonl sets named, a folder standing for every .jsonl in it (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    return out


def resolve_sets(paths: list[Path], plan_dirs: list[Path]) -> list[PlanSet]:
    """Each set with the plan its gold quotes come from, looked up among `plan_dirs`' documents.

    Matching by the quotes rather than a table of file names: a new set or a renamed plan needs
    no code change, and a set whose quotes are in no plan is reported instead of being scored
    against the wrong one.
    """
    candidates = candidate_plans(plan_dirs)
    texts: dict[Path, str] = {}
    sets = []
    for path in question_files(paths):
        rows = load_questions(path)
        plan, n, total = match_plan(rows, candidates, texts)
        sets.append(PlanSet(path.stem, path, rows, plan, n, total))
    return sets


def plan_corpus(plan: Path, root: Path) -> Path:
    """A corpus folder holding `plan` (and its sidecar) alone, under root/<plan stem>.

    Files are rewritten only when their bytes differ, and anything else in the folder is removed,
    so the index built from it stays fresh between runs (ensure_index compares checksums)."""
    from .documents import sidecar_path

    dest = Path(root) / plan.stem
    dest.mkdir(parents=True, exist_ok=True)
    keep = {plan.name}
    files = [plan] + ([sidecar_path(plan)] if sidecar_path(plan).exists() else [])
    for src in files:
        keep.add(src.name)
        target = dest / src.name
        data = src.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    for other in dest.iterdir():
        if other.name not in keep and other.is_file():
            other.unlink()
    return dest


# --------------------------------------------------------------------------- judging one answer

# Names of bodies end with one of these (局, 厅, 海关, 人民政府 …); frame words such as 部门 / 单位 are
# generic and never a named unit. Used only to find unit names in an answer's own text.
_UNIT_SUFFIXES = ("委员会", "办公室", "人民政府", "政府", "管委会", "联合会", "协会", "分公司", "公司", "集团",
                  "银行", "支行", "分行", "海关", "党委", "党组", "工会", "共青团", "妇联", "科协", "残联", "专班",
                  "局", "厅")
_UNIT = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:" + "|".join(_UNIT_SUFFIXES) + ")")
_DENIAL = re.compile(r"不是|并非|不由|没有|未|无|not", re.I)
OWNER_TYPES = ("owner", "owner_reverse", "yes_no")


def unit_mentions(text: str) -> list[str]:
    """Unit-like names in `text`: a suffix with the two or three characters before it."""
    text = compact(text)
    out = []
    for m in re.finditer("|".join(_UNIT_SUFFIXES), text):
        for width in (3, 2):
            start = m.start() - width
            if start >= 0 and re.fullmatch(r"[\u4e00-\u9fff]+", text[start:m.start()]):
                out.append(text[start:m.end()])
                break
    return out


def owner_honest(row: dict, result: dict) -> tuple[bool, str]:
    """Both directions of the eval README: every expected owner in `owners` and in the text; and
    neither `owners` nor the text names a unit that the cited passages do not contain (the question's
    units are allowed in the text when the answer denies something)."""
    from .query import _t2s

    # An answer to a question in traditional characters words its frame in them too: units are
    # compared in simplified form (the plan's own script) as well as as written.
    raw = compact(result.get("answer", ""))
    text = raw + "\n" + _t2s().convert(raw)
    owners = [compact(o) for o in result.get("owners", [])]
    cited = "".join(compact(c.get("text", "")) for c in result.get("citations", []))
    # The text may also carry the cited passages' section headings and document titles (plan words).
    labels = "".join(compact(c.get(k, "")) for c in result.get("citations", []) for k in ("section", "doc_title"))
    allowed = cited + labels + (compact(row["question"]) if _DENIAL.search(text) else "")
    for o in row.get("expected_owners") or []:
        if compact(o) not in owners and not any(compact(o) in x for x in owners):
            return False, f"owner {o} missing from owners"
        if compact(o) not in text:
            return False, f"owner {o} missing from the text"
    for o in owners:
        if o not in cited:
            return False, f"owner {o} not in the cited passages"
    for u in unit_mentions(raw):
        if u not in allowed and _t2s().convert(u) not in allowed:
            return False, f"text names {u}, which no cited passage contains"
    return True, ""


@dataclass
class Outcome:
    """One question's result under one answer; None where a metric does not apply to the question."""

    status: str
    cited_hit: bool | None  # a gold quote inside a cited passage (first 5 citations)
    answer_ok: bool | None  # expected answered: answered with every required string
    refusal_ok: bool | None  # expected a refusal: not answered (no_figure: gold quote cited)
    answered: bool | None  # expected answered: status answered
    owner_ok: bool | None  # owner-like question (or expected_owners given): honest both ways
    status_ok: bool
    why: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.answer_ok if self.answer_ok is not None else self.refusal_ok)


def judge(row: dict, result: dict) -> Outcome:
    """Score one answer (the JSON contract of `ask`) against one question of a set."""
    expect = row.get("expect_status") or ("not_found" if row.get("type") == "unanswerable" else "answered")
    status = result.get("status") or ("answered" if result.get("found") else "not_found")
    golds = [compact(g) for g in row.get("gold_quotes", []) if compact(g)]
    cited = [compact(c.get("text", "")) for c in result.get("citations", [])[:5]]
    cited_hit = any(g in c for g in golds for c in cited) or any(g in "".join(cited) for g in golds) \
        if golds else None
    text = compact(result.get("answer", ""))
    missing = [s for s in row.get("answer_must_contain", []) if compact(s) not in text]
    why = []
    answer_ok = refusal_ok = answered = None
    if expect == "answered":
        answered = status == "answered"
        answer_ok = answered and not missing
        if not answered:
            why.append(f"status {status}")
        elif missing:
            why.append(f"missing {missing}")
    else:
        refusal_ok = status != "answered" and (expect != "no_figure" or bool(cited_hit))
        if status == "answered":
            why.append(f"answered, expected {expect}")
        elif expect == "no_figure" and not cited_hit:
            why.append("gold quote not cited")
    owner_ok = None
    if "expected_owners" in row or base_type(row) in OWNER_TYPES:
        owner_ok, reason = owner_honest(row, result)
        if reason:
            why.append(reason)
    return Outcome(status, cited_hit, answer_ok, refusal_ok, answered, owner_ok, status == expect, "; ".join(why))


REFUSED = {"status": "not_found", "found": False, "answer": "", "citations": [], "owners": []}


@dataclass
class PlanScores:
    """The per-plan figures of the eval README (means over the questions each applies to)."""

    plan: str
    n: int
    cited_hit5: float | None
    answer_accuracy: float | None
    refusal_accuracy: float | None
    answered_when_answerable: float | None
    owner_honesty: float | None
    status_accuracy: float | None
    counts: dict[str, int]

    COLUMNS = ("cited_hit5", "answer_accuracy", "refusal_accuracy", "answered_when_answerable",
               "owner_honesty", "status_accuracy")


def score_outcomes(plan: str, outcomes: list[Outcome]) -> PlanScores:
    def mean(name: str) -> tuple[float | None, int]:
        v = [getattr(o, name) for o in outcomes if getattr(o, name) is not None]
        return (sum(v) / len(v) if v else None), len(v)

    figures, counts = {}, {}
    for col, attr in zip(PlanScores.COLUMNS, ("cited_hit", "answer_ok", "refusal_ok", "answered", "owner_ok",
                                               "status_ok")):
        figures[col], counts[col] = mean(attr)
    return PlanScores(plan, len(outcomes), counts=counts, **figures)


def fmt(x: float | None) -> str:
    return "  –  " if x is None else f"{x:.3f}"


# --------------------------------------------------------------------------- running one plan

def accepts_thresholds(fn: Callable) -> bool:
    """Whether `fn` takes a `thresholds` keyword (the answerer before and after it learnt to)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "thresholds" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def rankers(assistant, baselines: bool = True) -> dict[str, Ranker]:
    """The project's ranking and, with `baselines`, the usual alternatives over the same plan."""
    from .retrieval import Retriever, SearchSettings

    def of(retriever) -> Ranker:
        return lambda q, k: [h.passage.text for h in retriever.search(q, k)]

    out: dict[str, Ranker] = {"hybrid (this project)": of(assistant.retriever)}
    if not baselines:
        return out
    for name, fusion in (("item vectors, dense only", "dense"), ("sentences, BM25 only", "bm25"),
                         ("item vectors + BM25, RRF", "rrf")):
        out[name] = of(Retriever(assistant.index, assistant.embedder, SearchSettings(fusion=fusion, assigned_weight=0.0,
                                                                                  structure_first=False)))
    out["whole-sentence vectors, dense"] = sentence_ranker(assistant.index.passages, assistant.embedder)
    texts: dict[str, str] = {}
    for p in assistant.index.passages:
        texts[p.doc_id] = texts.get(p.doc_id, "") + compact(p.text)
    for size in (500, 250):
        out[f"{size}-char windows, dense"] = window_ranker(texts, size, assistant.embedder)
    return out


@dataclass
class PlanRun:
    plan_set: PlanSet
    retrieval: dict[str, RetrievalScores]  # ranker -> scores over the set's questions with gold quotes
    served: list[Outcome]  # answers as served (the answerer's default thresholds)
    results: list[dict]  # the served answers (JSON contract)
    kept: list[Outcome]  # the answer recorded with permissive thresholds, as if kept
    refused: list[Outcome]  # the same question had the gate refused it
    samples: list[Sample]
    permissive: bool  # whether the answerer took `thresholds` (else kept == served, nothing is gated)
    latency: list[float]

    @property
    def name(self) -> str:
        return self.plan_set.name

    def outcomes_with(self, t: Thresholds) -> list[Outcome]:
        """The outcomes had `t` been the thresholds (from the one permissive run, without re-asking)."""
        return [k if not s.gated or gate(s.signals, t) else r for k, r, s in zip(self.kept, self.refused, self.samples)]


def run_plan(plan_set: PlanSet, assistant, baselines: bool = True, k: int = 10) -> PlanRun:
    """Ask every question of the set once as served and once with permissive thresholds (when the
    answerer takes thresholds), and score the rankers on it."""
    rows = plan_set.rows
    retrieval = {name: evaluate_retrieval(rows, r, k).get("all", RetrievalScores(0, 0, 0, 0, 0, 0))
                 for name, r in rankers(assistant, baselines).items()}
    permissive = accepts_thresholds(assistant.ask)
    served, results, kept, refused, samples, latency = [], [], [], [], [], []
    for row in rows:
        t0 = time.perf_counter()
        result = assistant.ask(row["question"]).to_dict()
        latency.append(time.perf_counter() - t0)
        outcome = judge(row, result)
        served.append(outcome)
        results.append(result)
        recorded = assistant.ask(row["question"], thresholds=Thresholds.permissive()).to_dict() \
            if permissive else result
        as_kept, as_refused = judge(row, recorded), judge(row, REFUSED)
        signals = dict(recorded.get("signals") or {})
        gated = permissive and bool(signals) and as_kept.status != "other_year"
        kept.append(as_kept)
        refused.append(as_refused)
        samples.append(Sample(plan_set.name, as_kept.answer_ok is not None, signals, as_kept.ok, as_refused.ok,
                              gated, str(row.get("id", "")), plan_set.plan.name))
    return PlanRun(plan_set, retrieval, served, results, kept, refused, samples, permissive, latency)


def simulation_mismatches(run: PlanRun, t: Thresholds = DEFAULT_THRESHOLDS) -> list[str]:
    """Questions whose served status differs from what the gate predicts from the permissive run:
    a check that `gate` models the answerer's decision (empty when it does)."""
    out = []
    for row, served, sim in zip(run.plan_set.rows, run.served, run.outcomes_with(t)):
        if served.status != sim.status:
            out.append(f"{row.get('id', '')}: served {served.status}, gate predicts {sim.status}")
    return out


def learned_lopo(samples: list[Sample]) -> dict[str, tuple[float | None, float | None]] | None:
    """A logistic regression over the signals instead of thresholds, scored leave-one-plan-out
    (each plan decided by a model fitted on the other plans, every plan weighing the same).
    None when scikit-learn is missing or there is too little to fit."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return None
    gated = [s for s in samples if s.gated]
    names = sorted({k for s in gated for k, v in s.signals.items() if isinstance(v, (int, float)) or v is None})
    if not names:
        return None

    def features(s: Sample) -> list[float]:
        out = []
        for n in names:
            v = s.signals.get(n)
            ok = isinstance(v, (int, float)) and math.isfinite(v)
            out += [float(v) if ok else 0.0, 0.0 if ok else 1.0]
        return out

    plans = list(dict.fromkeys(s.plan for s in samples))
    result: dict[str, tuple[float | None, float | None]] = {}
    for plan in plans:
        train = [s for s in held_out(samples, plan) if s.gated and s.ok_answered != s.ok_refused]
        labels = [int(s.ok_answered) for s in train]
        if len(set(labels)) < 2:
            return None
        per_plan = {p: sum(1 for s in train if s.plan == p) for p in plans}
        model = LogisticRegression(max_iter=1000).fit(
            np.array([features(s) for s in train]), labels, sample_weight=[1.0 / per_plan[s.plan] for s in train])
        held = [s for s in samples if s.plan == plan]
        decide = model.predict(np.array([features(s) for s in held])) if held else []
        oks = [s.ok_answered if not s.gated or d else s.ok_refused for s, d in zip(held, decide)]
        groups = ([o for o, s in zip(oks, held) if s.answerable], [o for o, s in zip(oks, held) if not s.answerable])
        result[plan] = tuple(sum(g) / len(g) if g else None for g in groups)  # type: ignore[assignment]
    return result
