"""Dated counts from paperswithcode.co and the Hugging Face Hub (recorded answers in fixtures/http/popularity/
paperswithcode_co and hf_hub): success, rate limit, malformed payload, unconfirmed filter, network failure."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.catalogues import HubModels, PwcCatalogue, hub_url, papers_url
from tests.popularity.conftest import add_recorded

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def at_now(context):
    return type(context)(**{**context.__dict__, "now": lambda: NOW})


# ------------------------------------------------------------------ paperswithcode.co


@responses.activate
def test_pwc_counts_per_framework_entry(ctx):
    add_recorded(responses, "GET", papers_url("Alpha"), "paperswithcode_co", "papers_framework_alpha")
    add_recorded(responses, "GET", papers_url("Beta"), "paperswithcode_co", "papers_framework_beta")
    fetched = PwcCatalogue().fetch(at_now(ctx()))
    rows = fetched.frame.set_index("framework")
    assert rows.loc["alpha", "papers"] == 1834 and rows.loc["beta", "papers"] == 612
    assert set(fetched.frame["date"]) == {NOW.date()}
    query = parse_qs(urlparse(responses.calls[0].request.url).query)
    assert query == {"page": ["1"], "page_size": ["1"], "framework": ["Alpha"], "latest_only": ["true"]}
    assert "associates" in fetched.provenance["method"] and "not the old" in fetched.provenance["method"]


@responses.activate
def test_pwc_uses_the_catalogue_names_from_data(ctx):
    add_recorded(responses, "GET", papers_url("Gamma"), "paperswithcode_co", "papers_framework_none")
    add_recorded(responses, "GET", papers_url("Beta"), "paperswithcode_co", "papers_framework_beta")
    fetched = PwcCatalogue().fetch(at_now(ctx(pwc_catalogue_names={"alpha": "Gamma"})))
    rows = fetched.frame.set_index("framework")
    assert rows.loc["alpha", "catalogue_name"] == "Gamma" and rows.loc["alpha", "papers"] == 0, "a real zero"


@responses.activate
def test_pwc_count_without_confirmed_filter_is_refused(ctx):
    add_recorded(responses, "GET", papers_url("Alpha"), "paperswithcode_co", "papers_filter_not_applied")
    with pytest.raises(SourceUnavailable, match="did not confirm the framework filter 'Alpha'"):
        PwcCatalogue().fetch(at_now(ctx()))


@responses.activate
def test_pwc_malformed_payload(ctx):
    add_recorded(responses, "GET", papers_url("Alpha"), "paperswithcode_co", "papers_malformed")
    with pytest.raises(SourceUnavailable, match="malformed payload for Alpha"):
        PwcCatalogue().fetch(at_now(ctx()))


@responses.activate
def test_pwc_rate_limited(ctx):
    add_recorded(responses, "GET", papers_url("Alpha"), "paperswithcode_co", "rate_limited_429")
    with pytest.raises(SourceUnavailable, match=r"HTTP 429 \(rate limited; retry after 60 s\)"):
        PwcCatalogue().fetch(at_now(ctx()))


@responses.activate
def test_pwc_network_failure(ctx):
    responses.add("GET", papers_url("Alpha"), body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(SourceUnavailable, match="could not connect"):
        PwcCatalogue().fetch(at_now(ctx()))


# ------------------------------------------------------------------ Hugging Face Hub


@responses.activate
def test_hub_counts_per_library_tag(ctx):
    add_recorded(responses, "GET", hub_url("alpha"), "hf_hub", "models_json_library_alpha")
    add_recorded(responses, "GET", hub_url("tf"), "hf_hub", "models_json_library_beta")
    fetched = HubModels().fetch(at_now(ctx(hf_libraries={"beta": "tf"})))
    rows = fetched.frame.set_index("framework")
    assert rows.loc["alpha", "models"] == 48213 and rows.loc["beta", "models"] == 7329
    assert rows.loc["beta", "library"] == "tf" and rows.loc["beta", "source_url"].endswith("library=tf")
    assert "overlap" in fetched.provenance["method"]


@responses.activate
@pytest.mark.parametrize("name", ["models_json_without_count", "models_json_malformed"])
def test_hub_without_a_usable_count(ctx, name):
    add_recorded(responses, "GET", hub_url("alpha"), "hf_hub", name)
    with pytest.raises(SourceUnavailable, match="numTotalItems"):
        HubModels().fetch(at_now(ctx()))


@responses.activate
def test_hub_rate_limit_reads_the_ratelimit_header(ctx):
    add_recorded(responses, "GET", hub_url("alpha"), "hf_hub", "rate_limited_429")
    with pytest.raises(SourceUnavailable, match=r"HTTP 429 \(rate limited; retry after 55 s\)"):
        HubModels().fetch(at_now(ctx()))


@responses.activate
def test_hub_network_failure(ctx):
    responses.add("GET", hub_url("alpha"), body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        HubModels().fetch(at_now(ctx()))


@responses.activate
def test_refresh_appends_dated_points(pop_data):
    from faceoff import clock
    from faceoff.registry import load_dataset
    from tests.popularity.test_refresh import refresh

    # live_sources.yaml maps the real frameworks; the fixture registry's alpha/beta fall back to their own names
    add_recorded(responses, "GET", hub_url("alpha"), "hf_hub", "models_json_library_alpha")
    add_recorded(responses, "GET", hub_url("beta"), "hf_hub", "models_json_library_beta")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "now", lambda: NOW)
        mp.setattr(clock, "today", lambda: NOW.date())
        assert refresh(pop_data, "hf-models") == 0
        loaded = load_dataset("popularity-hf-models", pop_data)
    assert loaded.rows == 2 and loaded.as_of == NOW.date()
    assert loaded.value.provenance.parameters["libraries"] == {"alpha": "alpha", "beta": "beta"}
