#!/usr/bin/env python
"""Load test of the served app: N concurrent gradio_client users asking /ask.

    .venv/bin/python scripts/load.py [--users 1,4,16,32] [--requests-per-user 10] [--embedder real|fake]
                                     [--server subprocess|inprocess] [--max-seconds 180] [--json out.json]

Starts the app (app.create_app + launch, exactly as app.py configures it: same queue, same launch
options) on a free port of 127.0.0.1 only, over a fresh index in a temporary folder (or --index DIR,
never the project's index/), then for each N in --users runs N threads, each its own gradio_client user,
each asking --requests-per-user questions made from the corpus served, as the page's example
questions are (ui.example_questions over the whole corpus and over each of its top-level areas; or
--questions FILE, a JSONL with a 'question' field), users starting at different questions so the
mix differs.
Reports per N: errors (an exception, a timeout, or an answer missing a contract field; must be 0),
p50 / p95 / max latency of one /ask, throughput (answers per second of wall time), and the queue
settings in force (app.CONCURRENCY, app.QUEUE_SIZE).

Bounded: each request times out after --request-timeout s, no new request starts once a level
has run --max-seconds, and the server is stopped at the end (the subprocess by its own pid).
By default the server runs in a subprocess, so the clients' threads do not share its GIL; the
machine's cores are still shared, which the report notes. Exit status 1 when any request failed.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
# The clients talk to 127.0.0.1 only: never through a proxy from the environment.
os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(
    filter(None, [os.environ.get("NO_PROXY", ""), "127.0.0.1,localhost"]))

LOOPBACK = "127.0.0.1"
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
CONTRACT = ("question", "intent", "found", "answer", "citations", "owners")
MAX_QUESTIONS = 40  # distinct questions made from the corpus; enough for 32 users to start apart


# --------------------------------------------------------------------------- helpers

def load_questions(path: Path) -> list[str]:
    """The 'question' field of every line of a JSONL file."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line).get("question")
            if q:
                out.append(str(q))
    if not out:
        raise ValueError(f"{path}: no line has a 'question'")
    return out


def corpus_questions(index, limit: int = MAX_QUESTIONS) -> list[str]:
    """Questions made from the corpus served, the way the page makes its examples
    (ui.example_questions): over the whole index, then over each top-level area on its own, so the
    mix fits whatever plan is served and none is held here verbatim."""
    from dataclasses import replace

    from assistant import ui

    out = list(ui.example_questions(index, ui.target_rows(index)))
    for area in ui.target_areas(index):
        view = replace(index, passages=[p for p in index.passages if p.section_path[:1] == (area,)],
                       sections=[s for s in index.sections if s.path[:1] == (area,)])
        out.extend(ui.example_questions(view, ui.target_rows(view)))
    return list(dict.fromkeys(out))[:limit]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (an observed value)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return math.nan


def _loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return math.nan


def make_embedder(kind: str):
    if kind == "fake":
        from assistant.embedding import HashingEmbedder

        return HashingEmbedder()
    if kind == "real":
        from assistant.embedding import load_embedder

        return load_embedder()
    raise ValueError(f"--embedder must be fake or real, not {kind!r}")


def contract_problem(answer) -> str | None:
    """Why an /ask result breaks the answer contract, or None."""
    if not isinstance(answer, dict):
        return f"not a JSON object: {type(answer).__name__}"
    missing = [k for k in CONTRACT if k not in answer]
    if missing:
        return f"missing fields {missing}"
    if not isinstance(answer["found"], bool) or not isinstance(answer["answer"], str) or not answer["answer"]:
        return "found is not a bool or answer is empty"
    return None


# --------------------------------------------------------------------------- the server

def _launch(corpus: Path, index_dir: Path, embedder_kind: str, port: int, block: bool):
    import app

    _, demo = app.create_app(corpus, index_dir, make_embedder(embedder_kind))
    options = app.launch_options(host=LOOPBACK, port=port)
    assert options["server_name"] == LOOPBACK and options["share"] is False
    demo.launch(**options, prevent_thread_lock=not block, quiet=True)
    return demo


