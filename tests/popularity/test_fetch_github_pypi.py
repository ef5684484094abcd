"""GitHub stars and pypistats fetchers against recorded responses; appending never rewrites history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.appending import add_current_rows
from faceoff.popularity.sources.base import Fetched
from faceoff.popularity.sources.github import GitHubStars, compact, repo_url
from faceoff.popularity.sources.pypi import PypiDownloads, recent_url
from tests.popularity.conftest import payload

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def with_now(context):
    return type(context)(**{**context.__dict__, "now": lambda: NOW})


def add_github(rsps, beta_status=200, beta_body=None, headers=None):
    rsps.add("GET", repo_url("example/alpha"), body=payload("github_repo_alpha.json"), status=200,
             content_type="application/json; charset=utf-8")
    rsps.add("GET", repo_url("example/beta"), body=beta_body or payload("github_repo_beta.json"), status=beta_status,
             content_type="application/json; charset=utf-8", headers=headers or {})


def add_pypi(rsps, beta_status=200, beta_body=None):
    rsps.add("GET", recent_url("alpha"), body=payload("pypistats_recent_alpha.json"), status=200,
             content_type="application/json")
    rsps.add("GET", recent_url("beta"), body=beta_body or payload("pypistats_recent_beta.json"), status=beta_status,
             content_type="application/json")


@responses.activate
def test_github_success(ctx):
    add_github(responses)
    fetched = GitHubStars().fetch(with_now(ctx(github_history_pages=0)))
    rows = fetched.frame.set_index("framework")
    assert rows.loc["alpha", "stars"] == 98765 and rows.loc["beta", "stars"] == 4321
    assert rows.loc["alpha", "stars_display"] == "99K"
    assert set(rows["source"]) == {"github-api"}
    assert set(fetched.frame["date"]) == {NOW.date()}
    assert fetched.provenance["data_as_of"] == "2026-11-22"
    assert "Authorization" not in responses.calls[0].request.headers
    assert responses.calls[0].request.headers["Accept"] == "application/vnd.github+json"


@responses.activate
def test_github_token_is_sent_when_given(ctx):
    add_github(responses)
    context = type(ctx())(**{**ctx(github_history_pages=0).__dict__, "token": "ghp_fixture"})
    GitHubStars().fetch(context)
    assert responses.calls[0].request.headers["Authorization"] == "Bearer ghp_fixture"


@responses.activate
def test_github_rate_limited_403(ctx):
    add_github(responses, beta_status=403, beta_body=payload("github_rate_limited.json"),
               headers={"X-RateLimit-Remaining": "0"})
    limit = r"hourly rate limit is spent \(HTTP 403, x-ratelimit-remaining: 0\).*GITHUB_TOKEN"
    with pytest.raises(SourceUnavailable, match=limit):
        GitHubStars().fetch(ctx(github_history_pages=0))


@pytest.mark.parametrize(("status", "hint"), [(429, "secondary rate limit"), (500, "server error"), (404, "not found")])
@responses.activate
def test_github_http_errors(ctx, status, hint):
    add_github(responses, beta_status=status, beta_body=payload("github_not_found.json"),
               headers={"Retry-After": "60"} if status == 429 else None)
    with pytest.raises(SourceUnavailable) as info:
        GitHubStars().fetch(ctx(github_history_pages=0))
    assert f"HTTP {status}" in str(info.value) and hint in str(info.value)
    assert status == 429 or "example/beta" in str(info.value)


@responses.activate
def test_github_timeout(ctx):
    responses.add("GET", repo_url("example/alpha"), body=requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        GitHubStars().fetch(ctx(github_history_pages=0))


@responses.activate
def test_github_truncated_json(ctx):
    body = payload("github_repo_beta.json")
    add_github(responses, beta_body=body[: len(body) // 3])
    with pytest.raises(SourceUnavailable, match="malformed JSON"):
        GitHubStars().fetch(ctx(github_history_pages=0))


@responses.activate
def test_github_missing_stars_field(ctx):
    add_github(responses, beta_body='{"full_name": "example/beta"}')
    with pytest.raises(SourceUnavailable, match="stargazers_count"):
        GitHubStars().fetch(ctx(github_history_pages=0))


def test_github_empty_registry(ctx):
    context = type(ctx())(**{**ctx().__dict__, "frameworks": []})
    with pytest.raises(SourceUnavailable, match="empty"):
        GitHubStars().fetch(context)


@responses.activate
def test_pypi_success(ctx):
    add_pypi(responses)
    fetched = PypiDownloads().fetch(with_now(ctx()))
    rows = fetched.frame.set_index("framework")
    assert rows.loc["alpha", "downloads_last_month"] == 45678901
    assert rows.loc["beta", "downloads_display"] == "77K"
    assert set(rows["source"]) == {"pypistats"}


@pytest.mark.parametrize("status", [429, 500, 403])
@responses.activate
def test_pypi_http_errors(ctx, status):
    add_pypi(responses, beta_status=status, beta_body="error")
    with pytest.raises(SourceUnavailable, match=f"pypistats.org: .*HTTP {status}"):
        PypiDownloads().fetch(ctx())


@responses.activate
def test_pypi_timeout(ctx):
    responses.add("GET", recent_url("alpha"), body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        PypiDownloads().fetch(ctx())


@pytest.mark.parametrize("body", ['{"data": {"last_day": 1',
                                  '{"data": {}, "package": "beta", "type": "recent_downloads"}',
                                  '{"data": {"last_month": "many"}}', '[]', '{"data": {"last_month": 5}, "type": "x"}'])
@responses.activate
def test_pypi_malformed_or_empty(ctx, body):
    add_pypi(responses, beta_body=body)
    with pytest.raises(SourceUnavailable, match="malformed"):
        PypiDownloads().fetch(ctx())


def test_compact():
    assert compact(98765) == "99K" and compact(1_800_000) == "1.8M" and compact(46_000_000) == "46M"
    assert compact(950) == "950"


def history() -> pd.DataFrame:
    return pd.DataFrame({"date": [dt.date(2025, 6, 26), dt.date(2025, 6, 26)], "framework": ["alpha", "beta"],
                         "source": ["best-of-ml-python"] * 2, "stars": [10, 20]})


def live(day: dt.date, alpha: int) -> Fetched:
    frame = pd.DataFrame({"date": [day], "framework": ["alpha"], "source": ["github-api"], "stars": [alpha]})
    return Fetched(frame, {})


def test_append_adds_and_keeps_history():
    merged = add_current_rows(history(), live(dt.date(2026, 11, 1), 99), "github-api")
    assert len(merged) == 3 and merged.iloc[-1]["stars"] == 99
    assert merged.iloc[:2].equals(history()), "history untouched"


def test_append_replaces_only_a_live_row_of_the_same_month():
    once = add_current_rows(history(), live(dt.date(2026, 11, 1), 99), "github-api")
    twice = add_current_rows(once, live(dt.date(2026, 11, 20), 101), "github-api")
    assert len(twice) == 3 and twice.iloc[-1]["stars"] == 101


def test_append_never_overwrites_a_published_month():
    merged = add_current_rows(history(), live(dt.date(2025, 6, 30), 1), "github-api")
    assert merged.equals(history())
