"""Stage 1 (loading): encodings, formats, line numbers, sidecars and clear errors.

Every fixture is written here into tmp_path; the PDF is built byte by byte (a
Type0 font with a ToUnicode map, so pypdf extracts Chinese) to need no PDF writer.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.documents import (
    SUPPORTED_SUFFIXES,
    DocumentError,
    MetadataWarning,
    corpus_files,
    corpus_fingerprint_files,
    load_corpus,
    load_document,
)

from .conftest import RURAL_PLAN as RURAL, SHARED, needs_shared

SEED = SHARED / "seeds" / "000_1c2f72eccb6bae8a.txt"

PLAN_MD = """# 2024年政府工作计划

## 一、总体要求

到2025年，全市地区生产总值增长6%左右。

  （一）稳增长。加快建设现代化产业体系。

## 二、重点任务
"""


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one BT block per line, CIDs mapped to Unicode by a ToUnicode CMap."""
    chars = sorted({c for page in pages for line in page for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    entries = [f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars]
    blocks = "".join(
        f"{len(entries[i:i + 100])} beginbfchar\n" + "\n".join(entries[i:i + 100]) + "\nendbfchar\n"
        for i in range(0, len(entries), 100)
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + blocks
        + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    page_ids = [6 + 2 * i for i in range(len(pages))]
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {len(pages)} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
           b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
           b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    }
    for pid, page in zip(page_ids, pages):
        content = "\n".join(
            f"BT /F1 12 Tf 72 {760 - 20 * k} Td <{''.join(f'{cid[c]:04X}' for c in line)}> Tj ET"
            for k, line in enumerate(page)
        ).encode()
        objs[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
                     f" << /Font << /F1 3 0 R >> >> /Contents {pid + 1} 0 R >>").encode()
        objs[pid + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def file_line_count(data: bytes) -> int:
    """Lines as an editor counts them: line ends, plus a last line without one."""
    n = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return n + (1 if data and not data.endswith((b"\n", b"\r")) else 0)


# ---------------------------------------------------------------- text and encodings

def test_markdown_kept_raw_with_line_numbers(tmp_path):
    doc = load_document(write(tmp_path / "plan.md", PLAN_MD))
    assert doc.doc_id == "plan" and doc.encoding == "utf-8"
    assert doc.lines == PLAN_MD.split("\n")[:-1]  # final newline adds no line
    assert doc.lines[0] == "# 2024年政府工作计划" and doc.lines[2] == "## 一、总体要求"
    assert doc.lines[1] == "" and doc.lines[6] == "  （一）稳增长。加快建设现代化产业体系。"  # blanks, indentation kept
    assert doc.meta == {} and doc.title == "plan" and doc.year is None


@pytest.mark.parametrize("text,expected", [
    ("a\nb", ["a", "b"]),
    ("a\nb\n", ["a", "b"]),
    ("a\n\n", ["a", ""]),
    ("\n\na\n\n\nb", ["", "", "a", "", "", "b"]),
    ("a\r\n\r\nb\r\n", ["a", "", "b"]),
    ("a\rb\r\rc", ["a", "b", "", "c"]),
    ("a\x0cb\u2028c\n", ["a\x0cb\u2028c"]),  # only CR/LF end lines, as in an editor
])
def test_line_numbers_point_back_to_file(tmp_path, text, expected):
    path = write(tmp_path / "x.txt", text)
    doc = load_document(path)
    assert doc.lines == expected
    assert len(doc.lines) == file_line_count(path.read_bytes())


def test_crlf_file(tmp_path):
    doc = load_document(write(tmp_path / "crlf.txt", "一、总体要求\r\n\r\n  到2025年\r\n"))
    assert doc.lines == ["一、总体要求", "", "  到2025年"]
    assert not any("\r" in line for line in doc.lines)


def test_utf8_bom_removed(tmp_path):
    doc = load_document(write(tmp_path / "bom.txt", "\ufeff工作计划\n第二行\n"))
    assert doc.encoding == "utf-8-sig"
    assert doc.lines == ["工作计划", "第二行"]


def test_gb18030_with_characters_beyond_gbk(tmp_path):
    text = "𠮷野家的计划\n一、总体要求\n推进䶮、龘等生僻字录入。\n"
    assert len("𠮷".encode("gb18030")) == 4  # a four-byte GB18030 sequence, not in GBK
    with pytest.raises(UnicodeEncodeError):
        "𠮷".encode("gbk")
    doc = load_document(write(tmp_path / "gb.txt", text, "gb18030"))
    assert doc.encoding == "gb18030"
    assert doc.lines == text.split("\n")[:-1]


def test_gbk_file(tmp_path):
    text = PLAN_MD.replace("\n", "\r\n")
    doc = load_document(write(tmp_path / "gbk.txt", text, "gbk"))
    assert doc.encoding == "gb18030"
    assert doc.lines == PLAN_MD.split("\n")[:-1]


@pytest.mark.parametrize("snippet", [
    "工作计划", "乡村振兴", "一、总体要求", "各区县政府负责落实。", "中", "目标：增长6%", "囧", "犇羴", "正气·",
])
def test_short_gbk_snippets_detected(tmp_path, snippet):
    """charset-normalizer guesses Big5/CP949 for most of these; they must still read right."""
    doc = load_document(write(tmp_path / "short.txt", snippet + "\n", "gbk"))
    assert (doc.encoding, doc.lines) == ("gb18030", [snippet])


@pytest.mark.parametrize("snippet", ["山", "业农", "陋习", "实施通", "业 180 ", "BA 品"])
def test_short_gbk_that_is_also_valid_utf8(tmp_path, snippet):
    """「联通」 problem: these GBK bytes are valid UTF-8 too (「山」 would read 'ɽ')."""
    data = snippet.encode("gbk")
    data.decode("utf-8")  # really ambiguous
    doc = load_document(write(tmp_path / "short.txt", data))
    assert (doc.encoding, doc.lines) == ("gb18030", [snippet])


@pytest.mark.parametrize("text", ["café au lait", "Grüße aus München", "Привет мир", "± 5 °C", "一、总体要求"])
def test_utf8_stays_utf8(tmp_path, text):
    doc = load_document(write(tmp_path / "u.txt", text))
    assert (doc.encoding, doc.lines) == ("utf-8", [text])


def test_other_non_utf8_text_uses_detector(tmp_path):
    """Non-GB legacy text is not forced into gb18030 (the detector may pick any
    Latin code page for so short a text, so only the ASCII parts are checked)."""
    text = "Plan for the café and the naïve résumé.\nSecond line.\n"
    doc = load_document(write(tmp_path / "latin.txt", text, "cp1252"))
    assert doc.encoding != "gb18030"
    assert doc.lines[0].startswith("Plan for the caf") and doc.lines[1] == "Second line."


# ---------------------------------------------------------------- docx and pdf

def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("一、总体要求", level=1)
    d.add_paragraph("到2025年，全市GDP增长6%。")
    d.add_paragraph("")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["任务", "牵头单位", "完成时限"], ["乡村振兴", "市农业农村局", "2025年"], ["合并", "", "x"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(2, 0).merge(table.cell(2, 1))
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    d.add_paragraph("  二、重点任务")
    path = tmp_path / "plan.docx"
    d.save(path)

    doc = load_document(path)
    assert doc.encoding == "docx" and doc.doc_id == "plan"
    assert doc.lines[:3] == ["一、总体要求", "到2025年，全市GDP增长6%。", ""]
    assert doc.lines[3:6] == ["任务\t牵头单位\t完成时限", "乡村振兴\t市农业农村局\t2025年", "合并\tx"]  # a merged cell appears once
    assert doc.lines[6:] == ["第一行", "第二行", "  二、重点任务"]


def test_pdf_pages_lines_in_order(tmp_path):
    path = write(tmp_path / "plan.pdf", make_pdf([["一、总体要求", "到2025年，GDP增长6%。"], ["二、重点任务", "  推进乡村振兴"]]))
    doc = load_document(path)
    assert doc.encoding == "pdf" and doc.doc_id == "plan"
    assert doc.lines == ["一、总体要求", "到2025年，GDP增长6%。", "二、重点任务", "  推进乡村振兴"]


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path / "scan.pdf", make_pdf([[]]))
    with pytest.raises(DocumentError, match=r"scan\.pdf.*OCR"):
        load_document(path)


@pytest.mark.parametrize("name,data", [
    ("broken.docx", b"PK\x03\x04 this is not really a zip"),
    ("notzip.docx", "只是文本".encode()),
    ("broken.pdf", b"%PDF-1.4\n garbage without objects"),
    ("notpdf.pdf", "只是文本".encode()),
])
def test_corrupt_docx_pdf(tmp_path, name, data):
    with pytest.raises(DocumentError) as e:
        load_document(write(tmp_path / name, data))
    assert name in str(e.value) and e.value.path.name == name


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \r\n\n\t\n", "whitespace"),
    ("ideographic.txt", "\ufeff\u3000\u3000\n".encode(), "whitespace"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("controls.txt", bytes(range(1, 9)) * 20, "binary"),
    ("really.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
])
def test_bad_text_files_named(tmp_path, name, data, reason):
    with pytest.raises(DocumentError) as e:
        load_document(write(tmp_path / name, data))
    assert str(e.value).startswith(name) and reason in str(e.value)


def test_unsupported_extension(tmp_path):
    with pytest.raises(DocumentError, match=r"old\.doc: unsupported file type '\.doc'.*\.docx"):
        load_document(write(tmp_path / "old.doc", b"\xd0\xcf\x11\xe0"))


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "内容\n")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DocumentError, match=r"locked\.txt: .*permission denied"):
        load_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match=r"gone\.txt: file not found"):
        load_document(tmp_path / "gone.txt")


