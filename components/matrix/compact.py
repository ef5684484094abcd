"""The compact head-to-head: one row per criterion, each framework's rating up front, short summaries after."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.data import shared, stamp
from faceoff.matrix import TIE, Matrix

# Pixel widths (measured in Chromium): the row marker, the criterion and one rating column per framework fit a
# 390 px phone (356 px of table; leads and summaries follow to the right), and every column fits the 818 px of
# table a 1280 px window leaves beside the sidebar. Streamlit stretches the columns when there is more room.
ROW_MARKER = 32  # the selection checkbox column Streamlit adds
CRITERION_WIDTH = 110  # "differentiation" on one line
RATING_WIDTH = {"short": 50, "medium": 70, "long": 84}  # fits the header: JAX, PyTorch, TensorFlow
LEADS_WIDTH = 90  # "TensorFlow" on one line
TABLE_WIDTH = 814  # what the columns may add up to at 1280 px (a little under 818, for rounding)
SUMMARY_MIN = 120
ROW_HEIGHT = 96  # over 4rem, so Streamlit wraps cell text: five short lines, room for a 60-character summary


def glyphs(rating: int | None, maximum: int = 3) -> str:
    """``●●○`` for 2 of 3; an en dash when the cell is not assessed."""
    if rating is None or pd.isna(rating):
        return "–"
    rating = int(rating)
    return "●" * rating + "○" * (maximum - rating)


def leads_text(leader: str, co_leaders: list[str], names: dict[str, str]) -> str:
    """``PyTorch``, or ``Tie: PyTorch, JAX`` (co-leaders computed from the ratings), or ``Tie: all three`` when
    every framework shares the top rating."""
    if leader != TIE:
        return names.get(leader, leader)
    if not co_leaders:
        return "Tie"
    if len(co_leaders) == len(names) and len(names) > 2:
        return "Tie: all three" if len(names) == 3 else f"Tie: all {len(names)}"
    return "Tie: " + ", ".join(names.get(fw, fw) for fw in co_leaders)


def _rating_width(name: str) -> int:
    return RATING_WIDTH["short" if len(name) <= 4 else "medium" if len(name) <= 7 else "long"]


def compact_frame(filtered: pd.DataFrame, matrix: Matrix, frameworks: list[str]) -> pd.DataFrame:
    """The compact table's cells as plain text (glyphs and summaries), one row per criterion of ``filtered``."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    view = pd.DataFrame({"Criterion": filtered["criterion"].tolist()})
    for fw in frameworks:
        view[names[fw]] = [glyphs(r, matrix.scale.max) for r in filtered[f"{fw}_rating"]]
    view["Leads"] = [leads_text(lead, co, names)
                     for lead, co in zip(filtered["leader"], filtered["co_leaders"], strict=True)]
    for fw in frameworks:
        # the full verdict stands in for a missing summary (older data); the details below show it whole anyway
        view[f"{names[fw]}, in short"] = [
            (s if isinstance(s, str) and s else v if isinstance(v, str) else "not assessed")
            for s, v in zip(filtered[f"{fw}_summary"], filtered[f"{fw}_verdict"], strict=True)
        ]
    return view


def render_compact_table(filtered: pd.DataFrame, matrix: Matrix, frameworks: list[str],
                         on_pick: Callable[[str | None], None] | None = None, key: str = "m_table") -> str | None:
    """Draw the compact table; returns the criterion id of the row the visitor selected (if any). ``on_pick`` is
    called (before the rerun) with the id of a newly selected row, or ``None`` when the row is deselected."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    view = shared(("matrix-compact", stamp("matrix"), tuple(filtered["criterion_id"]), tuple(frameworks)),
                  lambda: compact_frame(filtered, matrix, frameworks))
    levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    scale_help = ", ".join(f"{glyphs(v, matrix.scale.max)} {label}" for v, label in sorted(levels.items(),
                                                                                          reverse=True))
    config = {"Criterion": st.column_config.TextColumn("Criterion", width=CRITERION_WIDTH, pinned=True)}
    for fw in frameworks:
        config[names[fw]] = st.column_config.TextColumn(names[fw], width=_rating_width(names[fw]),
                                                        help=f"{names[fw]}'s rating: {scale_help}")
    config["Leads"] = st.column_config.TextColumn("Leads", width=LEADS_WIDTH,
                                                  help="The framework with the unique highest rating, or a tie")
    used = ROW_MARKER + CRITERION_WIDTH + LEADS_WIDTH + sum(_rating_width(names[fw]) for fw in frameworks)
    summary_width = max(SUMMARY_MIN, (TABLE_WIDTH - used) // max(len(frameworks), 1))
    for fw in frameworks:
        col = f"{names[fw]}, in short"
        config[col] = st.column_config.TextColumn(col, width=summary_width, help="Select the row for the full verdict")
    ids = list(filtered["criterion_id"])

    def picked() -> None:
        state = st.session_state.get(key) or {}
        rows = list((state.get("selection") or {}).get("rows") or [])
        if on_pick is not None:
            on_pick(ids[rows[0]] if rows and 0 <= rows[0] < len(ids) else None)

    event = st.dataframe(view, hide_index=True, column_config=config, width="stretch", row_height=ROW_HEIGHT,
                         height=min(38 + ROW_HEIGHT * len(view), 38 + ROW_HEIGHT * 8), key=key,
                         on_select=picked, selection_mode="single-row")
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    if rows and 0 <= rows[0] < len(ids):
        return ids[rows[0]]
    return None
