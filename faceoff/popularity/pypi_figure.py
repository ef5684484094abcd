"""The PyPI downloads chart: framework totals and single packages, 2018 → 2026, with its method breaks."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.breaks import Break, add_break_marks
from faceoff.popularity.pypi_top import MEASURE_AXIS, TOTAL_PREFIX
from faceoff.popularity.styles import LEGEND_BELOW, PALETTE, readable_log_axis
from faceoff.records import records

INSTALLER_WORDS = {"all": "all installers", "pip": "pip installs only", "not-recorded": "installers not recorded"}
BACKEND_WORDS = {"bigquery-pypinfo": "BigQuery (pypinfo)", "clickhouse": "ClickHouse"}


def _hover_notes(rows: pd.DataFrame) -> list[str]:
    notes = []
    for r in records(rows, index=False):
        if pd.isna(r.downloads):
            notes.append("")
            continue
        text = (f"window {r.window_start} → {r.window_end} ({r.window_days} days), "
                f"{INSTALLER_WORDS.get(r.installers, r.installers)}, {BACKEND_WORDS.get(r.backend, r.backend)}")
        if str(r.series).startswith(TOTAL_PREFIX):
            text += f"<br>sum of {r.parts}"
            if r.absent:
                text += f" ({r.absent} below this snapshot's cut-off: at least this many)"
        notes.append(text)
    return notes


def _with_gaps(rows: pd.DataFrame, dates: Sequence[pd.Timestamp] | None) -> pd.DataFrame:
    """Insert an empty point at every snapshot date the series misses, so the line breaks there instead of joining
    two snapshots across one where the package was below the cut-off (absent is not zero, and not known either)."""
    if dates is None or rows.empty:
        return rows
    inside = [d for d in dates if rows["date"].min() <= d <= rows["date"].max()]
    return rows.set_index("date").reindex(sorted(set(inside) | set(rows["date"]))).rename_axis("date").reset_index()


def make_pypi_figure(long: pd.DataFrame, names: dict[str, str], colors: dict[str, str], measure: str = "window",
                     scale: str = "linear", breaks: Sequence[Break] = (), source_note: str = "",
                     dates: Sequence[pd.Timestamp] | None = None) -> go.Figure:
    """One line per series: framework totals thick, single packages thin and dotted; breaks drawn on top.

    ``long`` is :func:`faceoff.popularity.pypi_top.pypi_long`'s output (exactly the plotted rows); ``measure``
    chooses the published window counts or their per-day average; ``dates`` (every snapshot date) lets a line break
    where a series is missing from a snapshot.
    """
    fig = go.Figure()
    value = "per_day" if measure == "per_day" else "downloads"
    series = list(dict.fromkeys(long["series"]))
    for i, name in enumerate(series):
        rows = _with_gaps(long[long["series"] == name].sort_values("date"), dates)
        total = name.startswith(TOTAL_PREFIX)
        color = colors.get(name) or PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(
            # dates as plain YYYY-MM-DD: the same points in a third of the JSON sent on every rerun
            x=pd.to_datetime(rows["date"]).dt.strftime("%Y-%m-%d"), y=rows[value], name=names.get(name, name),
            mode="lines+markers", meta=name,
            connectgaps=False,
            line={"color": color, "width": 3 if total else 1.5, "dash": "solid" if total else "dot"},
            marker={"size": 4 if total else 3, "color": color}, customdata=_hover_notes(rows),
            hovertemplate=(f"<b>{names.get(name, name)}</b>: %{{y:,.0f}}<br>snapshot %{{x|%Y-%m-%d}}<br>"
                           "%{customdata}<extra></extra>")))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=500, hovermode="closest",
                      legend=LEGEND_BELOW)
    fig.update_yaxes(title_text=MEASURE_AXIS.get(measure, MEASURE_AXIS["window"]),
                     type="log" if scale == "log" else "linear")
    readable_log_axis(fig)
    fig.update_xaxes(title_text="Snapshot date", type="date")
    if not long.empty:
        add_break_marks(fig, breaks, long["date"].min(), long["date"].max())
    if source_note:
        fig.add_annotation(text=source_note, xref="paper", yref="paper", x=1, y=1.01, xanchor="right",
                           yanchor="bottom", showarrow=False, font={"size": 9, "color": "#616161"})
    return fig
