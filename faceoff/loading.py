"""The result every dataset loader returns, and a helper that parses a file into a schema model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from faceoff import clock
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path, read_yaml
from faceoff.schema import problems_from_validation

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A dataset that passed validation: its value plus the figures the Sources page and ``validate`` report.

    ``problems`` holds warnings only; errors raise :class:`DataFileError` instead.
    """

    value: T
    rows: int
    sources: int
    as_of: dt.date | None
    problems: list[Problem] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Peek:
    """What a cheap look at a dataset says without validating it: the Overview's freshness table on a cold start.

    ``status``: ``verified`` (the file still has the checksum its validated refresh recorded), ``changed`` (it does
    not), ``missing`` (not fetched yet), ``unknown`` (nothing to compare; the Sources page validates it).
    """

    as_of: dt.date | None
    rows: int | None
    status: str
    note: str = ""


def peek_yaml(path: Path) -> Peek:
    """A YAML content file's ``as_of`` and the length of its longest top-level list (its rows), without its schema:
    for content whose loader lives beside pandas-heavy code. The Sources page validates it in full."""
    data = read_yaml(Path(path))
    if not isinstance(data, dict):
        return Peek(None, None, "unknown")
    as_of = data.get("as_of")
    as_of = as_of if isinstance(as_of, dt.date) else None
    lists = [len(v) for v in data.values() if isinstance(v, list)]
    return Peek(as_of, max(lists) if lists else None, "unknown")


def parse_model(path: Path, model: type[M], reader: Callable[[Path], Any] = read_yaml) -> M:
    """Read ``path`` and validate it against ``model``; any problem raises DataFileError naming file/row/field."""
    raw = reader(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(path, problems_from_validation(display_path(path), exc, raw)) from exc


def duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for value in values:
        if value in seen and value not in dup:
            dup.append(value)
        seen.add(value)
    return dup


_REUSED: dict[tuple, Loaded] = {}
_REUSED_SIZE = 32


def reuse(loader: Callable[[Path], Loaded], path: Path) -> Loaded:
    """``loader(path)`` for a single file, reused while that file is unchanged (mtime and size) on the same day.

    Loaders that check references load their neighbours (the scenario panel loads the wizard, the registry and the
    claims): one parse then serves every loader that asks. Failures are not kept.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return loader(path)
    key = (loader.__module__, loader.__qualname__, str(path), stat.st_mtime_ns, stat.st_size, clock.today())
    hit = _REUSED.get(key)
    if hit is None:
        hit = loader(path)
        while len(_REUSED) >= _REUSED_SIZE:
            _REUSED.pop(next(iter(_REUSED)))
        _REUSED[key] = hit
    return hit
