"""A cheap look at the published studies for the Overview: years and row count with the csv module, no pandas."""

from __future__ import annotations

import csv
from pathlib import Path

from faceoff.loading import Peek


def peek_published(path: Path) -> Peek:
    """The years the result studies cover and the number of published numbers; validated on the Sources page."""
    path = Path(path)
    try:
        with (path / "sources.csv").open(encoding="utf-8", newline="") as handle:
            years = sorted({int(r["year"]) for r in csv.DictReader(handle)
                            if r.get("role") == "results" and str(r.get("year", "")).isdigit()})
        with (path / "results.csv").open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.DictReader(handle))
    except (OSError, KeyError, ValueError, csv.Error):
        return Peek(None, None, "unknown")
    note = f"studies from {years[0]}–{years[-1]}" if years else ""
    return Peek(None, rows, "unknown", note)
