"""Builders of valid benchmark result dicts (no framework needed) for schema, upload, gate and figure tests."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from faceoff.bench.stats import summarize

BASE_STEPS = [0.010, 0.011, 0.012, 0.009, 0.010, 0.013, 0.011]


def make_result(framework: str = "pytorch", mode: str = "eager", workload: str = "mlp-digits", repeat: int = 1,
                steps: list[float] | None = None, accuracy: float | None = 0.95, params: int = 85002,
                **extra) -> dict:
    steps = list(steps or BASE_STEPS)
    kind = {"mlp-digits": "train-epochs", "cnn-digits": "train-epochs", "lstm-digits": "train-epochs",
            "cnn-synthetic": "train-steps"}.get(workload, "forward")
    result = {
        "schema_version": "1.0",
        "run_id": "20260101T000000Z",
        "suite": "full",
        "workload": workload,
        "workload_title": "MLP classifier (digits)",
        "kind": kind,
        "dataset": "digits",
        "framework": framework,
        "framework_version": "1.0",
        "mode": mode,
        "mode_detail": "test",
        "device": "cpu",
        "device_name": "CPU",
        "repeat": repeat,
        "repeats": 3,
        "order_index": 0,
        "config": {"batch_size": 64, "epochs": 2, "steps": 0, "warmup_steps": 1, "learning_rate": 0.001,
                   "seed": 0, "dtype": "float32", "size": {"hidden": 256}},
        "optimizer": {"name": "Adam", "learning_rate": 0.001},
        "loss": "cross-entropy",
        "param_count": params,
        "output_checksum": None,
        "timing": {
            "step_times_s": steps,
            "warmup_times_s": [1.5],
            "first_step_s": 1.5,
            "compile_time_s": 1.5 - summarize(steps)["median"],
            "summary": summarize(steps),
            "epoch_times_s": [1.6, 0.2],
            "throughput": 64 / summarize(steps)["median"],
            "throughput_unit": "samples/s",
            "harness_overhead": summarize([1e-6, 2e-6, 1.5e-6]),
        },
        "memory": {"method": "test", "import_baseline_rss_bytes": 100, "workload_start_rss_bytes": 1000,
                   "peak_rss_bytes": 3 * 2**20, "peak_minus_baseline_bytes": 2 * 2**20},
        "accuracy": None if accuracy is None else {"per_epoch": [accuracy - 0.1, accuracy], "final": accuracy,
                                                   "loss_per_epoch": [0.9, 0.3], "test_samples": 360},
        "environment": {
            "python": "3.11.9", "python_implementation": "CPython", "os": "Linux-6", "os_release": "6",
            "machine": "x86_64", "cpu_model": "Test CPU", "cpu_cores_logical": 2, "cpu_cores_physical": 2,
            "cpu_affinity": [0], "memory_total_bytes": 2**34,
            "threads": {"intra_op": 1, "inter_op": 1, "env": {"OMP_NUM_THREADS": "1"}},
            "load_average_at_start": [1.0, 0.5, 0.2], "gpu": None,
            "date": dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat(),
            "command": "python -m faceoff bench run", "worker_command": "python -m faceoff.bench.worker",
            "executable": "/usr/bin/python3", "framework_versions": {"torch": "1.0"},
            "matmul_precision": "highest", "compile_cache": None,
        },
    }
    if kind != "train-epochs" and accuracy is not None and "accuracy" not in extra:
        result["accuracy"] = None
    if kind != "train-epochs":
        result["timing"]["epoch_times_s"] = []
    result.update(extra)
    return copy.deepcopy(result)


@pytest.fixture
def result_dict() -> dict:
    return make_result()
