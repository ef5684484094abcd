"""Popularity: Google Trends, Papers with Code, conference papers, GitHub stars, PyPI downloads and surveys."""

import streamlit as st

from components.frame import ensure_frame
from components.popularity.page import render_popularity_page

ensure_frame()

st.title("Popularity")
render_popularity_page()
