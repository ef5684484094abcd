"""Measurement scripts (performance, browser, load, deploy dry-run); they may import streamlit, faceoff/ may not."""
