"""Criterion links in the compact table and the cards that open the details in this session.

Each criterion's name is a real link (``href``: this view with ``m_sel`` set, for a new tab, a copied link or a
browser without JavaScript). A plain left click (or Enter on a focused link) would load that address: a new session,
the whole page again. This component (Custom Components v2: no iframe, in the page's own DOM) catches that click on
any ``a[data-crit]`` link inside the compact views, keeps the browser where it is and sends the criterion's id to
Python, which opens its details as the picker does: one rerun of the fragment, ``m_sel`` in the address bar.

The table and cards themselves stay ``st.html`` (drawn at once with the page); this catcher has nothing to show and
sits after them, so loading its code never holds up the first screen. Until it has loaded, a click follows the link.
"""

from __future__ import annotations

import streamlit as st

from components.matrix.selection import pick

VIEWS = "st-key-m_views"  # the container of the table and the cards (components/matrix/head_to_head.py)

# A plain click (main button, no modifier key: a new tab or window stays the browser's) on a marked link.
_JS = """
export default function ({ parentElement, setTriggerValue }) {
  const root = parentElement.ownerDocument || document;
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.target instanceof Element ? e.target.closest("a[data-crit]") : null;
    if (!link || !link.closest(".__VIEWS__")) return;
    e.preventDefault();
    setTriggerValue("pick", link.dataset.crit);
  };
  root.addEventListener("click", onClick);
  return () => root.removeEventListener("click", onClick);
}
""".replace("__VIEWS__", VIEWS)
_catcher = st.components.v2.component("faceoff_matrix_links", js=_JS, isolate_styles=False)


def render_link_catcher(key: str = "m_links") -> None:
    """Mount the catcher: a plain click on a criterion's name opens its details (``m_sel``) in this session."""

    def picked() -> None:
        value = (st.session_state.get(key) or {}).get("pick")
        if isinstance(value, str) and value:
            pick(value)

    _catcher(key=key, on_pick_change=picked)