# ---------------------------------------------------------------- metadata sidecars

def test_sidecar_metadata_read(tmp_path):
    path = write(tmp_path / "plan.txt", "一、总体要求\n")
    meta = {"title": "2024年政府工作计划", "city": "永康", "year": 2024, "kind": "work plan",
            "source": "https://example.gov.cn/plan", "issued": "2024-02-01"}
    write(tmp_path / "plan.txt.meta.json", json.dumps(meta, ensure_ascii=False))
    doc = load_document(path)
    assert doc.meta == meta and doc.title == "2024年政府工作计划" and doc.year == 2024


@pytest.mark.parametrize("sidecar", ['{"title": "x",}', "[1, 2]", '{"year": "twenty"}', ""])
def test_malformed_sidecar_warns_and_document_loads(tmp_path, sidecar):
    path = write(tmp_path / "plan.txt", "一、总体要求\n")
    write(tmp_path / "plan.txt.meta.json", sidecar)
    with pytest.warns(MetadataWarning, match=r"plan\.txt\.meta\.json"):
        doc = load_document(path)
    assert doc.meta == {} and doc.lines == ["一、总体要求"]

    docs, problems = load_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["plan"]
    assert len(problems) == 1 and problems[0].startswith("plan.txt.meta.json")


# ---------------------------------------------------------------- corpus

