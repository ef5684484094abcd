"""Every chart the app draws goes through ``plotly_chart``; importing this module sets Plotly's app-wide defaults.

Streamlit's theme styles each chart, so Plotly's default template would only add ~6.5 kB of JSON to serialise and send
per chart on every rerun (our figures set their own colours). Pages without charts (the Overview most first visitors
open) never import plotly.

Phones: Plotly's toolbar (the "mode bar") is off for every chart: on a narrow screen it covered the source line and
the release labels, and each chart already has its CSV under it. Figures put their legend under the plot
(``LEGEND_BELOW``), so a legend never squeezes the plot to half width.
"""

from __future__ import annotations

import plotly.io as pio
import streamlit as st
from plotly.basedatatypes import BaseFigure

from components.reached import eager_charts, in_reached_section, placeholder, reached_flag

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
    if in_reached_section():
        st.session_state[reached_flag(key)] = True  # its own fragment's reruns draw it at once too
    if eager_charts() or st.session_state.get(reached_flag(key)):
        st.plotly_chart(_frozen(fig), key=key, **kwargs)  # reached once in this session: drawn, with no watcher
    else:
        _drawn_when_reached(_frozen(fig), key, kwargs)


def _drawn_when_reached(fig, key: str, kwargs: dict) -> None:
    height = getattr(getattr(fig, "layout", None), "height", None) or 450
    if placeholder(key, height, "The chart is drawn when it scrolls into view; its reading and data table are "
                    "next to it.", border=True):
        st.plotly_chart(fig, key=key, **kwargs)


def legend_below(fig):
    """Put ``fig``'s legend under the plot, horizontally (for figures built outside faceoff.popularity)."""
    fig.update_layout(legend=LEGEND_BELOW)
    return fig
