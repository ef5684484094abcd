"""MLPerf round dates: one row per round with the kind of date it is (a publication, or the results repository's
first commit as a fallback, or none found), and a pure lookup that any page can reuse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from faceoff.errors import Problem
from faceoff.loading import Loaded
from faceoff.popularity.snapshot import Column, Schema, Snapshot, load_snapshot

PUBLISHED_KINDS = ("press-release", "results-page")
KINDS = (*PUBLISHED_KINDS, "repository-first-commit")
KIND_NAMES = {"press-release": "MLCommons press release", "results-page": "mlperf.org results page",
              "repository-first-commit": "first commit with results in the MLCommons results repository"}

ROUND_DATES = Schema(
    columns=(
        Column("benchmark", choices=("training", "inference")),
        Column("version"),
        Column("date", "date", optional=True),
        Column("date_kind", optional=True, choices=KINDS),
        Column("source_url", optional=True),
        Column("note"),
    ),
    key=("benchmark", "version"),
)


@dataclass(frozen=True)
class RoundDate:
    """When an MLPerf round's results appeared, and what kind of evidence the date is."""

    benchmark: str
    version: str
    date: dt.date | None
    kind: str  # one of KINDS, or "" when no date was found
    source_url: str
    note: str

    @property
    def published(self) -> bool:
        return self.kind in PUBLISHED_KINDS

    @property
    def label(self) -> str:
        """"results published 2025-11-12", "results repository's first commit 2023-06-19" or "no date found"."""
        if self.date is None:
            return "no date found"
        what = "results published" if self.published else "results repository's first commit"
        return f"{what} {self.date.isoformat()}"

    @property
    def short(self) -> str:
        """Two lines for a chart's axis: the date and its kind."""
        if self.date is None:
            return "no date<br>found"
        return f"{self.date.isoformat()}<br>{'published' if self.published else 'first commit'}"


def _check(frame: pd.DataFrame, name: str) -> list[Problem]:
    """A date always says what kind it is and where it was read; a round without one has neither."""
    problems = []
    for i, row in enumerate(frame.itertuples(index=False)):
        has_date, has_kind = isinstance(row.date, (str, dt.date)) and bool(row.date), bool(row.date_kind)
        if has_date != has_kind or (has_date and not row.source_url):
            problems.append(Problem(name, "a date needs its date_kind and source_url (and no date, no kind)",
                                    row=str(i + 2), field="date_kind"))
    return problems


def load_mlperf_round_dates(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, ROUND_DATES, check=_check)


def mlperf_round_dates(frame: pd.DataFrame) -> dict[tuple[str, str], RoundDate]:
    """``(benchmark, version)`` → :class:`RoundDate`, e.g. ``("training", "v5.1")``; a round missing from the file
    is missing from the mapping (callers say "no date found")."""
    out = {}
    for row in frame.itertuples(index=False):
        raw = str(row.date) if isinstance(row.date, (str, dt.date)) else ""
        date = pd.Timestamp(raw).date() if raw else None
        out[(str(row.benchmark), str(row.version))] = RoundDate(str(row.benchmark), str(row.version), date,
                                                                str(row.date_kind or ""), str(row.source_url or ""),
                                                                str(row.note or ""))
    return out
