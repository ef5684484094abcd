"""The wizard's inputs for any component: its model and matrix, the current answers, the cached recommendation."""

from __future__ import annotations

import streamlit as st

from components.data import load
from faceoff.matrix import Matrix
from faceoff.registry import fingerprint
from faceoff.wizard import Recommendation, Wizard, parse_answers, recommend


def load_model(quiet: bool = False) -> tuple[Wizard, Matrix] | None:
    """The wizard model and the matrix it scores against, or ``None`` after an error panel (unless ``quiet``)."""
    wizard = load("wizard", quiet=quiet)
    matrix = load("matrix", quiet=quiet)
    if wizard is None or matrix is None:
        return None
    return wizard.value, matrix.value


@st.cache_data(show_spinner=False, max_entries=256)
def _recommend_cached(answers: tuple[tuple[str, str], ...], stamp: tuple, _wizard: Wizard, _matrix: Matrix
                      ) -> Recommendation:
    # ``stamp`` (the data files' mtimes) keys the cache; the models themselves are not hashed.
    return recommend(_wizard, _matrix, dict(answers))


def recommendation_for(wizard: Wizard, matrix: Matrix, answers: dict[str, str]) -> Recommendation:
    stamp = (fingerprint("wizard"), fingerprint("matrix"))
    return _recommend_cached(tuple(sorted(answers.items())), stamp, wizard, matrix)


def current_answers(wizard: Wizard) -> dict[str, str]:
    """The sidebar's answers; anything missing or invalid falls back to the question's default.

    The widgets' state comes first; the URL is the fallback for a run in which the sidebar was not drawn.
    """
    raw = {q.key: st.session_state.get(q.key, st.query_params.get(q.key)) for q in wizard.questions}
    return parse_answers(wizard, {k: v for k, v in raw.items() if isinstance(v, str)}, strict=False)
