"""N Faceoff replicas behind HAProxy on one machine, supervised: a replica (or the proxy) that exits is restarted.

    python deploy/replicas.py --replicas 3 --port 8501        # make serve-replicas REPLICAS=3 PORT=8501

Each replica is ``streamlit run app.py`` on its own loopback port; HAProxy (deploy/haproxy.cfg.tmpl) listens on
``--port`` with websocket support, cookie-based sticky sessions and health checks on ``/_stcore/health``. All
replicas share one cookie secret (``STREAMLIT_SERVER_COOKIE_SECRET``, generated when unset), so a visitor moved to
another replica keeps a valid XSRF cookie. Ctrl-C (or SIGTERM) stops everything. perf/failover.py and the tests use
``ReplicaSet`` directly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "haproxy.cfg.tmpl"
RUN_DIR = ROOT / "out" / "deploy"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_config(port: int, replica_ports: list[int], stats_port: int, bind: str = "127.0.0.1") -> str:
    """The HAProxy configuration for replicas r1..rN on ``replica_ports`` (loopback)."""
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} check cookie r{i}" for i, p in enumerate(replica_ports, 1))
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        BIND=bind, PORT=port, STATS_PORT=stats_port, SERVERS=servers)


def check_config(path: Path) -> tuple[bool, str]:
    """``haproxy -c -f path``: whether HAProxy accepts the file, and what it said."""
    proc = subprocess.run([HAPROXY, "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = 0.0
    exits: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class ReplicaSet:
    """Start, supervise and stop N replicas and the proxy in front of them."""

    def __init__(self, replicas: int = 2, port: int | None = None, stats_port: int | None = None,
                 run_dir: Path = RUN_DIR, python: str = sys.executable, env: dict[str, str] | None = None,
                 replica_ports: list[int] | None = None):
        if replicas < 1:
            raise ValueError("at least one replica")
        self.port = port or free_port()
        self.stats_port = stats_port or free_port()
        ports = replica_ports or [free_port() for _ in range(replicas)]
        self.replicas = [Replica(f"r{i}", p) for i, p in enumerate(ports, 1)]
        self.run_dir = run_dir
        self.python = python
        secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        self.env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret, **(env or {})}
        self.proxy: subprocess.Popen | None = None
        self.proxy_restarts = 0
        self.config_path = run_dir / "haproxy.cfg"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start_replica(self, replica: Replica) -> None:
        log = (self.run_dir / f"{replica.name}.log").open("a")
        replica.proc = subprocess.Popen(
            [self.python, "-m", "streamlit", "run", "app.py", "--server.port", str(replica.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        replica.started_at = time.monotonic()

    def _start_proxy(self) -> None:
        log = (self.run_dir / "haproxy.log").open("a")
        # -db: stay in the foreground (this process supervises it); -W off: one process, no master
        self.proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(self.config_path)], stdout=log,
                                      stderr=subprocess.STDOUT)

    def start(self, timeout: float = 120) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(render_config(self.port, [r.port for r in self.replicas], self.stats_port),
                                    encoding="utf-8")
        ok, said = check_config(self.config_path)
        if not ok:
            raise RuntimeError(f"haproxy rejected {self.config_path}: {said}")
        for replica in self.replicas:
            self._start_replica(replica)
        self.wait_replicas(timeout)
        self._start_proxy()
        self.wait_proxy(timeout=30)
        self.write_state()

    def wait_replicas(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.replicas)
        while waiting and time.monotonic() < deadline:
            waiting = [r for r in waiting if not healthy(r.url)]
            for r in waiting:
                if r.proc is not None and r.proc.poll() is not None:
                    raise RuntimeError(f"replica {r.name} exited (code {r.proc.returncode}); see "
                                       f"{self.run_dir / (r.name + '.log')}")
            if waiting:
                time.sleep(0.2)
        if waiting:
            raise RuntimeError(f"replicas not healthy after {timeout:.0f} s: {[r.name for r in waiting]}")

    def wait_proxy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if healthy(self.url):
                return
            if self.proxy is not None and self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited (code {self.proxy.returncode}); see {self.run_dir}/haproxy.log")
            time.sleep(0.2)
        raise RuntimeError(f"the proxy did not answer {self.url}/_stcore/health in {timeout:.0f} s")

    def supervise_once(self) -> list[str]:
        """Restart what has exited; returns one line per restart."""
        events = []
        for replica in self.replicas:
            if replica.proc is not None and replica.proc.poll() is not None:
                replica.exits.append(replica.proc.returncode)
                replica.restarts += 1
                events.append(f"replica {replica.name} (port {replica.port}) exited with code "
                              f"{replica.proc.returncode}; restarting (restart {replica.restarts})")
                self._start_replica(replica)
        if self.proxy is not None and self.proxy.poll() is not None:
            self.proxy_restarts += 1
            events.append(f"haproxy exited with code {self.proxy.returncode}; restarting")
            self._start_proxy()
        if events:
            self.write_state()
        return events

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` to one replica (the fault the failover test injects); returns its pid."""
        replica = next(r for r in self.replicas if r.name == name)
        if replica.proc is None:
            raise RuntimeError(f"replica {name} is not running")
        replica.proc.send_signal(sig)
        return replica.proc.pid

    def pids(self) -> dict[str, int]:
        return {r.name: r.proc.pid for r in self.replicas if r.proc is not None}

    def write_state(self) -> None:
        state = {"proxy": self.url, "stats": f"http://127.0.0.1:{self.stats_port}/",
                 "proxy_pid": self.proxy.pid if self.proxy else None, "proxy_restarts": self.proxy_restarts,
                 "replicas": [{"name": r.name, "port": r.port, "pid": r.proc.pid if r.proc else None,
                               "restarts": r.restarts} for r in self.replicas]}
        (self.run_dir / "state.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    def stop(self) -> None:
        procs = [r.proc for r in self.replicas if r.proc is not None] + ([self.proxy] if self.proxy else [])
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (visitors open this one)")
    parser.add_argument("--base-port", type=int, default=8601, help="replica i listens on base-port + i - 1")
    parser.add_argument("--stats-port", type=int, default=8404, help="HAProxy's status page")
    parser.add_argument("--run-dir", type=Path, default=RUN_DIR, help="generated config, logs and state.json")
    args = parser.parse_args(argv)
    replica_ports = [args.base_port + i for i in range(args.replicas)]
    rs = ReplicaSet(args.replicas, args.port, args.stats_port, args.run_dir, replica_ports=replica_ports)
    stopping = {"now": False}

    def on_signal(signum, frame) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        rs.start()
        print(f"Faceoff: {args.replicas} replicas on ports {replica_ports} behind HAProxy at {rs.url} "
              f"(status page http://127.0.0.1:{args.stats_port}/); logs in {args.run_dir}. Ctrl-C stops.", flush=True)
        while not stopping["now"]:
            for line in rs.supervise_once():
                print(time.strftime("%H:%M:%S"), line, flush=True)
            time.sleep(0.5)
    finally:
        rs.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
