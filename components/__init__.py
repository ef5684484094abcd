"""Streamlit components: turn plain values from ``faceoff`` into widgets, tables and charts."""
