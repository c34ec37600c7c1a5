"""The web app: served in-process on a free loopback port and asked through gradio_client,
plus the UI's render functions (escaping, highlighting, targets, outline) tested directly.

Fast tests use the fake HashingEmbedder; `model` tests use the real embedding model."""
from __future__ import annotations

import csv
import re
import json
import socket
from pathlib import Path

import pytest

import app
from assistant import ui
from tests.conftest import CORPUS, RURAL_PLAN, needs_shared

QUESTION = "城市更新的目标是什么？"
SECTION = "城市能级提升 › 加快城乡面貌提质"
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(demo) -> str:
    """Serve `demo` in this process on a free loopback port, as `python app.py` would."""
    options = app.launch_options(host="127.0.0.1", port=free_port())
    demo.launch(**options, prevent_thread_lock=True, quiet=True)
    return f"http://127.0.0.1:{options['server_port']}/"


def real_index_dir(tmp_path_factory) -> Path:
    """One real-model index per test session (building it is the slow part), shared by the
    app and browser tests; a fresh one in the session's temp folder, never the project's index/."""
    return tmp_path_factory.getbasetemp() / "index-real-model"


def chat(client, question: str) -> tuple[list[dict], str]:
    """One turn through the page's own /chat endpoint (the session keeps the conversation):
    (every message so far, the sources panel HTML)."""
    messages, sources, _cleared_box = client.predict(question, api_name="/chat")
    return messages, sources


def plain_copy(message_text: str) -> str:
    """The plain text an answer's 「复制」 link puts on the clipboard (hidden in the message)."""
    m = re.search(r'<pre class="plain-copy" hidden>(.*?)</pre>', message_text, re.S)
    assert m, message_text
    return ui.html.unescape(m.group(1))


def text_of(message: dict) -> str:
    """A chat message's text; Gradio 6 returns content as a list of blocks."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


@pytest.fixture(scope="module")
def served(tmp_path_factory, fake_embedder):
    """(assistant, url) of the app over the project's corpus with the fake embedder."""
    assistant, demo = app.create_app(CORPUS, tmp_path_factory.mktemp("index"), fake_embedder)
    url = start(demo)
    yield assistant, url
    demo.close()


@pytest.fixture
def client(served):
    from gradio_client import Client

    return Client(served[1], verbose=False)


# --------------------------------------------------------------------------- through gradio_client

def test_ask_endpoint_returns_answer_with_citations(client):
    answer = client.predict(QUESTION, [], api_name="/ask")
    assert answer["found"] is True and answer["citations"]
    for c in answer["citations"]:
        assert f"[{c['n']}]" in answer["answer"]
        assert c["quote"].replace(" ", "") in c["text"].replace(" ", "")
        assert c["section"] and c["lines"][0] <= c["lines"][1]


def test_ask_endpoint_takes_history_as_list_or_json(client):
    as_list = client.predict("那交通呢？", [QUESTION], api_name="/ask")
    as_json = client.predict("那交通呢？", json.dumps([QUESTION], ensure_ascii=False), api_name="/ask")
    assert as_list == as_json
    assert as_list["question"] == "那交通呢？"


def test_chat_endpoint_renders_answer_and_sources(client):
    messages, sources = chat(client, QUESTION)
    assert [m["role"] for m in messages] == ["user", "assistant"]
    answer = text_of(messages[1])
    assert "130亿元以上" in answer and '<a class="cite" href="#cite-0-1">[1]</a>' in answer
    assert "<mark>确保全年城市更新投资额130亿元以上</mark>" in sources
    assert SECTION in sources and "第 194–204 行" in sources
    plain = plain_copy(answer)
    assert plain.startswith(f"问：{QUESTION}") and "来源：" in plain and "[1]" in plain


def test_each_answer_keeps_its_own_sources(served):
    """Two answers in one session: each message links [n] to its own turn and carries its own
    sources under it; the side panel holds both, the latest shown."""
    from gradio_client import Client

    talk = Client(served[1], verbose=False)
    chat(talk, QUESTION)
    messages, panel = chat(talk, "招投标整治那条原文怎么写的？")
    first, second = text_of(messages[1]), text_of(messages[3])
    assert "#cite-0-1" in first and "#cite-1-" not in first
    assert "#cite-1-1" in second and "#cite-0-" not in second

    def under(message: str) -> str:
        return re.search(r'<details class="turn-src" id="turn-src-\d+">.*?</details>', message, re.S).group()

    assert "城市更新投资额130亿元以上" in under(first) and "招投标" in under(second)
    assert "招投标" not in under(first)
    sections = re.findall(r'<section class="src-turn( current)?" id="src-turn-(\d)">', panel)
    assert sections == [("", "0"), (" current", "1")]
    turn0 = panel[panel.index('id="src-turn-0"'):panel.index('id="src-turn-1"')]
    assert 'id="src-0-1"' in turn0 and "130亿元以上" in turn0 and 'id="src-1-1"' in panel


