"""Sections and charts are drawn when they scroll into view (components/charts.py, issue #22): a shared link to
Popularity shows its text at once, each signal's section below the summary is a placeholder of about its height
under its heading, and reaching one draws it, chart included, without changing the URL.
This server runs without FACEOFF_EAGER_CHARTS (the other browser tests draw every chart at once)."""

from __future__ import annotations

import pytest

from tests.conftest import AppServer, opened, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lazy_server():
    server = AppServer(env={"FACEOFF_EAGER_CHARTS": "0"})
    yield server
    server.stop()


def test_a_chart_is_drawn_when_the_visitor_reaches_it(browser, lazy_server):
    with opened(browser, f"{lazy_server.url}/popularity?p_scale=Log") as tab:
        waiting = tab.locator("[class*='st-key-pop_sec_'][class*='_waiting']")
        assert waiting.count() >= 4, "each section below the first screen waits in a placeholder"
        assert tab.get_by_role("heading", name="GitHub stars").count() == 1, "a waiting section keeps its heading"
        assert tab.locator(".st-key-p_pkg, .st-key-p_measure, .st-key-p_div").count() == 0, \
            "no control of a waiting section is sent"
        drawn_before = tab.locator(".js-plotly-plot .main-svg").count()
        box = waiting.first.bounding_box()
        assert box and box["height"] >= 300, "the placeholder keeps about the section's height (no jump)"
        url_before = tab.url
        waiting.first.scroll_into_view_if_needed()  # the section is drawn, its chart at once (it is in view)
        tab.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length > {drawn_before}",
                              timeout=60_000)
        wait_for_app(tab)
        assert tab.url == url_before, "drawing a chart changes nothing in the address"
        assert "p_scale=Log" in tab.url
        assert tab.locator(".st-key-p_pkg, .st-key-p_measure, .st-key-p_div").count() > 0


def test_a_jump_into_a_waiting_section_draws_it(browser, lazy_server):
    """An anchor link (the summary's links to each signal) lands on the heading of a waiting section: the section
    is drawn, even though the jump skips the rest of the page."""
    with opened(browser, f"{lazy_server.url}/popularity") as tab:
        tab.get_by_role("link", name="Conference papers").first.click()
        waiting = "[class*='st-key-pop_sec_conferences'][class*='_waiting']"
        tab.wait_for_function(f"() => !document.querySelector(\"{waiting}\")", timeout=60_000)
        tab.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        assert tab.get_by_role("heading", name="Research papers at top conferences").count() == 1
