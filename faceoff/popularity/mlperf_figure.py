"""The MLPerf chart: share of systems by framework per round (stacked), or the share naming each framework."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from faceoff.popularity.mlperf import CATEGORIES, CATEGORY_COLORS, CATEGORY_NAMES
from faceoff.popularity.styles import LEGEND_BELOW

AXIS_TITLES = {"systems": "Share of the round's systems (%)",
               "mentions": "Systems naming the framework (% of the round's systems)"}


def make_mlperf_figure(shares: pd.DataFrame, view: str = "systems", source_note: str = "") -> go.Figure:
    """Rounds in version order on x (labelled with their month where known). ``systems``: stacked bars that add up
    to 100 % per round, ``multi`` and ``unknown`` as categories of their own; ``mentions``: one line per framework."""
    fig = go.Figure()
    rounds = list(dict.fromkeys(shares["axis"]))
    present = [c for c in CATEGORIES if c in set(shares["category"]) and shares.loc[shares["category"] == c,
                                                                                     "systems"].sum() > 0]
    for category in present:
        rows = shares[shares["category"] == category]
        hover = [f"{s} of {n} systems" for s, n in zip(rows["systems"], rows["round_systems"], strict=True)]
        common = {"x": rows["axis"], "y": rows["share"], "name": CATEGORY_NAMES[category], "customdata": hover,
                  "meta": category,
                  "hovertemplate": f"<b>{CATEGORY_NAMES[category]}</b> %{{x}}: %{{y:.0f}} % (%{{customdata}})"
                                   "<extra></extra>"}
        if view == "mentions":
            fig.add_trace(go.Scatter(mode="lines+markers", line={"color": CATEGORY_COLORS[category], "width": 2},
                                     **common))
        else:
            pattern = {"shape": "/"} if category in ("multi", "unknown") else None
            fig.add_trace(go.Bar(marker={"color": CATEGORY_COLORS[category], "pattern": pattern}, **common))
    fig.update_layout(barmode="stack", margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=520,
                      legend={**LEGEND_BELOW, "traceorder": "normal"},
                      hovermode="closest")
    fig.update_yaxes(title_text=AXIS_TITLES.get(view, AXIS_TITLES["systems"]),
                     range=[0, 100] if view == "systems" else None, ticksuffix=" %")
    # no axis title: the tick labels say "version, date, kind of date"
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=rounds, tickfont={"size": 10})
    if source_note:
        fig.add_annotation(text=source_note, xref="paper", yref="paper", x=1, y=1.01, xanchor="right",
                           yanchor="bottom", showarrow=False, font={"size": 9, "color": "#616161"})
    return fig
