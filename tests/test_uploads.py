"""Uploads (文档管理): names, sizes, content sniffing, corrupt files, and serving while indexing."""
from __future__ import annotations

import io
import threading
import tracemalloc
import zipfile

import pytest

from assistant import uploads
from assistant.uploads import UploadError, add_upload, corpus_listing, remove_document, safe_name, uploads_allowed

PLAN = "# 海岛渔港振兴行动\n\n一、渔港建设\n\n新建避风锚地7处，改造渔港码头3座。\n"


def tree(folder) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "site" / "corpus"
    c.mkdir(parents=True)
    (c / "plan.txt").write_text("一、总体要求\n\n确保完成投资10亿元。\n", encoding="utf-8")
    return c


def src(tmp_path, name: str, data: bytes):
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, expected", [
    ("../../evil.md", "evil.md"), ("..\\..\\evil.md", "evil.md"), ("/etc/cron.d/x.txt", "x.txt"),
    ("  .hidden plan.TXT", "hidden plan.txt"), ("a<b>:c?.md", "abc.md"), ("计划\x00\x1f.docx", "计划.docx"),
])
def test_names_become_plain_file_names(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["..", "", "plan.exe", "plan", "README.md", "x.txt.meta.json", "...txt"])
def test_bad_names_are_refused(name):
    with pytest.raises(UploadError):
        safe_name(name)


def test_a_name_with_dotdot_lands_inside_the_corpus(tmp_path, corpus):
    before_site = tree(tmp_path / "site")
    dest = add_upload(src(tmp_path, "x.md", PLAN.encode()), "../../../evil.md", corpus)
    assert dest == corpus.resolve() / "evil.md" and dest.read_text(encoding="utf-8") == PLAN
    assert tree(tmp_path / "site") - before_site == {"corpus/evil.md"}  # nothing else, no staging left


def test_a_200_mb_file_is_refused_by_its_size_without_reading_it(tmp_path, corpus):
    big = tmp_path / "incoming" / "big.txt"
    big.parent.mkdir()
    with open(big, "wb") as f:  # sparse: 200 MB on paper, nothing allocated
        f.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    with pytest.raises(UploadError, match="太大"):
        add_upload(big, "big.txt", corpus)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024 and tree(corpus) == {"plan.txt"}


def test_an_exe_renamed_pdf_is_refused_by_its_content(tmp_path, corpus):
    exe = src(tmp_path, "report.pdf", b"MZ\x90\x00\x03" + bytes(range(256)) * 40)
    with pytest.raises(UploadError, match="不是 PDF"):
        add_upload(exe, "report.pdf", corpus)
    for disguise in ("report.docx", "report.txt", "table.csv"):
        with pytest.raises(UploadError, match="不是"):
            add_upload(exe, disguise, corpus)
    assert tree(corpus) == {"plan.txt"}


def test_a_corrupt_docx_is_refused_with_its_reason(tmp_path, corpus):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(UploadError, match="无法读取"):
        add_upload(src(tmp_path, "bad.docx", buf.getvalue()), "bad.docx", corpus)
    with pytest.raises(UploadError, match="不是 Word"):  # cut short: no longer a package
        add_upload(src(tmp_path, "cut.docx", buf.getvalue()[:40]), "cut.docx", corpus)
    assert tree(corpus) == {"plan.txt"}


def test_a_real_docx_and_a_responsibility_table_are_accepted(tmp_path, corpus):
    from docx import Document

    doc = Document()
    for line in PLAN.split("\n"):
        doc.add_paragraph(line.lstrip("# "))
    doc.save(tmp_path / "harbour.docx")
    assert add_upload(tmp_path / "harbour.docx", "harbour.docx", corpus).exists()
    table = "序号,任务,牵头单位,配合单位\n1,新建避风锚地,市海洋局,市交通局\n".encode("utf-8-sig")
    assert add_upload(src(tmp_path, "t.csv", table), "任务分解表.csv", corpus).exists()
    with pytest.raises(UploadError, match="表头"):
        add_upload(src(tmp_path, "n.csv", "a,b\n1,2\n".encode()), "numbers.csv", corpus)
    with pytest.raises(UploadError, match="同名"):
        add_upload(src(tmp_path, "x.md", PLAN.encode()), "plan.md", corpus)  # same document id as plan.txt
    assert [(f.name, f.kind) for f in corpus_listing(corpus)] == [
        ("harbour.docx", "计划"), ("plan.txt", "计划"), ("任务分解表.csv", "责任表")]


def test_remove_keeps_the_last_plan(tmp_path, corpus):
    add_upload(src(tmp_path, "x.md", PLAN.encode()), "harbour.md", corpus)
    (corpus / "harbour.md.meta.json").write_text("{}", encoding="utf-8")
    remove_document(corpus, "harbour.md")
    assert tree(corpus) == {"plan.txt"}
    with pytest.raises(UploadError, match="最后一份"):
        remove_document(corpus, "plan.txt")
    with pytest.raises(UploadError, match="没有这个文档"):
        remove_document(corpus, "../plan.txt")


def test_uploads_are_off_by_default_and_need_logins_beyond_loopback(monkeypatch):
    for var in (uploads.ENV, "PLAN_ASSISTANT_HOST", "GRADIO_SERVER_NAME", "PLAN_ASSISTANT_USERS"):
        monkeypatch.delenv(var, raising=False)
    assert uploads_allowed()[0] is False
    monkeypatch.setenv(uploads.ENV, "1")
    assert uploads_allowed() == (True, "")
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")  # the app honours it when PLAN_ASSISTANT_HOST is unset
    assert uploads_allowed()[0] is False
    monkeypatch.delenv("GRADIO_SERVER_NAME")
    monkeypatch.setenv("PLAN_ASSISTANT_HOST", "0.0.0.0")
    allowed, why = uploads_allowed()
    assert allowed is False and "PLAN_ASSISTANT_USERS" in why
    monkeypatch.setenv("PLAN_ASSISTANT_USERS", "ann:pw")
    assert uploads_allowed()[0] is True


def test_upload_while_questions_are_answered_loses_no_answer(corpus_copy, tmp_path, fake_embedder):
    from assistant.pipeline import Assistant
    from assistant.retrieval import SearchSettings

    assistant = Assistant(corpus_copy, tmp_path / "index", embedder=fake_embedder, progress=False,
                          settings=SearchSettings(fusion="bm25"))
    statuses: list[str] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            try:
                statuses.append(assistant.ask("城市更新的目标是什么？").status)
            except BaseException as exc:  # noqa: BLE001 - any failure is a lost answer
                errors.append(exc)

    askers = [threading.Thread(target=keep_asking) for _ in range(2)]
    for t in askers:
        t.start()
    try:
        add_upload(src(tmp_path, "h.md", PLAN.encode()), "harbour.md", corpus_copy)
        assistant.reload()
    finally:
        stop.set()
        for t in askers:
            t.join()
    assert not errors and statuses and set(statuses) == {"answered"}
    assert len(assistant.index.docs) == 2
    answer = assistant.ask("避风锚地新建几处？")
    assert answer.found and any(c.file == "harbour.md" for c in answer.citations)
