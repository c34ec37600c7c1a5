"""The page in a real browser: Debian's chromium (/usr/bin/chromium, `make browser`) driven by
Playwright. Screenshots go to tests/artifacts/ (git-ignored): look at them as a user would."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import app
from tests.conftest import CORPUS
from tests.test_app import QUESTION, real_index_dir, start

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
XSS = "<img src=x onerror=alert(1)>"
TIMEOUT = 60_000  # ms; the first answer on a cold 2-core machine can take a few seconds


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("chromium missing: run `make browser` (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _serve(index_dir: Path, embedder):
    _, demo = app.create_app(CORPUS, index_dir, embedder)
    return demo, start(demo)


@pytest.fixture(scope="module")
def real_url(tmp_path_factory):
    from assistant.embedding import load_embedder

    demo, url = _serve(real_index_dir(tmp_path_factory), load_embedder())
    yield url
    demo.close()


@pytest.fixture(scope="module")
def fake_url(tmp_path_factory, fake_embedder):
    demo, url = _serve(tmp_path_factory.mktemp("index"), fake_embedder)
    yield url
    demo.close()


def pick(page, dropdown: str, option: str) -> None:
    """Choose an option of a Gradio dropdown. While the previous filter's update runs, Gradio's
    status overlay covers the dropdown for a moment: retry the click until it reaches it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(12):
        try:
            page.locator(f"{dropdown} input").first.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 11:
                raise
            page.wait_for_timeout(500)
    page.get_by_role("option", name=option).click()


def ask(page, question: str) -> None:
    box = page.locator("#question textarea, #question input").first
    box.fill(question)
    box.press("Enter")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.model
