"""Faceoff core: pure-Python data loading, validation, scoring and tooling (never imports streamlit)."""

__version__ = "0.1.0"
