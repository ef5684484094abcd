"""The busy-machine rule: results started while the load exceeded the core count are shown, not counted."""

from __future__ import annotations

import pytest

from faceoff.bench import BUSY_LOAD_PER_CORE, BenchResult, benchmark_answers, busy_note, is_busy, results_frame
from tests.bench.conftest import make_result


def _run(framework: str, step: float, load: float) -> BenchResult:
    d = make_result(framework, steps=[step] * 5)
    d["environment"]["load_average_at_start"] = [load, load, load]
    return BenchResult.model_validate(d)


def test_the_rule_is_load_above_the_core_count():
    assert BUSY_LOAD_PER_CORE == 1.0
    assert is_busy(2.01, 2) and not is_busy(2.0, 2) and not is_busy(1.0, 2)
    assert not is_busy(None, 2) and not is_busy(5.0, None)  # unknown is not called busy
    assert busy_note([6.4, 12.0], 2) == "measured on a busy machine (load 6.4–12.0 on 2 cores): not a ranking"
    assert busy_note([7.0], 2) == "measured on a busy machine (load 7.0 on 2 cores): not a ranking"


def test_results_frame_marks_busy_runs_from_their_environment():
    frame = results_frame([_run("jax", 0.001, 6.4), _run("pytorch", 0.002, 0.5)])
    assert list(frame["busy"]) == [True, False]
    assert list(frame["load_1m"]) == [6.4, 0.5] and list(frame["cores"]) == [2, 2]


def _cpu_answer(runs):
    answers = benchmark_answers(measured=results_frame(runs), workload_titles={"mlp-digits": "MLP"})
    return next(a for a in answers if a.family == "cpu-small")


def test_busy_runs_do_not_decide_the_cpu_answer():
    quiet = _cpu_answer([_run("jax", 0.001, 0.5), _run("pytorch", 0.002, 0.5)])
    assert quiet.fastest == "jax" and quiet.ratio == pytest.approx(2.0)
    busy = _cpu_answer([_run("jax", 0.001, 6.4), _run("pytorch", 0.002, 0.5), _run("tensorflow", 0.003, 0.5)])
    assert busy.fastest == "pytorch" and busy.ratio == pytest.approx(1.5)  # JAX's busy run is left out
    assert "1 of Faceoff's own results not counted: measured on a busy machine" in busy.strength
    only_busy = _cpu_answer([_run("jax", 0.001, 6.4), _run("pytorch", 0.002, 3.0)])
    assert only_busy.fastest is None and not only_busy.matched
