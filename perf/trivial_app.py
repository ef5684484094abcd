"""The baseline for Faceoff's performance figures: a one-line Streamlit page, run exactly like the app's pages."""

import streamlit as st

st.write("Hello, world.")
