"""Ingesting real plans as they are found: legal-database headers, titles from the text,
one-line reports, Markdown parts, mixed line ends, numbered measures as content,
and PDFs with running headers and page numbers (issue 10, parts 4 and 5)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.cleaning import metadata_header, page_furniture, split_run_on
from assistant.documents import load_document
from assistant.structure import HEADLINE, LEAD, parse_document, split_sentences

from .conftest import SHARED
from .test_documents import make_pdf

CORPORA = SHARED / "corpora"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora (real plans) not present")
BAOTOU = "2022-baotou-digital-gov-assessment.txt"
ANHUI = "2021-anhui-industrial-internet-plan.txt"
RCEP = "2022-anhui-rcep-implementation-opinions.txt"
SHANGHAI = "2024-shanghai-gov-work-report.txt"
RURAL = "2018-rural-revitalisation-opinions.txt"
_ITEM = re.compile(r"^(\d{1,2})[．.﹒、]")


def copy_plan(tmp_path: Path, name: str) -> Path:
    """A real plan copied as it is into its own corpus folder."""
    folder = tmp_path / Path(name).stem
    folder.mkdir()
    return Path(shutil.copy(CORPORA / name, folder / name))


def parse(path: Path):
    return parse_document(load_document(path))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def body(parsed) -> list:
    return [p for p in parsed.passages if p.section_kind not in ("heading", "headline")]


def top_titles(parsed) -> list[str]:
    return [s.title for s in parsed.sections if s.kind == "body" and s.level == 1]


def assert_spans_exact(parsed) -> None:
    for p in parsed.passages:
        assert parsed.clean[p.char_start : p.char_end] == p.text, p.passage_id


# ---------------------------------------------------------------- 1, 2: header and title

def test_legal_database_header_is_metadata_not_content():
    lines = ["    【法宝引证码】 CLI.12.5115678", "原文链接：https://example.org/a.html", "某市关于印发《办法》的通知",
             "一、总则"]
    assert metadata_header(lines) == {0, 1}
    assert metadata_header(["【法宝引证码】 CLI.1", "原文链接：", "https://example.org/x", "标题"]) == {0, 1, 2}
    assert metadata_header(["某市工作方案", "原文链接：https://example.org"]) == set()  # only before the title


@needs_corpora
def test_real_header_dropped_and_lines_stay_the_files_own(tmp_path):
    path = copy_plan(tmp_path, BAOTOU)
    parsed = parse(path)
    raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
    assert not any("法宝引证码" in p.text or "http" in p.text for p in parsed.passages)
    assert "法宝引证码" not in parsed.clean
    title_line = next(i for i, line in enumerate(raw, 1) if "关于印发" in line)
    headline = next(s for s in parsed.sections if s.kind == "headline")
    assert headline.line_first == title_line == 3
    for p in body(parsed):  # every passage's first characters are on the line it names
        assert re.sub(r"\s", "", p.text)[:6] in re.sub(r"\s", "", raw[p.line_first - 1]), p.passage_id
    assert_spans_exact(parsed)


@needs_corpora
def test_title_from_the_documents_own_title_line(tmp_path):
    from assistant.index import parse_corpus

    path = copy_plan(tmp_path, BAOTOU)
    raw_title = path.read_bytes().decode("utf-8").split("\r\n")[2].strip()
    docs, _, _, _ = parse_corpus(path.parent)
    assert docs[0].title == raw_title and docs[0].title != docs[0].doc_id
    rural = parse(copy_plan(tmp_path, RURAL))
    assert rural.doc.title == "中共中央 国务院关于实施乡村振兴战略的意见"  # its space kept as written


def test_title_from_headline_lines_and_sidecar_wins(tmp_path):
    text = "某县关于开展农村人居环境整治的实施方案\n（2023年5月）\n为改善环境，制定本方案。\n一、目标任务\n建成示范村10个。\n二、保障措施\n加强领导。\n"
    parsed = parse(write(tmp_path, "plan.txt", text))
    assert parsed.doc.title == "某县关于开展农村人居环境整治的实施方案"
    again = parse_document(parsed.doc)  # parsing again gives the same result
    assert [p.text for p in again.passages] == [p.text for p in parsed.passages]
    lead = [p.text for p in parsed.passages if p.section_path == (LEAD,)]
    assert lead == ["（2023年5月）", "为改善环境，制定本方案。"]  # the date is citable text, not title
    (tmp_path / "plan.txt.meta.json").write_text('{"title": "旁注标题"}', encoding="utf-8")
    assert parse(tmp_path / "plan.txt").doc.title == "旁注标题"


def test_no_title_line_keeps_file_name(tmp_path):
    parsed = parse(write(tmp_path, "report.txt", "各位代表：\n一、回顾\n增长5%。\n二、任务\n增长5%左右。\n"))
    assert parsed.doc.title == "report"


# ---------------------------------------------------------------- 3: one-line report

def test_one_line_report_gets_its_structure(tmp_path):
    text = ("各位代表： 现在，我代表市人民政府作报告。 一、过去一年工作回顾 过去一年，经济增长5%。一是产业升级；二是民生改善。 "
            "（一）坚持改革开放，重大任务扎实推进 开放水平提升。外贸增长3%。 （二）保障民生 新增养老床位500张。 "
            "二、今年主要任务 今年预期目标是增长5%左右。 （一）加快建设科创中心，提升能级。坚持创新驱动。研发投入增长。 "
            "三、加强政府自身建设 坚持依法行政。")
    parsed = parse(write(tmp_path, "report.txt", text))
    assert top_titles(parsed) == ["一、过去一年工作回顾", "二、今年主要任务", "三、加强政府自身建设"]
    subs = [s.label for s in parsed.sections if s.level == 2]
    assert subs == ["一、过去一年工作回顾 › （一）坚持改革开放，重大任务扎实推进", "一、过去一年工作回顾 › （二）保障民生",
                    "二、今年主要任务 › （一）加快建设科创中心，提升能级"]
    assert all(p.line_first == p.line_last == 1 for p in parsed.passages)
    assert_spans_exact(parsed)
    p = next(p for p in parsed.passages if "养老床位" in p.text)
    assert p.text == "新增养老床位500张。" and p.section_path[-1] == "（二）保障民生"
    assert "一是产业升级；" in [p.text for p in parsed.passages]  # inline 一是… stay sentences


def test_run_on_split_keeps_spaces_inside_paragraphs():
    line = "一、目标 建成 5G 基站100个。 二、措施 Windows 10 升级完成。"
    spans = split_run_on(line, lambda t: bool(re.match("^[一二三]、", t)))
    assert [line[a:b] for a, b in spans] == ["一、目标", "建成 5G 基站100个。", "二、措施", "Windows 10 升级完成。"]


@needs_corpora
def test_real_one_line_report_outline(tmp_path):
    parsed = parse(copy_plan(tmp_path, SHANGHAI))
    assert len(parsed.doc.lines) == 1
    tops = [s for s in parsed.sections if s.kind == "body" and s.level == 1]
    assert [s.title[:2] for s in tops] == ["一、", "二、", "三、"]
    for top, n in zip(tops, (5, 9, 5)):
        subs = [s for s in parsed.sections if s.level == 2 and s.path[0] == top.title]
        assert len(subs) == n and subs[0].title.startswith("（一）"), top.title
    assert all(p.line_first == p.line_last == 1 for p in parsed.passages)
    assert_spans_exact(parsed)
    assert not any(re.fullmatch(r"[（(]?(上接|下转)第?\d+版[）)]?", p.text) for p in parsed.passages)
    sentences = body(parsed)
    assert len(sentences) > 300
    assert sum(p.text[-1] in "。；！？”）" for p in sentences) >= 0.95 * len(sentences)


# ---------------------------------------------------------------- 4: Markdown

def test_markdown_title_is_headline_and_parts_on_top(tmp_path):
    text = "# 某区2024年营商环境优化方案\n\n为优化环境，制定本方案。\n\n## 总体目标\n\n办理时限压缩50%。\n\n## 重点任务\n\n### 政务服务\n\n推行一网通办。\n"
    parsed = parse(write(tmp_path, "plan.md", text))
    assert parsed.doc.title == "某区2024年营商环境优化方案"
    assert [s.label for s in parsed.sections if s.kind == "body"] == ["总体目标", "重点任务", "重点任务 › 政务服务"]
    assert [s.level for s in parsed.sections if s.kind == "body"] == [1, 1, 2]
    lead = next(p for p in parsed.passages if "制定本方案" in p.text)
    assert lead.section_path == (LEAD,)
    headline = next(p for p in parsed.passages if p.section_kind == "headline")
    assert headline.section_path == (HEADLINE,) and headline.line_first == 1


# ---------------------------------------------------------------- 5: line ends

def _signature(parsed) -> list[tuple]:
    return [(p.text, p.section_path, p.char_start, p.char_end, p.line_first, p.line_last) for p in parsed.passages]


@needs_corpora
@pytest.mark.parametrize("name", [RCEP, ANHUI])
def test_mixed_crlf_lf_parses_like_lf(tmp_path, name):
    data = (CORPORA / name).read_bytes()
    assert b"\r\n" in data and re.search(rb"[^\r]\n", data)  # really mixed
    mixed = parse(copy_plan(tmp_path, name))
    lf_path = tmp_path / "lf" / name
    lf_path.parent.mkdir()
    lf_path.write_bytes(data.replace(b"\r\n", b"\n"))
    crlf_path = tmp_path / "crlf" / name
    crlf_path.parent.mkdir()
    crlf_path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert _signature(parse(lf_path)) == _signature(mixed) == _signature(parse(crlf_path))
    assert not any("\r" in p.text for p in mixed.passages)


# ---------------------------------------------------------------- 6: numbered measures

@needs_corpora
def test_baotou_numbered_measures_are_passages(tmp_path):
    parsed = parse(copy_plan(tmp_path, BAOTOU))
    items = [p for p in body(parsed) if _ITEM.match(p.text)]
    assert sorted(int(_ITEM.match(p.text).group(1)) for p in items) == list(range(1, 91))
    assert not any(_ITEM.match(s.title) for s in parsed.sections)  # no measure became a heading
    eighth = next(p for p in items if p.text.startswith("8．"))
    assert eighth.text.endswith("。（持续优化，牵头考核单位：市住建局、审批服务局）")  # the note closes its sentence
    assert eighth.section_path[-1].startswith("（四）")
    # each item is one paragraph of the clean text, ending with a line end
    start = parsed.clean.rfind("\n", 0, eighth.char_start) + 1
    end = parsed.clean.index("\n", eighth.char_start)
    assert parsed.clean[start:end].startswith("8．") and parsed.clean[start:end].endswith("审批服务局）")
    assert_spans_exact(parsed)


@needs_corpora
def test_baotou_tree_has_its_attachment_as_a_part(tmp_path):
    parsed = parse(copy_plan(tmp_path, BAOTOU))
    tops = top_titles(parsed)
    assert len(tops) == 2 and tops[1].startswith("附件")
    level2 = [s.title for s in parsed.sections if s.level == 2 and s.path[0] == tops[1]]
    assert len(level2) == 7 and level2[0].startswith("一、") and level2[-1].startswith("七、")


def test_short_labels_stay_headings(tmp_path):
    text = ("一、重点任务\n（一）扩大贸易\n1.扩大优势产品出口。\n支持企业开拓市场，扩大机电产品出口。\n"
            "2.积极扩大进口。扩大大宗商品进口规模。（省商务厅负责）\n（二）优化服务\n3.加强区域合作。参与基础设施建设。\n")
    parsed = parse(write(tmp_path, "plan.txt", text))
    labels = [s.label for s in parsed.sections if s.kind == "body"]
    assert labels == ["一、重点任务", "一、重点任务 › （一）扩大贸易", "一、重点任务 › （一）扩大贸易 › 1.扩大优势产品出口",
                      "一、重点任务 › （一）扩大贸易 › 2.积极扩大进口", "一、重点任务 › （二）优化服务",
                      "一、重点任务 › （二）优化服务 › 3.加强区域合作"]
    texts = [p.text for p in body(parsed)]
    assert "2.积极扩大进口。扩大大宗商品进口规模。（省商务厅负责）" in texts  # the label is quoted with its measure
    assert "\n2.积极扩大进口。扩大大宗商品进口规模。（省商务厅负责）\n" in parsed.clean  # one paragraph
    lone = next(p for p in parsed.passages if p.text == "1.扩大优势产品出口")
    assert lone.section_kind == "heading"


def test_numbered_measures_are_content(tmp_path):
    text = ("一、政务服务\n（一）线上进一网\n1．深化审批制度改革，加快系统优化、数据共享。（6月底完成，牵头单位：市住建局）\n"
            "2．推动自助终端向社区延伸，实现就近办理。（持续推进，牵头单位：市审批服务局）\n"
            "3．完善帮办代办制度。（持续推进，牵头单位：市审批服务局）\n")
    parsed = parse(write(tmp_path, "plan.txt", text))
    assert [s.title for s in parsed.sections if s.kind == "body"] == ["一、政务服务", "（一）线上进一网"]
    texts = [p.text for p in body(parsed)]
    assert texts == ["1．深化审批制度改革，加快系统优化、数据共享。（6月底完成，牵头单位：市住建局）",
                     "2．推动自助终端向社区延伸，实现就近办理。（持续推进，牵头单位：市审批服务局）",
                     "3．完善帮办代办制度。（持续推进，牵头单位：市审批服务局）"]  # short, but among measures
    assert all(p.section_path == ("一、政务服务", "（一）线上进一网") for p in body(parsed))
    assert parsed.clean.endswith("\n".join(texts) + "\n")


def test_list_of_short_items_is_content(tmp_path):
    parsed = parse(write(tmp_path, "plan.txt", "一、目标\n1.新建道路10公里。\n2.新建公园5个。\n二、措施\n加强领导。\n"))
    assert [s.title for s in parsed.sections if s.kind == "body"] == ["一、目标", "二、措施"]
    assert ["1.新建道路10公里。", "2.新建公园5个。"] == [p.text for p in body(parsed)][:2]


def test_run_in_label_quoted_with_its_sentence(tmp_path):
    text = "一、推广新模式\n智能化制造。鼓励企业加大数字技术应用力度。推进试点。\n服务化延伸，支持企业开展远程运维。\n二、保障\n加强。\n"
    parsed = parse(write(tmp_path, "plan.txt", text))
    assert [p.text for p in body(parsed)][:3] == ["智能化制造。鼓励企业加大数字技术应用力度。", "推进试点。",
                                                  "服务化延伸，支持企业开展远程运维。"]


def test_trailing_note_stays_with_its_sentence():
    text = "扩大出口。（省商务厅牵头，海关配合）支持企业。完成改造。（二）下一项"
    assert [text[a:b] for a, b in split_sentences(text)] == ["扩大出口。（省商务厅牵头，海关配合）", "支持企业。", "完成改造。",
                                                             "（二）下一项"]


@needs_corpora
def test_anhui_two_documents_and_item_labels(tmp_path):
    parsed = parse(copy_plan(tmp_path, ANHUI))
    tops = top_titles(parsed)
    # the two documents, and the attachment closing the second ("附件" over its title, no numbering of its own)
    assert len(tops) == 3 and tops[2].startswith("附件") and not any(t.startswith("一、") for t in tops)
    for top in tops[:2]:  # the numbering restarts under each document's own title
        assert [s.title for s in parsed.sections if s.level == 2 and s.path[0] == top][0].startswith("一、")
    labels = [s for s in parsed.sections if _ITEM.match(s.title)]
    assert len(labels) == 24 and all("﹒" in s.title for s in labels)
    sixteen = next(s for s in labels if s.title.startswith("16﹒"))
    quoted = [p for p in body(parsed) if p.section_path == sixteen.path]
    assert quoted[0].text.startswith("16﹒") and any("责任单位" in p.text for p in quoted)
    assert_spans_exact(parsed)


@needs_corpora
def test_rcep_outline(tmp_path):
    parsed = parse(copy_plan(tmp_path, RCEP))
    assert [t[:2] for t in top_titles(parsed)] == ["一、", "二、", "三、"]
    assert len([s for s in parsed.sections if _ITEM.match(s.title)]) == 24
    lead = [p.text for p in parsed.passages if p.section_path == (LEAD,)]
    assert any("〔2022〕6号" in t for t in lead) and any("2022年3月23日" in t for t in lead)  # citable head


# ---------------------------------------------------------------- 8: PDF and DOCX

def test_running_headers_footers_and_page_numbers_found():
    pages = [
        ["某市数字政府方案", "一、总体要求", "到2025年，建成", "一体化平台。", "- 1 -"],
        ["某市数字政府方案", "二、重点任务", "新建基站100个。", "2"],
        ["某市数字政府方案", "三、保障措施", "加强组织领导。", "第 3 页"],
        ["某市数字政府方案", "某市数字政府方案", "3/4"],
    ]
    lines = [line for page in pages for line in page]
    numbers = [n for n, page in enumerate(pages, 1) for _ in page]
    drop = page_furniture(lines, numbers)
    assert {lines[i] for i in drop} == {"某市数字政府方案", "- 1 -", "2", "第 3 页", "3/4"}
    assert page_furniture(lines, None) == set()
    kept = [lines[i] for i in range(len(lines)) if i not in drop]
    assert kept == ["一、总体要求", "到2025年，建成", "一体化平台。", "二、重点任务", "新建基站100个。", "三、保障措施", "加强组织领导。"]


def test_pdf_pages_on_passages_and_sentences_across_pages(tmp_path):
    pages = [["某市方案", "一、总体要求", "到2025年，全市建成一体化", "1"],
             ["某市方案", "政务平台。新增基站100个。", "二、重点任务", "2"],
             ["某市方案", "推进数据共享。", "3"]]
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(pages))
    parsed = parse(path)
    assert top_titles(parsed) == ["一、总体要求", "二、重点任务"]
    texts = {p.text: p for p in parsed.passages}
    assert "到2025年，全市建成一体化政务平台。" in texts  # one sentence over a page break
    assert texts["到2025年，全市建成一体化政务平台。"].page == 1 and texts["新增基站100个。"].page == 2
    assert texts["推进数据共享。"].page == 3 and texts["推进数据共享。"].section_path == ("二、重点任务",)
    assert not any(t in ("某市方案", "1", "2", "3") for t in texts)


def test_docx_page_is_paragraph_number(tmp_path):
    import docx

    d = docx.Document()
    for text in ["某县实施方案", "", "一、总体目标", "到2025年，建成示范村10个。", "二、保障措施", "各乡镇要加强组织领导，明确分工。压实责任。"]:
        d.add_paragraph(text)
    path = tmp_path / "plan.docx"
    d.save(path)
    parsed = parse(path)
    pages = {p.text: p.page for p in parsed.passages}
    assert pages["到2025年，建成示范村10个。"] == 4 and pages["压实责任。"] == 6 and pages["一、总体目标"] == 3
    assert all(p.page is None for p in parse(write(tmp_path, "plan.txt", "一、目标\n增长。\n二、措施\n加强。\n")).passages)


def _print_pdf(src: Path, out: Path, header: str) -> None:
    """Print a plan as an A4 PDF with a running header (short title) and page numbers."""
    import html

    from playwright.sync_api import sync_playwright

    paragraphs = [line.strip() for line in src.read_bytes().decode("utf-8").splitlines() if line.strip()]
    page = ("<html><head><meta charset='utf-8'><style>body{font-family:'WenQuanYi Zen Hei',sans-serif;font-size:15pt}"
            "p{text-indent:2em;margin:0 0 .3em 0}</style></head><body>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</body></html>")
    style = "font-size:9pt;width:100%;text-align:center;font-family:'WenQuanYi Zen Hei',sans-serif"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.set_content(page)
            tab.pdf(path=str(out), format="A4", display_header_footer=True,
                    header_template=f"<div style=\"{style}\">{html.escape(header)}</div>",
                    footer_template=f"<div style=\"{style}\">- <span class='pageNumber'></span> -</div>",
                    margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})
        finally:
            browser.close()


@pytest.mark.browser
@needs_corpora
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium not installed (make test installs it)")
def test_printed_pdf_plan_parses_like_its_text(tmp_path):
    from pypdf import PdfReader

    header = "安徽省对接RCEP实施意见"
    pdf = tmp_path / "pdf" / "rcep.pdf"
    pdf.parent.mkdir()
    _print_pdf(CORPORA / RCEP, pdf, header)
    page_texts = [re.sub(r"\s", "", pg.extract_text()) for pg in PdfReader(pdf).pages]
    assert len(page_texts) >= 3 and all(header in t for t in page_texts)  # the header really is on every page

    parsed = parse(pdf)
    text = parse(copy_plan(tmp_path, RCEP))
    assert not any(header in p.text or re.fullmatch(r"[-\s\d]+", p.text) for p in parsed.passages)
    assert [s.title for s in parsed.sections if s.kind == "body"] == [s.title for s in text.sections if s.kind == "body"]
    assert [s.title for s in parsed.sections if s.kind == "lead"] == [LEAD]  # one lead, before 一、
    # every measure sentence is whole, in the same section, as in the text file (page breaks split nothing)
    measures = lambda doc: [(re.sub(r"\s", "", p.text), p.section_path) for p in body(doc) if p.section_path[0] != LEAD]  # noqa: E731
    assert measures(parsed) == measures(text)
    pages = [p.page for p in parsed.passages if p.section_kind != "headline"]
    assert pages == sorted(pages) and set(pages) == set(range(1, len(page_texts) + 1))
    for p in parsed.passages:  # each passage starts on the page it names
        assert re.sub(r"\s", "", p.text)[:8] in page_texts[p.page - 1], (p.page, p.text[:20])
    assert any(p.line_last > p.line_first and len({parsed.doc.line_pages[n - 1] for n in (p.line_first, p.line_last)}) == 2
               for p in parsed.passages)  # at least one sentence runs over a page break


EVAL_SETS = {"baotou-2022.jsonl": BAOTOU, "anhui-industrial-internet-2021.jsonl": ANHUI, "anhui-rcep-2022.jsonl": RCEP,
             "shanghai-2024.jsonl": SHANGHAI, "rural-revitalisation-2018.jsonl": RURAL}


@needs_corpora
@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval not present")
@pytest.mark.parametrize("eval_set", sorted(EVAL_SETS))
def test_every_gold_quote_lies_inside_exactly_one_passage(tmp_path, eval_set):
    import json

    parsed = parse(copy_plan(tmp_path, EVAL_SETS[eval_set]))
    compact = [re.sub(r"\s", "", p.text) for p in parsed.passages]
    rows = [json.loads(line) for line in (SHARED / "eval" / eval_set).read_text(encoding="utf-8").splitlines() if line]
    for gold in (g for r in rows for g in r["gold_quotes"]):
        holders = [i for i, t in enumerate(compact) if re.sub(r"\s", "", gold) in t]
        assert len(holders) == 1, (gold, holders)
