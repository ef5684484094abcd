"""Figures of the LM workloads: loss curve with warm-up marked, time to first token, decode speed, readings."""

from __future__ import annotations

import pandas as pd
import pytest

from faceoff.bench import (
    ONE_GENERATION,
    BenchResult,
    generation_frame,
    generation_reading,
    generation_summary,
    loss_curve_frame,
    loss_reading,
    make_decode_figure,
    make_loss_curve_figure,
    make_ttft_figure,
)
from faceoff.bench.stats import summarize
from tests.bench.test_lm_gate import lm_generate, lm_train


def _results(*dicts) -> list[BenchResult]:
    return [BenchResult.model_validate(d) for d in dicts]


def test_loss_curve_has_one_line_per_framework_and_mode_with_warmup_marked():
    a, b = lm_train("pytorch", first=5.9, last=5.1), lm_train("pytorch", first=5.9, last=5.3)
    b["repeat"] = 2
    c = lm_train("jax", first=5.9, last=5.2)
    c["mode"] = "compiled"
    fig = make_loss_curve_figure(loss_curve_frame(_results(a, b, c)))
    names = [t.name for t in fig.data]
    assert names == ["JAX · compiled", "PyTorch · eager"]
    pytorch = fig.data[1]
    assert list(pytorch.x) == list(range(1, 10))
    assert pytorch.y[-1] == pytest.approx(5.2)  # median of the two repeats' last losses
    assert pytorch.marker.symbol[0] == "circle-open" and pytorch.marker.symbol[1] == "circle"
    assert fig.data[0].line.dash == "dot"
    shade = fig.layout.shapes[0]
    assert (shade.x0, shade.x1) == (0.5, 1.5)  # the builder's one warm-up step
    assert fig.layout.yaxis.title.text == "loss (nats), lower is better"


def test_loss_reading_is_computed_from_the_curves():
    frame = loss_curve_frame(_results(lm_train("pytorch", first=5.9, last=5.1), lm_train("jax", first=5.9, last=5.3)))
    text = loss_reading(frame)
    assert "from 5.900 at step 1 to 5.200 at step 9" in text and "2 framework × mode curves" in text
    assert "3.8e-02" in text  # (5.3 - 5.1) / 5.2


def test_generation_summary_takes_the_median_over_repeats_and_the_widest_band():
    fast = lm_generate("jax", ttft=[0.002, 0.001, 0.002, 0.002, 0.003, 0.002, 0.002])  # one time per generation
    fast2 = lm_generate("jax", ttft=[0.004, 0.004, 0.003, 0.004, 0.006, 0.004, 0.004])
    fast2["repeat"] = 2
    slow = lm_generate("tensorflow", ttft=[0.008] * 7)  # below each whole generation (~10 ms)
    slow["lm"]["decode_tokens_per_s"] = 50.0
    summary = generation_summary(generation_frame(_results(fast, fast2, slow)))
    jax = summary[summary["framework"] == "jax"].iloc[0]
    assert jax["runs"] == 2 and jax["ttft_ms"] == pytest.approx(3.0)  # medians 2 ms and 4 ms
    assert jax["ttft_low_ms"] == pytest.approx(summarize(fast["lm"]["ttft_s"])["p10"] * 1000)
    assert jax["ttft_high_ms"] == pytest.approx(summarize(fast2["lm"]["ttft_s"])["p90"] * 1000)
    ttft = make_ttft_figure(summary)
    assert [t.name for t in ttft.data] == ["JAX · eager", "TensorFlow · eager"]
    assert ttft.data[0].y[0] == pytest.approx(3.0)
    assert ttft.data[0].error_y.array[0] == pytest.approx(jax["ttft_high_ms"] - 3.0)
    assert "lower is better" in ttft.layout.yaxis.title.text and "ms" in ttft.layout.yaxis.title.text
    decode = make_decode_figure(summary)
    assert [t.y[0] for t in decode.data] == [200.0, 50.0]
    assert "higher is better" in decode.layout.yaxis.title.text and "tokens/s" in decode.layout.yaxis.title.text
    reading = generation_reading(summary)
    assert reading.startswith("Quickest first token: JAX · eager, 3 ms median")
    assert "fastest decoding: JAX · eager, 200 tokens/s (4.00× the slowest, TensorFlow · eager)" in reading


def test_generation_words_say_a_step_is_a_whole_generation():
    assert "one whole generation" in ONE_GENERATION


def test_empty_inputs_are_refused_or_read_as_nothing():
    with pytest.raises(ValueError):
        make_loss_curve_figure(loss_curve_frame([]))
    with pytest.raises(ValueError):
        make_ttft_figure(generation_summary(generation_frame([])))
    assert generation_reading(pd.DataFrame(columns=["ttft_ms"])) == ""
