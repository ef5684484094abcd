"""Head-to-head matrix as a table, and the pure filters and sorts the Head-to-head page applies."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from faceoff.matrix.headlines import leader_counts
from faceoff.matrix.loader import TIE, Matrix
from faceoff.matrix.rubric import co_leaders

SORTS: dict[str, str] = {
    "category": "Category order",
    "name": "Criterion name (A–Z)",
    "leader": "Leader",
    "spread": "Largest rating gap first",
}
ANY = "any"


def matrix_table(matrix: Matrix) -> pd.DataFrame:
    """One row per criterion, with each framework's rating, summary, verdict, sources and as-of date as columns."""
    fw_ids = [fw.id for fw in matrix.frameworks]
    category_names = {c.id: c.name for c in matrix.categories}
    category_order = {c.id: c.order for c in matrix.categories}
    rows = []
    for position, crit in enumerate(matrix.criteria):
        cat = matrix.category_of[crit.id]
        row = {
            "criterion_id": crit.id,
            "criterion": crit.name,
            "question": crit.question,
            "category_id": cat,
            "category": category_names[cat],
            "category_order": category_order[cat],
            "position": position,
            "leader": crit.leader,
            "co_leaders": co_leaders(crit, fw_ids) if crit.leader == TIE else [],
            "leader_reason": crit.leader_reason,
        }
        for fw in matrix.frameworks:
            cell = crit.cells.get(fw.id)
            row[f"{fw.id}_rating"] = cell.rating if cell else None
            row[f"{fw.id}_summary"] = cell.summary if cell else None
            row[f"{fw.id}_verdict"] = cell.verdict if cell else None
            row[f"{fw.id}_as_of"] = cell.as_of.isoformat() if cell else None
            row[f"{fw.id}_sources"] = " ".join(s.url for s in cell.sources) if cell else ""
        rows.append(row)
    table = pd.DataFrame(rows)
    for fw in matrix.frameworks:
        table[f"{fw.id}_rating"] = table[f"{fw.id}_rating"].astype("Int64")
    return table


def rating_spread(table: pd.DataFrame, frameworks: Iterable[str]) -> pd.Series:
    """Highest minus lowest rating among ``frameworks`` (missing cells ignored; 0 when fewer than two rated)."""
    cols = [f"{fw}_rating" for fw in frameworks]
    if not cols:
        return pd.Series(0, index=table.index, dtype="int64")
    ratings = table[cols].astype("float64")
    spread = ratings.max(axis=1) - ratings.min(axis=1)
    return spread.fillna(0).astype("int64")


def filter_matrix(
    table: pd.DataFrame,
    frameworks: list[str],
    categories: Iterable[str] = (),
    query: str = "",
    only_differ: bool = False,
    leader: str = ANY,
    sort: str = "category",
) -> pd.DataFrame:
    """Apply the page's filters; ``categories`` empty means all. Returns a copy with a ``spread`` column."""
    result = table.copy()
    result["spread"] = rating_spread(result, frameworks)
    cats = list(categories)
    if cats:
        result = result[result["category_id"].isin(cats)]
    needle = query.strip().casefold()
    if needle:
        text_cols = ["criterion_id", "criterion", "question", "category", "leader_reason"]
        text_cols += [f"{fw}_{part}" for fw in frameworks for part in ("summary", "verdict")]
        haystack = result[text_cols].fillna("").astype(str).agg(" ".join, axis=1).str.casefold()
        result = result[haystack.str.contains(needle, regex=False)]
    if only_differ:
        result = result[result["spread"] > 0]
    if leader != ANY:
        result = result[result["leader"] == leader]
    if sort == "name":
        result = result.sort_values("criterion", key=lambda s: s.str.casefold(), kind="stable")
    elif sort == "leader":
        result = result.sort_values(["leader", "category_order", "position"], kind="stable")
    elif sort == "spread":
        result = result.sort_values(["spread", "category_order", "position"], ascending=[False, True, True],
                                    kind="stable")
    else:
        result = result.sort_values(["category_order", "position"], kind="stable")
    return result


def category_leaders(matrix: Matrix) -> pd.DataFrame:
    """Per category: how many criteria each framework leads, and ties (the Overview's headline)."""
    return pd.DataFrame(leader_counts(matrix))
