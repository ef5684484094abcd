"""The Claims check page: URL-bound filters, verdict summary, each claim with evidence and matrix links."""

from __future__ import annotations

import re
from contextlib import nullcontext

import streamlit as st

from components.data import as_of_caption, load, shared, stamp
from components.format import VERDICT_BADGES, folded_controls, lazy_expander, paginate, source_links, verdict_label
from components.matrix.links import criterion_labels, matrix_criterion_params, unique_labels
from components.reached import section_when_reached
from components.share import render_share_link
from components.widgets import choice, choices
from faceoff.matrix import VERDICTS, Claims, Matrix, claims_table, filter_claims, verdict_counts

ALL = "all"
PER_PAGE = 15
FIRST_SCREEN = 3  # claims drawn at once; a first screen shows two or three (1280x800 and 390x844)
TITLE_CHARS = 48
# claim categories that are not matrix categories (they point at the Benchmarks and Popularity pages)
EXTRA_CATEGORIES = {"performance": "Performance", "popularity": "Popularity"}


def claims_by_criterion() -> dict[str, list]:
    """The claims that cite each matrix criterion (for the matrix page's details); empty if claims fail to load."""
    loaded = load("claims", quiet=True)
    if loaded is None:
        return {}

    def build() -> dict[str, list]:
        found: dict[str, list] = {}
        for claim in loaded.value.claims:
            # the matrix shows a claim by its words: any article or claim id cited in them is named instead
            shown = claim.model_copy(update={"claim": readable(claim.claim, loaded.value)})
            for crit in claim.criteria:
                found.setdefault(crit, []).append(shown)
        return found

    return shared(("claims-by-criterion", stamp("claims")), build)


def article_labels(claims: Claims) -> dict[str, str]:
    def short(title: str) -> str:
        return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"

    return unique_labels({a.id: short(a.title) for a in claims.articles})


def article_name(article) -> str:
    """An article as a reader names it: its title, with publisher and year where known (never its id)."""
    meta = ", ".join(str(x) for x in (article.publisher, article.year) if x)
    title = article.title.replace("[", "(").replace("]", ")")  # a title never opens Markdown syntax
    return f"“{title}”" + (f" ({meta})" if meta else "")


def made_by(article_ids: list[str], claims: Claims) -> str:
    """Who made a claim, in words: "all five articles", or the articles' names."""
    if len(claims.articles) > 1 and set(article_ids) >= {a.id for a in claims.articles}:
        return f"Made by all {len(claims.articles)} articles"
    names = [article_name(a) for a in (claims.article(i) for i in article_ids) if a is not None]
    return "Made by " + "; ".join(names) if names else "Made by an article not listed"


REF = re.compile(r"\b([ac]\d+)\b")
QUOTED_CHARS = 70


