"""The framework registry (``data/frameworks.yaml``): who is compared, with versions, releases and sources."""

from __future__ import annotations

from pathlib import Path

from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model
from faceoff.matrix.models import FrameworkRegistry, Rubric, ScaleFile
from faceoff.matrix.rubric import source_problems

SCALE_FILE = "matrix/scale.yaml"


def _rubric_beside(path: Path) -> Rubric | None:
    """The matrix's rubric (``data/matrix/scale.yaml``), when it can be read: it also governs the registry's sources."""
    scale = Path(path).parent / SCALE_FILE
    try:
        return parse_model(scale, ScaleFile).rubric if scale.exists() else None
    except DataFileError:
        return None  # the matrix loader reports that file's problems


def load_frameworks(path: Path) -> Loaded[FrameworkRegistry]:
    registry = parse_model(path, FrameworkRegistry)
    name = display_path(path)
    dup = duplicates([fw.id for fw in registry.frameworks])
    if dup:
        raise DataFileError(path, [Problem(name, f"duplicate framework id {d!r}", field="id") for d in dup])
    rubric = _rubric_beside(path)
    problems = []
    for fw in registry.frameworks:
        problems += source_problems(name, fw.id, "sources", fw.sources, rubric)
        problems += source_problems(name, fw.id, "releases", [r.source for r in fw.releases], rubric)
    if problems:
        raise DataFileError(path, problems)
    urls = {s.url for fw in registry.frameworks for s in fw.sources} | {
        r.source.url for fw in registry.frameworks for r in fw.releases
    }
    return Loaded(registry, rows=len(registry.frameworks), sources=len(urls), as_of=registry.as_of)


def framework_ids(data_dir: Path) -> list[str]:
    return [fw.id for fw in load_frameworks(data_dir / "frameworks.yaml").value.frameworks]
