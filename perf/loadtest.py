"""Load test: concurrent sessions drive the real app on loopback through every page for a bounded time.

Each session is a websocket client speaking Streamlit's protocol (perf/stclient.py), i.e. what a browser tab
sends and receives, without the browser's rendering cost on this small machine. A session opens the app, then after
each think time either opens a page (sometimes with filters from a shared link) or changes one of the page's
URL-bound controls as a visitor would (a fragment rerun when the control is in a fragment), and times each rerun
from request to ``script_finished``. After opening a page the session scrolls through it: each chart there is drawn
when reached (components/charts.py), so every chart is reached in turn, a fragment rerun timed as "<page> chart".
Reports errors, rerun latency percentiles and the server's peak memory.

    python perf/loadtest.py                          # stages 20 sessions (p95 ≤ 400 ms) and 50 (≤ 1 s), 60 s each
    python perf/loadtest.py --stage 5:1.0 --duration 20 --url http://127.0.0.1:8501
    python perf/loadtest.py --replicas 2 --stage 100:1.0        # through HAProxy in front of 2 replicas

Every stage starts its own server (so each memory peak is its own). Exit status 1 when any run failed, a stage's
p95 is over its target, or the largest stage's peak memory is over ``--memory-target``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perf.stclient import Server, Session  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"
# Filters a user might arrive with from a shared link, by page url path (unknown pages just get none).
QUERIES = {
    "matrix": ["m_q=export", "m_diff=true", "m_sort=spread", "m_fw=pytorch&m_fw=jax"],
    "claims": ["c_verdict=holds", "c_q=tensorboard", "c_crit=eager-execution"],
    "popularity": ["p_scale=log", "p_norm=share"],
}
STAGES = ((20, 0.4), (50, 1.0))  # (sessions, p95 target in seconds)
MEMORY_TARGET_MB = 600.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.first: list[float] = []
        self.reruns: list[float] = []
        self.errors: list[str] = []
        self.per_page: dict[str, list[float]] = {}

    def add(self, page: str, seconds: float, status: str, problems: list[str], first: bool) -> None:
        with self.lock:
            (self.first if first else self.reruns).append(seconds)
            self.per_page.setdefault(page or "(default)", []).append(seconds)
            if status != "ok":
                self.errors.append(f"{page or '(default)'}: {status} {problems[:1]}")


def scroll_through(session: Session, rng: random.Random, rec: Recorder) -> None:
    """Reach every chart of the page just opened, top to bottom, a short scroll apart (as a reading visitor)."""
    for watcher in list(session.waiting_charts):
        time.sleep(rng.uniform(0.2, 0.8))
        result = session.reach_chart(watcher)
        rec.add(f"{session.page or '(default)'} chart", result.seconds, result.status, result.exceptions, first=False)


def user(url: str, deadline: float, think: tuple[float, float], rec: Recorder, seed: int) -> None:
    rng = random.Random(seed)
    try:
        session = Session(url, timeout=60)
    except Exception as exc:
        rec.errors.append(f"connect: {type(exc).__name__}: {exc}")
        return
    try:
        result = session.run("")
        rec.add("", result.seconds, result.status, result.exceptions, first=True)
        scroll_through(session, rng, rec)
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(*think))
            if time.monotonic() >= deadline:
                break
            controls = [k for k, w in session.widgets.items() if len(w.options) > 1 and not k.startswith("w_")]
            if controls and rng.random() < 0.5:
                key = rng.choice(controls)
                result = session.set_widget(key, rng.choice(session.widgets[key].options))
                rec.add(f"{session.page or '(default)'} control", result.seconds, result.status, result.exceptions,
                        first=False)
                continue
            page = rng.choice(list(session.pages) or [""])
            query = rng.choice([*QUERIES.get(page, [""]), ""])
            if query:  # a shared link: a full page load, so a new session
                session, result = session.follow_link(page, query)
            else:  # the sidebar's page links: the same session
                result = session.run(page, query)
            rec.add(page, result.seconds, result.status, result.exceptions, first=False)
            scroll_through(session, rng, rec)
    except Exception as exc:
        rec.errors.append(f"session: {type(exc).__name__}: {exc}")
    finally:
        session.close()


def run_load(url: str, sessions: int, duration: float, think: tuple[float, float], ramp: float,
             server: Server | None) -> dict:
    rec = Recorder()
    deadline = time.monotonic() + duration
    peak = {"rss": server.rss_bytes() if server else 0}
    stop = threading.Event()

    def sample() -> None:
        while server and not stop.is_set():
            try:
                peak["rss"] = max(peak["rss"], server.rss_bytes())
            except Exception:
                return
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = []
    for i in range(sessions):
        thread = threading.Thread(target=user, args=(url, deadline, think, rec, i), daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(ramp / max(sessions, 1))
    for thread in threads:
        thread.join(timeout=duration + 120)
    stop.set()
    sampler.join(timeout=2)
    reruns = rec.reruns

    def ms(x: float) -> float:
        return round(x * 1000, 1)

    return {
        "sessions": sessions,
        "duration_s": duration,
        "think_s": list(think),
        "runs": len(rec.first) + len(reruns),
        "reruns": len(reruns),
        "errors": rec.errors,
        "first_run_p95_ms": ms(percentile(rec.first, 95)),
        "rerun_ms": {f"p{q}": ms(percentile(reruns, q)) for q in (50, 90, 95, 99)} | {
            "max": ms(max(reruns)) if reruns else None},
        "per_page_p95_ms": {page: ms(percentile(v, 95)) for page, v in sorted(rec.per_page.items())},
        "per_page_ms": {page: {f"p{q}": ms(percentile(v, q)) for q in (50, 95, 99)} | {"runs": len(v)}
                        for page, v in sorted(rec.per_page.items())},
        "server_peak_mb": round(peak["rss"] / 2**20, 1) if server else None,
        "loadavg": list(os.getloadavg()),
    }


def format_report(r: dict, target: float) -> str:
    lines = [
        f"{r['sessions']} sessions for {r['duration_s']} s (think time {r['think_s'][0]}–{r['think_s'][1]} s): "
        f"{r['runs']} script runs, {len(r['errors'])} errors",
        "rerun latency ms: " + ", ".join(f"{k} {v}" for k, v in r["rerun_ms"].items())
        + f" (target p95 ≤ {target * 1000:.0f})",
        f"first run of a session, p95: {r['first_run_p95_ms']} ms",
        "by page ms (p50/p95/p99, runs): " + "; ".join(
            f"{k} {v['p50']}/{v['p95']}/{v['p99']} ({v['runs']})" for k, v in r["per_page_ms"].items()),
    ]
    if r["server_peak_mb"] is not None:
        lines.append(f"server peak memory: {r['server_peak_mb']} MB")
    for err in r["errors"][:10]:
        lines.append(f"  ERROR {err}")
    lines.append("load average: " + " ".join(f"{x:.2f}" for x in r["loadavg"]))
    return "\n".join(lines)


def parse_stage(text: str) -> tuple[int, float]:
    sessions, _, target = text.partition(":")
    return int(sessions), float(target or 1.0)


def run_stage(args: argparse.Namespace, sessions: int) -> dict:
    if args.replicas:
        return run_proxied_stage(args, sessions)
    server = None
    url = args.url
    if not url:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        server = Server("app.py", log=ARTIFACTS / f"loadtest-server-{sessions}.log",
                        env={"FACEOFF_EAGER_CHARTS": "0"})  # as visitors get it; sessions reach every chart
        url = server.url
        warm(url)
    try:
        return run_load(url, sessions, args.duration, (args.think_min, args.think_max),
                        args.ramp, server)
    finally:
        if server:
            server.stop()


def warm(url: str) -> None:
    """The first visitor after a deploy pays each page's cold data load (seconds): one untimed visit to every page."""
    session = Session(url, timeout=120)
    try:
        session.run("")
        for page in list(session.pages):
            session.run(page)
            while session.waiting_charts:
                session.reach_chart(next(iter(session.waiting_charts)))
    finally:
        session.close()


