"""The replica deployment: HAProxy accepts the generated config, two replicas serve through it with sticky cookies, a
killed replica is restarted, and sessions on a killed replica come back with their view (perf/failover.py)."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml

from deploy.replicas import HAPROXY, ReplicaSet, check_config, render_config
from perf.stclient import Session

ROOT = Path(__file__).resolve().parent.parent
needs_haproxy = pytest.mark.skipif(shutil.which("haproxy") is None and not Path(HAPROXY).exists(),
                                   reason="haproxy is not installed (.ci/run installs Debian's haproxy)")


def test_config_lists_every_replica_with_its_cookie():
    text = render_config(8501, [8601, 8602, 8603], 8404)
    servers = [line.split() for line in text.splitlines() if line.strip().startswith("server ")]
    assert [s[1:3] for s in servers] == [["r1", "127.0.0.1:8601"], ["r2", "127.0.0.1:8602"], ["r3", "127.0.0.1:8603"]]
    assert all(s[s.index("cookie") + 1] == s[1] and "check" in s for s in servers)
    assert "bind 127.0.0.1:8501" in text and "cookie FACEOFF_REPLICA insert" in text
    assert "uri /_stcore/health" in text and "option redispatch" in text


@needs_haproxy
def test_haproxy_accepts_the_config(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(render_config(18501, [18601, 18602], 18404), encoding="utf-8")
    ok, said = check_config(path)
    assert ok, said


@needs_haproxy
def test_haproxy_check_catches_a_broken_config(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(render_config(18501, [18601], 18404).replace("balance leastconn", "balance nosuchalgo"),
                    encoding="utf-8")
    ok, said = check_config(path)
    assert not ok and "Fatal errors" in said and "balance" in said


def test_kubernetes_manifest_has_sticky_ingress_and_health_probes():
    docs = {d["kind"]: d for d in yaml.safe_load_all((ROOT / "deploy" / "k8s" / "faceoff.yaml").read_text())}
    assert {"Deployment", "Service", "Ingress", "Secret"} <= set(docs)
    notes = docs["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert container["env"][0]["name"] == "STREAMLIT_SERVER_COOKIE_SECRET"


def test_dockerfile_runs_unprivileged_with_a_health_check_and_pinned_requirements():
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    users = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
    assert users and not users[-1].startswith(("root", "0"))
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    assert "COPY requirements.txt" in text and "-r requirements.txt" in text
    reqs = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert reqs and all("==" in line for line in reqs)


@needs_haproxy
@pytest.mark.slow
def test_two_replicas_serve_through_the_proxy_and_a_dead_one_is_restarted(tmp_path):
    rs = ReplicaSet(2, run_dir=tmp_path)
    rs.start()
    try:
        with urllib.request.urlopen(rs.url + "/", timeout=10) as resp:
            assert resp.status == 200
            assert "FACEOFF_REPLICA=r" in (resp.headers.get("Set-Cookie") or "")
        session = Session(rs.url, timeout=120)
        result = session.run("", collect_text=True)
        assert result.status == "ok", result.exceptions
        assert session.cookie.startswith("FACEOFF_REPLICA=r")
        assert "Freshness of every dataset" in result.texts
        session.close()
        old_pid = rs.kill("r1")
        rs.replicas[0].proc.wait(timeout=10)
        assert rs.supervise_once() and rs.replicas[0].restarts == 1
        rs.wait_replicas(timeout=90)
        assert rs.pids()["r1"] != old_pid
    finally:
        rs.stop()


@needs_haproxy
@pytest.mark.slow
def test_sessions_on_a_killed_replica_come_back_with_the_same_view(tmp_path):
    from perf.failover import run_failover

    report = run_failover(2, 6, duration=16, kill_after=7, victim="r1", think=(0.5, 2.0), run_dir=tmp_path)
    assert report["errors"] == []
    assert report["sessions_disconnected"] >= 1
    assert report["views_restored"] == report["sessions_disconnected"]