def test_answer_and_sources_show_quote_and_section(browser, real_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(real_url)
    ask(page, "城市更新的目标是什么")
    sources = page.locator("#sources")
    expect(sources).to_contain_text("加快城乡面貌提质", timeout=TIMEOUT)
    expect(page.locator("#chat")).to_contain_text("130亿元以上")
    expect(sources.locator(".src-turn.current mark").filter(has_text="130亿元以上")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "browser-answer.png"), full_page=True)
    assert no_horizontal_scroll(page)

    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "browser-answer-narrow.png"), full_page=True)
    assert no_horizontal_scroll(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("tab", name="目标一览").click()
    page.locator("#keyword textarea, #keyword input").first.fill("城市更新")
    expect(page.locator("#target-count")).to_contain_text(re.compile(r"共 \d+ 条"), timeout=TIMEOUT)
    expect(page.locator("#targets-table")).to_contain_text("130亿元")
    page.screenshot(path=str(ARTIFACTS / "browser-targets.png"), full_page=True)
    page.get_by_role("tab", name="目录").click()
    first = page.locator("#outline summary").filter(has_text="城市能级提升").first
    first.click()
    expect(page.locator("#outline")).to_contain_text("加快城乡面貌提质")
    page.screenshot(path=str(ARTIFACTS / "browser-outline.png"), full_page=True)
    page.close()


def test_html_in_question_is_shown_as_text_and_never_runs(browser, fake_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script("window.__alerts = []; window.alert = m => window.__alerts.push(String(m));")
    page.goto(fake_url)
    ask(page, XSS + " " + QUESTION)
    chat = page.locator("#chat")
    expect(chat).to_contain_text(XSS, timeout=TIMEOUT)  # shown literally
    expect(page.locator("#sources .src-card").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # give any onerror handler time to fire
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("window.__alerts") == [] and dialogs == []
    page.screenshot(path=str(ARTIFACTS / "browser-html-as-text.png"), full_page=True)
    page.close()


def test_reload_button_serves_a_document_indexed_while_running(browser, corpus_copy, tmp_path, fake_embedder):
    """The documented way to add a plan: `python -m assistant index`, then 「重新载入」 in the page."""
    from click.testing import CliRunner
    from playwright.sync_api import expect

    from assistant.cli import cli

    _, demo = app.create_app(corpus_copy, tmp_path / "index", fake_embedder)
    url = start(demo)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        expect(page.locator("#status")).to_contain_text("1 份文档", timeout=TIMEOUT)
        (corpus_copy / "harbour.md").write_text("# 海岛渔港振兴行动\n\n一、渔港建设\n\n新建避风锚地7处。\n",
                                                encoding="utf-8")
        built = CliRunner().invoke(cli, ["--corpus", str(corpus_copy), "--index", str(tmp_path / "index"),
                                         "--model", "hashing", "index"], catch_exceptions=False)
        assert built.exit_code == 0, built.output
        page.locator("#reload").click()
        expect(page.locator("#status")).to_contain_text("重新载入完成", timeout=TIMEOUT)
        expect(page.locator("#status")).to_contain_text("2 份文档")
        ask(page, "避风锚地新建几处？")
        expect(page.locator("#sources")).to_contain_text("harbour.md", timeout=TIMEOUT)
        expect(page.locator("#chat")).to_contain_text("避风锚地7处")
        page.close()
    finally:
        demo.close()


SECOND = "招投标整治那条原文怎么写的？"


def answers_in(page) -> int:
    return page.locator("#chat a.copy-answer").count()


def ask_and_wait(page, question: str) -> None:
    before = answers_in(page)
    ask(page, question)
    page.wait_for_function(f"document.querySelectorAll('#chat a.copy-answer').length > {before}", timeout=TIMEOUT)


def test_each_answer_shows_its_own_sources(browser, fake_url):
    """Two questions; [1] of the first answer shows the first answer's source, not the second's."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(fake_url)
    ask_and_wait(page, QUESTION)
    ask_and_wait(page, SECOND)
    panel = page.locator("#sources")
    expect(panel.locator(".src-turn.current")).to_contain_text("招投标")  # the latest answer's by default
    page.locator('#chat a.cite[href="#cite-0-1"]').click()
    current = panel.locator(".src-turn.current")
    expect(current).to_contain_text("130亿元以上")
    expect(current).not_to_contain_text("招投标")
    expect(current.locator(".src-card.focus")).to_contain_text("130亿元以上")
    expect(current.locator(".src-card.focus mark")).to_contain_text("城市更新")  # the quoted span, marked
    expect(current.locator(".src-card.focus .src-meta")).to_contain_text("加快城乡面貌提质")
    page.screenshot(path=str(ARTIFACTS / "browser-own-sources.png"), full_page=True)
    page.locator('#chat a.cite[href="#cite-1-1"]').click()
    expect(panel.locator(".src-turn.current")).to_contain_text("招投标")
    assert no_horizontal_scroll(page)
    page.close()


def test_phone_reaches_the_sources_of_an_answer(browser, fake_url):
    """390x844: the side panel gives way to a sources block under each answer; [n] opens it."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(fake_url)
    ask_and_wait(page, QUESTION)
    ask_and_wait(page, SECOND)
    expect(page.locator("#sources")).to_be_hidden()
    first = page.locator("#turn-src-0")
    expect(first).not_to_have_attribute("open", "")
    page.locator('#chat a.cite[href="#cite-0-1"]').click()
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".src-card.focus")).to_be_visible()
    expect(first.locator(".src-card.focus")).to_contain_text("130亿元以上")
    expect(first.locator(".src-card.focus mark")).to_contain_text("城市更新")
    page.locator("#turn-src-1 summary").click()
    expect(page.locator("#turn-src-1")).to_contain_text("招投标")
    page.screenshot(path=str(ARTIFACTS / "browser-phone-sources.png"), full_page=False)
    assert no_horizontal_scroll(page)
    page.close()


def test_copy_an_answer_and_export_the_conversation(browser, fake_url, tmp_path):
    """「复制回答和来源」 puts clean text with its sources on the clipboard; 「导出 Word」 gives a .docx
    with both questions, their answers and sources."""
    from docx import Document
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(fake_url)
    ask_and_wait(page, QUESTION)
    ask_and_wait(page, SECOND)
    page.locator('#chat a.copy-answer[href="#copy-0"]').click()
    expect(page.locator('#chat a.copy-answer[href="#copy-0"]')).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"问：{QUESTION}") and "来源：\n[1] 《" in copied and "第 194–204 行" in copied
    assert "130亿元以上" in copied and "\\" not in copied and "**" not in copied and "招投标" not in copied
    # the files are made just after an answer is shown (not on its path): on a loaded machine the first
    # click may still get the file of one question, so it is clicked again until the second arrives
    for attempt in range(10):
        with page.expect_download(timeout=TIMEOUT) as info:
            page.locator("#export-docx").click()
        path = tmp_path / f"conversation-{attempt}.docx"
        info.value.save_as(path)
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        if f"问 2：{SECOND}" in text:
            break
        page.wait_for_timeout(500)
    assert f"问 1：{QUESTION}" in text and f"问 2：{SECOND}" in text
    assert "130亿元以上" in text and "招投标" in text and "加快城乡面貌提质" in text
    page.screenshot(path=str(ARTIFACTS / "browser-copy-export.png"), full_page=True)
    context.close()


