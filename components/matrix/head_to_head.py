"""The Head-to-head page: URL-bound filters, the matrix table, row details with sources, CSV export."""

from __future__ import annotations

import streamlit as st

from components.data import as_of_caption, load
from components.format import paginate, rating_glyphs, source_links
from components.share import render_share_link
from faceoff.matrix import ANY, SORTS, TIE, Matrix, export_frame, filter_matrix, matrix_table

ALL = "all"
DETAILS_PER_PAGE = 12


def render_filters(matrix: Matrix) -> dict:
    fw_ids = [fw.id for fw in matrix.frameworks]
    cat_ids = [c.id for c in matrix.categories]
    crit_ids = [c.id for c in matrix.criteria]
    top = st.columns([3, 3, 2])
    frameworks = top[0].multiselect("Frameworks", fw_ids, default=fw_ids, key="m_fw", bind="query-params",
                                    help="Which frameworks to compare (at least one).")
    categories = top[1].multiselect("Categories", cat_ids, default=[], key="m_cat", bind="query-params",
                                    placeholder="All categories")
    query = top[2].text_input("Search", key="m_q", bind="query-params", placeholder="e.g. ONNX, TPU, mobile",
                              max_chars=100)
    row = st.columns([2, 2, 3, 2])
    leader = row[0].selectbox("Leader", [ANY, *fw_ids, TIE], key="m_lead", bind="query-params")
    sort = row[1].selectbox("Sort by", list(SORTS), key="m_sort", bind="query-params",
                            help="; ".join(f"{k}: {v}" for k, v in SORTS.items()))
    criterion = row[2].selectbox("One criterion", [ALL, *crit_ids], key="m_crit", bind="query-params",
                                 help="Show a single criterion (claims link here).")
    only_differ = row[3].toggle("Only where they differ", key="m_diff", bind="query-params")
    if not frameworks:
        st.warning("No framework selected: showing all of them.", icon=":material/info:")
        frameworks = fw_ids
    return {
        "frameworks": frameworks,
        "categories": categories,
        "query": query or "",
        "leader": leader or ANY,
        "sort": sort or "category",
        "criterion": criterion or ALL,
        "only_differ": bool(only_differ),
    }


def render_table(filtered, matrix: Matrix, frameworks: list[str]) -> None:
    names = {fw.id: fw.name for fw in matrix.frameworks}
    view = filtered[["category", "criterion", "leader"]].copy()
    view["leader"] = view["leader"].map(lambda v: names.get(v, "Tie"))
    for fw in frameworks:
        view[names[fw]] = [
            f"{rating_glyphs(r)} · {v}" if v else "not assessed"
            for r, v in zip(filtered[f"{fw}_rating"], filtered[f"{fw}_verdict"], strict=True)
        ]
    column_config = {
        "category": st.column_config.TextColumn("Category", width="small"),
        "criterion": st.column_config.TextColumn("Criterion", width="medium"),
        "leader": st.column_config.TextColumn("Leads", width="small"),
    }
    for fw in frameworks:
        column_config[names[fw]] = st.column_config.TextColumn(names[fw], width="large",
                                                               help="Rating 0–3 and verdict; sources below")
    st.dataframe(view, hide_index=True, column_config=column_config, width="stretch",
                 height=min(40 + 35 * len(view), 560))


def render_details(filtered, matrix: Matrix, frameworks: list[str], claim_counts: dict[str, int]) -> None:
    names = {fw.id: fw.name for fw in matrix.frameworks}
    st.subheader("Details and sources")
    ids = list(filtered["criterion_id"])
    page = paginate("m_page", len(ids), DETAILS_PER_PAGE)
    for crit_id in ids[(page - 1) * DETAILS_PER_PAGE : page * DETAILS_PER_PAGE]:
        crit = matrix.criterion(crit_id)
        lead = names.get(crit.leader, "Tie")
        with st.expander(f"{crit.name} — leads: {lead}"):
            st.markdown(f"*{crit.question}*")
            st.markdown(f"**Why:** {crit.leader_reason}")
            cols = st.columns(len(frameworks))
            for col, fw in zip(cols, frameworks, strict=True):
                cell = crit.cells.get(fw)
                with col:
                    st.markdown(f"**{names[fw]}** {rating_glyphs(cell.rating if cell else None)}")
                    if cell is None:
                        st.caption("Not assessed yet: add a cell for this framework in `data/matrix/`.")
                        continue
                    st.write(cell.verdict)
                    st.caption(f"As of {cell.as_of.isoformat()}")
                    st.markdown(source_links(cell.sources))
            n = claim_counts.get(crit_id, 0)
            if n:
                st.page_link("pages/claims.py", label=f"{n} article claim(s) about this criterion",
                             query_params={"c_crit": crit_id}, icon=":material/fact_check:")


def render_matrix_page(claim_counts: dict[str, int]) -> None:
    loaded = load("matrix")
    if loaded is None:
        return
    matrix: Matrix = loaded.value
    st.caption(as_of_caption(loaded, "rating scale " + ", ".join(
        f"{lvl.value} = {lvl.label}" for lvl in matrix.scale.levels)))
    opts = render_filters(matrix)
    table = matrix_table(matrix)
    filtered = filter_matrix(table, opts["frameworks"], opts["categories"], opts["query"], opts["only_differ"],
                             opts["leader"], opts["sort"])
    if opts["criterion"] != ALL:
        filtered = filtered[filtered["criterion_id"] == opts["criterion"]]
    bar = st.columns([4, 1.3, 1.3])
    bar[0].markdown(f"**{len(filtered)}** of {len(table)} criteria match.")
    with bar[1]:
        render_share_link()
    bar[2].download_button(
        "Download CSV",
        export_frame(filtered, opts["frameworks"]).to_csv(index=False).encode("utf-8"),
        file_name="faceoff-matrix.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if filtered.empty:
        st.info("No criterion matches these filters. Clear the search or pick more categories.",
                icon=":material/filter_alt_off:")
        return
    render_table(filtered, matrix, opts["frameworks"])
    render_details(filtered, matrix, opts["frameworks"], claim_counts)
