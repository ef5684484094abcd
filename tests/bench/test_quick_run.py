"""Smoke test of the real harness end to end: `bench run --quick` for every installed framework, then the gate.

Eager mode runs every quick workload (MLP epochs, matmul, LM training, LM generation) in all frameworks in one
run, so the correctness gate compares the frameworks with each other (same losses, same greedy tokens). Compiled
mode runs the matmul micro-benchmark only: it proves each framework's compiled path writes valid results without
paying torch.compile's ~15 s per LM graph (the LM compiled paths run in the full suite; docs/benchmarks.md).
"""

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


def _installed() -> list[str]:
    frameworks = [f for f in spec.FRAMEWORKS if runner.installed(f)]
    if not frameworks:
        pytest.skip("no framework installed: pip install -r requirements-bench.txt")
    return frameworks


def _run(tmp_path: Path, frameworks: list[str], *args: str) -> list[BenchResult]:
    proc = subprocess.run(
        [sys.executable, "-m", "faceoff", "bench", "run", "--quick", "--frameworks", ",".join(frameworks),
         "--threads", "1", "--out", str(tmp_path), "--run-id", "smoke", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"[1/{len(frameworks)}] repeat 1/1" in proc.stdout and "Correctness gate" in proc.stdout
    return [BenchResult.model_validate_json(f.read_text()) for f in sorted(tmp_path.glob("*.json"))]


def test_quick_eager_run_of_every_framework_passes_the_cross_framework_gate(tmp_path):
    frameworks = _installed()
    results = _run(tmp_path, frameworks, "--modes", "eager")
    assert {(r.workload, r.framework) for r in results} == {(w, f) for w in spec.QUICK_WORKLOADS for f in frameworks}
    assert all(r.suite == "quick" and r.mode == "eager" for r in results)
    assert all(r.environment.command.startswith("python -m faceoff bench run --quick") for r in results)
    assert all(r.environment.load_average_at_start is not None for r in results)  # the busy-machine rule needs it
    checks = run_gate(results)
    assert gate_ok(checks)
    if len(frameworks) > 1:  # the frameworks agree with each other, not just with themselves
        assert any("greedy tokens identical" in c.check and c.ok for c in checks)
    for fw in frameworks:
        train, gen = (next(r for r in results if r.workload == w and r.framework == fw)
                      for w in ("lm-train", "lm-generate"))
        assert train.timing.throughput_unit == gen.timing.throughput_unit == "tokens/s"
        assert len(train.lm.loss_per_step) == train.config.warmup_steps + train.config.steps
        assert len(gen.lm.generated) == gen.config.size["new_tokens"]
        assert 0 < gen.lm.ttft_summary.median < gen.timing.summary.median


def test_quick_compiled_run_of_every_framework_writes_valid_results(tmp_path):
    frameworks = _installed()
    results = _run(tmp_path, frameworks, "--modes", "compiled", "--workloads", "matmul")
    assert sorted(r.framework for r in results) == sorted(frameworks)
    assert all(r.mode == "compiled" and r.workload == "matmul" and r.suite == "quick" for r in results)
    compilers = {"pytorch": "torch.compile", "tensorflow": "jit_compile=True", "jax": "jax.jit"}
    assert all(compilers[r.framework] in r.mode_detail for r in results)
    assert gate_ok(run_gate(results))
