"""MLPerf systems: the loader (good, corrupt, missing, wrong columns), shares that add up to 100 % per round with
multi/unknown kept, the mentions view, division filtering, the reading and the figure."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from faceoff.errors import DataFileError
from faceoff.popularity.mlperf import load_mlperf_systems, mlperf_shares, read_mlperf, round_table
from faceoff.popularity.mlperf_figure import make_mlperf_figure

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "popularity" / "mlperf_systems.csv"
COLUMNS = REAL.read_text(encoding="utf-8").splitlines()[0].split(",")


def system(round_: str, framework: str, mentions: str = "", division: str = "closed", results: str = "true",
           date: str = "", file: str = "") -> dict:
    benchmark, version = round_.split("-")
    values = dict.fromkeys(COLUMNS, "")
    values.update(benchmark=benchmark, round=round_, version=version, round_date=date,
                  round_date_source="https://example.org/announcement" if date else "", division=division,
                  division_raw=division, submitter="S", framework=framework, frameworks_all=mentions or framework,
                  has_results=results, repo="mlcommons/x", commit="c" * 40, read_from="repository snapshot",
                  system_file=file or f"{round_}/{framework}/{mentions}/{division}/{results}.json",
                  source_url="https://github.com/mlcommons/x")
    return values


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "mlperf_systems.csv"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    shutil.copy(REAL.with_name("mlperf_systems.provenance.yaml"), tmp_path / "mlperf_systems.provenance.yaml")
    return path


def frame(tmp_path: Path, rows: list[dict]) -> pd.DataFrame:
    return load_mlperf_systems(write(tmp_path, rows)).value.frame


def test_the_shipped_file_loads_all_rounds():
    loaded = load_mlperf_systems(REAL)
    assert loaded.rows == 2740 and not loaded.problems
    data = loaded.value.frame
    assert data["round"].nunique() == 24 and "inference-v5.0" not in set(data["round"])
    assert set(data["division"]) == {"closed", "open", "network"}


@pytest.mark.parametrize(("change", "message"), [
    ({"framework": "caffe"}, "not one of"),
    ({"framework": "multi", "frameworks_all": "pytorch"}, "fewer than two"),
    ({"framework": "pytorch", "frameworks_all": "pytorch;jax"}, "disagrees"),
    ({"round_date": "2025-13"}, "not a month"),
    ({"round": "training-v9.9"}, "is not training-<vX.Y>"),
    ({"has_results": "yes"}, "expected true or false"),
])
def test_corrupt_rows_are_located(tmp_path, change, message):
    bad = {**system("training-v1.0", "pytorch", date="2021-06"), **change}
    with pytest.raises(DataFileError) as info:
        load_mlperf_systems(write(tmp_path, [bad]))
    assert any(message in p.message for p in info.value.problems), info.value.problems


def test_missing_file_wrong_columns_and_two_dates_are_errors(tmp_path):
    with pytest.raises(DataFileError, match="missing"):
        load_mlperf_systems(tmp_path / "mlperf_systems.csv")
    path = write(tmp_path, [system("training-v1.0", "pytorch")])
    path.write_text(path.read_text().replace("frameworks_all", "all_frameworks"), encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        load_mlperf_systems(path)
    with pytest.raises(DataFileError, match="2 different dates"):
        load_mlperf_systems(write(tmp_path, [system("training-v1.0", "pytorch", date="2021-06"),
                                             system("training-v1.0", "jax", date="2021-07")]))


def test_shares_sum_to_100_per_round_on_the_real_data():
    data = load_mlperf_systems(REAL).value.frame
    for benchmark in ("training", "inference"):
        for division in ("closed", "open", "all"):
            shares = mlperf_shares(data, benchmark, division)
            sums = shares.groupby("round")["share"].sum()
            assert sums.round(9).eq(100).all(), (benchmark, division, sums)


def test_multi_and_unknown_are_categories_and_mentions_count_each_name(tmp_path):
    rows = [system("training-v2.0", "pytorch"), system("training-v2.0", "multi", "mxnet;pytorch"),
            system("training-v2.0", "unknown"), system("training-v2.0", "tensorflow", results="false"),
            system("training-v2.0", "jax", division="open")]
    data = frame(tmp_path, rows)
    shares = mlperf_shares(data, "training", "closed").set_index("category")
    assert shares.loc["pytorch", "share"] == pytest.approx(100 / 3)
    assert shares.loc["multi", "systems"] == 1 and shares.loc["unknown", "systems"] == 1
    assert "tensorflow" not in shares.index, "systems without results are left out"
    mentions = mlperf_shares(data, "training", "closed", "mentions").set_index("category")
    assert mentions.loc["pytorch", "systems"] == 2 and mentions.loc["mxnet", "systems"] == 1
    assert mentions["share"].sum() > 100
    everything = mlperf_shares(data, "training", "all").set_index("category")
    assert everything.loc["jax", "systems"] == 1 and everything["round_systems"].iloc[0] == 4


def test_rounds_follow_version_order_and_say_when_the_date_is_unknown(tmp_path):
    data = frame(tmp_path, [system("training-v10.0", "pytorch"), system("training-v2.1", "pytorch", date="2022-11"),
                            system("training-v0.5", "tensorflow")])
    rounds = round_table(data)
    assert rounds["version"].tolist() == ["v0.5", "v2.1", "v10.0"]
    assert rounds["axis"].tolist() == ["v0.5<br>no date<br>found", "v2.1<br>2022-11", "v10.0<br>no date<br>found"]


def test_reading_names_the_newest_leader_and_the_first_rounds_leader(tmp_path):
    data = frame(tmp_path, [system("training-v0.5", "tensorflow", file="a"), system("training-v0.5", "pytorch"),
                            system("training-v0.5", "tensorflow", file="b"),
                            system("training-v1.0", "pytorch", date="2021-06", file="c"),
                            system("training-v1.0", "pytorch", date="2021-06", file="d"),
                            system("training-v1.0", "multi", "pytorch;other", date="2021-06")])
    text = read_mlperf(mlperf_shares(data, "training", "closed"), "training", "closed")
    assert text == ("MLPerf Training v1.0 (2021-06), closed division: 67 % of systems run on PyTorch (2 of 3), "
                    "against 33 % in v0.5; 33 % name several frameworks; TensorFlow, first in v0.5 with 67 %, "
                    "is at 0 %.")


def test_figure_stacks_to_100_and_draws_multi_hatched():
    data = load_mlperf_systems(REAL).value.frame
    shares = mlperf_shares(data, "training", "closed")
    fig = make_mlperf_figure(shares, "systems", "Source: MLCommons")
    assert fig.layout.barmode == "stack" and list(fig.layout.yaxis.range) == [0, 100]
    multi = next(t for t in fig.data if t.meta == "multi")
    assert multi.marker.pattern.shape == "/"
    assert any(a.text == "Source: MLCommons" for a in fig.layout.annotations)
    lines = make_mlperf_figure(mlperf_shares(data, "training", "closed", "mentions"), "mentions")
    assert {t.type for t in lines.data} == {"scatter"} and "naming" in lines.layout.yaxis.title.text
