"""The wizard in every page's sidebar: URL-bound questions and the compact result with a link to the explanation."""

from __future__ import annotations

import streamlit as st

from components.widgets import choice
from components.wizard.state import current_answers, load_model, load_panel, recommendation_for
from faceoff.matrix import Matrix
from faceoff.wizard import Recommendation, Wizard

RECOMMENDATION_PAGE = "pages/recommendation.py"


def reset_answers(wizard: Wizard) -> None:
    for q in wizard.questions:
        st.session_state[q.key] = q.default


def render_questions(wizard: Wizard) -> dict[str, str]:
    """One bound selectbox per question showing the options' labels; links with option ids keep working."""
    for q in wizard.questions:
        choice(q.label, {o.id: o.label for o in q.options}, key=q.key, default=q.default, help=q.help)
    st.button("Reset answers", icon=":material/restart_alt:", on_click=reset_answers, args=(wizard,),
              key="wizard_reset", width="stretch")
    return current_answers(wizard)


def framework_names(matrix: Matrix) -> dict[str, str]:
    return {fw.id: fw.name for fw in matrix.frameworks}


def headline(rec: Recommendation, matrix: Matrix) -> str:
    if rec.recommended is None:
        return "No framework fits every answer"
    return framework_names(matrix)[rec.recommended]


def render_compact_result(rec: Recommendation, matrix: Matrix) -> None:
    with st.container(border=True, key="wizard_result"):
        st.caption("Recommended for your answers")
        st.markdown(f"**{headline(rec, matrix)}** · {rec.confidence} confidence")
        if rec.alternatives:
            names = framework_names(matrix)
            st.caption("The evidence is split: " + " or ".join(names[f] for f in rec.alternatives) + ".")
        st.page_link(RECOMMENDATION_PAGE, label="Why? Full explanation", icon=":material/recommend:")


def render_wizard_sidebar() -> None:
    """The sidebar block every page shows: compact result on top, then the questions."""
    model = load_model(quiet=True)
    if model is None:
        st.caption("The recommendation wizard is unavailable: its data could not be loaded "
                   "(run `python -m faceoff validate`).")
        return
    wizard, matrix = model
    st.subheader("Which framework for you?")
    result_slot = st.container()
    answers = render_questions(wizard)
    with result_slot:
        render_compact_result(recommendation_for(wizard, matrix, answers, load_panel()), matrix)
