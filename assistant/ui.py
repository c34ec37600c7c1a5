"""The web interface (Gradio 6): chat with per-answer sources, targets table, outline, reload.

What is shown is built by the pure functions in `render.py` (tested without a browser); this
module wires them to components, plus one small script (`_PAGE_JS`) for what must happen in the
browser: [n] in any answer shows that answer's source n, 「复制」 puts an answer's plain text on the
clipboard.

Safety: questions and documents are untrusted text. Every string put into HTML is escaped
(`render.py`); the Chatbot also keeps sanitising and drops custom tags.
"""
from __future__ import annotations

import atexit
import html
import inspect
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from .api import MAX_HISTORY, make_ask
from .export import export_files
from .feedback import FeedbackStore, feedback_path
from .uploads import ACCEPTED, UploadError, add_upload, corpus_listing, max_bytes, remove_document, uploads_allowed
from .render import (ALL_AREAS, ALL_SECTIONS, ALL_UNITS, answer_message, documents_html, example_questions,
                     filter_targets, filter_tasks, index_task_rows, outline_html, question_markdown, sources_panel,
                     status_html, target_areas, target_rows, targets_html, task_sections, task_units, tasks_html,
                     write_targets_csv, write_task_files)
from .render import CSV_HEADERS, citation_html, plain_text, safe_markdown, sources_html  # noqa: F401  (tests)

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- the page

