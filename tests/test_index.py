"""The index on disk: fresh indexes are reused; stale, corrupt or half-written ones never are."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant import index as index_mod
from assistant.embedding import HashingEmbedder
from assistant.index import IndexUnusable, build_index, ensure_index, load_index
from assistant.query import normalise
from tests.conftest import CORPUS
from tests.test_understanding import ROLES_PLAN


@pytest.fixture
def built(tmp_path, corpus_copy, fake_embedder):
    index_dir = tmp_path / "index"
    return corpus_copy, index_dir, build_index(corpus_copy, index_dir, fake_embedder, progress=False)


def current_build(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def test_manifest_records_corpus_model_versions_and_counts(built):
    corpus, index_dir, ix = built
    manifest = json.loads((current_build(index_dir) / "manifest.json").read_text())
    assert set(manifest["corpus"]) == {p.name for p in corpus.iterdir()}
    assert manifest["model_id"] == HashingEmbedder().model_id
    assert manifest["passage_count"] == len(ix.passages) > 50
    assert {"faiss-cpu", "bm25s", "jieba"} <= set(manifest["versions"])
    assert manifest["vector_count"] >= manifest["passage_count"]


def test_fresh_index_is_reused_not_rebuilt(built, fake_embedder, monkeypatch):
    corpus, index_dir, _ = built
    monkeypatch.setattr(index_mod, "build_index", lambda *a, **k: pytest.fail("rebuilt a fresh index"))
    assert len(ensure_index(corpus, index_dir, fake_embedder).passages) > 50


@pytest.mark.parametrize("damage", ["truncate", "garble", "delete"])
def test_corrupt_file_is_detected_and_rebuilt(built, fake_embedder, damage):
    corpus, index_dir, ix = built
    target = current_build(index_dir) / ("vectors.faiss" if damage != "garble" else "passages.jsonl")
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "garble":
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
    else:
        target.unlink()
    with pytest.raises(IndexUnusable):
        load_index(index_dir)
    rebuilt = ensure_index(corpus, index_dir, fake_embedder, progress=False)
    assert len(rebuilt.passages) == len(ix.passages)
    load_index(index_dir)  # the new build verifies


def test_changed_corpus_or_model_triggers_rebuild(built, fake_embedder):
    corpus, index_dir, ix = built
    (corpus / "extra.md").write_text("# 新增计划\n\n新建口袋公园12个。\n", encoding="utf-8")
    grown = ensure_index(corpus, index_dir, fake_embedder, progress=False)
    assert len(grown.passages) > len(ix.passages)
    other = ensure_index(corpus, index_dir, HashingEmbedder(dim=32), progress=False)
    assert other.manifest["model_id"] == "hashing-ngram-32"


def test_index_built_by_other_parsing_code_is_rebuilt(built, fake_embedder, monkeypatch):
    """An upgrade that changes how plans are parsed (structure, owners …) must not serve the
    index the old code wrote: the manifest's code fingerprint no longer matches."""
    corpus, index_dir, ix = built
    old = current_build(index_dir)
    monkeypatch.setattr(index_mod, "code_fingerprint", lambda: "parsing code of another version")
    assert index_mod.stale_reason(load_index(index_dir), corpus, fake_embedder) == "the code that parses plans changed"
    rebuilt = ensure_index(corpus, index_dir, fake_embedder, progress=False)
    assert current_build(index_dir) != old and rebuilt.manifest["code"] == "parsing code of another version"


def test_crash_mid_build_keeps_the_previous_index(built, fake_embedder, monkeypatch):
    corpus, index_dir, ix = built
    before = (index_dir / "CURRENT").read_text()
    (corpus / "extra.md").write_text("# 新增\n\n新建公园3个。\n", encoding="utf-8")

    def crash(self, path):
        Path(path).write_bytes(b"partial")
        raise KeyboardInterrupt("killed while writing")

    monkeypatch.setattr(index_mod.FaissStore, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, fake_embedder, progress=False)
    assert (index_dir / "CURRENT").read_text() == before
    assert len(load_index(index_dir).passages) == len(ix.passages)
    assert [p.name for p in index_dir.glob("build-*")] == [before.strip()]


def test_unreadable_corpus_file_is_named_and_the_rest_served(tmp_path, corpus_copy, fake_embedder):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    ix = build_index(corpus_copy, tmp_path / "index", fake_embedder, progress=False)
    assert any("broken.txt" in w for w in ix.warnings)
    assert any("130亿元以上" in p.text for p in ix.passages)


def test_empty_corpus_gives_clear_error(tmp_path, fake_embedder):
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="empty"):
        build_index(tmp_path / "empty", tmp_path / "index", fake_embedder, progress=False)
    shutil.rmtree(tmp_path / "empty")


