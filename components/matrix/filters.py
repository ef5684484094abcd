"""The Head-to-head page's URL-bound filters, in human words (ids returned, old id links still honoured)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.format import folded_controls
from components.matrix.links import category_labels, criterion_labels, framework_labels
from components.widgets import choice, choices
from faceoff.matrix import ANY, SORTS, TIE, Matrix

ALL = "all"
COMPACT, FULL = "compact", "full"
VIEWS = {COMPACT: "Compact", FULL: "Full text"}
MORE_KEY = "m_more"  # the expander holding every filter but the search
MORE_LABEL = "More filters and the full-text view: frameworks, category, leader, sort, one criterion"


def leader_labels(matrix: Matrix) -> dict[str, str]:
    return {ANY: "Any", **framework_labels(matrix), TIE: "Tie"}


def defaults(matrix: Matrix) -> dict[str, Any]:
    """What each folded filter shows when neither the URL nor the visitor has set it (the widgets' own defaults)."""
    return {"m_fw": list(framework_labels(matrix)), "m_cat": [], "m_crit": ALL, "m_lead": ANY,
            "m_sort": next(iter(dict(SORTS))), "m_diff": False, "m_view": COMPACT}


def render_filters(matrix: Matrix) -> dict:
    """Draw the filters; returns the chosen ids (frameworks never empty) and the view (compact or full text).

    The search stays in view; every other filter folds into one expander whose widgets are sent only while it is
    open (a first screen with fewer widget kinds to load). While one of them is set (by a shared link or the
    visitor) it opens by itself and its widgets stay sent, so the filter holds even when the visitor folds it
    away, and a line under it names every filter in effect.
    """
    fw_labels = framework_labels(matrix)
    base = defaults(matrix)
    chosen = dict(base)
    query = st.text_input("Search", key="m_q", bind="query-params", placeholder="e.g. ONNX, TPU, mobile",
                          max_chars=100)
    box = folded_controls(MORE_LABEL, MORE_KEY, base, icon=":material/filter_list:")
    if box is not None:
        with box:
            chosen.update(render_folded(matrix, fw_labels))
        summary = in_effect(matrix, chosen, base)
        if summary:
            st.caption(f"In effect: {summary}.")
    frameworks = chosen["m_fw"]
    if not frameworks:
        st.warning("No framework selected: showing all of them.", icon=":material/info:")
        frameworks = list(fw_labels)
    return {
        "frameworks": frameworks,
        "categories": chosen["m_cat"],
        "query": query or "",
        "leader": chosen["m_lead"] or ANY,
        "sort": chosen["m_sort"] or "category",
        "criterion": chosen["m_crit"] or ALL,
        "only_differ": bool(chosen["m_diff"]),
        "view": chosen["m_view"] or COMPACT,
    }


def in_effect(matrix: Matrix, chosen: dict[str, Any], base: dict[str, Any]) -> str:
    """The folded filters that differ from their defaults (``base``), in words (``Categories: Speed · Only where they
    differ``)."""
    labels = {"m_fw": ("Frameworks", framework_labels(matrix)), "m_cat": ("Categories", category_labels(matrix)),
              "m_crit": ("One criterion", criterion_labels(matrix)), "m_lead": ("Leader", leader_labels(matrix)),
              "m_sort": ("Sort by", dict(SORTS)), "m_view": ("View", VIEWS)}
    parts = []
    for key, (name, words) in labels.items():
        value = chosen.get(key)
        if value in (base[key], None, []):
            continue
        values = value if isinstance(value, list) else [value]
        parts.append(f"{name}: " + ", ".join(words.get(v, str(v)) for v in values))
    if chosen.get("m_diff"):
        parts.append("Only where they differ")
    return " · ".join(parts)


def render_folded(matrix: Matrix, fw_labels: dict[str, str]) -> dict[str, Any]:
    row = st.columns([3, 2])
    out: dict[str, Any] = {}
    out["m_fw"] = choices("Frameworks", fw_labels, key="m_fw", default=list(fw_labels), widget=row[0].multiselect,
                          help="Which frameworks to compare (at least one).")
    with row[1]:
        out["m_view"] = render_view_switch()
    row = st.columns([3, 2])
    out["m_cat"] = choices("Categories", category_labels(matrix), key="m_cat",
                           widget=row[0].multiselect, placeholder="All categories")
    out["m_crit"] = choice("One criterion", {ALL: "All criteria", **criterion_labels(matrix)}, key="m_crit",
                           widget=row[1].selectbox, help="Show a single criterion with its verdicts and sources.")
    row = st.columns([2, 2, 2])
    out["m_lead"] = choice("Leader", leader_labels(matrix), key="m_lead", widget=row[0].selectbox,
                           help="Criteria this framework leads alone, or the ties.")
    out["m_sort"] = choice("Sort by", dict(SORTS), key="m_sort", widget=row[1].selectbox)
    out["m_diff"] = row[2].toggle("Only where they differ", key="m_diff", bind="query-params")
    return out


def render_view_switch(container=None) -> str:
    """Compact (ratings and summaries, the default) or full text (every verdict, for reading); bound to m_view."""
    draw = (container or st).radio
    return choice("View", VIEWS, key="m_view", default=COMPACT, widget=draw, horizontal=True,
                  help="Compact: ratings and short summaries. Full text: every verdict in full.")
