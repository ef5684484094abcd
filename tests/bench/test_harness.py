"""The harness without any framework: the timing loop, the interleaved plan, the worker's crash isolation, the CLI."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import pytest

from faceoff.bench import cli as bench_cli
from faceoff.bench import harness, runner, spec, worker
from faceoff.bench.schema import BenchResult
from faceoff.cli import main


class NumpyTask:
    """A framework stand-in: a linear classifier trained with NumPy."""

    def __init__(self, workload, config, params, fail=False):
        if fail:
            raise RuntimeError("simulated framework crash")
        self.workload = workload
        self.params = params
        self.param_count = spec.count_params(params)
        self.w = np.zeros((64, 10), np.float32)
        self.calls = 0

    def to_device(self, array):
        return np.asarray(array)

    def train_step(self, x, y):
        self.calls += 1
        logits = x.reshape(len(x), -1) @ self.w
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        p[np.arange(len(y)), y] -= 1
        self.w -= 0.1 * x.reshape(len(x), -1).T @ p / len(y)
        return np.float32(0.5)

    def forward(self):
        return np.ones((4, 4), np.float32)

    def sync(self, out):
        return None

    def loss_value(self, out):
        return float(out)

    def evaluate(self, x, y):
        return float(((x.reshape(len(x), -1) @ self.w).argmax(1) == y).mean())

    def checksum(self, out):
        return float(np.abs(out).mean())

    def empty_step(self):
        return None


def test_training_loop_excludes_warmup_and_keeps_every_step():
    workload = spec.WORKLOADS["mlp-digits"]
    config = spec.override(workload.quick, epochs=2, warmup_steps=3)
    task = None

    def factory():
        nonlocal task
        task = NumpyTask(workload, config, spec.init_params("mlp-digits", config))
        return task

    out = harness.measure(factory, workload, config, lambda msg: None, lambda: None, lambda: None)
    steps_per_epoch = len(spec.epoch_batches(spec.digits(), config, 0))
    assert task.calls == 2 * steps_per_epoch
    assert len(out["timing"]["warmup_times_s"]) == 3
    assert len(out["timing"]["step_times_s"]) == 2 * steps_per_epoch - 3
    assert len(out["accuracy"]["per_epoch"]) == 2 and out["accuracy"]["final"] > 0.5
    assert out["timing"]["harness_overhead"]["n"] == harness.OVERHEAD_STEPS
    assert out["memory"]["peak_rss_bytes"] >= out["memory"]["workload_start_rss_bytes"] > 0


def test_same_batches_for_every_framework():
    data, config = spec.digits(), spec.WORKLOADS["mlp-digits"].full
    a, b = spec.epoch_batches(data, config, 3), spec.epoch_batches(data, config, 3)
    assert all(np.array_equal(x1, x2) for (x1, _), (x2, _) in zip(a, b, strict=True))
    assert all(len(y) == config.batch_size for _, y in a)
    assert not np.array_equal(a[0][0], spec.epoch_batches(data, config, 4)[0][0])


def test_reference_parameter_counts():
    counts = {w: spec.count_params(spec.init_params(w, spec.WORKLOADS[w].full)) for w in spec.WORKLOADS}
    assert counts == {"mlp-digits": 85002, "cnn-digits": 151306, "lstm-digits": 71434, "cnn-synthetic": 94538,
                      "matmul": 0, "transformer-block": 789760, "lm-train": 470784, "lm-generate": 470784}


def test_plan_interleaves_frameworks_and_modes():
    jobs = runner.plan(list(spec.FRAMEWORKS), list(spec.MODES), 3)
    assert len(jobs) == 18
    firsts = [next(j.framework for j in jobs if j.repeat == r) for r in (1, 2, 3)]
    assert sorted(firsts) == sorted(spec.FRAMEWORKS)
    modes = [next(j.mode for j in jobs if j.repeat == r) for r in (1, 2, 3)]
    assert modes == ["eager", "compiled", "eager"]
    assert {(j.framework, j.mode, j.repeat) for j in jobs} == {
        (f, m, r) for f in spec.FRAMEWORKS for m in spec.MODES for r in (1, 2, 3)}


def test_eta_uses_the_same_kind_of_job():
    jobs = runner.plan(["pytorch", "jax"], ["eager"], 2)
    done = [runner.Outcome(jobs[0], 0, 10.0), runner.Outcome(jobs[1], 0, 30.0)]
    assert runner.eta(jobs, done) == pytest.approx(40.0)
    assert runner.eta(jobs, []) is None


def test_worker_env_pins_threads_equally():
    env = runner.worker_env(2, "cpu", "/tmp/cache")
    assert env["OMP_NUM_THREADS"] == env["MKL_NUM_THREADS"] == env["TF_NUM_INTRAOP_THREADS"] == "2"
    assert "intra_op_parallelism_threads=2" in env["XLA_FLAGS"]
    assert env["JAX_PLATFORMS"] == "cpu" and env["TORCHINDUCTOR_CACHE_DIR"] == "/tmp/cache"
    assert runner.NOISE.match("I0000 00:00:1795315629.879626   31656 port.cc:153] oneDNN custom operations")
    assert not runner.NOISE.match("  mlp-digits · jax · eager: start")


def fake_adapter_module(fail_on: str) -> types.ModuleType:
    module = types.ModuleType("fake_fw")

    class Adapter:
        version = "0.0-test"

        def __init__(self, device, threads, mode):
            self.mode = mode

        def device_name(self):
            return "CPU"

        def environment(self):
            return {"framework_versions": {"fake": "0.0"}, "matmul_precision": "n/a", "gpu": None,
                    "compile_cache": None}

        def reset_gpu_peak(self):
            return None

        def gpu_peak(self):
            return None

        def gpu_method(self):
            return None

        def build(self, workload, config, params):
            return NumpyTask(workload, config, params, fail=workload.id == fail_on)

    module.Adapter = Adapter
    return module


def test_worker_keeps_results_when_one_workload_crashes(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "fake_fw", fake_adapter_module(fail_on="matmul"))
    monkeypatch.setitem(worker.ADAPTERS, "jax", "fake_fw")
    code = worker.main(["--framework", "jax", "--mode", "eager", "--threads", "1", "--workloads",
                        "matmul,mlp-digits", "--suite", "quick", "--run-id", "t", "--out", str(tmp_path),
                        "--command", "python -m faceoff bench run --quick", "--load", "1.0,0.5,0.25"])
    assert code == worker.EXIT_PARTIAL
    files = list(tmp_path.glob("*.json"))
    assert [f.name for f in files] == ["mlp-digits__jax__eager__cpu__r1__t.json"]
    result = BenchResult.model_validate_json(files[0].read_text())
    assert result.environment.load_average_at_start == [1.0, 0.5, 0.25]
    assert result.environment.threads.intra_op == 1
    assert "simulated framework crash" in capsys.readouterr().err


def test_missing_framework_is_skipped_with_install_hint(monkeypatch, capsys):
    monkeypatch.setattr(runner, "installed", lambda fw: fw != "jax")
    assert main(["bench", "run", "--frameworks", "jax", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "skipping JAX: not installed" in err and "pip install jax==" in err
    assert main(["bench", "run", "--frameworks", "jax,pytorch", "--quick", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "pytorch" in out and "jax" not in out


def test_cli_list_schema_and_validate(tmp_path, capsys):
    assert main(["bench", "list"]) == 0
    assert "transformer-block" in capsys.readouterr().out
    assert main(["bench", "schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Faceoff benchmark result"
    (tmp_path / "bad.json").write_text("[]")
    assert main(["bench", "validate", str(tmp_path)]) == 1
    assert "INVALID" in capsys.readouterr().out
    assert main(["bench", "run", "--workloads", "resnet", "--dry-run"]) == 2


def test_cli_module_imports_no_framework():
    import subprocess

    code = ("import sys, faceoff.cli as c; c.build_parser(); import faceoff.bench.cli; "
            "print(sorted(m for m in ('torch', 'tensorflow', 'jax') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=bench_cli.ROOT).stdout.strip()
    assert out == "[]"
