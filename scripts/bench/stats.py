"""Small statistics and machine readings shared by the sections (no project imports)."""
from __future__ import annotations

import math
import os
import re
import resource
import statistics
from pathlib import Path
from typing import Any


def p95(values: list[float]) -> float:
    """95th percentile, nearest-rank (an observed value, never interpolated)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50 / p95 / mean / max in milliseconds of a list of durations in seconds."""
    if not seconds:
        return {"n": 0, "p50_ms": math.nan, "p95_ms": math.nan, "mean_ms": math.nan, "max_ms": math.nan}
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": p95(ms),
            "mean_ms": statistics.fmean(ms), "max_ms": max(ms)}


def growth_exponent(ratio: float, size_ratio: float) -> float | None:
    """e in cost ~ size^e, from two points (1 = linear)."""
    if not ratio or ratio <= 0 or size_ratio <= 1 or not math.isfinite(ratio):
        return None
    return math.log(ratio) / math.log(size_ratio)


def cost_at(points: list[tuple[int, float]], n: float) -> float:
    """A rising cost curve's value at n: piecewise-linear, proportional outside the measured range."""
    points = sorted(points)
    if n <= points[0][0]:
        return points[0][1] * n / points[0][0]
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        if n1 <= n <= n2:
            return t1 + (t2 - t1) * (n - n1) / (n2 - n1)
    return points[-1][1] * n / points[-1][0]


def n_at_cost(points: list[tuple[int, float]], cost: float) -> float:
    """The n at which a rising cost curve reaches `cost`: piecewise-linear between measured points,
    proportional to n below the first and beyond the last (exact search is O(n))."""
    points = sorted(points)
    if cost <= points[0][1]:
        return points[0][0] * cost / points[0][1]
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        if t1 <= cost <= t2:
            return n1 + (n2 - n1) * (cost - t1) / (t2 - t1) if t2 > t1 else n1
    return points[-1][0] * cost / points[-1][1]


def round_n(n: float) -> int:
    """Round to one significant digit (a threshold, not a measurement)."""
    magnitude = 10 ** max(0, int(math.log10(max(n, 1))))
    return int(round(n / magnitude) * magnitude)


def maxrss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_pressure() -> float | None:
    """Share of the last 10 s in which some runnable task waited for a CPU (Linux PSI), in %."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(re.search(r"avg10=([\d.]+)", line).group(1))
    except (OSError, AttributeError, IndexError):
        return None


def machine_load() -> dict[str, Any]:
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "cpu_pressure_avg10": cpu_pressure()}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MB"
