"""`bench import-mlperf` end to end on a small git repository built from real (cut) files; the stored CSV's checks;
hardware-matched pairs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from faceoff.bench import load_mlperf_results, mlperf_comparability, mlperf_matched
from faceoff.bench.mlperf.build import import_mlperf
from faceoff.bench.mlperf.source import RepoSnapshot, SourceError
from faceoff.errors import DataFileError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "mlperf"
MIN = 60_000.0
SCALE = 1.0011204481792717  # scaling.json of both folders


def git_repo(tmp_path: Path, tree: Path, name: str = "mlcommons+training_results_v2.1") -> tuple[Path, str]:
    repo = tmp_path / name
    shutil.copytree(tree, repo)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_AUTHOR_DATE": "2022-11-08T00:00:00Z",
           "GIT_COMMITTER_DATE": "2022-11-08T00:00:00Z", "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "results"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                            check=True).stdout.strip()
    return repo, commit


@pytest.fixture
def imported(tmp_path):
    repo, commit = git_repo(tmp_path, FIX / "training_results_v2.1")
    target = tmp_path / "out"
    lines: list[str] = []
    rows, skips = import_mlperf([str(repo)], target, {"inference-v5.0": "not fetched"}, echo=lines.append)
    return target, commit, rows, skips, lines


def test_import_scores_each_folder_as_the_summarizer_rules_say(imported):
    target, commit, rows, skips, _ = imported
    assert rows == 2 and skips == []
    frame = load_mlperf_results(target / "results.csv").value.frame.set_index("system_id")
    pt = [1665350767020 - 1665349733305, 1665353209618 - 1665352175982, 1665354436516 - 1665353402935,
          1665351991175 - 1665350956931, 1665355656651 - 1665354622550]
    tf = [1665352970930 - 1665351974926, 1665354182909 - 1665353187819, 1665351759848 - 1665350763876,
          1665355393275 - 1665354397333, 1665350554383 - 1665349558874]
    # hand-worked: PT sorted 1033581 < 1033636 < 1033715 < 1034101 < 1034244 -> mean of the middle three
    assert sorted(pt)[1:4] == [1033636, 1033715, 1034101]
    assert frame.at["HLS-Gaudi2-PT", "value"] == pytest.approx((1033636 + 1033715 + 1034101) / 3 / MIN * SCALE,
                                                               rel=1e-5)
    assert sorted(tf)[1:4] == [995509, 995942, 995972]
    assert frame.at["HLS-Gaudi2-TF", "value"] == pytest.approx((995509 + 995942 + 995972) / 3 / MIN * SCALE,
                                                               rel=1e-5)
    pt_row = frame.loc["HLS-Gaudi2-PT"]
    assert (pt_row["framework"], pt_row["accelerator"], pt_row["accelerator_count"]) == ("pytorch", "Intel Gaudi 2", 8)
    assert (pt_row["repo"], pt_row["commit"], pt_row["round"]) == ("mlcommons/training_results_v2.1", commit, "v2.1")
    assert pt_row["result_path"] == "Intel-HabanaLabs/results/HLS-Gaudi2-PT/resnet"
    assert frame.at["HLS-Gaudi2-TF", "framework"] == "tensorflow"


def test_provenance_lists_repository_commit_and_rounds_not_imported(imported):
    target, commit, *_ = imported
    loaded = load_mlperf_results(target / "results.csv")
    params = loaded.value.provenance.parameters
    assert params["repositories"][0]["commit"] == commit and params["repositories"][0]["results"] == 2
    assert {"round": "inference-v5.0", "reason": "not fetched"} in params["not_imported"]
    assert "Apache-2.0" in loaded.value.provenance.licence
    assert loaded.sources == 1


def test_matched_pair_on_the_same_gaudi2_machine(imported):
    target, *_ = imported
    frame = load_mlperf_results(target / "results.csv").value.frame
    pairs = mlperf_matched(frame)
    assert len(pairs) == 1
    pair = pairs.iloc[0]
    assert (pair["framework_a"], pair["framework_b"]) == ("pytorch", "tensorflow")
    # time to train: lower is better, ratio = b's time / a's time (< 1: PyTorch slower here)
    assert pair["ratio"] == pytest.approx(pair["value_b"] / pair["value_a"])
    assert pair["ratio"] < 1 and pair["faster"] == "tensorflow"


def _row(**change) -> dict:
    base = {"suite": "training", "round": "v2.1", "round_date": "", "benchmark": "resnet", "scenario": "",
            "division": "closed", "submitter": "S", "system": "sys", "system_id": "sys", "framework": "pytorch",
            "framework_raw": "PyTorch", "accelerator": "NVIDIA A100 SXM 80GB", "accelerator_count": 8,
            "metric": "time to train", "value": 10.0, "unit": "minutes", "higher_is_better": False, "valid": True,
            "repo": "mlcommons/training_results_v2.1", "commit": "0" * 40, "result_path": "S/results/sys/resnet"}
    base.update(change)
    return base


def test_pairs_only_for_identical_hardware_count_and_division():
    rows = [
        _row(result_path="a"),
        _row(result_path="b", framework="mxnet", value=8.0),                    # pairs with a: same hardware
        _row(result_path="c", framework="tensorflow", accelerator_count=16),    # more chips: hardware differs
        _row(result_path="d", framework="tensorflow", accelerator="NVIDIA A100 SXM 40GB"),  # other memory
        _row(result_path="e", framework="jax", division="open"),                # other division
        _row(result_path="f", framework="multi"),                               # no single framework
        _row(result_path="g", framework="paddle", valid=False),                 # invalid result
    ]
    frame = pd.DataFrame(rows)
    pairs = mlperf_matched(frame)
    assert list(zip(pairs["result_path_a"], pairs["result_path_b"], strict=True)) == [("a", "b")]
    assert pairs.iloc[0]["ratio"] == pytest.approx(8.0 / 10.0)
    labels = mlperf_comparability(frame)
    assert list(labels) == ["hardware-matched", "hardware-matched"] + ["hardware differs"] * 5


def test_throughput_ratio_is_a_over_b():
    rows = [_row(result_path="a", suite="inference", scenario="Offline", metric="samples per second",
                 unit="samples/s", higher_is_better=True, value=300.0),
            _row(result_path="b", suite="inference", scenario="Offline", metric="samples per second",
                 unit="samples/s", higher_is_better=True, value=200.0, framework="tensorrt")]
    pair = mlperf_matched(pd.DataFrame(rows)).iloc[0]
    assert pair["ratio"] == pytest.approx(1.5) and pair["faster"] == "pytorch"


def test_a_plain_folder_is_refused_with_the_reason(tmp_path):
    (tmp_path / "training_results_v2.1").mkdir()
    with pytest.raises(SourceError, match="not a git repository"):
        RepoSnapshot(tmp_path / "training_results_v2.1")


def test_corrupt_csv_is_reported_by_row_and_field(imported):
    target, *_ = imported
    csv = target / "results.csv"
    text = csv.read_text().splitlines()
    text[2] = text[2].replace(",true,", ",maybe,", 1)
    csv.write_text("\n".join(text) + "\n")
    with pytest.raises(DataFileError) as err:
        load_mlperf_results(csv)
    assert any(p.row == "3" and p.field == "valid" for p in err.value.problems)


def test_bad_logs_are_reported_and_do_not_stop_the_import(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(FIX / "training_results_v2.1", tree)
    folder = tree / "Intel-HabanaLabs" / "results" / "HLS-Gaudi2-TF" / "resnet"
    shutil.copy(FIX / "logs" / "aborted.txt", folder / "result_1.txt")
    shutil.copy(FIX / "logs" / "malformed.txt", folder / "result_2.txt")
    repo, _ = git_repo(tmp_path, tree)
    rows, skips = import_mlperf([str(repo)], tmp_path / "out", {}, echo=lambda line: None)
    assert rows == 1  # the TF folder has two failed runs: no score, the PT folder still imports
    prefix = "Intel-HabanaLabs/results/HLS-Gaudi2-TF/resnet"
    assert f"{prefix}/result_1.txt:15: run_stop status 'aborted', not 'success' (did not converge)" in skips
    assert any(s.startswith(f"{prefix}/result_2.txt:15: malformed :::MLLOG line") for s in skips)
    assert any(s.startswith(f"{prefix}: no score: 2 failed runs") for s in skips)


def test_cli_refuses_a_plain_folder_and_keeps_the_stored_file(tmp_path, capsys):
    from faceoff.cli import main

    target = tmp_path / "out"
    target.mkdir()
    (target / "results.csv").write_text("kept\n")
    (tmp_path / "training_results_v2.1").mkdir()
    code = main(["bench", "import-mlperf", str(tmp_path / "training_results_v2.1"), "--to", str(target)])
    assert code == 1
    assert "not a git repository" in capsys.readouterr().err
    assert (target / "results.csv").read_text() == "kept\n"


def test_cli_writes_every_skip_to_the_skips_file(tmp_path):
    from faceoff.cli import main

    tree = tmp_path / "tree"
    shutil.copytree(FIX / "training_results_v2.1", tree)
    shutil.copy(FIX / "logs" / "aborted.txt",
                tree / "Intel-HabanaLabs" / "results" / "HLS-Gaudi2-PT" / "resnet" / "result_0.txt")
    repo, _ = git_repo(tmp_path, tree)
    skips = tmp_path / "skipped.txt"
    assert main(["bench", "import-mlperf", str(repo), "--to", str(tmp_path / "out"), "--skips", str(skips)]) == 0
    assert skips.read_text().splitlines() == [
        "Intel-HabanaLabs/results/HLS-Gaudi2-PT/resnet/result_0.txt:15: run_stop status 'aborted', not 'success' "
        "(did not converge)"]
