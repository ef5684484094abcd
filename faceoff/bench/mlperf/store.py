"""``data/benchmarks/mlperf/results.csv`` + ``results.provenance.yaml``: columns, checks, loader and writer."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from faceoff.errors import DataFileError, Problem
from faceoff.io import atomic_write_text, display_path, read_csv, sha256_bytes, sha256_file
from faceoff.loading import Loaded, parse_model
from faceoff.popularity import Provenance

COLUMNS = ["suite", "round", "round_date", "benchmark", "scenario", "division", "availability", "submitter",
           "system_id", "system", "framework", "framework_raw", "accelerator", "accelerator_raw", "accelerator_count",
           "nodes", "metric", "value", "unit", "higher_is_better", "valid", "runs_used", "runs_total",
           "scaling_factor", "note", "repo", "commit", "result_path"]
MLPERF_COLUMNS = COLUMNS
REQUIRED = ("suite", "round", "benchmark", "division", "submitter", "system_id", "framework", "metric", "value",
            "unit", "higher_is_better", "valid", "repo", "commit", "result_path")
SUITES = ("training", "inference")
REPO = re.compile(r"^mlcommons/(training|inference)_results_(v\d+\.\d+)$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
PROVENANCE = "results.provenance.yaml"


@dataclass(frozen=True)
class MlperfResults:
    """The stored MLPerf results (typed frame, one row per system × benchmark × scenario) and their provenance."""

    frame: pd.DataFrame
    provenance: Provenance


def check_rows(raw: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Type the string frame and list every bad cell (file, row, field); at most 50 problems."""
    problems: list[Problem] = []
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        return raw, [Problem(name, f"missing column(s): {', '.join(missing)}")]
    frame = raw[COLUMNS].copy()
    for col in REQUIRED:
        for i in frame.index[frame[col].astype(str).str.strip() == ""][:10]:
            problems.append(Problem(name, "empty value", row=str(i + 2), field=col))
    numbers = {c: pd.to_numeric(frame[c].replace("", None), errors="coerce")
               for c in ("value", "accelerator_count", "nodes", "runs_used", "runs_total", "scaling_factor")}
    for col, values in numbers.items():
        bad = values.isna() & (frame[col].astype(str).str.strip() != "")
        bad |= values <= 0 if col == "value" else values < 0
        for i in frame.index[bad][:10]:
            problems.append(Problem(name, f"not a positive number: {frame.at[i, col]!r}", row=str(i + 2), field=col))
    for col in ("higher_is_better", "valid"):
        bad = ~frame[col].isin(["true", "false"])
        for i in frame.index[bad][:10]:
            problems.append(Problem(name, f"{frame.at[i, col]!r} is not true or false", row=str(i + 2), field=col))
    columns = [frame[c].astype(str).tolist() for c in ("suite", "round", "repo", "commit", "round_date", "scenario")]
    for i, (suite, rnd, repo_name, commit, round_date, scenario) in enumerate(zip(*columns, strict=True)):
        row = str(i + 2)
        repo = REPO.match(repo_name)
        if suite not in SUITES:
            problems.append(Problem(name, f"suite {suite!r} is not training or inference", row=row, field="suite"))
        elif not repo or repo.group(1) != suite or repo.group(2) != rnd:
            problems.append(Problem(name, f"repo {repo_name!r} is not the {suite} results repository of {rnd}",
                                    row=row, field="repo"))
        if not COMMIT.match(commit):
            problems.append(Problem(name, f"commit {commit!r} is not a 40-digit git hash", row=row, field="commit"))
        if round_date and not MONTH.match(round_date):
            problems.append(Problem(name, f"round_date {round_date!r} is not a month like 2025-11", row=row,
                                    field="round_date"))
        if suite == "inference" and not scenario:
            problems.append(Problem(name, "inference row without scenario", row=row, field="scenario"))
        if len(problems) >= 50:
            break
    if not problems:
        dup = frame.duplicated(["repo", "result_path"], keep="first")
        problems += [Problem(name, f"duplicate result {raw.at[i, 'result_path']!s}", row=str(i + 2))
                     for i in frame.index[dup][:10]]
    for col, values in numbers.items():
        frame[col] = values
    for col in ("higher_is_better", "valid"):
        frame[col] = frame[col] == "true"
    return frame, problems


def load_mlperf_results(path: Path) -> Loaded[MlperfResults]:
    """Load and check ``results.csv`` and its provenance; raises DataFileError naming file, row and field."""
    path = Path(path)
    name = display_path(path)
    raw = read_csv(path, COLUMNS)
    frame, problems = check_rows(raw, name)
    if problems:
        raise DataFileError(path, problems)
    provenance = parse_model(path.with_name(PROVENANCE), Provenance)
    warnings = []
    if provenance.sha256 and provenance.sha256 != sha256_file(path):
        warnings.append(Problem(name, "file changed since its import (sha256 differs from the provenance)",
                                severity="warning"))
    repos = provenance.parameters.get("repositories", [])
    known = {(r.get("repo"), r.get("commit")) for r in repos if isinstance(r, dict)}
    stray = set(zip(frame["repo"], frame["commit"], strict=True)) - known
    if stray:
        raise DataFileError(path, [Problem(name, f"rows from {len(stray)} repository commit(s) the provenance does "
                                                 f"not list, e.g. {sorted(stray)[0]}", field="commit")])
    return Loaded(MlperfResults(frame, provenance), rows=len(frame), sources=len(known),
                  as_of=provenance.data_as_of or provenance.retrieved, problems=warnings,
                  detail={"rounds": int(frame[["suite", "round"]].drop_duplicates().shape[0]),
                          "not_imported": provenance.parameters.get("not_imported", [])})


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def write_results(target: Path, rows: list[dict[str, Any]], provenance: dict[str, Any]) -> int:
    """Validate the rows, then write the CSV and its provenance atomically (the CSV's sha256 recorded)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])
    text = buffer.getvalue()
    name = display_path(target / "results.csv")
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    _, problems = check_rows(raw, name)
    provenance = {**provenance, "sha256": sha256_bytes(text.encode("utf-8")),
                  "stats": {**provenance.get("stats", {}), "rows": len(rows)}}
    Provenance.model_validate(provenance)
    if problems:
        raise DataFileError(target / "results.csv", problems)
    atomic_write_text(target / "results.csv", text)
    atomic_write_text(target / PROVENANCE, yaml.safe_dump(provenance, sort_keys=False, allow_unicode=True,
                                                          width=110))
    return len(rows)
