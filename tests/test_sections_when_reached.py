"""Sections below a page's first screen wait until reached (components/charts.section_when_reached): Popularity's
signals, the Benchmarks evidence. Not when the address (or a button) sets one of their controls: a shared view is
drawn whole, and its controls keep their values."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def lazy(monkeypatch):
    monkeypatch.setenv("FACEOFF_EAGER_CHARTS", "0")


def open_popularity(params: dict, page: str = "pages/popularity.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
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


def test_benchmarks_evidence_waits_until_reached_or_chosen(lazy):
    at = open_popularity({}, "pages/benchmarks.py")
    assert "b_view" not in {w.key for w in at.radio}
    family = next(b for b in at.button if (b.key or "").startswith("b_go_"))
    family.click().run()  # "N comparisons behind it": the evidence for that family is drawn at once
    assert at.radio(key="b_view").value == family.key.removeprefix("b_go_")


def test_a_benchmarks_link_with_a_view_draws_the_evidence(lazy):
    at = open_popularity({"b_view": "Small models on CPU"}, "pages/benchmarks.py")
    assert at.radio(key="b_view").value == "cpu-small"


def evidence_boxes(at: AppTest) -> int:
    return sum(1 for e in at.expander if str(e.label).startswith("Evidence ("))


def test_claims_beyond_the_first_screen_wait_until_reached(lazy):
    from components.matrix.claims import FIRST_SCREEN, PER_PAGE

    at = open_popularity({}, "pages/claims.py")
    assert evidence_boxes(at) == FIRST_SCREEN
    assert not any("c_page" in getattr(w.proto, "id", "") for w in at.get("pagination")), \
        "the page picker under the list waits too"
    linked = open_popularity({"c_page": "2"}, "pages/claims.py")  # a link to page 2 draws the picker at once
    assert evidence_boxes(linked) == FIRST_SCREEN
    assert PER_PAGE > FIRST_SCREEN


def test_every_claim_of_the_page_is_drawn_when_eager(monkeypatch):
    from components.matrix.claims import PER_PAGE

    monkeypatch.setenv("FACEOFF_EAGER_CHARTS", "1")
    at = open_popularity({}, "pages/claims.py")
    assert evidence_boxes(at) == PER_PAGE
    assert any("c_page" in getattr(w.proto, "id", "") for w in at.get("pagination"))
