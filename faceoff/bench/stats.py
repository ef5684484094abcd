"""Summary statistics of per-step times: median and p10–p90 (linear interpolation, like numpy's default)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0 ≤ q ≤ 100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} outside 0..100")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = math.ceil(pos)
    if lo == hi:
        return float(ordered[lo])
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def summarize(values: Sequence[float]) -> dict:
    """n, median, p10, p90, mean, std (population), min, max of a non-empty sequence of finite numbers."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError("no values to summarise")
    if any(not math.isfinite(v) for v in values):
        raise ValueError("non-finite value")
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / n
    return {
        "n": n,
        "median": median(values),
        "p10": percentile(values, 10),
        "p90": percentile(values, 90),
        "mean": mean,
        "std": math.sqrt(var),
        "min": min(values),
        "max": max(values),
    }


def speedup(eager_median: float, compiled_median: float) -> float:
    """How many times faster compiled is than eager (> 1 means compiled is faster)."""
    if eager_median <= 0 or compiled_median <= 0:
        raise ValueError("medians must be positive")
    return eager_median / compiled_median
