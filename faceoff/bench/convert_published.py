"""Converts the reference CSVs of published benchmark results into data/benchmarks/published/ (run by hand).

The app never reads the reference folder: ``python -m faceoff bench import-published --from DIR`` writes
``results.csv`` (every row with its source, era, framework family, mode and a superseded flag) and ``sources.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from faceoff.io import atomic_write_text, read_csv

RESULT_COLUMNS = ["source_id", "framework", "framework_version", "workload", "dataset", "device", "hardware",
                  "metric", "value", "unit", "notes"]
SOURCE_COLUMNS = ["source_id", "title", "authors", "year", "venue", "url_or_repo_path"]
SUPERSEDED = {"KERAS3_BENCH_2024_EARLY": "KERAS3_BENCH_2024"}
IDENTIFIED_ONLY = {"NOVAC_2022", "FLORENCIO_2019", "SAUCIS_2020"}
# What the numbers measure matters for reading them: lower is better for times, energy and memory.
HIGHER_IS_BETTER = {"top1_accuracy", "test_accuracy"}


def framework_family(label: str) -> str:
    low = label.lower()
    if low.startswith("pytorch"):
        return "pytorch"
    if low.startswith("jax"):
        return "jax"
    if low.startswith(("tensorflow", "keras")):
        return "tensorflow"
    raise ValueError(f"cannot tell the framework of {label!r}")


def mode_of(label: str) -> str:
    low = label.lower()
    if "torch.compile" in low:
        return "compiled"
    if "eager" in low:
        return "eager"
    return "as-published"


def role_of(source_id: str, result_sources: set[str]) -> str:
    if source_id in result_sources:
        return "results"
    if source_id.startswith("HARNESS_"):
        return "method"
    return "identified-only"


def convert(results: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure conversion: add row ids, framework family, mode, year, era and the superseded flag."""
    years = dict(zip(sources["source_id"], sources["year"], strict=True))
    missing = sorted(set(results["source_id"]) - set(years))
    if missing:
        raise ValueError(f"result rows cite unknown source(s): {', '.join(missing)}")
    out = results[RESULT_COLUMNS].copy()
    out.insert(0, "row_id", [f"{sid.lower()}-{i + 1:03d}" for i, sid in enumerate(out["source_id"])])
    out.insert(3, "framework_id", out["framework"].map(framework_family))
    out.insert(4, "mode", out["framework"].map(mode_of))
    out["device"] = out["device"].str.lower()
    pd.to_numeric(out["value"], errors="raise")
    out["year"] = out["source_id"].map(years)
    out["era"] = [f"{y}: {' '.join(v.split())}" for y, v in zip(out["year"], out["framework_version"], strict=True)]
    out["superseded"] = out["source_id"].isin(SUPERSEDED).map({True: "true", False: "false"})
    out["higher_is_better"] = out["metric"].isin(HIGHER_IS_BETTER).map({True: "true", False: "false"})
    src = sources[SOURCE_COLUMNS].copy()
    used = set(results["source_id"])
    src["role"] = [role_of(s, used) for s in src["source_id"]]
    src["superseded_by"] = src["source_id"].map(SUPERSEDED).fillna("")
    src["rows"] = [int((results["source_id"] == s).sum()) for s in src["source_id"]]
    return out, src


def import_published(source_dir: Path, target_dir: Path) -> tuple[int, int]:
    results = read_csv(source_dir / "published_benchmarks.csv", RESULT_COLUMNS)
    sources = read_csv(source_dir / "published_benchmarks_sources.csv", SOURCE_COLUMNS)
    out, src = convert(results, sources)
    atomic_write_text(target_dir / "results.csv", out.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(target_dir / "sources.csv", src.to_csv(index=False, lineterminator="\n"))
    return len(out), len(src)