def test_chat_follow_up_uses_earlier_questions(served):
    """The page passes the session's earlier questions as history (gradio_client keeps the session)."""
    from gradio_client import Client

    talk = Client(served[1], verbose=False)
    chat(talk, "专项债那条原文怎么写的？")
    follow_up = plain_copy(text_of(chat(talk, "那城市更新呢？")[0][-1]))
    alone = plain_copy(text_of(chat(Client(served[1], verbose=False), "那城市更新呢？")[0][-1]))
    assert "原文（" in follow_up and "原文（" not in alone  # the follow-up kept the "quote" intent


def test_html_in_question_comes_back_escaped(client):
    messages, sources = chat(client, XSS + QUESTION)
    rendered = text_of(messages[0]) + text_of(messages[1]) + sources
    assert "<img" not in rendered and "<script" not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in text_of(messages[0])
    assert XSS in plain_copy(text_of(messages[1]))  # the copied text keeps it as typed (it is text)


def test_app_is_safe_by_default(monkeypatch, served):
    monkeypatch.delenv("PLAN_ASSISTANT_HOST", raising=False)
    monkeypatch.delenv("PLAN_ASSISTANT_PORT", raising=False)
    monkeypatch.delenv("PLAN_ASSISTANT_USERS", raising=False)
    monkeypatch.delenv("GRADIO_SERVER_NAME", raising=False)
    monkeypatch.delenv("GRADIO_SERVER_PORT", raising=False)
    options = app.launch_options()
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == 7860
    assert options["share"] is False and options["auth"] is None and "allowed_paths" not in options
    from assistant.uploads import max_bytes

    assert options["max_file_size"] == max_bytes()  # Gradio refuses a larger upload before storing it
    import os

    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    monkeypatch.setenv("PLAN_ASSISTANT_PORT", "8123")
    monkeypatch.setenv("PLAN_ASSISTANT_USERS", "ann:s3:cret, bob:pw")
    options = app.launch_options()
    assert options["server_port"] == 8123 and options["auth"] == [("ann", "s3:cret"), ("bob", "pw")]
    with pytest.raises(ValueError):
        app.users_from_env("nopassword")


# --------------------------------------------------------------------------- render functions

def _citation(**kw) -> dict:
    c = {"n": 1, "doc": "d", "section": "甲 › 乙", "lines": [3, 5], "text": "前文<script>alert(1)</script>，确保 130 亿元以上。",
         "quote": "确保130亿元以上", "score": 1.0, "doc_title": "《计划》<b>"}
    c.update(kw)
    return c


def test_citation_html_highlights_quote_and_escapes_script():
    out = ui.citation_html(_citation(), file="plan.txt")
    assert "<mark>确保 130 亿元以上</mark>" in out  # found although the passage has spaces the quote lacks
    assert "<script" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;" in out and "甲 › 乙 · 第 3–5 行 · plan.txt" in out


def test_sources_panel_shows_nearest_when_not_found():
    answer = {"question": "火星？", "intent": "general", "found": False, "answer": "计划中没有找到…",
              "citations": [], "nearest": [_citation(n=1), _citation(n=2, text="另一段")], "notice": ""}
    out = ui.sources_html(answer)
    assert "没有找到答案" in out and out.count('class="src-card') == 2 and "<mark>" not in out
    plain = ui.plain_text(answer)
    assert "最接近的段落：" in plain and "[2]" in plain


def test_safe_markdown_keeps_answer_structure_only():
    md = ui.safe_markdown("计划中的相关目标：\n**甲 › 乙**\n- “a_b” [1]\n> 原文 [2]\n" + XSS + "\n![x](http://e/x.png)")
    lines = md.split("\n")
    assert lines[1] == "**甲 › 乙**" and lines[2].startswith("- ") and lines[3].startswith("> ")
    assert "a\\_b" in lines[2] and "\\[1\\]" in lines[2]
    assert "<" not in md and "&lt;script&gt;" in md and "!\\[x\\]" in md


