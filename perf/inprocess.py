"""Warm reruns of every page inside the frame, in one process, against a one-line page (AppTest, no websocket).

    python perf/inprocess.py                 # table: median warm rerun per page and its ratio to the one-line page
    python perf/inprocess.py --json-out F    # also the figures as JSON (python -m perf reads them)

Every section and chart is drawn (``FACEOFF_EAGER_CHARTS=1``), as for a visitor who has scrolled through the page.
Each page: AppTest runs app.py, switches to the page (the page then draws the frame itself, as on a fresh server),
runs it once (imports, caches), then times ``repeat`` reruns. The one-line page (perf/trivial_app.py) is timed the
same way in the same process, interleaved with the pages so that machine drift affects both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TRIVIAL = ROOT / "perf" / "trivial_app.py"
PAGES = ("pages/overview.py", "pages/matrix.py", "pages/claims.py", "pages/popularity.py", "pages/benchmarks.py",
         "pages/recommendation.py", "pages/sources.py")


def _timed_runs(at, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"exception in a timed run: {at.exception[0].value}")
    return times


def trivial_app(repeat: int):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(TRIVIAL), default_timeout=60)
    at.run()
    return _timed_runs(at, repeat)


def page_app(page: str, repeat: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    return _timed_runs(at, repeat)


def measure(repeat: int = 15, pages: tuple[str, ...] = PAGES) -> dict:
    os.chdir(ROOT)
    # every section and chart drawn: a warm rerun of a visitor who has scrolled through the page, the costliest
    # (AppTest cannot scroll; without this the parts below the first screen would not be in the figure)
    os.environ["FACEOFF_EAGER_CHARTS"] = "1"
    rows, trivial_all = [], []
    for page in pages:
        trivial = trivial_app(repeat)
        times = page_app(page, repeat)
        trivial_all += trivial
        base = statistics.median(trivial)
        rows.append({"page": page, "warm_ms": round(statistics.median(times) * 1000, 1),
                     "trivial_ms": round(base * 1000, 2),
                     "ratio": round(statistics.median(times) / base, 1)})
    return {"pages": rows, "trivial_ms": round(statistics.median(trivial_all) * 1000, 2), "repeat": repeat,
            "loadavg": list(os.getloadavg())}


def format_table(result: dict) -> str:
    lines = [f"{'page':<28} {'warm ms':>8} {'one-line ms':>12} {'ratio':>6}"]
    for row in result["pages"]:
        lines.append(f"{row['page']:<28} {row['warm_ms']:>8} {row['trivial_ms']:>12} {row['ratio']:>6}")
    lines.append(f"one-line page overall median {result['trivial_ms']} ms; {result['repeat']} warm reruns each; "
                 "load average " + " ".join(f"{x:.2f}" for x in result["loadavg"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--page", action="append", help="only these page scripts (repeatable)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    result = measure(args.repeat, tuple(args.page) if args.page else PAGES)
    print(format_table(result), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
