"""Time series of the popularity snapshots (stars, downloads, Trends): transforms, the figure and its reading."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.styles import (
    LEGEND_BELOW,
    LIVE_SOURCES,
    Release,
    SeriesOptions,
    Style,
    _style,
    readable_log_axis,
)


def series_frame(df: pd.DataFrame, value: str, date: str = "date", keep: Sequence[str] = ()) -> pd.DataFrame:
    """A snapshot's rows as ``date`` (Timestamp), ``framework``, ``value`` plus the ``keep`` columns."""
    out = pd.DataFrame({"date": pd.to_datetime(df[date]), "framework": df["framework"].astype(str),
                        "value": pd.to_numeric(df[value], errors="coerce").astype(float)})
    for col in keep:
        out[col] = df[col].to_numpy()
    return out.sort_values(["framework", "date"], kind="stable").reset_index(drop=True)


def prepare_series(series: pd.DataFrame, opts: SeriesOptions, monthly: bool = False) -> pd.DataFrame:
    """Filter, smooth and normalise a long series; the result is exactly what the chart plots.

    ``monthly``: one point per calendar month (x = month start); months without an observation become gaps
    (NaN, never interpolated), so a smoothing window never spans a gap.
    """
    cols = [c for c in series.columns if c not in ("date", "framework", "value")]
    part = series[series["framework"].isin(list(opts.frameworks))].copy()
    if opts.start_year is not None:
        part = part[part["date"].dt.year >= opts.start_year]
    if opts.end_year is not None:
        part = part[part["date"].dt.year <= opts.end_year]
    if part.empty:
        return pd.DataFrame(columns=["date", "framework", "value", *cols])
    pieces = []
    for fw_id, group in part.groupby("framework", sort=False):
        group = group.sort_values("date")
        if monthly:
            group = group.assign(observed=group["date"].dt.date, date=group["date"].dt.to_period("M").dt.to_timestamp())
            group = group.drop_duplicates("date", keep="last").set_index("date")
            grid = pd.date_range(group.index.min(), group.index.max(), freq="MS")
            group = group.reindex(grid)
            group.index.name = "date"
            group = group.reset_index()
            group["framework"] = fw_id
        window = max(1, int(opts.smooth))
        if window > 1:
            group["value"] = group["value"].rolling(window, min_periods=window).mean()
        pieces.append(group)
    out = pd.concat(pieces, ignore_index=True)
    if opts.norm == "indexed":
        out["value"] = out.groupby("framework")["value"].transform(_index_to_first)
    elif opts.norm == "share":
        out = _share_of_total(out)
    order = {fw: i for i, fw in enumerate(opts.frameworks)}
    out["_o"] = out["framework"].map(order)
    out = out.sort_values(["_o", "date"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return out


def _index_to_first(values: pd.Series) -> pd.Series:
    valid = values.dropna()
    if valid.empty or valid.iloc[0] == 0:
        return values * float("nan")
    return values / valid.iloc[0] * 100.0


def _share_of_total(long: pd.DataFrame) -> pd.DataFrame:
    """Each framework's share of the shown frameworks' total, only at dates where every one of them has a value."""
    wide = long.pivot_table(index="date", columns="framework", values="value", aggfunc="last", dropna=False)
    complete = wide.dropna()
    shares = complete.div(complete.sum(axis=1), axis=0) * 100.0
    shares = shares.reindex(wide.index)
    melted = shares.reset_index().melt(id_vars="date", var_name="framework", value_name="share")
    out = long.merge(melted, on=["date", "framework"], how="left")
    out["value"] = out["share"]
    return out.drop(columns="share")


def plotted_rows(prepared: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart draws (gaps dropped): what the CSV download offers."""
    out = prepared.dropna(subset=["value"]).copy()
    if "date" in out.columns:
        out["date"] = pd.to_datetime(out["date"]).dt.date
    return out.reset_index(drop=True)


def value_axis_title(base: str, opts: SeriesOptions) -> str:
    if opts.norm == "indexed":
        base = f"{base}, indexed (first point = 100)"
    elif opts.norm == "share":
        base = f"Share of the shown frameworks' {base} (%)"
    if opts.smooth > 1:
        base += f", {opts.smooth}-period mean"
    return base


def _release_marks(fig: go.Figure, releases: Sequence[Release], styles: dict[str, Style], frameworks: Sequence[str],
                   start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Every release as a dotted line; a label only where it keeps a ninth of the plotted span from the previous
    label, so labels never overlap (the unlabelled lines keep their colour)."""
    shapes, annotations = [], []
    gap, last_label = (end - start) / 9, None
    for rel in sorted(releases, key=lambda r: r.date):
        stamp = pd.Timestamp(rel.date)
        if rel.framework not in frameworks or not start <= stamp <= end:
            continue
        color = _style(styles, rel.framework).color
        shapes.append({"type": "line", "x0": stamp, "x1": stamp, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": color, "width": 1, "dash": "dot"}, "opacity": 0.7,
                       "name": f"release {rel.version}"})
        if last_label is not None and stamp - last_label < gap:
            continue
        last_label = stamp
        annotations.append({"x": stamp, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
                            "showarrow": False, "textangle": -60, "hovertext": rel.label,
                            "text": f"{_style(styles, rel.framework).name} {rel.version}",
                            "font": {"size": 9, "color": color}})
    # one layout update instead of one add_shape/add_annotation per release (each re-validates the figure)
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])
    return len(shapes)


def make_series_figure(prepared: pd.DataFrame, styles: dict[str, Style], opts: SeriesOptions, y_title: str,
                       partial: str | None = None, live: str | None = None, unit: str = "") -> go.Figure:
    """One line per framework, optional log axis, a range slider, release annotations.

    ``partial`` names a boolean column whose True points are drawn hollow (a period still in progress);
    ``live`` names a source column whose live values are drawn as diamonds.
    """
    fig = go.Figure()
    for fw_id in opts.frameworks:
        rows = prepared[prepared["framework"] == fw_id]
        if rows.empty or rows["value"].isna().all():
            continue
        style = _style(styles, fw_id)
        symbols = ["circle"] * len(rows)
        fills = [style.color] * len(rows)
        notes = [""] * len(rows)
        if partial and partial in rows.columns:
            for i, flag in enumerate(rows[partial].tolist()):
                if flag is True:
                    symbols[i], fills[i], notes[i] = "circle-open", "white", " (partial period)"
        if live and live in rows.columns:
            for i, src in enumerate(rows[live].tolist()):
                if src in LIVE_SOURCES:
                    symbols[i], notes[i] = "diamond", notes[i] + f" (live: {src})"
        fig.add_trace(go.Scatter(
            x=rows["date"].dt.strftime("%Y-%m-%d"), y=rows["value"], name=style.name, mode="lines+markers",
            connectgaps=False,
            line={"color": style.color, "width": 2}, marker={"symbol": symbols, "size": 6, "color": style.color,
                                                              "line": {"color": style.color, "width": 1}},
            customdata=notes, meta=fw_id,
            hovertemplate=f"{style.name}: %{{y:,.4~g}}{unit}%{{customdata}}<br>%{{x|%Y-%m-%d}}<extra></extra>"))
    # no range slider: the page's Years control sets the range (and the slider's handles drew as "▯" glyphs)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10}, hovermode="x unified", height=440,
                      legend=LEGEND_BELOW)
    fig.update_yaxes(title_text=y_title, type="log" if opts.scale == "log" else "linear")
    readable_log_axis(fig)
    fig.update_xaxes(type="date")
    valid = prepared.dropna(subset=["value"])
    if not valid.empty:
        _release_marks(fig, opts.releases, styles, opts.frameworks, valid["date"].min(), valid["date"].max())
    return fig


