"""MLPerf scoring from real (cut) result files, against numbers worked by hand from the summarizer's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceoff.bench.mlperf.hardware import normalise_accelerator
from faceoff.bench.mlperf.scoring import Run, olympic_average, score_benchmark, score_run, score_summary

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "mlperf"
MIN = 60_000.0  # ms per minute


def run(name: str) -> Run:
    path = FIX / "logs" / name
    return score_run(path.read_text(encoding="latin-1"), f"logs/{name}")


def test_converged_run_is_run_stop_minus_run_start_in_minutes():
    assert run("converged.txt").minutes == pytest.approx((1652678549518 - 1652674817323) / MIN)
    assert run("converged.txt").why is None


def test_rank_prefixed_lines_are_read_like_the_summarizer_does():
    assert run("rank_prefixed.txt").minutes == pytest.approx((1652313477788 - 1652312138996) / MIN)


@pytest.mark.parametrize(("name", "line", "words"), [
    ("aborted.txt", 15, "aborted"),
    ("malformed.txt", 15, "malformed :::MLLOG line"),
    ("no_run_stop.txt", None, "run_stop not recorded"),
])
def test_failed_runs_name_file_and_line(name, line, words):
    outcome = run(name)
    assert outcome.minutes is None
    assert outcome.why is not None and outcome.why.line == line and words in outcome.why.message
    assert str(outcome.why).startswith(f"logs/{name}" + (f":{line}" if line else ""))


def test_one_failed_run_takes_the_slowest_place():
    # three converged runs and one aborted: the fastest is dropped, the failure is the dropped slowest,
    # so the score is the mean of the two slower converged runs
    runs = [run("converged.txt"), run("converged_3.txt"), run("rank_prefixed.txt"), run("aborted.txt")]
    slower = [(1652678549518 - 1652674817323) / MIN, (1652689951531 - 1652686218271) / MIN]
    score = score_benchmark("resnet", runs)
    assert score.minutes == pytest.approx(sum(slower) / 2)
    assert (score.runs_used, score.runs_total, score.runs_failed) == (2, 4, 1)
    assert "4 result files, 5 required" in score.notes


def test_two_failed_runs_give_no_score():
    runs = [run("converged.txt"), run("converged_3.txt"), run("aborted.txt"), run("malformed.txt"),
            run("rank_prefixed.txt")]
    score = score_benchmark("resnet", runs)
    assert score.minutes is None and "2 failed runs, at most 1 allowed" in score.why


def test_unet3d_drops_four_on_each_side_and_allows_four_failures():
    runs = [Run(f"r{i}", float(i)) for i in range(1, 41)]
    assert score_benchmark("unet3d", runs).minutes == pytest.approx(sum(range(5, 37)) / 32)
    failed = runs[:36] + [Run(f"f{i}", None) for i in range(4)]
    # 36 converged, 4 failed: drop the 4 fastest (1..4); the failures are the 4 slowest, so 5..36 remain
    assert score_benchmark("unet3d", failed).minutes == pytest.approx(sum(range(5, 37)) / 32)
    assert score_benchmark("unet3d", [*failed, Run("f5", None)]).minutes is None


def test_olympic_average_of_five_is_the_middle_three():
    assert olympic_average([5.0, 1.0, 4.0, 2.0, 3.0], 0, 1) == (3.0, 3)


def test_scaling_factor_multiplies_the_average():
    runs = [Run("a", 10.0), Run("b", 20.0), Run("c", 30.0), Run("d", 40.0), Run("e", 50.0)]
    assert score_benchmark("resnet", runs, 1.5).minutes == pytest.approx(45.0)


@pytest.mark.parametrize(("name", "version", "scenario", "value", "unit", "higher", "valid"), [
    ("offline_llm_valid_v5.1.txt", "v5.1", "Offline", 27803.9, "tokens/s", True, True),
    ("server_llm_valid_v5.1.txt", "v5.1", "Server", 24593.77, "tokens/s", True, True),
    ("singlestream_valid_v5.1.txt", "v5.1", "SingleStream", 51.002040, "ms", False, True),
    # LLM: the early-stopping lines are for first-token and per-token latency; the result is the query latency
    ("singlestream_llm_valid_v5.1.txt", "v5.1", "SingleStream", 3545.895439, "ms", False, True),
    ("offline_invalid_v0.7.txt", "v0.7", "Offline", 21.7825, "samples/s", True, False),
    ("multistream_legacy_v0.7.txt", "v0.7", "MultiStream", 272.0, "samples/query", True, True),
])
def test_inference_summary_result_line(name, version, scenario, value, unit, higher, valid):
    result = score_summary((FIX / "inference" / name).read_text(), name, version)
    assert not hasattr(result, "message"), result
    assert (result.scenario, result.unit, result.higher_is_better, result.valid) == (scenario, unit, higher, valid)
    assert result.value == pytest.approx(value)


def test_inference_summary_with_a_bad_number_names_the_line():
    text = (FIX / "inference" / "offline_invalid_v0.7.txt").read_text().replace("Samples per second: 21.7825",
                                                                                "Samples per second: n/a")
    skip = score_summary(text, "s.txt", "v0.7")
    assert skip.line == 7 and "not a number" in skip.message


def test_inference_summary_without_verdict_is_skipped():
    text = (FIX / "inference" / "offline_invalid_v0.7.txt").read_text().replace("Result is : INVALID", "")
    assert "VALID/INVALID" in score_summary(text, "s.txt", "v0.7").message


@pytest.mark.parametrize(("spellings", "name"), [
    (["NVIDIA A100-SXM4-80GB (400W)", "NVIDIA A100-SXM-80GB", "A100-SXM4-80GB", "NVIDIA A100-SXM-80GB CTS"],
     "NVIDIA A100 SXM 80GB"),
    (["Habana Gaudi2", "Intel Gaudi2", "Intel(R) Gaudi(R) 2 AI Accelerator"], "Intel Gaudi 2"),
    (["tpu-v3", "TPU v3", "tpuv3-8"], "Google TPU v3"),
    (["NVIDIA H100-SXM5-80GB", "Virtualized NVIDIA H100-SXM-80GB"], "NVIDIA H100 SXM 80GB"),
])
def test_one_accelerator_name_per_chip(spellings, name):
    assert {normalise_accelerator(s) for s in spellings} == {name}


def test_memory_and_mig_slices_stay_apart():
    names = {normalise_accelerator(s) for s in ("NVIDIA A100-SXM4-40GB", "NVIDIA A100-SXM4-80GB",
                                                "NVIDIA A100-SXM-80GB (1x1g.10gb MIG)")}
    assert len(names) == 3
    assert normalise_accelerator("N/A") == ""


@pytest.mark.parametrize(("folder", "measured", "expected"), [
    ("Offline", "Offline", "Offline"),
    ("singlestream", "SingleStream", "SingleStream"),  # v0.5 folders are lower case
    ("Interactive", "Server", "Interactive"),           # an Interactive result is a Server run with tighter limits
    ("multistream", "SingleStream", None),              # inferred from a SingleStream run: not scored
])
def test_folder_scenario(folder, measured, expected):
    from faceoff.bench.mlperf.scoring import folder_scenario

    assert folder_scenario(folder, measured) == expected
