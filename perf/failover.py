"""Failover under load: sessions browse through HAProxy, one replica is killed mid-run, and every session that was on
it must come back, through the proxy, on a live replica with the same page and the same choices.

    python perf/failover.py                                  # 2 replicas, 20 sessions, r1 killed after 20 s of 40
    python perf/failover.py --replicas 3 --sessions 60 --duration 60 --kill-after 30

Each session (perf/stclient.py: Streamlit's websocket protocol, as a browser tab speaks it) opens the app through the
proxy, which pins it to a replica with its FACEOFF_REPLICA cookie, then opens pages (some with filters from a shared
link) and changes URL-bound controls. When its replica dies it notices the closed websocket as a browser does, and
reconnects through the proxy with the cookie it had and the address it was on (page + query string): that is all a
browser keeps. Its view (page and every URL-bound widget's shown value) before the failure is compared with the view
after. Reports sessions moved, views restored, errors and reconnect times; exit status 1 when a view was not restored
or anything else failed. The supervisor (deploy/replicas.py) restarts the killed replica meanwhile.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import websocket  # noqa: E402

from deploy.replicas import ReplicaSet  # noqa: E402
from perf.loadtest import percentile, warm  # noqa: E402
from perf.stclient import RunResult, Session  # noqa: E402

RUN_DIR = ROOT / "out" / "failover"
# Shared links as the share button writes them today (labels), and one older id-valued link (m_sort=spread), which
# the page rewrites to its label form in the address (components/widgets.py), so a reload keeps it too.
QUERIES = {
    "matrix": ["m_q=export", "m_diff=true", urlencode({"m_sort": "Largest rating gap first"}),
               "m_fw=PyTorch&m_fw=JAX", "m_sort=spread"],
    "claims": ["c_q=tensorboard"],
    "popularity": ["p_scale=Log", urlencode({"p_norm": "Share of total (%)"})],
}


@dataclass
class Outcome:
    """What happened to one session."""

    replica_before: str = ""
    replica_after: str = ""
    disconnected: bool = False
    restored: bool = False
    reconnect_s: float | None = None
    view_before: dict = field(default_factory=dict)
    view_after: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    actions: int = 0


def replica_of(cookie: str) -> str:
    return cookie.partition("=")[2] if cookie else "?"


def connection_closed(session: Session) -> bool:
    """Whether the server closed this session's websocket (a browser learns it at once from the close event)."""
    session.ws.settimeout(0.2)
    try:
        session.ws.recv()
    except websocket.WebSocketTimeoutException:
        return False
    except (websocket.WebSocketException, OSError):
        return True
    finally:
        session.ws.settimeout(session.timeout)
    return False


def reconnect(url: str, old: Session, deadline: float) -> tuple[Session | None, list[str]]:
    """Reconnect as a browser does (same cookie, same address) until the view renders or ``deadline`` passes."""
    errors: list[str] = []
    while time.monotonic() < deadline:
        try:
            fresh = Session(url, timeout=60, cookie=old.cookie)
            result = fresh.run(old.page, old.query_string)
        except Exception as exc:  # refused while the proxy has not yet marked the replica down: retry
            errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.25)
            continue
        if result.status == "ok":
            return fresh, []
        fresh.close()
        errors.append(f"rerun after reconnect: {result.status} {result.exceptions[:1]}")
        time.sleep(0.25)
    return None, errors[-3:]


def follow(session: Session, page: str, query: str) -> tuple[Session, RunResult] | None:
    """Open a shared link (a new session); a browser whose request met a replica going down simply loads it again."""
    for _ in range(3):
        try:
            return session.follow_link(page, query)
        except Exception:  # refused while the proxy has not yet marked the killed replica down
            time.sleep(0.5)
    return None


