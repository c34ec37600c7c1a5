"""Command line: outline, targets, owners, index, search, ask, eval (`python -m assistant …`)."""
from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import click

from .pipeline import DEFAULT_CORPUS, DEFAULT_INDEX


def _assistant(ctx: click.Context, rebuild: bool = False):
    """Open the assistant; a missing corpus or model is a clear message, not a traceback."""
    from .documents import DocumentError
    from .index import IndexUnusable
    from .pipeline import Assistant

    o = ctx.obj
    try:
        return Assistant(o["corpus"], o["index"], model=o["model"], rebuild=rebuild, progress=sys.stderr.isatty())
    except (DocumentError, IndexUnusable) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a model name that is not available locally (nothing is downloaded)
        raise click.ClickException(f"cannot load the embedding model {o['model']!r} offline: {exc}") from None


def _parsed(ctx: click.Context):
    from .index import parse_corpus

    docs, passages, sections, warnings = parse_corpus(ctx.obj["corpus"])
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    return docs, passages, sections


def _plan_options(command_level: bool) -> list[click.Option]:
    """--corpus, --index, --model: one definition for the group and every command.

    On the group they carry the defaults (and PLAN_ASSISTANT_MODEL); on a command they default to
    None and, when given, replace the group's value in ctx.obj, so `--corpus D ask …` and
    `ask --corpus D …` both work and the one after the command wins."""
    def override(ctx: click.Context, param: click.Parameter, value):
        if value is not None:
            ctx.ensure_object(dict)[param.name] = value

    group_defaults = {"corpus": DEFAULT_CORPUS, "index": DEFAULT_INDEX, "model": None}

    def extra(name: str) -> dict:
        if command_level:
            return {"default": None, "expose_value": False, "callback": override}
        return {"default": group_defaults[name], "show_default": group_defaults[name] is not None}

    return [
        click.Option(["--corpus"], type=click.Path(path_type=Path), help="Folder of plan documents.",
                     **extra("corpus")),
        click.Option(["--index", "index"], type=click.Path(path_type=Path), help="Folder for the built index.",
                     **extra("index")),
        click.Option(["--model"], envvar=None if command_level else "PLAN_ASSISTANT_MODEL",
                     help="Embedding model: default e5-small (bundled), or a sentence-transformers name/path.",
                     **extra("model")),
    ]


class PlanGroup(click.Group):
    """Every command added to the group also takes --corpus/--index/--model after its name
    (unless it defines an option of that name itself)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        taken = {opt for p in cmd.params for opt in getattr(p, "opts", ())}
        cmd.params.extend(o for o in _plan_options(command_level=True) if not taken & set(o.opts))
        super().add_command(cmd, name)


@click.group(cls=PlanGroup, params=_plan_options(command_level=False))
@click.pass_context
def cli(ctx: click.Context, corpus: Path, index: Path, model: str | None) -> None:
    """Answer questions about the work plans in the corpus, with exact sourced quotes."""
    ctx.obj = {"corpus": corpus, "index": index, "model": model}


@cli.command()
@click.pass_context
def outline(ctx: click.Context) -> None:
    """Print each document's section tree with passage counts."""
    docs, passages, sections = _parsed(ctx)
    for doc in docs:
        click.echo(f"{doc.doc_id}  《{doc.title}》")
        for sec in sorted((s for s in sections if s.section_id.startswith(doc.doc_id + "#")),
                          key=lambda s: s.line_first):
            count = sum(1 for p in passages if p.doc_id == doc.doc_id and p.section_kind != "heading"
                        and p.section_path[: len(sec.path)] == sec.path)
            indent = "  " * max(sec.level, 1)
            click.echo(f"{indent}{sec.title}  ({count} 段, 第 {sec.line_first}–{sec.line_last} 行)")


