"""The dataset registry (``data/datasets.yaml``): which files exist, how each is loaded, and their inventory."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faceoff.errors import DataFileError, Problem
from faceoff.loading import Loaded, Peek, parse_model
from faceoff.paths import data_dir as default_data_dir
from faceoff.schema import DatasetEntry, DatasetRegistry

REGISTRY_FILE = "datasets.yaml"


_PARSED: dict[str, tuple[bytes, list[DatasetEntry]]] = {}


def load_registry(data_dir: Path | None = None) -> list[DatasetEntry]:
    """The registry's entries; parsed once per distinct file content (every page load asks for it several times)."""
    path = (data_dir or default_data_dir()) / REGISTRY_FILE
    try:
        content = path.read_bytes()
    except OSError:
        content = None
    cached = _PARSED.get(str(path))
    if content is not None and cached is not None and cached[0] == content:
        return list(cached[1])
    entries = list(parse_model(path, DatasetRegistry).datasets)
    if content is not None:
        _PARSED[str(path)] = (content, entries)
    return list(entries)


def entry(dataset_id: str, data_dir: Path | None = None) -> DatasetEntry:
    for item in load_registry(data_dir):
        if item.id == dataset_id:
            return item
    raise KeyError(f"unknown dataset id {dataset_id!r}")


def _resolve(spec: str) -> Callable[[Path], object]:
    module_name, func_name = spec.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    if not callable(func):
        raise TypeError(f"{spec} is not a function")
    return func


def resolve_loader(spec: str) -> Callable[[Path], Loaded]:
    """The loader a registry entry names (``module:function``); it must return a ``Loaded``."""
    func = _resolve(spec)

    def load(path: Path) -> Loaded:
        loaded = func(path)
        if not isinstance(loaded, Loaded):
            raise TypeError(f"{spec} returned {type(loaded).__name__}, not Loaded")
        return loaded

    return load


def resolve_peek(spec: str) -> Callable[[Path], Peek]:
    """The cheap reader a registry entry names (``module:function``); it must return a ``Peek``."""
    func = _resolve(spec)

    def peek(path: Path) -> Peek:
        answer = func(path)
        if not isinstance(answer, Peek):
            raise TypeError(f"{spec} returned {type(answer).__name__}, not Peek")
        return answer

    return peek


def peek_dataset(item: DatasetEntry, data_dir: Path | None = None) -> Peek | None:
    """The dataset's registered cheap reader's answer, or ``None`` when it registers none."""
    if item.peek is None:
        return None
    return resolve_peek(item.peek)(dataset_path(item, data_dir))


def dataset_path(item: DatasetEntry, data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / item.path


def load_dataset(dataset_id: str, data_dir: Path | None = None) -> Loaded:
    """Load one dataset by id; raises DataFileError (with located problems) when it cannot be used."""
    item = entry(dataset_id, data_dir)
    return resolve_loader(item.loader)(dataset_path(item, data_dir))


def fingerprint(dataset_id: str, data_dir: Path | None = None) -> tuple:
    """Modification times and sizes of a dataset's files: a cache key that changes when a file is replaced."""
    path = dataset_path(entry(dataset_id, data_dir), data_dir)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    stamp: list[tuple[str, int | None, int | None]] = []
    for file in files:
        try:
            stat = file.stat()
            stamp.append((str(file), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamp.append((str(file), None, None))
    if path.is_dir():
        parent = path.parent / "frameworks.yaml"
        if parent.exists():
            stamp.append((str(parent), parent.stat().st_mtime_ns, parent.stat().st_size))
    return tuple(stamp)


def inspect(item: DatasetEntry, data_dir: Path | None = None,
            load: Callable[[DatasetEntry], Loaded] | None = None) -> dict:
    """One dataset's inventory row: what ``validate --json`` prints for it.

    ``load`` replaces the registered loader call (the app passes its cached loader so each file is parsed once).
    """
    row: dict[str, Any] = {
        "id": item.id,
        "path": f"data/{item.path}",
        "kind": item.kind,
        "title": item.title,
        "licence": item.licence,
        "rows": 0,
        "sources": 0,
        "as_of": None,
        "problems": [],
    }
    try:
        loaded = load(item) if load else resolve_loader(item.loader)(dataset_path(item, data_dir))
    except DataFileError as exc:
        row["problems"] = [p.to_dict() for p in exc.problems]
        return row
    except Exception as exc:  # a loader bug must not hide the other datasets' inventory
        row["problems"] = [Problem(row["path"], f"loader failed: {type(exc).__name__}: {exc}").to_dict()]
        return row
    row.update(
        rows=loaded.rows,
        sources=loaded.sources,
        as_of=loaded.as_of.isoformat() if loaded.as_of else None,
        problems=[p.to_dict() for p in loaded.problems],
    )
    if loaded.detail:
        row["detail"] = loaded.detail
    return row


def inventory(data_dir: Path | None = None, load: Callable[[DatasetEntry], Loaded] | None = None) -> dict:
    try:
        items = load_registry(data_dir)
    except DataFileError as exc:
        return {"ok": False, "datasets": [], "problems": [p.to_dict() for p in exc.problems]}
    rows = [inspect(item, data_dir, load) for item in items]
    ok = all(p["severity"] != "error" for r in rows for p in r["problems"])
    return {"ok": ok, "datasets": rows}
