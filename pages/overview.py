"""Overview: what Faceoff is, the headline of each category, the freshness of every dataset."""

import streamlit as st

from components.frame import ensure_frame
from components.overview import render_freshness, render_headlines

ensure_frame()

st.title("PyTorch vs TensorFlow vs JAX, on evidence")
st.markdown(
    "Faceoff answers *which framework?* with sourced facts instead of opinion: a dated head-to-head matrix, "
    "a check of what popular comparison articles claim, adoption signals, benchmark results and a "
    "recommendation from your own situation (sidebar)."
)
render_headlines()
render_freshness()
