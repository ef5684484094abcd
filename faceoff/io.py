"""Reading data files into plain values with located errors, and replacing files atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from faceoff.errors import DataFileError, Problem

if TYPE_CHECKING:
    import pandas as pd

MAX_DATA_FILE_BYTES = 20 * 1024 * 1024
# libyaml's safe loader when PyYAML was built with it (7x faster on our content); the pure-Python one otherwise
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def display_path(path: Path) -> str:
    """A short, stable name for a data file in messages: relative to its data folder when possible."""
    parts = Path(path).parts
    if "data" in parts:
        idx = len(parts) - 1 - parts[::-1].index("data")
        return "/".join(parts[idx:])
    return str(path)


def _check_file(path: Path) -> None:
    name = display_path(path)
    if not path.exists():
        raise DataFileError(path, [Problem(name, "file is missing")])
    if not path.is_file():
        raise DataFileError(path, [Problem(name, "is not a regular file")])
    size = path.stat().st_size
    if size == 0:
        raise DataFileError(path, [Problem(name, "file is empty")])
    if size > MAX_DATA_FILE_BYTES:
        raise DataFileError(path, [Problem(name, f"file is {size} bytes, over the {MAX_DATA_FILE_BYTES}-byte cap")])


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a missing, empty, oversized or malformed file raises DataFileError."""
    path = Path(path)
    _check_file(path)
    name = display_path(path)
    try:
        value = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [Problem(name, f"not UTF-8 text ({exc.reason})")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = str(mark.line + 1) if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(path, [Problem(name, f"malformed YAML: {detail}", row=row)]) from exc
    if value is None:
        raise DataFileError(path, [Problem(name, "file holds no data")])
    return value


def read_json(path: Path) -> Any:
    path = Path(path)
    _check_file(path)
    name = display_path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [Problem(name, f"not UTF-8 text ({exc.reason})")]) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(path, [Problem(name, f"malformed JSON: {exc.msg}", row=str(exc.lineno))]) from exc


def read_csv(path: Path, required: Iterable[str] = ()) -> pd.DataFrame:
    import pandas as pd  # here, not at import: the first page a visitor sees reads no CSV and needs no pandas

    """Read a CSV as strings (callers coerce types and report per row); checks the required columns."""
    path = Path(path)
    _check_file(path)
    name = display_path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [Problem(name, f"not UTF-8 text ({exc.reason})")]) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataFileError(path, [Problem(name, f"malformed CSV: {str(exc).strip().splitlines()[0]}")]) from exc
    missing = [col for col in required if col not in frame.columns]
    if missing:
        raise DataFileError(path, [Problem(name, f"missing column(s): {', '.join(missing)}")])
    if frame.empty:
        raise DataFileError(path, [Problem(name, "no data rows")])
    return frame


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600 files; keep the replaced file's mode (or the usual 0644 for a new file)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
