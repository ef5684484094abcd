"""Signals not fetched yet, drawn last and compact, each with its one-step way in.

THE PLACE FOR THE LIVE SOURCES' WAYS IN: ``WAYS_IN`` maps a signal id to the function that draws its block (called
with the page context). When ``components/popularity/live.py`` exists (the live sources' work: Google Trends upload /
official API / pytrends, "Compute from the archive", dated Hub and paperswithcode.co counts), its ``render_*``
functions are called here, by name; without it the defaults name the refresh command and offer the live button.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

import streamlit as st

from components.data import load
from components.popularity.common import render_live_button
from faceoff import popularity as pop

LIVE_MODULE = "components.popularity.live"


def live_renderer(name: str) -> Callable | None:
    """``components/popularity/live.py``'s function ``name`` when that module exists (an error inside it is raised,
    not hidden: only a missing module means "not there yet")."""
    if importlib.util.find_spec(LIVE_MODULE) is None:
        return None
    return getattr(importlib.import_module(LIVE_MODULE), name, None)


def render_trends_way_in(ctx: dict) -> None:
    load("popularity-trends")  # a snapshot that exists but does not load: its error, naming the file, shows here
    ways_in = live_renderer("render_trends_ways_in")
    if ways_in is not None:
        ways_in(ctx["registry_fws"])
        return
    st.markdown("**Google Trends** (web search interest) · not fetched yet")
    st.caption("No real Trends series ships with Faceoff: Google publishes the curves as images, and values are "
               "relative to one request, so all terms must be fetched together. One step fills it:")
    st.code("python -m faceoff refresh trends", language="bash")
    render_live_button("trends", "Fetch live from Google Trends", ctx["registry_fws"],
                       "Opt-in: asks Google now (cached for an hour). Google often rate-limits such requests.")


def render_pwc_way_in(ctx: dict) -> None:
    load("popularity-pwc-share")  # as for Trends: a broken computed series is named, not silently skipped
    st.markdown("**Papers with Code** (share of paper implementations) · series not computed yet")
    st.caption("The site closed in July 2025; its final links dump is archived on Hugging Face (CC-BY-SA-4.0). "
               "One step downloads it (~41 MB) and computes the quarterly share by framework:")
    st.code("python -m faceoff refresh pwc", language="bash")
    archive_action = live_renderer("render_pwc_archive_action")
    if archive_action is not None:
        archive_action()
    loaded = load("popularity-pwc-quotes")
    if loaded is None or loaded.value.empty:
        return
    charted, _ = pop.pwc_quote_points(loaded.value.frame)
    if charted.empty:
        return
    names = ctx["names"]
    rows = [{"Framework": names.get(r.framework, r.framework), "Share of implementations": f"{r.share:.0f} %",
             "Period or date": r.when, "Published by": r.source_title, "Source": r.source_url}
            for r in charted.itertuples()]
    st.caption("Until then, the published figures (quotes, not a series; source type shown on the Sources page):")
    st.dataframe(rows, hide_index=True, width="stretch", column_config={"Source": st.column_config.LinkColumn()})


def render_counts_way_in(ctx: dict) -> None:
    counts = live_renderer("render_live_counts")
    if counts is not None:
        counts(ctx["registry_fws"])


WAYS_IN: dict[str, Callable[[dict], None]] = {
    "trends": render_trends_way_in,
    "pwc": render_pwc_way_in,
    "counts": render_counts_way_in,
}


def render_pending(signals: list[str], ctx: dict, anchor: str) -> None:
    """One compact bordered block per signal without data, in the order given."""
    if not signals:
        return
    st.subheader("Not fetched yet", anchor=anchor)
    for signal in signals:
        draw = WAYS_IN.get(signal)
        if draw is None:
            continue
        with st.container(border=True, key=f"pop_pending_{signal}"):
            draw(ctx)