def read_series(prepared: pd.DataFrame, styles: dict[str, Style], what: str, opts: SeriesOptions,
                fmt: str = "{:,.0f}") -> str:
    """One line: first and last plotted value of each framework, and their ratio."""
    valid = prepared.dropna(subset=["value"])
    if valid.empty:
        return "No data in the chosen range."
    parts = []
    for fw_id in opts.frameworks:
        rows = valid[valid["framework"] == fw_id].sort_values("date")
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        ratio = f" (×{last['value'] / first['value']:.1f})" if first["value"] and opts.norm == "raw" else ""
        parts.append(f"{_style(styles, fw_id).name} {fmt.format(first['value'])} → {fmt.format(last['value'])}{ratio}")
    start = valid["date"].min().strftime("%Y-%m")
    end = valid["date"].max().strftime("%Y-%m")
    label = {"raw": what, "indexed": f"{what} (index, first point = 100)",
             "share": f"share of the shown frameworks' {what} (%)"}[opts.norm]
    if opts.smooth > 1:
        label += f", {opts.smooth}-period mean"
    return f"From {start} to {end}, {label}: " + "; ".join(parts) + "."


def read_trends(prepared: pd.DataFrame, raw: pd.DataFrame, styles: dict[str, Style], opts: SeriesOptions) -> str:
    """Latest complete period's interest per framework, and who led it."""
    complete = raw[~raw["is_partial"].astype(bool)] if "is_partial" in raw.columns else raw
    complete = complete[complete["framework"].isin(list(opts.frameworks))]
    if complete.empty:
        return "No complete period in the snapshot."
    last = complete["date"].max()
    rows = complete[complete["date"] == last].sort_values("value", ascending=False)
    parts = [f"{_style(styles, r.framework).name} {int(r.value)}" for r in rows.itertuples()]
    leader = _style(styles, rows.iloc[0]["framework"]).name
    return (f"In the latest complete period ({pd.Timestamp(last).date().isoformat()}) {leader} led search interest: "
            + ", ".join(parts) + " (0–100, 100 = the peak of the request).")
