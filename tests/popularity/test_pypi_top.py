"""PyPI downloads 2018 → 2026: the loaders (good, corrupt, missing, wrong columns), framework totals that never count a
dependency twice, the crossing reading on small frames, and the figure's break marks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from faceoff.errors import DataFileError
from faceoff.popularity.breaks import load_breaks
from faceoff.popularity.pypi_figure import make_pypi_figure
from faceoff.popularity.pypi_top import (
    PypiFrameworks,
    first_crossing,
    framework_totals,
    load_pypi_frameworks,
    load_pypi_top_packages,
    pypi_long,
    read_pypi,
    snapshot_rows,
    total_problems,
)

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "popularity"
HEADER = ("snapshot_utc,package,downloads,window_kind,window_start,window_end,window_days,installers,backend,rank,"
          "listed,source,commit,source_url\n")
URL = "https://github.com/hugovk/top-pypi-packages/blob/abc/top-pypi-packages-30-days.min.json"


def row(snapshot: str, package: str, downloads: int, kind: str = "rolling", start: str = "", end: str = "",
        days: int = 30, backend: str = "bigquery-pypinfo") -> str:
    taken = dt.datetime.fromisoformat(snapshot)
    if not end:
        end = (taken - dt.timedelta(days=1)).date().isoformat()
        start = (taken - dt.timedelta(days=days + 1)).date().isoformat()
    return (f"{snapshot},{package},{downloads},{kind},{start},{end},{days},all,{backend},1,5000,"
            f"hugovk/top-pypi-packages,abc,{URL}\n")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pypi_top_packages.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    shutil.copy(REAL / "pypi_top_packages.provenance.yaml", tmp_path / "pypi_top_packages.provenance.yaml")
    return path


def spec(**overrides) -> PypiFrameworks:
    raw = yaml.safe_load((REAL / "pypi_frameworks.yaml").read_text(encoding="utf-8"))
    raw.update(overrides)
    return PypiFrameworks.model_validate(raw)


# ---------------------------------------------------------------- loaders


def test_the_shipped_snapshot_loads_with_its_provenance():
    loaded = load_pypi_top_packages(REAL / "pypi_top_packages.csv")
    assert loaded.rows == 1923 and loaded.as_of == dt.date(2026, 4, 1) and not loaded.problems
    frame = loaded.value.frame
    assert frame["snapshot_utc"].nunique() == 159
    assert set(frame["backend"]) == {"bigquery-pypinfo", "clickhouse"}
    assert loaded.value.provenance.sha256


def test_a_good_small_file_loads(tmp_path):
    path = write(tmp_path, row("2024-05-01 08:13:27", "torch", 26_575_355)
                 + row("2025-08-01 06:34:07", "torch", 55_678_628, "calendar-month", "2025-07-01", "2025-07-31",
                       31, "clickhouse"))
    loaded = load_pypi_top_packages(path)
    assert loaded.rows == 2
    # the hand-made file no longer matches the shipped checksum: loaded, with a warning
    assert any("sha256" in p.message for p in loaded.problems)


@pytest.mark.parametrize(("body", "message"), [
    (row("2024-05-01 08:13:27", "torch", -1), "below the plausible minimum"),
    (row("2024-05-01 08:13:27", "torch", 5).replace(",rolling,", ",weekly,"), "not one of"),
    (row("2024-05-01 08:13:27", "torch", 5).replace(",30,all,", ",29,all,"), "does not last 29 days"),
    (row("2024-05-01", "torch", 5), "not a snapshot time"),
    (row("2999-05-01 08:13:27", "torch", 5), "in the future"),
    (row("2024-05-01 08:13:27", "torch", 5) * 2, "duplicate period"),
    ("", "no data rows"),
])
def test_corrupt_rows_are_located(tmp_path, body, message):
    with pytest.raises(DataFileError) as info:
        load_pypi_top_packages(write(tmp_path, body))
    assert any(message in p.message for p in info.value.problems), info.value.problems


def test_missing_file_and_wrong_columns_are_errors(tmp_path):
    with pytest.raises(DataFileError, match="missing"):
        load_pypi_top_packages(tmp_path / "pypi_top_packages.csv")
    path = write(tmp_path, row("2024-05-01 08:13:27", "torch", 5))
    path.write_text(path.read_text().replace("window_days", "days"), encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        load_pypi_top_packages(path)


def test_the_totals_file_loads_and_rejects_a_double_count(tmp_path):
    loaded = load_pypi_frameworks(REAL / "pypi_frameworks.yaml")
    assert [t.framework for t in loaded.value.totals] == ["pytorch", "tensorflow", "jax"]
    broken = tmp_path / "pypi_frameworks.yaml"
    broken.write_text((REAL / "pypi_frameworks.yaml").read_text().replace("packages: [torch]",
                                                                          "packages: [torch, torchvision]"))
    with pytest.raises(DataFileError) as info:
        load_pypi_frameworks(broken)
    assert any("torchvision belongs to" in p.message or "double" in p.message for p in info.value.problems)


# ---------------------------------------------------------------- totals never double count


def test_no_shipped_total_adds_a_package_that_installs_with_another():
    shipped = spec()
    assert total_problems(shipped, "x") == []
    pulled = {p.package: set(p.pulled_in_by) for p in shipped.packages}
    for total in shipped.totals:
        for package in total.packages:
            assert not pulled[package] & set(total.packages), (total.framework, package)
    assert "jaxlib" not in shipped.total_of("jax").packages
    assert "tensorflow-intel" not in shipped.total_of("tensorflow").packages


@pytest.mark.parametrize(("framework", "packages", "message"), [
    ("jax", ["jax", "jaxlib"], "whose installs bring jaxlib in"),
    ("tensorflow", ["tensorflow", "tensorflow-intel"], "whose installs bring tensorflow-intel in"),
    ("pytorch", ["torch", "nope"], "unknown package 'nope'"),
    ("pytorch", ["torch", "keras"], "keras belongs to no framework"),
])
def test_a_total_with_a_dependency_is_rejected(framework, packages, message):
    base = spec()
    totals = [t.model_dump() for t in base.totals]
    for total in totals:
        if total["framework"] == framework:
            total["packages"] = packages
    bad = spec(totals=totals)
    assert any(message in p.message for p in total_problems(bad, "x")), total_problems(bad, "x")


def test_totals_sum_only_the_counted_builds_and_name_the_absent_ones(tmp_path):
    body = (row("2019-01-04 15:30:19", "tensorflow", 100) + row("2019-01-04 15:30:19", "tensorflow-gpu", 20)
            + row("2019-01-04 15:30:19", "tensorflow-intel", 7) + row("2019-01-04 15:30:19", "keras", 50)
            + row("2019-01-04 15:30:19", "jax", 3) + row("2019-01-04 15:30:19", "jaxlib", 3))
    rows = snapshot_rows(load_pypi_top_packages(write(tmp_path, body)).value.frame)
    totals = framework_totals(rows, spec(), ["tensorflow", "jax"]).set_index("series")
    assert totals.loc["total:tensorflow", "downloads"] == 120  # not +7 (intel) nor +50 (keras)
    assert totals.loc["total:tensorflow", "absent"] == "tensorflow-cpu"
    assert totals.loc["total:jax", "downloads"] == 3  # jaxlib installs with jax: not added
    assert totals.loc["total:tensorflow", "per_day"] == pytest.approx(4.0)


def test_identical_same_day_snapshots_are_drawn_once(tmp_path):
    body = row("2018-02-25 17:32:15", "torch", 59_071) + row("2018-02-25 19:27:06", "torch", 59_071)
    rows = snapshot_rows(load_pypi_top_packages(write(tmp_path, body)).value.frame)
    assert len(rows) == 1 and rows.iloc[0]["snapshot_utc"] == "2018-02-25 17:32:15"


# ---------------------------------------------------------------- the crossing reading


def long_frame(pairs: list[tuple[int, int]]) -> pd.DataFrame:
    out = []
    for i, (pt, tf) in enumerate(pairs):
        date = pd.Timestamp(2020, 1, 1) + pd.DateOffset(months=i)
        for series, value in (("total:pytorch", pt), ("total:tensorflow", tf)):
            out.append({"series": series, "date": date, "snapshot_utc": f"{date:%Y-%m-%d} 00:00:00",
                        "downloads": value, "per_day": value / 30, "window_start": date.date(),
                        "window_end": date.date(), "window_days": 30})
    return pd.DataFrame(out)


def test_crossing_is_the_first_snapshot_ahead_and_counts_the_later_ones():
    cross = first_crossing(long_frame([(1, 5), (2, 5), (6, 5), (7, 5)]), "total:pytorch", "total:tensorflow")
    assert cross["date"] == pd.Timestamp(2020, 3, 1) and (cross["later"], cross["later_ahead"]) == (1, 1)
    back = first_crossing(long_frame([(1, 5), (6, 5), (4, 5), (8, 5)]), "total:pytorch", "total:tensorflow")
    assert back["date"] == pd.Timestamp(2020, 2, 1) and (back["later"], back["later_ahead"]) == (2, 1)
    assert first_crossing(long_frame([(1, 5), (2, 5)]), "total:pytorch", "total:tensorflow") is None
    assert first_crossing(long_frame([(9, 5), (2, 5), (9, 5)]), "total:pytorch", "total:tensorflow") is None
    assert first_crossing(long_frame([(5, 5), (6, 5)]), "total:pytorch", "total:tensorflow")["date"] == \
        pd.Timestamp(2020, 2, 1), "a tie is not a lead"


def test_reading_states_the_crossing_or_the_newest_values():
    names = {"total:pytorch": "PyTorch", "total:tensorflow": "TensorFlow"}
    text = read_pypi(long_frame([(1_000_000, 5_000_000), (6_000_000, 5_000_000)]), names)
    assert text.startswith("PyTorch first passed TensorFlow in the snapshot of 2020-02-01")
    assert "6.0 M against 5.0 M" in text and "stayed ahead in every snapshot since" in text
    text = read_pypi(long_frame([(1_000_000, 5_000_000)]), names)
    assert text.startswith("Snapshot of 2020-01-01") and "TensorFlow 5.0 M, PyTorch 1.0 M" in text


def test_the_real_reading_is_computed_from_the_data():
    rows = snapshot_rows(load_pypi_top_packages(REAL / "pypi_top_packages.csv").value.frame)
    long = pypi_long(rows, spec(), ["pytorch", "tensorflow"], [])
    cross = first_crossing(long, "total:pytorch", "total:tensorflow")
    at = long[long["date"] == cross["date"]].set_index("series")["downloads"]
    before = long[long["date"] < cross["date"]].pivot_table(index="date", columns="series", values="downloads")
    assert at["total:pytorch"] > at["total:tensorflow"]
    assert (before["total:pytorch"] <= before["total:tensorflow"]).all()


# ---------------------------------------------------------------- the figure


def test_figure_draws_the_2025_backend_switch_and_the_jax_note_only_with_jax():
    rows = snapshot_rows(load_pypi_top_packages(REAL / "pypi_top_packages.csv").value.frame)
    breaks = load_breaks(REAL / "breaks.yaml").value
    from faceoff.popularity.breaks import breaks_for

    long = pypi_long(rows, spec(), ["pytorch", "tensorflow"], ["keras"])
    fig = make_pypi_figure(long, {}, {}, breaks=breaks_for(breaks, "pypi-downloads", ["torch", "keras"]))
    names = {s.name for s in fig.layout.shapes}
    assert {"break pypi-clickhouse-2025", "break pypi-linehaul-fix-2018", "break pypi-all-installers-2024"} <= names
    assert "break pypi-jax-with-tensorflow-2023" not in names
    assert [t.meta for t in fig.data] == ["total:pytorch", "total:tensorflow", "keras"]
    assert fig.layout.yaxis.title.text == "Downloads in the snapshot's window"
    with_jax = make_pypi_figure(long, {}, {}, breaks=breaks_for(breaks, "pypi-downloads", ["jax"]))
    assert "break pypi-jax-with-tensorflow-2023" in {s.name for s in with_jax.layout.shapes}


def test_per_day_measure_divides_by_each_window():
    rows = snapshot_rows(load_pypi_top_packages(REAL / "pypi_top_packages.csv").value.frame)
    long = pypi_long(rows, spec(), ["pytorch"], [])
    fig = make_pypi_figure(long, {}, {}, measure="per_day")
    june = long[long["snapshot_utc"] == "2025-06-13 13:22:58"].iloc[0]
    assert june["window_days"] == 22
    y = dict(zip(pd.to_datetime(fig.data[0].x), fig.data[0].y, strict=True))
    assert y[pd.Timestamp("2025-06-13")] == pytest.approx(june["downloads"] / 22)
    assert fig.layout.yaxis.title.text == "Downloads per day (window average)"


def test_a_package_missing_from_a_snapshot_breaks_its_line(tmp_path):
    body = (row("2024-01-01 08:00:00", "flax", 10) + row("2024-01-01 08:00:00", "torch", 100)
            + row("2024-02-01 08:00:00", "torch", 110)
            + row("2024-03-01 08:00:00", "flax", 12) + row("2024-03-01 08:00:00", "torch", 120))
    rows = snapshot_rows(load_pypi_top_packages(write(tmp_path, body)).value.frame)
    long = pypi_long(rows, spec(), [], ["flax"])
    assert len(long) == 2, "the CSV holds the two real points, nothing filled in"
    fig = make_pypi_figure(long, {}, {}, dates=sorted(set(rows["date"])))
    y = list(fig.data[0].y)
    assert len(y) == 3 and y[0] == 10 and y[2] == 12 and (y[1] is None or y[1] != y[1])
    assert fig.data[0].connectgaps is False