def visitor(url: str, deadline: float, killed: threading.Event, out: Outcome, seed: int,
            think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    try:
        session = Session(url, timeout=60)
        result = session.run("")
    except Exception as exc:
        out.errors.append(f"connect: {type(exc).__name__}: {exc}")
        return
    if result.status != "ok":
        out.errors.append(f"first run: {result.status} {result.exceptions[:1]}")
    out.replica_before = replica_of(session.cookie)
    # the last view that rendered: the address a browser keeps, and what it showed
    last = (session.page, session.query_string, session.view())

    def recover() -> Session | None:
        out.disconnected = True
        session.page, session.query_string = last[0], last[1]
        out.view_before = last[2]
        started = time.monotonic()
        fresh, problems = reconnect(url, session, started + 60)
        session.close()
        if fresh is None:
            out.errors.extend(problems or ["could not reconnect in 60 s"])
            return None
        out.reconnect_s = time.monotonic() - started
        out.view_after = fresh.view()
        out.replica_after = replica_of(fresh.cookie)
        out.restored = out.view_after == out.view_before
        return fresh

    while time.monotonic() < deadline:
        killed.wait(rng.uniform(*think))
        if killed.is_set() and not out.disconnected and connection_closed(session):
            fresh = recover()
            if fresh is None:
                return
            session = fresh
            last = (session.page, session.query_string, session.view())
            continue
        if time.monotonic() >= deadline:
            break
        controls = [k for k, w in session.widgets.items() if len(w.options) > 1 and not k.startswith("w_")]
        if controls and rng.random() < 0.5:
            key = rng.choice(controls)
            result = session.set_widget(key, rng.choice(session.widgets[key].options))
        else:
            page = rng.choice(list(session.pages) or [""])
            query = rng.choice([*QUERIES.get(page, [""]), ""])
            if query:  # a shared link: a full page load, so a new session (the proxy's cookie kept)
                followed = follow(session, page, query)
                if followed is None:
                    out.errors.append(f"could not open {page}?{query} in three tries")
                    return
                session, result = followed
            else:
                result = session.run(page, query)
        out.actions += 1
        if result.status == "ok":
            last = (session.page, session.query_string, session.view())
        elif not out.disconnected and result.status in ("error", "timeout") and connection_closed(session):
            # the replica went away during this action: a browser reconnects and reruns the address it shows
            fresh = recover()
            if fresh is None:
                return
            session = fresh
            last = (session.page, session.query_string, session.view())
        else:
            out.errors.append(f"{session.page or '(default)'}: {result.status} {result.exceptions[:1]}")
    session.close()


def run_failover(replicas: int, sessions: int, duration: float, kill_after: float, victim: str,
                 think: tuple[float, float], run_dir: Path = RUN_DIR) -> dict:
    rs = ReplicaSet(replicas, run_dir=run_dir)
    rs.start()
    stop = threading.Event()
    restarts: list[str] = []

    def supervise() -> None:
        while not stop.is_set():
            restarts.extend(f"{time.strftime('%H:%M:%S')} {line}" for line in rs.supervise_once())
            stop.wait(0.5)

    supervisor = threading.Thread(target=supervise, daemon=True)
    supervisor.start()
    try:
        for replica in rs.replicas:  # cold loads and caches, as after a deploy; not timed
            warm(replica.url)
        killed = threading.Event()
        outcomes = [Outcome() for _ in range(sessions)]
        deadline = time.monotonic() + duration
        threads = [threading.Thread(target=visitor, args=(rs.url, deadline, killed, outcomes[i], i, think),
                                    daemon=True) for i in range(sessions)]
        for thread in threads:
            thread.start()
            time.sleep(min(2.0, kill_after / 2) / sessions)
        time.sleep(max(0.0, kill_after - min(2.0, kill_after / 2)))
        on_victim = sum(1 for o in outcomes if o.replica_before == victim)
        pid = rs.kill(victim)
        killed.set()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline + 120 - time.monotonic()))
        for outcome, thread in zip(outcomes, threads, strict=True):
            if thread.is_alive():  # still waiting on a reply: its view is unknown, which counts as a failure
                outcome.errors.append("session still waiting on the server 120 s after the run ended")
    finally:
        stop.set()
        supervisor.join(timeout=5)
        rs.stop()
    moved = [o for o in outcomes if o.disconnected]
    times = [o.reconnect_s for o in moved if o.reconnect_s is not None]
    lost = [o for o in moved if not o.restored]
    return {
        "replicas": replicas, "sessions": sessions, "duration_s": duration, "killed": victim, "killed_pid": pid,
        "sessions_on_killed_replica": on_victim,
        "sessions_disconnected": len(moved),
        "sessions_moved": sum(1 for o in moved if o.replica_after and o.replica_after != o.replica_before),
        "reconnected_to_restarted_replica": sum(1 for o in moved if o.replica_after == o.replica_before),
        "views_restored": sum(1 for o in moved if o.restored),
        "views_lost": [{"before": o.view_before, "after": o.view_after} for o in lost][:5],
        "errors": [e for o in outcomes for e in o.errors],
        "actions": sum(o.actions for o in outcomes),
        "reconnect_s": {"p50": round(percentile(times, 50), 2), "p95": round(percentile(times, 95), 2),
                        "max": round(max(times), 2)} if times else {},
        "supervisor": restarts,
    }


def format_report(r: dict) -> str:
    lines = [
        f"{r['sessions']} sessions through HAProxy over {r['replicas']} replicas for {r['duration_s']} s, "
        f"{r['actions']} page opens and control changes; replica {r['killed']} (pid {r['killed_pid']}) "
        f"killed with SIGKILL mid-run",
        f"sessions on {r['killed']} at the kill: {r['sessions_on_killed_replica']}; disconnected: "
        f"{r['sessions_disconnected']}; moved to another replica: {r['sessions_moved']}; back on the restarted "
        f"{r['killed']}: {r['reconnected_to_restarted_replica']}",
        f"views restored (same page, same choices): {r['views_restored']} of {r['sessions_disconnected']}",
        "reconnect time s: " + (", ".join(f"{k} {v}" for k, v in r["reconnect_s"].items()) or "n/a"),
        f"errors: {len(r['errors'])}",
    ]
    lines += [f"  ERROR {e}" for e in r["errors"][:10]]
    lines += [f"  LOST {v}" for v in r["views_lost"]]
    lines += [f"  supervisor: {line}" for line in r["supervisor"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=40, help="seconds the sessions browse")
    parser.add_argument("--kill-after", type=float, default=20, help="seconds into the run the replica is killed")
    parser.add_argument("--victim", default="r1", help="the replica to kill (r1..rN)")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=4.0)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    report = run_failover(args.replicas, args.sessions, args.duration, args.kill_after, args.victim,
                          (args.think_min, args.think_max))
    print(format_report(report), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    ok = (not report["errors"] and report["sessions_disconnected"] > 0
          and report["views_restored"] == report["sessions_disconnected"])
    print("FAILOVER " + ("PASSED" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
