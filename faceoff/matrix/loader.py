"""Loads the head-to-head matrix (``data/matrix/``: one YAML file per category plus ``scale.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from faceoff import clock
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model, reuse
from faceoff.matrix.frameworks import load_frameworks
from faceoff.matrix.models import Category, CategoryFile, Criterion, Framework, Rubric, Scale, ScaleFile
from faceoff.matrix.rubric import TIE, criterion_problems

SCALE_FILE = "scale.yaml"


@dataclass(frozen=True)
class Matrix:
    """The whole head-to-head matrix: categories in order, criteria in category order."""

    scale: Scale
    categories: list[Category]
    criteria: list[Criterion]
    category_of: dict[str, str]
    frameworks: list[Framework]
    rubric: Rubric | None = None

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


def all_sources(criteria: list[Criterion]) -> set[str]:
    return {s.url for c in criteria for cell in c.cells.values() for s in cell.sources}


_MATRIX_MEMO: dict[str, tuple[tuple, Loaded[Matrix]]] = {}
_MATRIX_MEMO_SIZE = 8


def _matrix_inputs(path: Path) -> tuple:
    """Everything ``load_matrix`` reads (file names and bytes) and today's date (dates may not be in the future)."""
    files = [*sorted(path.glob("*.yaml")), path.parent / "frameworks.yaml"]
    return (clock.today(), *((f.name, f.read_bytes()) for f in files))


def load_matrix(path: Path) -> Loaded[Matrix]:
    """Load ``data/matrix/`` (one YAML file per category plus ``scale.yaml``) and cross-check its ids.

    The claims and wizard loaders check their references against the matrix too, so the result is kept per
    folder and reused while the files' contents (and today's date) are unchanged: one parse serves all three.
    """
    path = Path(path)
    try:
        key = _matrix_inputs(path) if path.is_dir() else None
    except OSError:
        key = None
    hit = _MATRIX_MEMO.get(str(path))
    if key is not None and hit is not None and hit[0] == key:
        return hit[1]
    loaded = _parse_matrix(path)
    if key is not None:
        _MATRIX_MEMO.pop(str(path), None)
        while len(_MATRIX_MEMO) >= _MATRIX_MEMO_SIZE:
            _MATRIX_MEMO.pop(next(iter(_MATRIX_MEMO)))
        _MATRIX_MEMO[str(path)] = (key, loaded)
    return loaded


def _parse_matrix(path: Path) -> Loaded[Matrix]:
    name = display_path(path)
    if not path.is_dir():
        raise DataFileError(path, [Problem(name, "matrix folder is missing")])
    scale_file = parse_model(path / SCALE_FILE, ScaleFile)
    scale = scale_file.scale
    frameworks = reuse(load_frameworks, path.parent / "frameworks.yaml").value.frameworks
    fw_ids = [fw.id for fw in frameworks]
    files = sorted(p for p in path.glob("*.yaml") if p.name != SCALE_FILE)
    if not files:
        raise DataFileError(path, [Problem(name, "no category files (*.yaml) in the matrix folder")])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    parsed: list[tuple[Path, CategoryFile]] = []
    for file in files:
        try:
            parsed.append((file, parse_model(file, CategoryFile)))
        except DataFileError as exc:
            errors.extend(exc.problems)
    category_ids = [cf.category.id for _, cf in parsed]
    for dup in duplicates(category_ids):
        where = ", ".join(display_path(f) for f, cf in parsed if cf.category.id == dup)
        errors.append(Problem(name, f"duplicate category id {dup!r} (in {where})"))
    criterion_ids = [c.id for _, cf in parsed for c in cf.criteria]
    for dup in duplicates(criterion_ids):
        where = ", ".join(dict.fromkeys(display_path(f) for f, cf in parsed for c in cf.criteria if c.id == dup))
        errors.append(Problem(name, f"duplicate criterion id {dup!r} (in {where})", row=dup))
    for file, cf in parsed:
        fname = display_path(file)
        for c in cf.criteria:
            if c.leader not in fw_ids and c.leader != TIE:
                errors.append(
                    Problem(fname, f"leader {c.leader!r} is not a framework id or 'tie'", row=c.id, field="leader")
                )
            for fw in c.cells:
                if fw not in fw_ids:
                    errors.append(Problem(fname, f"unknown framework id {fw!r}", row=c.id, field=f"cells.{fw}"))
            for fw in fw_ids:
                if fw not in c.cells:
                    warnings.append(
                        Problem(fname, f"no cell for framework {fw!r} (shown as not assessed)", row=c.id,
                                field=f"cells.{fw}", severity="warning")
                    )
            for fw, cell in c.cells.items():
                if not scale.min <= cell.rating <= scale.max:
                    errors.append(Problem(fname, f"rating {cell.rating} outside {scale.min}..{scale.max}", row=c.id,
                                          field=f"cells.{fw}.rating"))
            # The rubric is the contract for every cell: leader rule, caveat cap, summaries, source kinds and hosts.
            errors.extend(criterion_problems(fname, c, scale_file.rubric, fw_ids, scale))
    if errors:
        raise DataFileError(path, errors)
    parsed.sort(key=lambda item: (item[1].category.order, item[1].category.id))
    categories = [cf.category for _, cf in parsed]
    criteria = [c for _, cf in parsed for c in cf.criteria]
    category_of = {c.id: cf.category.id for _, cf in parsed for c in cf.criteria}
    cells = [cell for c in criteria for cell in c.cells.values()]
    matrix = Matrix(scale, categories, criteria, category_of, frameworks, scale_file.rubric)
    return Loaded(
        matrix,
        rows=len(criteria),
        sources=len(all_sources(criteria)),
        as_of=max(cell.as_of for cell in cells),
        problems=warnings,
        detail={
            "categories": len(categories),
            "criteria": len(criteria),
            "frameworks": len(fw_ids),
            "cells": len(cells),
            "cells_sourced": sum(1 for cell in cells if cell.sources),
            "cells_expected": len(criteria) * len(fw_ids),
        },
    )
