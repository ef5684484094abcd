"""Popularity signals as plain tables and Plotly figures: pure transforms, one-line readings and ``make_*_figure``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

NORMS = ("raw", "indexed", "share")
SCALES = ("linear", "log")
SMOOTHING = (1, 3, 6, 12)
NORM_LABELS = {"raw": "Raw values", "indexed": "Indexed (first point = 100)", "share": "Share of total (%)"}
SCALE_LABELS = {"linear": "Linear", "log": "Log"}
OVERALL = "overall"
EXTRA_STYLES = {"keras": ("Keras", "#8E24AA"), "other": ("Other frameworks", "#9E9E9E")}
PALETTE = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#B6E880", "#FF97FF")
CONFERENCE_PALETTE = ("#636EFA", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#8C564B", "#B6E880",
                      "#7F7F7F")
LIVE_SOURCES = {"github-api", "pypistats"}


@dataclass(frozen=True)
class Style:
    name: str
    color: str


@dataclass(frozen=True)
class Release:
    framework: str
    version: str
    date: dt.date
    label: str


@dataclass(frozen=True)
class SeriesOptions:
    """The reader's choices for a time series (all plain values, so they can come from the URL)."""

    frameworks: Sequence[str]
    start_year: int | None = None
    end_year: int | None = None
    scale: str = "linear"
    norm: str = "raw"
    smooth: int = 1
    releases: Sequence[Release] = field(default_factory=tuple)


def styles_for(frameworks: Iterable, extra: Iterable[str] = ()) -> dict[str, Style]:
    """Name and colour per framework id: registry entries first, then known extras, then a palette."""
    styles = {fw.id: Style(fw.name, fw.color) for fw in frameworks}
    for i, fw_id in enumerate(x for x in extra if x not in styles):
        name, color = EXTRA_STYLES.get(fw_id, (fw_id, PALETTE[i % len(PALETTE)]))
        styles[fw_id] = Style(name, color)
    return styles


def releases_from(frameworks: Iterable) -> list[Release]:
    return [Release(fw.id, r.version, r.date, r.label) for fw in frameworks for r in fw.releases]


def _style(styles: dict[str, Style], fw_id: str) -> Style:
    return styles.get(fw_id) or Style(*EXTRA_STYLES.get(fw_id, (fw_id, PALETTE[hash(fw_id) % len(PALETTE)])))


def year_bounds(dates: Iterable) -> tuple[int, int]:
    years = [pd.Timestamp(d).year for d in dates if d is not None and not pd.isna(d)]
    return (min(years), max(years)) if years else (2015, 2015)


# ---------------------------------------------------------------- time series transforms


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
    shapes, annotations = [], []
    for rel in sorted(releases, key=lambda r: r.date):
        stamp = pd.Timestamp(rel.date)
        if rel.framework not in frameworks or not start <= stamp <= end:
            continue
        color = _style(styles, rel.framework).color
        shapes.append({"type": "line", "x0": stamp, "x1": stamp, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": color, "width": 1, "dash": "dot"}, "opacity": 0.7,
                       "name": f"release {rel.version}"})
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
            x=rows["date"], y=rows["value"], name=style.name, mode="lines+markers", connectgaps=False,
            line={"color": style.color, "width": 2}, marker={"symbol": symbols, "size": 6, "color": style.color,
                                                              "line": {"color": style.color, "width": 1}},
            customdata=notes, meta=fw_id,
            hovertemplate=f"{style.name}: %{{y:,.4~g}}{unit}%{{customdata}}<br>%{{x|%Y-%m-%d}}<extra></extra>"))
    # legend on the right: below the plot it would sit under the range slider and be cut off
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10}, hovermode="x unified", height=460,
                      legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top"})
    fig.update_yaxes(title_text=y_title, type="log" if opts.scale == "log" else "linear")
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.08}, type="date")
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


# ---------------------------------------------------------------- conferences


