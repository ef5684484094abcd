"""The Recommendation page's evidence: what decided it, split alternatives, the closest panel scenario, census."""

from __future__ import annotations

import streamlit as st

from components.format import rating_glyphs, source_links
from components.wizard.sidebar import framework_names
from faceoff.matrix import Matrix
from faceoff.wizard import AnswerRef, Census, Panel, Recommendation, Wizard, advise


def answer_words(refs: tuple[AnswerRef, ...], wizard: Wizard) -> str:
    """'**Question**: *Answer*' for each answer, in plain words."""
    parts = []
    for ref in refs:
        q = wizard.question(ref.question)
        parts.append(f"**{q.label}**: *{q.option(ref.answer).label}*" if q else ref.question)
    return "; ".join(parts)


def render_decision(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    """Which of the visitor's answers decided the recommendation, which narrowed the field, which are unanswered."""
    advice = advise(rec, wizard, matrix)
    with st.container(border=True, key="rec_decided"):
        st.markdown(advice.decided)
        if advice.narrowed:
            st.caption(advice.narrowed)
        if advice.unanswered:
            st.caption(advice.unanswered)


def render_alternatives(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    """A split in the evidence: the frameworks the panel accepts, side by side with their scores and top reasons."""
    if not rec.alternatives:
        return
    st.subheader("The evidence is split")
    st.caption("The scenario panel finds more than one framework defensible for situations like yours; the "
               "wizard's ranking is one view, not a verdict.")
    cols = st.columns(len(rec.alternatives))
    for col, fw in zip(cols, rec.alternatives, strict=True):
        s = rec.score_of(fw)
        with col.container(border=True):
            st.markdown(f"**{s.name}**" + (" · recommended" if fw == rec.recommended else ""))
            if not s.eligible:
                st.caption("ruled out")
            for c in s.reasons(3):
                crit = matrix.criterion(c.criterion)
                st.markdown(f"- {crit.name if crit else c.criterion} "
                            + (rating_glyphs(c.rating, matrix.scale.max) if c.kind == "weight" else
                               "(your team's experience)"))


def render_panel_scenario(rec: Recommendation, panel: Panel | None, wizard: Wizard, matrix: Matrix) -> None:
    """The panel scenario closest to the answers: what the evidence says for it, why, and its sources."""
    st.subheader("The closest situation in our scenario panel")
    if panel is None:
        st.caption("The scenario panel (data/wizard_scenarios.yaml) could not be loaded; run "
                   "`python -m faceoff validate`.")
        return
    scenario = panel.scenario(rec.closest) if rec.closest else None
    if scenario is None:
        st.caption("No scenario in the panel is close to these answers.")
        return
    names = framework_names(matrix)
    same = panel.shared(scenario, rec.answers)
    with st.container(border=True, key="rec_scenario"):
        st.markdown(f"**{scenario.title}**")
        fixed = [f"{wizard.question(q).short}: {wizard.question(q).option(a).label}"
                 for q, a in scenario.answers.items()]
        st.caption(f"Its answers: {' · '.join(fixed)} · you answered {same} of these {len(scenario.answers)} "
                   "the same way")
        verdict = " or ".join(names.get(f, f) for f in scenario.expected)
        st.markdown(f"The evidence supports **{verdict}** ({' or '.join(scenario.confidence)} confidence).")
        st.write(scenario.rationale)
        if scenario.article:
            says = " or ".join(names.get(f, f) for f in scenario.article.says)
            st.caption(f"The seed articles said: {scenario.article.advice} ({says}).")
        st.markdown(source_links(scenario.sources))


def render_census_share(rec: Recommendation, census: Census | None, matrix: Matrix) -> None:
    """How often Faceoff recommends this framework over all possible answers."""
    if census is None or rec.recommended is None:
        return
    name = framework_names(matrix)[rec.recommended]
    st.caption(f"For {100 * census.share(rec.recommended):.1f} % of the {census.combinations:,} possible "
               f"combinations of answers Faceoff recommends {name}.")
