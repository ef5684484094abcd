"""The timing loop every framework shares: warm-up excluded, device sync before the clock, every step kept."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from faceoff.bench import spec
from faceoff.bench.stats import summarize

OVERHEAD_STEPS = 200
Progress = Callable[[str], None]


class Task(Protocol):
    """What a framework adapter builds for one workload (see faceoff/bench/fw_*.py)."""

    param_count: int

    def to_device(self, array: Any) -> Any: ...
    def train_step(self, x: Any, y: Any) -> Any: ...
    def forward(self) -> Any: ...
    def sync(self, out: Any) -> None: ...
    def loss_value(self, out: Any) -> float: ...
    def evaluate(self, x: Any, y: Any) -> float: ...
    def checksum(self, out: Any) -> float: ...
    def empty_step(self) -> Any: ...


# ---------------------------------------------------------------- memory

def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def current_rss() -> int:
    value = _status_kib("VmRSS")
    if value is not None:
        return value
    import psutil

    return int(psutil.Process().memory_info().rss)


class PeakRss:
    """Peak resident memory over a block: Linux's VmHWM after resetting it (clear_refs 5), else psutil sampling."""

    def __init__(self) -> None:
        self.method = ""
        self._peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            if _status_kib("VmHWM") is None:
                raise OSError("no VmHWM")
            self.method = "peak RSS (Linux VmHWM reset via /proc/self/clear_refs) minus RSS at workload start"
            return
        except OSError:
            pass
        self.method = "peak RSS (psutil sampling every 2 ms) minus RSS at workload start"
        self._peak = current_rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.002):
            self._peak = max(self._peak, current_rss())

    def stop(self) -> int:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            return max(self._peak, current_rss())
        return _status_kib("VmHWM") or current_rss()


# ---------------------------------------------------------------- timing

def time_call(fn: Callable[[], Any], sync: Callable[[Any], None]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    sync(out)
    return time.perf_counter() - start, out


def harness_overhead(task: Task, steps: int = OVERHEAD_STEPS) -> dict:
    """The cost of the loop itself: an empty step timed exactly like a real one (clock reads + device sync)."""
    times = [time_call(task.empty_step, task.sync)[0] for _ in range(steps)]
    return summarize(times)


def run_training_epochs(task: Task, data: spec.Data, config: spec.Config, progress: Progress) -> dict:
    step_times: list[float] = []
    warmup: list[float] = []
    epoch_times: list[float] = []
    accuracy: list[float] = []
    losses: list[float] = []
    x_test, y_test = task.to_device(data.x_test), task.to_device(data.y_test)
    done = 0
    for epoch in range(config.epochs):
        # Batches reach the device before the clock starts: compute-only timing.
        batches = [(task.to_device(x), task.to_device(y)) for x, y in spec.epoch_batches(data, config, epoch)]
        out = None
        epoch_start = time.perf_counter()
        for x, y in batches:
            elapsed, out = time_call(lambda x=x, y=y: task.train_step(x, y), task.sync)
            (warmup if done < config.warmup_steps else step_times).append(elapsed)
            done += 1
        epoch_times.append(time.perf_counter() - epoch_start)
        losses.append(task.loss_value(out))
        accuracy.append(task.evaluate(x_test, y_test))
        progress(f"epoch {epoch + 1}/{config.epochs}: loss {losses[-1]:.4f}, test accuracy {accuracy[-1]:.4f}, "
                 f"{epoch_times[-1]:.2f} s")
    return {"step_times": step_times, "warmup": warmup, "epoch_times": epoch_times,
            "accuracy": {"per_epoch": accuracy, "final": accuracy[-1], "loss_per_epoch": losses,
                         "test_samples": len(data.y_test)},
            "checksum": None}


def run_steps(task: Task, config: spec.Config, call: Callable[[], Any], progress: Progress,
              checksum_of_last: bool = True) -> dict:
    step_times: list[float] = []
    warmup: list[float] = []
    out = None
    total = config.warmup_steps + config.steps
    for i in range(total):
        elapsed, out = time_call(call, task.sync)
        (warmup if i < config.warmup_steps else step_times).append(elapsed)
        if (i + 1) % max(1, total // 4) == 0 or i + 1 == total:
            progress(f"step {i + 1}/{total}: {elapsed * 1000:.2f} ms")
    return {"step_times": step_times, "warmup": warmup, "epoch_times": [], "accuracy": None,
            "checksum": task.checksum(out) if checksum_of_last else None}


def measure(task_factory: Callable[[], Task], workload: spec.Workload, config: spec.Config,
            progress: Progress, gpu_reset: Callable[[], None], gpu_peak: Callable[[], int | None]) -> dict:
    """Build and run one workload; returns timing, memory and accuracy as plain values for the result file."""
    gc.collect()
    start_rss = current_rss()
    tracker = PeakRss()
    tracker.start()
    gpu_reset()
    task = task_factory()
    if workload.kind == "train-epochs":
        raw = run_training_epochs(task, spec.digits(config.seed), config, progress)
    elif workload.kind == "train-steps":
        batch = spec.synthetic(workload.id, config)
        x, y = task.to_device(batch["x"]), task.to_device(batch["y"])
        raw = run_steps(task, config, lambda: task.train_step(x, y), progress)
    else:
        raw = run_steps(task, config, task.forward, progress)
    peak = tracker.stop()
    gpu = gpu_peak()
    overhead = harness_overhead(task)
    times = raw["step_times"]
    summary = summarize(times)
    first = (raw["warmup"] or times)[0]
    return {
        "param_count": int(task.param_count),
        "output_checksum": raw["checksum"],
        "timing": {
            "step_times_s": times,
            "warmup_times_s": raw["warmup"],
            "first_step_s": first,
            "compile_time_s": max(0.0, first - summary["median"]),
            "summary": summary,
            "epoch_times_s": raw["epoch_times"],
            "throughput": spec.work_per_step(workload.id, config) / summary["median"],
            "throughput_unit": spec.throughput_unit(workload.id),
            "harness_overhead": overhead,
        },
        "memory": {
            "method": tracker.method,
            "workload_start_rss_bytes": start_rss,
            "peak_rss_bytes": peak,
            "peak_minus_baseline_bytes": max(0, peak - start_rss),
            "gpu_allocator_peak_bytes": gpu,
        },
        "accuracy": raw["accuracy"],
    }


def pin_cpus(threads: int) -> None:
    """Restrict the process to ``threads`` CPUs when fewer than all are asked for, so every framework gets the same."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        return
    if threads < len(cpus):
        os.sched_setaffinity(0, cpus[:threads])
