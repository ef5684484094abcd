"""MLPerf round dates: each date says what kind it is; a fallback is never called a publication; rounds without a
date say so; the shipped file covers every round in the systems data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from faceoff.errors import DataFileError
from faceoff.popularity import (
    load_mlperf_round_dates,
    load_mlperf_systems,
    mlperf_line,
    mlperf_round_dates,
    mlperf_shares,
    read_mlperf,
)

ROOT = Path(__file__).resolve().parents[2]
DATES = ROOT / "data" / "popularity" / "mlperf_round_dates.csv"
HEADER = "benchmark,version,date,date_kind,source_url,note\n"


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + rows)
    provenance = DATES.with_name("mlperf_round_dates.provenance.yaml").read_text()
    path.with_name("dates.provenance.yaml").write_text(provenance.split("\nsha256:")[0] + "\n")
    return path


def test_labels_name_the_kind_of_date(tmp_path):
    dates = mlperf_round_dates(load_mlperf_round_dates(write(tmp_path, (
        "training,v5.1,2025-11-12,press-release,https://example.org/pr,dateline\n"
        "training,v3.0,2023-06-19,repository-first-commit,https://github.com/x/y,fallback\n"
        "inference,v3.1,,,,searched; not found\n"))).value.frame)
    assert dates[("training", "v5.1")].label == "results published 2025-11-12"
    fallback = dates[("training", "v3.0")]
    assert fallback.label == "results repository's first commit 2023-06-19" and not fallback.published
    assert "published" not in fallback.short
    assert dates[("inference", "v3.1")].label == "no date found" and dates[("inference", "v3.1")].date is None


@pytest.mark.parametrize("row", ["training,v1.0,2021-06-30,,https://x.org,a date without its kind\n",
                                 "training,v1.0,,press-release,,a kind without a date\n",
                                 "training,v1.0,2021-06-30,press-release,,a date without a source\n",
                                 "training,v1.0,2021-06-30,rumour,https://x.org,an unknown kind\n"])
def test_a_date_without_kind_or_source_is_refused(tmp_path, row):
    good = "training,v1.1,2021-12-01,repository-first-commit,https://github.com/x/y,fine\n"
    assert load_mlperf_round_dates(write(tmp_path, good)).rows == 1, "the fixture itself loads"
    with pytest.raises(DataFileError):
        load_mlperf_round_dates(write(tmp_path, good + row))


def test_shipped_dates_cover_every_round_and_show_no_fallback_as_published():
    dates = mlperf_round_dates(load_mlperf_round_dates(DATES).value.frame)
    systems = load_mlperf_systems(ROOT / "data" / "popularity" / "mlperf_systems.csv").value.frame
    rounds = set(zip(systems["benchmark"], systems["version"], strict=True))
    assert rounds <= set(dates), rounds - set(dates)
    no_date = sorted(v for (b, v), d in dates.items() if d.date is None)
    assert no_date == ["v3.1", "v4.0", "v5.0"]
    labels = pd.Series([d.label for d in dates.values()])
    assert not labels.str.contains("n/a").any()
    raw = pd.read_csv(DATES, dtype=str, keep_default_na=False)
    for row in raw.itertuples():
        shown = dates[(row.benchmark, row.version)].label
        assert shown.startswith("results published") == (row.date_kind in ("press-release", "results-page"))


def test_chart_rows_and_reading_carry_the_kind():
    dates = mlperf_round_dates(load_mlperf_round_dates(DATES).value.frame)
    systems = load_mlperf_systems(ROOT / "data" / "popularity" / "mlperf_systems.csv").value.frame
    shares = mlperf_shares(systems, "training", "closed", dates=dates)
    axis = dict(zip(shares["version"], shares["axis"], strict=False))
    assert axis["v5.1"] == "v5.1<br>2025-11-12<br>published" and axis["v3.0"] == "v3.0<br>2023-06-19<br>first commit"
    assert "(results published 2025-11-12)" in read_mlperf(shares, "training", "closed")
    inference = mlperf_shares(systems, "inference", "closed", dates=dates)
    assert "v3.1<br>no date<br>found" in set(inference["axis"])
    assert "no date found" in mlperf_line(systems, dates).says or "first commit" in mlperf_line(systems, dates).says
