"""Popularity: Google Trends, Papers with Code, conference papers, GitHub stars, PyPI downloads and surveys."""

import streamlit as st

from components.popularity_view import render_popularity_page

st.title("Popularity")
render_popularity_page()
