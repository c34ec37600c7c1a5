"""The built index on disk: vectors (FAISS), BM25, passages, sections, manifest.

Each build is written into its own folder `index/build-*` and becomes current by
an atomic replace of the small pointer file `index/CURRENT`; a crash mid-build
leaves the previous index in use. The manifest records a fingerprint of every
corpus file, the model id, library versions, the passage count and a checksum
of every artifact: a changed corpus or model, or a missing, truncated or garbled
file means the index is rebuilt, never trusted.

The vector store sits behind `VectorStore` (build/load/save/passage_scores), so
moving to another engine is one new class here (README, "Beyond one machine").
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from .documents import corpus_fingerprint_files, load_corpus
from .lexical import BM25Index, Tokenizer, corpus_terms
from .owners import ResponsibilityTable, table_assignments
from .records import Assignment, Passage, Section, SourceDocument
from .responsibility import plan_year, text_assignments
from .structure import parse_document
from .timing import timed

log = logging.getLogger(__name__)

FORMAT_VERSION = 7  # 7: assignments.json
HNSW_THRESHOLD = 200_000  # vectors; below it exact search is fast enough (see README)
HNSW_M, HNSW_EF_SEARCH = 32, 128  # HNSW graph degree and search breadth (README, "Flat vs HNSW")
_ARTIFACTS = ("passages.jsonl", "sections.json", "docs.json", "terms.json", "vectors.faiss", "assignments.json")


class IndexUnusable(RuntimeError):
    """The index on disk cannot be used (missing, stale or corrupt)."""


class VectorStore(Protocol):
    """All that build, load and search need from a vector index. FaissStore is the one in use; a
    distributed engine (README, "Beyond one machine") would be another class with these methods."""

    @classmethod
    def build(cls, vectors: np.ndarray) -> "VectorStore": ...
    @classmethod
    def load(cls, path: Path) -> "VectorStore": ...
    def save(self, path: Path) -> None: ...
    def __len__(self) -> int: ...
    def passage_scores(self, query: np.ndarray, unit_spans: np.ndarray, n_passages: int,
                       k: int = 2000) -> tuple[np.ndarray, dict[int, float]]: ...


class FaissStore:
    """Inner-product search over L2-normalised vectors: exact below HNSW_THRESHOLD, HNSW above."""

    def __init__(self, index):
        self.index = index

    @classmethod
    @timed("FAISS build")
    def build(cls, vectors: np.ndarray) -> "FaissStore":
        import faiss

        dim = vectors.shape[1]
        if len(vectors) >= HNSW_THRESHOLD:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        return scores[0], ids[0]

    @timed("FAISS search")
    def passage_scores(self, query: np.ndarray, unit_spans: np.ndarray, n_passages: int,
                       k: int = 2000) -> tuple[np.ndarray, dict[int, float]]:
        """Each passage's best unit score (-inf when none of its units is among the top k),
        and the score of every unit found."""
        scores, ids = self.search(query, min(k, len(self)))
        keep = ids >= 0
        out = np.full(n_passages, -np.inf, dtype=np.float32)
        np.maximum.at(out, unit_spans[ids[keep], 0], scores[keep])
        return out, dict(zip(ids[keep].tolist(), scores[keep].tolist()))

    @timed("FAISS save")
    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    @timed("FAISS read")
    def load(cls, path: Path) -> "FaissStore":
        import faiss

        return cls(faiss.read_index(str(path)))


VECTOR_STORE: type[VectorStore] = FaissStore  # the one line a move to another engine changes


@dataclass
class PlanIndex:
    """Everything search and answering need, loaded in memory."""

    passages: list[Passage]
    sections: list[Section]
    docs: dict[str, dict]
    vectors: VectorStore
    unit_spans: np.ndarray  # (passage index, start, end) of each vector
    bm25: BM25Index
    tokenizer: Tokenizer
    doc_freq: dict[str, int]
    manifest: dict
    path: Path
    warnings: list[str] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)  # who the plan names for each measure

    def idf(self, token: str) -> float:
        """Rarity of a token in the corpus (BM25's idf); unseen tokens weigh most."""
        return bm25_idf(len(self.passages), self.doc_freq.get(token, 0))


def bm25_idf(n: int, df: int) -> float:
    """BM25's idf of a term that `df` of `n` passages hold."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@timed("sha256")
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@timed("fingerprint corpus")
def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    if not Path(corpus_dir).is_dir():
        raise IndexUnusable(f"corpus folder {corpus_dir} does not exist")
    return {p.name: _sha256(p) for p in corpus_fingerprint_files(corpus_dir)}


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {}
    for pkg in ("faiss-cpu", "bm25s", "jieba"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "absent"
    return out


_ITEM = re.compile(r"[^，；。、,;]+[，；。、,;]?")


def embedding_units(p: Passage) -> list[tuple[int, int, str]]:
    """The texts embedded for a passage: each clause or list item with its section path, and
    the whole sentence.

    A passage's dense score is the best of its units. Item-level vectors let a
    short question (or an English one) meet the one item it is about, instead of
    a sentence-wide average; the section path lets a measure be found by its area;
    the whole sentence meets a question that paraphrases several of its clauses. A
    one-clause sentence has it too, after the same text with its area: an English question
    meets it better without the Chinese area words (retrieval reads it for English questions
    only). Measured on all development sets against each alone (README, "Figures").
    """
    if p.section_kind in ("heading", "headline"):
        return [(0, len(p.text), p.text)]
    items = [m for m in _ITEM.finditer(p.text) if len(m.group().strip("，；。、,; ")) >= 2]
    units = [(m.start(), m.end(), f"{p.section_label}：{m.group()}") for m in items]
    if not units:
        units.append((0, len(p.text), f"{p.section_label}：{p.text}"))
    units.append((0, len(p.text), p.text))  # the sentence as written, without its area too
    return units


def parse_corpus(corpus_dir: Path) -> tuple[list[SourceDocument], list[Passage], list[Section], list[str]]:
    docs, passages, sections, _, warnings = parse_corpus_assignments(corpus_dir)
    return docs, passages, sections, warnings


@timed("parse documents")
def parse_corpus_assignments(corpus_dir: Path) -> tuple[list[SourceDocument], list[Passage], list[Section],
                                                         list[Assignment], list[str]]:
    """Parse every document and read who it names for each measure: annotations in its text
    (from the parsed clean text, while it is at hand) and the corpus's responsibility tables.
    A table that cannot be read is reported by the pipeline, which loads it too."""
    docs, warnings = load_corpus(corpus_dir)
    passages: list[Passage] = []
    sections: list[Section] = []
    assignments: list[Assignment] = []
    years: dict[str, int | None] = {}
    for doc in docs:
        parsed = parse_document(doc)
        passages.extend(parsed.passages)
        sections.extend(parsed.sections)
        try:
            years[doc.doc_id] = plan_year(doc, parsed.clean, parsed.passages)
            assignments.extend(text_assignments(parsed))
        except Exception as exc:  # a reading bug must not stop the plan from being served
            log.exception("responsibility annotations of %s", doc.doc_id)
            warnings.append(f"{doc.path.name}: 责任分工无法读取（{type(exc).__name__}: {exc}）")
    table, _ = ResponsibilityTable.load(corpus_dir)
    infos = {d.doc_id: {"file": d.path.name} for d in docs}
    written = {(pid, tuple(a.lead), tuple(a.partners)) for a in assignments for pid in a.passage_ids}
    assignments.extend(a for a in table_assignments(table, passages, infos, years)  # a template put back
                       if not any((pid, tuple(a.lead), tuple(a.partners)) in written  # repeats the text: skip
                                  for pid in a.passage_ids))
    return docs, passages, sections, assignments, warnings


@timed("build_index")
def build_index(corpus_dir: Path, index_dir: Path, embedder, progress: bool = True) -> PlanIndex:
    """Parse, embed and write a new build, then switch CURRENT to it atomically."""
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    fingerprint = corpus_fingerprint(corpus_dir)
    docs, passages, sections, assignments, warnings = parse_corpus_assignments(corpus_dir)
    if not passages:
        raise IndexUnusable(f"no passages could be read from {corpus_dir}")
    tokenizer = Tokenizer(corpus_terms(passages))
    token_lists = [tokenizer.tokens(p.text) for p in passages]
    bm25 = BM25Index.build(token_lists)
    doc_freq: dict[str, int] = {}
    for tokens in token_lists:
        for t in set(tokens):
            doc_freq[t] = doc_freq.get(t, 0) + 1
    units = [(i, a, b, text) for i, p in enumerate(passages) for a, b, text in embedding_units(p)]
    vectors = embedder.embed_passages([u[3] for u in units], progress=progress)
    unit_spans = np.array([u[:3] for u in units], dtype=np.int64).reshape(-1, 3)
    store = VECTOR_STORE.build(vectors)

    index_dir.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f"build-{time.strftime('%Y%m%d-%H%M%S')}-", dir=index_dir))
    try:
        _write_jsonl(build / "passages.jsonl", [p.to_dict() for p in passages])
        (build / "sections.json").write_text(json.dumps(
            [{**s.__dict__, "path": list(s.path)} for s in sections], ensure_ascii=False), encoding="utf-8")
        (build / "docs.json").write_text(json.dumps({d.doc_id: {
            "title": d.title, "year": d.year, "file": d.path.name, "meta": d.meta, "encoding": d.encoding,
        } for d in docs}, ensure_ascii=False), encoding="utf-8")
        (build / "assignments.json").write_text(json.dumps([a.to_dict() for a in assignments],
                                                           ensure_ascii=False), encoding="utf-8")
        (build / "terms.json").write_text(json.dumps(tokenizer.terms, ensure_ascii=False), encoding="utf-8")
        (build / "doc_freq.json").write_text(json.dumps(doc_freq, ensure_ascii=False), encoding="utf-8")
        store.save(build / "vectors.faiss")
        np.save(build / "unit_spans.npy", unit_spans)
        (build / "bm25").mkdir()
        bm25.save(build / "bm25")
        manifest = {
            "format": FORMAT_VERSION,
            "corpus": fingerprint,
            "model_id": embedder.model_id,
            "dim": int(vectors.shape[1]),
            "vector_count": int(len(vectors)),
            "versions": _versions(),
            "code": code_fingerprint(),
            "passage_count": len(passages),
            "warnings": warnings,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "checksums": {str(p.relative_to(build)): _sha256(p) for p in sorted(build.rglob("*")) if p.is_file()},
        }
        _atomic_write(build / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        _fsync_dir(build)
        _atomic_write(index_dir / "CURRENT", build.name)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _remove_old_builds(index_dir, keep=build.name)
    return PlanIndex(passages, sections, json.loads((build / "docs.json").read_text(encoding="utf-8")),
                     store, unit_spans, bm25, tokenizer, doc_freq, manifest, build, warnings, assignments)


@timed("load_index")
def load_index(index_dir: Path) -> PlanIndex:
    """Load the current build, verifying every artifact against the manifest."""
    index_dir = Path(index_dir)
    try:
        build = index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"no usable index in {index_dir}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexUnusable("index format changed")
    for rel, digest in manifest.get("checksums", {}).items():
        path = build / rel
        if not path.is_file() or _sha256(path) != digest:
            raise IndexUnusable(f"index file {rel} is missing or corrupt")
    try:
        passages = [Passage.from_dict(json.loads(line)) for line in
                    (build / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line]
        sections = [Section(**{**s, "path": tuple(s["path"])}) for s in
                    json.loads((build / "sections.json").read_text(encoding="utf-8"))]
        docs = json.loads((build / "docs.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer(json.loads((build / "terms.json").read_text(encoding="utf-8")))
        doc_freq = json.loads((build / "doc_freq.json").read_text(encoding="utf-8"))
        store = VECTOR_STORE.load(build / "vectors.faiss")
        unit_spans = np.load(build / "unit_spans.npy")
        bm25 = BM25Index.load(build / "bm25")
        assignments = [Assignment.from_dict(a) for a in
                       json.loads((build / "assignments.json").read_text(encoding="utf-8"))]
    except Exception as exc:  # any unreadable artifact means: rebuild
        raise IndexUnusable(f"index in {build} cannot be read: {exc}") from exc
    if len(passages) != manifest["passage_count"] or len(store) != len(unit_spans) \
            or (len(unit_spans) and unit_spans[:, 0].max() >= len(passages)):
        raise IndexUnusable("index counts disagree with the manifest")
    return PlanIndex(passages, sections, docs, store, unit_spans, bm25, tokenizer, doc_freq, manifest, build,
                     list(manifest.get("warnings", [])), assignments)


# The modules whose code decides what a build contains: a change to any of them rebuilds.
_BUILD_MODULES = ("documents", "cleaning", "structure", "responsibility", "owners", "years", "lexical", "index")


def code_fingerprint() -> str:
    """sha256 over the source of the modules that shape a build, so an index written by other
    parsing code (an upgrade) is rebuilt rather than trusted."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _BUILD_MODULES:
        h.update(name.encode())
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()


def stale_reason(index: PlanIndex, corpus_dir: Path, embedder) -> str | None:
    """Why a loaded index no longer matches the corpus, model or parsing code (None when fresh)."""
    if index.manifest.get("model_id") != embedder.model_id:
        return f"model changed ({index.manifest.get('model_id')} -> {embedder.model_id})"
    if index.manifest.get("code") != code_fingerprint():
        return "the code that parses plans changed"
    if index.manifest.get("corpus") != corpus_fingerprint(corpus_dir):
        return "corpus changed"
    return None


def ensure_index(corpus_dir: Path, index_dir: Path, embedder, rebuild: bool = False,
                 progress: bool = True) -> PlanIndex:
    """The current index if it is complete and fresh, otherwise a new build."""
    if not rebuild:
        try:
            index = load_index(index_dir)
            reason = stale_reason(index, Path(corpus_dir), embedder)
            if reason is None:
                return index
            log.warning("rebuilding the index: %s", reason)
        except IndexUnusable as exc:
            log.warning("rebuilding the index: %s", exc)
    return build_index(corpus_dir, index_dir, embedder, progress=progress)


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_builds(index_dir: Path, keep: str, grace_seconds: float = 120.0) -> None:
    """Drop superseded builds; recent ones may belong to another process still building."""
    now = time.time()
    for old in index_dir.glob("build-*"):
        if old.name != keep and now - old.stat().st_mtime > grace_seconds:
            shutil.rmtree(old, ignore_errors=True)
