"""Time and memory of loading every registered dataset through its registered loader (no Streamlit cache)."""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from faceoff.paths import ROOT


def measure_data(repeat: int) -> dict:
    """Time and memory of loading every registered dataset through its registered loader (no Streamlit cache)."""
    from faceoff import loading
    from faceoff.matrix import loader as matrix_loader
    from faceoff.paths import data_dir
    from faceoff.registry import load_registry, resolve_loader

    folder = data_dir()
    rows: list[dict[str, Any]] = []
    for item in load_registry(folder):
        loader = resolve_loader(item.loader)
        path = folder / item.path
        times: list[float] = []
        peak, error = 0, None
        for i in range(repeat):
            matrix_loader._MATRIX_MEMO.clear()  # every load parses from the files
            loading._REUSED.clear()
            gc.collect()
            tracemalloc.start()
            start = time.perf_counter()
            try:
                loader(path)
            except Exception as exc:  # a broken file is reported, not fatal to the benchmark
                error = f"{type(exc).__name__}: {str(exc)[:120]}"
            times.append(time.perf_counter() - start)
            if i == 0:
                peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.rglob("*"))) if path.exists() else 0
        rows.append({"id": item.id, "path": f"data/{item.path}", "bytes": size,
                     "load_ms": round(statistics.median(times[1:] or times) * 1000, 1),
                     "first_ms": round(times[0] * 1000, 1), "peak_mb": round(peak / 2**20, 2), "error": error})
    total = sum(r["load_ms"] for r in rows)
    return {"datasets": rows, "total_ms": round(total, 1), "note": "first_ms includes tracemalloc overhead"}


def measure_data_subprocess(repeat: int) -> dict:
    code = ("import json,sys; from perf.data_load import measure_data; "
            f"print(json.dumps(measure_data({int(repeat)})))")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode != 0:
        raise RuntimeError("data measurement failed: " + (out.stderr or out.stdout).strip().splitlines()[-1])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - start, 2)
    return result


def format_data(data: dict) -> str:
    lines = [f"{'dataset':<28} {'path':<42} {'kB':>7} {'load ms':>8} {'first ms':>9} {'peak MB':>8}"]
    for r in data["datasets"]:
        lines.append(f"{r['id']:<28} {r['path']:<42} {r['bytes'] / 1000:>7.1f} {r['load_ms']:>8} {r['first_ms']:>9} "
                     f"{r['peak_mb']:>8}" + (f"  ERROR {r['error']}" if r["error"] else ""))
    lines.append(f"all datasets: {data['total_ms']} ms (medians); measuring process ran {data['process_s']} s")
    return "\n".join(lines)
