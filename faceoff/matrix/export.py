"""The matrix as plain records: one builder, rendered as JSON (``python -m faceoff matrix --json``) and as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from faceoff.matrix.loader import Matrix
from faceoff.matrix.models import Cell, Criterion
from faceoff.matrix.rubric import co_leaders


def _cell_record(cell: Cell | None, labels: dict[int, str]) -> dict[str, Any] | None:
    if cell is None:
        return None  # not assessed
    return {
        "rating": cell.rating,
        "rating_label": labels.get(cell.rating),
        "summary": cell.summary,
        "verdict": cell.verdict,
        "as_of": cell.as_of.isoformat(),
        "sources": [
            {"url": s.url, "title": s.title, "kind": s.kind, "date": s.date.isoformat() if s.date else None}
            for s in cell.sources
        ],
    }


def criterion_record(matrix: Matrix, criterion: Criterion, frameworks: Iterable[str] | None = None) -> dict[str, Any]:
    """One criterion with its category, leader (co-leaders when tied) and one record per framework."""
    fw_ids = list(frameworks) if frameworks is not None else [fw.id for fw in matrix.frameworks]
    all_ids = [fw.id for fw in matrix.frameworks]
    category = next(c for c in matrix.categories if c.id == matrix.category_of[criterion.id])
    labels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    return {
        "id": criterion.id,
        "name": criterion.name,
        "category": category.id,
        "category_name": category.name,
        "question": criterion.question,
        "leader": criterion.leader,
        # co-leaders are computed over every framework: a tie is a fact about the criterion, not about a view
        "co_leaders": co_leaders(criterion, all_ids) if criterion.leader == "tie" else [],
        "leader_reason": criterion.leader_reason,
        "notes": criterion.notes,
        "cells": {fw: _cell_record(criterion.cells.get(fw), labels) for fw in fw_ids},
    }


def matrix_records(matrix: Matrix, criteria: Iterable[str] | None = None,
                   frameworks: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The records of ``criteria`` (ids, in that order; default all in matrix order) for ``frameworks``."""
    fw_ids = list(frameworks) if frameworks is not None else None
    if criteria is None:
        chosen = list(matrix.criteria)
    else:
        chosen = [c for c in (matrix.criterion(cid) for cid in criteria) if c is not None]
    return [criterion_record(matrix, c, fw_ids) for c in chosen]


def matrix_document(matrix: Matrix, as_of: Any = None) -> dict[str, Any]:
    """Everything a reuser needs in one JSON-ready object: frameworks, scale, rubric, and every criterion."""
    rubric = matrix.rubric.model_dump() if matrix.rubric is not None else None
    return {
        "as_of": as_of.isoformat() if hasattr(as_of, "isoformat") else as_of,
        "frameworks": [{"id": fw.id, "name": fw.name} for fw in matrix.frameworks],
        "scale": [{"value": lvl.value, "label": lvl.label, "meaning": lvl.meaning} for lvl in matrix.scale.levels],
        "rubric": rubric,
        "categories": [{"id": c.id, "name": c.name, "description": c.description} for c in matrix.categories],
        "criteria": matrix_records(matrix),
    }


def csv_columns(frameworks: Iterable[str]) -> list[str]:
    cols = ["criterion_id", "criterion", "category", "question", "leader", "co_leaders", "leader_reason"]
    for fw in frameworks:
        cols += [f"{fw}_rating", f"{fw}_summary", f"{fw}_verdict", f"{fw}_as_of", f"{fw}_sources",
                 f"{fw}_source_kinds"]
    return cols


def flat_rows(records: list[dict[str, Any]], frameworks: Iterable[str]) -> list[dict[str, Any]]:
    """One flat row per record: the CSV rendering (sources and their kinds as parallel space-separated lists)."""
    fw_ids = list(frameworks)
    rows = []
    for rec in records:
        row: dict[str, Any] = {
            "criterion_id": rec["id"],
            "criterion": rec["name"],
            "category": rec["category_name"],
            "question": rec["question"],
            "leader": rec["leader"],
            "co_leaders": " ".join(rec["co_leaders"]),
            "leader_reason": rec["leader_reason"],
        }
        for fw in fw_ids:
            cell = rec["cells"].get(fw)
            sources = cell["sources"] if cell else []
            row.update({
                f"{fw}_rating": cell["rating"] if cell else None,
                f"{fw}_summary": cell["summary"] if cell else None,
                f"{fw}_verdict": cell["verdict"] if cell else None,
                f"{fw}_as_of": cell["as_of"] if cell else None,
                f"{fw}_sources": " ".join(s["url"] for s in sources),
                f"{fw}_source_kinds": " ".join(s["kind"] or "unknown" for s in sources),
            })
        rows.append(row)
    return rows


def records_csv(records: list[dict[str, Any]], frameworks: Iterable[str]) -> bytes:
    """The CSV download of these records (UTF-8, a header row, empty fields for cells not assessed)."""
    fw_ids = list(frameworks)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns(fw_ids), lineterminator="\n")
    writer.writeheader()
    for row in flat_rows(records, fw_ids):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode("utf-8")
