"""What every page's sidebar shows; drawn once by the frame (app.py): the caption and the recommendation wizard."""

from __future__ import annotations

import streamlit as st

from components.wizard import render_wizard_sidebar


def render_sidebar() -> None:
    with st.sidebar:
        st.caption(
            "Faceoff compares PyTorch, TensorFlow and JAX on sourced evidence. "
            "Every figure shows its source and as-of date; the Sources page lists them all."
        )
        render_wizard_sidebar()
