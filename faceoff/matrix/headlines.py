"""Per category, how many criteria each framework leads: plain rows, so the first page needs no pandas."""

from __future__ import annotations

from faceoff.matrix.loader import TIE, Matrix


def leader_counts(matrix: Matrix) -> list[dict]:
    """One row per category: its id, name, number of criteria, and the count each framework (and ``tie``) leads."""
    counts = []
    fw_ids = [fw.id for fw in matrix.frameworks]
    for cat in matrix.categories:
        crits = [c for c in matrix.criteria if matrix.category_of[c.id] == cat.id]
        row = {"category_id": cat.id, "category": cat.name, "criteria": len(crits)}
        for key in [*fw_ids, TIE]:
            row[key] = sum(1 for c in crits if c.leader == key)
        counts.append(row)
    return counts
