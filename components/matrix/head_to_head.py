"""The Head-to-head page: the search, the folded URL-bound filters, the compact table (or full text), details,
rubric, CSV."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from components.data import as_of_caption, load, shared, stamp
from components.matrix.cards import CSS, cards_html, table_html, why_list_html
from components.matrix.details import render_full_text, render_rubric, render_selected, scale_legend
from components.matrix.filters import ALL, FULL, render_filters
from components.matrix.linked import render_views
from components.matrix.links import criterion_labels
from components.matrix.selection import KEY, NONE, open_details, render_picker
from components.reached import section_when_reached
from components.share import current_params, render_share_link
from components.widgets import BOUND
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
    """Filters, table and details: a fragment, so a filter change or an opened criterion reruns this part only.

    The first screen holds few kinds of element (each kind's code loads on its first use): a text input, an
    expander, Markdown and the views' element (components/matrix/linked.py: the table or the cards, whichever fits,
    whose links open a criterion's details in this session); the picker and the CSV button wait under the table."""
    st.html(CSS)  # style rules only: Streamlit puts them out of the page flow
    opts = render_filters(matrix)
    table, filtered = filtered_view(matrix, opts)
    bar = st.columns([4, 1], vertical_alignment="center")
    bar[0].markdown(f"**{len(filtered)}** of {len(table)} criteria match.")
    with bar[1]:
        render_share_link("Share")
    if filtered.empty:
        st.info("No criterion matches these filters. Clear the search or pick more categories.",
                icon=":material/filter_alt_off:")
        render_rubric(matrix)
        return
    if opts["view"] == FULL:
        render_full_text(filtered, matrix, opts["frameworks"], claims_by_criterion, opts["query"])
        render_csv(matrix, list(filtered["criterion_id"]), opts["frameworks"])
        render_rubric(matrix)
        return
    st.caption(f"Ratings: {scale_legend(matrix)}. A criterion's name opens its verdicts in full, sources, dates and "
               "claims.")
    with st.container(key="m_views"):
        render_compact_views(filtered, matrix, opts["frameworks"], opts["query"])
    chosen = NONE
    # the picker and the CSV, under the table: drawn when reached (a select box and a download button are two more
    # kinds of code to load on a first visit), or at once when a link or a clicked name opens a criterion (m_sel)
    with section_when_reached("m_sec_tools", 90, (KEY,), "The criterion picker and the CSV download are drawn "
                              "when they scroll into view.") as now:
        if now:
            row = st.columns([3, 2], vertical_alignment="bottom")
            chosen = render_picker(matrix, row[0])
            with row[1]:
                render_csv(matrix, list(filtered["criterion_id"]), opts["frameworks"])
    if len(filtered) == 1:  # a single criterion (e.g. a link from a claim) opens at once, in the page
        render_selected(filtered["criterion_id"].iloc[0], filtered, matrix, opts["frameworks"], claims_by_criterion)
    elif chosen != NONE:
        open_details(chosen, table, matrix, opts["frameworks"], claims_by_criterion)
    render_rubric(matrix)


def render_csv(matrix: Matrix, ids: list[str], frameworks: list[str]) -> None:
    # the CSV is written only when someone clicks (deferred data), not on every rerun
    st.download_button("CSV of the criteria shown", lambda: records_csv(matrix_records(matrix, ids, frameworks),
                                                                       frameworks),
                       file_name="faceoff-matrix.csv", mime="text/csv", icon=":material/download:", on_click="ignore",
                       help="Download the criteria shown, with every verdict, source (and its kind) and date")


FREE_KEYS = {"m_q": None, "m_diff": ("true", "false")}  # bound widgets without labelled options: text, a toggle


def known_params(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The address's parameters that a widget here reads, with values it accepts: a criterion link carries the view,
    never an unknown key or a value no widget shows (nothing from the address goes into the page's HTML otherwise)."""
    out = {}
    for key, values in params.items():
        if key == KEY:
            continue
        bound = BOUND.get(key)
        if bound is not None:
            kept = [v for v in values if v in set(bound.labels.values())]
        elif key in FREE_KEYS:
            allowed = FREE_KEYS[key]
            kept = [v for v in values if allowed is None or v in allowed]
        else:
            kept = []
        if kept:
            out[key] = kept
    return out


def detail_links(matrix: Matrix, ids: list[str]) -> dict[str, str]:
    """Each criterion's link: this view (its URL parameters, as the share link has them) with its details open."""
    params = known_params(current_params())
    labels = criterion_labels(matrix)
    return {cid: "?" + urlencode(sorted({**params, KEY: [labels.get(cid, cid)]}.items()), doseq=True) for cid in ids}


def render_compact_views(filtered, matrix: Matrix, frameworks: list[str], query: str) -> None:
    """The compact view: the table where it fits, a card per criterion where it does not (the browser picks,
    components/matrix/linked.py); both are built once per view for every session."""
    ids = list(filtered["criterion_id"])
    hrefs = detail_links(matrix, ids)
    key = (stamp("matrix"), tuple(ids), tuple(frameworks), query, tuple(sorted(hrefs.items())))
    table = shared(("matrix-table", *key), lambda: why_list_html(filtered) * bool(query.strip())
                   + table_html(filtered, matrix, frameworks, hrefs, query))
    cards = shared(("matrix-cards", *key), lambda: cards_html(filtered, matrix, frameworks, query, hrefs))
    render_views(table, cards)
