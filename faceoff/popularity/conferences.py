"""Conference papers naming PyTorch or TensorFlow: the share table, its figure and its reading."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.styles import CONFERENCE_PALETTE, LEGEND_BELOW, OVERALL, readable_log_axis
from faceoff.records import records


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
    for r in records(part):
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
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420, legend=LEGEND_BELOW)
    fig.update_yaxes(title_text="PyTorch share of papers naming one framework (%)",
                     type="log" if scale == "log" else "linear", **({} if scale == "log" else {"range": [0, 100]}))
    readable_log_axis(fig)
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
