"""The popularity datasets: each snapshot's column schema, its extra checks and its registered loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from faceoff.errors import Problem
from faceoff.loading import Loaded
from faceoff.popularity.snapshot import Column, Schema, Snapshot, load_snapshot, month_period

FRAMEWORK_ID = r"^[a-z0-9][a-z0-9-]*$"

TRENDS = Schema(
    columns=(
        Column("date", "date"),
        Column("framework"),
        Column("term"),
        # Empty where Google says it has no data (hasData: false): missing, never 0.
        Column("value", "float", 0, optional=True),
        Column("is_partial", "bool"),
        Column("below_one", "bool"),  # the website printed "<1": above zero, below one (value stored as 0)
        # "0-100": the website, its CSV export and pytrends (one request's peak = 100); "api": the official API's
        # own consistent scale, which has no 100 cap
        Column("scale", choices=("0-100", "api")),
    ),
    key=("date", "framework"),
    order=("date", "framework"),
)

PWC_SHARE = Schema(
    columns=(
        Column("quarter", "quarter"),
        Column("framework", choices=("pytorch", "tensorflow", "jax", "other")),
        Column("basis", choices=("paper", "repo")),
        Column("scope", choices=("all", "official")),
        Column("count", "int", 0),
        Column("total", "int", 1),
        Column("share", "float", 0, 100),
    ),
    key=("quarter", "framework", "basis", "scope"),
)

PWC_QUOTES = Schema(
    columns=(
        Column("as_of_date", "date", optional=True),
        Column("as_of_date_basis"),
        Column("period_covered"),
        Column("pytorch_pct", "float", 0, 100, optional=True),
        Column("tensorflow_pct", "float", 0, 100, optional=True),
        Column("jax_pct", "float", 0, 100, optional=True),
        Column("value_qualifier"),
        Column("population"),
        Column("source_type"),
        Column("source_url"),
        Column("source_title"),
        Column("quote"),
        Column("caveat", optional=True),
    ),
)

CONFERENCES = Schema(
    columns=(
        Column("conference"),
        Column("year", "int", 2010, 2100),
        Column("month", "int", 1, 12),
        Column("pytorch_only_papers", "int", 0, 100_000),
        Column("tensorflow_only_papers", "int", 0, 100_000),
        Column("total_papers", "int", 1, 100_000),
        Column("metric"),
        Column("source_url"),
        Column("source_commit"),
        Column("source_commit_date", "date"),
        Column("article"),
    ),
    key=("conference", "year"),
    order=("year", "conference"),
)

GITHUB_STARS = Schema(
    columns=(
        Column("date", "date"),
        Column("framework"),
        Column("github_repo"),
        Column("stars", "int", 0, 10_000_000),
        Column("stars_display"),
        Column("source", choices=("best-of-ml-python", "github-api", "github-star-history")),
        Column("source_url"),
    ),
    key=("date", "framework"),
    order=("date", "framework"),
    period=month_period,
)

PYPI_DOWNLOADS = Schema(
    columns=(
        Column("date", "date"),
        Column("framework"),
        Column("pypi_package"),
        Column("downloads_last_month", "int", 0, 10_000_000_000),
        Column("downloads_display"),
        Column("source", choices=("best-of-ml-python", "pypistats")),
        Column("source_url"),
    ),
    key=("date", "framework"),
    order=("date", "framework"),
    period=month_period,
)

PYPI_MONTHLY = Schema(
    columns=(
        Column("month", "date"),  # first day of the calendar month
        Column("package"),
        Column("downloads", "int", 0, 100_000_000_000),
        Column("complete", "bool"),  # false for the running month
        Column("source", choices=("clickhouse",)),
        Column("source_url"),
    ),
    key=("month", "package"),
    order=("month", "package"),
)

PWC_CATALOGUE = Schema(
    columns=(
        Column("date", "date"),
        Column("framework"),
        Column("catalogue_name"),
        Column("papers", "int", 0, 10_000_000),
        Column("source", choices=("paperswithcode.co",)),
        Column("source_url"),
    ),
    key=("date", "framework"),
    order=("date", "framework"),
    period=month_period,
)

HF_MODELS = Schema(
    columns=(
        Column("date", "date"),
        Column("framework"),
        Column("library"),
        Column("models", "int", 0, 100_000_000),
        Column("source", choices=("huggingface-hub",)),
        Column("source_url"),
    ),
    key=("date", "framework"),
    order=("date", "framework"),
    period=month_period,
)

ADOPTION = Schema(
    columns=(
        Column("date"),
        Column("date_basis"),
        Column("metric"),
        Column("population"),
        Column("framework"),
        Column("value", "float", 0),
        Column("unit"),
        Column("value_qualifier"),
        Column("source_type"),
        Column("source_url"),
        Column("source_title"),
        Column("seen_via", optional=True),
        Column("quote_or_note", optional=True),
    ),
)


def _check_conferences(frame: pd.DataFrame, name: str) -> list[Problem]:
    over = frame[frame["pytorch_only_papers"] + frame["tensorflow_only_papers"] > frame["total_papers"]]
    return [Problem(name, "pytorch_only + tensorflow_only exceeds total_papers", row=str(i + 2)) for i in over.index]


def _check_pwc_share(frame: pd.DataFrame, name: str) -> list[Problem]:
    bad = frame[frame["count"] > frame["total"]]
    problems = [Problem(name, "count exceeds total", row=str(i + 2)) for i in bad.index]
    for (basis, scope), part in frame.groupby(["basis", "scope"]):
        quarters = sorted(set(part["quarter"]))
        if part["quarter"].tolist() != sorted(part["quarter"].tolist()):
            problems.append(Problem(name, f"quarters out of order for basis={basis}, scope={scope}"))
        if not quarters:
            problems.append(Problem(name, f"no quarters for basis={basis}, scope={scope}"))
    return problems


def _check_trends(frame: pd.DataFrame, name: str) -> list[Problem]:
    over = frame[(frame["scale"] == "0-100") & (frame["value"] > 100)]
    shown = over.head(20)
    return [Problem(name, f"{value:g} is above the plausible maximum 100 for a 0-100 scale", row=str(i + 2),
                    field="value")
            for i, value in zip(shown.index, shown["value"].astype(float).to_list(), strict=True)]


def _check_percent_units(frame: pd.DataFrame, name: str) -> list[Problem]:
    bad = frame[(frame["unit"] == "%") & (frame["value"] > 100)]
    return [Problem(name, "a percentage above 100", row=str(i + 2), field="value") for i in bad.index]


CHECKS: dict[str, Callable[[pd.DataFrame, str], list[Problem]]] = {
    "trends": _check_trends,
    "conferences": _check_conferences,
    "pwc_share": _check_pwc_share,
    "adoption": _check_percent_units,
}


def load_trends(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, TRENDS, optional="trends", check=_check_trends)


def load_pwc_share(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PWC_SHARE, optional="pwc", check=_check_pwc_share)


def load_pwc_quotes(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PWC_QUOTES)


def load_conferences(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, CONFERENCES, check=_check_conferences)


def load_github_stars(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, GITHUB_STARS)


def load_pypi_downloads(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PYPI_DOWNLOADS)


def load_pypi_monthly(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PYPI_MONTHLY, optional="clickhouse")


def load_pwc_catalogue(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PWC_CATALOGUE, optional="pwc-catalogue")


def load_hf_models(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, HF_MODELS, optional="hf-models")


def load_adoption(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, ADOPTION, check=_check_percent_units)


DATASETS = {
    "popularity-trends": ("popularity/google_trends.csv", TRENDS, _check_trends),
    "popularity-pwc-share": ("popularity/pwc_share.csv", PWC_SHARE, _check_pwc_share),
    "popularity-pwc-quotes": ("popularity/pwc_quotes.csv", PWC_QUOTES, None),
    "popularity-conferences": ("popularity/conference_mentions.csv", CONFERENCES, _check_conferences),
    "popularity-github-stars": ("popularity/github_stars.csv", GITHUB_STARS, None),
    "popularity-pypi-downloads": ("popularity/pypi_downloads.csv", PYPI_DOWNLOADS, None),
    "popularity-adoption": ("popularity/adoption_points.csv", ADOPTION, _check_percent_units),
    "popularity-pypi-monthly": ("popularity/pypi_monthly.csv", PYPI_MONTHLY, None),
    "popularity-pwc-catalogue": ("popularity/pwc_catalogue.csv", PWC_CATALOGUE, None),
    "popularity-hf-models": ("popularity/hf_models.csv", HF_MODELS, None),
}
