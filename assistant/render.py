"""What the page shows, as strings: safe chat Markdown, source cards, the targets table, the
outline. Pure functions of answers and the index, tested without a browser; `ui.py` wires them.

Safety: questions and documents are untrusted text. Every string put into HTML goes through
`html.escape`; chat messages go through `safe_markdown`, which escapes HTML *and* Markdown
punctuation (so no typed or quoted `![](…)` becomes an image), keeping only the few structures
the answer uses (**headings**, `- ` bullets, `> ` block quotes).
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import tempfile
from pathlib import Path

from .owners import TASK_HEADERS, task_rows, write_task_table
from .structure import without_numbering
from .targets import extract_targets

ALL_AREAS = "全部板块"
CSV_HEADERS = ["章节", "数字", "单位", "限定", "原文", "文档", "起始行", "结束行"]

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


_ESCAPED_BOLD = re.compile(r"\\\*\\\*(.+?)\\\*\\\*")  # **span** after _md_text: \*\*span\*\*


def safe_markdown(text: str) -> str:
    """The answer's Markdown with everything but its own structure shown as text: whole-line
    **headings**, `- ` bullets, `> ` quotes, and **emphasis** (the quoted span in a passage)."""
    out = []
    for line in text.split("\n"):
        bold = _BOLD_LINE.match(line)
        if bold:
            out.append(f"**{_md_text(bold.group(1))}**")
        elif line.startswith(("- ", "> ")):
            out.append(line[:2] + _ESCAPED_BOLD.sub(r"**\1**", _md_text(line[2:])))
        else:
            out.append(_ESCAPED_BOLD.sub(r"**\1**", _md_text(line)))
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


def _page(c: dict, file: str | None) -> str:
    """A PDF page or a DOCX paragraph, when the citation has one."""
    page = c.get("page")
    if not page:
        return ""
    suffix = Path(file or c.get("file") or "").suffix.lower()
    return f"第 {int(page)} 段" if suffix == ".docx" else f"第 {int(page)} 页"


def location(c: dict, file: str | None = None) -> str:
    """Where a cited passage is: section, page (PDF) or paragraph (DOCX), line range, file."""
    return " · ".join(x for x in (c["section"], _page(c, file), _lines(c), file or "") if x)


def cites(answer: dict) -> list[dict]:
    """The passages an answer shows: its citations, or the nearest ones when nothing was found."""
    return (answer.get("citations") or []) if answer.get("found") else (answer.get("nearest") or [])


def citation_html(c: dict, file: str | None = None, mark: bool = True, card_id: str | None = None,
                  css_class: str = "") -> str:
    """One source card: [n], document title, section path, line numbers, passage (one line of
    HTML, no blank line, so it stays a single HTML block inside a chat message's Markdown)."""
    title = c.get("doc_title") or c["doc"]
    where = location(c, file)
    body = highlight(c["text"], c["quote"]) if mark else html.escape(c["text"])
    ident = f' id="{html.escape(card_id)}"' if card_id else ""
    return (f'<div class="src-card{(" " + css_class) if css_class else ""}"{ident}>'
            f'<div class="src-head">[{int(c["n"])}] 《{html.escape(title)}》</div>'
            f'<div class="src-meta">{html.escape(where)}</div>'
            f'<blockquote class="src-text">{body}</blockquote></div>').replace("\n", "<br>")


def _cards(answer: dict, docs: dict[str, dict] | None, turn: int | None, in_chat: bool = False) -> list[str]:
    docs = docs or {}
    out = []
    for c in cites(answer):
        n = int(c["n"])
        card_id = None if turn is None or in_chat else f"src-{turn}-{n}"
        out.append(citation_html(c, docs.get(c["doc"], {}).get("file"), mark=bool(answer.get("found")),
                                 card_id=card_id, css_class=f"src-n-{n}"))
    return out


def sources_html(answer: dict, docs: dict[str, dict] | None = None, turn: int | None = None) -> str:
    """The sources of one answer; the nearest passages when nothing was found."""
    parts = []
    if answer.get("notice"):
        parts.append(f'<p class="src-notice">{html.escape(answer["notice"])}</p>')
    if not answer.get("found"):
        parts.append('<p class="src-notice">计划中没有找到答案。下面是最接近的段落，可供查看：</p>')
        if not answer.get("nearest"):
            parts.append('<p class="src-empty">（没有相近的段落）</p>')
    return "\n".join(parts + _cards(answer, docs, turn))


def sources_panel(answers: list[dict], docs: dict[str, dict] | None = None, empty: str = "") -> str:
    """The side panel: every answer's sources, one section per answer; the latest is shown, and
    clicking [n] in an earlier answer shows that answer's section (the page's script)."""
    if not answers:
        return empty
    parts = []
    last = len(answers) - 1
    for t, answer in enumerate(answers):
        parts.append(f'<section class="src-turn{" current" if t == last else ""}" id="src-turn-{t}">'
                     f'<div class="src-turn-head">第 {t + 1} 问：{html.escape(answer["question"])}</div>'
                     f'{sources_html(answer, docs, turn=t)}</section>')
    return "\n".join(parts)


_CITE_MD = re.compile(r"\\\[(\d+)\\\]")  # [n] as safe_markdown writes it: \[n\]


def answer_markdown(answer: dict) -> str:
    md = safe_markdown(answer["answer"])
    if answer.get("notice"):
        md += "\n\n*" + _md_text(answer["notice"]) + "*"
    return md


def answer_message(answer: dict, turn: int, docs: dict[str, dict] | None = None) -> str:
    """One answer as a chat message: the answer with each [n] a link to this answer's source n,
    then this answer's sources in a collapsed block (reachable under the answer on a phone), a
    copy link, and the plain text it copies (hidden)."""
    numbers = {int(c["n"]) for c in cites(answer)}
    md = _CITE_MD.sub(lambda m: (f'<a class="cite" href="#cite-{turn}-{m.group(1)}">[{m.group(1)}]</a>'
                                 if int(m.group(1)) in numbers else m.group(0)), answer_markdown(answer))
    cards = "".join(_cards(answer, docs, turn, in_chat=True))
    label = f"来源（{len(numbers)} 处）" if answer.get("found") else f"最接近的段落（{len(numbers)} 处）"
    tail = []
    if cards:
        tail.append(f'<details class="turn-src" id="turn-src-{turn}"><summary>{label}</summary>{cards}</details>')
    tail.append(f'<p class="answer-tools"><a class="copy-answer" href="#copy-{turn}">复制回答和来源</a></p>')
    tail.append(f'<pre class="plain-copy" hidden>{html.escape(plain_text(answer))}</pre>')
    return md + "\n\n" + "\n\n".join(tail)


_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


def clean_line(line: str) -> str:
    """An answer line as plain text: no heading/quote markers, no ** emphasis."""
    return _EMPHASIS.sub(r"\1", line.removeprefix("> ")).strip("\r")


def answer_lines(answer: dict) -> list[str]:
    lines = [clean_line(x) for x in answer["answer"].split("\n")]
    if answer.get("notice"):
        lines.append(answer["notice"])
    return lines


def plain_text(answer: dict) -> str:
    """The answer with its sources as plain text, for pasting into a report: no Markdown
    markers or backslashes, each source with its place and passage."""
    lines = [f"问：{answer['question']}", "答：", *answer_lines(answer)]
    found = cites(answer)
    if found:
        lines += ["", "来源：" if answer.get("found") else "最接近的段落："]
        for c in found:
            lines.append(f"[{c['n']}] 《{c.get('doc_title') or c['doc']}》 · {location(c)}")
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
                     "file": index.docs.get(t.doc_id, {}).get("file", ""),
                     "text": p.text if p else t.quote, "page": p.page if p else None,
                     "lines": (p.line_first, p.line_last) if p else (0, 0)})
    return rows


