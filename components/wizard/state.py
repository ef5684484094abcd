"""The wizard's inputs for any component: its model, matrix and scenario panel, the answers, cached results."""

from __future__ import annotations

import streamlit as st

from components.data import load, stamp
from faceoff.matrix import Matrix
from faceoff.wizard import (
    Census,
    Panel,
    Recommendation,
    Wizard,
    make_census,
    make_score_figure,
    parse_answers,
    recommend,
)


def load_model(quiet: bool = False) -> tuple[Wizard, Matrix] | None:
    """The wizard model and the matrix it scores against, or ``None`` after an error panel (unless ``quiet``)."""
    wizard = load("wizard", quiet=quiet)
    matrix = load("matrix", quiet=quiet)
    if wizard is None or matrix is None:
        return None
    return wizard.value, matrix.value


def load_panel(quiet: bool = True) -> Panel | None:
    """The scenario panel, or ``None`` (the wizard then works without its confidence check)."""
    panel = load("wizard-scenarios", quiet=quiet)
    return panel.value if panel else None


def _stamp(*dataset_ids: str) -> tuple:
    stamps = []
    for dataset_id in dataset_ids:
        try:
            stamps.append(stamp(dataset_id)[0])
        except KeyError:
            stamps.append(None)
    return tuple(stamps)


# Shared by every session (one object, no copy per rerun): a recommendation is a frozen value of its answers and data.
@st.cache_resource(show_spinner=False, max_entries=512)
def _recommend_cached(answers: tuple[tuple[str, str], ...], data_stamp: tuple, _wizard: Wizard, _matrix: Matrix,
                      _panel: Panel | None) -> Recommendation:
    # ``data_stamp`` (digests of the data files' mtimes) keys the cache; the models themselves are not hashed.
    return recommend(_wizard, _matrix, dict(answers), panel=_panel)


def recommendation_for(wizard: Wizard, matrix: Matrix, answers: dict[str, str], panel: Panel | None = None
                       ) -> Recommendation:
    data_stamp = (*_stamp("wizard", "matrix", "wizard-scenarios"), panel is not None)
    return _recommend_cached(tuple(sorted(answers.items())), data_stamp, wizard, matrix, panel)


@st.cache_resource(show_spinner=False, max_entries=256)
def _score_figure_cached(answers: tuple[tuple[str, str], ...], data_stamp: tuple, _rec: Recommendation,
                         _wizard: Wizard, _matrix: Matrix):
    return make_score_figure(_rec, _wizard, _matrix)


def score_figure_for(rec: Recommendation, wizard: Wizard, matrix: Matrix):
    """The score chart of a recommendation, built once per answers and data version (never modified after)."""
    data_stamp = _stamp("wizard", "matrix", "wizard-scenarios")
    return _score_figure_cached(tuple(sorted(rec.answers.items())), data_stamp, rec, wizard, matrix)


@st.cache_resource(show_spinner=False, max_entries=4)
def _census_cached(data_stamp: tuple, _wizard: Wizard, _matrix: Matrix) -> Census:
    return make_census(_wizard, _matrix)


def census_for(wizard: Wizard, matrix: Matrix) -> Census:
    """The census over all answer combinations, computed once per version of the data (not per rerun)."""
    return _census_cached(_stamp("wizard", "matrix"), wizard, matrix)


def current_answers(wizard: Wizard) -> dict[str, str]:
    """The sidebar's answers; anything missing or invalid falls back to the question's default.

    The widgets' state comes first; the URL (labels today, ids in older links) is the fallback for a run in which
    the sidebar was not drawn.
    """
    raw = {q.key: st.session_state.get(q.key, st.query_params.get(q.key)) for q in wizard.questions}
    return parse_answers(wizard, {k: v for k, v in raw.items() if isinstance(v, str)}, strict=False)
