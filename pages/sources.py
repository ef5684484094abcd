"""Sources: every dataset, its origin, licence, as-of date and validation status."""

import streamlit as st

from components.frame import ensure_frame
from components.sources import render_sources_page

ensure_frame()

st.title("Sources")
render_sources_page()
