"""Google Trends backends: hasData, "<1", a browser User-Agent, minute-long backoff, no retry on DNS failure, and
the official API backend (assumed shape, see tests/fixtures/http/popularity/trends_api/README.md)."""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses
from urllib3.exceptions import NameResolutionError

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.trends import GoogleTrends
from faceoff.popularity.sources.trends_backends import BROWSER_UA, OFFICIAL_API_URL, api_window
from tests.popularity.conftest import COOKIE_URL, EXPLORE_URL, MULTILINE_URL, add_recorded, payload

GRAPH_URL = OFFICIAL_API_URL + "/graph"
NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def add_pytrends(rsps, multiline_body: str) -> None:
    rsps.add("GET", COOKIE_URL, body="<html></html>", headers={"Set-Cookie": "NID=511=fixture; Path=/"})
    rsps.add("POST", EXPLORE_URL, body=payload("trends_explore.txt"), content_type="application/json; charset=utf-8")
    rsps.add("GET", MULTILINE_URL, body=multiline_body, content_type="application/json; charset=utf-8")


def official(ctx, **options):
    context = ctx(trends_api_key="fixture-key", **options)
    return type(context)(**{**context.__dict__, "now": lambda: NOW})


@responses.activate
def test_has_data_false_is_missing_not_zero_and_below_one_is_flagged(ctx):
    add_pytrends(responses, (payload("pytrends/multiline_hasdata_false.txt")))
    fetched = GoogleTrends().fetch(ctx())
    rows = fetched.frame.set_index(["date", "framework"])
    assert math.isnan(rows.loc[(dt.date(2026, 10, 25), "beta"), "value"]), "hasData false → missing"
    assert math.isnan(rows.loc[(dt.date(2026, 11, 1), "beta"), "value"])
    assert rows.loc[(dt.date(2026, 11, 8), "alpha"), "value"] == 0, "a measured zero stays zero"
    assert not rows.loc[(dt.date(2026, 11, 8), "alpha"), "below_one"]
    assert rows.loc[(dt.date(2026, 11, 15), "alpha"), "below_one"], "'<1' is flagged"
    assert fetched.provenance["stats"]["missing_values"] == 2
    assert fetched.provenance["stats"]["below_one_values"] == 1


@responses.activate
def test_every_request_carries_a_browser_user_agent(ctx):
    add_pytrends(responses, payload("trends_multiline.txt"))
    GoogleTrends().fetch(ctx())
    agents = {call.request.headers.get("User-Agent") for call in responses.calls}
    assert agents == {BROWSER_UA} and "Mozilla/5.0" in BROWSER_UA


@responses.activate
def test_default_backoff_waits_minutes_not_seconds(ctx, sleeper):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=payload("trends_429.html"), status=429, content_type="text/html")
    with pytest.raises(SourceUnavailable, match=r"429.*3 attempts"):
        GoogleTrends().fetch(ctx())
    assert len(sleeper.calls) == 2
    assert all(60 <= s <= 300 for s in sleeper.calls), sleeper.calls


@responses.activate
def test_dns_failure_is_not_retried(ctx, sleeper):
    dns = NameResolutionError("trends.google.com", None, OSError("[Errno -2] Name or service not known"))
    responses.add("GET", COOKIE_URL, body=requests.exceptions.ConnectionError(dns))
    with pytest.raises(SourceUnavailable) as info:
        GoogleTrends().fetch(ctx(attempts=3))
    assert sleeper.calls == [], "no DNS means no network: waiting does not help"
    assert "not retried" in info.value.cause and "NameResolutionError" in info.value.cause
    assert len(responses.calls) == 1


@responses.activate
def test_refused_connection_is_retried_after_backoff(ctx, sleeper):
    responses.add("GET", COOKIE_URL, body=requests.exceptions.ConnectionError("Connection refused"))
    with pytest.raises(SourceUnavailable, match="could not connect"):
        GoogleTrends().fetch(ctx(attempts=2))
    assert len(sleeper.calls) == 1 and sleeper.calls[0] >= 60


