"""Every chart the app draws goes through ``plotly_chart``; importing this module sets Plotly's app-wide defaults.

Streamlit's theme styles each chart, so Plotly's default template would only add ~6.5 kB of JSON to serialise and send
per chart on every rerun (our figures set their own colours). Pages without charts (the Overview most first visitors
open) never import plotly.

Phones: Plotly's toolbar (the "mode bar") is off for every chart: on a narrow screen it covered the source line and
the release labels, and each chart already has its CSV under it. Figures put their legend under the plot
(``LEGEND_BELOW``), so a legend never squeezes the plot to half width.
"""

from __future__ import annotations

import os

import plotly.io as pio
import streamlit as st
from plotly.basedatatypes import BaseFigure

pio.templates.default = None

CHART_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom",
                "title": {"text": ""}}


def _frozen(fig):
    """``fig`` with its ``to_dict()`` computed once and kept on the object. Streamlit calls ``to_dict()`` (a deep
    copy of every trace) on every rerun; our figures come from shared caches and never change once drawn, so the
    copy is made once per figure, not once per rerun and session (perf/inprocess.py: about a third of the
    Popularity page's rerun). A figure must therefore not be modified after it was drawn: copy it first."""
    if isinstance(fig, BaseFigure) and not getattr(fig, "_faceoff_spec", None):
        spec = fig.to_dict()
        fig._faceoff_spec = spec
        fig.to_dict = lambda: spec
    return fig


def plotly_chart(fig, *, key: str, **kwargs) -> None:
    """``st.plotly_chart`` for a figure built after this module was imported (so without Plotly's template), with
    the app's chart config (no toolbar) under whatever ``config`` the caller passes. ``key`` names the chart, its
    placeholder and its watcher.

    The chart is drawn when it scrolls into view (``_drawn_when_reached``), unless ``FACEOFF_EAGER_CHARTS=1``."""
    kwargs["config"] = {**CHART_CONFIG, **(kwargs.get("config") or {})}
    if eager_charts() or st.session_state.get(_reached_flag(key)):
        st.plotly_chart(_frozen(fig), key=key, **kwargs)  # reached once in this session: drawn, with no watcher
    else:
        _drawn_when_reached(_frozen(fig), key, kwargs)


def _reached_flag(key: object) -> str:
    return f"faceoff_reached_{key}"


def eager_charts() -> bool:
    """``FACEOFF_EAGER_CHARTS=1`` draws every chart at once: for AppTest (no browser scrolls there), screenshots of
    whole pages and the load test's worst case (every session draws every chart)."""
    return os.environ.get("FACEOFF_EAGER_CHARTS", "") == "1"


# Plotly's part of Streamlit's frontend is a 4.7 MB chunk: on this machine one small chart took a one-line page from
# 1.0 s to 2.3 s in a fresh browser (perf/screens.py). So a chart is drawn only when it reaches the viewport: until
# then its place holds a placeholder of the chart's height (so the page does not jump) with a one-pixel watcher in
# it (this component: an IntersectionObserver, no iframe). Reaching it sets the watcher's state, which reruns the
# fragment the chart is drawn in (or the page), once per chart and session.
#
# There is deliberately no fragment per chart: a fragment costs a deep copy of the cursor on every rerun of the page
# (about 0.7 ms a chart here, perf/inprocess.py), paid for every chart on every rerun, while the larger rerun on
# reaching a chart is paid once.
_REACHED_JS = """
export default function ({ parentElement, setStateValue }) {
  const target = parentElement.host || parentElement;
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) { io.disconnect(); setStateValue("reached", true); }
  }, { rootMargin: "0px 0px 120px 0px" });
  io.observe(target);
  return () => io.disconnect();
}
"""
_reached = st.components.v2.component("faceoff_chart_reached", html='<div style="height:1px"></div>', js=_REACHED_JS)


def _noop() -> None:
    """The watcher's change callback: the rerun it causes is all that is needed."""


def _drawn_when_reached(fig, key: str, kwargs: dict) -> None:
    state = _reached(key=f"{key}_reached", default={"reached": False}, on_reached_change=_noop)
    if state.reached:
        st.session_state[_reached_flag(key)] = True  # later runs draw it at once (components/charts.plotly_chart)
        st.plotly_chart(fig, key=key, **kwargs)
        return
    height = getattr(getattr(fig, "layout", None), "height", None) or 450
    with st.container(height=int(height), border=True, key=f"{key}_waiting"):
        st.caption("The chart is drawn when it scrolls into view; its reading and data table are next to it.")


def legend_below(fig):
    """Put ``fig``'s legend under the plot, horizontally (for figures built outside faceoff.popularity)."""
    fig.update_layout(legend=LEGEND_BELOW)
    return fig
