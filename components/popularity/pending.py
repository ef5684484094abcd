"""Signals not fetched yet, drawn last and compact, each with its one-step way in (components/popularity/live.py:
Google Trends upload / official API / pytrends, "Compute from the archive", dated Hub and paperswithcode.co counts).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.data import load, shared, stamp
from components.format import lazy_expander
from components.popularity.common import markdown_table, render_chart, render_for_maintainers
from components.popularity.live import render_live_counts, render_pwc_archive_action, render_trends_ways_in
from faceoff import popularity as pop


def ways_in(signal: str):
    """The ways in of one signal (uploads, fetch buttons, maintainers' commands) behind a closed expander that is
    drawn only while open: a visitor reads the one-sentence reason, and the page stays light (perf/inprocess.py)."""
    return lazy_expander("Ways to add it", key=f"p_way_{signal}")


def render_trends_way_in(ctx: dict) -> None:
    load("popularity-trends")  # a snapshot that exists but does not load: its error, naming the file, shows here
    st.markdown("**Google Trends** (web search interest) · no series yet")
    st.caption("Google publishes search interest only relative to one request, and no request has been saved for "
               "this site; an export from the Trends website, or a fetch, adds one for your session.")
    box = ways_in("trends")
    if box is not None:
        with box:
            render_trends_ways_in(ctx["registry_fws"])


def render_pwc_way_in(ctx: dict) -> None:
    load("popularity-pwc-share")  # as for Trends: a broken computed series is named, not silently skipped
    st.markdown("**Papers with Code** (share of paper implementations) · series not computed yet")
    st.caption("The site closed in July 2025; its final links dump is archived on Hugging Face (CC-BY-SA-4.0). "
               "Computing the quarterly share by framework means downloading it (about 41 MB), which this server "
               "has not done yet.")
    computed, box = None, ways_in("pwc")
    if box is not None:
        with box:
            render_for_maintainers("This saves the computed series as a snapshot for every visitor (needs the "
                                   "network).", "python -m faceoff refresh pwc", key="p_maint_pwc")
            computed = render_pwc_archive_action()
    if computed is not None:
        render_computed_pwc(ctx, *computed)
        return
    loaded = load("popularity-pwc-quotes")
    if loaded is None or loaded.value.empty:
        return
    names = ctx["names"]

    def build() -> list[dict]:
        charted, _ = pop.pwc_quote_points(loaded.value.frame)
        return [{"Framework": names.get(r.framework, r.framework), "Share of implementations": f"{r.share:.0f} %",
                 "Period or date": r.when, "Published by": r.source_title, "Source": r.source_url}
                for r in charted.itertuples()]

    rows = shared(("pwc-quote-rows", stamp("popularity-pwc-quotes", "frameworks")), build)
    if not rows:
        return
    st.caption("Until then, the published figures (quotes, not a series; source type shown on the Sources page):")
    # a Markdown table, not st.dataframe: a handful of rows, and the grid's code would be loaded for them alone
    st.markdown(markdown_table(rows, links={"Source": "link"}))


def render_computed_pwc(ctx: dict, frame: pd.DataFrame, provenance: dict) -> None:
    """The series "Compute from the archive" produced (kept for the server's lifetime, not saved as a snapshot)."""
    opts = ctx["opts"]
    series = pop.pwc_series(frame, opts["frameworks"], "paper", "all", opts["start_year"], opts["end_year"])
    empty_quotes = pd.DataFrame(columns=["framework", "share", "start", "end", "when", "source_title", "source_url",
                                         "source_type"])
    fig = pop.make_pwc_figure(series, empty_quotes, ctx["styles"], opts["frameworks"], opts["scale"])
    render_chart(fig, series, "papers-with-code-computed",
                 f"Computed in this server from the archived dump ({provenance.get('licence', 'CC-BY-SA-4.0')}); "
                 "per paper, all implementations; not saved as a snapshot",
                 pop.read_pwc(series, empty_quotes, ctx["styles"]))


COUNT_DATASETS = ("popularity-live-sources", "popularity-pypi-monthly", "popularity-hf-models",
                  "popularity-pwc-catalogue")


def render_counts_way_in(ctx: dict) -> None:
    for dataset_id in COUNT_DATASETS:  # a saved count or the live-sources file that does not load is named here
        load(dataset_id)
    st.markdown("**Dated counts** (PyPI downloads per month, Hugging Face models, paperswithcode.co papers)")
    st.caption("Counted on request from each site; open the ways in for any saved counts, or to count now.")
    box = ways_in("counts")
    if box is not None:
        with box:
            render_live_counts(ctx["registry_fws"])


WAYS_IN: dict[str, Callable[[dict], None]] = {
    "trends": render_trends_way_in,
    "pwc": render_pwc_way_in,
    "counts": render_counts_way_in,
}


@st.fragment
def render_pending(signals: list[str], ctx: dict, anchor: str) -> None:
    """One compact bordered block per signal without data, in the order given. A fragment: opening a "Ways to add
    it" or pressing a fetch button reruns these blocks only (a full rerun closed the expander again at 1280 px)."""
    if not signals:
        return
    st.header("Not fetched yet", anchor=anchor)
    for signal in signals:
        draw = WAYS_IN.get(signal)
        if draw is None:
            continue
        with st.container(border=True, key=f"pop_pending_{signal}"):
            draw(ctx)
