"""The sections of the older signals: conference papers, GitHub stars, surveys; each with its breaks drawn."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.data import load, shared, stamp
from components.format import lazy_expander
from components.popularity.common import (
    apply_breaks,
    chart_with_breaks,
    live_state,
    provenance_caption,
    render_chart,
    render_live_button,
)
from components.popularity.controls import series_options
from faceoff import popularity as pop
from faceoff.popularity import Snapshot

CONFERENCES_TITLE = "Research papers at top conferences"
STARS_TITLE = "GitHub stars"
SURVEYS_TITLE = "Developer surveys and other dated figures"


def render_conferences(opts: dict) -> None:
    st.header(CONFERENCES_TITLE, anchor="conferences")
    loaded = load("popularity-conferences")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value

    def build():
        table = pop.conference_share(snapshot.frame, opts["conferences"], opts["start_year"], opts["end_year"])
        years = table.dropna(subset=["pytorch_share"])["year"]
        if years.empty:
            return None
        return (table, pop.make_conference_figure(table, opts["scale"]), pop.read_conferences(table),
                (int(years.min()), int(years.max())))

    built = shared(("conferences", tuple(opts["conferences"]), opts["start_year"], opts["end_year"], opts["scale"],
                  stamp("popularity-conferences")), build)
    if built is None:
        st.info(f"No conference data between {opts['start_year']} and {opts['end_year']} (the data cover "
                "2015–2022).", icon=":material/filter_alt_off:")
        return
    table, fig, reading, (first, last) = built
    fig, notes = chart_with_breaks(("conferences", tuple(opts["conferences"]), opts["start_year"], opts["end_year"],
                                    opts["scale"], stamp("popularity-conferences")), fig, "conferences",
                                   f"{first}-01-01", f"{last}-12-31", year_axis=True)
    caption = provenance_caption(snapshot, loaded, "share = PyTorch-only / (PyTorch-only + TensorFlow-only) papers; "
                                 "no JAX column; the pooled line sums the conferences of each year; "
                                 "ICLR 2021–22 totals look like submissions")
    render_chart(fig, table, "conference-papers", caption, reading, notes)


def render_stars(opts: dict, styles: dict, releases: list, registry_fws: list) -> None:
    """GitHub stars: the published monthly counts, plus today's values for this session when fetched live."""
    dataset_id, value, what, name = "popularity-github-stars", "stars", "GitHub stars", "github-stars"
    st.header(STARS_TITLE, anchor="github-stars")
    loaded = load(dataset_id)
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    frame = snapshot.frame
    live = live_state().get("github")
    note = ""
    if live and live["frame"] is not None:
        frame = pd.concat([frame, live["frame"]], ignore_index=True)
        note = f"◆ = live value fetched {live['provenance']['fetched_at']} (not saved)"
    o = series_options(opts, releases)

    def build():
        prepared = pop.prepare_series(pop.series_frame(frame, value, keep=["source"]), o, monthly=True)
        if prepared.dropna(subset=["value"]).empty:
            return None
        fig = pop.make_series_figure(prepared, styles, o, pop.value_axis_title(what, o), live="source")
        return fig, pop.plotted_rows(prepared), pop.read_series(prepared, styles, what, o)

    # session-only live rows are never cached; the snapshot's chart is, per data version and options
    built = build() if note else shared(("series", dataset_id, value, what, repr(o), stamp(dataset_id, "frameworks")),
                                      build)
    if built is None:
        st.info("No data for these frameworks and years.", icon=":material/filter_alt_off:")
        return
    fig, plotted, reading = built
    if note:  # this session's live rows: drawn on a copy, never cached
        fig = go.Figure(fig)
        notes = apply_breaks(fig, "github-stars", plotted["date"].min(), plotted["date"].max())
    else:
        fig, notes = chart_with_breaks(("series", dataset_id, repr(o), stamp(dataset_id, "frameworks")), fig,
                                       "github-stars", plotted["date"].min(), plotted["date"].max())
    caption = provenance_caption(snapshot, loaded, note or "◆ = live values appended by a refresh; "
                                 "gaps = months with no published figure")
    render_chart(fig, plotted, name, caption, reading, notes)
    render_live_button("github", "Add today's star counts (live)", registry_fws, "Opt-in: fetch today's values now "
                       "(cached for an hour) and add them to the chart for this session only.")


def render_adoption(opts: dict, styles: dict) -> None:
    st.header(SURVEYS_TITLE, anchor="surveys")
    loaded = load("popularity-adoption")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    points = snapshot.frame

    def build():
        chart = pop.adoption_chart_frame(points, opts["frameworks"])
        fig = pop.make_adoption_figure(chart, styles, opts["scale"])
        plotted = chart[["date", "metric", "population", "framework", "value", "unit", "value_qualifier",
                         "source_type", "source_title", "source_url"]]
        kinds = points["source_type"].str.split(" ").str[0].value_counts()
        kinds_text = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        return fig, plotted, kinds_text, pop.read_adoption(points)

    fig, plotted, kinds_text, reading = shared(("surveys", tuple(opts["frameworks"]), opts["scale"],
                                              stamp("popularity-adoption", "frameworks")), build)
    render_chart(fig, plotted, "surveys", provenance_caption(snapshot, loaded, f"source types: {kinds_text} quotes "
                 "(hover a bar or open the table for each one's source); only % figures are charted"), reading)
    box = lazy_expander(f"All {len(points)} dated figures with their sources", key="p_exp_surveys")
    if box is not None:
        box.dataframe(points[["date", "metric", "population", "framework", "value", "unit", "value_qualifier",
                             "source_type", "source_title", "source_url"]], hide_index=True, width="stretch",
                     column_config={"source_url": st.column_config.LinkColumn("Source"),
                                    "source_type": st.column_config.TextColumn("Source type", width="medium")})
