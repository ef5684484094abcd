"""Faceoff's entry point (`streamlit run app.py`): the frame in components/frame.py runs the page asked for."""

from components.frame import run_app

run_app()
