"""What every page's sidebar shows; drawn once by the frame (app.py)."""

from __future__ import annotations

import streamlit as st


def render_sidebar() -> None:
    with st.sidebar:
        st.caption(
            "Faceoff compares PyTorch, TensorFlow and JAX on sourced evidence. "
            "Every figure shows its source and as-of date; the Sources page lists them all."
        )
