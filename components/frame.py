"""Makes sure a page is drawn inside the frame (app.py), even when Streamlit starts the page script on its own."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def ensure_frame() -> None:
    """Draw the frame around this page when Streamlit ran the page without ``app.py``.

    With a ``pages/`` folder, Streamlit's first script run in a fresh server process uses its old file-based
    navigation until ``st.navigation`` has been called once: a first visitor who opens ``/claims`` directly gets
    ``pages/claims.py`` alone (no page config, no sidebar wizard, a file-name page list); AppTest's ``switch_page``
    does the same. ``PagesManager.uses_pages_directory`` stays true until the frame has run, so then we draw the
    frame here (its ``st.navigation`` replaces the file-based list) and let the page continue below it.
    """
    if PagesManager.uses_pages_directory:
        from app import draw_frame

        draw_frame()
