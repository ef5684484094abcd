"""Pure Plotly figures of the measured results: bars with bands, step distributions, accuracy, memory."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from faceoff.bench.answers import short_title
from faceoff.bench.results import FRAMEWORK_COLORS, FRAMEWORK_NAMES, MEASURED, METRICS, MODE_PATTERNS
from faceoff.records import groups, records


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
    for (origin, framework), part in groups(agg.sort_values(["_fw", "origin", "_mode"]), ["origin", "framework"],
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
    fig.update_layout(barmode="overlay", yaxis_title=f"{label.split(' (')[0]} ({unit}), {better} is better",
                      legend_title="Framework (hatched = compiled)", margin={"t": 30}, height=420, bargap=0.35)
    return fig


def make_step_distribution_figure(summary: pd.DataFrame) -> go.Figure:
    """One box per framework × mode (× origin) from ``frames.step_summary``: quartiles and 1.5×IQR whiskers."""
    fig = go.Figure()
    for row in records(summary):
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
        for (origin, framework, mode), part in groups(med, ["origin", "framework", "mode"]):
            fig.add_scatter(x=part["epoch"], y=part["accuracy"], mode="lines+markers",
                            name=series_label(framework, mode, origin),
                            line={"color": FRAMEWORK_COLORS.get(framework, "#888"),
                                  "dash": "dot" if mode == "compiled" else "solid"})
    fig.update_layout(xaxis_title="epoch", yaxis_title="test accuracy (%)", margin={"t": 30}, height=380,
                      legend_title="Framework · mode")
    return fig


def make_memory_figure(agg: pd.DataFrame) -> go.Figure:
    return make_bars_figure(agg, "peak_memory")


# Each framework's variants get their own shade (darker to lighter) and pattern, named in the legend.
FRAMEWORK_SHADES = {
    "pytorch": ("#EE4C2C", "#9E2A17", "#F7A291", "#5E180C"),
    "tensorflow": ("#FF8F00", "#A65D00", "#FFC46B", "#5C3400"),
    "jax": ("#3F7FD8", "#234C8A", "#9DBEEC", "#12284A"),
}
PATTERNS = ("", "/", ".", "x", "\\", "+")
METRIC_WORDS = {
    "fit_time_per_step": "Training time per step",
    "predict_time_per_step": "Inference time per step",
    "generate_time_per_step": "Generation time per step",
    "inference_time_per_forward": "Time per forward pass",
    "train_time_per_epoch_median": "Training time per epoch (median)",
    "training_time_total": "Total training time",
    "time_to_94pct_top1": "Time to 94 % top-1 accuracy",
    "inference_latency_per_image": "Inference latency per image",
    "inference_time_per_1000_images": "Inference time per 1,000 images",
    "wall_time_median": "Wall time (median)",
    "model TFLOP/s per chip": "Model TFLOP/s per chip",
    "MFU": "Model FLOPs utilisation",
}


def metric_words(metric: str) -> str:
    """A published metric id in words (``fit_time_per_step`` -> "Training time per step")."""
    if metric in METRIC_WORDS:
        return METRIC_WORDS[metric]
    text = str(metric).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def variant_styles(rows: pd.DataFrame, label_col: str = "variant") -> dict[str, tuple[str, str]]:
    """(colour, pattern) per variant: the framework's colour family, a different shade and pattern per variant."""
    styles: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for fw, label in rows[["framework_id", label_col]].drop_duplicates().itertuples(index=False):
        if label in styles:
            continue
        i = seen.get(fw, 0)
        seen[fw] = i + 1
        shades = FRAMEWORK_SHADES.get(fw, ("#888888", "#555555", "#BBBBBB"))
        styles[label] = (shades[i % len(shades)], PATTERNS[i % len(PATTERNS)])
    return styles


def _x_labels(rows: pd.DataFrame) -> list[str]:
    """What tells the bars apart along the axis: the model, plus count, batch and precision where they vary."""
    parts = [rows["model"].astype(str)]
    for col, fmt in (("accelerator_count", "×{}"), ("batch_or_seq", "{}"), ("precision", "{}")):
        if col in rows and rows[col].nunique() > 1:
            parts.append(rows[col].astype(str).map(lambda v, f=fmt: f.format(v) if v else ""))
    return [" · ".join(p for p in bits if p) for bits in zip(*parts, strict=True)]


