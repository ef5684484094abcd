"""Claims check: what popular comparison articles say, held against current evidence."""

import streamlit as st

from components.frame import ensure_frame
from components.matrix.claims import render_claims_page

ensure_frame()

st.title("Claims check")
st.markdown(
    "Claims from five widely read PyTorch-vs-TensorFlow articles, paraphrased, each with a verdict and evidence."
)
render_claims_page()
