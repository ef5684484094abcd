"""Server-side run time of every page (cold and warm cache) against the trivial page, on a real Streamlit server.

A websocket client (perf/stclient.py) asks the server for script runs exactly as a browser tab does and times
each from request to ``script_finished``; rendering is not included. The trivial page (perf/trivial_app.py)
runs on its own server the same way.

    python perf/pages.py                 # table of every page vs the trivial page
    python perf/pages.py --json          # the same figures as JSON (python -m faceoff perf reads this)
    python perf/pages.py --profile pages/overview.py   # pyinstrument profile of warm runs (AppTest)

"first": the page's first run after the server started (imports and loads included); "cold": a run right after
clearing st.cache_data/st.cache_resource; "warm": a rerun on warm caches (what a user's click costs). Medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perf.stclient import Server, Session  # noqa: E402

TRIVIAL = "perf/trivial_app.py"
ARTIFACTS = ROOT / "tests" / "artifacts"


def _measure_page(session: Session, page: str, repeat: int) -> dict:
    first = session.run(page)
    cold, warm, problems = [], [], list(first.exceptions)
    for _ in range(repeat):
        session.clear_caches()
        result = session.run(page)
        cold.append(result.seconds)
        problems += result.exceptions
    for _ in range(repeat):
        result = session.run(page)
        warm.append(result.seconds)
        problems += result.exceptions
        if result.status not in ("ok", "exception"):
            problems.append(f"run {result.status}")
    return {
        "page": page or "(default)",
        "first_ms": round(first.seconds * 1000, 1),
        "cold_ms": round(statistics.median(cold) * 1000, 1),
        "warm_ms": round(statistics.median(warm) * 1000, 1),
        "warm_p90_ms": round(sorted(warm)[max(0, int(len(warm) * 0.9) - 1)] * 1000, 1),
        "deltas": first.deltas,
        "problems": sorted(set(problems)),
    }


def measure_all(repeat: int = 7, pages: list[str] | None = None) -> dict:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    trivial_server = Server(TRIVIAL, log=ARTIFACTS / "perf-trivial.log")
    try:
        session = Session(trivial_server.url, timeout=60)
        trivial = _measure_page(session, "", repeat)
        trivial["page"] = TRIVIAL
        session.close()
    finally:
        trivial_server.stop()
    server = Server("app.py", log=ARTIFACTS / "perf-app.log")
    rows = []
    try:
        session = Session(server.url, timeout=60)
        session.run("")  # the default page: learns every page's url path from the navigation message
        names = pages if pages else list(session.pages)
        titles = dict(session.titles)
        session.close()
        for name in names:
            session = Session(server.url, timeout=60)
            row = _measure_page(session, name, repeat)
            row["page"] = titles.get(name, name)
            row["warm_ratio"] = round(row["warm_ms"] / trivial["warm_ms"], 2)
            row["cold_ratio"] = round(row["cold_ms"] / trivial["cold_ms"], 2)
            rows.append(row)
            session.close()
    finally:
        server.stop()
    return {"trivial": trivial, "pages": rows, "repeat": repeat, "loadavg": list(os.getloadavg())}


def format_table(result: dict) -> str:
    head = (f"{'page':<26} {'first ms':>9} {'cold ms':>8} {'warm ms':>8} {'warm p90':>9} {'warm x':>7} "
            f"{'cold x':>7}")
    lines = [head]
    for row in [result["trivial"], *result["pages"]]:
        lines.append(f"{row['page']:<26} {row['first_ms']:>9} {row['cold_ms']:>8} {row['warm_ms']:>8} "
                     f"{row['warm_p90_ms']:>9} {row.get('warm_ratio', 1.0):>7} {row.get('cold_ratio', 1.0):>7}")
        if row["problems"]:
            lines.append(f"    PROBLEMS: {row['problems']}")
    lines.append("load average: " + " ".join(f"{x:.2f}" for x in result["loadavg"]))
    return "\n".join(lines)


PROFILED_ENTRY = """
import runpy

import pyinstrument

from components.frame import draw_frame, inside_frame
from perf import pages as _perf_pages

_profiler = pyinstrument.Profiler(interval=0.0005)
_profiler.start()
try:
    draw_frame()
    with inside_frame():
        runpy.run_path({page!r}, run_name="__page__")
finally:
    _profiler.stop()
    if _perf_pages.RECORDING["on"]:
        _perf_pages.RECORDING["sessions"].append(_profiler.last_session)
"""
RECORDING: dict = {"on": False, "sessions": []}


def profile(page_script: str, repeat: int, show_all: bool = False) -> str:
    """Where warm runs of one page spend their time: pyinstrument inside the script thread (AppTest, in-process).

    AppTest runs a temporary entry point beside app.py that draws the frame and runs the page inside a profiler, so
    no Streamlit internals are patched; the profiles of the warm runs are combined.
    """
    from pyinstrument.renderers import ConsoleRenderer
    from pyinstrument.session import Session as ProfileSession
    from streamlit.testing.v1 import AppTest

    from perf import pages as shared  # the module the entry point appends to, also when this file runs as a script

    recording = shared.RECORDING
    os.chdir(ROOT)
    entry = ROOT / ".perf_profile_app.py"
    page = "pages/overview.py" if page_script == "app.py" else page_script
    entry.write_text(PROFILED_ENTRY.format(page=page), encoding="utf-8")
    try:
        def once() -> None:
            AppTest.from_file(str(entry), default_timeout=120).run()

        once()
        recording["on"] = True
        for _ in range(repeat):
            once()
    finally:
        entry.unlink(missing_ok=True)
    print(f"{len(recording['sessions'])} runs profiled", file=sys.stderr)
    combined = recording["sessions"][0]
    for extra in recording["sessions"][1:]:
        combined = ProfileSession.combine(combined, extra)
    return ConsoleRenderer(unicode=True, color=False, show_all=show_all, short_mode=False).render(combined)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--page", action="append", help="only these url paths (repeatable)")
    parser.add_argument("--profile", metavar="PAGE_SCRIPT", help="profile warm runs of e.g. pages/overview.py")
    parser.add_argument("--show-all", action="store_true", help="with --profile: show library frames too")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(args.profile, args.repeat, args.show_all))
        return 0
    result = measure_all(args.repeat, args.page)
    print(json.dumps(result) if args.json else format_table(result), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