def targets_html(rows: list[dict]) -> str:
    """The targets table: one row per target (figure, qualifier, the clause, its section); a
    click on a row opens its passage with the clause marked. Rows are <details>, so it works
    without script, and on a phone each row stacks instead of squeezing five columns."""
    if not rows:
        return '<p class="tg-empty">没有符合条件的目标。</p>'
    head = ('<div class="tg-head" aria-hidden="true"><span>数字</span><span>限定</span><span>原文（点开看整段）</span>'
            '<span>章节</span></div>')
    out = []
    for r in rows:
        c = {"section": r["section"], "lines": r["lines"], "page": r.get("page"), "file": r.get("file", "")}
        out.append(
            '<details class="tg-row"><summary>'
            f'<span class="tg-num">{html.escape(r["number"] + r["unit"])}</span>'
            f'<span class="tg-qual">{html.escape(r["qualifier"])}</span>'
            f'<span class="tg-quote">{html.escape(r["quote"])}</span>'
            f'<span class="tg-sec">{html.escape(r["section"])}</span></summary>'
            f'<div class="tg-passage"><div class="tg-meta">《{html.escape(r["doc"])}》 · '
            f'{html.escape(location(c, r.get("file")))}</div>'
            f'<blockquote>{highlight(r["text"], r["quote"])}</blockquote></div></details>')
    return head + "".join(out)


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


def write_targets_csv(rows: list[dict], folder: Path) -> Path:
    """CSV (UTF-8 with BOM, so Excel shows the Chinese) named by content: same rows, same file."""
    body = [[r["section"], r["number"], r["unit"], r["qualifier"], r["quote"], r["doc"], *r["lines"]] for r in rows]
    digest = hashlib.sha1(json.dumps(body, ensure_ascii=False).encode()).hexdigest()[:12]
    path = Path(folder) / f"targets-{digest}.csv"

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(CSV_HEADERS)
            w.writerows(body)

    _write_once(path, write)
    return path


def _write_once(path: Path, write) -> None:
    """Write a content-named file unless it exists, atomically. Each call writes under a temporary
    name of its own: two sessions asking for the same file at once must not replace (and so
    remove) each other's half-written file."""
    if path.exists():
        return
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


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