def test_registry_topics_win_over_bare_terms(frameworks, ctx):
    topics = [fw.model_copy() for fw in frameworks]
    for fw, topic in zip(topics, ("/m/fixture_alpha", "/m/fixture_beta"), strict=True):
        object.__setattr__(fw, "trends_topic", topic)
    seen = {}

    class Recorder:
        name = "pytrends"

        def fetch_series(self, terms, geo, timeframe, timeout):
            import pandas as pd

            from faceoff.popularity.sources.trends_backends import TrendsSeries

            seen["terms"] = list(terms)
            rows = pd.DataFrame([{"date": dt.date(2026, 11, 1), "term": t, "value": 50.0, "is_partial": False,
                                  "below_one": False} for t in terms])
            return TrendsSeries(rows, "pytrends", "0–100")

    context = type(ctx())(**{**ctx().__dict__, "frameworks": topics})
    fetched = GoogleTrends(Recorder()).fetch(context)
    assert seen["terms"] == ["/m/fixture_alpha", "/m/fixture_beta"]
    assert fetched.provenance["parameters"]["term_kind"] == "topic"
    assert set(fetched.frame["term"]) == {"alpha", "beta"}, "the chart still names the search term"


# ------------------------------------------------------------------ official API (assumed shape)


@responses.activate
def test_official_api_is_used_when_a_key_is_given(ctx):
    add_recorded(responses, "GET", GRAPH_URL, "trends_api", "graph_weekly")
    fetched = GoogleTrends().fetch(official(ctx, geo="US"))
    query = parse_qs(urlparse(responses.calls[0].request.url).query)
    assert query["terms"] == ["alpha", "beta"] and query["key"] == ["fixture-key"]
    assert query["restrictions.geo"] == ["US"]
    assert query["restrictions.startDate"] == ["2021-11"] and query["restrictions.endDate"] == ["2026-11"]
    prov = fetched.provenance
    assert prov["parameters"]["backend"] == "official-api" and "official Google Trends API" in prov["source"]
    assert "not 0–100" in prov["parameters"]["scale"]
    assert fetched.frame["value"].max() > 100, "API values are not capped at 100"
    assert len(fetched.frame) == 26 and set(fetched.frame["framework"]) == {"alpha", "beta"}


@responses.activate
@pytest.mark.parametrize("name", ["graph_malformed", "graph_missing_term"])
def test_official_api_malformed_payloads(ctx, name):
    add_recorded(responses, "GET", GRAPH_URL, "trends_api", name)
    with pytest.raises(SourceUnavailable, match="malformed payload"):
        GoogleTrends().fetch(official(ctx))


@responses.activate
def test_official_api_permission_denied_is_not_retried(ctx, sleeper):
    add_recorded(responses, "GET", GRAPH_URL, "trends_api", "permission_denied")
    with pytest.raises(SourceUnavailable, match=r"HTTP 403 PERMISSION_DENIED.*alpha"):
        GoogleTrends().fetch(official(ctx))
    assert sleeper.calls == []


@responses.activate
def test_official_api_quota_backs_off_then_gives_up(ctx, sleeper):
    add_recorded(responses, "GET", GRAPH_URL, "trends_api", "quota_exceeded")
    with pytest.raises(SourceUnavailable, match=r"HTTP 429 .quota spent.*2 attempts"):
        GoogleTrends().fetch(official(ctx, attempts=2))
    assert len(sleeper.calls) == 1 and sleeper.calls[0] >= 60


@responses.activate
def test_official_api_network_failure(ctx):
    with pytest.raises(SourceUnavailable, match="could not connect"):
        GoogleTrends().fetch(official(ctx, attempts=1))


def test_official_backend_without_key_says_how_to_get_one(ctx):
    with pytest.raises(SourceUnavailable, match="GOOGLE_TRENDS_API_KEY"):
        GoogleTrends().fetch(ctx(trends_backend="official"))


def test_api_window():
    today = dt.date(2026, 11, 22)
    assert api_window("today 5-y", today) == ("2021-11", "2026-11")
    assert api_window("today 12-m", today) == ("2025-11", "2026-11")
    assert api_window("2020-01-01 2020-12-31", today) == ("2020-01", "2020-12")
    with pytest.raises(SourceUnavailable, match="cannot be sent"):
        api_window("now 7-d", today)
