"""Human labels of the matrix's ids, and the query parameters of links into the Head-to-head and Claims pages.

Kept apart from the filters (and free of pandas): the Overview, the wizard and the claims draw such links too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from faceoff.matrix import Matrix


def unique_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """``labels`` with any repeated label told apart by its id: a URL carries the label, so each must be unique."""
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    return {key: label if seen[label] == 1 else f"{label} ({key})" for key, label in labels.items()}


def framework_labels(matrix: Matrix) -> dict[str, str]:
    return unique_labels({fw.id: fw.name for fw in matrix.frameworks})


def criterion_labels(matrix: Matrix, ids: Iterable[str] | None = None) -> dict[str, str]:
    wanted = None if ids is None else set(ids)
    return unique_labels({c.id: c.name for c in matrix.criteria if wanted is None or c.id in wanted})


def category_labels(matrix: Matrix) -> dict[str, str]:
    return unique_labels({c.id: c.name for c in matrix.categories})


# Links from other pages carry the label a widget shows (the form Streamlit keeps in the URL bar); links made with
# ids still work, but Streamlit drops an id from the address bar until the visitor's next change.
def matrix_criterion_params(matrix: Matrix, criterion_id: str) -> dict[str, str]:
    """``query_params`` of a link to one criterion of the Head-to-head page."""
    return {"m_crit": criterion_labels(matrix).get(criterion_id, criterion_id)}


def matrix_category_params(matrix: Matrix, category_id: str) -> dict[str, str]:
    """``query_params`` of a link to one category of the Head-to-head page."""
    return {"m_cat": category_labels(matrix).get(category_id, category_id)}


def claims_criterion_params(matrix: Matrix, criterion_id: str) -> dict[str, str]:
    """``query_params`` of a link to the claims about one criterion (the Claims check labels criteria alike)."""
    return {"c_crit": criterion_labels(matrix).get(criterion_id, criterion_id)}