def make_study_figure(rows: pd.DataFrame) -> go.Figure:
    """Bars of one study's numbers, one series per framework variant; refuses to mix studies, metrics or units."""
    if rows.empty:
        raise ValueError("no rows to plot")
    pairs = rows[["metric", "unit"]].drop_duplicates()
    if len(pairs) != 1 or rows["source_id"].nunique() != 1:
        raise ValueError("published numbers are only compared within one study, metric and unit")
    metric, unit = pairs.iloc[0]
    rows = rows.assign(_x=_x_labels(rows))
    styles = variant_styles(rows)
    fig = go.Figure()
    for label, part in rows.groupby("variant", sort=False):
        colour, pattern = styles[str(label)]
        fig.add_bar(name=str(label), x=part["_x"], y=part["value"], marker_color=colour,
                    marker_pattern_shape=pattern, marker_line_color="#333", marker_line_width=0.5,
                    customdata=part[["hardware", "era"]].to_numpy(),
                    hovertemplate="%{x}<br>%{y} " + unit + "<br>%{customdata[0]}<br>%{customdata[1]}<extra>"
                                  + str(label) + "</extra>")
    better = "higher is better" if bool(rows["higher_is_better"].iloc[0]) else "lower is better"
    hardware = rows["hardware"].iloc[0] if rows["hardware"].nunique() == 1 else "several machines (see table)"
    fig.update_layout(barmode="group", yaxis_title=f"{metric_words(metric)} ({unit}), {better}",
                      xaxis_title=f"Model or workload, on {str(hardware).split(';')[0]}",
                      legend={"title": "Framework (variant)", "orientation": "h", "y": -0.3},
                      margin={"t": 30}, height=480)
    return fig


def _unique(labels: list[str]) -> list[str]:
    """Labels made distinct (" (2)", " (3)" …): two comparisons must never share one bar."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def make_comparison_figure(evidence: pd.DataFrame) -> go.Figure:
    """One bar per like-for-like comparison: how much faster (%) the fastest was than the runner-up.

    Each bar is a ratio inside one study and one machine, so bars from different studies may stand side by side
    without comparing numbers across hardware. Colour = the fastest framework, named in the legend.
    """
    if evidence.empty:
        raise ValueError("no comparisons to plot")
    within = (evidence["kind"] == "within-framework").all()
    evidence = evidence.sort_values("year", ascending=False, kind="stable")
    ev = evidence.assign(
        _y=_unique([f"{m}{' · ' + str(t) if t else ''} · {str(h).split(';')[0][:40]} · {short_title(s)} {y}"
                    for m, t, h, s, y in zip(evidence["model"], evidence["setting"], evidence["hardware"],
                                             evidence["source"], evidence["year"], strict=True)]),
        _lead=(evidence["ratio"].astype(float) - 1) * 100)
    fig = go.Figure()
    for fw, part in ev.groupby("fastest", sort=False):
        name = FRAMEWORK_NAMES.get(str(fw), str(fw))
        fig.add_bar(name=f"{name}: compiled vs eager" if within else f"{name} was faster", y=part["_y"],
                    x=part["_lead"], orientation="h", marker_color=FRAMEWORK_COLORS.get(str(fw), "#888"),
                    marker_pattern_shape="/" if within else "",
                    customdata=part[["fastest_variant", "runner_up_variant", "ratio"]].to_numpy(),
                    hovertemplate="%{customdata[0]}: %{customdata[2]:.2f}× as fast as %{customdata[1]}"
                                  "<extra></extra>")
    title = "Compiled vs eager: % faster" if within else "% faster than the runner-up"
    # Each bar's label sits above it, across the full width: side labels would squeeze the bars on a phone.
    labels = list(dict.fromkeys(ev["_y"]))
    for label in labels:
        fig.add_annotation(text=label, x=0, xref="paper", y=label, yref="y", yshift=17, xanchor="left",
                           showarrow=False, font={"size": 11, "color": "#555"})
    fig.update_layout(xaxis={"title": title, "ticksuffix": " %", "zeroline": True},
                      yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels,
                             "showticklabels": False},
                      bargap=0.45, showlegend=True, legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
                      margin={"t": 50, "l": 10, "r": 10}, height=max(260, 110 + 52 * len(ev)))
    return fig


make_published_figure = make_study_figure
