"""The environment stored with every result: interpreter, OS, CPU, threads, GPU, load and the exact command."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from faceoff import clock

THREAD_ENV_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "XLA_FLAGS", "TF_NUM_INTRAOP_THREADS",
                   "TF_NUM_INTEROP_THREADS", "JAX_PLATFORMS", "TF_CPP_MIN_LOG_LEVEL", "TORCHINDUCTOR_CACHE_DIR",
                   "TORCHINDUCTOR_COMPILE_THREADS")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def physical_cores() -> int | None:
    try:
        import psutil

        return psutil.cpu_count(logical=False)
    except Exception:
        return None


def memory_total_bytes() -> int | None:
    try:
        import psutil

        return int(psutil.virtual_memory().total)
    except Exception:
        return None


def load_average() -> list[float] | None:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def nvidia_smi() -> dict | None:
    """GPU name and driver as nvidia-smi reports them, or None where there is no NVIDIA GPU."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not out:
        return None
    name, driver, memory = [part.strip() for part in out.splitlines()[0].split(",")[:3]]
    return {"name": name, "driver": driver, "memory_total": memory}


def affinity() -> list[int] | None:
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:
        return None


def collect(threads: int, command: str, worker_command: str, load_at_start: list[float] | None) -> dict:
    """Everything about the machine and process; the framework adds its own versions, GPU and precision."""
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "os": platform.platform(),
        "os_release": platform.release(),
        "machine": platform.machine(),
        "cpu_model": cpu_model(),
        "cpu_cores_logical": os.cpu_count(),
        "cpu_cores_physical": physical_cores(),
        "cpu_affinity": affinity(),
        "memory_total_bytes": memory_total_bytes(),
        "threads": {"intra_op": threads, "inter_op": 1,
                    "env": {k: os.environ[k] for k in THREAD_ENV_VARS if k in os.environ}},
        "load_average_at_start": load_at_start,
        "gpu": None,
        "date": clock.now().isoformat(timespec="seconds"),
        "command": command,
        "worker_command": worker_command,
        "executable": sys.executable,
    }
