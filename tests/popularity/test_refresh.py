"""``python -m faceoff refresh``: any failure leaves the snapshot byte-identical; success writes atomically."""

from __future__ import annotations

import random

import pandas as pd
import pytest
import requests
import responses

from faceoff.cli import build_parser
from faceoff.popularity.refresh import run
from faceoff.popularity.snapshot import provenance_path
from faceoff.popularity.sources import all_sources
from faceoff.popularity.sources.base import FetchContext, Fetched
from faceoff.popularity.sources.github import repo_url
from faceoff.popularity.sources.pwc import DOWNLOAD_URL
from faceoff.popularity.sources.pypi import recent_url
from faceoff.registry import inventory, load_dataset
from tests.popularity.conftest import (
    COOKIE_URL,
    EXPLORE_URL,
    MULTILINE_URL,
    add_trends_responses,
    payload,
    snapshot_bytes,
)


def refresh(folder, *argv, sources=None):
    args = build_parser().parse_args(["refresh", "--data-dir", str(folder), *argv])
    context = FetchContext(timeout=(1.0, 1.0), options={"attempts": 2}, sleep=lambda s: None, rng=random.Random(3))
    return run(args, sources=sources, context=context)


@responses.activate
def test_no_network_every_source_fails_and_nothing_changes(pop_data, capsys):
    before = snapshot_bytes(pop_data)
    code = refresh(pop_data)
    after = snapshot_bytes(pop_data)
    err = capsys.readouterr().err
    assert code == 1
    assert before == after, "every file in data/ stays byte-identical"
    for name in ("trends", "pwc", "github", "pypi"):
        assert f"FAILED {name}:" in err
    assert "Google Trends:" in err and "Papers with Code archive:" in err and "GitHub API:" in err
    assert "pypistats.org:" in err and "unchanged" in err


def trends_failures():
    body = payload("trends_multiline.txt")
    return {
        "429": lambda r: (r.add("GET", COOKIE_URL, body=""), r.add("POST", EXPLORE_URL, body="x", status=429)),
        "500": lambda r: (r.add("GET", COOKIE_URL, body=""), r.add("POST", EXPLORE_URL, body="x", status=500)),
        "timeout": lambda r: r.add("GET", COOKIE_URL, body=requests.exceptions.ConnectTimeout("timed out")),
        "truncated": lambda r: (r.add("GET", COOKIE_URL, body=""),
                                r.add("POST", EXPLORE_URL, body=payload("trends_explore.txt"),
                                      content_type="application/json"),
                                r.add("GET", MULTILINE_URL, body=body[:300], content_type="application/json")),
        "empty": lambda r: add_trends_responses(r, multiline="trends_multiline_empty.txt"),
    }


@pytest.mark.parametrize("kind", list(trends_failures()))
def test_trends_failure_keeps_an_existing_snapshot_byte_identical(pop_data, kind, capsys):
    with responses.RequestsMock() as rsps:
        add_trends_responses(rsps)
        assert refresh(pop_data, "trends") == 0
    before = snapshot_bytes(pop_data)
    assert "popularity/google_trends.csv" in before
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        trends_failures()[kind](rsps)
        code = refresh(pop_data, "trends")
    assert code == 1
    assert snapshot_bytes(pop_data) == before
    assert "FAILED trends: Google Trends:" in capsys.readouterr().err


def github_failures():
    alpha = payload("github_repo_alpha.json")
    return {
        "429": dict(status=429, body="{}"),
        "500": dict(status=500, body="{}"),
        "timeout": dict(status=200, body=requests.exceptions.ReadTimeout("read timed out")),
        "truncated": dict(status=200, body=alpha[:200]),
        "empty": dict(status=200, body="{}"),
    }


@pytest.mark.parametrize("kind", list(github_failures()))
def test_github_failure_keeps_history_byte_identical(pop_data, kind, capsys):
    before = snapshot_bytes(pop_data)
    spec = github_failures()[kind]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add("GET", repo_url("example/alpha"), body=payload("github_repo_alpha.json"))
        rsps.add("GET", repo_url("example/beta"), body=spec["body"], status=spec["status"])
        assert refresh(pop_data, "github") == 1
    assert snapshot_bytes(pop_data) == before
    assert "FAILED github: GitHub API:" in capsys.readouterr().err


@pytest.mark.parametrize("status", [429, 500])
def test_pwc_and_pypi_failures_keep_files(pop_data, status):
    before = snapshot_bytes(pop_data)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add("GET", DOWNLOAD_URL, body="x", status=status)
        rsps.add("GET", recent_url("alpha"), body="x", status=status)
        assert refresh(pop_data, "pwc", "pypi") == 1
    assert snapshot_bytes(pop_data) == before


@responses.activate
def test_trends_success_writes_snapshot_and_provenance(pop_data, capsys):
    add_trends_responses(responses)
    assert refresh(pop_data, "trends", "--geo", "US", "--timeframe", "today 3-m") == 0
    loaded = load_dataset("popularity-trends", pop_data)
    snap = loaded.value
    assert len(snap.frame) == 12 and snap.frame["is_partial"].sum() == 2
    prov = snap.provenance
    assert prov.parameters["geo"] == "US" and prov.parameters["timeframe"] == "today 3-m"
    assert prov.parameters["terms"] == ["alpha", "beta"] and prov.fetched_at
    assert not loaded.problems, "sha256 in the provenance matches the file"
    assert "ok     trends: Google Trends: updated data/popularity/google_trends.csv" in capsys.readouterr().out
    report = inventory(pop_data)
    row = next(d for d in report["datasets"] if d["id"] == "popularity-trends")
    assert row["detail"]["provenance"]["parameters"]["granularity"] == "weekly"
    assert not list(pop_data.joinpath("popularity").glob(".*.tmp")), "no temporary file left behind"


