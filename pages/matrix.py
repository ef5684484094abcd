"""Head-to-head: the sourced feature matrix."""

import streamlit as st

from components.frame import ensure_frame
from components.matrix.claims import claims_by_criterion
from components.matrix.head_to_head import render_matrix_page

ensure_frame()

st.title("Head-to-head")
render_matrix_page(claims_by_criterion())
