"""Head-to-head: the sourced feature matrix."""

import streamlit as st

from components.claims_view import claim_counts_by_criterion
from components.matrix_view import render_matrix_page

st.title("Head-to-head")
render_matrix_page(claim_counts_by_criterion())
