"""``python -m faceoff check`` on recorded responses only: OK, 404, redirect, timeout, version mismatch, no network."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import requests
import responses

from faceoff.cli import main
from faceoff.matrix.check import cited_urls, run_check
from faceoff.matrix.linkcheck import LinkCache, check_links

HTTP = Path(__file__).resolve().parents[1] / "fixtures" / "http" / "matrix"
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)  # the fixture's cells are dated 2026-01-01/02: fresh
BROKEN = "https://example.org/b/c"  # cited by the matrix (compile/beta)
MOVED = "https://example.org/a/p"  # cited by the matrix (profiler/alpha) and claim c03


def pypi(name: str, version: str | None = None) -> dict:
    payload = json.loads((HTTP / f"pypi_{name}.json").read_text())
    if version is not None:
        payload["info"]["version"] = version
    return payload


@pytest.fixture
def web():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def answer_everything(web, data: Path, beta_version: str = "2.0", skip: tuple[str, ...] = ()) -> list[str]:
    urls = [u for u in cited_urls(data) if u not in skip]
    for url in urls:
        web.add(responses.HEAD, url, status=200)
    web.add(responses.GET, "https://pypi.org/pypi/alpha/json", json=pypi("alpha"))
    web.add(responses.GET, "https://pypi.org/pypi/beta/json", json=pypi("beta", beta_version))
    return urls


def check(data: Path, **kw) -> dict:
    kw.setdefault("cache_path", None)
    return run_check(data, delay=0, sleep=lambda s: None, now=lambda: NOW, **kw)


def test_every_source_of_matrix_claims_and_frameworks_is_collected(fixture_data):
    where = cited_urls(fixture_data)
    assert where[MOVED] == ["matrix profiler/alpha", "claims c03"]
    assert where["https://example.org/alpha/1"] == ["frameworks alpha 1.0"]
    assert "https://example.org/study" in where and "https://blog.example.com/b/e" in where


def test_all_good_exits_0(fixture_data, web):
    urls = answer_everything(web, fixture_data)
    report = check(fixture_data)
    assert report["exit"] == 0 and report["network"] is True
    assert report["links"]["ok"] == len(urls) and report["links"]["problems"] == []
    assert [v["status"] for v in report["versions"]] == ["ok", "ok"]
    assert report["stale"] == []


def test_404_is_a_problem_named_with_where_it_is_cited(fixture_data, web):
    answer_everything(web, fixture_data, skip=(BROKEN,))
    web.add(responses.HEAD, BROKEN, status=404)
    report = check(fixture_data)
    assert report["exit"] == 1
    (problem,) = report["links"]["problems"]
    assert (problem["url"], problem["status"], problem["code"]) == (BROKEN, "broken", 404)
    assert problem["cited_in"] == ["matrix compile/beta"]


def test_redirect_is_listed_as_moved_not_a_problem(fixture_data, web):
    answer_everything(web, fixture_data, skip=(MOVED,))
    web.add(responses.HEAD, MOVED, status=301, headers={"Location": "https://example.org/alpha/profiler"})
    web.add(responses.HEAD, "https://example.org/alpha/profiler", status=200)
    report = check(fixture_data)
    assert report["exit"] == 0
    (moved,) = report["links"]["moved"]
    assert (moved["url"], moved["final_url"]) == (MOVED, "https://example.org/alpha/profiler")


def test_timeout_is_a_problem(fixture_data, web):
    answer_everything(web, fixture_data, skip=(BROKEN,))
    web.add(responses.HEAD, BROKEN, body=requests.exceptions.ReadTimeout("read timed out"))
    report = check(fixture_data)
    assert report["exit"] == 1
    assert [(p["url"], p["status"]) for p in report["links"]["problems"]] == [(BROKEN, "timeout")]


def test_head_refused_falls_back_to_get(fixture_data, web):
    answer_everything(web, fixture_data, skip=(BROKEN,))
    web.add(responses.HEAD, BROKEN, status=405)
    web.add(responses.GET, BROKEN, status=200)
    report = check(fixture_data)
    assert report["exit"] == 0
    assert [c.request.method for c in web.calls if c.request.url == BROKEN] == ["HEAD", "GET"]


def test_site_that_refuses_robots_is_unverified_not_broken(fixture_data, web):
    answer_everything(web, fixture_data, skip=(BROKEN,))
    web.add(responses.HEAD, BROKEN, status=403)
    web.add(responses.GET, BROKEN, status=403)
    report = check(fixture_data)
    assert report["exit"] == 0
    assert [u["url"] for u in report["links"]["unverified"]] == [BROKEN]


def test_pypi_version_mismatch(fixture_data, web):
    answer_everything(web, fixture_data, beta_version="2.1")
    report = check(fixture_data)
    assert report["exit"] == 1
    beta = next(v for v in report["versions"] if v["framework"] == "beta")
    assert (beta["status"], beta["ours"], beta["pypi"]) == ("mismatch", "2.0", "2.1")


def test_cells_older_than_180_days_are_listed(fixture_data, web):
    answer_everything(web, fixture_data)
    report = run_check(fixture_data, cache_path=None, delay=0, sleep=lambda s: None,
                       now=lambda: dt.datetime(2026, 7, 1, tzinfo=dt.UTC))  # 181 days after 2026-01-01
    assert report["exit"] == 1
    assert {(s["criterion"], s["framework"]) for s in report["stale"]} == {
        ("eager", "alpha"), ("eager", "beta"), ("compile", "alpha"), ("profiler", "alpha"), ("profiler", "beta")}
    assert all(s["days"] == 181 for s in report["stale"])  # compile/beta (2026-01-02) is 180 days old: not stale


def test_no_network_exits_2_and_asks_each_host_once(fixture_data, web, tmp_path):
    cache = tmp_path / "cache.json"
    report = check(fixture_data, cache_path=cache)  # nothing registered: every request is refused
    assert report["exit"] == 2 and report["network"] is False
    hosts = {requests.utils.urlparse(u).hostname for u in cited_urls(fixture_data)}
    asked = [c.request.url for c in web.calls]
    assert len([u for u in asked if "pypi.org" not in u]) == len(hosts)
    assert not cache.exists()


def test_cli_exit_codes_and_reports(fixture_data, web, capsys):
    args = ["check", "--data-dir", str(fixture_data), "--no-cache", "--delay", "0"]
    assert main(args) == 2
    assert "no network: nothing checked" in capsys.readouterr().out
    answer_everything(web, fixture_data, beta_version="2.1")
    assert main([*args, "--stale-days", "100000"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH" in out and "beta: ours 2.0, PyPI 2.1" in out
    assert main([*args, "--json", "--stale-days", "100000"]) == 1
    assert json.loads(capsys.readouterr().out)["versions"][1]["pypi"] == "2.1"


def test_cache_skips_fresh_answers_and_asks_again_after_failures(tmp_path, web):
    ok, gone, slow = "https://a.example.org/ok", "https://a.example.org/gone", "https://b.example.org/slow"
    web.add(responses.HEAD, ok, status=200)
    web.add(responses.HEAD, gone, status=404)
    web.add(responses.HEAD, slow, body=requests.exceptions.ConnectTimeout("connect timed out"))
    path = tmp_path / ".cache" / "check.json"

    def run(at: dt.datetime):
        return check_links([ok, gone, slow], cache=LinkCache(path, 24, lambda: at), delay=0, sleep=lambda s: None,
                           now=lambda: at)

    first = run(NOW)
    assert [r.status for r in first.results] == ["ok", "broken", "timeout"]
    assert set(json.loads(path.read_text())["results"]) == {ok, gone}  # a timeout is not a settled answer
    calls = len(web.calls)
    second = run(NOW + dt.timedelta(hours=23))
    assert [r.cached for r in second.results] == [True, True, False]
    assert [c.request.url for c in web.calls[calls:]] == [slow]
    calls = len(web.calls)
    run(NOW + dt.timedelta(hours=25))  # older than 24 hours: asked again
    assert sorted(c.request.url for c in web.calls[calls:]) == sorted([ok, gone, slow])


def test_unreachable_host_is_not_asked_again(web):
    urls = ["https://down.example.org/1", "https://down.example.org/2", "https://up.example.org/"]
    web.add(responses.HEAD, urls[2], status=200)
    report = check_links(urls, delay=0, sleep=lambda s: None)
    assert [r.status for r in report.results] == ["unreachable", "unreachable", "ok"]
    assert [c.request.url for c in web.calls if "down" in c.request.url] == [urls[0]]
    assert not report.no_network


def test_politeness_waits_between_requests_to_one_host(web):
    urls = [f"https://a.example.org/{i}" for i in range(3)] + ["https://b.example.org/"]
    for url in urls:
        web.add(responses.HEAD, url, status=200)
    waits: list[float] = []
    check_links(urls, delay=1.5, sleep=waits.append, workers=2)
    assert waits == [1.5, 1.5]  # two waits on a.example.org, none before its first request or on b
