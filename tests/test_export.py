"""Copy and export: an answer's plain text and the conversation as Markdown and .docx."""
from __future__ import annotations

from docx import Document

from assistant import export, render

XSS = "<img src=x onerror=alert(1)>"


def _answers() -> list[dict]:
    cite = {"n": 1, "doc": "plan", "section": "甲 › 乙", "lines": [3, 5], "doc_title": "某市计划",
            "text": "前文，确保投资a_b 130亿元以上，后文。", "quote": "确保投资a_b 130亿元以上", "score": 1.0}
    near = dict(cite, n=1, quote="", text="最接近的一段。")
    return [
        {"question": "目标" + XSS, "found": True, "status": "answered", "notice": "",
         "answer": "计划中的相关目标：\n**甲 › 乙**\n- “确保投资a_b 130亿元以上” [1]\n> 前文，**确保**，后文 [1]",
         "citations": [cite], "nearest": []},
        {"question": "火星基地？", "found": False, "status": "not_found", "notice": "", "answer": "计划中没有找到。",
         "citations": [], "nearest": [near]},
    ]


def test_plain_text_is_clean_and_has_sources():
    text = render.plain_text(_answers()[0])
    assert "\\" not in text and "**" not in text and "\n> " not in text
    assert "- “确保投资a_b 130亿元以上” [1]" in text and "前文，确保，后文 [1]" in text
    assert "[1] 《某市计划》 · 甲 › 乙 · 第 3–5 行" in text and "原文：前文，确保投资a_b 130亿元以上，后文。" in text
    assert "最接近的段落：" in render.plain_text(_answers()[1])


def test_markdown_export_has_questions_answers_sources_and_quoted_spans():
    md = export.conversation_markdown(_answers(), {"plan": {"file": "plan.txt"}})
    assert md.startswith("# ") and "## 问 1：目标&lt;img src=x onerror=alert(1)>" in md
    assert "<img" not in md  # a viewer rendering the file shows the markup as text
    assert "## 问 2：火星基地？" in md and "**最接近的段落**" in md
    assert "- [1] 《某市计划》 · 甲 › 乙 · 第 3–5 行 · plan.txt" in md
    assert "  > 前文，**确保投资a_b 130亿元以上**，后文。" in md
    assert "  > 最接近的一段。" in md


def test_docx_export_opens_with_its_sources_and_highlighted_quote(tmp_path):
    md, docx = export.export_files(_answers(), tmp_path)
    assert md.exists() and export.export_files(_answers(), tmp_path) == (md, docx)  # named by content
    doc = Document(str(docx))
    text = [p.text for p in doc.paragraphs]
    assert "问 1：目标" + XSS in text and "问 2：火星基地？" in text
    assert "甲 › 乙" in text and "“确保投资a_b 130亿元以上” [1]" in " ".join(text)
    assert "[1] 《某市计划》 · 甲 › 乙 · 第 3–5 行" in text
    marked = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert [r.text for r in marked] == ["确保投资a_b 130亿元以上"] and marked[0].bold
    assert not list(tmp_path.glob("*.tmp"))
