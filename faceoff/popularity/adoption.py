"""Developer surveys and other dated adoption figures: the chart frame, figure and reading."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.styles import EXTRA_STYLES, LEGEND_BELOW, Style, _style, readable_log_axis
from faceoff.records import groups


def adoption_chart_frame(points: pd.DataFrame, frameworks: Sequence[str]) -> pd.DataFrame:
    """Percentage figures only (other units are listed, not charted), one bar group per survey and population."""
    part = points[(points["unit"] == "%")].copy()
    part["framework_id"] = part["framework"].str.lower().str.replace(" ", "-")
    known = {"pytorch", "tensorflow", "jax", "keras"}
    part = part[part["framework_id"].isin(set(frameworks)) | ~part["framework_id"].isin(known)]
    part["group"] = [f"{_short_metric(m)}<br>{d}, {_short_population(p)}"
                     for m, d, p in zip(part["metric"], part["date"], part["population"], strict=True)]
    return part.reset_index(drop=True)


def _short_metric(metric: str) -> str:
    return str(metric).split(":")[0].replace("Developer Survey", "survey").replace("State of ML & DS survey", "survey")


def _short_population(population: str) -> str:
    text = str(population).split("(")[0].strip()
    text = text.replace("respondents with job title", "job title").replace("respondent group not stated in article",
                                                                           "group not stated")
    return text if len(text) < 30 else text[:27] + "…"


def make_adoption_figure(chart: pd.DataFrame, styles: dict[str, Style], scale: str = "linear") -> go.Figure:
    fig = go.Figure()
    for (fw_name,), rows in groups(chart, ["framework"], sort=False):
        fw_id = str(rows.iloc[0]["framework_id"])
        style = _style(styles, fw_id) if fw_id in styles or fw_id in EXTRA_STYLES else Style(fw_name, "#9E9E9E")
        fig.add_trace(go.Bar(
            x=rows["group"], y=rows["value"], name=style.name if fw_id in styles else fw_name,
            marker={"color": style.color}, meta=fw_id, text=[f"{v:g} %" for v in rows["value"]],
            textposition="outside", textfont={"size": 10},
            customdata=rows[["source_title", "source_type", "value_qualifier"]].to_numpy(),
            hovertemplate="%{y:g} %<br>%{customdata[0]}<br>%{customdata[1]}; %{customdata[2]}<extra></extra>"))
    fig.update_layout(barmode="group", margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=460,
                      legend=LEGEND_BELOW)
    fig.update_xaxes(tickangle=0, tickfont={"size": 10})
    fig.update_yaxes(title_text="Respondents (%)", type="log" if scale == "log" else "linear")
    readable_log_axis(fig)
    return fig


def read_adoption(points: pd.DataFrame) -> str:
    """Compare TensorFlow and PyTorch in every survey group that quotes both."""
    part = points[(points["unit"] == "%") & points["framework"].isin(["PyTorch", "TensorFlow"])]
    pairs = []
    for (_metric, date, population), rows in groups(part, ["metric", "date", "population"], sort=False):
        values = dict(zip(rows["framework"], rows["value"], strict=True))
        if len(values) == 2:
            pairs.append((date, _short_population(population), values["TensorFlow"], values["PyTorch"]))
    if not pairs:
        return "No survey in the data quotes both PyTorch and TensorFlow."
    ahead = sum(1 for _, _, tf, pt in pairs if tf > pt)
    latest = max(pairs, key=lambda p: p[0])
    return (f"TensorFlow was ahead of PyTorch in {ahead} of {len(pairs)} quoted survey figures; the latest "
            f"({latest[0]}, {latest[1]}): TensorFlow {latest[2]:g} % vs PyTorch {latest[3]:g} %.")
