"""Pure Plotly figures of the measured results: bars with bands, step distributions, accuracy, memory."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from faceoff.bench.results import FRAMEWORK_COLORS, FRAMEWORK_NAMES, MEASURED, METRICS, MODE_PATTERNS


def series_label(framework: str, mode: str, origin: str) -> str:
    base = f"{FRAMEWORK_NAMES.get(framework, framework)} · {mode}"
    return base if origin == MEASURED else f"{base} · {origin}"


def make_bars_figure(agg: pd.DataFrame, metric: str, unit: str | None = None) -> go.Figure:
    """Bars grouped by framework (one per mode, and per uploaded origin), hatched when compiled, p10–p90 error bars."""
    label, default_unit, lower_better = METRICS[metric]
    unit = unit or default_unit
    fig = go.Figure()
    order = {fw: i for i, fw in enumerate(FRAMEWORK_COLORS)}
    agg = agg.assign(_fw=agg["framework"].map(order), _mode=agg["mode"].map({"eager": 0, "compiled": 1}))
    for (origin, framework), part in agg.sort_values(["_fw", "origin", "_mode"]).groupby(["origin", "framework"],
                                                                                        sort=False):
        name = FRAMEWORK_NAMES.get(framework, framework)
        sub = [m if origin == MEASURED else f"{m} · {origin}" for m in part["mode"]]
        fig.add_bar(
            name=name if origin == MEASURED else f"{name} · {origin}",
            x=[[name] * len(part), sub], y=part["value"],
            marker_color=FRAMEWORK_COLORS.get(framework, "#888"),
            marker_pattern_shape=[MODE_PATTERNS.get(m, "") if origin == MEASURED else "x" for m in part["mode"]],
            error_y={"type": "data", "symmetric": False, "array": (part["high"] - part["value"]).tolist(),
                     "arrayminus": (part["value"] - part["low"]).tolist(), "color": "#333"},
            customdata=part[["runs"]].to_numpy(),
            hovertemplate="%{x}: %{y:.4g} " + unit + " (%{customdata[0]} run(s))<extra>%{fullData.name}</extra>",
        )
    better = "lower" if lower_better else "higher"
    fig.update_layout(barmode="overlay", yaxis_title=f"{label} ({unit}), {better} is better",
                      legend_title="Framework (hatched = compiled)", margin={"t": 30}, height=420, bargap=0.35)
    return fig


def make_step_distribution_figure(summary: pd.DataFrame) -> go.Figure:
    """One box per framework × mode (× origin) from ``frames.step_summary``: quartiles and 1.5×IQR whiskers."""
    fig = go.Figure()
    for row in summary.itertuples():
        name = series_label(row.framework, row.mode, row.origin)
        fig.add_box(x=[name], q1=[row.q1], median=[row.median], q3=[row.q3], lowerfence=[row.lowerfence],
                    upperfence=[row.upperfence], name=name, marker_color=FRAMEWORK_COLORS.get(row.framework, "#888"),
                    hovertemplate=(f"{name}<br>{row.n} steps, {row.outliers} beyond the whiskers<br>"
                                   "median %{median:.3g} ms, quartiles %{q1:.3g}–%{q3:.3g} ms<extra></extra>"))
    fig.update_layout(yaxis_title="time per step (ms), log scale", yaxis_type="log", showlegend=False,
                      margin={"t": 30}, height=420)
    return fig


def make_accuracy_figure(acc: pd.DataFrame) -> go.Figure:
    """Test accuracy after each epoch (median over repeats), one line per framework × mode."""
    fig = go.Figure()
    if not acc.empty:
        med = acc.groupby(["origin", "framework", "mode", "epoch"], sort=True)["accuracy"].median().reset_index()
        for (origin, framework, mode), part in med.groupby(["origin", "framework", "mode"], sort=True):
            fig.add_scatter(x=part["epoch"], y=part["accuracy"], mode="lines+markers",
                            name=series_label(framework, mode, origin),
                            line={"color": FRAMEWORK_COLORS.get(framework, "#888"),
                                  "dash": "dot" if mode == "compiled" else "solid"})
    fig.update_layout(xaxis_title="epoch", yaxis_title="test accuracy (%)", margin={"t": 30}, height=380,
                      legend_title="Framework · mode")
    return fig


def make_memory_figure(agg: pd.DataFrame) -> go.Figure:
    return make_bars_figure(agg, "peak_memory")
