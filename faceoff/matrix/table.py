"""Head-to-head matrix as a table, and the pure filters and sorts the Head-to-head page applies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from faceoff.matrix.headlines import leader_counts
from faceoff.matrix.loader import TIE, Matrix
from faceoff.matrix.rubric import co_leaders
from faceoff.matrix.search import row_match

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
            row[f"{fw.id}_source_titles"] = " · ".join(s.title for s in cell.sources) if cell else ""
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
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Apply the page's filters; ``categories`` empty means all. Returns a copy with a ``spread`` column.

    A search keeps the rows where a word starts with the term (literally, any case) in a field the page shows; it adds
    why each matched (``match_rank``, ``match_field`` in words using ``names`` for framework ids, and the snippet as
    ``match_before``/``match_hit``/``match_after``); rows are then ranked by the field that matched (name first),
    the chosen sort ordering rows of equal rank.
    """
    result = table.copy()
    result["spread"] = rating_spread(result, frameworks)
    cats = list(categories)
    if cats:
        result = result[result["category_id"].isin(cats)]
    needle = query.strip()
    if needle:
        found = [row_match(row, frameworks, names or {}, needle) for row in result.to_dict("records")]
        result = result.assign(
            match_rank=[m.rank if m else -1 for m in found],
            match_field=[m.field if m else "" for m in found],
            match_before=[m.before if m else "" for m in found],
            match_hit=[m.hit if m else "" for m in found],
            match_after=[m.after if m else "" for m in found],
        )
        result = result[result["match_rank"] >= 0]
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
    if needle:
        result = result.sort_values("match_rank", kind="stable")  # the chosen order stays within each rank
    return result


def category_leaders(matrix: Matrix) -> pd.DataFrame:
    """Per category: how many criteria each framework leads, and ties (the Overview's headline)."""
    return pd.DataFrame(leader_counts(matrix))
