"""Published benchmark studies (``data/benchmarks/published/``): loading and selecting comparable rows."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from faceoff.bench.families import FAMILIES, OTHER
from faceoff.bench.results import FRAMEWORK_NAMES
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path, read_csv, read_yaml
from faceoff.loading import Loaded, duplicates

PUBLISHED_COLUMNS = ["row_id", "source_id", "framework", "framework_id", "mode", "framework_version", "workload",
                     "dataset", "device", "hardware", "metric", "value", "unit", "notes", "year", "era", "superseded",
                     "higher_is_better", "model", "accelerator_count", "precision", "batch_or_seq", "variant", "family",
                     "value_kind", "url", "location_in_source"]
SOURCE_COLUMNS = ["source_id", "title", "authors", "year", "venue", "url_or_repo_path", "role", "superseded_by",
                  "rows", "caveat"]
DEVICES = ("cpu", "gpu", "tpu", "not stated")
PROVENANCE = "provenance.yaml"


@dataclass(frozen=True)
class Published:
    rows: pd.DataFrame
    sources: pd.DataFrame

    def source(self, source_id: str) -> dict | None:
        match = self.sources[self.sources["source_id"] == source_id]
        return None if match.empty else match.iloc[0].to_dict()

    def studies(self) -> list[str]:
        return list(self.sources.loc[self.sources["role"] == "results", "source_id"])


def load_published(path: Path) -> Loaded[Published]:
    """``data/benchmarks/published/``: results.csv (one published number a row) and sources.csv (citations)."""
    path = Path(path)
    name = display_path(path)
    if not path.is_dir():
        raise DataFileError(path, [Problem(name, "published-results folder is missing")])
    rows = read_csv(path / "results.csv", PUBLISHED_COLUMNS)
    sources = read_csv(path / "sources.csv", SOURCE_COLUMNS)
    rname, sname = display_path(path / "results.csv"), display_path(path / "sources.csv")
    errors: list[Problem] = []
    for dup in duplicates(list(rows["row_id"])):
        errors.append(Problem(rname, f"duplicate row_id {dup!r}", row=dup, field="row_id"))
    for dup in duplicates(list(sources["source_id"])):
        errors.append(Problem(sname, f"duplicate source_id {dup!r}", row=dup, field="source_id"))
    known = set(sources["source_id"])
    superseded = {s for s, by in zip(sources["source_id"], sources["superseded_by"], strict=True) if by}
    values = pd.to_numeric(rows["value"], errors="coerce")
    for i, (_, row) in enumerate(rows.iterrows()):  # a CSV read with the default index: position = label
        located = functools.partial(Problem, rname, row=str(row["row_id"] or i + 2))
        if row["source_id"] not in known:
            errors.append(located(field="source_id", message=f"unknown source {row['source_id']!r}"))
        if pd.isna(values[i]):
            errors.append(located(field="value", message=f"not a number: {row['value']!r}"))
        if row["framework_id"] not in FRAMEWORK_NAMES:
            errors.append(located(field="framework_id", message=f"unknown framework {row['framework_id']!r}"))
        if row["device"] not in DEVICES:
            errors.append(located(field="device", message=f"device must be one of {', '.join(DEVICES)}"))
        if row["family"] not in FAMILIES and row["family"] != OTHER:
            errors.append(located(field="family", message=f"unknown workload family {row['family']!r}"))
        if row["value_kind"] not in ("absolute", "relative"):
            errors.append(located(field="value_kind", message="must be absolute or relative"))
        if not str(row["url"]).startswith(("https://", "http://")):
            errors.append(located(field="url", message="every row needs its source's web address"))
        if row["superseded"] not in ("true", "false"):
            errors.append(located(field="superseded", message="must be true or false"))
        elif (row["superseded"] == "true") != (row["source_id"] in superseded):
            errors.append(located(field="superseded", message="disagrees with sources.csv superseded_by"))
        if not row["unit"] or not row["metric"]:
            errors.append(located(field="unit", message="metric and unit are required"))
    for s, by in zip(sources["source_id"], sources["superseded_by"], strict=True):
        if by and by not in known:
            errors.append(Problem(sname, f"superseded_by {by!r} is not a source", row=s, field="superseded_by"))
    if errors:
        raise DataFileError(path, errors)
    rows = rows.assign(value=values.astype(float), superseded=rows["superseded"] == "true",
                       higher_is_better=rows["higher_is_better"] == "true")
    years = sorted(int(y) for y in rows["year"] if str(y).isdigit())
    # Published studies carry a year, not a date: the as-of date is the day Faceoff copied them (provenance.yaml).
    return Loaded(
        Published(rows, sources),
        rows=len(rows),
        sources=int(rows["source_id"].nunique()),
        as_of=converted_on(path),
        detail={"studies": int(rows["source_id"].nunique()), "superseded_rows": int(rows["superseded"].sum()),
                "citations": len(sources), "years": f"{years[0]}–{years[-1]}" if years else None},
    )


def converted_on(path: Path) -> dt.date | None:
    """The date ``bench import-published`` copied the studies into data/, from provenance.yaml (None without one)."""
    file = path / PROVENANCE
    if not file.exists():
        return None
    raw = read_yaml(file)
    value = raw.get("converted") if isinstance(raw, dict) else None
    if isinstance(value, dt.date):
        return value
    raise DataFileError(file, [Problem(display_path(file), "converted: must be a date (YYYY-MM-DD)",
                                       field="converted")])


def published_metric_id(metric: str, unit: str) -> str:
    return f"{metric}|{unit}"


def published_rows(pub: Published, source_id: str, metric_id: str | None = None, workload: str | None = None,
                   frameworks: list[str] | None = None, device: str | None = None) -> pd.DataFrame:
    rows = pub.rows[pub.rows["source_id"] == source_id]
    if metric_id:
        metric, unit = metric_id.split("|", 1)
        rows = rows[(rows["metric"] == metric) & (rows["unit"] == unit)]
    if workload:
        rows = rows[rows["workload"] == workload]
    if frameworks:
        rows = rows[rows["framework_id"].isin(frameworks)]
    if device:
        rows = rows[rows["device"] == device]
    return rows
