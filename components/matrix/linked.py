"""The compact views of the Head-to-head matrix (a table where it fits, a card per criterion where it does not), and
the criterion links in them that open the details in this session.

One Custom Components v2 element (no iframe, in the page's own DOM, our style sheet applies) holds both layouts'
HTML, built and escaped server-side from our own data (components/matrix/cards.py), and puts into the page only the
one that fits its container's width (``WIDE_PX``), switching when the width changes. Two ``st.html`` elements used to
carry both, each sanitised in the browser and the hidden one kept in the DOM: about 1,000 more nodes and 70 ms of
sanitising on a first visit (perf/screens.py, issue #22).

Each criterion's name is a real link (``href``: this view with ``m_sel`` set, for a new tab, a copied link or a
browser without JavaScript). A plain left click (or Enter on a focused link) would load that address: a new session,
the whole page again. The element catches that click on any ``a[data-crit]`` link, keeps the browser where it is and
sends the criterion's id to Python, which opens its details as the picker does: one rerun of the fragment, ``m_sel``
in the address bar.
"""

from __future__ import annotations

import streamlit as st

from components.matrix.selection import pick

WIDE_PX = 800  # the table from this width of the views' container (st-key-m_views), the cards below it

# A plain click (main button, no modifier key: a new tab or window stays the browser's) on a marked link.
_JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  const box = parentElement;
  const frame = box.closest(".st-key-m_views") || box;
  let shown = null;
  const draw = () => {
    const width = frame.getBoundingClientRect().width;
    const wide = width === 0 || width >= data.wide_px;
    if (shown === wide) return;
    shown = wide;
    box.innerHTML = wide ? data.wide : data.narrow;
  };
  draw();
  const ro = new ResizeObserver(draw);
  ro.observe(frame);
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.target instanceof Element ? e.target.closest("a[data-crit]") : null;
    if (!link || !box.contains(link)) return;
    e.preventDefault();
    setTriggerValue("pick", link.dataset.crit);
  };
  box.addEventListener("click", onClick);
  return () => { ro.disconnect(); box.removeEventListener("click", onClick); };
}
"""
_views = st.components.v2.component("faceoff_matrix_views", js=_JS, isolate_styles=False)


def render_views(wide: str, narrow: str, key: str = "m_links") -> None:
    """Draw the table (``wide``) or the cards (``narrow``) HTML, whichever fits; a plain click on a criterion's name
    opens its details (``m_sel``) in this session."""

    def picked() -> None:
        value = (st.session_state.get(key) or {}).get("pick")
        if isinstance(value, str) and value:
            pick(value)

    _views(key=key, data={"wide": wide, "narrow": narrow, "wide_px": WIDE_PX}, on_pick_change=picked)
