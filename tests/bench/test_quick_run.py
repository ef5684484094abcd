"""Smoke test of the real harness: `bench run --quick` for every installed framework, eager and compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from faceoff.bench import runner, spec
from faceoff.bench.gate import gate_ok, run_gate
from faceoff.bench.schema import BenchResult

pytestmark = [pytest.mark.bench, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("framework", spec.FRAMEWORKS)
def test_quick_run_writes_valid_results(framework, tmp_path):
    if not runner.installed(framework):
        pytest.skip(f"{framework} is not installed: {spec.INSTALL_HINTS[framework]}")
    proc = subprocess.run(
        [sys.executable, "-m", "faceoff", "bench", "run", "--quick", "--frameworks", framework, "--threads", "1",
         "--out", str(tmp_path), "--run-id", "smoke"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "[1/2] repeat 1/1" in proc.stdout and "Correctness gate" in proc.stdout
    files = sorted(tmp_path.glob("*.json"))
    results = [BenchResult.model_validate_json(f.read_text()) for f in files]
    assert {(r.workload, r.mode) for r in results} == {(w, m) for w in spec.QUICK_WORKLOADS for m in spec.MODES}
    assert all(r.suite == "quick" and r.framework == framework for r in results)
    assert all(r.environment.command.startswith("python -m faceoff bench run --quick") for r in results)
    assert gate_ok(run_gate(results))
    lm = {(r.workload, r.mode): r for r in results if r.workload in spec.LM_WORKLOADS}
    for mode in spec.MODES:
        train, gen = lm[("lm-train", mode)], lm[("lm-generate", mode)]
        assert train.timing.throughput_unit == gen.timing.throughput_unit == "tokens/s"
        assert len(train.lm.loss_per_step) == train.config.warmup_steps + train.config.steps
        assert len(gen.lm.generated) == gen.config.size["new_tokens"]
        assert 0 < gen.lm.ttft_summary.median < gen.timing.summary.median
