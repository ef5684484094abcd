"""The criterion whose details are open: a URL-bound picker (``m_sel``), set too by a criterion's link in the table
(the same view with ``m_sel`` in its URL), and the dialog that brings those details into view wherever the visitor
has scrolled."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.matrix.details import render_criterion_body
from components.matrix.links import criterion_labels
from components.widgets import choice
from faceoff.matrix import Matrix

NONE = "none"
KEY = "m_sel"


def pick(criterion_id: str | None) -> None:
    """Open (or, with ``None``, close) a criterion's details: a callback, so it runs before the widgets are drawn."""
    st.session_state[KEY] = criterion_id or NONE


def close() -> None:
    pick(None)


def render_picker(matrix: Matrix, container=None) -> str:
    """A criterion's details by name (a criterion's link in the table does the same); returns its id or ``NONE``."""
    draw = (container or st).selectbox
    return choice("Open the details of", {NONE: "No criterion open", **criterion_labels(matrix)}, key=KEY,
                  widget=draw,
                  help="Its verdicts in full, sources, as-of dates and the article claims about it. "
                       "A criterion's name in the table opens it too; the share link keeps it.")


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
