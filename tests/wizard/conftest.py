"""Wizard test fixtures: a tiny hand-computable data set, and a builder of synthetic matrices for property tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from faceoff.errors import DataFileError
from faceoff.matrix.loader import Matrix, load_matrix
from faceoff.matrix.models import Category, Cell, Criterion, Framework, Scale, ScaleLevel
from faceoff.wizard.model import Wizard, load_wizard

HERE = Path(__file__).resolve().parent
WIZARD_FIXTURE = HERE / "data"
FRAMEWORK_IDS = ("pytorch", "tensorflow", "jax")


@pytest.fixture
def wizard_data(tmp_path, monkeypatch) -> Path:
    """A writable copy of the tiny wizard data set, selected through FACEOFF_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(WIZARD_FIXTURE, target)
    monkeypatch.setenv("FACEOFF_DATA_DIR", str(target))
    return target


@pytest.fixture(scope="session")
def tiny() -> tuple[Wizard, Matrix]:
    return load_wizard(WIZARD_FIXTURE / "wizard.yaml").value, load_matrix(WIZARD_FIXTURE / "matrix").value


SCALE = Scale(min=0, max=3, levels=[ScaleLevel(value=v, label=str(v), meaning=str(v)) for v in range(4)])
SOURCE = {"url": "https://example.org/x", "title": "X"}


def build_matrix(ratings: dict[str, dict[str, int | None]], framework_ids=FRAMEWORK_IDS) -> Matrix:
    """A one-category matrix with the given ratings (``None`` = no cell, i.e. not assessed)."""
    frameworks = [
        Framework(id=fw, name=fw.capitalize(), color="#000000", first_release=dt.date(2016, 1, 1),
                  current_version="1", licence="MIT", governance="x", repository="https://example.org/r",
                  github_repo="a/b", pypi_package=fw, trends_term=fw, sources=[SOURCE])
        for fw in framework_ids
    ]
    criteria = [
        Criterion(id=cid, name=cid.replace("-", " ").capitalize(), question="?", leader="tie", leader_reason="x",
                  cells={fw: Cell(verdict="v", rating=r, as_of=dt.date(2026, 1, 1), sources=[SOURCE])
                         for fw, r in cells.items() if r is not None})
        for cid, cells in ratings.items()
    ]
    category = Category(id="all", name="All", order=1, description="x")
    return Matrix(SCALE, [category], criteria, {c.id: "all" for c in criteria}, frameworks)


def wizard_criteria(wizard: Wizard) -> list[str]:
    ids: list[str] = []
    for q in wizard.questions:
        for o in q.options:
            for ref in [*o.weights, *o.requires, *o.bonuses, *o.notes]:
                if ref.criterion not in ids:
                    ids.append(ref.criterion)
    return ids


def edit_yaml(path: Path, change) -> None:
    """Rewrite a YAML data file through ``change(data)`` (a test breaking one field on purpose)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def load_problems(load, path: Path) -> list[str]:
    """The located problems a loader raises for ``path`` (the test fails if it raises none)."""
    with pytest.raises(DataFileError) as exc:
        load(path)
    return [str(p) for p in exc.value.problems]
