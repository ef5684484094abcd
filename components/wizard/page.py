"""The Recommendation page: the result card, score chart, reasons, caveats, what would change it, the answers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import plotly_chart
from components.format import rating_glyphs, source_links
from components.matrix.links import matrix_criterion_params
from components.share import render_share_link
from components.wizard.evidence import (
    render_alternatives,
    render_census_share,
    render_decision,
    render_panel_scenario,
)
from components.wizard.sidebar import framework_names, headline
from components.wizard.state import (
    census_for,
    current_answers,
    load_model,
    load_panel,
    recommendation_for,
    score_figure_for,
)
from faceoff.matrix import Matrix
from faceoff.wizard import Caveat, Contribution, Recommendation, Wizard

MATRIX_PAGE = "pages/matrix.py"
CONFIDENCE_COLOURS = {"high": "green", "medium": "orange", "low": "gray"}


def _criterion_label(matrix: Matrix, criterion: str) -> str:
    crit = matrix.criterion(criterion)
    return crit.name if crit else criterion


def render_result_card(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    names = framework_names(matrix)
    with st.container(border=True, key="rec_card"):
        cols = st.columns([3, 2])
        with cols[0]:
            st.caption("Recommended for your answers")
            st.markdown(f"## {headline(rec, matrix)}")
            st.badge(f"{rec.confidence} confidence", color=CONFIDENCE_COLOURS.get(rec.confidence, "red"))
        with cols[1]:
            eligible = [s for s in rec.ranking if s.eligible]
            if rec.recommended and len(eligible) > 1:
                top, second = eligible[0], eligible[1]
                if rec.target_lead > 0:
                    st.markdown(f"Targets **{top.target_score}** vs {names[second.framework]} "
                                f"**{second.target_score}**: a lead of {rec.target_lead} rating "
                                f"step{'s' if rec.target_lead > 1 else ''} on what your answers require.")
                else:
                    st.markdown(f"Score **{top.score}** vs {names[second.framework]} **{second.score}**: "
                                f"a lead of {rec.margin:.0%} of its score.")
            elif rec.recommended:
                st.markdown("Every other framework is ruled out by a hard constraint below.")
            level = next((c for c in wizard.confidence if c.word == rec.confidence), None)
            if level and len(eligible) > 1:
                st.caption(level.meaning)
            if rec.model_confidence and rec.model_confidence != rec.confidence:
                st.caption(f"The scores alone say {rec.model_confidence}; the scenario panel lowers it (see "
                           "Caveats).")
            ruled = [names[s.framework] for s in rec.ranking if not s.eligible]
            if ruled:
                st.caption("Ruled out: " + ", ".join(ruled))
            render_share_link("Share this recommendation")


def _reason_line(c: Contribution, matrix: Matrix, wizard: Wizard) -> str:
    q = wizard.question(c.question)
    answer = q.option(c.answer).label if q else c.answer
    if c.kind == "bonus":
        return f"**+{c.points}** · {c.why} *(bonus; answer: {answer})*"
    tier = "target steps" if c.tier == "target" else "weight"
    return (f"**+{c.points}** · {_criterion_label(matrix, c.criterion)} {rating_glyphs(c.rating, matrix.scale.max)}"
            f" × {tier} {c.weight} — {c.why} *(answer: {answer})*")


def render_reasons(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    st.subheader("Why: the largest contributions")
    st.caption("Each reason is a matrix criterion your answers weight; the link opens that row of the "
               "Head-to-head matrix with its verdicts and sources.")
    # Only the open tab is drawn (switching tabs reruns the page): three tabs of evidence cost three times the elements.
    tabs = st.tabs([s.name + ("" if s.eligible else " (ruled out)") for s in rec.ranking], key="rec_reason_tab",
                   on_change="rerun")
    for tab, s in zip(tabs, rec.ranking, strict=True):
        if tab.open is False:
            continue
        with tab:
            reasons = s.reasons(wizard.settings.reasons_shown)
            if not reasons:
                st.caption("No positive contributions for these answers.")
            for c in reasons:
                crit = matrix.criterion(c.criterion)
                cell = crit.cells.get(s.framework) if crit else None
                with st.container(border=True):
                    st.markdown(_reason_line(c, matrix, wizard))
                    cols = st.columns([2, 3])
                    cols[0].page_link(MATRIX_PAGE, label=f"Matrix row: {_criterion_label(matrix, c.criterion)}",
                                      query_params=matrix_criterion_params(matrix, c.criterion),
                                      icon=":material/table_chart:")
                    if cell is not None:
                        with cols[1].expander(f"Evidence for {s.name}", expanded=False):
                            st.write(cell.verdict)
                            st.caption(f"As of {cell.as_of.isoformat()}")
                            st.markdown(source_links(cell.sources))
            rest = len([c for c in s.contributions if c.points > 0]) - len(reasons)
            if rest > 0:
                st.caption(f"…and {rest} smaller contribution(s); hover the chart for all of them.")


def render_caveats(caveats: tuple[Caveat, ...], matrix: Matrix) -> None:
    if not caveats:
        return
    st.subheader("Caveats")
    for c in caveats:
        icon = {"ruled-out": ":material/block:", "not-assessed": ":material/help:",
                "panel": ":material/balance:"}.get(c.kind, ":material/info:")
        box = st.warning if c.kind == "ruled-out" else st.info
        box(c.text, icon=icon)
        if c.criterion:
            st.page_link(MATRIX_PAGE, label=f"Evidence: {_criterion_label(matrix, c.criterion)}",
                         query_params=matrix_criterion_params(matrix, c.criterion),
                         icon=":material/table_chart:")


def render_flips(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    names = framework_names(matrix)
    st.subheader("What would change it")
    if not rec.flips:
        st.caption(f"No change of up to {wizard.settings.max_flip_changes} answers changes the recommendation.")
        return
    size = len(rec.flips[0].changes)
    st.caption(f"The smallest change: {size} answer{'s' if size > 1 else ''} "
               f"({len(rec.flips)} way{'s' if len(rec.flips) > 1 else ''}).")
    for flip in rec.flips[: wizard.settings.flips_shown]:
        parts = []
        for ch in flip.changes:
            q = wizard.question(ch.question)
            parts.append(f"**{q.label}** were *{q.option(ch.to_answer).label}* "
                         f"(not *{q.option(ch.from_answer).label}*)")
        target = names.get(flip.recommended, "no framework") if flip.recommended else "no framework"
        st.markdown(f"- If {' and '.join(parts)} → **{target}** ({flip.confidence} confidence)")
    if len(rec.flips) > wizard.settings.flips_shown:
        st.caption(f"…and {len(rec.flips) - wizard.settings.flips_shown} more.")


def answers_table(rec: Recommendation, wizard: Wizard) -> pd.DataFrame:
    rows = []
    for q in wizard.questions:
        value = rec.answers[q.id]
        rows.append({"Question": q.label, "Your answer": q.option(value).label,
                     "For the CLI": f"{q.id}={value}" if value != q.default else "(default)"})
    return pd.DataFrame(rows)


def render_recommendation_page() -> None:
    model = load_model()
    if model is None:
        return
    wizard, matrix = model
    answers = current_answers(wizard)
    panel = load_panel()
    rec = recommendation_for(wizard, matrix, answers, panel)
    st.caption(f"Scored from your answers in the sidebar against the Head-to-head matrix. Wizard model as of "
               f"{wizard.as_of.isoformat()}; change the answers on any page.")
    render_result_card(rec, wizard, matrix)
    render_decision(rec, wizard, matrix)
    render_census_share(rec, census_for(wizard, matrix), matrix)
    render_alternatives(rec, wizard, matrix)
    plotly_chart(score_figure_for(rec, wizard, matrix), width="stretch", key="rec_chart")
    st.caption("Target points (in the bar labels) are compared first: they count rating steps on what your answers "
               "require. The bars are preference points = Σ weight × matrix rating (0–3), plus bonuses; each colour "
               "is one answer's share. Hover a bar for its criteria.")
    render_panel_scenario(rec, panel, wizard, matrix)
    render_reasons(rec, wizard, matrix)
    render_caveats(rec.caveats, matrix)
    render_flips(rec, wizard, matrix)
    st.subheader("Your answers")
    st.dataframe(answers_table(rec, wizard), hide_index=True, width="stretch")
