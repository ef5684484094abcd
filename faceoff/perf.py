"""``python -m faceoff perf``: the performance benchmark; prints every figure of the budget in one run.

The Streamlit and browser measurements live in ``benchmarks/`` (they import streamlit and playwright, which this
package must not) and run here as subprocesses; this module adds the snapshot-loading figures and the budget check.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from faceoff.paths import ROOT

BUDGET = {
    "page_warm_ratio": 3.0,  # warm server-side run / trivial page
    "page_warm_ms": 250.0,
    "first_render_ratio": 1.5,  # app start to first full render in the browser / trivial page
    "memory_20_sessions_mb": 500.0,
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("perf", help="measure page run times, first render, memory and data loading")
    parser.add_argument("--repeat", type=int, default=7, help="runs per page and figure (medians are reported)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions for the memory figure")
    parser.add_argument("--starts", type=int, default=3, help="server starts for the start-to-render figure")
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "browser", "data"],
                        help="leave a part out (repeatable)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    parser.set_defaults(func=run)


def _script(name: str, *args: str, timeout: float = 1800) -> dict:
    """Run ``benchmarks/<name>``: its table goes straight to our stdout, its figures come back through a JSON file."""
    out_file = ROOT / "tests" / "artifacts" / f"{Path(name).stem}.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(ROOT / "benchmarks" / name), "--json-out", str(out_file), *args]
    proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, stderr=subprocess.DEVNULL)
    if proc.returncode != 0 or not out_file.exists():
        raise RuntimeError(f"benchmarks/{name} failed (exit {proc.returncode}); run it directly to see why")
    return json.loads(out_file.read_text(encoding="utf-8"))


def measure_data(repeat: int) -> dict:
    """Time and memory of loading every registered dataset through its registered loader (no Streamlit cache)."""
    from faceoff import content
    from faceoff.paths import data_dir
    from faceoff.registry import load_registry, resolve_loader

    folder = data_dir()
    rows = []
    for item in load_registry(folder):
        loader = resolve_loader(item.loader)
        path = folder / item.path
        times, peak, error = [], 0, None
        for i in range(repeat):
            content._MATRIX_MEMO.clear()  # every load parses from the files
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
    code = ("import json,sys; from faceoff.perf import measure_data; "
            f"print(json.dumps(measure_data({int(repeat)})))")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode != 0:
        raise RuntimeError("data measurement failed: " + (out.stderr or out.stdout).strip().splitlines()[-1])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - start, 2)
    return result


def check_budget(result: dict) -> list[str]:
    """One line per budget item: ``ok`` or ``OVER`` with the figure."""
    lines = []
    pages = result.get("pages")
    if pages:
        for row in pages["pages"]:
            ok = row["warm_ratio"] <= BUDGET["page_warm_ratio"] and row["warm_ms"] <= BUDGET["page_warm_ms"]
            lines.append(f"{'ok  ' if ok else 'OVER'} page {row['page']}: warm {row['warm_ms']} ms, "
                         f"x{row['warm_ratio']} the trivial page (budget ≤ {BUDGET['page_warm_ratio']}x and "
                         f"≤ {BUDGET['page_warm_ms']:.0f} ms)")
    browser = result.get("browser") or {}
    if "start" in browser:
        ratio = browser["start"]["ratio"]
        lines.append(f"{'ok  ' if ratio <= BUDGET['first_render_ratio'] else 'OVER'} app start to first render: "
                     f"x{ratio} the trivial page (budget ≤ {BUDGET['first_render_ratio']}x)")
    if "memory" in browser:
        runs = browser["memory"]["runs"]
        top = max(runs, key=lambda r: r["sessions"])
        ok = top["peak_mb"] <= BUDGET["memory_20_sessions_mb"] and not top["errors"]
        lines.append(f"{'ok  ' if ok else 'OVER'} server memory with {top['sessions']} sessions: "
                     f"peak {top['peak_mb']} MB (budget ≤ {BUDGET['memory_20_sessions_mb']:.0f} MB), "
                     f"errors {len(top['errors'])}")
    return lines


def format_data(data: dict) -> str:
    lines = [f"{'dataset':<28} {'path':<42} {'kB':>7} {'load ms':>8} {'first ms':>9} {'peak MB':>8}"]
    for r in data["datasets"]:
        lines.append(f"{r['id']:<28} {r['path']:<42} {r['bytes'] / 1000:>7.1f} {r['load_ms']:>8} {r['first_ms']:>9} "
                     f"{r['peak_mb']:>8}" + (f"  ERROR {r['error']}" if r["error"] else ""))
    lines.append(f"all datasets: {data['total_ms']} ms (medians); measuring process ran {data['process_s']} s")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    result: dict = {"loadavg_start": list(os.getloadavg()), "cpus": os.cpu_count()}
    print(f"Faceoff performance benchmark · {os.cpu_count()} CPUs · load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    if "pages" not in args.skip:
        print("\n== server-side run time per page (benchmarks/perf_pages.py)", flush=True)
        result["pages"] = _script("perf_pages.py", "--repeat", str(args.repeat))
    if "browser" not in args.skip:
        print("\n== headless Chromium: start to first render, pages, memory (benchmarks/perf_browser.py)", flush=True)
        result["browser"] = _script("perf_browser.py", "--starts", str(args.starts), "--sessions",
                                    str(args.sessions), "--repeat", "3")
    if "data" not in args.skip:
        print("\n== loading every snapshot (registered loaders, no cache)", flush=True)
        result["data"] = measure_data_subprocess(args.repeat)
        print(format_data(result["data"]), flush=True)
    result["loadavg_end"] = list(os.getloadavg())
    result["budget"] = check_budget(result)
    print("\n== budget")
    print("\n".join(result["budget"]) or "(no figures)")
    print("load average at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0
