"""Charts are drawn when they scroll into view (components/charts.py, issue #22): a shared link to Popularity shows
its text at once, each chart's place holds a placeholder of its height, and reaching one draws it without changing
the URL. This server runs without FACEOFF_EAGER_CHARTS (the other browser tests draw every chart at once)."""

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
        waiting = tab.locator("[class*='st-key-pop_chart_'][class*='_waiting']")
        assert waiting.count() >= 4, "each chart below the first screen waits in a placeholder"
        drawn_before = tab.locator(".js-plotly-plot .main-svg").count()
        box = waiting.first.bounding_box()
        assert box and box["height"] >= 300, "the placeholder keeps the chart's height (the page does not jump)"
        url_before = tab.url
        waiting.first.scroll_into_view_if_needed()
        tab.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length > {drawn_before}",
                              timeout=60_000)
        wait_for_app(tab)
        assert tab.url == url_before, "drawing a chart changes nothing in the address"
        assert "p_scale=Log" in tab.url