def _wait_ready(url: str, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"the app exited with code {proc.returncode} before serving:\n{tail}")
        try:
            with opener.open(url + "config", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the app did not answer at {url} within {timeout:.0f} s")


@contextmanager
def serve(embedder: str = "real", mode: str = "subprocess", corpus: Path = DEFAULT_CORPUS,
          index_dir: Path | None = None, startup_timeout: float = 900) -> Iterator[tuple[str, int, Path]]:
    """Serve the app on a free loopback port; yields (URL, server pid, index folder); stops it on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="plan-assistant-load-"))
    index_dir = Path(index_dir) if index_dir else tmp / "index"
    port = free_port()
    url = f"http://{LOOPBACK}:{port}/"
    try:
        if mode == "inprocess":
            demo = _launch(corpus, index_dir, embedder, port, block=False)
            try:
                _wait_ready(url, 60)
                yield url, os.getpid(), index_dir
            finally:
                demo.close()
            return
        if mode != "subprocess":
            raise ValueError(f"--server must be subprocess or inprocess, not {mode!r}")
        log = tmp / "server.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve-port", str(port),
                                     "--embedder", embedder, "--corpus", str(corpus), "--index", str(index_dir)],
                                    stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
        try:
            _wait_ready(url, startup_timeout, proc, log)
            yield url, proc.pid, index_dir
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=15)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- the users

def _client(url: str, timeout: float):
    """One user. Its HTTP calls may wait `timeout` s, as a browser would, instead of httpx's
    default 5 s: a busy server answering the queue join late is slow, not failed (latency shows it).
    ssl_verify=False: the URL is plain http on loopback, so there is nothing to verify, and it spares
    gradio_client loading the CA bundle for every httpx client it makes (measured: ~0.5 s CPU per
    request, more than the server's own work, which would starve the server on a 2-core machine)."""
    from gradio_client import Client

    assert url.startswith(f"http://{LOOPBACK}:")
    return Client(url, verbose=False, analytics_enabled=False, download_files=False, max_workers=2,
                  httpx_kwargs={"timeout": timeout}, ssl_verify=False)


def run_level(url: str, users: int, questions: list[str], requests_per_user: int,
              max_seconds: float = 180, request_timeout: float = 60) -> dict:
    """`users` threads, each its own client, asking together; per-request latency and outcome."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    answers: list[dict] = []
    skipped = [0]
    clock = {"start": 0.0, "end": 0.0}
    # All users start together; the clock starts as the last one arrives, before any is released.
    ready = threading.Barrier(users + 1, action=lambda: clock.update(start=time.perf_counter(),
                                                                     end=time.perf_counter()))

    def user(u: int) -> None:
        client = None
        try:
            client = _client(url, request_timeout)
        except Exception as exc:  # counted below; the barrier must still be passed
            with lock:
                errors.append(f"user {u}: client: {type(exc).__name__}: {exc}")
        started = True
        try:
            ready.wait(timeout=180)
        except threading.BrokenBarrierError:
            started = False
            with lock:
                errors.append(f"user {u}: the users never all got ready")
        try:
            for i in range(requests_per_user):
                if client is None or not started:
                    return
                if time.perf_counter() > clock["start"] + max_seconds:
                    with lock:
                        skipped[0] += requests_per_user - i
                    return
                q = questions[(u * 7 + i) % len(questions)]  # users start at different questions
                t = time.perf_counter()
                try:
                    answer = client.submit(q, [], api_name="/ask").result(timeout=request_timeout)
                    problem = contract_problem(answer)
                except Exception as exc:
                    answer, problem = None, f"{type(exc).__name__}: {exc}"[:300]
                done = time.perf_counter()
                with lock:
                    clock["end"] = max(clock["end"], done)
                    if problem:
                        errors.append(f"user {u} q={q!r}: {problem}")
                    else:
                        latencies.append(done - t)
                        answers.append({k: answer[k] for k in CONTRACT} | {"notice": answer.get("notice", "")})
        finally:
            if client is not None:
                try:
                    client.close()
                except Exception:
                    pass

    threads = [threading.Thread(target=user, args=(u,), daemon=True, name=f"load-user-{u}") for u in range(users)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=180)
    except threading.BrokenBarrierError:
        pass  # each user reports it
    deadline = time.monotonic() + max_seconds + request_timeout + 30  # every request is bounded, so this is too
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))  # a stuck thread is a daemon: it cannot hold the exit
    hung = sum(t.is_alive() for t in threads)
    if hung:
        errors.append(f"{hung} user thread(s) still running after the time bound")
    wall = max(clock["end"] - clock["start"], 1e-9)
    return {
        "users": users, "requests": users * requests_per_user, "ok": len(latencies), "errors": len(errors),
        "skipped": skipped[0], "error_samples": errors[:5],
        "p50_ms": percentile(latencies, 50) * 1000, "p95_ms": percentile(latencies, 95) * 1000,
        "max_ms": max(latencies, default=math.nan) * 1000, "wall_s": wall,
        "throughput_rps": len(latencies) / wall, "answers": answers,
    }


def run_load(users: list[int] = (1, 4, 16, 32), requests_per_user: int = 10, embedder: str = "real",
             server: str = "subprocess", questions: list[str] | None = None, corpus: Path = DEFAULT_CORPUS,
             max_seconds: float = 180, request_timeout: float = 60, index_dir: Path | None = None,
             progress=None) -> dict:
    """Serve the app, run every level in turn, stop the app; the whole report as a dict.
    Without `questions`, they are made from the index the app serves (corpus_questions)."""
    import app

    say = progress or (lambda msg: None)
    report = {"embedder": embedder, "server": server, "host": LOOPBACK, "concurrency": app.CONCURRENCY,
              "queue_size": app.QUEUE_SIZE, "requests_per_user": requests_per_user,
              "cpus": os.cpu_count(), "levels": []}
    t = time.perf_counter()
    with serve(embedder, server, corpus, index_dir) as (url, server_pid, served_index):
        report["startup_s"] = time.perf_counter() - t
        if not questions:
            from assistant.index import load_index

            questions = corpus_questions(load_index(served_index))
        report["questions"], report["question_texts"] = len(questions), list(questions)
        say(f"app up at {url} after {report['startup_s']:.1f} s; warming up")
        warm = _client(url, request_timeout)
        try:
            for q in questions[:5]:  # first-use costs (lazy loads) are not part of any level
                warm.submit(q, [], api_name="/ask").result(timeout=request_timeout)
        finally:
            warm.close()
        for n in users:
            say(f"{n} user(s) x {requests_per_user} requests ...")
            load_before, server_cpu, client_cpu = _loadavg(), cpu_seconds(server_pid), time.process_time()
            level = run_level(url, n, questions, requests_per_user, max_seconds, request_timeout)
            # CPU seconds the server spent per answer (in-process: server and clients together)
            level["server_cpu_s_per_answer"] = (cpu_seconds(server_pid) - server_cpu) / max(level["ok"], 1)
            level["client_cpu_s"] = time.process_time() - client_cpu if server == "subprocess" else math.nan
            level["loadavg_1m"] = (load_before, _loadavg())  # the machine may be shared: say how busy
            say(f"  {level['ok']} ok, {level['errors']} errors, p50 {level['p50_ms']:.0f} ms")
            report["levels"].append(level)
    report["errors"] = sum(lv["errors"] for lv in report["levels"])
    return report


def format_report(report: dict) -> str:
    lines = [f"load test: /ask on {report['host']} ({report['server']} server, {report['embedder']} embedder, "
             f"{report['cpus']} CPUs shared by server and clients)",
             f"queue: app.CONCURRENCY={report['concurrency']} (default_concurrency_limit), "
             f"app.QUEUE_SIZE={report['queue_size']} (max_size); {report['questions']} distinct questions; "
             f"startup {report.get('startup_s', math.nan):.1f} s",
             "",
             f"{'users':>5} {'requests':>8} {'ok':>5} {'errors':>6} {'skipped':>7} {'p50 ms':>8} {'p95 ms':>8} "
             f"{'max ms':>8} {'wall s':>7} {'answers/s':>9} {'srv cpu/ans':>11} {'cli cpu s':>9}  load avg 1m before/after"]
    for lv in report["levels"]:
        lines.append(f"{lv['users']:>5} {lv['requests']:>8} {lv['ok']:>5} {lv['errors']:>6} {lv['skipped']:>7} "
                     f"{lv['p50_ms']:>8.0f} {lv['p95_ms']:>8.0f} {lv['max_ms']:>8.0f} {lv['wall_s']:>7.1f} "
                     f"{lv['throughput_rps']:>9.2f} {lv['server_cpu_s_per_answer']:>11.2f} {lv['client_cpu_s']:>9.1f}  "
                     f"{lv['loadavg_1m'][0]:.1f} / {lv['loadavg_1m'][1]:.1f}")
        for e in lv["error_samples"]:
            lines.append(f"      error: {e}")
    lines.append("")
    lines.append(f"total errors: {report['errors']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", default="1,4,16,32", help="comma-separated numbers of concurrent users")
    ap.add_argument("--requests-per-user", type=int, default=10)
    ap.add_argument("--embedder", choices=("real", "fake"), default="real")
    ap.add_argument("--server", choices=("subprocess", "inprocess"), default="subprocess")
    ap.add_argument("--questions", type=Path, help="JSONL with a 'question' field (default: questions "
                                                   "made from the corpus served)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--max-seconds", type=float, default=180, help="per level: no new request after this")
    ap.add_argument("--request-timeout", type=float, default=60)
    ap.add_argument("--json", type=Path, help="also write the report (without answers) here")
    ap.add_argument("--serve-port", type=int, help=argparse.SUPPRESS)  # internal: the server subprocess
    ap.add_argument("--index", type=Path, help="index folder to build or reuse (default: a fresh temporary "
                                               "one); never the project's index/")
    args = ap.parse_args(argv)

    if args.serve_port:  # the server side of --server subprocess: blocks until terminated
        _launch(args.corpus, args.index, args.embedder, args.serve_port, block=True)
        return 0
    if args.index and args.index.resolve() == (PROJECT_ROOT / "index").resolve():
        ap.error("--index: use a folder of your own, not the project's index/")
    users = [int(x) for x in args.users.split(",") if x.strip()]
    if not users or min(users) < 1 or args.requests_per_user < 1:
        ap.error("--users and --requests-per-user must be positive")
    questions = load_questions(args.questions) if args.questions else None
    report = run_load(users, args.requests_per_user, args.embedder, args.server, questions,
                      args.corpus, args.max_seconds, args.request_timeout, args.index,
                      progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(format_report(report))
    if args.json:
        slim = {**report, "levels": [{k: v for k, v in lv.items() if k != "answers"} for lv in report["levels"]]}
        args.json.write_text(json.dumps(slim, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