def readable(text: str, claims: Claims) -> str:
    """``text`` with the ids it cites (``a1``, ``c13``) replaced by the article's title or the claim's words."""
    by_claim = {c.id: c.claim for c in claims.claims}

    def name(found: re.Match[str]) -> str:
        ref = found.group(1)
        article = claims.article(ref)
        if article is not None:
            return article_name(article)
        words = by_claim.get(ref)
        if words is None:
            return ref
        short = words if len(words) <= QUOTED_CHARS else words[: QUOTED_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return f"the claim “{short}”"

    return REF.sub(name, text)


def category_labels(ids: list[str], matrix: Matrix | None) -> dict[str, str]:
    names = {c.id: c.name for c in matrix.categories} if matrix else {}
    return unique_labels({c: names.get(c) or EXTRA_CATEGORIES.get(c) or c.replace("-", " ").capitalize()
                          for c in ids})


def render_claims_page() -> None:
    loaded = load("claims")
    if loaded is None:
        return
    claims: Claims = loaded.value
    matrix_loaded = load("matrix", quiet=True)
    matrix: Matrix | None = matrix_loaded.value if matrix_loaded else None
    st.caption(as_of_caption(loaded, f"{len(claims.articles)} articles"))
    render_claims_body(claims, matrix)


# the filters under "More filters", with their defaults
FOLDED = {"c_verdict": [], "c_article": [], "c_cat": [], "c_crit": ALL}


@st.fragment
def render_claims_body(claims: Claims, matrix: Matrix | None) -> None:
    """Filters and the claim list: a fragment, so a filter change reruns this part only."""
    table = shared(("claims-table", stamp("claims")), lambda: claims_table(claims))
    category_ids = sorted(set(table["category_id"]))
    criterion_ids = sorted({c for crits in table["criteria"] for c in crits})
    cat_labels = category_labels(category_ids, matrix)
    # labelled as on the Head-to-head page, so a link from a matrix row carries the same words
    crit_names = criterion_labels(matrix) if matrix else {}
    criterion_ids.sort(key=lambda c: (crit_names.get(c) or c).casefold())
    category_ids.sort(key=lambda c: cat_labels[c].casefold())
    query = st.text_input("Search claims", key="c_q", bind="query-params", max_chars=100,
                          placeholder="e.g. TensorBoard, mobile, static graph")
    # the other filters fold into one expander whose widgets are sent only while it is open (a first screen with
    # fewer widget kinds to load, issue #22); a link or a visitor that sets one opens it, and it stays drawn then
    box = folded_controls("More filters: verdict, article, category, matrix criterion", "c_more", FOLDED,
                          icon=":material/filter_list:")
    verdicts: list[str] = []
    articles: list[str] = []
    categories: list[str] = []
    criterion: str | None = ALL
    if box is not None:
        with box:
            top = st.columns([3, 2, 3])
            verdicts = choices("Verdict", {v: verdict_label(v) for v in VERDICTS}, key="c_verdict",
                               widget=top[0].multiselect, placeholder="All verdicts")
            articles = choices("Article", article_labels(claims), key="c_article", widget=top[1].multiselect,
                               placeholder="All articles")
            categories = choices("Category", cat_labels, key="c_cat", widget=top[2].multiselect,
                                 placeholder="All categories")
            criterion = choice("About matrix criterion",
                               {ALL: "All criteria", **unique_labels({c: crit_names.get(c, c) for c in criterion_ids})},
                               key="c_crit")
    articles_box = lazy_expander("The articles", key="c_articles", icon=":material/article:")
    if articles_box is not None:  # sent only while open
        articles_box.markdown(shared(("claims-articles", stamp("claims")), lambda: articles_markdown(claims)))
    filtered = filter_claims(table, verdicts, articles, categories, query or "",
                             "" if criterion in (None, ALL) else criterion)
    # the count and the verdict tally in text (one element each: a metric row cost a lazy widget chunk in the first
    # screen); the page picker, share link and CSV sit under the list, where a reader finishes it
    st.markdown(f"**{len(filtered)}** of {len(table)} claims match.")
    counts = verdict_counts(filtered) if not filtered.empty else {}
    summary = st.empty()
    listing = st.container()
    ids = list(filtered["claim_id"])
    page = 1
    # the page picker, share link and CSV under the list: drawn when reached (each is a kind of code a first visit
    # loads), or at once when a link or the visitor chose a page
    with section_when_reached("c_sec_tools", 110, ("c_page",), "The page picker, share link and CSV download "
                              "are drawn when they scroll into view.") as now:
        if now:
            page = paginate("c_page", len(ids), PER_PAGE)
            render_tools(filtered)
    shown = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    first = (page - 1) * PER_PAGE + 1
    more = f" :gray[· showing {first}–{first + len(shown) - 1}; the page picker is under the list]"
    summary.markdown(verdict_tally(counts) + (more if len(ids) > PER_PAGE else ""))
    if filtered.empty:
        listing.info("No claim matches these filters.", icon=":material/filter_alt_off:")
        return
    by_id = {c.id: c for c in claims.claims}
    # each claim's words, who made it and the explanation, with cited ids named: built once per claims file
    texts = shared(("claims-texts", stamp("claims")), lambda: {
        c.id: (readable(c.claim, claims), made_by(list(c.articles), claims), readable(c.explanation, claims))
        for c in claims.claims})
    with listing:
        for claim_id in shown[:FIRST_SCREEN]:
            render_claim(by_id[claim_id], texts[claim_id], cat_labels, matrix)
        # the rest of this page's claims are below any first screen: drawn when reached (fewer elements to build
        # before a first visit's screen is complete, issue #22)
        rest = shown[FIRST_SCREEN:]
        with section_when_reached("c_sec_rest", 260 * len(rest), (), f"{len(rest)} more claims on this page are "
                                  "drawn when they scroll into view.") as now:
            if now:
                for claim_id in rest:
                    render_claim(by_id[claim_id], texts[claim_id], cat_labels, matrix)


def render_tools(filtered) -> None:
    """The share link and the CSV of the claims that match."""
    bar = st.container(horizontal=True, vertical_alignment="center")
    with bar:
        render_share_link("Share")

    def export() -> bytes:  # written only when someone clicks (deferred data), not on every rerun
        return filtered.assign(articles=filtered["articles"].map(" ".join),
                               criteria=filtered["criteria"].map(" ".join)).to_csv(index=False).encode("utf-8")

    bar.download_button("Download CSV", export, file_name="faceoff-claims.csv",
                        mime="text/csv", icon=":material/download:", on_click="ignore")


def verdict_tally(counts: dict[str, int]) -> str:
    """Each verdict's count as a coloured badge, zeros included (one Markdown line)."""
    badges = (VERDICT_BADGES[v] for v in VERDICTS)
    return " ".join(f":{color}-badge[{icon} {label}: {counts.get(verdict, 0)}]"
                    for verdict, (label, color, icon) in zip(VERDICTS, badges, strict=True))


def articles_markdown(claims: Claims) -> str:
    """The articles as one Markdown list: title, author, publisher, year and link."""
    lines = []
    for art in claims.articles:
        meta = ", ".join(str(x) for x in (art.author, art.publisher, art.year) if x)
        link = f" — [link]({art.url})" if art.url else ""
        lines.append(f"- **{art.title}**" + (f" ({meta})" if meta else "") + link)
    return "\n".join(lines)


def render_claim(claim, text: tuple[str, str, str], cat_labels: dict[str, str], matrix: Matrix | None) -> None:
    """One claim's card: verdict badge, words, who made it, explanation, evidence on demand and matrix links."""
    label, color, icon = VERDICT_BADGES[claim.verdict]
    words, by, explanation = text
    with st.container(border=True):
        # one markdown block (our own data, never user input): fewer elements keep the list's draws short
        st.markdown(f"**{words}**\n\n:{color}-badge[{icon} {label}] "
                    f":gray[{by} · {claim.kind} · {cat_labels.get(claim.category, claim.category)}]\n\n{explanation}")
        evidence = lazy_expander(f"Evidence ({len(claim.evidence)})", key=f"c_ev_{claim.id}")
        if evidence is not None:
            evidence.markdown(source_links(list(claim.evidence)))
        if claim.criteria:
            # side by side in one flex row; a single link needs no row of its own (one element fewer per card)
            row = st.container(horizontal=True, gap="small") if len(claim.criteria) > 1 else nullcontext()
            with row:
                for crit_id in claim.criteria:
                    crit = matrix.criterion(crit_id) if matrix else None
                    params = matrix_criterion_params(matrix, crit_id) if matrix else {"m_crit": crit_id}
                    st.page_link("pages/matrix.py", label=f"Matrix: {crit.name if crit else crit_id}",
                                 query_params=params, icon=":material/table_chart:")
