"""The web interface (Gradio 6): chat with sources, targets table, outline, reload.

Everything shown is built by the small render functions at the top (testable
without a browser); `build_ui` only wires them to components.

Safety: questions and documents are untrusted text. Every string put into
gr.HTML goes through `html.escape`; chat messages go through `safe_markdown`,
which escapes HTML *and* Markdown punctuation (so no typed or quoted `![](…)`
becomes an image), keeping only the few structures the answer uses (**headings**,
`- ` bullets, `> ` block quotes). The Chatbot also keeps sanitising and drops
custom tags.
"""
from __future__ import annotations

import atexit
import csv
import hashlib
import html
import json
import logging
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from .structure import without_numbering
from .targets import extract_targets

log = logging.getLogger(__name__)

ALL_AREAS = "全部板块"
TARGET_HEADERS = ["章节", "数字", "限定", "原文", "行"]
CSV_HEADERS = ["章节", "数字", "单位", "限定", "原文", "文档", "起始行", "结束行"]
MAX_HISTORY = 10  # earlier questions passed to ask(); follow-ups only look at the last one

# --------------------------------------------------------------------------- text -> safe markup

# Markdown syntax characters (< > & are left to html.escape): anywhere, and at the start of a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]~|$])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+[.)])")
_BOLD_LINE = re.compile(r"^\*\*(.+)\*\*$")
_WS = re.compile(r"\s+")


def _md_text(text: str) -> str:
    """Literal text for Markdown: syntax characters backslash-escaped, then HTML-escaped."""
    text = _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                              _MD_INLINE.sub(r"\\\1", text))
    return html.escape(text, quote=False)


def safe_markdown(text: str) -> str:
    """The answer's Markdown with everything but its own structure shown as text."""
    out = []
    for line in text.split("\n"):
        bold = _BOLD_LINE.match(line)
        if bold:
            out.append(f"**{_md_text(bold.group(1))}**")
        elif line.startswith(("- ", "> ")):
            out.append(line[:2] + _md_text(line[2:]))
        else:
            out.append(_md_text(line))
    return "\n".join(out)


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Span of `quote` in `text`; whitespace-insensitive, as the answerer's citation check is."""
    if not quote:
        return None
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    chars = [re.escape(c) for c in quote if not c.isspace()]
    m = re.search(r"\s*".join(chars), text) if chars else None
    return m.span() if m else None


def highlight(text: str, quote: str) -> str:
    """The passage as HTML with the quoted span in <mark>."""
    span = locate(text, quote)
    if span is None:
        return html.escape(text)
    a, b = span
    return f"{html.escape(text[:a])}<mark>{html.escape(text[a:b])}</mark>{html.escape(text[b:])}"


def _lines(c: dict) -> str:
    first, last = c["lines"]
    return f"第 {first} 行" if first == last else f"第 {first}–{last} 行"


def citation_html(c: dict, file: str | None = None, mark: bool = True) -> str:
    """One source card: [n], document title, section path, line numbers, passage."""
    title = c.get("doc_title") or c["doc"]
    where = " · ".join(x for x in (c["section"], _lines(c), file or "") if x)
    body = highlight(c["text"], c["quote"]) if mark else html.escape(c["text"])
    return (f'<div class="src-card" id="src-{int(c["n"])}">'
            f'<div class="src-head">[{int(c["n"])}] 《{html.escape(title)}》</div>'
            f'<div class="src-meta">{html.escape(where)}</div>'
            f'<blockquote class="src-text">{body}</blockquote></div>')


def sources_html(answer: dict, docs: dict[str, dict] | None = None) -> str:
    """The sources panel for one answer; the nearest passages when nothing was found."""
    docs = docs or {}
    file = lambda c: docs.get(c["doc"], {}).get("file")  # noqa: E731
    parts = []
    if answer.get("notice"):
        parts.append(f'<p class="src-notice">{html.escape(answer["notice"])}</p>')
    if answer.get("found"):
        parts += [citation_html(c, file(c)) for c in answer["citations"]]
    else:
        parts.append('<p class="src-notice">计划中没有找到答案。下面是最接近的段落，可供查看：</p>')
        parts += [citation_html(c, file(c), mark=False) for c in answer.get("nearest", [])]
        if not answer.get("nearest"):
            parts.append('<p class="src-empty">（没有相近的段落）</p>')
    return "\n".join(parts)


def answer_markdown(answer: dict) -> str:
    md = safe_markdown(answer["answer"])
    if answer.get("notice"):
        md += "\n\n*" + _md_text(answer["notice"]) + "*"
    return md


