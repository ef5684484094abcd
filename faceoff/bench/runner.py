"""Plans and runs a benchmark suite: one fresh worker process per framework × mode × repeat, order interleaved."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from faceoff.bench import env, spec
from faceoff.paths import ROOT

NOISE = re.compile(r"^(WARNING: All log messages before absl::InitializeLog|I0000 |W0000 |E0000 .*cuda|"
                   r"To enable the following instructions|.*Profiler record function)")


@dataclass(frozen=True)
class Job:
    index: int
    repeat: int
    framework: str
    mode: str


@dataclass
class Outcome:
    job: Job
    returncode: int
    seconds: float
    files: list[Path] = field(default_factory=list)
    message: str = ""


def installed(framework: str) -> bool:
    return importlib.util.find_spec(spec.FRAMEWORK_MODULES[framework]) is not None


def plan(frameworks: list[str], modes: list[str], repeats: int) -> list[Job]:
    """Interleaved order: each repeat rotates the framework order and alternates the mode order (machines drift)."""
    jobs: list[Job] = []
    for r in range(repeats):
        fws = frameworks[r % len(frameworks):] + frameworks[: r % len(frameworks)]
        mds = modes if r % 2 == 0 else list(reversed(modes))
        for mode in mds:
            for fw in fws:
                jobs.append(Job(len(jobs), r + 1, fw, mode))
    return jobs


def worker_env(threads: int, device: str, compile_cache: str | None) -> dict:
    envv = dict(os.environ)
    envv.update({
        "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
        "TF_NUM_INTRAOP_THREADS": str(threads), "TF_NUM_INTEROP_THREADS": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
        "XLA_FLAGS": f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'} "
                     f"intra_op_parallelism_threads={threads}",
        "PYTHONUNBUFFERED": "1",
        # Compile in-process: a pool of inductor compile workers would keep competing for the CPUs being measured.
        "TORCHINDUCTOR_COMPILE_THREADS": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    })
    if device == "cpu":
        envv["JAX_PLATFORMS"] = "cpu"
        envv["CUDA_VISIBLE_DEVICES"] = ""
    if compile_cache:
        envv["TORCHINDUCTOR_CACHE_DIR"] = compile_cache
    return envv


def format_seconds(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def eta(jobs: list[Job], done: list[Outcome]) -> float | None:
    """Remaining time: each pending job costs what the same framework × mode took before, else the overall mean."""
    if not done:
        return None
    by_kind: dict[tuple, list[float]] = {}
    for o in done:
        by_kind.setdefault((o.job.framework, o.job.mode), []).append(o.seconds)
    mean_all = sum(o.seconds for o in done) / len(done)
    finished = {o.job.index for o in done}
    total = 0.0
    for job in jobs:
        if job.index in finished:
            continue
        seen = by_kind.get((job.framework, job.mode))
        total += sum(seen) / len(seen) if seen else mean_all
    return total


@dataclass
class RunOptions:
    frameworks: list[str]
    modes: list[str]
    workloads: list[str]
    repeats: int
    threads: int
    device: str
    suite: str
    overrides: dict
    out: Path
    run_id: str
    command: str
    timeout: float
    fresh_compile_cache: bool


def run_suite(opts: RunOptions, echo: Callable[[str], None] = print) -> list[Outcome]:
    jobs = plan(opts.frameworks, opts.modes, opts.repeats)
    opts.out.mkdir(parents=True, exist_ok=True)
    cache = tempfile.mkdtemp(prefix=f"faceoff-inductor-{opts.run_id}-") if opts.fresh_compile_cache else None
    echo(f"Run {opts.run_id}: {len(jobs)} processes ({', '.join(opts.frameworks)} × {', '.join(opts.modes)} × "
         f"{opts.repeats} repeat(s)), workloads {', '.join(opts.workloads)}, {opts.threads} thread(s) on "
         f"{opts.device}; results -> {opts.out}")
    if cache:
        echo(f"torch.compile cache for this run: {cache} (cold for the first compiled PyTorch process)")
    started = time.monotonic()
    outcomes: list[Outcome] = []
    for job in jobs:
        remaining = eta(jobs, outcomes)
        echo(f"[{job.index + 1}/{len(jobs)}] repeat {job.repeat}/{opts.repeats} · {job.framework} · {job.mode} · "
             f"elapsed {format_seconds(time.monotonic() - started)}"
             + (f" · ETA {format_seconds(remaining)}" if remaining is not None else ""))
        load = env.load_average()
        before = set(opts.out.glob("*.json"))
        cmd = [sys.executable, "-m", "faceoff.bench.worker", "--framework", job.framework, "--mode", job.mode,
               "--device", opts.device, "--threads", str(opts.threads), "--workloads", ",".join(opts.workloads),
               "--suite", opts.suite, "--overrides", json.dumps(opts.overrides, sort_keys=True),
               "--run-id", opts.run_id, "--repeat", str(job.repeat), "--repeats", str(opts.repeats),
               "--order-index", str(job.index), "--out", str(opts.out), "--command", opts.command,
               "--load", ",".join(str(v) for v in load) if load else ""]
        t0 = time.monotonic()
        message = ""
        try:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=worker_env(opts.threads, opts.device, cache),
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
            watchdog = threading.Timer(opts.timeout, proc.kill)
            watchdog.start()
            assert proc.stdout is not None
            for line in proc.stdout:
                line = line.rstrip()
                if line and not NOISE.match(line):
                    echo(line)
            returncode = proc.wait()
            if not watchdog.is_alive():
                message = f"killed after the {format_seconds(opts.timeout)} time limit"
            watchdog.cancel()
        except OSError as exc:
            returncode, message = -1, f"could not start: {exc}"
        files = sorted(set(opts.out.glob("*.json")) - before)
        if returncode != 0 and not message:
            message = f"exited with code {returncode}"
        outcomes.append(Outcome(job, returncode, time.monotonic() - t0, files, message))
        if message:
            echo(f"  {job.framework} · {job.mode}: {message}; {len(files)} result file(s) kept")
    echo(f"Finished in {format_seconds(time.monotonic() - started)}: "
         f"{sum(len(o.files) for o in outcomes)} result files, "
         f"{sum(1 for o in outcomes if o.returncode != 0)} process(es) with problems.")
    return outcomes
