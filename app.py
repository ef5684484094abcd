"""Faceoff's frame: page config, the shared sidebar, and navigation over the pages in ``pages/``."""

import streamlit as st

from components.sidebar import render_sidebar


def pages() -> list:
    # Each url_path equals its file's name: on a fresh server's first request Streamlit still resolves addresses by
    # file name (see components/frame.py), and an address it cannot match shows a "Page not found" dialog. Hyphens
    # are avoided for the same reason.
    return [
        st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
        st.Page("pages/matrix.py", title="Head-to-head", icon=":material/table_chart:", url_path="matrix"),
        st.Page("pages/claims.py", title="Claims check", icon=":material/fact_check:", url_path="claims"),
        st.Page("pages/popularity.py", title="Popularity", icon=":material/trending_up:", url_path="popularity"),
        st.Page("pages/benchmarks.py", title="Benchmarks", icon=":material/speed:", url_path="benchmarks"),
        st.Page("pages/recommendation.py", title="Recommendation", icon=":material/recommend:",
                url_path="recommendation"),
        st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    ]


def draw_frame():
    """Page config, navigation and the shared sidebar; returns the page to run."""
    st.set_page_config(page_title="Faceoff: PyTorch vs TensorFlow vs JAX", page_icon=":material/compare_arrows:",
                       layout="wide")
    navigation = st.navigation(pages())
    render_sidebar()
    return navigation


if __name__ == "__main__":
    draw_frame().run()
