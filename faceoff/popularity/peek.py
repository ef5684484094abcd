"""A cheap look at a snapshot for the Overview: its provenance sidecar and a checksum, without pandas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from faceoff.errors import DataFileError
from faceoff.io import read_yaml, sha256_file
from faceoff.loading import Peek

PROVENANCE_SUFFIX = ".provenance.yaml"


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def peek_snapshot(path: Path) -> Peek:
    """As-of date and rows from the sidecar; ``verified`` while the CSV still has the sha256 the sidecar recorded
    when a validated refresh (or conversion) wrote both. The full check stays with the loader and the Sources page."""
    path = Path(path)
    if not path.exists():
        return Peek(None, 0, "missing")
    try:
        prov = read_yaml(path.with_name(path.stem + PROVENANCE_SUFFIX))
    except DataFileError:
        return Peek(None, None, "unknown")
    if not isinstance(prov, dict):
        return Peek(None, None, "unknown")
    stats = prov.get("stats")
    counted = stats.get("rows") if isinstance(stats, dict) else None
    rows = counted if isinstance(counted, int) else None
    as_of = _date(prov.get("data_as_of")) or _date(prov.get("retrieved"))
    recorded = prov.get("sha256")
    if not recorded:
        return Peek(as_of, rows, "unknown")
    return Peek(as_of, rows, "verified" if recorded == sha256_file(path) else "changed")