@cli.command()
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@click.pass_context
def targets(ctx: click.Context, as_csv: bool) -> None:
    """Print the table of quantitative targets."""
    from .targets import extract_targets

    _, passages, _ = _parsed(ctx)
    rows = extract_targets(passages)
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(["section", "number", "unit", "qualifier", "quote", "passage_id", "doc"])
        for t in rows:
            w.writerow([t.section_label, t.number, t.unit, t.qualifier, t.quote, t.passage_id, t.doc_id])
        return
    for t in rows:
        click.echo(f"{t.section_label}\t{t.number}{t.unit}\t{t.qualifier or '-'}\t{t.quote}")
    click.echo(f"{len(rows)} targets", err=True)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even when the index is fresh.")
@click.pass_context
def index(ctx: click.Context, rebuild: bool) -> None:
    """Build the index, or check that it is fresh."""
    start = time.perf_counter()
    a = _assistant(ctx, rebuild=rebuild)
    for w in a.warnings:
        click.echo(f"warning: {w}", err=True)
    m = a.index.manifest
    click.echo(f"index ready: {m['passage_count']} passages, model {m['model_id']}, built {m['built_at']} "
               f"({time.perf_counter() - start:.1f} s)")


@cli.command()
@click.argument("question")
@click.option("--k", default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search(ctx: click.Context, question: str, k: int, as_json: bool) -> None:
    """Show the passages that best match a question."""
    hits = _assistant(ctx).retriever.search(question, k=k)
    if as_json:
        click.echo(json.dumps([{**h.passage.to_dict(), "score": h.score, "dense": h.dense, "bm25": h.lexical}
                               for h in hits], ensure_ascii=False, indent=1))
        return
    for h in hits:
        p = h.passage
        click.echo(f"{h.rank}. [{h.score:.3f}] {p.section_label} (第 {p.line_first}–{p.line_last} 行)\n   {p.text}")


def _batch_answer(a, number: int, raw: bytes):
    """The answer to one --batch line: a blank or unreadable line, or a question that fails,
    still gets its one answer object (status not_found) saying why."""
    from .records import Answer

    raw = raw.rstrip(b"\n").removesuffix(b"\r")
    try:
        question = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Answer(raw.decode("utf-8", "replace"), "general", False,
                      f"第 {number} 行不是 UTF-8 文本（第 {exc.start + 1} 个字节起无法解码），无法读取这个问题。",
                      status="not_found")
    if not question.strip():
        return Answer(question, "general", False, f"第 {number} 行是空行，没有问题可回答。", status="not_found")
    try:
        return a.ask(question)
    except Exception as exc:  # one bad line must not end the batch or shift the lines after it
        click.echo(f"warning: line {number}: {type(exc).__name__}: {exc}", err=True)
        return Answer(question, "general", False, f"第 {number} 行的问题无法处理（{type(exc).__name__}）。",
                      status="not_found")


# JSON allows these raw in a string, but line readers (str.splitlines, many JSONL tools) split on
# them: escaped, every answer stays on its one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    for char, escape in _LINE_BREAKS.items():
        text = text.replace(char, escape)
    return text


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object (the answer contract).")
@click.option("--batch", type=click.File("rb"),
              help="One question a line ('-' = stdin): exactly one JSON line out per line in, in order.")
@click.option("--history", default=None, help="Earlier questions of the conversation, as a JSON list.")
@click.pass_context
def ask(ctx: click.Context, question: str | None, as_json: bool, batch, history: str | None) -> None:
    """Answer a question from the plan's own text, with sources."""
    if question is None and batch is None:  # an empty "" is a question: it gets a clear message
        raise click.UsageError("give a question, or --batch FILE")
    try:
        past = json.loads(history) if history else []
        if not isinstance(past, list):
            raise ValueError
    except ValueError:
        raise click.BadParameter("--history must be a JSON list of earlier questions") from None
    a = _assistant(ctx)
    if batch is not None:
        for number, raw in enumerate(batch, start=1):
            click.echo(json_line(_batch_answer(a, number, raw).to_dict()))
        return
    answer = a.ask(question, [str(q) for q in past])
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(answer.answer)
    if answer.notice:
        click.echo(answer.notice)
    for c in answer.nearest:
        click.echo(f"- 「{c.section}」（第 {c.lines[0]}–{c.lines[1]} 行）{c.text}")
    if answer.citations:
        click.echo("\n来源：")
        for c in answer.citations:
            page = f" · 第 {c.page} {'页' if c.file.lower().endswith('.pdf') else '段'}" if c.page else ""
            click.echo(f"[{c.n}] 《{c.doc_title}》 {c.file} · {c.section} · 第 {c.lines[0]}–{c.lines[1]} 行{page}")
    click.echo(f"\nstatus: {answer.status}")


@cli.command()
@click.option("--csv", "csv_out", default=None, metavar="FILE", help="Write the table as CSV ('-' = standard output).")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the table as an Excel workbook.")
@click.pass_context
def owners(ctx: click.Context, csv_out: str | None, xlsx_out: Path | None) -> None:
    """Print the task table: each measure with its lead, partner units and deadline.

    Filled in and put back into the corpus beside the plan, the CSV/XLSX is read as the plan's
    responsibility table (no model needed: the plan is parsed, not indexed)."""
    from .documents import DocumentError
    from .index import parse_corpus_assignments
    from .owners import TASK_HEADERS, ResponsibilityTable, task_rows, write_task_table

    if csv_out and xlsx_out:
        raise click.UsageError("give --csv or --xlsx, not both")
    try:
        docs, passages, _, assignments, warnings = parse_corpus_assignments(ctx.obj["corpus"])
    except DocumentError as exc:
        raise click.ClickException(str(exc)) from None
    warnings += ResponsibilityTable.load(ctx.obj["corpus"])[1]
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    rows = task_rows(passages, assignments, {d.doc_id: d for d in docs})
    if csv_out == "-":
        write_task_table(rows, sys.stdout)
    elif csv_out:
        write_task_table(rows, Path(csv_out))
    elif xlsx_out:
        write_task_table(rows, xlsx_out, "xlsx")
    else:
        click.echo("\t".join(TASK_HEADERS))
        for r in rows:
            click.echo("\t".join(str(c) for c in r.to_row()))
    named = sum(1 for r in rows if r.lead or r.partners)
    click.echo(f"{len(rows)} measures, {named} with units named, {sum(1 for r in rows if r.deadline)} with a deadline"
               + (f"; written to {csv_out or xlsx_out}" if (csv_out and csv_out != "-") or xlsx_out else ""), err=True)


@cli.command(name="eval")
@click.argument("questions", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--baselines/--no-baselines", default=True, help="Also score the usual alternatives in the same run.")
@click.option("--plans", "plan_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder to find the sets' plans in (repeatable; default: --corpus, then corpora/ and seeds/ "
                   "beside the question folder).")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where each plan's own corpus and index are kept between runs [default: .cache/ in the project].")
@click.option("--write-thresholds", is_flag=True, help="Print the calibrated values to paste into decisions.py.")
@click.option("--samples", "samples_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the calibration samples (signals and outcomes per question) as JSON lines.")
@click.option("--failures/--no-failures", default=True, help="List the questions each plan gets wrong.")
@click.pass_context
def eval_cmd(ctx: click.Context, questions: tuple[Path, ...], baselines: bool, plan_dirs: tuple[Path, ...],
             work_dir: Path | None, write_thresholds: bool, samples_out: Path | None, failures: bool) -> None:
    """Score every question set with its own plan served alone (default: ../shared/eval), calibrate
    the answer-or-refuse thresholds over all plans, and check them leave-one-plan-out."""
    from .decisions import DEFAULT_THRESHOLDS, calibrate, leave_one_plan_out, plan_scores, thresholds_source
    from .documents import DocumentError
    from .embedding import load_embedder
    from .evaluation import (PlanScores, fmt, latency_summary, learned_lopo, plan_corpus, resolve_sets, run_plan,
                             score_outcomes, simulation_mismatches)
    from .index import IndexUnusable
    from .pipeline import PROJECT_ROOT, Assistant

    if not questions:
        default = PROJECT_ROOT.parent / "shared" / "eval"
        if not default.is_dir():
            raise click.UsageError("name the question sets (files or a folder): ../shared/eval is not there")
        questions = (default,)
    first = questions[0] if questions[0].is_dir() else questions[0].parent
    dirs = list(plan_dirs) or [Path(ctx.obj.get("corpus") or PROJECT_ROOT / "corpus"),
                                first.parent / "corpora", first.parent / "seeds"]
    work = work_dir or PROJECT_ROOT / ".cache"
    sets = resolve_sets(list(questions), dirs)
    if not sets:
        raise click.UsageError("no .jsonl question sets found")
    embedder = load_embedder(ctx.obj.get("model"))
    runs = []
    for ps in sets:
        if ps.plan is None:
            click.echo(f"{ps.name}: no plan in {', '.join(map(str, dirs))} holds its gold quotes "
                       f"(best {ps.matched}/{ps.golds}); skipped", err=True)
            continue
        click.echo(f"{ps.name}: {len(ps.rows)} questions -> {ps.plan} ({ps.matched}/{ps.golds} gold quotes found)")
        corpus = plan_corpus(ps.plan, work / "eval-corpus")
        try:
            a = Assistant(corpus, work / "eval-index" / ps.plan.stem, embedder=embedder, progress=sys.stderr.isatty())
        except (DocumentError, IndexUnusable, OSError) as exc:  # one plan that cannot be served does not stop the others
            click.echo(f"  cannot serve {ps.plan.name}: {exc}", err=True)
            continue
        runs.append(run_plan(ps, a, baselines))
    if not runs:
        raise click.ClickException("no set could be scored")

    width = max(len(r.name) for r in runs) + 2
    header = (f"{'plan':{width}s} {'n':>3s}  cited@5 rank@5 rank@200c  answer refusal answered owners status")

    def table(title: str, rows: list[tuple[str, PlanScores, object]]) -> None:
        click.echo(f"\n{title}\n{header}")
        for name, s, run in rows:
            r = run.retrieval.get("hybrid (this project)") if run is not None else None
            click.echo(f"{name:{width}s} {s.n:3d}  {fmt(s.cited_hit5):>7s} {fmt(r.hit5 if r else None):>6s} "
                       f"{fmt(r.hit200c if r else None):>9s}  {fmt(s.answer_accuracy):>6s} "
                       f"{fmt(s.refusal_accuracy):>7s} {fmt(s.answered_when_answerable):>8s} "
                       f"{fmt(s.owner_honesty):>6s} {fmt(s.status_accuracy):>6s}")
        def mean(col: str) -> float | None:
            v = [getattr(s, col) for _, s, _ in rows if getattr(s, col) is not None]
            return sum(v) / len(v) if v else None
        rank5 = [run.retrieval["hybrid (this project)"].hit5 for _, _, run in rows if run is not None]
        rank200 = [run.retrieval["hybrid (this project)"].hit200c for _, _, run in rows if run is not None]
        click.echo(f"{'mean of plans':{width}s} {'':3s}  {fmt(mean('cited_hit5')):>7s} "
                   f"{fmt(sum(rank5) / len(rank5) if rank5 else None):>6s} "
                   f"{fmt(sum(rank200) / len(rank200) if rank200 else None):>9s}  {fmt(mean('answer_accuracy')):>6s} "
                   f"{fmt(mean('refusal_accuracy')):>7s} {fmt(mean('answered_when_answerable')):>8s} "
                   f"{fmt(mean('owner_honesty')):>6s} {fmt(mean('status_accuracy')):>6s}")

    table(f"Answers as served (DEFAULT_THRESHOLDS {DEFAULT_THRESHOLDS.to_dict()}):",
          [(r.name, score_outcomes(r.name, r.served), r) for r in runs])
    all_latency = [t for r in runs for t in r.latency]
    click.echo(f"answer latency: {latency_summary(all_latency)}")

    click.echo("\nRanking, hit@5 / hit@200c per plan (questions with gold quotes):")
    names = list(runs[0].retrieval)
    click.echo(f"{'':34s} " + " ".join(f"{r.name[:17]:>17s}" for r in runs))
    for name in names:
        cells = " ".join(f"{r.retrieval[name].hit5:.3f} / {r.retrieval[name].hit200c:.3f}".rjust(17) for r in runs)
        click.echo(f"{name:34s} {cells}")

    samples = [s for r in runs for s in r.samples]
    if samples_out:
        samples_out.write_text("".join(json.dumps({**s.__dict__, "signals": dict(s.signals)}, ensure_ascii=False)
                                       + "\n" for s in samples), encoding="utf-8")
    if not any(s.gated for s in samples):
        why = ("the answerer does not take `thresholds`" if not any(r.permissive for r in runs)
               else "no answer carried `signals`")
        click.echo(f"\nCalibration skipped: {why}, so answers cannot be re-decided without re-asking.")
    else:
        for r in runs:
            mismatch = simulation_mismatches(r)
            if mismatch:
                click.echo(f"warning: {r.name}: gate() does not reproduce {len(mismatch)} served decisions: "
                           + "; ".join(mismatch[:3]), err=True)
        chosen = calibrate(samples)
        lopo = leave_one_plan_out(samples)
        click.echo(f"\nCalibrated on all plans: {chosen.to_dict()}")
        for plan, t in lopo.items():
            click.echo(f"  without {plan}: {t.to_dict()}")
        table("(a) thresholds calibrated on all plans:",
              [(r.name, score_outcomes(r.name, r.outcomes_with(chosen)), r) for r in runs])
        table("(b) leave-one-plan-out (each plan with thresholds calibrated on the others):",
              [(r.name, score_outcomes(r.name, r.outcomes_with(lopo[r.name])), r) for r in runs])
        learned = learned_lopo(samples)
        if learned:
            click.echo("\nleave-one-plan-out, answer accuracy / refusal accuracy: thresholds vs logistic regression")
            for r in runs:
                th = plan_scores([s for s in samples if s.plan == r.name], lopo[r.name])[r.name]
                lr = learned.get(r.name, (None, None))
                click.echo(f"  {r.name:{width}s} thresholds {fmt(th[0])} / {fmt(th[1])}   "
                           f"logistic {fmt(lr[0])} / {fmt(lr[1])}")
        if write_thresholds:
            where = ", ".join(f"{r.name} ({len(r.plan_set.rows)})" for r in runs)
            click.echo("\n" + thresholds_source(chosen, f"{time.strftime('%Y-%m-%d')} over {where}"))
    if failures:
        for r in runs:
            bad = [(row, o) for row, o in zip(r.plan_set.rows, r.served) if not o.ok or o.owner_ok is False]
            if bad:
                click.echo(f"\n{r.name}: {len(bad)} wrong as served")
                for row, o in bad:
                    click.echo(f"  FAIL [{row.get('id', '')} {row['type']}] {row['question']} -> {o.status}: {o.why}")


def main() -> None:
    cli(prog_name="python -m assistant")


@cli.command()
@click.option("--csv", "as_csv", is_flag=True, help="Write every column as CSV to standard output.")
@click.pass_context
def feedback(ctx: click.Context, as_csv: bool) -> None:
    """List the 👍/👎 feedback given in the app (feedback.sqlite3 beside the index folder,
    or PLAN_ASSISTANT_FEEDBACK)."""
    from .feedback import COLUMNS, FeedbackStore, feedback_path

    path = feedback_path(ctx.obj["index"])
    rows = FeedbackStore(path).rows()
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(COLUMNS)
        w.writerows([r[c] for c in COLUMNS] for r in rows)
        return
    for r in rows:
        cites = len(json.loads(r["citations"] or "[]"))
        mark = "👍" if r["rating"] == "up" else "👎"
        click.echo(f"{r['id']}\t{r['created']}\t{mark}\t{r['question']}\t"
                   f"{r['status'] or '-'}, {cites} 处来源\t{r['comment'] or '-'}")
    click.echo(f"{len(rows)} feedback rows in {path}", err=True)
