"""Shared vocabulary of the popularity charts: option values, names and colours per series, release marks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

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


# A horizontal legend under the plot, in the space below the x axis (the margin grows to fit it): on a phone a legend
# beside the plot squeezes it to half width and cuts the names.
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom",
                "title": {"text": ""}}


def _compact(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def log_ticks(values: Iterable[float]) -> dict:
    """Tick positions and labels for a log axis over ``values``: 1-2-5 steps within up to two decades, powers of ten
    beyond, every label written in full ("20k", not Plotly's bare "2" between "10k" and "100k")."""
    positive = [float(v) for v in values if v is not None and v == v and float(v) > 0]
    if not positive:
        return {"type": "log"}
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    steps = (1, 2, 5) if high - low <= 2 else (1,)
    ticks = [m * 10.0 ** e for e in range(low, high + 1) for m in steps]
    ticks = [t for t in ticks if min(positive) / 2.5 <= t <= max(positive) * 2.5]
    return {"type": "log", "tickvals": ticks, "ticktext": [_compact(t) for t in ticks]}


def readable_log_axis(fig) -> None:
    """Apply :func:`log_ticks` to ``fig``'s y axis from the values its traces plot (when that axis is logarithmic)."""
    if fig.layout.yaxis.type != "log":
        return
    values = [v for trace in fig.data if getattr(trace, "y", None) is not None for v in trace.y]
    fig.update_yaxes(**log_ticks(values))