_CSS_SOURCES = """
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 10px; }
.src-card.focus { outline: 2px solid var(--color-accent); }
.src-head { font-weight: 600; }
.src-meta { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 2px 0 6px; overflow-wrap: anywhere; }
.src-text { margin: 0; padding: 0 0 0 8px; border-left: 3px solid var(--color-accent); white-space: pre-wrap;
            overflow-wrap: anywhere; }
.src-notice { font-weight: 600; margin: 0 0 8px; }
.src-empty { color: var(--body-text-color-subdued); }
.src-turn { display: none; }
.src-turn.current { display: block; }
.src-turn-head { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 0 0 8px; overflow-wrap: anywhere; }
mark { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
"""
_CSS_OUTLINE = """
.ol-doc h3 { margin: 4px 0 8px; }
.ol-file, .ol-meta, .ol-lines { color: var(--body-text-color-subdued); font-size: 0.85em; font-weight: normal; }
details.ol-sec { margin: 2px 0 2px 0.8em; }
details.ol-sec > summary { cursor: pointer; padding: 3px 0; }
details.ol-sec[data-level="0"], details.ol-sec[data-level="1"] { margin-left: 0; }
details.ol-sec[data-level="1"] > summary { font-weight: 600; }
.ol-passages { margin: 4px 0 8px 1.2em; padding-left: 1em; }
.ol-passages li { margin: 3px 0; overflow-wrap: anywhere; }
"""
_CSS_TARGETS = """
.tg-head, .tg-row > summary { display: grid; grid-template-columns: 7.5em 5.5em minmax(0, 1fr) 14em; gap: 0 12px;
                              padding: 6px 4px; align-items: baseline; }
.tg-head { font-weight: 600; border-bottom: 2px solid var(--border-color-primary); }
.tg-row { border-bottom: 1px solid var(--border-color-primary); }
.tg-row > summary { cursor: pointer; list-style: none; }
.tg-row > summary::-webkit-details-marker { display: none; }
.tg-row[open] > summary, .tg-row > summary:hover { background: var(--background-fill-secondary); }
.tg-num { font-weight: 600; white-space: nowrap; }
.tg-qual, .tg-sec, .tg-meta, .tg-empty { color: var(--body-text-color-subdued); font-size: 0.9em; }
.tg-quote, .tg-sec, .tg-meta { overflow-wrap: anywhere; }
.tg-passage { padding: 4px 8px 10px; }
.tg-passage blockquote { margin: 4px 0 0; padding: 0 0 0 8px; border-left: 3px solid var(--color-accent); }
mark { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
@media (max-width: 767px) {
  .tg-head { display: none; }
  .tg-row > summary { display: flex; flex-wrap: wrap; gap: 2px 10px; }
  .tg-quote { flex-basis: 100%; order: 3; }
  .tg-sec { flex-basis: 100%; order: 4; }
}
"""
_CSS_TASKS = """
.tk-head, .tk-row > summary { display: grid; gap: 0 10px; padding: 6px 4px; align-items: baseline;
    grid-template-columns: 3em minmax(0, 1.2fr) minmax(0, 3fr) minmax(0, 1fr) minmax(0, 1fr) 7em; }
.tk-head { font-weight: 600; border-bottom: 2px solid var(--border-color-primary); }
.tk-row { border-bottom: 1px solid var(--border-color-primary); }
.tk-row > summary { cursor: pointer; list-style: none; }
.tk-row > summary::-webkit-details-marker { display: none; }
.tk-row[open] > summary, .tk-row > summary:hover { background: var(--background-fill-secondary); }
.tk-row span { overflow-wrap: anywhere; }
.tk-lead { font-weight: 600; }
.tk-sec, .tk-meta, .tk-no, .tk-empty { color: var(--body-text-color-subdued); font-size: 0.9em; }
.tk-meta { padding: 2px 8px 8px; }
@media (max-width: 767px) {
  .tk-head { display: none; }
  .tk-row > summary { display: flex; flex-wrap: wrap; gap: 2px 10px; }
  .tk-task { flex-basis: 100%; order: 3; }
  .tk-sec { flex-basis: 100%; order: 4; }
  .tk-lead { order: 5; } .tk-partners { order: 6; } .tk-due { order: 7; }
  .tk-lead:not(:empty)::before { content: "牵头："; font-weight: normal; }
  .tk-partners:not(:empty)::before { content: "配合："; }
  .tk-due:not(:empty)::before { content: "时限："; }
}
"""
_CSS_DOCS = """
.doc-list { width: 100%; border-collapse: collapse; font-size: 0.95em; }
.doc-list th, .doc-list td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--border-color-primary);
                             overflow-wrap: anywhere; vertical-align: top; }
.doc-bad { color: var(--color-red-500, #b91c1c); }
"""
_CSS_STATUS = """
.status { font-size: 0.9em; color: var(--body-text-color-subdued); }
.plans { color: var(--body-text-color); font-size: 1.05em; }
.plan-list { display: inline; margin: 0; padding: 0; list-style: none; }
.plan-list li { display: inline; overflow-wrap: anywhere; }
.plan-list li + li::before { content: "、"; }
.status-warn { color: var(--color-red-500, #b91c1c); }
"""
# Styles for what the Chatbot renders (its messages are outside any gr.HTML's scoped css), added
# once by _PAGE_JS. Below 768 px the side panel is hidden: each answer's sources sit under it.
_CSS_PAGE = """
#chat a.cite { text-decoration: none; font-weight: 600; padding: 0 1px; }
#chat details.turn-src { margin: 6px 0 0; border-top: 1px solid var(--border-color-primary); padding-top: 4px; }
#chat details.turn-src > summary { cursor: pointer; color: var(--body-text-color-subdued); font-size: 0.9em; }
#chat .src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 8px; margin: 6px 0; }
#chat .src-card.focus { outline: 2px solid var(--color-accent); }
#chat .src-head { font-weight: 600; }
#chat .src-meta { color: var(--body-text-color-subdued); font-size: 0.9em; overflow-wrap: anywhere; }
#chat .src-text { margin: 4px 0 0; padding: 0 0 0 8px; border-left: 3px solid var(--color-accent);
                  overflow-wrap: anywhere; white-space: normal; }
#chat mark { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
#chat .answer-tools { margin: 4px 0 0; font-size: 0.85em; }
#chat a.copy-answer { text-decoration: none; }
#chat pre.plain-copy { display: none !important; }
@media (max-width: 767px) { #sources-col { display: none !important; } }
"""
# One delegated click handler (installed once per page): [n] links and copy links in any answer.
_PAGE_JS = """
() => {
  if (window.__planAssistant) return;
  window.__planAssistant = true;
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.appendChild(style);
  const phone = () => window.matchMedia('(max-width: 767px)').matches;
  const focus = (card) => {
    document.querySelectorAll('.src-card.focus').forEach(c => c.classList.remove('focus'));
    if (card) { card.classList.add('focus'); card.scrollIntoView({block: 'nearest'}); }
  };
  const copy = async (text, link) => {
    try { await navigator.clipboard.writeText(text); }
    catch (e) {
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand('copy'); area.remove();
    }
    const label = link.textContent; link.textContent = '已复制';
    setTimeout(() => { link.textContent = label; }, 1500);
  };
  document.addEventListener('click', (ev) => {
    const link = ev.target.closest && ev.target.closest('a.cite, a.copy-answer');
    if (!link) return;
    const m = (link.getAttribute('href') || '').match(/^#(cite|copy)-(\\d+)(?:-(\\d+))?$/);
    if (!m) return;
    ev.preventDefault(); ev.stopPropagation();
    const turn = m[2], n = m[3];
    if (m[1] === 'copy') {
      const pre = link.closest('.message-content, .message, [data-testid="bot"]')?.querySelector('pre.plain-copy');
      if (pre) copy(pre.textContent, link);
      return;
    }
    const panel = document.getElementById('sources');
    if (!phone() && panel && panel.getClientRects().length) {
      panel.querySelectorAll('.src-turn').forEach(s => s.classList.toggle('current', s.id === 'src-turn-' + turn));
      focus(document.getElementById('src-' + turn + '-' + n));
    } else {
      const box = document.getElementById('turn-src-' + turn);
      if (box) { box.open = true; focus(box.querySelector('.src-n-' + n)); }
    }
  }, true);
}
""".replace("CSS", json.dumps(_CSS_PAGE), 1)
_SOURCES_EMPTY = ('<p class="src-empty">提问后，这里列出回答引用的每一处原文：文档、章节、行号，引文以黄色标出。'
                  '点回答里的 [1] [2] 查看那一条回答的来源。</p>')


