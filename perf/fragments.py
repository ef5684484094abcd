"""Reruns of a chart's own controls (fragments) against the one-line page, over the websocket on a real server.

    python perf/fragments.py                 # table: median fragment rerun per control and its ratio
    python perf/fragments.py --json-out F    # also the figures as JSON (python -m perf reads them)

For each control in ``FRAGMENT_CONTROLS``: open its page, then switch the control back and forth between two of its
options ``repeat`` times (each switch is what a browser sends: the widget's new value and its fragment's id), timing
request to ``script_finished``, and checking that only the fragment ran (no sidebar element was sent again). The
one-line page is timed on its own server through the same client, as full reruns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perf.stclient import Server, Session  # noqa: E402

TRIVIAL = "perf/trivial_app.py"
ARTIFACTS = ROOT / "tests" / "artifacts"
# (page url path, URL key of a control inside a fragment, two values to switch between: labels, or lists of labels)
FRAGMENT_CONTROLS = [
    ("popularity", "p_scale", ("Log", "Linear")),
    ("popularity", "p_norm", ("Indexed (first point = 100)", "Raw values")),
    ("popularity", "p_measure", ("Average downloads per day of the window",
                                 "Downloads in each snapshot's window (as published)")),
    ("popularity", "p_div", ("Open division", "Closed division")),
    ("matrix", "m_q", ("export", "")),
    ("matrix", "m_view", ("Full text", "Compact")),
    ("claims", "c_verdict", (["Holds"], [])),
    ("benchmarks", "b_view", ("Vision model training", "Transformer and LLM training")),
]


def trivial_ms(repeat: int) -> float:
    server = Server(TRIVIAL, log=ARTIFACTS / "perf-fragments-trivial.log")
    try:
        session = Session(server.url, timeout=60)
        session.run("")
        times = [session.run("").seconds for _ in range(repeat)]
        session.close()
        return statistics.median(times) * 1000
    finally:
        server.stop()


def control_ms(server: Server, page: str, key: str, values: tuple, repeat: int) -> dict:
    session = Session(server.url, timeout=90)
    try:
        session.run("")
        # opened with the control's second value in the address: a control folded away (under "More filters" or
        # "Chart settings") is drawn then, as for a visitor who set it
        shown = next((v for v in (values[1], values[0]) if v not in ([], "")), values[0])
        session.run(page, urlencode([(key, v) for v in (shown if isinstance(shown, list) else [shown])]))
        times, full_reruns, problems = [], 0, []
        for i in range(repeat + 2):
            result = session.set_widget(key, values[i % 2])
            if result.status != "ok":
                problems += result.exceptions or [result.status]
            if not result.fragment_run or result.sidebar_deltas:
                full_reruns += 1
            if i >= 2:  # the first switch to each value builds its view once
                times.append(result.seconds)
        return {"page": page, "control": key, "ms": round(statistics.median(times) * 1000, 1),
                "full_reruns": full_reruns, "problems": sorted(set(problems))}
    finally:
        session.close()


def measure(repeat: int = 9) -> dict:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = trivial_ms(repeat)
    # every section and chart drawn (FACEOFF_EAGER_CHARTS=1): the rerun of a visitor who has scrolled through the
    # page, the costliest; a first visit's reruns skip what it has not reached
    server = Server("app.py", log=ARTIFACTS / "perf-fragments-app.log", env={"FACEOFF_EAGER_CHARTS": "1"})
    try:
        rows = [control_ms(server, page, key, values, repeat) for page, key, values in FRAGMENT_CONTROLS]
    finally:
        server.stop()
    for row in rows:
        row["ratio"] = round(row["ms"] / base, 2)
    return {"trivial_ms": round(base, 1), "controls": rows, "repeat": repeat, "loadavg": list(os.getloadavg())}


def format_table(result: dict) -> str:
    lines = [f"{'page':<14} {'control':<12} {'fragment ms':>12} {'ratio':>6}  notes"]
    for row in result["controls"]:
        notes = (f"{row['full_reruns']} full rerun(s)! " if row["full_reruns"] else "") + "; ".join(row["problems"])
        lines.append(f"{row['page']:<14} {row['control']:<12} {row['ms']:>12} {row['ratio']:>6}  {notes}")
    lines.append(f"one-line page (full rerun, same client): {result['trivial_ms']} ms; load average "
                 + " ".join(f"{x:.2f}" for x in result["loadavg"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.repeat)
    print(format_table(result), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
