"""Popularity page in a real browser: log scale and date range are bound to the URL and survive a reload."""

from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

AXIS_TYPES = "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => p.layout && p.layout.yaxis.type)"


def open_page(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/popularity{query}")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stSlider'] input[type='range']", state="attached")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=45_000)


def axis_types(page) -> list[str]:
    return page.evaluate(AXIS_TYPES)


def thumbs(page) -> list[str]:
    return page.locator("[data-testid='stSliderThumbValue']").all_inner_texts()


def test_log_scale_toggle_round_trips_through_the_url(page, app_server):
    open_page(page, app_server.url)
    assert set(axis_types(page)) == {"linear"}
    page.locator("[data-testid='stRadio']").filter(has_text="Scale").get_by_text("log", exact=True).click()
    page.wait_for_function("() => location.search.includes('p_scale=log')")
    page.wait_for_function(f"() => ({AXIS_TYPES})().length >= 5 && ({AXIS_TYPES})().every(t => t === 'log')")
    url = page.url
    screenshot(page, "popularity-log")

    page.goto("about:blank")
    open_page(page, url.split("/popularity")[0], url[url.index("/popularity") + len("/popularity"):])
    assert page.locator("[data-testid='stRadio']").filter(has_text="Scale").locator("input[type='radio']").nth(1) \
        .is_checked()
    assert set(axis_types(page)) == {"log"}


def test_date_range_round_trips_through_the_url(page, app_server):
    open_page(page, app_server.url, "?p_years=2018&p_years=2022")
    assert thumbs(page) == ["2018", "2022"]
    page.get_by_text(re.compile(r"PyTorch share of conference papers .* in 2018 to .* in 2022")).wait_for()

    page.locator("[data-testid='stSlider'] input[type='range']").nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('p_years=2019') && location.search.includes('p_years=2022')")
    page.get_by_text(re.compile(r"PyTorch share of conference papers .* in 2019 to")).wait_for()
    url = page.url
    screenshot(page, "popularity-range")

    page.goto("about:blank")
    open_page(page, app_server.url, url[url.index("?"):])
    assert thumbs(page) == ["2019", "2022"]
    page.get_by_text(re.compile(r"From 2020-11 to 2022-12, GitHub stars")).wait_for()