def _html(value: str, css: str, **kw: Any) -> gr.HTML:
    """gr.HTML without the default click script; styles scoped to the component."""
    return gr.HTML(value, css_template=css, js_on_load=None, **kw)


def _error_answer(question: str) -> dict:
    return {"question": question, "intent": "", "status": "error", "found": False, "citations": [], "nearest": [],
            "answer": "抱歉，回答这个问题时出错了，请换个说法再试。", "notice": ""}


def chat_messages(answers: list[dict], docs: dict[str, dict] | None = None) -> list[dict]:
    """The Chatbot's value: two messages per answer (question, answer), so message 2t+1 is answer t."""
    out = []
    for t, a in enumerate(answers):
        out += [{"role": "user", "content": question_markdown(a["question"])},
                {"role": "assistant", "content": answer_message(a, t, docs)}]
    return out


def build_ui(assistant, examples: list[str] | None = None, feedback: FeedbackStore | None = None,
             uploads: bool | None = None) -> gr.Blocks:
    """The whole page. Views derived from the index (targets, outline) are recomputed only
    when `assistant.reload()` swaps the index, so every session sees the current corpus.
    👍/👎 go to `feedback` (default: feedback.sqlite3 beside the index folder). The 文档管理 tab
    exists only when `uploads` (default: `uploads_allowed()`, from the environment)."""
    feedback = feedback or FeedbackStore(feedback_path(assistant.index_dir))
    uploads = uploads_allowed()[0] if uploads is None else uploads
    csv_dir = Path(tempfile.mkdtemp(prefix="plan-assistant-csv-"))  # under the temp dir Gradio may serve
    atexit.register(shutil.rmtree, csv_dir, True)
    cache: dict[str, Any] = {"index": None}

    def views() -> dict[str, Any]:
        idx = assistant.index
        if cache["index"] is not idx:
            tasks = index_task_rows(idx)
            cache.update(index=idx, rows=target_rows(idx), areas=target_areas(idx), outline=outline_html(idx),
                         tasks=tasks, units=task_units(tasks), sections=task_sections(tasks))
        return cache

    def respond(question: str, answers: list[dict] | None):
        q = (question or "").strip()
        answers = list(answers or [])
        if not q:
            return gr.skip(), gr.skip(), answers, ""
        earlier = [a["question"] for a in answers if a.get("status") != "error"][-MAX_HISTORY:]
        try:
            answer = assistant.ask(q, earlier).to_dict()
        except Exception:  # one bad question must not break the session
            log.exception("answering failed for %r", q)
            answer = _error_answer(q)
        answers.append(answer)
        docs = assistant.index.docs
        return chat_messages(answers, docs), sources_panel(answers, docs, _SOURCES_EMPTY), answers, ""

    def exports(answers: list[dict] | None):
        """The conversation's .docx and .md, made after the answer is shown (not on its path)."""
        if not answers:
            return gr.skip(), gr.skip()
        md, docx = export_files(answers, csv_dir, assistant.index.docs)
        return gr.update(value=str(docx), interactive=True), gr.update(value=str(md), interactive=True)

    def judge(answers: list[dict] | None, judged: dict | None, like: gr.LikeData):
        """👍/👎 on answer message 2t+1: one row per answer, a second click changes its rating."""
        answers, judged = list(answers or []), dict(judged or {})
        turn = (like.index[0] if isinstance(like.index, (list, tuple)) else int(like.index)) // 2
        if like.liked not in (True, False) or not 0 <= turn < len(answers):
            return judged, gr.skip(), gr.skip(), gr.skip()
        rating = "up" if like.liked else "down"
        key = str(turn)
        try:
            if key in judged:
                feedback.update(judged[key], rating=rating)
            else:
                judged[key] = feedback.add(answers[turn], rating)
        except Exception:
            log.exception("storing feedback failed")
            return judged, gr.update(visible=True), "反馈未能保存，请稍后再试。", gr.skip()
        return judged, gr.update(visible=True), f"已记录第 {turn + 1} 问的反馈，可以补充说明（可选）：", judged[key]

    def add_comment(row_id: int | None, comment: str):
        if row_id is None or not (comment or "").strip():
            return gr.update(visible=False), ""
        feedback.update(row_id, comment=comment.strip())
        return gr.update(visible=False), ""

    def show_targets(area: str | None, keyword: str | None):
        rows = filter_targets(views()["rows"], area, keyword)
        count = f'<div class="status">共 {len(rows)} 条目标（全部 {len(views()["rows"])} 条）。</div>'
        return targets_html(rows), count, str(write_targets_csv(rows, csv_dir))

    def show_tasks(unit: str | None, section: str | None):
        """The task table filtered by unit and by section, its count and its CSV/XLSX files."""
        v = views()
        units, sections = [ALL_UNITS] + v["units"], [ALL_SECTIONS] + v["sections"]
        unit = unit if unit in units else ALL_UNITS
        section = section if section in sections else ALL_SECTIONS
        rows = filter_tasks(v["tasks"], unit, section)
        owned = sum(1 for r in rows if r.lead or r.partners)
        count = f'<div class="status">共 {len(rows)} 项任务，其中 {owned} 项写明了负责单位（全部 {len(v["tasks"])} 项）。</div>'
        csv_path, xlsx_path = write_task_files(rows, csv_dir)
        return (gr.update(choices=units, value=unit), gr.update(choices=sections, value=section),
                tasks_html(rows), count, str(csv_path), str(xlsx_path))

    def refresh(area: str | None = None, keyword: str | None = None, prefix: str = ""):
        v = views()
        choices = [ALL_AREAS] + v["areas"]
        area = area if area in choices else ALL_AREAS
        return (status_html(assistant, prefix), v["outline"], gr.Dropdown(choices=choices, value=area),
                *show_targets(area, keyword))

    def reload(area: str | None, keyword: str | None):
        try:
            assistant.reload()
        except Exception as exc:  # the old index keeps serving
            log.exception("reload failed")
            return (f'<div class="status status-warn">重新载入失败：{html.escape(str(exc))}</div>',
                    *[gr.skip()] * 5)
        return refresh(area, keyword, prefix="重新载入完成。")

    def documents_view():
        listing = corpus_listing(assistant.corpus_dir)
        names = [f.name for f in listing]
        return (documents_html(listing, assistant.index, assistant.warnings),
                gr.update(choices=names, value=None))

    def after_change(message: str, ok: bool, area: str | None, keyword: str | None):
        note = f'<div class="status{"" if ok else " status-warn"}">{html.escape(message)}</div>'
        return (note, *documents_view(), *refresh(area, keyword))

    def upload_document(path: str | None, area: str | None, keyword: str | None, progress=gr.Progress()):
        """Check, place and index one uploaded file; answers keep being served meanwhile."""
        if not path:
            return after_change("请先选择一个文件。", False, area, keyword)
        progress(0.1, desc="检查文件")
        try:
            dest = add_upload(Path(path), Path(path).name, assistant.corpus_dir)
        except UploadError as exc:
            return after_change(f"未添加：{exc}", False, area, keyword)
        progress(0.3, desc="建立索引（期间照常回答问题）")
        try:
            assistant.reload()
        except Exception as exc:  # the old index keeps serving; take the file back out
            log.exception("indexing an upload failed")
            dest.unlink(missing_ok=True)
            return after_change(f"未添加：建立索引失败（{exc}），原有文档照常服务。", False, area, keyword)
        progress(1.0, desc="完成")
        problem = next((w for w in assistant.warnings if w.startswith(dest.name)), "")
        if problem:
            return after_change(f"已保存「{dest.name}」，但未能读取：{problem}", False, area, keyword)
        return after_change(f"已添加并索引「{dest.name}」，现在可以就它提问。", True, area, keyword)

    def remove_selected(name: str | None, area: str | None, keyword: str | None):
        if not name:
            return after_change("请先选择要删除的文档。", False, area, keyword)
        try:
            remove_document(assistant.corpus_dir, name)
            assistant.reload()
        except UploadError as exc:
            return after_change(f"未删除：{exc}", False, area, keyword)
        except Exception as exc:
            log.exception("reload after removal failed")
            return after_change(f"已删除「{name}」，但重新索引失败（{exc}）。", False, area, keyword)
        return after_change(f"已删除「{name}」，不再据它回答。", True, area, keyword)

    with gr.Blocks(title="工作计划问答", analytics_enabled=False) as demo:
        answers = gr.State([])
        judged = gr.State({})  # answer turn -> feedback row id, per session
        judged_row = gr.State(None)  # the row a comment goes to
        gr.Markdown("## 工作计划问答\n回答全部摘自计划原文，每条都标出出处（文档、章节、页码或段落、行号）；"
                    "计划没有写的，会明确说没有。")
        with gr.Row(equal_height=True):
            status = _html(status_html(assistant), _CSS_STATUS, elem_id="status", scale=4, min_width=220)
            reload_btn = gr.Button("重新载入", elem_id="reload", size="sm", scale=0, min_width=110)
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(label="对话", elem_id="chat", height="min(560px, 70vh)",
                                             buttons=[], feedback_options=("Like", "Dislike"),
                                             # defence in depth: content is escaped already (render.py)
                                             sanitize_html=True, allow_tags=False, latex_delimiters=[],
                                             render_markdown=True, autoscroll=True,
                                             placeholder="在下面输入问题，或点一个示例问题。\n\n"
                                                         "回答里的 [1] [2] 可以点开，查看那一条回答引用的原文。")
                        with gr.Row(visible=False, elem_id="feedback-box") as feedback_box:
                            feedback_note = gr.Markdown("", elem_id="feedback-note")
                            feedback_comment = gr.Textbox(show_label=False, placeholder="哪里不对或有什么建议（可选）",
                                                          elem_id="feedback-comment", scale=4, min_width=200,
                                                          max_length=2000)
                            feedback_send = gr.Button("提交说明", size="sm", elem_id="feedback-send", scale=1,
                                                      min_width=90)
                        with gr.Row():
                            question = gr.Textbox(label="问题", placeholder="例如：某项工作的目标是什么？由哪个部门负责？", show_label=False,
                                                  elem_id="question", scale=5, min_width=200, max_length=2000,
                                                  autofocus=True)
                            send = gr.Button("提问", variant="primary", elem_id="send", scale=1, min_width=80)
                        example_box = gr.Examples(examples or example_questions(assistant.index, views()["rows"]),
                                                  inputs=[question], label="示例问题")
                        with gr.Row():
                            export_docx = gr.DownloadButton("导出 Word", elem_id="export-docx", size="sm",
                                                            interactive=False, min_width=100)
                            export_md = gr.DownloadButton("导出 Markdown", elem_id="export-md", size="sm",
                                                          interactive=False, min_width=100)
                            clear = gr.Button("清空对话", size="sm", elem_id="clear", min_width=100)
                    with gr.Column(scale=2, min_width=300, elem_id="sources-col"):
                        sources = _html(_SOURCES_EMPTY, _CSS_SOURCES, label="来源", show_label=True,
                                        elem_id="sources", container=True, padding=True)
            with gr.Tab("目标一览", id="targets"):
                with gr.Row():
                    area = gr.Dropdown([ALL_AREAS], value=ALL_AREAS, label="板块", elem_id="area",
                                       scale=2, min_width=200)
                    keyword = gr.Textbox(label="关键词", placeholder="如：亿元、%、个", elem_id="keyword",
                                         scale=2, min_width=200)
                    download = gr.DownloadButton("下载 CSV", elem_id="download", scale=1, min_width=120)
                count = _html("", _CSS_STATUS, elem_id="target-count")
                table = _html("", _CSS_TARGETS, elem_id="targets-table")
            with gr.Tab("任务分解表", id="tasks"):
                with gr.Row():
                    task_unit = gr.Dropdown([ALL_UNITS], value=ALL_UNITS, label="单位", elem_id="task-unit",
                                            scale=2, min_width=200, filterable=True)
                    task_section = gr.Dropdown([ALL_SECTIONS], value=ALL_SECTIONS, label="章节",
                                               elem_id="task-section", scale=2, min_width=200)
                    task_csv = gr.DownloadButton("下载 CSV", elem_id="task-csv", scale=1, min_width=110)
                    task_xlsx = gr.DownloadButton("下载 XLSX", elem_id="task-xlsx", scale=1, min_width=110)
                task_count = _html("", _CSS_STATUS, elem_id="task-count")
                task_table = _html("", _CSS_TASKS, elem_id="task-table")
            with gr.Tab("目录", id="outline"):
                outline = _html("", _CSS_OUTLINE, elem_id="outline")
            if uploads:
                with gr.Tab("文档管理", id="documents"):
                    gr.Markdown(f"添加计划（{'、'.join(x.lstrip('.') for x in ACCEPTED[:4])}）或任务分解表/责任表"
                                f"（csv、xlsx），单个文件不超过 {max_bytes() // 1048576} MB。添加后在后台建立索引，"
                                "期间照常回答问题。")
                    upload_file = gr.File(label="选择文件", file_count="single", file_types=list(ACCEPTED),
                                          type="filepath", elem_id="upload-file")
                    upload_btn = gr.Button("添加并建立索引", variant="primary", elem_id="upload-send")
                    upload_note = _html("", _CSS_STATUS, elem_id="upload-note")
                    doc_list = _html("", _CSS_DOCS, elem_id="doc-list")
                    with gr.Row():
                        remove_pick = gr.Dropdown([], label="删除文档", elem_id="remove-pick", scale=3, min_width=200)
                        remove_btn = gr.Button("删除", variant="stop", elem_id="remove-send", scale=1, min_width=80)

        chat_io = dict(inputs=[question, answers], outputs=[chatbot, sources, answers, question])
        export_io = dict(inputs=[answers], outputs=[export_docx, export_md], api_visibility="private")
        gr.on([question.submit, send.click], respond, **chat_io, api_name="chat",
              api_description="Chat turn as the page does it: returns the rendered messages and sources.").then(
            exports, **export_io)
        example_box.load_input_event.then(respond, **chat_io, api_visibility="private").then(exports, **export_io)
        def no_export():
            return (gr.update(value=None, interactive=False),) * 2

        clear.click(lambda: ([], _SOURCES_EMPTY, [], {}, *no_export()),
                    outputs=[chatbot, sources, answers, judged, export_docx, export_md], api_visibility="private")
        chatbot.clear(lambda: (_SOURCES_EMPTY, [], {}, *no_export()),
                      outputs=[sources, answers, judged, export_docx, export_md], api_visibility="private")
        chatbot.like(judge, inputs=[answers, judged], outputs=[judged, feedback_box, feedback_note, judged_row],
                     api_visibility="private")
        gr.on([feedback_send.click, feedback_comment.submit], add_comment, inputs=[judged_row, feedback_comment],
              outputs=[feedback_box, feedback_comment], api_visibility="private")
        filters = dict(inputs=[area, keyword], outputs=[table, count, download])
        area.change(show_targets, **filters, api_visibility="private")
        keyword.change(show_targets, **filters, api_visibility="private", trigger_mode="always_last")
        refresh_io = dict(outputs=[status, outline, area, table, count, download], api_visibility="private")
        demo.load(refresh, inputs=[area, keyword], **refresh_io)
        task_io = dict(inputs=[task_unit, task_section],
                       outputs=[task_unit, task_section, task_table, task_count, task_csv, task_xlsx],
                       api_visibility="private")
        demo.load(show_tasks, **task_io)
        task_unit.input(show_tasks, **task_io)
        task_section.input(show_tasks, **task_io)
        demo.load(None, js=_PAGE_JS)
        reload_btn.click(reload, inputs=[area, keyword], **refresh_io, concurrency_limit=1,
                         concurrency_id="reload").then(show_tasks, **task_io)
        ask = make_ask(assistant)
        if uploads:
            change_io = dict(outputs=[upload_note, doc_list, remove_pick, status, outline, area, table, count, download],
                             api_visibility="private", concurrency_limit=1, concurrency_id="reload")
            upload_btn.click(upload_document, inputs=[upload_file, area, keyword], **change_io).then(
                lambda: None, outputs=[upload_file], api_visibility="private").then(show_tasks, **task_io)
            remove_btn.click(remove_selected, inputs=[remove_pick, area, keyword], **change_io).then(
                show_tasks, **task_io)
            demo.load(documents_view, outputs=[doc_list, remove_pick], api_visibility="private")
        gr.api(ask, api_name="ask", api_description=inspect.getdoc(ask))  # parameters and fields too
    return demo