def test_targets_filter_and_csv(served, tmp_path):
    index = served[0].index
    rows = ui.target_rows(index)
    areas = ui.target_areas(index)
    assert rows and "城市能级提升" in areas
    city = ui.filter_targets(rows, "城市能级提升")
    assert city and all(r["section"].startswith("城市能级提升") for r in city)
    assert len(ui.filter_targets(rows, ui.ALL_AREAS)) == len(rows)
    hits = ui.filter_targets(rows, None, "城市 更新")
    assert any("130" in r["number"] for r in hits) and all("城市更新" in r["quote"].replace(" ", "") or
                                                            "城市更新" in r["section"] for r in hits)
    path = ui.write_targets_csv(city, tmp_path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ui.CSV_HEADERS and len(table) == len(city) + 1
    assert ui.write_targets_csv(city, tmp_path) == path  # same rows, same file


def test_outline_renders_every_section(served):
    index = served[0].index
    out = ui.outline_html(index)
    assert out.count("<details") == len(index.sections) == out.count("</details>")
    for s in index.sections:
        assert f"<summary>{s.title} " in out or f"<summary>{ui.html.escape(s.title)} " in out
    body = [p for p in index.passages if p.section_kind != "heading"]
    assert out.count("<li>") == len(body)


def test_reload_picks_up_documents_and_reports_warnings(corpus_copy, tmp_path, fake_embedder):
    assistant, _ = app.create_app(corpus_copy, tmp_path / "index", fake_embedder)
    (corpus_copy / "notes.xyz").write_bytes(b"\x00\x01")
    (corpus_copy / "evil.txt").write_text("一、危险<img src=x onerror=alert(1)>标题\n"
                                          "确保全年完成<script>alert(1)</script>投资10亿元以上。\n", encoding="utf-8")
    assistant.reload()
    status = ui.status_html(assistant)
    assert "2 份文档" in status and "notes.xyz" in status
    outline = ui.outline_html(assistant.index)
    assert "<img" not in outline and "<script" not in outline and "&lt;img src=x onerror=alert(1)&gt;" in outline


# --------------------------------------------------------------------------- the real model

@pytest.mark.model
def test_real_model_answers_city_renewal_target(tmp_path_factory):
    from gradio_client import Client

    from assistant.embedding import load_embedder

    _, demo = app.create_app(CORPUS, real_index_dir(tmp_path_factory), load_embedder())
    try:
        answer = Client(start(demo), verbose=False).predict("城市更新的目标是什么", [], api_name="/ask")
    finally:
        demo.close()
    assert "130亿元以上" in answer["answer"].replace(" ", "")
    assert answer["citations"] and answer["citations"][0]["section"] == SECTION


@pytest.mark.parametrize("plan", [CORPUS / "yongkang-2023-eight-accelerations-work-plan.txt",
                                  pytest.param(RURAL_PLAN, marks=needs_shared(RURAL_PLAN))])
def test_example_questions_come_from_the_plan_served_and_are_answered(plan, tmp_path, fake_embedder):
    import shutil

    from assistant.pipeline import Assistant
    from assistant.retrieval import SearchSettings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(plan, corpus)
    assistant = Assistant(corpus, tmp_path / "index", embedder=fake_embedder, progress=False,
                          settings=SearchSettings(fusion="bm25"))
    rows = ui.target_rows(assistant.index)
    examples = ui.example_questions(assistant.index, rows)
    assert len(examples) == (4 if rows else 2)  # a plan with no figure to reach gets no target example
    text = "".join(p.text for p in assistant.index.passages)
    for question in examples:
        quoted = re.findall(r"“(.+)”", question)
        assert all(q in text for q in quoted)  # quoted words are the plan's own
        assert assistant.ask(question).status in ("answered", "no_figure"), question  # the plan covers it


def test_answer_message_links_each_citation_to_its_own_turn():
    answer = {"question": "问", "intent": "target", "found": True, "status": "answered", "notice": "",
              "answer": "目标：\n- “确保130亿元以上” [1]\n- 另见 [2] 与 [9]",
              "citations": [_citation(n=1), _citation(n=2, text="第二段<b>粗</b>\n\n下一行", quote="第二段")]}
    out = ui.answer_message(answer, 3)
    assert '<a class="cite" href="#cite-3-1">[1]</a>' in out and '<a class="cite" href="#cite-3-2">[2]</a>' in out
    assert "#cite-3-9" not in out and "\\[9\\]" in out  # not a citation of this answer: left as text
    block = re.search(r'<details class="turn-src" id="turn-src-3">.*?</details>', out, re.S).group()
    assert "\n" not in block  # one HTML block: a blank line would hand the rest back to Markdown
    assert block.count('class="src-card') == 2 and "<mark>第二段</mark>" in block and "<b>" not in block
    assert 'href="#copy-3"' in out and "<script" not in out


def test_safe_markdown_keeps_emphasis_inside_a_quote():
    md = ui.safe_markdown("> 前文，**扎实开展<b>整治</b>**，后文 [1]")
    assert md == "> 前文，**扎实开展&lt;b&gt;整治&lt;/b&gt;**，后文 \\[1\\]"


def test_citation_gives_the_page_of_a_pdf_and_the_paragraph_of_a_docx():
    pdf = _citation(page=3, file="plan.pdf")
    assert "甲 › 乙 · 第 3 页 · 第 3–5 行" in ui.citation_html(pdf, file="plan.pdf")
    docx = _citation(page=12, file="plan.docx")
    assert "甲 › 乙 · 第 12 段 · 第 3–5 行" in ui.citation_html(docx)
    assert "页" not in ui.citation_html(_citation(page=None)) and "段 ·" not in ui.citation_html(_citation())
    answer = {"question": "q", "found": True, "answer": "a [1]", "notice": "", "citations": [pdf]}
    assert "[1] 《《计划》<b>》 · 甲 › 乙 · 第 3 页 · 第 3–5 行" in ui.plain_text(answer)


def test_status_names_the_plans_served(served):
    assistant = served[0]
    status = ui.status_html(assistant)
    title = next(iter(assistant.index.docs.values()))["title"]
    assert f"<li>《{ui.html.escape(title)}》</li>" in status and "本页回答以下计划" in status


def test_api_page_documents_ask_with_named_parameters_and_fields(client):
    info = client.view_api(return_format="dict", print_info=False)["named_endpoints"]["/ask"]
    assert [p["parameter_name"] for p in info["parameters"]] == ["question", "history"]
    assert info["parameters"][1]["parameter_has_default"] is True
    fields = info["returns"][0]["type"]["properties"]
    assert {"question", "status", "found", "answer", "citations", "nearest", "owners"} <= set(fields)
    assert set(fields["status"]["enum"]) == {"answered", "no_figure", "not_found", "other_year"}
    assert {"section", "lines", "page", "quote"} <= set(fields["citations"]["items"]["properties"])
    assert "history:" in info["description"] and "status" in info["description"]
    shown = client.view_api(return_format="str", print_info=False)
    assert 'predict(question, history, api_name="/ask")' in shown


@pytest.mark.parametrize("history", ["not json", '{"a": 1}', {"a": 1}, [1, 2], '["ok", 3]'])
def test_malformed_history_gets_a_clear_message(client, history):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="history"):
        client.predict(QUESTION, history, api_name="/ask")
    assert client.predict(QUESTION, "", api_name="/ask")["status"] == "answered"  # empty means none


