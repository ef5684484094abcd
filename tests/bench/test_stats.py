"""Statistics of step times: percentiles agree with numpy's linear method; summaries are ordered."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from faceoff.bench.stats import median, percentile, speedup, summarize

finite = st.floats(min_value=0, max_value=1e4, allow_nan=False, allow_infinity=False)


def test_percentile_known_values():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert median(values) == 5.5
    assert percentile(values, 10) == pytest.approx(1.9)
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile([7.0], 90) == 7.0


@given(st.lists(finite, min_size=1, max_size=60), st.floats(min_value=0, max_value=100))
def test_percentile_matches_numpy(values, q):
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-9, abs=1e-9)


@given(st.lists(finite, min_size=1, max_size=60))
def test_summary_is_ordered_and_complete(values):
    s = summarize(values)
    assert s["n"] == len(values)
    assert s["min"] <= s["p10"] <= s["median"] <= s["p90"] <= s["max"]
    assert s["min"] - 1e-9 <= s["mean"] <= s["max"] + 1e-9
    assert s["std"] >= 0


def test_summary_rejects_empty_and_non_finite():
    with pytest.raises(ValueError):
        summarize([])
    with pytest.raises(ValueError):
        summarize([1.0, math.nan])
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_speedup():
    assert speedup(10.0, 2.0) == 5.0
    assert speedup(1.0, 2.0) == 0.5
    with pytest.raises(ValueError):
        speedup(0.0, 1.0)