@responses.activate
def test_github_success_appends_without_rewriting_history(pop_data):
    path = pop_data / "popularity" / "github_stars.csv"
    before = path.read_text(encoding="utf-8").splitlines()
    responses.add("GET", repo_url("example/alpha"), body=payload("github_repo_alpha.json"))
    responses.add("GET", repo_url("example/beta"), body=payload("github_repo_beta.json"))
    assert refresh(pop_data, "github", "--github-history-pages", "0") == 0
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before
    assert len(after) == len(before) + 2 and "github-api" in after[-1]
    prov = load_dataset("popularity-github-stars", pop_data).value.provenance
    assert prov.parameters["live_repositories"] == ["example/alpha", "example/beta"]
    assert prov.parameters["rounding"], "earlier provenance parameters are kept"


@responses.activate
def test_dry_run_shows_changes_and_writes_nothing(pop_data, capsys):
    before = snapshot_bytes(pop_data)
    responses.add("GET", recent_url("alpha"), body=payload("pypistats_recent_alpha.json"))
    responses.add("GET", recent_url("beta"), body=payload("pypistats_recent_beta.json"))
    assert refresh(pop_data, "pypi", "--dry-run") == 0
    assert snapshot_bytes(pop_data) == before
    out = capsys.readouterr().out
    assert "would update data/popularity/pypi_downloads.csv" in out
    assert "+2 added, -0 removed" in out and "pypistats" in out


class BadSource:
    name = "bad"
    title = "Bad source"
    dataset_id = "popularity-trends"
    appends = False

    def fetch(self, ctx):
        frame = pd.DataFrame({"date": [pd.Timestamp("2026-01-04").date()], "framework": ["alpha"], "term": ["alpha"],
                              "value": [250], "is_partial": [False], "below_one": [False], "scale": ["0-100"]})
        return Fetched(frame, {"source": "x", "url": "https://example.org/x", "retrieved": "2026-01-05",
                               "licence": "x", "method": "x"})

    def merge(self, existing, fetched):
        return fetched.frame


def test_implausible_values_fail_validation_and_write_nothing(pop_data, capsys):
    before = snapshot_bytes(pop_data)
    assert refresh(pop_data, "bad", sources={"bad": BadSource()}) == 1
    assert snapshot_bytes(pop_data) == before
    err = capsys.readouterr().err
    assert "failed validation" in err and "above the plausible maximum 100" in err


class DuplicateSource(BadSource):
    def fetch(self, ctx):
        fetched = super().fetch(ctx)
        frame = pd.concat([fetched.frame.assign(value=5)] * 2, ignore_index=True)
        return Fetched(frame, fetched.provenance)


def test_duplicate_periods_fail_validation(pop_data, capsys):
    assert refresh(pop_data, "bad", sources={"bad": DuplicateSource()}) == 1
    assert "duplicate period" in capsys.readouterr().err


class CrashingSource(BadSource):
    def fetch(self, ctx):
        raise ZeroDivisionError("bug")


def test_a_crashing_fetcher_is_reported_and_others_still_run(pop_data, capsys):
    sources = {"bad": CrashingSource(), **{k: v for k, v in all_sources().items() if k == "pypi"}}
    with responses.RequestsMock() as rsps:
        rsps.add("GET", recent_url("alpha"), body=payload("pypistats_recent_alpha.json"))
        rsps.add("GET", recent_url("beta"), body=payload("pypistats_recent_beta.json"))
        assert refresh(pop_data, sources=sources) == 1
    captured = capsys.readouterr()
    assert "unexpected ZeroDivisionError" in captured.err
    assert "ok     pypi:" in captured.out


def test_corrupt_history_is_not_overwritten(pop_data, capsys):
    path = pop_data / "popularity" / "github_stars.csv"
    path.write_text(path.read_text(encoding="utf-8") + "not,a,valid,row\n", encoding="utf-8")
    before = snapshot_bytes(pop_data)
    assert refresh(pop_data, "github") == 1
    assert snapshot_bytes(pop_data) == before
    assert "history cannot be re-fetched" in capsys.readouterr().err


def test_unusable_registry_names_the_cause(pop_data, capsys):
    (pop_data / "frameworks.yaml").write_text("frameworks: [", encoding="utf-8")
    before = snapshot_bytes(pop_data)
    assert refresh(pop_data, "github") == 1
    assert snapshot_bytes(pop_data) == before
    assert "framework registry unusable" in capsys.readouterr().err


def test_unknown_source(pop_data, capsys):
    assert refresh(pop_data, "nope") == 2
    assert "unknown source" in capsys.readouterr().err


def test_provenance_sidecars_exist_for_every_shipped_snapshot():
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "data" / "popularity"
    for csv in data.glob("*.csv"):
        assert provenance_path(csv).exists(), csv
