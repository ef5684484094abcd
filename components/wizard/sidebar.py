"""The wizard on every page: URL-bound questions in the sidebar (in the main area on the Recommendation page), the
compact result with a link to the explanation, and a visible entry at the top of each page on narrow screens."""

from __future__ import annotations

import streamlit as st

from components.widgets import choice
from components.wizard.state import current_answers, load_model, load_panel, recommendation_for
from faceoff.matrix import Matrix
from faceoff.wizard import Recommendation, Wizard, advise

RECOMMENDATION_PAGE = "pages/recommendation.py"
RECOMMENDATION_PATH = "recommendation"
# Streamlit collapses the sidebar below this width; the entry shows there (and only there)
NARROW = "@media (max-width: 768px)"
ENTRY_CSS = (f"<style>.st-key-wizard_entry {{display: none;}} {NARROW} {{.st-key-wizard_entry {{display: block;}}}}"
             "</style>")


def reset_answers(wizard: Wizard) -> None:
    for q in wizard.questions:
        st.session_state[q.key] = q.default


def _prepare_aliases(wizard: Wizard) -> None:
    """Links made before an option was renamed carry its former label: select the option it names."""
    for q in wizard.questions:
        value = st.query_params.get(q.key)
        if q.key in st.session_state or value is None:
            continue
        option = next((o for o in q.options if value in o.aliases), None)
        if option is not None:
            st.session_state[q.key] = option.id


def render_questions(wizard: Wizard, columns: int = 1) -> dict[str, str]:
    """One bound selectbox per question showing the options' labels; links with option ids (or former labels) keep
    working. Every question starts unanswered ("Not sure", "No preference")."""
    _prepare_aliases(wizard)
    cols = st.columns(columns) if columns > 1 else [st.container()]
    per_column = -(-len(wizard.questions) // len(cols))  # in order down each column (phones stack the columns)
    for i, q in enumerate(wizard.questions):
        with cols[i // per_column]:
            choice(q.label, {o.id: o.label for o in q.options}, key=q.key, default=q.default, help=q.help)
    st.button("Clear answers", icon=":material/restart_alt:", on_click=reset_answers, args=(wizard,),
              key="wizard_reset", width="content" if columns > 1 else "stretch")
    return current_answers(wizard)


def framework_names(matrix: Matrix) -> dict[str, str]:
    return {fw.id: fw.name for fw in matrix.frameworks}


def headline(rec: Recommendation, matrix: Matrix) -> str:
    if not rec.given:
        return "No answers yet"
    if rec.recommended is None:
        return "No framework fits every answer"
    return framework_names(matrix)[rec.recommended]


def render_compact_result(rec: Recommendation, wizard: Wizard, matrix: Matrix, questions_here: bool) -> None:
    with st.container(border=True, key="wizard_result"):
        if not rec.given:
            st.markdown("**No answers yet.** " + ("Answer any question below" if questions_here else
                        "Answer any question on this page") + " and Faceoff recommends a framework from what you "
                        "tell it, and only from that.")
        else:
            st.caption(f"From your {len(rec.given)} answer{'s' if len(rec.given) > 1 else ''} "
                       f"({len(rec.unanswered)} not answered)")
            word = f" · {rec.confidence} confidence" if rec.recommended else ""
            st.markdown(f"**{headline(rec, matrix)}**{word}")
            st.caption(advise(rec, wizard, matrix).decided)
            if rec.alternatives:
                names = framework_names(matrix)
                st.caption("The evidence is split: " + " or ".join(names[f] for f in rec.alternatives) + ".")
        if questions_here:
            st.page_link(RECOMMENDATION_PAGE, label="Why? Full explanation", icon=":material/recommend:")


def render_wizard_sidebar(questions_here: bool = True) -> None:
    """The sidebar block every page shows: compact result on top, then the questions (``questions_here`` False on
    the Recommendation page, which draws them in its main area)."""
    model = load_model(quiet=True)
    if model is None:
        st.caption("The recommendation wizard is unavailable: its data could not be loaded "
                   "(run `python -m faceoff validate`).")
        return
    wizard, matrix = model
    st.subheader("Which framework for you?")
    result_slot = st.container()
    answers = render_folded_questions(wizard) if questions_here else current_answers(wizard)
    with result_slot:
        render_compact_result(recommendation_for(wizard, matrix, answers, load_panel()), wizard, matrix,
                              questions_here)


def render_folded_questions(wizard: Wizard) -> dict[str, str]:
    """The questions in a sidebar expander whose body is sent only once it is open (issue #22): a select box is the
    costliest part of a first screen (its code is a chunk of its own, ~0.3 s in a fresh browser), and a visitor who
    has not answered anything sees the invitation and one click to the questions. A link that carries answers opens
    it; once anything is answered the questions are drawn even while it is folded, so folding it loses nothing."""
    answers = current_answers(wizard)
    answered = any(answers[q.id] != q.default for q in wizard.questions)
    # the expander's identity includes `expanded`: fix it for the session, from the address it was opened with
    opened_with_answers = st.session_state.setdefault("wizard_opened_with_answers", answered)
    box = st.expander(f"Answer {len(wizard.questions)} questions", expanded=opened_with_answers,
                      key="wizard_questions", on_change="rerun", icon=":material/quiz:", type="compact")
    if not (box.open or answered):
        return answers
    with box:
        return render_questions(wizard)


def render_wizard_entry() -> None:
    """At the top of every page on a narrow screen (where the sidebar is folded away): a visible way to the
    questions, which the Recommendation page shows in its main area."""
    st.html(ENTRY_CSS)
    with st.container(key="wizard_entry"):
        st.page_link(RECOMMENDATION_PAGE, label="Which framework for you? Answer a few questions",
                     icon=":material/recommend:", query_params=_wizard_params())


def _wizard_params() -> dict[str, str]:
    """The given answers as the URL carries them (labels), so the link keeps them."""
    model = load_model(quiet=True)
    if model is None:
        return {}
    wizard = model[0]
    answers = current_answers(wizard)
    return {q.key: q.option(answers[q.id]).label for q in wizard.questions if answers[q.id] != q.default}
