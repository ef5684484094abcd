"""The Head-to-head page: labelled URL-bound filters, the compact table (or full text), details, rubric, CSV."""

from __future__ import annotations

import streamlit as st

from components.data import as_of_caption, load, shared, stamp
from components.matrix.compact import render_compact_table
from components.matrix.details import render_full_text, render_rubric, render_selected, scale_legend
from components.matrix.filters import ALL, FULL, render_filters, render_view_switch
from components.share import render_share_link
from faceoff.matrix import Matrix, filter_matrix, matrix_records, matrix_table, records_csv


def filtered_view(matrix: Matrix, opts: dict):
    """The whole table and the rows these filters keep, shared per matrix version and filters."""
    key = ("matrix-view", stamp("matrix"), tuple((k, tuple(v) if isinstance(v, list) else v)
                                                 for k, v in sorted(opts.items())))

    def build():
        table = matrix_table(matrix)
        filtered = filter_matrix(table, opts["frameworks"], opts["categories"], opts["query"], opts["only_differ"],
                                 opts["leader"], opts["sort"])
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
        render_full_text(filtered, matrix, opts["frameworks"], claims_by_criterion)
        render_rubric(matrix)
        return
    st.caption(f"Ratings: {scale_legend(matrix)}. Select a row for its verdicts, sources and claims.")
    selected = render_compact_table(filtered, matrix, opts["frameworks"])
    if selected is None and len(filtered) == 1:
        selected = filtered["criterion_id"].iloc[0]  # a single criterion (e.g. a link from a claim) opens at once
    if selected is not None:
        render_selected(selected, filtered, matrix, opts["frameworks"], claims_by_criterion)
    render_rubric(matrix)
