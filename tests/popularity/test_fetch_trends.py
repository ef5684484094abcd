"""Google Trends fetcher against recorded responses: success, 429, 500, timeout, malformed and empty payloads."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import backoff_delays, with_backoff
from faceoff.popularity.sources.trends import GoogleTrends, infer_granularity
from tests.popularity.conftest import COOKIE_URL, EXPLORE_URL, MULTILINE_URL, add_trends_responses, payload


@responses.activate
def test_success_returns_long_rows_with_partial_flag_and_provenance(ctx):
    add_trends_responses(responses)
    fetched = GoogleTrends().fetch(ctx())
    frame = fetched.frame
    assert list(frame.columns) == ["date", "framework", "term", "value", "is_partial", "below_one", "scale"]
    assert len(frame) == 12 and set(frame["framework"]) == {"alpha", "beta"}
    first = frame[frame["date"] == frame["date"].min()].set_index("framework")["value"].to_dict()
    assert first == {"alpha": 41, "beta": 78}
    partial = frame[frame["is_partial"]]
    assert set(partial["date"]) == {frame["date"].max()}, "only the last period is flagged, and it is kept"
    prov = fetched.provenance
    assert prov["parameters"]["terms"] == ["alpha", "beta"]
    assert prov["parameters"]["geo"] == "worldwide"
    assert prov["parameters"]["timeframe"] == "today 5-y"
    assert prov["parameters"]["granularity"] == "weekly"
    assert prov["parameters"]["backend"] == "pytrends" and prov["parameters"]["term_kind"] == "search term"
    assert prov["fetched_at"] and prov["stats"]["partial_periods"] == [frame["date"].max().isoformat()]


@responses.activate
def test_one_request_carries_all_terms_geo_and_timeframe(ctx):
    add_trends_responses(responses)
    GoogleTrends().fetch(ctx(geo="US", timeframe="today 12-m"))
    explore = [c for c in responses.calls if c.request.url.startswith(EXPLORE_URL)]
    assert len(explore) == 1, "all terms in ONE request, so they share one 0-100 scale"
    req = json.loads(parse_qs(urlparse(explore[0].request.url).query)["req"][0])
    assert [i["keyword"] for i in req["comparisonItem"]] == ["alpha", "beta"]
    assert {i["geo"] for i in req["comparisonItem"]} == {"US"}
    assert {i["time"] for i in req["comparisonItem"]} == {"today 12-m"}
    assert req["property"] == "", "web search by default"


@responses.activate
def test_429_backs_off_then_fails_with_clear_cause(ctx, sleeper):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=payload("trends_429.html"), status=429, content_type="text/html")
    with pytest.raises(SourceUnavailable) as info:
        GoogleTrends().fetch(ctx(attempts=3, backoff_base=2.0, backoff_cap=10.0, backoff_floor=0.0))
    assert info.value.source == "Google Trends"
    assert "429" in info.value.cause and "3 attempts" in info.value.cause
    assert len(sleeper.calls) == 2 and all(0 <= s <= 10.0 for s in sleeper.calls)
    assert len([c for c in responses.calls if c.request.url.startswith(EXPLORE_URL)]) == 3


@responses.activate
def test_429_then_success_recovers(ctx, sleeper):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=payload("trends_429.html"), status=429, content_type="text/html")
    add_trends_responses(responses)
    fetched = GoogleTrends().fetch(ctx(attempts=3))
    assert len(fetched.frame) == 12 and len(sleeper.calls) == 1


@responses.activate
def test_500_is_a_server_error(ctx):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body="<html>Internal error</html>", status=500, content_type="text/html")
    with pytest.raises(SourceUnavailable, match="HTTP 500"):
        GoogleTrends().fetch(ctx(attempts=2))


@responses.activate
def test_400_is_not_retried(ctx, sleeper):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body="bad request", status=400, content_type="text/html")
    with pytest.raises(SourceUnavailable, match="HTTP 400"):
        GoogleTrends().fetch(ctx(attempts=3))
    assert sleeper.calls == []


@responses.activate
def test_timeout_becomes_source_unavailable(ctx):
    responses.add("GET", COOKIE_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        GoogleTrends().fetch(ctx(attempts=2))


@responses.activate
def test_read_timeout_on_data_request(ctx):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=payload("trends_explore.txt"), content_type="application/json")
    responses.add("GET", MULTILINE_URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        GoogleTrends().fetch(ctx(attempts=1))


@responses.activate
def test_connection_refused(ctx):
    with pytest.raises(SourceUnavailable, match=r"network error|could not connect"):
        GoogleTrends().fetch(ctx(attempts=1))  # no response registered: responses refuses the connection


@responses.activate
def test_retry_error_is_reported(ctx):
    responses.add("GET", COOKIE_URL, body=requests.exceptions.RetryError("too many 429 error responses"))
    with pytest.raises(SourceUnavailable, match="too many"):
        GoogleTrends().fetch(ctx(attempts=1))


@responses.activate
def test_truncated_body_is_malformed(ctx):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=payload("trends_explore.txt"), content_type="application/json")
    body = payload("trends_multiline.txt")
    responses.add("GET", MULTILINE_URL, body=body[: len(body) // 2], content_type="application/json")
    with pytest.raises(SourceUnavailable, match="malformed"):
        GoogleTrends().fetch(ctx(attempts=1))


@responses.activate
def test_explore_without_widgets_is_malformed(ctx):
    responses.add("GET", COOKIE_URL, body="", status=200)
    responses.add("POST", EXPLORE_URL, body=")]}'\n{\"keywords\": []}", content_type="application/json")
    with pytest.raises(SourceUnavailable, match="malformed"):
        GoogleTrends().fetch(ctx(attempts=1))


@responses.activate
def test_empty_result(ctx):
    add_trends_responses(responses, multiline="trends_multiline_empty.txt")
    with pytest.raises(SourceUnavailable, match="empty result"):
        GoogleTrends().fetch(ctx())


def test_too_many_terms_refused(frameworks, ctx):
    many = [fw.model_copy(update={"id": f"fw{i}", "trends_term": f"t{i}"}) for i, fw in enumerate(frameworks * 3)]
    context = ctx()
    context = type(context)(**{**context.__dict__, "frameworks": many})
    with pytest.raises(SourceUnavailable, match="at most 5"):
        GoogleTrends().fetch(context)


def test_backoff_is_bounded_exponential_with_jitter():
    import random

    delays = backoff_delays(5, base=2.0, cap=10.0, rng=random.Random(1))
    assert len(delays) == 4
    for k, d in enumerate(delays):
        assert 0 <= d <= min(10.0, 2.0 * 2**k)
    assert len(set(delays)) == 4, "jittered"


def test_with_backoff_reraises_after_last_attempt():
    import random

    calls = []

    def boom():
        calls.append(1)
        raise KeyError("x")

    with pytest.raises(KeyError):
        with_backoff(boom, retry_on=(KeyError,), attempts=3, base=1, cap=1, sleep=lambda s: None, rng=random.Random(0))
    assert len(calls) == 3


def test_granularity():
    import pandas as pd

    assert infer_granularity(pd.Series(pd.date_range("2020-01-05", periods=5, freq="W"))) == "weekly"
    assert infer_granularity(pd.Series(pd.date_range("2010-01-01", periods=5, freq="MS"))) == "monthly"
    assert infer_granularity(pd.Series(pd.date_range("2020-01-01", periods=5, freq="D"))) == "daily"
