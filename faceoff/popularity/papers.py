"""Papers with Code share of implementations: the computed series, the published quotes, figure and reading."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.styles import LEGEND_BELOW, Style, _style, readable_log_axis
from faceoff.records import groups, records


def is_tertiary(source_type: str) -> bool:
    return str(source_type).strip().lower().startswith("tertiary")


def pwc_quote_points(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(charted quotes: one row per framework figure with its date or covered period, anecdotes: tertiary rows)."""
    rows = []
    for r in records(quotes):
        if is_tertiary(r.source_type):
            continue
        start = end = None
        if r.as_of_date:
            start = end = pd.Timestamp(r.as_of_date)
            when = f"published {pd.Timestamp(r.as_of_date).date().isoformat()}"
        else:
            bounds = _period_bounds(r.period_covered)
            if bounds is None:
                continue
            start, end = bounds
            when = f"covers {r.period_covered.split(' ')[0]}"
        for fw_id, col in (("pytorch", "pytorch_pct"), ("tensorflow", "tensorflow_pct"), ("jax", "jax_pct")):
            value = getattr(r, col)
            if value is None or pd.isna(value):
                continue
            rows.append({"framework": fw_id, "share": float(value), "start": start.date(), "end": end.date(),
                         "when": when, "source_title": r.source_title, "source_url": r.source_url,
                         "source_type": r.source_type, "qualifier": r.value_qualifier, "quote": r.quote})
    charted = pd.DataFrame(rows, columns=["framework", "share", "start", "end", "when", "source_title", "source_url",
                                          "source_type", "qualifier", "quote"])
    anecdotes = quotes[quotes["source_type"].map(is_tertiary)].reset_index(drop=True)
    return charted, anecdotes


def _period_bounds(text: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    head = str(text).split(" ")[0]
    if ".." not in head:
        return None
    try:
        a, b = head.split("..")
        start = pd.Timestamp(a + "-01") if len(a) == 7 else pd.Timestamp(a)
        end = (pd.Timestamp(b + "-01") + pd.offsets.MonthEnd(0)) if len(b) == 7 else pd.Timestamp(b)
    except ValueError:
        return None
    return start, end


def pwc_series(share: pd.DataFrame, frameworks: Sequence[str], basis: str = "paper", scope: str = "all",
               start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    part = share[(share["basis"] == basis) & (share["scope"] == scope)].copy()
    part["date"] = pd.PeriodIndex(part["quarter"].str.replace("Q", "-Q"), freq="Q").to_timestamp()
    part = part[part["framework"].isin(list(frameworks))]
    if start_year is not None:
        part = part[part["date"].dt.year >= start_year]
    if end_year is not None:
        part = part[part["date"].dt.year <= end_year]
    return part.sort_values(["framework", "date"]).reset_index(drop=True)


def make_pwc_figure(series: pd.DataFrame | None, quotes: pd.DataFrame, styles: dict[str, Style],
                    frameworks: Sequence[str], scale: str = "linear") -> go.Figure:
    """The computed quarterly share (when a refresh has run) with the published quotes as dated, cited markers."""
    fig = go.Figure()
    if series is not None and not series.empty:
        for fw_id in [*frameworks, "other"]:
            rows = series[series["framework"] == fw_id]
            if rows.empty:
                continue
            style = _style(styles, fw_id)
            fig.add_trace(go.Scatter(x=rows["date"], y=rows["share"], name=f"{style.name} (computed)",
                                     mode="lines", line={"color": style.color, "width": 2}, meta=fw_id,
                                     customdata=rows[["quarter", "count", "total"]].to_numpy(),
                                     hovertemplate=f"{style.name}: %{{y:.1f}} %<br>%{{customdata[0]}}: "
                                                   "%{customdata[1]} of %{customdata[2]}<extra></extra>"))
    for fw_id in frameworks:
        rows = quotes[quotes["framework"] == fw_id]
        if rows.empty:
            continue
        style = _style(styles, fw_id)
        points = rows[rows["start"] == rows["end"]]
        periods = rows[rows["start"] != rows["end"]]
        if not points.empty:
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(d) for d in points["start"]], y=points["share"], mode="markers+text",
                name=f"{style.name}: published figure", meta=f"quote-{fw_id}",
                marker={"symbol": "star", "size": 15, "color": style.color, "line": {"color": "black", "width": 1}},
                text=[f"{v:.0f} % · {short_source(t)}" for v, t in zip(points["share"], points["source_title"],
                                                                        strict=True)],
                textposition="middle right", textfont={"size": 11, "color": style.color},
                hovertext=[f"{t} ({w}): “{q}”" for t, w, q in zip(points["source_title"], points["when"],
                                                                  points["quote"], strict=True)],
                hovertemplate="%{y:.0f} %<br>%{hovertext}<extra>quote</extra>"))
        for r in records(periods):
            label = f"{r.share:.0f} % · {short_source(r.source_title)} ({r.when})"
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(r.start), pd.Timestamp(r.end)], y=[r.share, r.share], mode="lines",
                name=f"{style.name}: published figure for a period", meta=f"quote-period-{fw_id}",
                line={"color": style.color, "width": 10}, opacity=0.45,
                hovertext=[f"{r.source_title} ({r.when}): “{r.quote}”"] * 2,
                hovertemplate="%{y:.0f} %<br>%{hovertext}<extra>quote</extra>"))
            fig.add_annotation(x=pd.Timestamp(r.start) + (pd.Timestamp(r.end) - pd.Timestamp(r.start)) / 2, y=r.share,
                               text=label, showarrow=False, yshift=14, font={"size": 11, "color": style.color})
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420, legend=LEGEND_BELOW)
    fig.update_yaxes(title_text="Share of implementations (%)", type="log" if scale == "log" else "linear",
                     **({} if scale == "log" else {"range": [0, 100]}))
    readable_log_axis(fig)
    fig.update_xaxes(type="date")
    return fig


def short_source(title: str) -> str:
    return str(title).split(",")[0].split("(")[0].strip().strip('"')


def read_pwc(series: pd.DataFrame | None, quotes: pd.DataFrame, styles: dict[str, Style]) -> str:
    if series is not None and not series.empty:
        last_q = series["quarter"].max()
        rows = series[series["quarter"] == last_q].sort_values("share", ascending=False)
        parts = ", ".join(f"{_style(styles, r.framework).name} {r.share:.0f} %" for r in records(rows))
        return f"In {last_q} (computed from the archived dump): {parts}."
    if quotes.empty:
        return "No published figure to show."
    quoted: list[str] = []
    for (title,), rows in groups(quotes, ["source_title"], sort=False):
        figures = " vs ".join(f"{_style(styles, r.framework).name} {r.share:.0f} %" for r in records(rows))
        quoted.append(f"{figures} ({rows.iloc[0]['when']}, {short_source(title)})")
    return "Published quotes, not a series: " + "; ".join(quoted) + "."
