"""Capacity plan from measurement: sessions per replica (one core each) and memory per session at the p95 goal, with
one and with two replicas behind HAProxy, and what 1,000 and 10,000 concurrent visitors then need.

    python perf/capacity.py                                  # 1 replica: 25, 50 sessions; 2 replicas: 50, 100
    python perf/capacity.py --plan 1:25,50,75 --plan 2:50,100,150 --duration 60

Each step starts the replicas and the proxy (deploy/replicas.py), warms every replica, then runs the load test's
sessions (perf/loadtest.py: Streamlit's websocket protocol, pages and control changes with think time) through the
proxy. A Streamlit server runs scripts on one core at a time (the GIL), so one replica counts as one core. Memory
per session = (peak RSS of all replicas - their RSS when warm and idle) / sessions. The machine's load average is
printed with every step: on a shared machine the figures are pessimistic.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.replicas import ReplicaSet  # noqa: E402
from perf.loadtest import format_report, run_load, warm  # noqa: E402

RUN_DIR = ROOT / "out" / "capacity"
GOAL_S = 1.0


class Replicas:
    """The load test's memory sampler over every replica (its ``rss_bytes`` sums them)."""

    def __init__(self, rs: ReplicaSet):
        self.rs = rs

    def rss_bytes(self) -> int:
        import psutil

        total = 0
        for replica in self.rs.replicas:
            if replica.proc is not None:
                proc = psutil.Process(replica.proc.pid)
                total += proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
        return total


def step(replicas: int, sessions: int, duration: float, think: tuple[float, float]) -> dict:
    rs = ReplicaSet(replicas, run_dir=RUN_DIR)
    rs.start()
    try:
        for replica in rs.replicas:  # cold loads and caches, as after a deploy; not timed
            warm(replica.url)
        meter = Replicas(rs)
        idle = meter.rss_bytes()
        result = run_load(rs.url, sessions, duration, think, ramp=min(10.0, duration / 4), server=meter)  # type: ignore[arg-type]
    finally:
        rs.stop()
    result["replicas"] = replicas
    result["idle_mb"] = round(idle / 2**20, 1)
    peak = result["server_peak_mb"] or 0.0
    result["mb_per_session"] = round(max(0.0, peak - result["idle_mb"]) / sessions, 2)
    result["meets_goal"] = not result["errors"] and result["reruns"] > 0 and result["rerun_ms"]["p95"] <= GOAL_S * 1000
    return result


def plan(results: list[dict], visitors: tuple[int, ...] = (1_000, 10_000)) -> list[str]:
    """Sizing from the largest passing step per replica count (sessions per replica = per core)."""
    passing = [r for r in results if r["meets_goal"]]
    if not passing:
        return ["no step met the p95 goal: no capacity figure (rerun on a quieter machine or with fewer sessions)"]
    per_core = min(max(r["sessions"] / r["replicas"] for r in passing if r["replicas"] == n)
                   for n in {r["replicas"] for r in passing})
    idle_per_replica = max(r["idle_mb"] / r["replicas"] for r in passing)
    per_session = max(r["mb_per_session"] for r in passing)
    lines = [f"sessions per core at p95 ≤ {GOAL_S:.0f} s: {per_core:.0f} (smallest over the replica counts measured); "
             f"memory: {idle_per_replica:.0f} MB per warm replica + {per_session:.2f} MB per session"]
    for n in visitors:
        replicas = math.ceil(n / per_core)
        memory_gb = (replicas * idle_per_replica + n * per_session) / 1024
        lines.append(f"{n:,} concurrent visitors: {replicas} replicas = {replicas} cores, "
                     f"{memory_gb:.1f} GB memory (+ the proxy)")
    return lines


def parse_plan(text: str) -> tuple[int, list[int]]:
    replicas, _, sessions = text.partition(":")
    return int(replicas), [int(s) for s in sessions.split(",") if s]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", action="append", type=parse_plan, metavar="REPLICAS:SESSIONS,SESSIONS",
                        help="replica count and the session counts to try (repeatable)")
    parser.add_argument("--duration", type=float, default=40)
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    steps = args.plan or [(1, [25, 50]), (2, [50, 100])]
    results = []
    print(f"machine: {os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for replicas, counts in steps:
        for sessions in counts:
            print(f"\n== {replicas} replica(s), {sessions} sessions through HAProxy", flush=True)
            result = step(replicas, sessions, args.duration, (args.think_min, args.think_max))
            results.append(result)
            print(format_report(result, GOAL_S), flush=True)
            print(f"warm idle memory {result['idle_mb']} MB; {result['mb_per_session']} MB per session; "
                  f"p95 goal {'met' if result['meets_goal'] else 'NOT met'}", flush=True)
    lines = plan(results)
    print("\n" + "\n".join(lines))
    if args.json_out:
        args.json_out.write_text(json.dumps({"steps": results, "plan": lines}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
