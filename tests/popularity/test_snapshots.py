"""Snapshot loaders: schema, ranges, order, duplicate periods, provenance sidecar, missing optional snapshots."""

from __future__ import annotations

import datetime as dt

import pytest

from faceoff import clock
from faceoff.errors import DataFileError
from faceoff.popularity.datasets import GITHUB_STARS, TRENDS, load_github_stars, load_trends
from faceoff.popularity.snapshot import parse_csv_bytes, to_csv_bytes
from faceoff.registry import inventory, load_dataset

HEADER = "date,framework,github_repo,stars,stars_display,source,source_url\n"
URL = "https://github.com/ml-tooling/best-of-ml-python"


def write_stars(folder, body: str):
    path = folder / "popularity" / "github_stars.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_popularity_dataset_loads_with_provenance(pop_data):
    report = inventory(pop_data)
    rows = {d["id"]: d for d in report["datasets"] if d["id"].startswith("popularity-")}
    expected = {
        "popularity-trends", "popularity-pwc-share", "popularity-pwc-quotes", "popularity-conferences",
        "popularity-github-stars", "popularity-pypi-downloads", "popularity-pypi-top",
        "popularity-pypi-frameworks", "popularity-mlperf", "popularity-breaks", "popularity-adoption",
        "popularity-pwc-catalogue", "popularity-hf-models", "popularity-live-sources",
        "popularity-pypi-monthly", "popularity-mlperf-round-dates",
    }
    assert set(rows) == expected and report["ok"]
    for ds_id in ("popularity-conferences", "popularity-github-stars", "popularity-pypi-downloads",
                  "popularity-adoption", "popularity-pwc-quotes", "popularity-pypi-top", "popularity-mlperf",
                  "popularity-mlperf-round-dates"):
        prov = rows[ds_id]["detail"]["provenance"]
        assert prov["url"].startswith("https://") and prov["licence"] and prov["retrieved"] and prov["sha256"]
        assert rows[ds_id]["rows"] > 0 and rows[ds_id]["as_of"]


def test_missing_optional_snapshot_is_a_warning_with_the_command(pop_data):
    loaded = load_dataset("popularity-trends", pop_data)
    assert loaded.value.empty and loaded.rows == 0
    assert loaded.problems[0].severity == "warning"
    assert "python -m faceoff refresh trends" in loaded.problems[0].message


def test_missing_required_snapshot_is_an_error(pop_data):
    (pop_data / "popularity" / "conference_mentions.csv").unlink()
    with pytest.raises(DataFileError, match="missing"):
        load_dataset("popularity-conferences", pop_data)


@pytest.mark.parametrize(("body", "message"), [
    ("2021-01-28,alpha,a/b,-5,5,best-of-ml-python,{u}\n", "below the plausible minimum"),
    ("2021-01-28,alpha,a/b,many,5,best-of-ml-python,{u}\n", "not a valid int"),
    ("2021-01-28,alpha,a/b,5,5,somewhere,{u}\n", "not one of"),
    ("2021-01-28,alpha,a/b,5,5,best-of-ml-python,{u}\n2021-01-30,alpha,a/b,6,6,best-of-ml-python,{u}\n",
     "duplicate period"),
    ("2021-02-28,alpha,a/b,5,5,best-of-ml-python,{u}\n2021-01-28,alpha,a/b,6,6,best-of-ml-python,{u}\n",
     "does not come after"),
    ("2999-01-01,alpha,a/b,5,5,best-of-ml-python,{u}\n", "in the future"),
    ("", "no data rows"),
])
def test_invalid_stars_rows_are_located(pop_data, body, message):
    path = write_stars(pop_data, body.format(u=URL))
    with pytest.raises(DataFileError) as info:
        load_github_stars(path)
    assert message in str(info.value)
    assert "data/popularity/github_stars.csv" in str(info.value)


def test_hand_edit_is_flagged_by_the_checksum(pop_data):
    path = pop_data / "popularity" / "github_stars.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("91K", "92K"), encoding="utf-8")
    loaded = load_github_stars(path)
    assert any("sha256 does not match" in p.message and p.severity == "warning" for p in loaded.problems)


def test_missing_provenance_is_an_error(pop_data):
    (pop_data / "popularity" / "github_stars.provenance.yaml").unlink()
    with pytest.raises(DataFileError, match=r"github_stars\.provenance\.yaml"):
        load_github_stars(pop_data / "popularity" / "github_stars.csv")


def test_corrupt_trends_snapshot_is_an_error_not_an_empty_state(pop_data):
    (pop_data / "popularity" / "google_trends.csv").write_text("date,framework\n2020-01-01,alpha\n")
    with pytest.raises(DataFileError, match="missing column"):
        load_trends(pop_data / "popularity" / "google_trends.csv")


def test_csv_round_trip_keeps_types(monkeypatch):
    import pandas as pd

    monkeypatch.setattr(clock, "today", lambda: dt.date(2030, 1, 1))
    frame = pd.DataFrame({"date": [dt.date(2026, 1, 4), dt.date(2026, 1, 11)], "framework": ["alpha"] * 2,
                          "term": ["alpha"] * 2, "value": [42, float("nan")], "is_partial": [True, False],
                          "below_one": [False, False], "scale": ["0-100"] * 2})
    typed, problems = parse_csv_bytes(to_csv_bytes(frame, TRENDS), TRENDS, "x.csv")
    assert problems == []
    assert typed.iloc[0]["is_partial"] is True and typed.iloc[0]["value"] == 42
    assert typed.iloc[0]["date"] == dt.date(2026, 1, 4)
    assert typed["value"].isna().tolist() == [False, True], "no data stays missing, not 0"
    assert to_csv_bytes(frame, TRENDS).decode().splitlines()[1:] == ["2026-01-04,alpha,alpha,42,true,false,0-100",
                                                                     "2026-01-11,alpha,alpha,,false,false,0-100"]


def test_stars_schema_key_is_the_month():
    assert GITHUB_STARS.key == ("date", "framework") and GITHUB_STARS.period is not None
