"""Server-side run time of every page (cold and warm cache) against the trivial page, measured with AppTest.

Each target runs in its own fresh Python process so imports and caches of one page never help another:

    python benchmarks/perf_pages.py                 # table of every page vs the trivial page
    python benchmarks/perf_pages.py --json          # the same figures as JSON (faceoff perf reads this)
    python benchmarks/perf_pages.py --profile pages/overview.py   # pyinstrument profile of warm runs

"first" is the first run in a new process (imports included), "cold" a run after clearing st.cache_data and
st.cache_resource, "warm" a new session on warm caches (a second visitor); medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "benchmarks/trivial_app.py"


def discover_pages() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def _new_app(target: str):
    from streamlit.testing.v1 import AppTest

    if target == TRIVIAL:
        return AppTest.from_file(str(ROOT / TRIVIAL), default_timeout=120)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(target)
    return at


def _timed_run(target: str) -> tuple[float, list[str]]:
    at = _new_app(target)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    return elapsed, [str(e.value)[:200] for e in at.exception]


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def measure(target: str, repeat: int) -> dict:
    """Figures for one target, in this process (call it in a fresh process)."""
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    first, exceptions = _timed_run(target)
    cold = []
    for _ in range(repeat):
        _clear_caches()
        elapsed, exc = _timed_run(target)
        cold.append(elapsed)
        exceptions += exc
    _timed_run(target)  # fill the caches once more after the last clear
    warm = []
    for _ in range(repeat):
        elapsed, exc = _timed_run(target)
        warm.append(elapsed)
        exceptions += exc
    return {
        "target": target,
        "first_ms": round(first * 1000, 1),
        "cold_ms": round(statistics.median(cold) * 1000, 1),
        "warm_ms": round(statistics.median(warm) * 1000, 1),
        "warm_max_ms": round(max(warm) * 1000, 1),
        "exceptions": sorted(set(exceptions)),
    }


def profile(target: str, repeat: int) -> str:
    from pyinstrument import Profiler

    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    _timed_run(target)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeat):
        _timed_run(target)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


def measure_in_subprocess(target: str, repeat: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", target, "--repeat", str(repeat)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        return {"target": target, "error": (out.stderr or out.stdout).strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_all(repeat: int, pages: list[str] | None = None) -> dict:
    baseline = measure_in_subprocess(TRIVIAL, repeat)
    rows = []
    for page in pages or discover_pages():
        row = measure_in_subprocess(page, repeat)
        if "error" not in row and "error" not in baseline:
            row["warm_ratio"] = round(row["warm_ms"] / baseline["warm_ms"], 2)
            row["cold_ratio"] = round(row["cold_ms"] / baseline["cold_ms"], 2)
        rows.append(row)
    return {"trivial": baseline, "pages": rows, "repeat": repeat, "loadavg": os.getloadavg()}


def format_table(result: dict) -> str:
    base = result["trivial"]
    lines = [f"{'page':<28} {'first ms':>9} {'cold ms':>8} {'warm ms':>8} {'warm max':>9} {'warm x':>7} {'cold x':>7}"]
    for row in [base, *result["pages"]]:
        if "error" in row:
            lines.append(f"{row['target']:<28} ERROR {row['error']}")
            continue
        lines.append(f"{row['target']:<28} {row['first_ms']:>9} {row['cold_ms']:>8} {row['warm_ms']:>8} "
                     f"{row['warm_max_ms']:>9} {row.get('warm_ratio', 1.0):>7} {row.get('cold_ratio', 1.0):>7}")
        if row["exceptions"]:
            lines.append(f"    EXCEPTIONS: {row['exceptions']}")
    lines.append("load average: " + " ".join(f"{x:.2f}" for x in result["loadavg"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="PAGE", help="print a pyinstrument profile of warm runs of PAGE")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return 0
    if args.profile:
        print(profile(args.profile, args.repeat))
        return 0
    result = measure_all(args.repeat, args.page)
    print(json.dumps(result) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
