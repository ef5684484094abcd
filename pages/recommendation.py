"""Recommendation: the wizard's full, explained and shareable result for the sidebar's answers."""

import streamlit as st

from components.wizard import render_recommendation_page

st.title("Recommendation")
render_recommendation_page()
