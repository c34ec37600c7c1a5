"""The answer-or-refuse decision, kept in one place with its calibrated values.

The answerer measures evidence for each question (`signals`: how much of the
question's topic the best passages contain, how close the best passage is in
meaning, ...) and `gate` turns those measurements into answer / refuse with the
thresholds below. The values are chosen by `python -m assistant eval` over every
development set at once (see evaluation.py and the README's table), never by hand
on one plan's questions.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    """Minimum evidence for an answer. Each field is one decision; README says where it was measured."""

    min_coverage: float = 0.30  # idf-weighted share of the question's topic words in the best passages
    min_dense: float = 0.75  # best passage's cosine when the question has no Chinese topic words
    min_coverage_no_figure: float = 0.30  # "the plan covers the topic, not the figure" needs this much topic

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, float]) -> "Thresholds":
        names = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in d.items() if k in names})

    @classmethod
    def permissive(cls) -> "Thresholds":
        """Answer whenever anything was retrieved: used to record signals for calibration."""
        return cls(**{f.name: float("-inf") for f in fields(cls)})


DEFAULT_THRESHOLDS = Thresholds()


def gate(signals: Mapping[str, float | None], t: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    """True when the evidence is enough to answer.

    `signals["coverage"]` is None when the question has no Chinese topic words (an
    English question): then meaning alone (`dense`) decides. `signals["composed"]` is
    the status the composer reached; saying the plan covers a topic but lacks the
    figure (`no_figure`) asks for at least `min_coverage_no_figure` of the topic.
    """
    if signals.get("assigned"):  # the plan's own assignments answered (a reverse owner question)
        return True
    coverage = signals.get("coverage")
    if coverage is None:
        return (signals.get("dense") or 0.0) >= t.min_dense
    if signals.get("composed") == "no_figure" and coverage < t.min_coverage_no_figure:
        return False
    return coverage >= t.min_coverage