def build_corpus(root: Path) -> Path:
    root.mkdir()
    write(root / "a_plan.md", PLAN_MD)
    write(root / "b_gbk.txt", "工作计划\n", "gbk")
    write(root / "c_empty.txt", b"")
    write(root / "d_binary.txt", b"\x00\x01\x02\xff" * 10)
    write(root / "e_plan.txt", "第二份计划\n")
    write(root / "e_plan.txt.meta.json", '{"title": "第二份"}')
    write(root / "old.doc", b"\xd0\xcf\x11\xe0")
    write(root / "README.md", "# 说明\n")
    write(root / ".hidden.txt", "隐藏\n")
    write(root / "~$a_plan.docx", b"lock")
    write(root / "owners.csv", "任务,单位\n")
    write(root / "owners.xlsx", b"PK\x03\x04")
    (root / "sub").mkdir()
    write(root / "sub" / "nested.txt", "子目录\n")
    return root


def test_load_corpus_bad_files_do_not_stop_others(tmp_path):
    root = build_corpus(tmp_path / "corpus")
    docs, problems = load_corpus(root)
    assert [d.doc_id for d in docs] == ["a_plan", "b_gbk", "e_plan"]
    assert docs[2].title == "第二份" and docs[1].lines == ["工作计划"]
    assert len(problems) == 3
    assert problems[0].startswith("c_empty.txt") and "empty" in problems[0]
    assert problems[1].startswith("d_binary.txt") and "binary" in problems[1]
    assert problems[2].startswith("old.doc") and "unsupported" in problems[2]


def test_corpus_file_lists(tmp_path):
    root = build_corpus(tmp_path / "corpus")
    assert [p.name for p in corpus_files(root)] == ["a_plan.md", "b_gbk.txt", "c_empty.txt", "d_binary.txt", "e_plan.txt"]
    assert all(p.suffix in SUPPORTED_SUFFIXES for p in corpus_files(root))
    assert [p.name for p in corpus_fingerprint_files(root)] == [
        "a_plan.md", "b_gbk.txt", "c_empty.txt", "d_binary.txt", "e_plan.txt", "e_plan.txt.meta.json",
        "owners.csv", "owners.xlsx",
    ]


def test_duplicate_names_keep_one(tmp_path):
    write(tmp_path / "plan.md", "# 计划\n")
    write(tmp_path / "plan.txt", "计划\n")
    docs, problems = load_corpus(tmp_path)
    assert [d.path.name for d in docs] == ["plan.md"]
    assert problems and problems[0].startswith("plan.txt") and "plan.md" in problems[0]


def test_missing_or_unusable_corpus(tmp_path):
    with pytest.raises(DocumentError, match="not found"):
        load_corpus(tmp_path / "nope")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "README.md", "# 说明\n")
    with pytest.raises(DocumentError, match=r"no loadable document.*empty\.txt: file is empty"):
        load_corpus(tmp_path)
    (tmp_path / "empty.txt").unlink()
    with pytest.raises(DocumentError, match="no loadable document"):
        load_corpus(tmp_path)


# ---------------------------------------------------------------- real plans

@needs_shared(SEED)
def test_real_seed_plan(tmp_path):
    path = Path(shutil.copy(SEED, tmp_path / SEED.name))
    doc = load_document(path)
    data = path.read_bytes()
    assert doc.doc_id == SEED.stem and doc.encoding == "utf-8"
    assert len(doc.lines) == file_line_count(data)
    assert doc.lines == path.read_text(encoding="utf-8").split("\n")[: len(doc.lines)]
    assert not any("\r" in line for line in doc.lines)


@needs_shared(RURAL)
def test_real_crlf_plan(tmp_path):
    path = Path(shutil.copy(RURAL, tmp_path / RURAL.name))
    docs, problems = load_corpus(tmp_path)
    assert problems == [] and len(docs) == 1
    doc, data = docs[0], path.read_bytes()
    assert b"\r\n" in data
    assert len(doc.lines) == file_line_count(data)
    assert not any("\r" in line for line in doc.lines)
    assert doc.lines == path.read_text(encoding="utf-8").split("\n")[: len(doc.lines)]
    assert doc.lines[0].startswith("中共中央")
