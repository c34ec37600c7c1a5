"""Shared fixtures. Unit tests use a deterministic fake embedder (registered here,
as simonw/llm's tests register a fake model); tests marked `model` use the real one."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
SEED_PLAN = CORPUS / "yongkang-2023-eight-accelerations-work-plan.txt"
DEV_QUESTIONS = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def fake_embedder():
    from assistant.embedding import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the project's corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("README.md"))
    return dest
