"""Benchmarks: not built yet in this checkout."""

import streamlit as st

st.title("Benchmarks")
st.info("This page is not built yet.", icon=":material/construction:")
