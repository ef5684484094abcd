"""Recommendation: the wizard's full, explained and shareable result for the sidebar's answers."""

import streamlit as st

from components.frame import ensure_frame
from components.wizard.page import render_recommendation_page

ensure_frame()

st.title("Recommendation")
render_recommendation_page()
