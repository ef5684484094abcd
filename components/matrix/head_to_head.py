"""The Head-to-head page: labelled URL-bound filters, the compact table (or full text), details, rubric, CSV."""

from __future__ import annotations

import streamlit as st

from components.data import as_of_caption, load, shared, stamp
from components.matrix.cards import CSS, cards_html, why_list_html
from components.matrix.compact import render_compact_table
from components.matrix.details import render_full_text, render_rubric, render_selected, scale_legend
from components.matrix.filters import ALL, FULL, render_filters, render_view_switch
from components.matrix.selection import NONE, open_details, pick, render_picker, table_key
from components.share import render_share_link
from faceoff.matrix import Matrix, filter_matrix, matrix_records, matrix_table, records_csv


def filtered_view(matrix: Matrix, opts: dict):
    """The whole table and the rows these filters keep, shared per matrix version and filters."""
    key = ("matrix-view", stamp("matrix"), tuple((k, tuple(v) if isinstance(v, list) else v)
                                                 for k, v in sorted(opts.items())))

    def build():
        table = matrix_table(matrix)
        filtered = filter_matrix(table, opts["frameworks"], opts["categories"], opts["query"], opts["only_differ"],
                                 opts["leader"], opts["sort"], names={fw.id: fw.name for fw in matrix.frameworks})
        if opts["criterion"] != ALL:
            filtered = filtered[filtered["criterion_id"] == opts["criterion"]]
        return table, filtered

    return shared(key, build)


def render_matrix_page(claims_by_criterion: dict[str, list]) -> None:
    loaded = load("matrix")
    if loaded is None:
        return
    matrix: Matrix = loaded.value
    st.caption(as_of_caption(loaded, f"{len(matrix.frameworks)} frameworks"))
    render_matrix_body(matrix, claims_by_criterion)


@st.fragment
def render_matrix_body(matrix: Matrix, claims_by_criterion: dict[str, list]) -> None:
    """Filters, table and details: a fragment, so a filter change or a selected row reruns this part only."""
    st.html(CSS)  # style rules only: Streamlit puts them out of the page flow
    opts = render_filters(matrix)
    table, filtered = filtered_view(matrix, opts)
    bar = st.columns([2.4, 2.2, 1.2, 1.2], vertical_alignment="center")
    bar[0].markdown(f"**{len(filtered)}** of {len(table)} criteria match.")
    view = render_view_switch(bar[1])
    with bar[2]:
        render_share_link("Share")
    ids, frameworks = list(filtered["criterion_id"]), opts["frameworks"]
    # the CSV is written only when someone clicks (deferred data), not on every rerun
    bar[3].download_button("CSV", lambda: records_csv(matrix_records(matrix, ids, frameworks), frameworks),
                           file_name="faceoff-matrix.csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore",
                           help="Download the criteria shown, with every verdict, source (and its kind) and date")
    if filtered.empty:
        st.info("No criterion matches these filters. Clear the search or pick more categories.",
                icon=":material/filter_alt_off:")
        render_rubric(matrix)
        return
    if view == FULL:
        render_full_text(filtered, matrix, opts["frameworks"], claims_by_criterion, opts["query"])
        render_rubric(matrix)
        return
    row = st.columns([3, 2], vertical_alignment="bottom")
    row[0].caption(f"Ratings: {scale_legend(matrix)}. Select a row, or pick a criterion here, for its verdicts, "
                   "sources and claims.")
    chosen = render_picker(matrix, row[1])
    with st.container(key="m_views"):
        render_compact_views(filtered, matrix, opts["frameworks"], opts["query"])
    if len(filtered) == 1:  # a single criterion (e.g. a link from a claim) opens at once, in the page
        render_selected(filtered["criterion_id"].iloc[0], filtered, matrix, opts["frameworks"], claims_by_criterion)
    elif chosen != NONE:
        open_details(chosen, table, matrix, opts["frameworks"], claims_by_criterion)
    render_rubric(matrix)


def render_compact_views(filtered, matrix: Matrix, frameworks: list[str], query: str) -> None:
    """Both layouts of the compact view; the style sheet shows the table where it fits and the cards elsewhere."""
    with st.container(key="m_wide"):
        if query.strip():
            why = shared(("matrix-why", stamp("matrix"), tuple(filtered["criterion_id"]), tuple(frameworks), query),
                         lambda: why_list_html(filtered))
            if why:
                st.html(why)
        render_compact_table(filtered, matrix, frameworks, on_pick=pick, key=table_key())
    with st.container(key="m_narrow"):
        st.html(shared(("matrix-cards", stamp("matrix"), tuple(filtered["criterion_id"]), tuple(frameworks), query),
                       lambda: cards_html(filtered, matrix, frameworks, query)))
