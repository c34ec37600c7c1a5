"""The persistent passage-vector cache: only texts never embedded before reach the model,
across processes, and nothing read from the file is trusted."""
from __future__ import annotations

import multiprocessing
import sqlite3

import numpy as np
import pytest

from assistant.embedding import (CachedEmbedder, E5Embedder, HashingEmbedder, PassageCache,
                                 default_passage_cache, embed_cached)


class CountingEmbedder(HashingEmbedder):
    """The hashing fake, counting every text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_passages(self, texts, progress=False):
        self.embedded.extend(texts)
        return super().embed_passages(texts, progress)


TEXTS = ["第一条措施：建设新的园区", "第二条措施：完善服务体系", "第三条", "第一条措施：建设新的园区", "x" * 300]


def test_second_run_embeds_nothing_and_a_new_text_alone(tmp_path):
    inner = CountingEmbedder()
    first = CachedEmbedder(inner, PassageCache(tmp_path / "c.sqlite3")).embed_passages(TEXTS)
    assert sorted(inner.embedded) == sorted(set(TEXTS))  # a repeated text is embedded once
    assert np.allclose(first, HashingEmbedder().embed_passages(TEXTS))

    inner.embedded.clear()  # a fresh cache object on the same file: as another process would see it
    again = CachedEmbedder(inner, PassageCache(tmp_path / "c.sqlite3")).embed_passages(TEXTS)
    assert inner.embedded == [] and np.array_equal(first, again)

    more = CachedEmbedder(inner, PassageCache(tmp_path / "c.sqlite3")).embed_passages(TEXTS + ["新增一句"])
    assert inner.embedded == ["新增一句"]
    assert np.array_equal(more[:-1], first)


def test_another_model_id_does_not_reuse_vectors(tmp_path):
    cache = PassageCache(tmp_path / "c.sqlite3")
    a, b = CountingEmbedder(), CountingEmbedder()
    b.model_id = "another-model"
    CachedEmbedder(a, cache).embed_passages(TEXTS)
    CachedEmbedder(b, cache).embed_passages(TEXTS)
    assert sorted(b.embedded) == sorted(set(TEXTS))


@pytest.mark.parametrize("damage", ["flipped byte", "short blob", "wrong dim", "not unit length"])
def test_a_bad_row_is_recomputed_and_repaired(tmp_path, damage):
    path = tmp_path / "c.sqlite3"
    inner = CountingEmbedder()
    good = CachedEmbedder(inner, PassageCache(path)).embed_passages(TEXTS)
    key = PassageCache.key(inner.model_id, TEXTS[1])
    con = sqlite3.connect(path)
    dim, crc, blob = con.execute("SELECT dim, crc, vector FROM passage_vectors WHERE key = ?", (key,)).fetchone()
    if damage == "flipped byte":
        blob = blob[:5] + bytes([blob[5] ^ 0xFF]) + blob[6:]
    elif damage == "short blob":
        blob = blob[:-4]
    elif damage == "wrong dim":
        dim = dim * 2
    else:  # a vector that passes its checksum but is not what an embedder returns
        import zlib
        blob = (np.frombuffer(blob, "<f4") * 3).astype("<f4").tobytes()
        crc = zlib.crc32(blob)
    with con:
        con.execute("UPDATE passage_vectors SET dim = ?, crc = ?, vector = ? WHERE key = ?", (dim, crc, blob, key))
    con.close()

    inner.embedded.clear()
    again = CachedEmbedder(inner, PassageCache(path)).embed_passages(TEXTS)
    assert inner.embedded == [TEXTS[1]]
    assert np.array_equal(again, good)
    inner.embedded.clear()
    CachedEmbedder(inner, PassageCache(path)).embed_passages(TEXTS)
    assert inner.embedded == []  # the row was rewritten


def test_a_corrupt_file_is_set_aside_and_never_read(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    inner = CountingEmbedder()
    out = CachedEmbedder(inner, PassageCache(path)).embed_passages(TEXTS)
    assert np.allclose(out, HashingEmbedder().embed_passages(TEXTS))
    assert list(tmp_path.glob("c.sqlite3.corrupt-*"))
    inner.embedded.clear()
    CachedEmbedder(inner, PassageCache(path)).embed_passages(TEXTS)
    assert inner.embedded == []  # the fresh file works


def test_unwritable_cache_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    inner = CountingEmbedder()
    out = CachedEmbedder(inner, PassageCache(blocker / "sub" / "c.sqlite3")).embed_passages(TEXTS)
    assert out.shape == (len(TEXTS), inner.dim)


def _writer(path: str, offset: int) -> None:
    texts = [f"第{offset + i}句" for i in range(300)]
    for start in range(0, 300, 30):  # many small transactions, interleaving with the other process
        embed_cached(texts[start:start + 30], "m", lambda t, p: HashingEmbedder().embed_passages(t),
                     PassageCache(path))


def test_concurrent_processes_share_one_file(tmp_path):
    path = str(tmp_path / "c.sqlite3")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, n * 1000)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM passage_vectors").fetchone()[0] == 900
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_e5_embedder_serves_cached_passages_without_loading_the_model(tmp_path, monkeypatch):
    e5 = E5Embedder()
    e5.cache = PassageCache(tmp_path / "c.sqlite3")
    vectors = HashingEmbedder(dim=384).embed_passages(TEXTS)
    e5.cache.put(e5.model_id, TEXTS, vectors)

    def no_model(self):
        raise AssertionError("the model was loaded although every passage was cached")

    monkeypatch.setattr(E5Embedder, "st", property(no_model))
    assert np.array_equal(e5.embed_passages(TEXTS), vectors)
    with pytest.raises(AssertionError):
        e5.embed_passages(["未缓存的一句"])


def test_cache_location_and_switch(monkeypatch, tmp_path):
    monkeypatch.setenv("PLAN_ASSISTANT_CACHE", str(tmp_path))
    monkeypatch.delenv("PLAN_ASSISTANT_EMBEDDING_CACHE", raising=False)
    assert default_passage_cache().path.is_relative_to(tmp_path)
    monkeypatch.setenv("PLAN_ASSISTANT_EMBEDDING_CACHE", "off")
    assert default_passage_cache() is None
