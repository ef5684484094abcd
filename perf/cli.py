"""``python -m perf`` (or ``python -m faceoff perf``): the app's performance benchmark, every budget figure in one run.

The Streamlit and browser measurements are the scripts beside this file, run as subprocesses (each starts its own
server); this module adds the dataset-loading figures (``perf/data_load.py``) and the budget check.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from faceoff.paths import ROOT
from perf.data_load import format_data, measure_data_subprocess

BUDGET = {
    "page_warm_ratio": 3.0,  # warm server-side run / trivial page
    "page_warm_ms": 250.0,
    "first_render_ratio": 1.5,  # app start to first full render in the browser / trivial page
    "memory_20_sessions_mb": 500.0,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m perf",
                                     description="measure page run times, first render, memory and data loading")
    parser.add_argument("--repeat", type=int, default=7, help="runs per page and figure (medians are reported)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions for the memory figure")
    parser.add_argument("--starts", type=int, default=3, help="server starts for the start-to-render figure")
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "browser", "data"],
                        help="leave a part out (repeatable)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    return parser


def _script(name: str, *args: str, timeout: float = 1800) -> dict:
    """Run ``perf/<name>``: its table goes straight to our stdout, its figures come back through a JSON file."""
    out_file = ROOT / "tests" / "artifacts" / f"{Path(name).stem}.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(ROOT / "perf" / name), "--json-out", str(out_file), *args]
    proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, stderr=subprocess.DEVNULL)
    if proc.returncode != 0 or not out_file.exists():
        raise RuntimeError(f"perf/{name} failed (exit {proc.returncode}); run it directly to see why")
    return json.loads(out_file.read_text(encoding="utf-8"))


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


def run(args: argparse.Namespace) -> int:
    result: dict = {"loadavg_start": list(os.getloadavg()), "cpus": os.cpu_count()}
    print(f"Faceoff performance benchmark · {os.cpu_count()} CPUs · load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    if "pages" not in args.skip:
        print("\n== server-side run time per page (perf/pages.py)", flush=True)
        result["pages"] = _script("pages.py", "--repeat", str(args.repeat))
    if "browser" not in args.skip:
        print("\n== headless Chromium: start to first render, pages, memory (perf/browser.py)", flush=True)
        result["browser"] = _script("browser.py", "--starts", str(args.starts), "--sessions",
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


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
