"""The `/ask` endpoint for programs (gradio_client, HTTP): named parameters, typed result.

No `from __future__ import annotations` here: Gradio reads these annotations at runtime to
describe the endpoint on its API page (`view_api`), so they must be real types, not strings.
"""
import json
from typing import Any, Callable, Literal, Optional, TypedDict, Union

import gradio as gr

from .records import STATUSES

MAX_HISTORY = 10  # earlier questions passed to ask(); follow-ups only look at the last one


class CitationResult(TypedDict):
    n: int  # the [n] in the answer text
    doc: str  # document id (file name without extension)
    doc_title: str
    file: str
    section: str  # section path, "area › measure"
    lines: list[int]  # [first, last] line of the original file
    page: Optional[int]  # PDF page or DOCX paragraph, when the format has one
    text: str  # the whole passage
    quote: str  # the span quoted, text[start:end]
    start: int
    end: int
    score: float


class AskResult(TypedDict):
    question: str
    intent: str  # target, quote, owner, section, list, general, ...
    status: Literal[STATUSES]  # type: ignore[valid-type]  # answered, no_figure, not_found, other_year
    found: bool  # True exactly when status == "answered"
    answer: str  # Markdown; every quote carries its [n]
    citations: list[CitationResult]
    owners: list[str]  # units the plan names as responsible
    mentioned: list[str]  # units the measure only mentions
    nearest: list[CitationResult]  # closest passages when not answered
    notice: str  # e.g. the question was cut to 500 characters
    signals: dict[str, Any]  # the evidence the answer-or-refuse decision used


def parse_history(value: Any) -> list[str]:
    """Earlier questions: a list of strings, or the same as a JSON string; anything else is
    refused with a message that says what is expected."""
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            value = json.loads(value)
        except ValueError:
            raise gr.Error('history 必须是之前问题组成的 JSON 列表，例如 ["上一个问题"]'
                           "（history must be a JSON list of earlier questions）") from None
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
        raise gr.Error('history 必须是之前问题（字符串）组成的列表，例如 ["上一个问题"]'
                       "（history must be a list of earlier questions, as strings）")
    return value[-MAX_HISTORY:]


def make_ask(assistant) -> Callable[..., AskResult]:
    def ask(question: str, history: Union[list[str], str, None] = None) -> AskResult:
        """Answer a question about the plans served, only from their own text, with sources.

        Args:
            question: the question, in Chinese or English (cut to 500 characters).
            history: earlier questions of the conversation, oldest first, as a list or a JSON list string (follow-ups such as "那交通呢？" read the last one).

        Returns:
            A dict: question, intent, status (answered | no_figure | not_found | other_year), found (status == answered), answer (Markdown with [n] marks), citations (n, doc, doc_title, file, section, lines [first, last], page, text, quote, start, end, score), owners, mentioned, nearest (closest passages when not answered), notice, signals.
        """
        return assistant.ask(str(question or ""), parse_history(history)).to_dict()

    return ask
