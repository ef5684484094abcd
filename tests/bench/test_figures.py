"""Frames and pure figures of measured results: traces, error bars, speed-ups."""

from __future__ import annotations

import pytest

from faceoff.bench.figures import make_accuracy_figure, make_bars_figure, make_step_distribution_figure
from faceoff.bench.frames import accuracy_frame, aggregate, results_frame, speedup_frame, step_summary, steps_frame
from faceoff.bench.schema import BenchResult
from tests.bench.conftest import make_result


@pytest.fixture
def results() -> list[BenchResult]:
    out = []
    for fw in ("pytorch", "jax"):
        for mode, scale in (("eager", 1.0), ("compiled", 0.25)):
            for repeat in (1, 2):
                steps = [s * scale * (1 + 0.1 * repeat) for s in (0.010, 0.012, 0.011, 0.009, 0.02)]
                out.append(BenchResult.model_validate(make_result(fw, mode, repeat=repeat, steps=steps)))
    return out


def test_bars_have_p10_p90_error_bars(results):
    frame, steps = results_frame(results), steps_frame(results)
    agg = aggregate(frame, steps, "step_time")
    assert len(agg) == 4
    row = agg[(agg["framework"] == "pytorch") & (agg["mode"] == "eager")].iloc[0]
    assert row["low"] <= row["value"] <= row["high"] and row["runs"] == 2
    fig = make_bars_figure(agg, "step_time")
    assert [t.name for t in fig.data] == ["PyTorch", "JAX"]
    torch = fig.data[0]
    assert [list(level) for level in torch.x] == [["PyTorch", "PyTorch"], ["eager", "compiled"]]
    assert list(torch.marker.pattern.shape) == ["", "/"]
    assert torch.y[0] > torch.y[1]
    assert all(v >= 0 for v in torch.error_y.array) and all(v >= 0 for v in torch.error_y.arrayminus)
    assert "lower is better" in fig.layout.yaxis.title.text


def test_uploads_get_their_own_series(results):
    mine = BenchResult.model_validate(make_result("jax", "eager", steps=[0.5, 0.6, 0.7]))
    frame = results_frame(results)
    up = results_frame([mine], "upload 1")
    import pandas as pd

    both = pd.concat([frame, up], ignore_index=True)
    steps = pd.concat([steps_frame(results), steps_frame([mine], "upload 1")], ignore_index=True)
    fig = make_bars_figure(aggregate(both, steps, "step_time"), "step_time")
    assert "JAX · upload 1" in {t.name for t in fig.data}
    upload = next(t for t in fig.data if t.name == "JAX · upload 1")
    assert list(upload.x[1]) == ["eager · upload 1"]


def test_speedup_is_eager_over_compiled(results):
    table = speedup_frame(results_frame(results))
    assert set(table["framework"]) == {"pytorch", "jax"}
    assert table["speedup"].round(6).eq(4.0).all()


def test_step_distribution_and_accuracy_figures(results):
    steps = steps_frame(results)
    summary = step_summary(steps)
    assert summary["n"].sum() == len(steps) == 8 * 5
    fig = make_step_distribution_figure(summary)
    assert len(fig.data) == 4 and all(t.type == "box" for t in fig.data)
    for trace, row in zip(fig.data, summary.itertuples(), strict=True):
        part = steps[(steps["framework"] == row.framework) & (steps["mode"] == row.mode)]["time_ms"]
        assert trace.median[0] == pytest.approx(part.median())
        assert trace.lowerfence[0] >= part.min() and trace.upperfence[0] <= part.max()
    acc = make_accuracy_figure(accuracy_frame(results))
    assert len(acc.data) == 4
    assert list(acc.data[0].x) == [1, 2]


def test_metric_without_values_gives_empty_aggregate(results):
    matmul = [BenchResult.model_validate(make_result("jax", workload="matmul", params=0, output_checksum=1.0))]
    assert aggregate(results_frame(matmul), steps_frame(matmul), "accuracy").empty


def _study_rows():
    from faceoff.registry import load_dataset

    pub = load_dataset("benchmarks-published").value
    rows = pub.rows
    return rows[(rows["source_id"] == "KERAS3_BENCH_2024") & (rows["metric"] == "fit_time_per_step")]


def test_study_figure_tells_every_variant_apart_and_titles_axes_in_words():
    from faceoff.bench.figures import make_study_figure

    rows = _study_rows()
    fig = make_study_figure(rows)
    styles = [(t.marker.color, t.marker.pattern.shape) for t in fig.data]
    assert len(fig.data) == rows["variant"].nunique() == 6
    assert len(set(styles)) == len(styles)  # no two series share colour and pattern
    names = {t.name for t in fig.data}
    assert {"PyTorch (native, eager)", "PyTorch (Keras 3 backend, eager)"} <= names
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["PyTorch (native, eager)"] != colours["PyTorch (Keras 3 backend, eager)"]
    title = fig.layout.yaxis.title.text
    assert title.startswith("Training time per step (ms/step)") and "lower is better" in title
    assert "fit_time_per_step" not in title and "A100" in fig.layout.xaxis.title.text


def test_comparison_figure_draws_leads_within_each_comparison():
    from faceoff.bench.evidence import evidence_frame
    from faceoff.bench.figures import make_comparison_figure
    from faceoff.registry import load_dataset

    loaded = load_dataset("benchmarks-published")
    ev = evidence_frame(loaded.value, "2026-12-03")
    part = ev[(ev["family"] == "llm-training") & ev["matched"]]
    fig = make_comparison_figure(part)
    leads = sorted(x for t in fig.data for x in t.x)
    assert leads == pytest.approx(sorted((part["ratio"] - 1) * 100))
    assert all(t.name.endswith("was faster") for t in fig.data) and fig.layout.showlegend
    assert "%" in fig.layout.xaxis.title.text
    assert {a.text.split(" · ")[0] for a in fig.layout.annotations} == set(part["model"])
    with pytest.raises(ValueError):
        make_comparison_figure(part.iloc[0:0])


def test_comparisons_that_differ_only_in_setting_keep_their_own_bars():
    from faceoff.bench.evidence import evidence_frame
    from faceoff.bench.figures import make_comparison_figure
    from faceoff.registry import load_dataset

    ev = evidence_frame(load_dataset("benchmarks-published").value, "2026-12-03")
    hf = ev[(ev["source_id"] == "HF_TRANSFORMERS_BENCH_DOCS_2020") & ev["matched"]]
    assert len(hf) == 4 and hf["model"].nunique() == 1  # four sequence lengths of one model
    fig = make_comparison_figure(hf)
    bars = [y for t in fig.data for y in t.y]
    assert len(bars) == len(set(bars)) == 4