def test_targets_table_rows_open_to_their_passage(served):
    rows = ui.target_rows(served[0].index)
    out = ui.targets_html(rows)
    assert out.count('<details class="tg-row">') == len(rows)
    city = next(r for r in rows if r["number"] == "130亿")
    assert "<mark>确保全年城市更新投资额130亿元以上</mark>" in out and city["text"].endswith("130亿元以上。")
    assert "第 194–204 行" in out
    evil = dict(city, quote="<b>x</b>", text="<script>alert(1)</script><b>x</b>", section="<i>s</i>")
    escaped = ui.targets_html([evil])
    assert "<script" not in escaped and "<i>" not in escaped and "<mark>&lt;b&gt;x&lt;/b&gt;</mark>" in escaped
    assert "没有符合条件" in ui.targets_html([])


def test_documents_list_shows_served_titles_and_unreadable_files(corpus_copy, tmp_path, fake_embedder):
    from assistant.uploads import corpus_listing

    assistant, _ = app.create_app(corpus_copy, tmp_path / "index", fake_embedder)
    (corpus_copy / "broken<b>.docx").write_bytes(b"PK\x03\x04 not really")
    assistant.reload()
    out = ui.documents_html(corpus_listing(corpus_copy), assistant.index, assistant.warnings)
    assert "已索引 ·《聚焦重点" in out and "broken&lt;b&gt;.docx" in out and "<b>" not in out
    assert out.count("未能读取") == 1
