"""``python -m perf`` (or ``python -m faceoff perf``): the app's performance benchmark, every goal in one run.

The measurements are the scripts beside this file, run as subprocesses (each starts what it needs): in-process warm
reruns (``inprocess.py``), fragment reruns (``fragments.py``), the load test (``loadtest.py``), browser start to
first render (``browser.py``); this module adds the dataset-loading figures (``data_load.py``) and prints every goal
with PASS or FAIL. Goals are ratios to a one-line page measured in the same run, so machine speed cancels out.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from faceoff.paths import ROOT
from perf.data_load import format_data, measure_data_subprocess

GOALS: dict[str, Any] = {
    "page_warm_ratio": 15.0,  # warm rerun of a page inside the frame / one-line page, in one process
    "fragment_ratio": 5.0,  # rerun of a chart's own controls (a fragment) / one-line page, same client
    "first_render_ratio": 1.5,  # app start to first full render in the browser / one-line page
    "load": ((20, 400.0), (50, 1000.0)),  # (sessions, rerun p95 ms)
    "memory_50_sessions_mb": 600.0,
    "first_screen_ratio": 1.5,  # a shared link: everything in the viewport drawn / the one-line page (issue #22)
    "full_page_ratio": 2.5,  # a shared link: the whole page drawn and settled / the one-line page
}
PARTS = ("pages", "fragments", "load", "browser", "data", "screens")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m perf",
                                     description="measure page and fragment reruns, load, first render and data "
                                                 "loading; print every goal with PASS or FAIL")
    parser.add_argument("--repeat", type=int, default=15, help="reruns per page and control (medians are reported)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per load-test stage")
    parser.add_argument("--starts", type=int, default=3, help="server starts for the start-to-render figure")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS, help="leave a part out (repeatable)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    return parser


def _script(name: str, *args: str, timeout: float = 1800) -> dict:
    """Run ``perf/<name>``: its table goes straight to our stdout, its figures come back through a JSON file."""
    out_file = ROOT / "tests" / "artifacts" / f"perf-{Path(name).stem}.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(ROOT / "perf" / name), "--json-out", str(out_file), *args]
    proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, stderr=subprocess.DEVNULL)
    if not out_file.exists():
        raise RuntimeError(f"perf/{name} failed (exit {proc.returncode}); run it directly to see why")
    return json.loads(out_file.read_text(encoding="utf-8"))


def _verdict(ok: bool, text: str) -> str:
    return f"{'PASS' if ok else 'FAIL'} {text}"


def check_goals(result: dict) -> list[str]:
    """One line per goal: PASS or FAIL with the figure."""
    lines = []
    for row in (result.get("pages") or {}).get("pages", []):
        lines.append(_verdict(row["ratio"] <= GOALS["page_warm_ratio"],
                              f"warm rerun {row['page']}: {row['warm_ms']} ms = {row['ratio']}× the one-line page "
                              f"(goal ≤ {GOALS['page_warm_ratio']:g}×)"))
    for row in (result.get("fragments") or {}).get("controls", []):
        only_fragment = row["full_reruns"] == 0 and not row["problems"]
        lines.append(_verdict(row["ratio"] <= GOALS["fragment_ratio"] and only_fragment,
                              f"fragment {row['page']} {row['control']}: {row['ms']} ms = {row['ratio']}× the "
                              f"one-line page (goal ≤ {GOALS['fragment_ratio']:g}×)"
                              + ("" if only_fragment else "; the page or sidebar reran too")))
    lines += (result.get("load") or {}).get("verdicts", [])
    start = (result.get("browser") or {}).get("start")
    if start:
        lines.append(_verdict(start["ratio"] <= GOALS["first_render_ratio"],
                              f"app start to first full render: {start['ratio']}× the one-line page "
                              f"(goal ≤ {GOALS['first_render_ratio']:g}×)"))
    for row in ((result.get("screens") or {}).get("screens") or {}).get("rows", []):
        where = f"{row['page']} at {row['size']}"
        lines.append(_verdict(row["screen_ratio"] <= GOALS["first_screen_ratio"],
                              f"first screen {where}: {row['screen_s']} s = {row['screen_ratio']}× the one-line page "
                              f"(goal ≤ {GOALS['first_screen_ratio']:g}×)"))
        lines.append(_verdict(row["full_ratio"] <= GOALS["full_page_ratio"],
                              f"full page {where}: {row['full_s']} s = {row['full_ratio']}× the one-line page "
                              f"(goal ≤ {GOALS['full_page_ratio']:g}×)"))
    return lines


def run(args: argparse.Namespace) -> int:
    result: dict = {"loadavg_start": list(os.getloadavg()), "cpus": os.cpu_count()}
    print(f"Faceoff performance benchmark · {os.cpu_count()} CPUs · load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    if "pages" not in args.skip:
        print("\n== warm rerun of every page inside the frame, in one process (perf/inprocess.py)", flush=True)
        result["pages"] = _script("inprocess.py", "--repeat", str(args.repeat))
    if "fragments" not in args.skip:
        print("\n== reruns of a chart's own controls (perf/fragments.py)", flush=True)
        result["fragments"] = _script("fragments.py", "--repeat", str(args.repeat))
    if "load" not in args.skip:
        print("\n== load test (perf/loadtest.py)", flush=True)
        stages = [a for sessions, p95 in GOALS["load"] for a in ("--stage", f"{sessions}:{p95 / 1000:g}")]
        result["load"] = _script("loadtest.py", *stages, "--duration", str(args.duration),
                                 "--memory-target", str(GOALS["memory_50_sessions_mb"]))
    if "browser" not in args.skip:
        print("\n== headless Chromium: app start to first full render (perf/browser.py)", flush=True)
        result["browser"] = _script("browser.py", "--only", "start", "--starts", str(args.starts))
    if "screens" not in args.skip:
        print("\n== headless Chromium: first screen and full page per page, 1280x800 and 390x844 "
              "(perf/browser.py --only screens)", flush=True)
        result["screens"] = _script("browser.py", "--only", "screens", "--repeat", str(max(args.starts, 3)))
    if "data" not in args.skip:
        print("\n== loading every dataset (registered loaders, no cache)", flush=True)
        result["data"] = measure_data_subprocess(7)
        print(format_data(result["data"]), flush=True)
    result["loadavg_end"] = list(os.getloadavg())
    result["goals"] = check_goals(result)
    print("\n== goals")
    print("\n".join(result["goals"]) or "(no figures)")
    print("load average at the start: " + " ".join(f"{x:.2f}" for x in result["loadavg_start"])
          + "; at the end: " + " ".join(f"{x:.2f}" for x in result["loadavg_end"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 1 if any(line.startswith("FAIL") for line in result["goals"]) else 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
