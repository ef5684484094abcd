"""The Claims check page: URL-bound filters, verdict summary, each claim with evidence and matrix links."""

from __future__ import annotations

import streamlit as st

from components.data import as_of_caption, load
from components.format import VERDICT_BADGES, paginate, source_links
from components.share import render_share_link
from faceoff.matrix import VERDICTS, Claims, Matrix, claims_table, filter_claims, verdict_counts

ALL = "all"
PER_PAGE = 15


def claim_counts_by_criterion() -> dict[str, int]:
    """How many claims cite each matrix criterion (for the matrix page's back-links); empty if claims fail."""
    loaded = load("claims", quiet=True)
    if loaded is None:
        return {}
    counts: dict[str, int] = {}
    for claim in loaded.value.claims:
        for crit in claim.criteria:
            counts[crit] = counts.get(crit, 0) + 1
    return counts


def render_claims_page() -> None:
    loaded = load("claims")
    if loaded is None:
        return
    claims: Claims = loaded.value
    matrix_loaded = load("matrix", quiet=True)
    matrix: Matrix | None = matrix_loaded.value if matrix_loaded else None
    st.caption(as_of_caption(loaded, f"{len(claims.articles)} articles"))
    table = claims_table(claims)
    article_ids = [a.id for a in claims.articles]
    category_ids = sorted(set(table["category_id"]))
    criterion_ids = sorted({c for crits in table["criteria"] for c in crits})
    top = st.columns([3, 2, 3])
    verdicts = top[0].multiselect("Verdict", list(VERDICTS), default=[], key="c_verdict", bind="query-params",
                                  placeholder="All verdicts")
    articles = top[1].multiselect("Article", article_ids, default=[], key="c_article", bind="query-params",
                                  placeholder="All articles")
    categories = top[2].multiselect("Category", category_ids, default=[], key="c_cat", bind="query-params",
                                    placeholder="All categories")
    row = st.columns([3, 3])
    query = row[0].text_input("Search claims", key="c_q", bind="query-params", max_chars=100,
                              placeholder="e.g. TensorBoard, mobile, static graph")
    criterion = row[1].selectbox("About matrix criterion", [ALL, *criterion_ids], key="c_crit",
                                 bind="query-params")
    with st.expander("The articles", icon=":material/article:"):
        for art in claims.articles:
            meta = ", ".join(str(x) for x in (art.author, art.publisher, art.year) if x)
            link = f" — [link]({art.url})" if art.url else ""
            st.markdown(f"- **{art.id}**: {art.title}" + (f" ({meta})" if meta else "") + link)
    filtered = filter_claims(table, verdicts, articles, categories, query or "",
                             "" if criterion in (None, ALL) else criterion)
    counts = verdict_counts(filtered) if not filtered.empty else {}
    metric_cols = st.columns(len(VERDICTS))
    for col, verdict in zip(metric_cols, VERDICTS, strict=True):
        col.metric(VERDICT_BADGES[verdict][0], counts.get(verdict, 0))
    bar = st.columns([4, 1.3, 1.3])
    bar[0].markdown(f"**{len(filtered)}** of {len(table)} claims match.")
    with bar[1]:
        render_share_link()
    export = filtered.assign(articles=filtered["articles"].map(" ".join), criteria=filtered["criteria"].map(" ".join))
    bar[2].download_button("Download CSV", export.to_csv(index=False).encode("utf-8"), file_name="faceoff-claims.csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore")
    if filtered.empty:
        st.info("No claim matches these filters.", icon=":material/filter_alt_off:")
        return
    by_id = {c.id: c for c in claims.claims}
    ids = list(filtered["claim_id"])
    page = paginate("c_page", len(ids), PER_PAGE)
    for claim_id in ids[(page - 1) * PER_PAGE : page * PER_PAGE]:
        claim = by_id[claim_id]
        label, color, icon = VERDICT_BADGES[claim.verdict]
        with st.container(border=True):
            st.badge(label, color=color, icon=icon)
            st.markdown(f"**{claim.claim}**")
            st.caption(f"{claim.id} · made by {', '.join(claim.articles)} · {claim.kind} · {claim.category}")
            st.write(claim.explanation)
            with st.expander("Evidence"):
                st.markdown(source_links(list(claim.evidence)))
            if claim.criteria:
                cols = st.columns(min(len(claim.criteria), 4))
                for i, crit_id in enumerate(claim.criteria):
                    crit = matrix.criterion(crit_id) if matrix else None
                    cols[i % len(cols)].page_link(
                        "pages/matrix.py", label=f"Matrix: {crit.name if crit else crit_id}",
                        query_params={"m_crit": crit_id}, icon=":material/table_chart:")
