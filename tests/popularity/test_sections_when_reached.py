"""Popularity's sections below the summary wait until reached (components/charts.section_when_reached), except when
the address sets one of their controls: a shared view is drawn whole, and its controls keep their values."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def lazy(monkeypatch):
    monkeypatch.setenv("FACEOFF_EAGER_CHARTS", "0")


def open_popularity(params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/popularity.py")
    at.run()
    assert not at.exception
    return at


def keys(at: AppTest) -> set[str]:
    return {w.key for w in at.selectbox} | {w.key for w in at.radio} | {w.key for w in at.multiselect}


def test_a_waiting_section_sends_no_controls_but_keeps_its_heading(lazy):
    at = open_popularity({})
    assert not {"p_pkg", "p_measure", "p_div", "p_bench"} & keys(at)
    assert "MLPerf: what submitted systems run on" in [h.value for h in at.header]


def test_a_link_that_sets_a_sections_control_draws_that_section(lazy):
    at = open_popularity({"p_div": "Open division"})
    assert at.selectbox(key="p_div").value == "open"
    assert "p_pkg" not in keys(at), "the other sections still wait"


def test_every_section_is_drawn_at_once_when_charts_are_eager(monkeypatch):
    monkeypatch.setenv("FACEOFF_EAGER_CHARTS", "1")
    assert {"p_pkg", "p_measure", "p_div", "p_bench"} <= keys(open_popularity({}))
