"""Head-to-head: the sourced feature matrix."""

import streamlit as st

from components.claims_view import claim_counts_by_criterion
from components.frame import ensure_frame
from components.matrix_view import render_matrix_page

ensure_frame()

st.title("Head-to-head")
render_matrix_page(claim_counts_by_criterion())