def plain_text(answer: dict) -> str:
    """The answer with its sources as plain text, for pasting into a report."""
    lines = [f"问：{answer['question']}", "答："]
    lines += [_BOLD_LINE.sub(r"\1", line).removeprefix("> ") for line in answer["answer"].split("\n")]
    if answer.get("notice"):
        lines.append(answer["notice"])
    cites, head = (answer["citations"], "来源：") if answer.get("found") else (answer.get("nearest", []), "最接近的段落：")
    if cites:
        lines += ["", head]
        for c in cites:
            lines.append(f"[{c['n']}] 《{c.get('doc_title') or c['doc']}》 · {c['section']} · {_lines(c)}")
            lines.append(f"    原文：{c['text']}")
    return "\n".join(lines)


def question_markdown(question: str) -> str:
    return _md_text(question)


# --------------------------------------------------------------------------- targets table

def target_rows(index) -> list[dict]:
    """Every quantitative target of the index, with its area and source lines."""
    by_id = {p.passage_id: p for p in index.passages}
    rows = []
    for t in extract_targets(index.passages):
        p = by_id.get(t.passage_id)
        rows.append({"area": t.section_path[0] if t.section_path else "", "section": t.section_label,
                     "path": t.section_path,
                     "number": t.number, "unit": t.unit, "qualifier": t.qualifier, "quote": t.quote,
                     "doc": index.docs.get(t.doc_id, {}).get("title", t.doc_id),
                     "lines": (p.line_first, p.line_last) if p else (0, 0)})
    return rows


