"""Pure Plotly figures of the LM workloads: the training loss curve, time to first token, decode throughput.

Inputs are ``faceoff.bench.lm_frames.loss_curve_frame`` and ``generation_frame`` (optionally with a ``busy`` column
from ``faceoff.bench.contention``); every figure names its unit and whether lower or higher is better.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from faceoff.bench.results import FRAMEWORK_COLORS, FRAMEWORK_NAMES, MEASURED

GENERATION_SUMMARY = ["origin", "framework", "mode", "runs", "ttft_ms", "ttft_low_ms", "ttft_high_ms",
                      "decode_tokens_per_s", "decode_low", "decode_high"]
ONE_GENERATION = ("Here one \"step\" is one whole generation (prefill of the prompt, then one token at a time): "
                  "its time per step is the time to generate all the new tokens, not a training step.")


def _name(framework: object, mode: object, origin: object = MEASURED) -> str:
    base = f"{FRAMEWORK_NAMES.get(str(framework), str(framework))} · {mode}"
    return base if origin == MEASURED else f"{base} · {origin}"


def make_loss_curve_figure(loss: pd.DataFrame) -> go.Figure:
    """Training loss per step (median over repeats), one line per framework × mode; warm-up steps shaded."""
    if loss.empty:
        raise ValueError("no training losses to plot")
    fig = go.Figure()
    med = loss.groupby(["origin", "framework", "mode", "step"], sort=True).agg(
        loss=("loss", "median"), warmup=("warmup", "any")).reset_index()
    for (origin, framework, mode), part in med.groupby(["origin", "framework", "mode"], sort=True):
        fig.add_scatter(x=part["step"], y=part["loss"], mode="lines+markers", name=_name(framework, mode, origin),
                        line={"color": FRAMEWORK_COLORS.get(str(framework), "#888"),
                              "dash": "dot" if mode == "compiled" else "solid"},
                        marker={"symbol": ["circle-open" if w else "circle" for w in part["warmup"]]},
                        hovertemplate="step %{x}: loss %{y:.4f}<extra>%{fullData.name}</extra>")
    warm = med.loc[med["warmup"], "step"]
    if not warm.empty:
        fig.add_vrect(x0=0.5, x1=float(warm.max()) + 0.5, fillcolor="#999", opacity=0.15, line_width=0,
                      annotation_text="warm-up (not timed)", annotation_position="top left")
    fig.update_layout(xaxis_title="training step", yaxis_title="loss (nats), lower is better",
                      legend={"title": "Framework · mode", "orientation": "h", "y": -0.25}, margin={"t": 30},
                      height=420)
    return fig


def generation_summary(gen: pd.DataFrame) -> pd.DataFrame:
    """Per origin × framework × mode: the median over repeats of time to first token (with the lowest p10 and
    highest p90 of the repeats) and of decode tokens/s (with its lowest and highest repeat)."""
    rows = []
    for (origin, framework, mode), part in gen.groupby(["origin", "framework", "mode"], sort=True):
        decode = part["decode_tokens_per_s"].dropna()
        rows.append([origin, framework, mode, len(part), float(part["ttft_ms"].median()),
                     float(part["ttft_p10_ms"].min()), float(part["ttft_p90_ms"].max()),
                     float(decode.median()) if not decode.empty else None,
                     float(decode.min()) if not decode.empty else None,
                     float(decode.max()) if not decode.empty else None])
    return pd.DataFrame(rows, columns=GENERATION_SUMMARY)


def _bars(summary: pd.DataFrame, value: str, low: str, high: str, axis: str, hover_unit: str) -> go.Figure:
    fig = go.Figure()
    for row in summary.dropna(subset=[value]).itertuples():
        name = _name(row.framework, row.mode, row.origin)
        v, lo, hi = getattr(row, value), getattr(row, low), getattr(row, high)
        fig.add_bar(name=name, x=[name], y=[v], marker_color=FRAMEWORK_COLORS.get(str(row.framework), "#888"),
                    marker_pattern_shape="/" if row.mode == "compiled" else "",
                    error_y={"type": "data", "symmetric": False, "array": [hi - v], "arrayminus": [v - lo],
                             "color": "#333"},
                    hovertemplate=f"{name}: %{{y:.4g}} {hover_unit} ({row.runs} run(s))<extra></extra>")
    fig.update_layout(yaxis_title=axis, showlegend=False, margin={"t": 30}, height=360, bargap=0.4)
    return fig


def make_ttft_figure(summary: pd.DataFrame) -> go.Figure:
    """Time to first token per framework × mode: median over repeats, bars from the lowest p10 to the highest p90."""
    if summary.empty:
        raise ValueError("no generation results to plot")
    return _bars(summary, "ttft_ms", "ttft_low_ms", "ttft_high_ms",
                 "first token (ms), lower is better", "ms")


def make_decode_figure(summary: pd.DataFrame) -> go.Figure:
    """Decode throughput per framework × mode: median over repeats, bars from the slowest to the fastest repeat."""
    if summary.empty:
        raise ValueError("no generation results to plot")
    return _bars(summary, "decode_tokens_per_s", "decode_low", "decode_high",
                 "decode (tokens/s), higher is better", "tokens/s")


def generation_reading(summary: pd.DataFrame) -> str:
    """One sentence computed from the summary: the quickest first token and the fastest decode."""
    if summary.empty:
        return ""
    first = summary.iloc[int(summary["ttft_ms"].to_numpy().argmin())]
    text = (f"Quickest first token: {_name(first['framework'], first['mode'], first['origin'])}, "
            f"{first['ttft_ms']:.3g} ms median")
    decode = summary.dropna(subset=["decode_tokens_per_s"])
    if not decode.empty:
        speeds = decode["decode_tokens_per_s"].to_numpy(dtype=float)
        best, slowest = decode.iloc[int(speeds.argmax())], decode.iloc[int(speeds.argmin())]
        times = best["decode_tokens_per_s"] / slowest["decode_tokens_per_s"]
        text += (f"; fastest decoding: {_name(best['framework'], best['mode'], best['origin'])}, "
                 f"{best['decode_tokens_per_s']:,.0f} tokens/s ({times:.2f}× "
                 f"the slowest, {_name(slowest['framework'], slowest['mode'], slowest['origin'])})")
    return text + "."


def loss_reading(loss: pd.DataFrame) -> str:
    """One sentence: the first and last timed loss per framework, and whether they agree across frameworks."""
    if loss.empty:
        return ""
    timed = loss[~loss["warmup"].astype(bool)]
    if timed.empty:
        return ""
    last_step = int(timed["step"].max())
    last = timed[timed["step"] == last_step].groupby(["framework", "mode"])["loss"].median()
    first = float(loss[loss["step"] == 1]["loss"].median())
    spread = (last.max() - last.min()) / abs(last.median()) if len(last) > 1 and last.median() else 0.0
    return (f"From the same initial weights and batches the loss falls from {first:.3f} at step 1 to "
            f"{last.median():.3f} at step {last_step} (median of {len(last)} framework × mode curves, which differ "
            f"by at most {spread:.1e} of their median): the frameworks train the same model.")
