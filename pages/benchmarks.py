"""Benchmarks: Faceoff's own measured runs (plus your uploads) and published studies, with environment and sources."""

import streamlit as st

from components.bench.page import render_benchmarks_page
from components.frame import ensure_frame

ensure_frame()

st.title("Benchmarks")
render_benchmarks_page()
