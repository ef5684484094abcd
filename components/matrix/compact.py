"""The compact head-to-head's words: a rating as glyphs, who leads (the page draws them as HTML:
components/matrix/cards.py)."""

from __future__ import annotations

import pandas as pd

from faceoff.matrix import TIE


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
