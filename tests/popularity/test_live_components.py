"""AppTest of the ways-in components (components/popularity/live.py) on the fixture registry: the session's Trends
chart says which way produced it, live buttons fail visibly without network, the archive action computes once."""

from __future__ import annotations

import datetime as dt

import pytest
import responses
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.popularity.live import UPLOAD_STATE
from faceoff import clock
from faceoff.popularity.sources.pwc_pin import resolve_url, revision_url
from faceoff.popularity.trends_import import read_export
from tests.popularity.conftest import HTTP, add_recorded, recorded

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
COMMIT = "8c1e5d0f2b7a4c9e6d3f1a0b5c8e7d2f4a6b9c1e"


def app():
    from components.data import load
    from components.popularity.live import render_live_counts, render_pwc_archive_action, render_trends_ways_in

    fws = list(load("frameworks").value.frameworks)
    render_trends_ways_in(fws)
    render_pwc_archive_action()
    render_live_counts(fws)


@pytest.fixture(autouse=True)
def fresh_caches(pop_data, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "today", lambda: NOW.date())
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def start(session: dict | None = None) -> AppTest:
    at = AppTest.from_function(app, default_timeout=30)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [c.value for c in at.caption] + [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [e.value for e in at.error] + [c.value for c in at.code] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts)


def test_fresh_page_offers_every_way_in_without_a_key():
    at = start()
    assert "import trends" in texts(at) and "--trends-backend official" in texts(at)
    assert at.button(key="p_trends_official").disabled, "no GOOGLE_TRENDS_API_KEY: the official API is off"
    assert not at.button(key="p_trends_pytrends").disabled
    assert at.button(key="p_pwc_compute") and at.button(key="p_count_hf-models")
    assert "python -m faceoff refresh hf-models" in texts(at)
    assert not at.get("plotly_chart")


def test_an_imported_export_is_charted_with_its_way_in(frameworks):
    from faceoff import popularity as pop

    fetched = read_export((HTTP / "trends_csv" / "weekly_worldwide.csv").read_bytes(), frameworks, "mine.csv",
                          today=NOW.date())
    caption = pop.trends_method_caption(fetched.provenance) + " · this session only"
    at = start({UPLOAD_STATE: {"frame": fetched.frame, "provenance": fetched.provenance, "caption": caption}})
    assert len(at.get("plotly_chart")) == 1
    shown = texts(at)
    assert "Imported from a CSV exported on the Google Trends website · Worldwide · weekly · file mine.csv" in shown
    assert "this session only" in shown


def test_pytrends_without_network_warns_and_points_to_the_export():
    at = start()
    with responses.RequestsMock(assert_all_requests_are_fired=False):  # every request is refused
        at.button(key="p_trends_pytrends").click().run()
    assert not at.exception
    warning = "\n".join(w.value for w in at.warning)
    assert "Google Trends did not answer" in warning and "CSV export" in warning
    assert UPLOAD_STATE not in at.session_state


def test_compute_from_the_archive_follows_the_redirect_and_keeps_the_result(pop_data):
    rules = pop_data / "popularity" / "live_sources.yaml"
    # the fixture file is tiny: lower the data's minimum so its quarters stay (the rule itself is tested elsewhere)
    rules.write_text(rules.read_text().replace("min_papers_per_quarter: 30", "min_papers_per_quarter: 5"))
    with responses.RequestsMock() as rsps:
        add_recorded(rsps, "GET", revision_url("main"), "pwc_archive", "dataset_revision_main")
        add_recorded(rsps, "GET", resolve_url(COMMIT), "pwc_archive", "resolve_302")
        location = recorded("pwc_archive", "resolve_302")[1]["Location"]
        add_recorded(rsps, "GET", location, "pwc_archive", "cdn_200", body="links_sample.parquet")
        at = start()
        at.button(key="p_pwc_compute").click().run()
        calls = len(rsps.calls)
    assert not at.exception and calls == 3
    shown = texts(at)
    assert f"commit {COMMIT[:12]}" in shown and "kept for this server's lifetime" in shown
    assert "unknown framework label 'zzz-unknown-label'" in shown
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        again = start()
        again.button(key="p_pwc_compute").click().run()
        assert len(rsps.calls) == 0, "the server keeps the result: no second download"
    assert f"commit {COMMIT[:12]}" in texts(again)


def test_archive_failure_shows_a_notice():
    at = start()
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        at.button(key="p_pwc_compute").click().run()
    warning = "\n".join(w.value for w in at.warning)
    assert "Papers with Code archive on Hugging Face did not answer" in warning and "published figures" in warning
    assert "Error" not in warning and "Exception" not in warning, "the visitor reads a sentence, not an exception"
    maintainers = [e for e in at.expander if e.label == "For maintainers" and e.caption]
    assert any("SourceUnavailable" in c.value for e in maintainers for c in e.caption), "details kept for maintainers"


def test_count_now_shows_todays_models_per_library():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for lib, name in (("alpha", "models_json_library_alpha"), ("beta", "models_json_library_beta")):
            add_recorded(rsps, "GET", f"https://huggingface.co/models-json?library={lib}&withCount=true", "hf_hub",
                         name)
        at = start()
        at.button(key="p_count_hf-models").click().run()
    frames = [df.value for df in at.dataframe]
    assert frames and set(frames[-1]["models"]) == {48213, 7329}


def test_monthly_downloads_once_fetched_show_the_newest_complete_month(pop_data):
    from tests.popularity.test_refresh import refresh

    with responses.RequestsMock() as rsps:
        add_recorded(rsps, "POST", "https://sql-clickhouse.clickhouse.com/?user=demo", "clickhouse",
                     "downloads_per_month")
        assert refresh(pop_data, "clickhouse") == 0
    at = start()
    table = next(df.value for df in at.dataframe if "package" in df.value.columns)
    assert set(table["month"].astype(str)) == {"2026-10-01"}, "the running month (2026-11) is not shown as newest"
    assert dict(zip(table["package"], table["downloads"], strict=True)) == {"alpha": 88_600_000, "beta": 14_400_000}