def conference_share(conf: pd.DataFrame, conferences: Sequence[str] = (), start_year: int | None = None,
                     end_year: int | None = None) -> pd.DataFrame:
    """PyTorch share among papers naming exactly one of PyTorch / TensorFlow, per conference-year and pooled per year.

    Years where no paper names either framework have no share (NaN), not zero.
    """
    part = conf.copy()
    if start_year is not None:
        part = part[part["year"] >= start_year]
    if end_year is not None:
        part = part[part["year"] <= end_year]
    rows = []
    for r in part.itertuples():
        rows.append({"series": r.conference, "year": int(r.year), "pytorch_only": int(r.pytorch_only_papers),
                     "tensorflow_only": int(r.tensorflow_only_papers), "total_papers": int(r.total_papers),
                     "conferences": r.conference})
    per = pd.DataFrame(rows, columns=["series", "year", "pytorch_only", "tensorflow_only", "total_papers",
                                      "conferences"])
    pooled = (per.groupby("year").agg(pytorch_only=("pytorch_only", "sum"), tensorflow_only=("tensorflow_only", "sum"),
                                      total_papers=("total_papers", "sum"),
                                      conferences=("conferences", lambda s: ", ".join(sorted(s))))
              .reset_index().assign(series=OVERALL))
    table = pd.concat([pooled, per], ignore_index=True)[["series", "year", "pytorch_only", "tensorflow_only",
                                                         "total_papers", "conferences"]]
    named = table["pytorch_only"] + table["tensorflow_only"]
    table["pytorch_share"] = (table["pytorch_only"] / named.where(named > 0) * 100.0).round(2)
    wanted = [OVERALL, *conferences] if conferences else [OVERALL]
    table = table[table["series"].isin(wanted)]
    order = {name: i for i, name in enumerate(wanted)}
    table = table.assign(_o=table["series"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    return table.reset_index(drop=True)


def make_conference_figure(table: pd.DataFrame, scale: str = "linear") -> go.Figure:
    fig = go.Figure()
    for i, (series, rows) in enumerate(table.groupby("series", sort=False)):
        overall = series == OVERALL
        color = "#EE4C2C" if overall else CONFERENCE_PALETTE[(i - 1) % len(CONFERENCE_PALETTE)]
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["pytorch_share"], mode="lines+markers", name="All listed conferences (pooled)"
            if overall else series, connectgaps=False, meta=series,
            line={"width": 4 if overall else 1.5, "color": color, "dash": "solid" if overall else "dot"},
            customdata=rows[["pytorch_only", "tensorflow_only", "conferences"]].to_numpy(),
            hovertemplate="%{x}: %{y:.1f} % PyTorch<br>%{customdata[0]} PyTorch-only vs %{customdata[1]} "
                          "TensorFlow-only papers<br>%{customdata[2]}<extra></extra>"))
    fig.add_hline(y=50, line={"color": "#888", "width": 1, "dash": "dash"})
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420, legend={"orientation": "h", "y": -0.2})
    fig.update_yaxes(title_text="PyTorch share of papers naming one framework (%)",
                     type="log" if scale == "log" else "linear", **({} if scale == "log" else {"range": [0, 100]}))
    fig.update_xaxes(title_text="Conference year", dtick=1)
    return fig


def read_conferences(table: pd.DataFrame) -> str:
    """'PyTorch share of conference papers rose from X % in 2017 to Y % in 2022', from the pooled series."""
    series = table[table["series"] == OVERALL].dropna(subset=["pytorch_share"])
    if series.empty:
        series = table.dropna(subset=["pytorch_share"])
        if series.empty:
            return "No paper in the chosen years names exactly one of the two frameworks."
        series = series[series["series"] == series.iloc[0]["series"]]
    first, last = series.iloc[0], series.iloc[-1]
    verb = "rose" if last["pytorch_share"] > first["pytorch_share"] else "fell" if last["pytorch_share"] < \
        first["pytorch_share"] else "stayed"
    who = "" if last["series"] == OVERALL else f" at {last['series']}"
    note = f" ({int(last['year'])}: {last['conferences']} only)" if last["series"] == OVERALL and \
        last["conferences"].count(",") < 2 else ""
    return (f"PyTorch share of conference papers naming one framework{who} {verb} from "
            f"{first['pytorch_share']:.0f} % in {int(first['year'])} to {last['pytorch_share']:.0f} % in "
            f"{int(last['year'])}{note}.")


# ---------------------------------------------------------------- Papers with Code


def is_tertiary(source_type: str) -> bool:
    return str(source_type).strip().lower().startswith("tertiary")


