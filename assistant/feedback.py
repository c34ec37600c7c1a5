"""👍/👎 on answers, with an optional comment, kept in a local SQLite file.

Each row holds what was judged: the question, the answer's text, its status and its citations
(JSON, as `Answer.to_dict()` gives them), so the file alone says which answer a person found
wrong, and where it came from. The file is `feedback.sqlite3` beside the index folder, or the
path in PLAN_ASSISTANT_FEEDBACK. Nothing leaves the machine.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

ENV = "PLAN_ASSISTANT_FEEDBACK"
FILE_NAME = "feedback.sqlite3"
RATINGS = ("up", "down")
COLUMNS = ("id", "created", "rating", "comment", "question", "status", "answer", "citations")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]'
)"""
MAX_COMMENT = 2000


def feedback_path(index_dir: Path) -> Path:
    """PLAN_ASSISTANT_FEEDBACK, else feedback.sqlite3 beside the index folder (not inside it:
    the index folder may be emptied at any time, feedback must survive that)."""
    env = os.environ.get(ENV, "").strip()
    return Path(env) if env else Path(index_dir).resolve().parent / FILE_NAME


class FeedbackStore:
    """One short connection per call (the app answers on several threads)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=10)) as con:
                    con.execute(_SCHEMA)
                    con.commit()
                self._ready = True
        return sqlite3.connect(self.path, timeout=10)

    def add(self, answer: dict, rating: str, comment: str = "") -> int:
        """Store a judgement of one answer (an `Answer.to_dict()`); returns the row id."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}")
        cites = answer.get("citations") or answer.get("nearest") or []
        with closing(self._connect()) as con, con:
            cur = con.execute(
                "INSERT INTO feedback (created, rating, comment, question, status, answer, citations)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"), rating, comment[:MAX_COMMENT],
                 str(answer.get("question", "")), str(answer.get("status", "")), str(answer.get("answer", "")),
                 json.dumps(cites, ensure_ascii=False)))
            return int(cur.lastrowid)

    def update(self, row_id: int, rating: str | None = None, comment: str | None = None) -> None:
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}")
        with closing(self._connect()) as con, con:
            if rating is not None:
                con.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, int(row_id)))
            if comment is not None:
                con.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment[:MAX_COMMENT], int(row_id)))

    def rows(self) -> list[dict]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as con:
            cur = con.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, r)) for r in cur.fetchall()]
