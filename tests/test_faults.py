"""Faults in real operation: an index build process killed (SIGKILL) at each stage of its work,
and a document added to the corpus while the app is serving people."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import app
from assistant import index as index_mod
from assistant.cli import cli
from assistant.index import IndexUnusable, build_index, ensure_index, load_index
from tests.conftest import ROOT
from tests.test_app import QUESTION, start

# A child process that builds an index and stops, at the stage named on its command line, until it
# is killed: while embedding, with half the artifacts written, or with the manifest complete just
# before CURRENT is switched. It writes `marker` when it is there.
BUILD_AND_STOP = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from assistant import index as ix, lexical
    from assistant.embedding import HashingEmbedder

    corpus, index_dir, stage, marker = sys.argv[1:5]

    def stop_here():
        Path(marker).write_text(str(os.getpid()))
        time.sleep(600)

    class Embedder(HashingEmbedder):
        def embed_passages(self, texts, progress=True):
            vectors = super().embed_passages(texts, progress=False)
            if stage == "embedding":
                stop_here()
            return vectors

    if stage == "writing":  # vectors.faiss and passages are on disk, BM25 half written
        save = lexical.BM25Index.save
        def half_save(self, directory):
            save(self, directory)
            next(Path(directory).iterdir()).write_bytes(b"partial")
            stop_here()
        lexical.BM25Index.save = half_save
    if stage == "switching":  # the new build is complete; CURRENT still names the old one
        replace = os.replace
        def replace_then_stop(src, dst):
            if Path(dst).name == "CURRENT":
                stop_here()
            return replace(src, dst)
        ix.os.replace = replace_then_stop

    ix.build_index(Path(corpus), Path(index_dir), Embedder(), progress=False)
    print("build finished without being stopped", file=sys.stderr)
    """)

NEW_DOC = "# 海岛渔港振兴行动\n\n一、渔港建设\n\n新建避风锚地7处，确保渔港改造投资28亿元以上。\n"


def kill_build_at(stage: str, corpus: Path, index_dir: Path, tmp_path: Path) -> None:
    """Run the build in a real process and SIGKILL it once it has reached `stage`."""
    marker = tmp_path / f"reached-{stage}"
    child = subprocess.Popen([sys.executable, "-c", BUILD_AND_STOP, str(corpus), str(index_dir), stage, str(marker)],
                             cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"build process ended before {stage}: {child.stderr.read()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"build process never reached {stage}")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stderr.close()


def wait_for(condition, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("users stopped getting answers")
        time.sleep(0.05)


@pytest.mark.parametrize("stage", ["embedding", "writing", "switching"])
def test_build_killed_midway_never_leaves_a_half_index(stage, tmp_path, corpus_copy, fake_embedder):
    index_dir = tmp_path / "index"
    old = build_index(corpus_copy, index_dir, fake_embedder, progress=False)
    current = (index_dir / "CURRENT").read_text()
    (corpus_copy / "new-plan.md").write_text(NEW_DOC, encoding="utf-8")

    kill_build_at(stage, corpus_copy, index_dir, tmp_path)

    assert (index_dir / "CURRENT").read_text() == current
    survivor = load_index(index_dir)  # the previous build, complete and verified
    assert len(survivor.passages) == len(old.passages)
    leftovers = [p for p in index_dir.glob("build-*") if p.name != current.strip()]
    assert len(leftovers) == (0 if stage == "embedding" else 1)  # nothing is written before embedding ends

    for p in leftovers:  # an abandoned build, older than the grace period given to concurrent builders
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    fresh = ensure_index(corpus_copy, index_dir, fake_embedder, progress=False)  # the next start
    assert any("避风锚地7处" in p.text for p in fresh.passages)
    assert len(load_index(index_dir).passages) == len(fresh.passages)
    assert not any(p.exists() for p in leftovers)


def test_first_build_killed_is_rebuilt_on_next_start(tmp_path, corpus_copy, fake_embedder):
    index_dir = tmp_path / "index"
    kill_build_at("switching", corpus_copy, index_dir, tmp_path)
    assert not (index_dir / "CURRENT").exists()
    with pytest.raises(IndexUnusable):
        load_index(index_dir)
    assert any("130亿元以上" in p.text for p in ensure_index(corpus_copy, index_dir, fake_embedder).passages)


def test_document_added_while_serving_is_picked_up_without_lost_answers(tmp_path, corpus_copy, fake_embedder,
                                                                        monkeypatch):
    """`python -m assistant index` builds beside the running app; the app's reload (the 重新载入
    button) swaps the new index in. Users asking all along get every answer."""
    from gradio_client import Client

    index_dir = tmp_path / "index"
    assistant, demo = app.create_app(corpus_copy, index_dir, fake_embedder)
    url = start(demo)
    stop, results, errors = threading.Event(), [], []

    def user() -> None:
        client = Client(url, verbose=False)
        while not stop.is_set():
            try:
                results.append(client.predict(QUESTION, [], api_name="/ask"))
            except Exception as exc:  # any failure is a lost answer
                errors.append(repr(exc))

    users = [threading.Thread(target=user) for _ in range(4)]
    try:
        for t in users:
            t.start()
        wait_for(lambda: len(results) >= 8 or errors)
        (corpus_copy / "new-plan.md").write_text(NEW_DOC, encoding="utf-8")
        built = CliRunner().invoke(cli, ["--corpus", str(corpus_copy), "--index", str(index_dir),
                                         "--model", "hashing", "index"], catch_exceptions=False)
        assert built.exit_code == 0, built.output
        answered_before_reload = len(results)
        # the app only loads what the command built: no second build
        monkeypatch.setattr(index_mod, "build_index", lambda *a, **k: pytest.fail("reload rebuilt the index"))
        assistant.reload()
        wait_for(lambda: len(results) >= answered_before_reload + 8 or errors)
        new = Client(url, verbose=False).predict("避风锚地新建几处？", [], api_name="/ask")
    finally:
        stop.set()
        for t in users:
            t.join(timeout=120)
        demo.close()

    assert errors == []
    assert all(r["found"] and "130亿元以上" in r["answer"] for r in results)
    assert new["found"] and "7处" in new["answer"]
    assert new["citations"][0]["file"] == "new-plan.md"
