"""One object that wires the stages together for the CLI and the app.

Open = choose the embedder, load the index (rebuilding it when stale or
corrupt), read responsibility tables, build retriever and answerer. `reload()`
swaps in a fresh index atomically, so people asking meanwhile keep getting answers.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from .answering import Answerer
from .decisions import Thresholds
from .index import PlanIndex, ensure_index
from .owners import ResponsibilityTable
from .records import Answer
from .retrieval import Retriever, SearchSettings

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
DEFAULT_INDEX = PROJECT_ROOT / "index"


@dataclass
class _State:
    index: PlanIndex
    retriever: Retriever
    answerer: Answerer
    warnings: list[str]


class Assistant:
    def __init__(self, corpus_dir: Path = DEFAULT_CORPUS, index_dir: Path = DEFAULT_INDEX,
                 embedder=None, model: str | None = None, rebuild: bool = False, progress: bool = True,
                 settings: SearchSettings | None = None):
        if embedder is None:
            from .embedding import load_embedder

            embedder = load_embedder(model)
        self.corpus_dir, self.index_dir = Path(corpus_dir), Path(index_dir)
        self.embedder = embedder
        self.settings = settings
        self._lock = threading.Lock()
        self._state = self._open(rebuild, progress)

    def _open(self, rebuild: bool, progress: bool) -> _State:
        index = ensure_index(self.corpus_dir, self.index_dir, self.embedder, rebuild=rebuild, progress=progress)
        table, table_warnings = ResponsibilityTable.load(self.corpus_dir)
        retriever = Retriever(index, self.embedder, self.settings)
        return _State(index, retriever, Answerer(index, retriever, table), index.warnings + table_warnings)

    @property
    def index(self) -> PlanIndex:
        return self._state.index

    @property
    def retriever(self) -> Retriever:
        return self._state.retriever

    @property
    def warnings(self) -> list[str]:
        return self._state.warnings

    def known_bodies(self) -> set[str]:
        """Every party the corpus itself names as responsible (owner honesty is judged on it)."""
        answerer = self._state.answerer
        return set(answerer.known_bodies).union(*answerer.look.named_in.values())

    def ask(self, question: str, history: list[str] | None = None, thresholds: Thresholds | None = None) -> Answer:
        """Answer from the plan's text; `thresholds` replaces the calibrated decision values (evaluation)."""
        return self._state.answerer.ask(question, history, thresholds)

    def reload(self, rebuild: bool = False) -> list[str]:
        """Pick up corpus changes; the old state keeps serving until the new one is ready."""
        with self._lock:
            self._state = self._open(rebuild, progress=False)
        return self._state.warnings