def test_thumbs_and_comment_are_stored_with_the_answer(browser, tmp_path, fake_embedder, monkeypatch):
    from playwright.sync_api import expect

    from assistant.feedback import ENV, FeedbackStore

    monkeypatch.setenv(ENV, str(tmp_path / "feedback.sqlite3"))
    _, demo = app.create_app(CORPUS, tmp_path / "index", fake_embedder)
    url = start(demo)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        ask_and_wait(page, QUESTION)
        ask_and_wait(page, SECOND)
        page.locator("#chat").get_by_role("button", name=re.compile("dislike", re.I)).first.click()  # answer 1
        expect(page.locator("#feedback-box")).to_be_visible(timeout=TIMEOUT)
        expect(page.locator("#feedback-note")).to_contain_text("第 1 问")
        page.locator("#feedback-comment textarea, #feedback-comment input").first.fill("来源不对")
        page.locator("#feedback-send").click()
        expect(page.locator("#feedback-box")).to_be_hidden(timeout=TIMEOUT)
        page.screenshot(path=str(ARTIFACTS / "browser-feedback.png"), full_page=True)
        (row,) = FeedbackStore(tmp_path / "feedback.sqlite3").rows()
        assert (row["rating"], row["comment"], row["question"]) == ("down", "来源不对", QUESTION)
        assert "130亿元以上" in row["answer"] and "130亿元以上" in row["citations"]
        page.close()
    finally:
        demo.close()


def test_targets_table_opens_a_row_and_reads_on_a_phone(browser, fake_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(fake_url)
    page.get_by_role("tab", name="目标一览").click()
    page.locator("#keyword textarea, #keyword input").first.fill("城市更新")
    expect(page.locator("#target-count")).to_contain_text(re.compile(r"共 \d+ 条"), timeout=TIMEOUT)
    row = page.locator("#targets-table details.tg-row").filter(has_text="130亿元").first
    row.locator("summary").click()
    expect(row.locator(".tg-passage mark")).to_contain_text("130亿元以上")
    expect(row.locator(".tg-meta")).to_contain_text("第 194–204 行")
    # no one-character-per-line wrapping: the clause gets (nearly) the whole width
    width = row.locator(".tg-quote").evaluate("e => e.getBoundingClientRect().width")
    assert width > 250, width
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "browser-targets-phone.png"), full_page=True)
    page.close()


