"""The frame every page is drawn in: page config, navigation over ``pages/``, and the shared sidebar."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

import streamlit as st

from components.wizard.sidebar import RECOMMENDATION_PATH, render_wizard_entry, render_wizard_sidebar


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    icon: str
    url_path: str = ""  # "" for the default page


# Each url_path equals its file's name: on a fresh server's first request Streamlit resolves addresses by file name
# (see ensure_frame), and an address it cannot match shows a "Page not found" dialog. No hyphens, for the same reason.
PAGES = (
    PageSpec("pages/overview.py", "Overview", ":material/home:"),
    PageSpec("pages/matrix.py", "Head-to-head", ":material/table_chart:", "matrix"),
    PageSpec("pages/claims.py", "Claims check", ":material/fact_check:", "claims"),
    PageSpec("pages/popularity.py", "Popularity", ":material/trending_up:", "popularity"),
    PageSpec("pages/benchmarks.py", "Benchmarks", ":material/speed:", "benchmarks"),
    PageSpec("pages/recommendation.py", "Recommendation", ":material/recommend:", "recommendation"),
    PageSpec("pages/sources.py", "Sources", ":material/menu_book:", "sources"),
)

# True while app.py's frame is running a page in this script run (each session's runs happen on its own thread).
_IN_FRAME: contextvars.ContextVar[bool] = contextvars.ContextVar("faceoff_in_frame", default=False)


def _page(spec: PageSpec) -> st.Page:
    if spec.url_path:
        return st.Page(spec.script, title=spec.title, icon=spec.icon, url_path=spec.url_path)
    return st.Page(spec.script, title=spec.title, icon=spec.icon, default=True)


def render_sidebar(url_path: str = "") -> None:
    """What every page's sidebar shows: the page links, a one-line caption, the recommendation wizard."""
    with st.sidebar:
        with st.container(key="frame_nav", gap="small"):
            for spec in PAGES:
                st.page_link(spec.script, label=spec.title, icon=spec.icon)
        st.caption(
            "Faceoff compares PyTorch, TensorFlow and JAX on sourced evidence. "
            "Every figure shows its source and as-of date; the Sources page lists them all."
        )
        render_wizard_sidebar(questions_here=url_path != RECOMMENDATION_PATH)


def draw_frame() -> st.Page:
    """Page config, navigation and the shared sidebar; returns the page the address asks for."""
    st.set_page_config(page_title="Faceoff: PyTorch vs TensorFlow vs JAX", page_icon=":material/compare_arrows:",
                       layout="wide")
    # The menu is drawn by render_sidebar (page links); `client.showSidebarNavigation = false` in
    # .streamlit/config.toml hides Streamlit's own file-based list, which a fresh server would otherwise flash.
    navigation = st.navigation([_page(spec) for spec in PAGES], position="hidden")
    render_sidebar(navigation.url_path)
    if navigation.url_path != RECOMMENDATION_PATH:
        render_wizard_entry()  # phones: the sidebar is folded away; the Recommendation page shows the questions
    return navigation


@contextlib.contextmanager
def inside_frame() -> Iterator[None]:
    """Marks the page code run in this block as drawn inside the frame (``ensure_frame`` then does nothing)."""
    token = _IN_FRAME.set(True)
    try:
        yield
    finally:
        _IN_FRAME.reset(token)


def run_app() -> None:
    """The entry point's whole job (app.py): draw the frame, then run the chosen page inside it."""
    page = draw_frame()
    with inside_frame():
        page.run()


def ensure_frame() -> None:
    """Draw the frame around this page when Streamlit ran the page script without ``app.py``.

    With a ``pages/`` folder beside the entry point, Streamlit 1.67 serves a fresh server's first request with its
    file-based navigation until ``st.navigation`` has run once: a first visitor who opens ``/claims`` gets
    ``pages/claims.py`` alone (so does AppTest's ``switch_page``). Every page calls this first; outside ``run_app``
    it draws the frame itself (whose ``st.navigation`` takes over from then on) and the page continues below it.
    """
    if not _IN_FRAME.get():
        draw_frame()
