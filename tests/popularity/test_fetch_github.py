"""GitHub stars extended to today from ``stargazers/history`` (recorded responses in fixtures/http/popularity/github):
success over paginated and complete histories, rate limits with one bounded retry, malformed payloads, network."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import Fetched
from faceoff.popularity.sources.github import GitHubStars, repo_url
from faceoff.popularity.sources.star_history import history_url, month_ends
from tests.popularity.conftest import HTTP, add_recorded, payload

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
PAGE2 = "https://api.github.com/repositories/101/stargazers/history?per_page=30&page=2"


def at_now(context, **changes):
    return type(context)(**{**context.__dict__, "now": lambda: NOW, **changes})


def add_repos(rsps):
    rsps.add("GET", repo_url("example/alpha"), body=payload("github_repo_alpha.json"), content_type="application/json")
    rsps.add("GET", repo_url("example/beta"), body=payload("github_repo_beta.json"), content_type="application/json")


def add_histories(rsps, beta: str = "stargazers_history_beta"):
    add_recorded(rsps, "GET", history_url("example/alpha"), "github", "stargazers_history_alpha_page1")
    add_recorded(rsps, "GET", PAGE2, "github", "stargazers_history_alpha_page2")
    add_recorded(rsps, "GET", history_url("example/beta"), "github", beta)


def daily(name: str) -> dict[dt.date, int]:
    weeks = json.loads((HTTP / "github" / f"{name}.json").read_text())
    out = {}
    for week in weeks:
        start = dt.datetime.fromtimestamp(week["week"], dt.UTC).date()
        for i, count in enumerate(week["days"]):
            out[start + dt.timedelta(days=i)] = count
    return out


@responses.activate
def test_history_extends_the_series_to_today(ctx):
    add_repos(responses)
    add_histories(responses)
    fetched = GitHubStars().fetch(at_now(ctx(github_history_pages=2)))
    frame = fetched.frame
    beta = frame[frame["framework"] == "beta"].set_index("date")
    # beta's history is complete (no Link header): a month-end count is every star given up to that day
    gains = daily("stargazers_history_beta")
    for end in (dt.date(2026, 9, 30), dt.date(2026, 10, 31)):
        assert beta.loc[end, "stars"] == sum(v for d, v in gains.items() if d <= end)
        assert beta.loc[end, "source"] == "github-star-history"
    assert beta.loc[NOW.date(), "stars"] == 4321 and beta.loc[NOW.date(), "source"] == "github-api"
    alpha = frame[frame["framework"] == "alpha"].set_index("date")
    assert alpha.index.min() == dt.date(2025, 10, 31), "two pages (60 weeks) reach back to October 2025"
    both = {**daily("stargazers_history_alpha_page1"), **daily("stargazers_history_alpha_page2")}
    later = sum(v for d, v in both.items() if dt.date(2026, 6, 30) < d <= NOW.date())
    assert alpha.loc[dt.date(2026, 6, 30), "stars"] == 98765 - later
    assert list(alpha["stars"]) == sorted(alpha["stars"]), "stars still held only grow month by month"
    assert len(alpha) == 14 and len(beta) == 3
    assert fetched.provenance["stats"]["history_rows"] == 15 and fetched.provenance["stats"]["fallbacks"] == []


@responses.activate
def test_history_requests_the_2026_api_version_and_follow_link_headers(ctx):
    add_repos(responses)
    add_histories(responses)
    context = at_now(ctx(github_history_pages=2), token="ghp_fixture")
    GitHubStars().fetch(context)
    history_calls = [c for c in responses.calls if "stargazers/history" in c.request.url]
    assert [c.request.url for c in history_calls][:2] == [history_url("example/alpha"), PAGE2]
    assert all(c.request.headers["X-GitHub-Api-Version"] == "2026-03-10" for c in history_calls)
    assert all(c.request.headers["Authorization"] == "Bearer ghp_fixture" for c in responses.calls)


@responses.activate
def test_page_limit_stops_paging(ctx):
    add_repos(responses)
    add_histories(responses)
    fetched = GitHubStars().fetch(at_now(ctx(github_history_pages=1)))
    assert PAGE2 not in [c.request.url for c in responses.calls]
    alpha = fetched.frame[fetched.frame["framework"] == "alpha"]
    assert alpha["date"].min() == dt.date(2026, 5, 31), "30 weeks reach back to 3 May 2026: May is the first month"


@responses.activate
@pytest.mark.parametrize("name", ["secondary_rate_limit", "rate_limited_429"])
def test_secondary_limit_is_retried_once_after_retry_after(ctx, sleeper, name):
    add_repos(responses)
    add_recorded(responses, "GET", history_url("example/beta"), "github", name)
    add_recorded(responses, "GET", history_url("example/beta"), "github", "stargazers_history_beta")
    context = at_now(ctx(github_history_pages=1), frameworks=[fw for fw in ctx().frameworks if fw.id == "beta"])
    fetched = GitHubStars().fetch(context)
    expected = 60 if name == "secondary_rate_limit" else 30
    assert sleeper.calls == [expected], "waited what retry-after said, once"
    assert (fetched.frame["source"] == "github-star-history").sum() == 2


@responses.activate
def test_secondary_limit_that_persists_fails_with_a_clear_message(ctx, sleeper):
    add_repos(responses)
    add_recorded(responses, "GET", history_url("example/alpha"), "github", "secondary_rate_limit")
    with pytest.raises(SourceUnavailable) as info:
        GitHubStars().fetch(at_now(ctx()))
    assert sleeper.calls == [60]
    assert "secondary rate limit (HTTP 403, retry-after 60 s) persisted after one retry" in info.value.cause


@responses.activate
def test_retry_after_longer_than_a_minute_is_not_waited(ctx, sleeper):
    add_repos(responses)
    add_recorded(responses, "GET", history_url("example/alpha"), "github", "retry_after_too_long")
    with pytest.raises(SourceUnavailable, match=r"retry-after 3600 s.*longer than the 60 s"):
        GitHubStars().fetch(at_now(ctx()))
    assert sleeper.calls == []


@responses.activate
def test_primary_limit_is_not_retried_and_names_the_reset_time(ctx, sleeper):
    add_recorded(responses, "GET", repo_url("example/alpha"), "github", "primary_rate_limit")
    with pytest.raises(SourceUnavailable) as info:
        GitHubStars().fetch(at_now(ctx()))
    assert sleeper.calls == [] and len(responses.calls) == 1
    assert "resets at 03:00 UTC" in info.value.cause and "set GITHUB_TOKEN" in info.value.cause


@responses.activate
def test_malformed_history_falls_back_to_todays_count(ctx):
    add_repos(responses)
    add_histories(responses, beta="stargazers_history_malformed")
    fetched = GitHubStars().fetch(at_now(ctx(github_history_pages=2)))
    beta = fetched.frame[fetched.frame["framework"] == "beta"]
    assert list(beta["source"]) == ["github-api"] and list(beta["stars"]) == [4321]
    notes = fetched.provenance["stats"]["fallbacks"]
    assert len(notes) == 1 and notes[0].startswith("beta: star history unusable (malformed payload")


@responses.activate
def test_missing_history_endpoint_falls_back(ctx):
    add_repos(responses)
    add_histories(responses, beta="history_not_found")
    fetched = GitHubStars().fetch(at_now(ctx(github_history_pages=2)))
    assert "HTTP 404" in fetched.provenance["stats"]["fallbacks"][0]


@responses.activate
def test_network_failure_on_history_fails_the_source(ctx):
    add_repos(responses)
    responses.add("GET", history_url("example/alpha"), body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(SourceUnavailable, match="could not connect"):
        GitHubStars().fetch(at_now(ctx()))


def test_month_ends_cover_only_whole_months_before_today():
    assert month_ends(dt.date(2026, 9, 6), dt.date(2026, 11, 22)) == [dt.date(2026, 9, 30), dt.date(2026, 10, 31)]
    assert month_ends(dt.date(2026, 11, 1), dt.date(2026, 11, 22)) == []


def test_merge_keeps_published_months_and_replaces_earlier_live_rows():
    existing = pd.DataFrame({"date": [dt.date(2025, 6, 26), dt.date(2026, 10, 31)], "framework": ["alpha", "alpha"],
                             "source": ["best-of-ml-python", "github-star-history"], "stars": [91000, 1]})
    new = pd.DataFrame({"date": [dt.date(2025, 6, 30), dt.date(2026, 10, 31), dt.date(2026, 11, 22)],
                        "framework": ["alpha"] * 3, "source": ["github-star-history"] * 2 + ["github-api"],
                        "stars": [90000, 95000, 98765]})
    merged = GitHubStars().merge(existing, Fetched(new, {}))
    assert list(merged["stars"]) == [91000, 95000, 98765], "published June kept, October recomputed, today added"


@responses.activate
def test_refresh_writes_history_rows_after_the_published_ones(pop_data):
    from faceoff import clock
    from faceoff.registry import load_dataset
    from tests.popularity.test_refresh import refresh

    path = pop_data / "popularity" / "github_stars.csv"
    before = path.read_text(encoding="utf-8").splitlines()
    add_repos(responses)
    add_histories(responses)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "now", lambda: NOW)
        mp.setattr(clock, "today", lambda: NOW.date())
        assert refresh(pop_data, "github", "--github-history-pages", "2") == 0
        loaded = load_dataset("popularity-github-stars", pop_data)
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before, "published rows untouched"
    added = after[len(before):]
    assert len(added) == 14 + 3 and sum("github-star-history" in line for line in added) == 15
    assert "stars still held" in loaded.value.provenance.method