def run_proxied_stage(args: argparse.Namespace, sessions: int) -> dict:
    """The stage through HAProxy in front of ``args.replicas`` replicas (deploy/replicas.py); memory of them all."""
    from perf.capacity import Replicas, ReplicaSet

    rs = ReplicaSet(args.replicas, run_dir=ROOT / "out" / "loadtest")
    rs.start()
    try:
        for replica in rs.replicas:
            warm(replica.url)
        result = run_load(rs.url, sessions, args.duration, (args.think_min, args.think_max), args.ramp,
                          Replicas(rs))  # type: ignore[arg-type]
    finally:
        rs.stop()
    result["replicas"] = args.replicas
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", action="append", type=parse_stage, metavar="SESSIONS:P95_SECONDS",
                        help="a load stage (repeatable); default 20:0.4 and 50:1.0")
    parser.add_argument("--memory-target", type=float, default=MEMORY_TARGET_MB,
                        help="MB, for the server's peak in the largest stage")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load after the first session opens")
    parser.add_argument("--think-min", type=float, default=3.0, help="shortest pause between a user's clicks (s)")
    parser.add_argument("--think-max", type=float, default=8.0, help="longest pause between a user's clicks (s)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions open")
    parser.add_argument("--url", help="an already running app (default: start app.py on a free port per stage)")
    parser.add_argument("--replicas", type=int, default=0,
                        help="run each stage through HAProxy in front of this many replicas (deploy/replicas.py)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    stages = args.stage or list(STAGES)
    results, verdicts = [], []
    for sessions, target in stages:
        print(f"\n== {sessions} sessions", flush=True)
        result = run_stage(args, sessions)
        result["p95_target_ms"] = target * 1000
        results.append(result)
        print(format_report(result, target), flush=True)
        ok = not result["errors"] and result["reruns"] > 0 and result["rerun_ms"]["p95"] <= target * 1000
        verdicts.append(f"{'PASS' if ok else 'FAIL'} {sessions} sessions: p95 {result['rerun_ms']['p95']} ms "
                        f"(target ≤ {target * 1000:.0f}), {len(result['errors'])} errors")
    largest = max(results, key=lambda r: r["sessions"])
    if largest["server_peak_mb"] is not None:
        ok = largest["server_peak_mb"] <= args.memory_target
        verdicts.append(f"{'PASS' if ok else 'FAIL'} peak memory with {largest['sessions']} sessions: "
                        f"{largest['server_peak_mb']} MB (target ≤ {args.memory_target:.0f})")
    print("\n" + "\n".join(verdicts))
    if args.json_out:
        args.json_out.write_text(json.dumps({"stages": results, "verdicts": verdicts}, indent=2), encoding="utf-8")
    failed = any(v.startswith("FAIL") for v in verdicts)
    print("LOAD TEST " + ("FAILED" if failed else "PASSED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
