"""The compact table and the cards as HTML whose criterion links open the details in this session.

Each criterion's name is a real link (``href``: this view with ``m_sel`` set, for a new tab, a copied link or a
browser without JavaScript). A plain left click (or Enter on a focused link) would load that address: a new session,
the whole page again. This component (Custom Components v2: no iframe, the HTML in the page's own DOM, so
``matrix.css`` styles it) catches that click, keeps the browser where it is and sends the criterion's id to Python,
which opens its details as the picker does: one rerun of the fragment, ``m_sel`` in the address bar.
"""

from __future__ import annotations

import streamlit as st

from components.matrix.selection import pick

# A plain click on a link marked ``data-crit``: no modifier key (a new tab or window stays the browser's), main button.
_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  let box = parentElement.querySelector(":scope > .fo-linked");
  if (!box) {
    box = document.createElement("div");
    box.className = "fo-linked";
    parentElement.appendChild(box);
  }
  const html = typeof data === "string" ? data : "";
  if (box.foHtml !== html) {  // a rerun with the same HTML keeps the DOM (and the focus) as it is
    box.innerHTML = html;
    box.foHtml = html;
  }
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.target instanceof Element ? e.target.closest("a[data-crit]") : null;
    if (!link || !box.contains(link)) return;
    e.preventDefault();
    setTriggerValue("pick", link.dataset.crit);
  };
  box.addEventListener("click", onClick);
  return () => box.removeEventListener("click", onClick);
}
"""
_linked = st.components.v2.component("faceoff_matrix_linked", js=_JS, isolate_styles=False)


def render_linked(html: str, key: str) -> None:
    """Draw ``html``; a plain click on one of its ``a[data-crit]`` links opens that criterion's details."""

    def picked() -> None:
        value = (st.session_state.get(key) or {}).get("pick")
        if isinstance(value, str) and value:
            pick(value)

    _linked(data=html, key=key, on_pick_change=picked)