def pwc_quote_points(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(charted quotes: one row per framework figure with its date or covered period, anecdotes: tertiary rows)."""
    rows = []
    for r in quotes.itertuples():
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
        for r in periods.itertuples():
            label = f"{r.share:.0f} % · {short_source(r.source_title)} ({r.when})"
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(r.start), pd.Timestamp(r.end)], y=[r.share, r.share], mode="lines",
                name=f"{style.name}: published figure for a period", meta=f"quote-period-{fw_id}",
                line={"color": style.color, "width": 10}, opacity=0.45,
                hovertext=[f"{r.source_title} ({r.when}): “{r.quote}”"] * 2,
                hovertemplate="%{y:.0f} %<br>%{hovertext}<extra>quote</extra>"))
            fig.add_annotation(x=pd.Timestamp(r.start) + (pd.Timestamp(r.end) - pd.Timestamp(r.start)) / 2, y=r.share,
                               text=label, showarrow=False, yshift=14, font={"size": 11, "color": style.color})
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420, legend={"orientation": "h", "y": -0.2})
    fig.update_yaxes(title_text="Share of implementations (%)", type="log" if scale == "log" else "linear",
                     **({} if scale == "log" else {"range": [0, 100]}))
    fig.update_xaxes(type="date")
    return fig


def short_source(title: str) -> str:
    return str(title).split(",")[0].split("(")[0].strip().strip('"')


def read_pwc(series: pd.DataFrame | None, quotes: pd.DataFrame, styles: dict[str, Style]) -> str:
    if series is not None and not series.empty:
        last_q = series["quarter"].max()
        rows = series[series["quarter"] == last_q].sort_values("share", ascending=False)
        parts = ", ".join(f"{_style(styles, r.framework).name} {r.share:.0f} %" for r in rows.itertuples())
        return f"In {last_q} (computed from the archived dump): {parts}."
    if quotes.empty:
        return "No published figure to show."
    parts = []
    for title, rows in quotes.groupby("source_title", sort=False):
        figures = " vs ".join(f"{_style(styles, r.framework).name} {r.share:.0f} %" for r in rows.itertuples())
        parts.append(f"{figures} ({rows.iloc[0]['when']}, {short_source(title)})")
    return "Published quotes, not a series: " + "; ".join(parts) + "."


# ---------------------------------------------------------------- surveys and other dated points


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
    for fw_name, rows in chart.groupby("framework", sort=False):
        fw_id = rows.iloc[0]["framework_id"]
        style = _style(styles, fw_id) if fw_id in styles or fw_id in EXTRA_STYLES else Style(fw_name, "#9E9E9E")
        fig.add_trace(go.Bar(
            x=rows["group"], y=rows["value"], name=style.name if fw_id in styles else fw_name,
            marker={"color": style.color}, meta=fw_id, text=[f"{v:g} %" for v in rows["value"]],
            textposition="outside", textfont={"size": 10},
            customdata=rows[["source_title", "source_type", "value_qualifier"]].to_numpy(),
            hovertemplate="%{y:g} %<br>%{customdata[0]}<br>%{customdata[1]}; %{customdata[2]}<extra></extra>"))
    fig.update_layout(barmode="group", margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=460,
                      legend={"orientation": "h", "y": 1.12})
    fig.update_xaxes(tickangle=0, tickfont={"size": 10})
    fig.update_yaxes(title_text="Respondents (%)", type="log" if scale == "log" else "linear")
    return fig


def read_adoption(points: pd.DataFrame) -> str:
    """Compare TensorFlow and PyTorch in every survey group that quotes both."""
    part = points[(points["unit"] == "%") & points["framework"].isin(["PyTorch", "TensorFlow"])]
    pairs = []
    for (_metric, date, population), rows in part.groupby(["metric", "date", "population"], sort=False):
        values = dict(zip(rows["framework"], rows["value"], strict=True))
        if len(values) == 2:
            pairs.append((date, _short_population(population), values["TensorFlow"], values["PyTorch"]))
    if not pairs:
        return "No survey in the data quotes both PyTorch and TensorFlow."
    ahead = sum(1 for _, _, tf, pt in pairs if tf > pt)
    latest = max(pairs, key=lambda p: p[0])
    return (f"TensorFlow was ahead of PyTorch in {ahead} of {len(pairs)} quoted survey figures; the latest "
            f"({latest[0]}, {latest[1]}): TensorFlow {latest[2]:g} % vs PyTorch {latest[3]:g} %.")