def test_upload_a_plan_see_it_indexed_and_answered(browser, corpus_copy, tmp_path, fake_embedder, monkeypatch):
    """With PLAN_ASSISTANT_UPLOADS=1 the 文档管理 tab adds a plan, indexes it in the background and
    answers from it; a disguised file is refused with its reason."""
    from playwright.sync_api import expect

    monkeypatch.setenv("PLAN_ASSISTANT_UPLOADS", "1")
    for var in ("PLAN_ASSISTANT_HOST", "GRADIO_SERVER_NAME"):
        monkeypatch.delenv(var, raising=False)
    _, demo = app.create_app(corpus_copy, tmp_path / "index", fake_embedder)
    url = start(demo)
    plan = tmp_path / "harbour.md"
    plan.write_text("# 海岛渔港振兴行动\n\n一、渔港建设\n\n新建避风锚地7处，改造渔港码头3座。\n", encoding="utf-8")
    fake = tmp_path / "setup.pdf"
    fake.write_bytes(b"MZ\x90\x00" + bytes(2000))
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.get_by_role("tab", name="文档管理").click()
        expect(page.locator("#doc-list")).to_contain_text("已索引", timeout=TIMEOUT)
        page.locator("#upload-file input[type=file]").set_input_files(str(fake))
        page.locator("#upload-send").click()
        expect(page.locator("#upload-note")).to_contain_text("不是 PDF", timeout=TIMEOUT)
        page.locator("#upload-file input[type=file]").set_input_files(str(plan))
        page.locator("#upload-send").click()
        expect(page.locator("#upload-note")).to_contain_text("已添加并索引「harbour.md」", timeout=TIMEOUT)
        expect(page.locator("#doc-list")).to_contain_text("harbour.md")
        expect(page.locator("#status")).to_contain_text("2 份文档")
        page.screenshot(path=str(ARTIFACTS / "browser-upload.png"), full_page=True)
        assert sorted(p.name for p in corpus_copy.iterdir()) == sorted(
            ["harbour.md", "yongkang-2023-eight-accelerations-work-plan.txt",
             "yongkang-2023-eight-accelerations-work-plan.txt.meta.json"])
        page.get_by_role("tab", name="问答").click()
        ask_and_wait(page, "避风锚地新建几处？")
        expect(page.locator("#sources .src-turn.current")).to_contain_text("harbour.md")
        expect(page.locator("#chat")).to_contain_text("避风锚地7处")
        page.close()
    finally:
        demo.close()


def test_documents_tab_is_absent_when_uploads_are_off(browser, fake_url):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(fake_url)
    expect(page.get_by_role("tab", name="目录")).to_be_visible(timeout=TIMEOUT)
    assert page.get_by_role("tab", name="文档管理").count() == 0
    assert page.locator("#upload-file").count() == 0
    page.close()


def test_task_table_filters_and_downloads(browser, tmp_path, fake_embedder):
    import openpyxl
    from playwright.sync_api import expect

    from tests.test_tasks import TASK_PLAN

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "county-2024.md").write_text(TASK_PLAN, encoding="utf-8")
    _, demo = app.create_app(corpus, tmp_path / "index", fake_embedder)
    url = start(demo)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.get_by_role("tab", name="任务分解表").click()
        table = page.locator("#task-table")
        expect(table).to_contain_text("县交通运输局", timeout=TIMEOUT)
        for h in ("序号", "章节", "任务", "牵头单位", "完成时限"):
            expect(table.locator(".tk-head")).to_contain_text(h)
        pick(page, "#task-unit", "县交通运输局")
        expect(page.locator("#task-count")).to_contain_text("其中 1 项写明了负责单位", timeout=TIMEOUT)
        expect(table).not_to_contain_text("县教育局")
        pick(page, "#task-section", "一、教育提升")
        expect(table).to_contain_text("没有符合条件", timeout=TIMEOUT)
        pick(page, "#task-unit", "全部单位")
        expect(table).to_contain_text("县教育局", timeout=TIMEOUT)
        expect(table).not_to_contain_text("县交通运输局")
        page.screenshot(path=str(ARTIFACTS / "browser-tasks.png"), full_page=True)
        with page.expect_download(timeout=TIMEOUT) as info:
            page.locator("#task-xlsx").click()
        path = tmp_path / "tasks.xlsx"
        info.value.save_as(path)
        rows = [[c.value for c in r] for r in openpyxl.load_workbook(path).active.iter_rows()]
        assert rows[0][:3] == ["序号", "章节", "任务"] and len(rows) > 1
        assert all(r[1].startswith("一、教育提升") for r in rows[1:])
        with page.expect_download(timeout=TIMEOUT) as info:
            page.locator("#task-csv").click()
        assert info.value.suggested_filename.endswith(".csv")
        page.close()
    finally:
        demo.close()
