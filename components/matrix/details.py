"""One criterion in full (verdicts, sources with kind, as-of dates, linked claims), the full-text view, the rubric."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import shared, stamp
from components.format import VERDICT_BADGES, paginate, source_links
from components.matrix.cards import full_text_html
from components.matrix.compact import glyphs, leads_text
from components.matrix.links import claims_criterion_params
from faceoff.matrix import Criterion, Matrix

DETAILS_PER_PAGE = 12
CLAIMS_SHOWN = 5


def render_criterion_body(crit: Criterion, row: pd.Series, matrix: Matrix, frameworks: list[str],
                          claims: list) -> None:
    """The full record of one criterion: question, leader and why, each framework's verdict and sources, claims."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    st.markdown(f"*{crit.question}*")
    st.markdown(f"**Leads: {leads_text(crit.leader, list(row['co_leaders']), names)}.** {crit.leader_reason}")
    cols = st.columns(len(frameworks))
    # one markdown block per framework (our own data, never user input): a few elements per criterion keep the
    # full-text view's reruns short
    for col, fw in zip(cols, frameworks, strict=True):
        cell = crit.cells.get(fw)
        if cell is None:
            col.markdown(f"**{names[fw]}** · not assessed\n\n"
                         ":gray[Not assessed yet: add a cell for this framework in `data/matrix/`.]")
            continue
        summary = f"*{cell.summary}*\n\n" if cell.summary else ""
        col.markdown(f"**{names[fw]}** {glyphs(cell.rating, matrix.scale.max)} {cell.rating} "
                     f"{levels.get(cell.rating, '')}\n\n{summary}{cell.verdict}\n\n"
                     f":gray[As of {cell.as_of.isoformat()}]\n\n{source_links(cell.sources)}")
    if crit.notes:
        st.caption(crit.notes)
    if claims:
        lines = [f"- {VERDICT_BADGES.get(c.verdict, (c.verdict,))[0]}: {c.claim}" for c in claims[:CLAIMS_SHOWN]]
        st.markdown(f"**What the articles claimed** ({len(claims)})\n\n" + "\n".join(lines))
        st.page_link("pages/claims.py", label=f"All {len(claims)} claim(s) about {crit.name} with their evidence",
                     query_params=claims_criterion_params(matrix, crit.id), icon=":material/fact_check:")


def render_selected(criterion_id: str, filtered: pd.DataFrame, matrix: Matrix, frameworks: list[str],
                    claims_by_criterion: dict[str, list]) -> None:
    crit = matrix.criterion(criterion_id)
    if crit is None:
        return
    row = filtered.set_index("criterion_id").loc[criterion_id]
    if not isinstance(row, pd.Series):  # criterion ids are unique (validated), so this is one row
        return
    with st.container(border=True, key="m_details"):
        st.markdown(f"## {crit.name}")  # h2 under the page's h1
        render_criterion_body(crit, row, matrix, frameworks, claims_by_criterion.get(crit.id, []))


def render_full_text(filtered: pd.DataFrame, matrix: Matrix, frameworks: list[str],
                     claims_by_criterion: dict[str, list], query: str = "") -> None:
    """Every verdict in full, wrapped, with its sources and as-of date (paged): nothing folded, nothing sideways."""
    ids = list(filtered["criterion_id"])
    page = paginate("m_page", len(ids), DETAILS_PER_PAGE)
    shown = ids[(page - 1) * DETAILS_PER_PAGE : page * DETAILS_PER_PAGE]
    co = dict(zip(filtered["criterion_id"], filtered["co_leaders"], strict=True))
    body = shared(("matrix-full-html", stamp("matrix", "claims"), tuple(shown), tuple(frameworks), query),
                  lambda: full_text_html(shown, matrix, frameworks, co, claims_by_criterion, query))
    st.html(body)


def scale_legend(matrix: Matrix) -> str:
    return " · ".join(f"{glyphs(lvl.value, matrix.scale.max)} {lvl.value} {lvl.label}"
                      for lvl in sorted(matrix.scale.levels, key=lambda lvl: -lvl.value))


def render_rubric(matrix: Matrix) -> None:
    """The rubric's own words: what each rating means, who leads, what caps a rating, which sources count."""
    rubric = matrix.rubric
    with st.expander("How the ratings are set (the rubric)", icon=":material/rule:"):
        for lvl in sorted(matrix.scale.levels, key=lambda lvl: -lvl.value):
            st.markdown(f"- **{glyphs(lvl.value, matrix.scale.max)} {lvl.value} {lvl.label}**: {lvl.meaning}")
        if rubric is None:  # only a matrix built in memory lacks one: data files must carry it
            return
        levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
        words = ", ".join(f"“{w}”" for w in rubric.caveat_words)
        st.markdown(f"**Leader.** {rubric.leader}")
        st.markdown(f"**Caveats.** A cell whose verdict or summary says {words} is rated at most "
                    f"{rubric.caveat_max_rating} ({levels.get(rubric.caveat_max_rating, '')}).")
        st.markdown("**Sources.** Every cell cites at least one primary source (the project's own docs, release "
                    "notes, repository, paper or foundation); other sources are marked secondary, and some sites "
                    "are never cited. `python -m faceoff validate` enforces all of this.")