def example_questions(index, rows: list[dict]) -> list[str]:
    """Example questions made from the corpus itself (a target's figure, a measure's owner, a
    target's wording, the plan's parts), so whatever plan is served, its examples fit it."""
    out: list[str] = []
    lead_ins = [(r, r["quote"][:r["quote"].find(r["number"])]) for r in rows if r["number"] in r["quote"]]
    lead_ins = [(r, words) for r, words in lead_ins if 4 <= len(words) <= 14]
    asked = lead_ins[len(lead_ins) // 2][0] if lead_ins else None
    if asked:
        out.append(f"“{lead_ins[len(lead_ins) // 2][1]}”的目标是多少？")
    measures = [s for s in index.sections if s.level > 1 and (asked is None or s.path != asked["path"])]
    if measures:
        out.append(f"{without_numbering(measures[len(measures) // 2].title)}由哪个部门负责？")
    short = [r["quote"] for r in rows if 8 <= len(r["quote"]) <= 16 and r is not asked]
    if short:
        out.append(f"“{short[len(short) // 3]}”那条原文怎么写的？")
    if len(target_areas(index)) > 1:
        out.append("计划分为哪几个部分？")
    return out or ["计划的主要目标有哪些？"]


def target_areas(index) -> list[str]:
    """Top-level sections of every document, in document order (the area filter's choices)."""
    seen: list[str] = []
    for s in sorted(index.sections, key=lambda s: (s.section_id.split("#")[0], s.line_first)):
        if s.level == 1 and s.path and s.path[0] not in seen:
            seen.append(s.path[0])
    return seen


def filter_targets(rows: list[dict], area: str | None = None, keyword: str | None = None) -> list[dict]:
    kw = _WS.sub("", keyword or "").casefold()
    out = []
    for r in rows:
        if area and area != ALL_AREAS and r["area"] != area:
            continue
        hay = _WS.sub("", f"{r['section']}{r['number']}{r['unit']}{r['qualifier']}{r['quote']}").casefold()
        if kw and kw not in hay:
            continue
        out.append(r)
    return out


def table_value(rows: list[dict]) -> list[list[str]]:
    return [[r["section"], r["number"] + r["unit"], r["qualifier"], r["quote"],
             f"{r['lines'][0]}–{r['lines'][1]}"] for r in rows]


def write_targets_csv(rows: list[dict], folder: Path) -> Path:
    """CSV (UTF-8 with BOM, so Excel shows the Chinese) named by content: same rows, same file."""
    body = [[r["section"], r["number"], r["unit"], r["qualifier"], r["quote"], r["doc"], *r["lines"]] for r in rows]
    digest = hashlib.sha1(json.dumps(body, ensure_ascii=False).encode()).hexdigest()[:12]
    path = Path(folder) / f"targets-{digest}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(CSV_HEADERS)
            w.writerows(body)
        tmp.replace(path)
    return path


# --------------------------------------------------------------------------- outline

def outline_html(index) -> str:
    """Each document's section tree as nested <details>, each opening to its passages."""
    parts = []
    for doc_id, doc in index.docs.items():
        sections = sorted((s for s in index.sections if s.section_id.startswith(doc_id + "#")),
                          key=lambda s: (s.kind != "headline", s.line_first))
        by_path: dict[tuple[str, ...], list] = {}
        for p in index.passages:
            if p.doc_id == doc_id and p.section_kind != "heading":
                by_path.setdefault(p.section_path, []).append(p)
        file = f' <span class="ol-file">{html.escape(str(doc.get("file", "")))}</span>' if doc.get("file") else ""
        parts.append(f'<div class="ol-doc"><h3>《{html.escape(str(doc.get("title") or doc_id))}》{file}</h3>')
        stack: list[tuple[str, ...]] = []
        for sec in sections:
            while stack and sec.path[: len(stack[-1])] != stack[-1]:
                parts.append("</details>")
                stack.pop()
            own = by_path.get(sec.path, [])
            count = sum(len(ps) for path, ps in by_path.items() if path[: len(sec.path)] == sec.path)
            parts.append(f'<details class="ol-sec" data-level="{int(sec.level)}"><summary>'
                         f'{html.escape(sec.title)} <span class="ol-meta">第 {sec.line_first}–{sec.line_last} 行'
                         f' · {count} 段</span></summary>')
            if own:
                parts.append('<ol class="ol-passages">' + "".join(
                    f'<li><span class="ol-lines">{p.line_first}–{p.line_last}</span> {html.escape(p.text)}</li>'
                    for p in own) + "</ol>")
            stack.append(sec.path)
        parts.append("</details>" * len(stack) + "</div>")
    return "\n".join(parts) or '<p class="src-empty">语料中没有文档。</p>'


def status_html(assistant, prefix: str = "") -> str:
    idx = assistant.index
    text = f"{prefix}已载入 {len(idx.docs)} 份文档、{len(idx.passages)} 段原文。"
    warn = "".join(f"<li>{html.escape(w)}</li>" for w in assistant.warnings)
    return (f'<div class="status">{html.escape(text)}'
            + (f'<div class="status-warn">以下文件未能读取：<ul>{warn}</ul></div>' if warn else "") + "</div>")


# --------------------------------------------------------------------------- the page

_CSS_SOURCES = """
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 10px; }
.src-head { font-weight: 600; }
.src-meta { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 2px 0 6px; overflow-wrap: anywhere; }
.src-text { margin: 0; padding: 0 0 0 8px; border-left: 3px solid var(--color-accent); white-space: pre-wrap;
            overflow-wrap: anywhere; }
.src-notice { font-weight: 600; margin: 0 0 8px; }
.src-empty { color: var(--body-text-color-subdued); }
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
_CSS_STATUS = """
.status { font-size: 0.9em; color: var(--body-text-color-subdued); }
.status-warn { color: var(--color-red-500, #b91c1c); }
"""
_SOURCES_EMPTY = '<p class="src-empty">提问后，这里列出回答引用的每一处原文：文档、章节、行号，引文以黄色标出。</p>'


def _html(value: str, css: str, **kw: Any) -> gr.HTML:
    """gr.HTML without the default click script; styles scoped to the component."""
    return gr.HTML(value, css_template=css, js_on_load=None, **kw)


def _history(value: Any) -> list[str]:
    """Earlier questions from the API: a list, or a JSON list in a string."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else []
    if value is None:
        return []
    if not isinstance(value, list):
        raise gr.Error("history 必须是之前问题组成的 JSON 列表")
    return [str(q) for q in value][-MAX_HISTORY:]


def build_ui(assistant, examples: list[str] | None = None) -> gr.Blocks:
    """The whole page. Views derived from the index (targets, outline) are recomputed only
    when `assistant.reload()` swaps the index, so every session sees the current corpus."""
    csv_dir = Path(tempfile.mkdtemp(prefix="plan-assistant-csv-"))  # under the temp dir Gradio may serve
    atexit.register(shutil.rmtree, csv_dir, True)
    cache: dict[str, Any] = {"index": None}

    def views() -> dict[str, Any]:
        idx = assistant.index
        if cache["index"] is not idx:
            cache.update(index=idx, rows=target_rows(idx), areas=target_areas(idx), outline=outline_html(idx))
        return cache

    def ask(question: str, history: list[str] | str | None = None) -> dict:
        """Answer a question about the plans; `history` is the list of earlier questions."""
        return assistant.ask(str(question or ""), _history(history)).to_dict()

    def respond(question: str, messages: list | None, asked: list[str] | None):
        q = (question or "").strip()
        messages, asked = list(messages or []), list(asked or [])
        if not q:
            return messages, gr.skip(), gr.skip(), asked, ""
        try:
            answer = assistant.ask(q, asked[-MAX_HISTORY:]).to_dict()
        except Exception:  # one bad question must not break the session
            log.exception("answering failed for %r", q)
            messages += [{"role": "user", "content": question_markdown(q)},
                         {"role": "assistant", "content": "抱歉，回答这个问题时出错了，请换个说法再试。"}]
            return messages, _SOURCES_EMPTY, "", asked, ""
        messages += [{"role": "user", "content": question_markdown(q)},
                     {"role": "assistant", "content": answer_markdown(answer)}]
        return messages, sources_html(answer, assistant.index.docs), plain_text(answer), asked + [q], ""

    def show_targets(area: str | None, keyword: str | None):
        rows = filter_targets(views()["rows"], area, keyword)
        count = f'<div class="status">共 {len(rows)} 条目标（全部 {len(views()["rows"])} 条）。</div>'
        return table_value(rows), count, str(write_targets_csv(rows, csv_dir))

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

    with gr.Blocks(title="工作计划问答", analytics_enabled=False) as demo:
        asked = gr.State([])
        gr.Markdown("## 工作计划问答\n回答全部摘自计划原文，每条都标出出处（文档、章节、行号）；"
                    "计划没有写的，会明确说没有。")
        with gr.Row(equal_height=True):
            status = _html(status_html(assistant), _CSS_STATUS, elem_id="status", scale=4, min_width=220)
            reload_btn = gr.Button("重新载入", elem_id="reload", size="sm", scale=0, min_width=110)
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(label="对话", elem_id="chat", height="min(520px, 65vh)",
                                             buttons=["copy", "copy_all"], feedback_options=None,
                                             # defence in depth: content is escaped already (safe_markdown)
                                             sanitize_html=True, allow_tags=False, latex_delimiters=[],
                                             render_markdown=True, autoscroll=True,
                                             placeholder="在下面输入问题，或点一个示例问题。\n\n"
                                                         "回答里的 [1] [2] 对应右侧「来源」。")
                        with gr.Row():
                            question = gr.Textbox(placeholder="例如：某项工作的目标是什么？由哪个部门负责？", show_label=False,
                                                  elem_id="question", scale=5, min_width=200, max_length=2000,
                                                  autofocus=True)
                            send = gr.Button("提问", variant="primary", elem_id="send", scale=1, min_width=80)
                        example_box = gr.Examples(examples or example_questions(assistant.index, views()["rows"]),
                                                  inputs=[question], label="示例问题")
                        clear = gr.Button("清空对话", size="sm", elem_id="clear")
                    with gr.Column(scale=2, min_width=300):
                        sources = _html(_SOURCES_EMPTY, _CSS_SOURCES, label="来源", show_label=True,
                                        elem_id="sources", container=True, padding=True)
                        plain = gr.Textbox(label="纯文本（含来源，可复制到报告）", lines=8, max_lines=20,
                                           interactive=False, buttons=["copy"], elem_id="plain")
            with gr.Tab("目标一览", id="targets"):
                with gr.Row():
                    area = gr.Dropdown([ALL_AREAS], value=ALL_AREAS, label="板块", elem_id="area",
                                       scale=2, min_width=200)
                    keyword = gr.Textbox(label="关键词", placeholder="如：亿元、%、个", elem_id="keyword",
                                         scale=2, min_width=200)
                    download = gr.DownloadButton("下载 CSV", elem_id="download", scale=1, min_width=120)
                count = _html("", _CSS_STATUS, elem_id="target-count")
                table = gr.Dataframe(headers=TARGET_HEADERS, datatype="str", interactive=False, wrap=True,
                                     elem_id="targets-table", max_height=640,
                                     column_widths=["22%", "12%", "10%", "46%", "10%"])
            with gr.Tab("目录", id="outline"):
                outline = _html("", _CSS_OUTLINE, elem_id="outline")

        chat_io = dict(inputs=[question, chatbot, asked], outputs=[chatbot, sources, plain, asked, question])
        gr.on([question.submit, send.click], respond, **chat_io, api_name="chat",
              api_description="Chat turn as the page does it: returns the rendered messages and sources.")
        example_box.load_input_event.then(respond, **chat_io, api_visibility="private")
        clear.click(lambda: ([], _SOURCES_EMPTY, "", []), outputs=[chatbot, sources, plain, asked],
                    api_visibility="private")
        chatbot.clear(lambda: (_SOURCES_EMPTY, "", []), outputs=[sources, plain, asked], api_visibility="private")
        filters = dict(inputs=[area, keyword], outputs=[table, count, download])
        area.change(show_targets, **filters, api_visibility="private")
        keyword.change(show_targets, **filters, api_visibility="private", trigger_mode="always_last")
        refresh_io = dict(outputs=[status, outline, area, table, count, download], api_visibility="private")
        demo.load(refresh, inputs=[area, keyword], **refresh_io)
        reload_btn.click(reload, inputs=[area, keyword], **refresh_io, concurrency_limit=1, concurrency_id="reload")
        gr.api(ask, api_name="ask")
    return demo
