"""The conversation as a file: Markdown or Word (.docx), each answer with its sources.

Both are built from the answers as `Answer.to_dict()` gives them (the page keeps them per
session): the question, the answer's text without Markdown markup, and for each source its
document, section, place (page or paragraph, lines) and passage with the quoted span marked.
Files are named by their content, so the same conversation is the same file.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .render import answer_lines, cites, locate, location

TITLE = "工作计划问答 · 对话记录"


def _sources_heading(answer: dict) -> str:
    return "来源" if answer.get("found") else "最接近的段落"


def _quote_split(c: dict) -> tuple[str, str, str]:
    """(before, quoted span, after) of the cited passage; no span for the nearest passages."""
    span = locate(c["text"], c.get("quote", "")) if c.get("quote") else None
    if span is None:
        return c["text"], "", ""
    a, b = span
    return c["text"][:a], c["text"][a:b], c["text"][b:]


def _md_safe(text: str) -> str:
    """Text for the Markdown file: markup in a question or document stays text when the file
    is rendered (< and & as entities); everything else is left readable."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def conversation_markdown(answers: list[dict], docs: dict[str, dict] | None = None) -> str:
    out = [f"# {TITLE}", ""]
    for i, a in enumerate(answers, 1):
        out += [f"## 问 {i}：{_md_safe(a['question'])}", ""]
        out += [_md_safe(x) for x in answer_lines(a)] + [""]
        found = cites(a)
        if found:
            out += [f"**{_sources_heading(a)}**", ""]
            for c in found:
                before, span, after = _quote_split(c)
                passage = _md_safe(before) + (f"**{_md_safe(span)}**" if span else "") + _md_safe(after)
                out.append(f"- [{c['n']}] 《{_md_safe(c.get('doc_title') or c['doc'])}》 · "
                           f"{_md_safe(location(c, (docs or {}).get(c['doc'], {}).get('file')))}")
                out.append("  > " + passage.replace("\n", " "))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_docx(answers: list[dict], path: Path, docs: dict[str, dict] | None = None) -> Path:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document()
    doc.core_properties.title = TITLE
    doc.add_heading(TITLE, level=1)
    for i, a in enumerate(answers, 1):
        doc.add_heading(f"问 {i}：{a['question']}", level=2)
        for line in answer_lines(a):
            if line.strip():
                doc.add_paragraph(line)
        found = cites(a)
        if found:
            doc.add_paragraph().add_run(_sources_heading(a) + "：").bold = True
            for c in found:
                doc.add_paragraph(f"[{c['n']}] 《{c.get('doc_title') or c['doc']}》 · "
                                  f"{location(c, (docs or {}).get(c['doc'], {}).get('file'))}")
                before, span, after = _quote_split(c)
                para = doc.add_paragraph(style="Quote")
                para.add_run(before)
                if span:
                    run = para.add_run(span)
                    run.bold = True
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                para.add_run(after)
    doc.save(str(path))
    return Path(path)


def export_files(answers: list[dict], folder: Path, docs: dict[str, dict] | None = None) -> tuple[Path, Path]:
    """(Markdown, Word) files of the conversation in `folder`, named by content."""
    digest = hashlib.sha1(json.dumps([answers, docs and {k: v.get("file") for k, v in docs.items()}],
                                     ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:12]
    md, docx = Path(folder) / f"对话记录-{digest}.md", Path(folder) / f"对话记录-{digest}.docx"
    if not md.exists():
        tmp = md.with_suffix(".tmp")
        tmp.write_text(conversation_markdown(answers, docs), encoding="utf-8")
        tmp.replace(md)
    if not docx.exists():
        tmp = docx.with_name(docx.name + ".tmp")
        write_docx(answers, tmp, docs)
        tmp.replace(docx)
    return md, docx