class NumpyStore:
    """A second VectorStore (exact search in numpy): the rest of the code must need nothing more."""

    def __init__(self, vectors: np.ndarray):
        self.vectors = vectors

    @classmethod
    def build(cls, vectors: np.ndarray) -> "NumpyStore":
        return cls(np.asarray(vectors, dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> "NumpyStore":
        return cls(np.load(path, allow_pickle=False))

    def save(self, path: Path) -> None:
        with open(path, "wb") as f:
            np.save(f, self.vectors)

    def __len__(self) -> int:
        return len(self.vectors)

    def passage_scores(self, query, unit_spans, n_passages, k=2000):
        scores = self.vectors @ query.astype(np.float32).ravel()
        out = np.full(n_passages, -np.inf, dtype=np.float32)
        np.maximum.at(out, unit_spans[:, 0], scores)
        return out, dict(enumerate(scores.tolist()))


def test_another_vector_store_is_one_class(tmp_path, fake_embedder, monkeypatch):
    from assistant.retrieval import Retriever, SearchSettings

    question = "城市更新投资额目标"
    faiss_ix = build_index(CORPUS, tmp_path / "faiss", fake_embedder, progress=False)
    monkeypatch.setattr(index_mod, "VECTOR_STORE", NumpyStore)
    build_index(CORPUS, tmp_path / "numpy", fake_embedder, progress=False)
    numpy_ix = load_index(tmp_path / "numpy")  # saved, verified and read back through the interface
    assert isinstance(numpy_ix.vectors, NumpyStore) and len(numpy_ix.vectors) == len(faiss_ix.vectors)
    dense = SearchSettings(fusion="dense")
    want = [(h.passage.passage_id, round(h.dense, 5)) for h in Retriever(faiss_ix, fake_embedder, dense).search(question, 8)]
    got = [(h.passage.passage_id, round(h.dense, 5)) for h in Retriever(numpy_ix, fake_embedder, dense).search(question, 8)]
    assert got == want


def test_lexical_extra_adds_the_best_bm25_passages_fusion_left_out(tmp_path, fake_embedder):
    """The answerer's candidates: the fused top k, then the best BM25 passages not among them
    (a rare term matched exactly whose meaning ranked low)."""
    from assistant.retrieval import Retriever, SearchSettings

    ix = build_index(CORPUS, tmp_path / "ix", fake_embedder, progress=False)
    dense_only = Retriever(ix, fake_embedder, SearchSettings(fusion="dense"))  # BM25 has no say here
    lexical = Retriever(ix, fake_embedder, SearchSettings(fusion="bm25"))
    question = "专项债"
    best_lexical = lexical.search(question, 1)[0].passage.passage_id
    fused = dense_only.search(question, 3)
    assert best_lexical not in [h.passage.passage_id for h in fused]  # noise vectors: it ranked low
    with_extra = dense_only.search(question, 3, lexical_extra=2)
    ids = [h.passage.passage_id for h in with_extra]
    assert ids[:3] == [h.passage.passage_id for h in fused]  # the fused order is kept
    assert best_lexical in ids[3:] and len(ids) <= 5 and len(set(ids)) == len(ids)
    assert [h.rank for h in with_extra] == list(range(1, len(with_extra) + 1))


# A notice's opening lines before the tasks of the plan the owner tests use.
ISSUED_PLAN = """某县人民政府办公室关于印发某县2025年开放型经济工作方案的通知
（某政办〔2025〕3号）
各乡镇人民政府，县直各单位：
现将《某县2025年开放型经济工作方案》印发给你们，请认真贯彻执行。
2025年2月10日
""" + ROLES_PLAN.split("\n", 1)[1]


def _index_of(tmp_path: Path, name: str, text: str, embedder):
    """The index of a one-plan corpus written for a test."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / name).write_text(text, encoding="utf-8")
    return build_index(tmp_path / "src", tmp_path / "ix", embedder, progress=False)


@pytest.fixture
def issued_index(tmp_path, fake_embedder):
    """A plan written for these tests: a notice's opening lines, then tasks with their units."""
    return _index_of(tmp_path, "county-open-economy-2025.txt", ISSUED_PLAN, fake_embedder)


def test_a_question_naming_a_unit_ranks_what_the_plan_assigns_to_it(issued_index, fake_embedder):
    """Measures the unit leads first, then those it cooperates on; the abbreviation staff type
    (市场监管局 for 县市场监管局) is enough; without the weight the order is the plain fusion's."""
    from assistant.retrieval import Retriever, SearchSettings

    strong = Retriever(issued_index, fake_embedder, SearchSettings(assigned_weight=10.0))
    hits = strong.search("市场监管局负责哪些事", 3)
    assert hits[0].passage.text.startswith("3.加强品牌培育")  # leads
    assert hits[1].passage.text.startswith("1.扩大出口规模")  # cooperates
    assert hits[0].score - hits[2].score > 10.0 > hits[1].score - hits[2].score
    plain = Retriever(issued_index, fake_embedder, SearchSettings(assigned_weight=0.0))
    assert [round(h.score, 6) for h in plain.search("市场监管局负责哪些事", 3)] != [round(h.score, 6) for h in hits]
    naming_none = "外贸进出口总额是多少"
    assert [h.passage.passage_id for h in strong.search(naming_none, 5)] == \
        [h.passage.passage_id for h in plain.search(naming_none, 5)]


def test_a_question_about_the_document_ranks_its_opening_lines_first(issued_index, fake_embedder):
    """Number, issuer, date and title sit in the opening lines, whatever their meaning scores: the
    number and date lines first when those are asked, the title first when it is."""
    from assistant.retrieval import Retriever, SearchSettings

    hits = Retriever(issued_index, fake_embedder).search("这份方案的文号是多少？哪天印发的", 5)
    texts = [h.passage.text for h in hits]
    assert texts[:2] == ["（某政办〔2025〕3号）", "2025年2月10日"]  # before a title of any length
    assert texts[2].startswith("某县人民政府办公室关于印发")  # then the title, though printed as a headline
    assert all(h.passage.section_kind in ("headline", "lead") for h in hits)
    titled = Retriever(issued_index, fake_embedder).search("这份方案的标题原文是什么", 5)
    assert titled[0].passage.text.startswith("某县人民政府办公室关于印发")
    plain = Retriever(issued_index, fake_embedder, SearchSettings(structure_first=False))  # eval's baselines
    assert max(h.score for h in plain.search("这份方案的文号是多少？哪天印发的", 5)) < 100.0  # ranked by score alone


NESTED_PLAN = """# 某区2025年营商环境工作方案

一、重点任务

（一）推进政务服务提速

1.压缩审批时限。企业开办全程网办，一日办结。

2.推行证照联办。推广电子证照，减少重复提交材料。

（二）加强要素保障

3.保障用地需求。优先安排重点项目用地指标。

二、保障措施

4.每季度通报进展。
"""


@pytest.fixture
def nested_index(tmp_path, fake_embedder):
    """A plan written for these tests: two top-level parts, the first with two sub-parts."""
    return _index_of(tmp_path, "district-business-2025.txt", NESTED_PLAN, fake_embedder)


def test_the_outline_leads_only_for_the_plan_parts_not_a_named_sub_part(nested_index, fake_embedder):
    """哪几个部分 of the plan: its top-level headings first. 哪几个方面 of a part named by its
    sub-heading: that part's measures, by relevance, with no outline put before them."""
    from assistant.retrieval import Retriever

    r = Retriever(nested_index, fake_embedder)
    whole = r.search("这个方案分为哪几个部分", 3)
    assert [h.passage.text for h in whole[:2]] == ["一、重点任务", "二、保障措施"]
    sub = r.search("政务服务提速具体包括哪几个方面", 3)
    assert all(h.passage.section_kind != "heading" for h in sub)
    assert {h.passage.text[:2] for h in sub[:2]} == {"1.", "2."}  # the sub-part's passages


def test_a_list_question_naming_a_sub_heading_gets_that_section_in_the_plans_order(nested_index, fake_embedder):
    """The sub-heading matches the question's words better than any passage does: its passages lead,
    however few of the question's words each repeats, by their own scores. A list question that names
    no sub-heading (its words are a passage's) is ranked by score alone."""
    from assistant.retrieval import Retriever, SearchSettings

    r = Retriever(nested_index, fake_embedder)
    named = r.search("政务服务提速有哪些措施", 3)
    assert {h.passage.text[:2] for h in named[:2]} == {"1.", "2."} and min(h.score for h in named[:2]) > 1e5
    assert named[0].score >= named[1].score
    plain = r.search("哪些措施推广电子证照", 2)
    assert plain[0].passage.text.startswith("2.推行证照联办") and plain[0].score < 100.0
    off = Retriever(nested_index, fake_embedder, SearchSettings(structure_first=False))
    assert max(h.score for h in off.search("政务服务提速有哪些措施", 2)) < 100.0  # eval's plain baselines


def test_a_one_clause_sentence_is_embedded_bare_and_read_so_by_english_questions_only(nested_index, fake_embedder):
    """Its area-labelled vector serves Chinese questions; the bare sentence serves English ones."""
    from assistant.index import embedding_units
    from assistant.retrieval import Retriever

    one = next(p for p in nested_index.passages if p.text == "4.每季度通报进展。")
    units = embedding_units(one)
    assert [u[2] for u in units] == [f"{one.section_label}：4.每季度通报进展。", "4.每季度通报进展。"]
    r = Retriever(nested_index, fake_embedder)
    position = nested_index.passages.index(one)
    lo, hi = r._unit_range[position]
    assert r._bare_one_clause[lo:hi].tolist() == [False, True]
    _, _, zh_units = r.scores(normalise("每季度通报进展"))
    _, _, en_units = r.scores(normalise("How often is progress reported?"))
    assert lo in zh_units and hi - 1 not in zh_units
    assert hi - 1 in en_units
