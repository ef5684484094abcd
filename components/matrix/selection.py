"""The criterion whose details are open: a URL-bound picker (``m_sel``), set too by selecting a table row, and the
dialog that brings those details into view wherever the visitor has scrolled."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.matrix.details import render_criterion_body
from components.matrix.links import criterion_labels
from components.widgets import choice
from faceoff.matrix import Matrix

NONE = "none"
KEY = "m_sel"


GENERATION = "m_table_generation"  # session only: a new table key drops a stale row highlight


def pick(criterion_id: str | None) -> None:
    """Open (or, with ``None``, close) a criterion's details: a callback, so it runs before the widgets are drawn."""
    st.session_state[KEY] = criterion_id or NONE


def clear_row() -> None:
    """Forget the table's selected row (Streamlit cannot set a table's selection, so the table gets a new key)."""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def close() -> None:
    pick(None)
    clear_row()


def table_key() -> str:
    return f"m_table_{st.session_state.get(GENERATION, 0)}"


def render_picker(matrix: Matrix, container=None) -> str:
    """The keyboard way to open a criterion's details (a table row does the same); returns its id or ``NONE``."""
    draw = (container or st).selectbox
    return choice("Open the details of", {NONE: "No criterion open", **criterion_labels(matrix)}, key=KEY,
                  widget=draw, on_change=clear_row,
                  help="Its verdicts in full, sources, as-of dates and the article claims about it. "
                       "Selecting a row of the table opens it too; the share link keeps it.")


def open_details(criterion_id: str, table: pd.DataFrame, matrix: Matrix, frameworks: list[str],
                 claims_by_criterion: dict[str, list]) -> None:
    """The criterion's details in a dialog: in view at once, above the table, on any screen; closing it clears the
    choice (and the URL's ``m_sel``)."""
    crit = matrix.criterion(criterion_id)
    if crit is None:
        return
    row = table.set_index("criterion_id").loc[criterion_id]
    if not isinstance(row, pd.Series):  # criterion ids are unique (validated), so this is one row
        return

    def details() -> None:
        render_criterion_body(crit, row, matrix, frameworks, claims_by_criterion.get(crit.id, []))

    st.dialog(crit.name, width="large", on_dismiss=close)(details)()
