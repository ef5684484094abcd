"""The compact head-to-head's cells as text: one row per criterion, each framework's rating up front, short summaries
after (the page draws them as HTML: components/matrix/cards.py)."""

from __future__ import annotations

import pandas as pd

from faceoff.matrix import TIE, Matrix


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
