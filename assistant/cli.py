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
            click.echo(f"[{c.n}] 《{c.doc_title}》 {c.file} · {c.section} · 第 {c.lines[0]}–{c.lines[1]} 行")


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
@click.argument("questions", type=click.Path(exists=True, path_type=Path))
@click.option("--baselines/--no-baselines", default=True, help="Also score the usual alternatives in the same run.")
@click.pass_context
def eval_cmd(ctx: click.Context, questions: Path, baselines: bool) -> None:
    """Score retrieval and answers on a JSONL question set."""
    from .evaluation import (evaluate_answers, evaluate_retrieval, latency_summary, load_questions,
                             sentence_ranker, window_ranker)
    from .retrieval import Retriever, SearchSettings

    rows = load_questions(questions)
    a = _assistant(ctx)
    rankers = {"hybrid (this project)": a.retriever}
    if baselines:
        for name, fusion in (("item vectors, dense only", "dense"), ("sentences, BM25 only", "bm25"),
                             ("item vectors + BM25, RRF", "rrf")):
            rankers[name] = Retriever(a.index, a.embedder, SearchSettings(fusion=fusion))
    click.echo(f"retrieval over {sum(1 for r in rows if r.get('gold_quotes'))} questions with gold quotes")
    for name, retriever in rankers.items():
        scores = evaluate_retrieval(rows, lambda q, k, r=retriever: [h.passage.text for h in r.search(q, k)])
        click.echo(f"  {name:34s} {scores['all'].row()}")
        if name.startswith("hybrid"):
            for kind, s in sorted(scores.items()):
                if kind != "all":
                    click.echo(f"      {kind:12s} {s.row()}")
    if baselines:
        from .evaluation import compact
        texts: dict[str, str] = {}
        for p in a.index.passages:
            texts[p.doc_id] = texts.get(p.doc_id, "") + compact(p.text)
        scores = evaluate_retrieval(rows, sentence_ranker(a.index.passages, a.embedder))
        click.echo(f"  {'whole-sentence vectors, dense':34s} {scores['all'].row()}")
        for size in (500, 250):
            scores = evaluate_retrieval(rows, window_ranker(texts, size, a.embedder))
            click.echo(f"  {f'{size}-char windows, dense':34s} {scores['all'].row()}")
    timings: list[float] = []

    def timed(q: str) -> dict:
        t = time.perf_counter()
        result = a.ask(q).to_dict()
        timings.append(time.perf_counter() - t)
        return result

    s = evaluate_answers(rows, timed, a.known_bodies())
    click.echo(f"answers: n={s.n}  accuracy {s.accuracy:.3f}  refused-when-unanswerable {s.refused_when_unanswerable:.3f}  "
               f"answered-when-answerable {s.answered_when_answerable:.3f}  owner honesty {s.owner_honesty:.3f}")
    click.echo(f"answer latency: {latency_summary(timings)}")
    for f in s.failures:
        click.echo(f"  FAIL {f}")


def main() -> None:
    cli(prog_name="python -m assistant")
