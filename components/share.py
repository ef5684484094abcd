"""The "share this view" affordance: a copyable link that reproduces the current filters."""

from __future__ import annotations

import streamlit as st

from components.widgets import share_params
from faceoff.share import share_url


def current_params() -> dict[str, list[str]]:
    params = st.query_params
    return share_params({key: params.get_all(key) for key in params})


def render_share_link(label: str = "Share this view") -> str:
    base = st.context.url or ""
    link = share_url(base, current_params())
    # Opening the popover reruns the page, so the link reflects filters changed since inside fragments.
    with st.popover(label, icon=":material/link:", key="share_link", on_change="rerun"):
        st.caption("Copy this link: it opens the app with the same filters and answers.")
        st.code(link, language=None, wrap_lines=True)
    return link
