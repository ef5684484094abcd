"""Popularity page in a real browser: opened fresh it shows the summary, then the charts with data, then the signals
not fetched yet; log scale and date range are bound to the URL and survive a reload."""

from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

AXIS_TYPES = "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => p.layout && p.layout.yaxis.type)"


def open_page(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/popularity{query}")
    wait_for_app(page)
    # the chart settings are folded until asked for (a link that sets one opens them): open them if closed
    if not page.evaluate("() => !!document.querySelector('.st-key-p_settings details')?.open"):
        page.locator(".st-key-p_settings summary").click()
    page.wait_for_selector("[data-testid='stSlider'] input[type='range']", state="attached")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=45_000)


def axis_types(page) -> list[str]:
    return page.evaluate(AXIS_TYPES)


def thumbs(page) -> list[str]:
    return page.locator("[data-testid='stSliderThumbValue']").all_inner_texts()


def test_fresh_page_shows_charts_with_data_before_any_empty_state(page, app_server):
    open_page(page, app_server.url)
    tops = page.evaluate("""() => {
        const top = el => el.getBoundingClientRect().top + window.scrollY;
        const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
        const heads = Array.from(document.querySelectorAll('h2'));
        const pending = heads.find(h => h.innerText.trim() === 'Not fetched yet');
        const summary = document.querySelector('.st-key-pop_summary');
        return {summary: top(summary), plots: plots.map(top), heights: plots.map(p => p.offsetHeight),
                pending: top(pending), infos: Array.from(document.querySelectorAll('[data-testid="stAlert"]'))
                    .map(top)};
    }""")
    assert tops["summary"] < min(tops["plots"]), "the summary comes first"
    assert max(tops["plots"]) < tops["pending"], "every chart with data comes before the signals not fetched yet"
    assert all(h > 200 for h in tops["heights"]), "each chart is drawn, not an empty box"
    assert all(y > max(tops["plots"]) for y in tops["infos"]), "no empty-state alert above a chart"
    screenshot(page, "popularity-fresh")


def test_log_scale_toggle_round_trips_through_the_url(page, app_server):
    open_page(page, app_server.url)
    assert set(axis_types(page)) == {"linear"}
    page.locator("[data-testid='stRadio']").filter(has_text="Scale").get_by_text("Log", exact=True).click()
    page.wait_for_function("() => location.search.includes('p_scale=Log')")
    # every dated chart switches; the MLPerf shares (0–100 % stacks) stay linear
    # wait for the rerun to finish: old and new charts can both be in the page for a moment
    page.wait_for_function(f"() => {{ const t = ({AXIS_TYPES})(); return t.length === 5 && "
                           "t.filter(x => x === 'log').length === 4; }")
    wait_for_app(page)
    assert sorted(axis_types(page)) == ["linear", "log", "log", "log", "log"]
    url = page.url
    screenshot(page, "popularity-log")

    page.goto("about:blank")
    open_page(page, url.split("/popularity")[0], url[url.index("/popularity") + len("/popularity"):])
    assert page.locator("[data-testid='stRadio']").filter(has_text="Scale").locator("input[type='radio']").nth(1) \
        .is_checked()
    assert sorted(axis_types(page)) == ["linear", "log", "log", "log", "log"]


def test_an_old_id_link_still_selects_log(page, app_server):
    open_page(page, app_server.url, "?p_scale=log")
    assert page.locator("[data-testid='stRadio']").filter(has_text="Scale").locator("input[type='radio']").nth(1) \
        .is_checked()


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
