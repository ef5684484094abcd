"""Every chart the app draws goes through ``plotly_chart``; importing this module sets Plotly's app-wide defaults.

Streamlit's theme styles each chart, so Plotly's default template would only add ~6.5 kB of JSON to serialise and send
per chart on every rerun (our figures set their own colours). Pages without charts (the Overview most first visitors
open) never import plotly.
"""

from __future__ import annotations

import plotly.io as pio
import streamlit as st

pio.templates.default = None


def plotly_chart(fig, **kwargs):
    """``st.plotly_chart`` for a figure built after this module was imported (so without Plotly's template)."""
    return st.plotly_chart(fig, **kwargs)
