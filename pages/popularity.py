"""Popularity: not built yet in this checkout."""

import streamlit as st

st.title("Popularity")
st.info("This page is not built yet.", icon=":material/construction:")
