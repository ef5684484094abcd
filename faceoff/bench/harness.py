"""The timing loop every framework shares: warm-up excluded, device sync before the clock, every step kept."""

from __future__ import annotations

import functools
import gc
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from faceoff.bench import spec
from faceoff.bench.stats import median, summarize

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
            elapsed, out = time_call(functools.partial(task.train_step, x, y), task.sync)
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


def run_lm_training(task: Task, config: spec.Config, progress: Progress) -> dict:
    """One training step per batch of corpus windows (all on the device before the clock starts); every loss kept."""
    from faceoff.bench import corpus

    total = config.warmup_steps + config.steps
    batches = [(task.to_device(x), task.to_device(y))
               for x, y in corpus.lm_batches(config.batch_size, config.size["ctx"], total, config.seed)]
    step_times: list[float] = []
    warmup: list[float] = []
    losses: list[float] = []
    out = None
    for i, (x, y) in enumerate(batches):
        elapsed, out = time_call(functools.partial(task.train_step, x, y), task.sync)
        (warmup if i < config.warmup_steps else step_times).append(elapsed)
        losses.append(task.loss_value(out))  # read after the clock stopped
        if (i + 1) % max(1, total // 4) == 0 or i + 1 == total:
            progress(f"step {i + 1}/{total}: loss {losses[-1]:.4f}, {elapsed * 1000:.1f} ms")
    return {"step_times": step_times, "warmup": warmup, "epoch_times": [], "accuracy": None,
            "checksum": losses[-1], "lm": {"tokens_per_step": config.batch_size * config.size["ctx"],
                                           "loss_per_step": losses}}


def run_generation(task: Any, config: spec.Config, progress: Progress) -> dict:
    """Whole greedy generations; each step's time and its time to first token (prefill + first argmax)."""
    step_times: list[float] = []
    warmup: list[float] = []
    ttft: list[float] = []
    warmup_ttft: list[float] = []
    decode_rates: list[float] = []
    total = config.warmup_steps + config.steps
    new = config.size["new_tokens"]
    tokens = None
    for i in range(total):
        start = time.perf_counter()
        tokens, first = task.generate()  # returns host tokens: every generated token has been computed
        elapsed = time.perf_counter() - start
        if i < config.warmup_steps:
            warmup.append(elapsed)
            warmup_ttft.append(first)
        else:
            step_times.append(elapsed)
            ttft.append(first)
            if new > 1 and elapsed > first:
                decode_rates.append((new - 1) * config.batch_size / (elapsed - first))
        progress(f"generation {i + 1}/{total}: {elapsed * 1000:.1f} ms, first token {first * 1000:.1f} ms")
    assert tokens is not None
    return {"step_times": step_times, "warmup": warmup, "epoch_times": [], "accuracy": None, "checksum": None,
            "lm": {"tokens_per_step": config.batch_size * new, "prompt_tokens": config.size["prompt"],
                   "new_tokens": new, "ttft_s": ttft, "warmup_ttft_s": warmup_ttft, "ttft_summary": summarize(ttft),
                   "decode_tokens_per_s": median(decode_rates) if decode_rates else None,
                   "generated": [int(t) for t in tokens[0]]}}


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
    elif workload.kind == "lm-train":
        raw = run_lm_training(task, config, progress)
    elif workload.kind == "generate":
        raw = run_generation(task, config, progress)
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
        "lm": _lm_section(raw.get("lm")),
    }


def _lm_section(lm: dict | None) -> dict | None:
    if lm is None:
        return None
    from faceoff.bench import corpus

    info = corpus.describe()
    return {"corpus": info["source"], "corpus_bytes": info["bytes"], "corpus_sha256": info["sha256"], **lm}


def pin_cpus(threads: int) -> None:
    """Restrict the process to ``threads`` CPUs when fewer than all are asked for, so every framework gets the same."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        return
    if threads < len(cpus):
        os.sched_setaffinity(0, cpus[:threads])
