"""The stored MLPerf results: they load, cover the imported rounds, and agree with MLCommons' own summarizer."""

from __future__ import annotations

import pytest

from faceoff.bench import load_mlperf_results, mlperf_matched
from faceoff.paths import ROOT

CSV = ROOT / "data" / "benchmarks" / "mlperf" / "results.csv"

# scores printed by mlperf_logging's _compute_strong_score_standalone (mlcommons/logging @7bbf7926) on the full
# result folders (docs/mlperf-results.md, "Checked against MLCommons' own summarizer")
SUMMARIZER = {
    ("v2.1", "Intel-HabanaLabs/results/HLS-Gaudi2-PT/resnet"): 17.24959453470277,
    ("v2.1", "Intel-HabanaLabs/results/HLS-Gaudi2-TF/resnet"): 16.615390292561468,
    ("v2.0", "Dell/results/XE8545x4A100-SXM-40GB/resnet"): 62.21281666666667,
    ("v2.0", "H3C/results/R5500G5-AMDx8A100-SXM-80GB/bert"): 17.623814583333335,
    ("v3.0", "NVIDIA/results/dgxh100_ngc23.04_pytorch/bert"): 5.46880625,
    ("v4.1", "ASUSTeK/results/ESC_N8_E11/bert"): 5.116225000000001,
}


@pytest.fixture(scope="module")
def frame():
    return load_mlperf_results(CSV).value.frame


@pytest.mark.parametrize(("key", "minutes"), list(SUMMARIZER.items()))
def test_stored_training_scores_equal_the_summarizer(frame, key, minutes):
    rnd, path = key
    row = frame[(frame["suite"] == "training") & (frame["round"] == rnd) & (frame["result_path"] == path)]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(minutes, rel=1e-5)


def test_every_round_imported_is_listed_with_its_commit(frame):
    loaded = load_mlperf_results(CSV)
    repos = {(r["repo"], r["commit"]) for r in loaded.value.provenance.parameters["repositories"]}
    assert set(zip(frame["repo"], frame["commit"], strict=True)) <= repos
    assert {r["round"] for r in loaded.value.provenance.parameters["not_imported"]} >= {"inference-v4.0"}


def test_gaudi2_pairs_are_same_submitter_same_hardware(frame):
    pairs = mlperf_matched(frame)
    gaudi = pairs[(pairs["accelerator"] == "Intel Gaudi 2") & (pairs["framework_a"] == "pytorch")
                  & (pairs["framework_b"] == "tensorflow")]
    assert set(gaudi["round"]) == {"v2.1", "v3.0", "v3.1"}
    assert (gaudi["accelerator_count"] == 8).all()