def plan_titles(index) -> list[str]:
    """The titles of the plans served, in the index's order (file name when a plan has no title)."""
    return [str(d.get("title") or d.get("file") or doc_id) for doc_id, d in index.docs.items()]


def status_html(assistant, prefix: str = "") -> str:
    """The plans the page answers from (by title), counts, and files that could not be read."""
    idx = assistant.index
    titles = "".join(f'<li>《{html.escape(t)}》</li>' for t in plan_titles(idx))
    text = f"{prefix}已载入 {len(idx.docs)} 份文档、{len(idx.passages)} 段原文。"
    warn = "".join(f"<li>{html.escape(w)}</li>" for w in assistant.warnings)
    return (f'<div class="status"><div class="plans">本页回答以下计划：<ul class="plan-list">{titles}</ul></div>'
            f'{html.escape(text)}'
            + (f'<div class="status-warn">以下文件未能读取：<ul>{warn}</ul></div>' if warn else "") + "</div>")


def documents_html(listing, index, warnings: list[str]) -> str:
    """The 文档管理 list: each file in the corpus, its kind and size, and whether it is served
    (with its title) or why it could not be read."""
    titles = {str(d.get("file")): str(d.get("title") or "") for d in index.docs.values()}
    rows = []
    for f in listing:
        problem = next((w for w in warnings if w.startswith(f.name + ":") or w.startswith(f.name + " ")), "")
        if problem:
            state = f'<span class="doc-bad">未能读取：{html.escape(problem.split(":", 1)[-1].strip())}</span>'
        elif f.name in titles:
            state = f'已索引 ·《{html.escape(titles[f.name])}》'
        elif f.kind == "责任表":
            state = "已读取（用于回答负责单位）"
        else:
            state = "尚未索引"
        rows.append(f'<tr><td class="doc-name">{html.escape(f.name)}</td><td>{f.kind}</td>'
                    f'<td>{f.size / 1024:.1f} KB</td><td>{state}</td></tr>')
    return ('<table class="doc-list"><thead><tr><th>文件</th><th>类型</th><th>大小</th><th>状态</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


# --------------------------------------------------------------------------- task breakdown (任务分解表)

ALL_UNITS = "全部单位"
ALL_SECTIONS = "全部章节"


def index_task_rows(index) -> list:
    """One row per measure of every plan served (owners.task_rows over the index's assignments)."""
    return task_rows(index.passages, index.assignments, index.docs)


def task_units(rows: list) -> list[str]:
    """Every unit a row names (lead or partner), the most often named first."""
    counts: dict[str, int] = {}
    for r in rows:
        for u in dict.fromkeys(r.lead + r.partners):
            counts[u] = counts.get(u, 0) + 1
    return sorted(counts, key=lambda u: (-counts[u], u))


def task_sections(rows: list) -> list[str]:
    """The top-level sections rows belong to, in plan order."""
    return list(dict.fromkeys(r.section.split(" › ")[0] for r in rows if r.section))


def filter_tasks(rows: list, unit: str | None = None, section: str | None = None) -> list:
    out = []
    for r in rows:
        if unit and unit != ALL_UNITS and unit not in r.lead and unit not in r.partners:
            continue
        if section and section != ALL_SECTIONS and r.section.split(" › ")[0] != section:
            continue
        out.append(r)
    return out


def tasks_html(rows: list) -> str:
    """The task table: 序号, 章节, 任务, 牵头单位, 配合单位, 完成时限; each row opens to where it
    is in the plan. Stacks on a phone like the targets table."""
    if not rows:
        return '<p class="tk-empty">没有符合条件的任务。</p>'
    head = "".join(f"<span>{html.escape(h)}</span>" for h in TASK_HEADERS[:6])
    out = [f'<div class="tk-head" aria-hidden="true">{head}</div>']
    for r in rows:
        cells = r.to_row()[:6]
        where = f"{r.doc} · 第 {r.line_first}–{r.line_last} 行" + (f" · 责任表 {r.table_ref}" if r.table_ref else "")
        out.append('<details class="tk-row"><summary>' + "".join(
            f'<span class="tk-{k}">{html.escape(str(v))}</span>'
            for k, v in zip(("no", "sec", "task", "lead", "partners", "due"), cells))
            + f'</summary><div class="tk-meta">{html.escape(where)}</div></details>')
    return "".join(out)


def write_task_files(rows: list, folder: Path) -> tuple[Path, Path]:
    """(CSV, XLSX) of these rows, named by content (owners.write_task_table writes them)."""
    digest = hashlib.sha1(json.dumps([r.to_row() for r in rows], ensure_ascii=False).encode()).hexdigest()[:12]
    paths = (Path(folder) / f"任务分解表-{digest}.csv", Path(folder) / f"任务分解表-{digest}.xlsx")
    for path, fmt in zip(paths, ("csv", "xlsx")):
        _write_once(path, lambda tmp, fmt=fmt: write_task_table(rows, tmp, fmt))
    return paths
