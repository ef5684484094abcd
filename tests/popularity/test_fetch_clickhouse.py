"""PyPI downloads per month from ClickHouse's public tables (recorded answers in fixtures/http/popularity/clickhouse):
one query for the full history, quota and error answers, a stream cut by an error, malformed rows, no network."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.clickhouse import ENDPOINT, ClickHousePypi, build_query, normalise
from tests.popularity.conftest import add_recorded

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
URL = ENDPOINT + "?user=demo"


def at_now(context):
    return type(context)(**{**context.__dict__, "now": lambda: NOW})


@responses.activate
def test_full_history_of_all_packages_in_one_query(ctx):
    add_recorded(responses, "POST", URL, "clickhouse", "downloads_per_month")
    fetched = ClickHousePypi().fetch(at_now(ctx()))
    assert len(responses.calls) == 1, "one query for every month of every package"
    sql = responses.calls[0].request.body.decode()
    assert "FROM pypi.pypi_downloads_per_month" in sql and "sum(count)" in sql and sql.endswith("FORMAT JSON")
    assert "project IN ('alpha', 'beta')" in sql
    frame = fetched.frame
    alpha = frame[frame["package"] == "alpha"].set_index("month")
    assert len(alpha) == 23 and alpha.loc[dt.date(2025, 1, 1), "downloads"] == 41_200_000, "quoted Int64 parsed"
    assert not alpha.loc[dt.date(2026, 11, 1), "complete"], "the running month is marked, not dropped"
    assert alpha.loc[dt.date(2026, 10, 1), "complete"]
    beta = frame[frame["package"] == "beta"]
    assert beta["month"].min() == dt.date(2025, 7, 1) and len(beta) == 17
    prov = fetched.provenance
    assert prov["data_as_of"] == "2026-10-01", "as of the last complete month"
    assert prov["stats"]["packages_missing"] == [] and prov["parameters"]["user"] == "demo"


@responses.activate
def test_no_rows_is_an_empty_result(ctx):
    add_recorded(responses, "POST", URL, "clickhouse", "downloads_per_month_empty")
    with pytest.raises(SourceUnavailable, match="empty result: no months for alpha, beta"):
        ClickHousePypi().fetch(at_now(ctx()))


@responses.activate
def test_quota_exceeded_is_reported_as_such(ctx):
    add_recorded(responses, "POST", URL, "clickhouse", "quota_exceeded")
    with pytest.raises(SourceUnavailable) as info:
        ClickHousePypi().fetch(at_now(ctx()))
    assert "HTTP 500, ClickHouse error 201" in info.value.cause and "quota is spent" in info.value.cause


@responses.activate
@pytest.mark.parametrize(("name", "words"), [("error_unknown_table", "HTTP 404, ClickHouse error 60"),
                                             ("error_syntax", "HTTP 400, ClickHouse error 62")])
def test_server_errors_name_the_clickhouse_code(ctx, name, words):
    add_recorded(responses, "POST", URL, "clickhouse", name)
    with pytest.raises(SourceUnavailable, match=words):
        ClickHousePypi().fetch(at_now(ctx()))


@responses.activate
def test_an_error_after_streaming_began_is_not_taken_as_data(ctx):
    add_recorded(responses, "POST", URL, "clickhouse", "downloads_per_month_midstream_error")
    with pytest.raises(SourceUnavailable, match=r"broke off: HTTP 200.*Timeout exceeded"):
        ClickHousePypi().fetch(at_now(ctx()))


@responses.activate
def test_malformed_rows(ctx):
    add_recorded(responses, "POST", URL, "clickhouse", "downloads_per_month_malformed")
    with pytest.raises(SourceUnavailable, match="malformed payload: row"):
        ClickHousePypi().fetch(at_now(ctx()))


@responses.activate
def test_rate_limit_from_a_proxy(ctx):
    responses.add("POST", URL, body="Too Many Requests", status=429, headers={"Retry-After": "60"})
    with pytest.raises(SourceUnavailable, match="HTTP 429"):
        ClickHousePypi().fetch(at_now(ctx()))


@responses.activate
def test_network_failure(ctx):
    responses.add("POST", URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        ClickHousePypi().fetch(at_now(ctx()))


def test_query_is_built_from_checked_names_only():
    assert normalise("Pytorch_Lightning") == "pytorch-lightning"
    assert "'pytorch-lightning', 'torch'" in build_query(["torch", "pytorch_lightning"])
    with pytest.raises(SourceUnavailable, match="not a PyPI project name"):
        build_query(["torch'); DROP TABLE x; --"])


@responses.activate
def test_refresh_writes_the_snapshot_and_falls_back_to_pypistats(pop_data, capsys):
    from faceoff import clock
    from faceoff.popularity.sources.pypi import recent_url
    from faceoff.registry import load_dataset
    from tests.popularity.conftest import payload
    from tests.popularity.test_refresh import refresh

    add_recorded(responses, "POST", URL, "clickhouse", "downloads_per_month")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "now", lambda: NOW)
        mp.setattr(clock, "today", lambda: NOW.date())
        assert refresh(pop_data, "clickhouse") == 0
        loaded = load_dataset("popularity-pypi-monthly", pop_data)
        assert loaded.rows == 40 and loaded.value.provenance.parameters["table"] == "pypi.pypi_downloads_per_month"
        responses.replace("POST", URL, body="x", status=500, headers={"X-ClickHouse-Exception-Code": "201"})
        responses.add("GET", recent_url("alpha"), body=payload("pypistats_recent_alpha.json"))
        responses.add("GET", recent_url("beta"), body=payload("pypistats_recent_beta.json"))
        before = (pop_data / "popularity" / "pypi_monthly.csv").read_bytes()
        assert refresh(pop_data, "clickhouse") == 1
        out = capsys.readouterr()
        assert "falling back to pypi" in out.err
        assert "pypi (fallback for clickhouse): PyPI downloads: updated" in out.out
        assert (pop_data / "popularity" / "pypi_monthly.csv").read_bytes() == before
