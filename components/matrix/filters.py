"""The Head-to-head page's URL-bound filters, in human words (ids returned, old id links still honoured)."""

from __future__ import annotations

import streamlit as st

from components.matrix.links import category_labels, criterion_labels, framework_labels
from components.widgets import choice, choices
from faceoff.matrix import ANY, SORTS, TIE, Matrix

ALL = "all"
COMPACT, FULL = "compact", "full"
VIEWS = {COMPACT: "Compact", FULL: "Full text"}


def leader_labels(matrix: Matrix) -> dict[str, str]:
    return {ANY: "Any", **framework_labels(matrix), TIE: "Tie"}


MORE = ("m_cat", "m_lead", "m_sort", "m_crit", "m_diff")  # the filters folded under "More filters"


def render_filters(matrix: Matrix) -> dict:
    """Draw the filters; returns the chosen ids (frameworks never empty).

    Frameworks and search stay in view; the rest fold into an expander (open when a link sets one of them), so a
    phone reaches the table after two widgets rather than eight.
    """
    fw_labels = framework_labels(matrix)
    top = st.columns([3, 2])
    frameworks = choices("Frameworks", fw_labels, key="m_fw", default=list(fw_labels), widget=top[0].multiselect,
                         help="Which frameworks to compare (at least one).")
    query = top[1].text_input("Search", key="m_q", bind="query-params", placeholder="e.g. ONNX, TPU, mobile",
                              max_chars=100)
    opened = any(key in st.query_params for key in MORE)
    with st.expander("More filters: category, leader, sort, one criterion", expanded=opened,
                     icon=":material/filter_list:"):
        row = st.columns([3, 2])
        categories = choices("Categories", category_labels(matrix), key="m_cat",
                             widget=row[0].multiselect, placeholder="All categories")
        criterion = choice("One criterion", {ALL: "All criteria", **criterion_labels(matrix)}, key="m_crit",
                           widget=row[1].selectbox, help="Show a single criterion with its verdicts and sources.")
        row = st.columns([2, 2, 2])
        leader = choice("Leader", leader_labels(matrix), key="m_lead", widget=row[0].selectbox,
                        help="Criteria this framework leads alone, or the ties.")
        sort = choice("Sort by", dict(SORTS), key="m_sort", widget=row[1].selectbox)
        only_differ = row[2].toggle("Only where they differ", key="m_diff", bind="query-params")
    if not frameworks:
        st.warning("No framework selected: showing all of them.", icon=":material/info:")
        frameworks = list(fw_labels)
    return {
        "frameworks": frameworks,
        "categories": categories,
        "query": query or "",
        "leader": leader or ANY,
        "sort": sort or "category",
        "criterion": criterion or ALL,
        "only_differ": bool(only_differ),
    }


def render_view_switch(container=None) -> str:
    """Compact (ratings and summaries, the default) or full text (every verdict, for reading); bound to m_view."""
    draw = (container or st).radio
    return choice("View", VIEWS, key="m_view", default=COMPACT, widget=draw, horizontal=True,
                  label_visibility="collapsed", help="Compact: ratings and short summaries. Full text: every "
                                                     "verdict in full.")
