"""The Benchmarks page in headless Chromium: URL-bound filters round-trip, uploads appear or are refused as text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.conftest import screenshot, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def a_stored_result() -> dict:
    path = sorted((ROOT / "data" / "benchmarks" / "measured").glob("mlp-digits__jax__eager__*.json"))[0]
    return json.loads(path.read_text(encoding="utf-8"))


def open_share_link(tab):
    """Open "Share this view" and return its link's locator. Opening it reruns the page, so the link includes what
    fragments changed. On a fresh server's first session that rerun swaps the file-based first run for the frame's
    navigation, which remounts the popover closed once; a second click then opens it for good."""
    for _ in range(2):
        tab.get_by_role("button", name="Share this view").click()
        wait_for_app(tab)
        body = tab.locator("[data-testid='stPopoverBody']")
        if body.count():
            return body.locator("code").first
    raise AssertionError("the share popover did not open")


def pick_option(tab, combobox: str, option: str) -> None:
    """Open a select box and pick an option; a fresh server's first session may remount the page once (see
    open_share_link), closing the list, so the list is opened again when its option does not appear."""
    for _ in range(3):
        tab.get_by_role("combobox", name=combobox).click()
        try:
            tab.get_by_role("option", name=option).click(timeout=8_000)
            return
        except PlaywrightTimeoutError:
            wait_for_app(tab)
    raise AssertionError(f"option {option!r} of {combobox!r} never appeared")


def selected(tab, label: str) -> str:
    return tab.get_by_role("combobox", name=label).input_value()


@pytest.mark.parametrize("address", [
    "benchmarks?b_wl=Small+CNN+%28digits%29&b_metric=Throughput+%28per+s%29",  # today's links carry labels
    "benchmarks?b_wl=cnn-digits&b_metric=throughput",  # links shared before the labels carry ids
])
def test_filters_live_in_the_url_and_survive_a_fresh_context(app_server, page, browser, address):
    page.goto(f"{app_server.url}/{address}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Small CNN (digits)", exact=False).count() >= 1
    assert "Throughput" in selected(page, "Metric")
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator(".js-plotly-plot").count() >= 3
    screenshot(page, "benchmarks-measured")
    page.get_by_text("Compiled vs eager").first.wait_for()
    wait_for_app(page)
    pick_option(page, "Metric", "Peak memory over baseline (MiB)")
    page.wait_for_url(re.compile(r"b_metric=Peak"))
    wait_for_app(page)
    assert "Small CNN (digits)" in selected(page, "Workload")  # the fragment rerun kept the other filters
    code = open_share_link(page)
    expect(code).to_contain_text("b_metric=Peak", timeout=15_000)
    link = code.inner_text()
    assert "b_wl=Small" in link

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = fresh.new_page()
        tab.goto(link)
        wait_for_app(tab)
        assert "Peak memory" in selected(tab, "Metric")
        assert "Small CNN (digits)" in selected(tab, "Workload")
    finally:
        fresh.close()


def test_published_study_with_citation(app_server, page):
    page.goto(f"{app_server.url}/benchmarks?b_src=KERAS3_BENCH_2024")
    wait_for_app(page)
    page.get_by_text("Keras team (keras.io)", exact=False).first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator(".js-plotly-plot").count() == 1
    screenshot(page, "benchmarks-published")


def test_uploads_are_validated_and_never_rendered_as_html(app_server, page, tmp_path):
    good = a_stored_result()
    good["run_id"] = "mine"
    good["environment"]["cpu_model"] = "<img src=x onerror=window.__pwned=1>"
    good_file = tmp_path / "my-laptop.json"
    good_file.write_text(json.dumps(good), encoding="utf-8")
    hostile = tmp_path / "<b>bold<b>.json"
    hostile.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"schema_version": "1.0", "workload": "resnet"}), encoding="utf-8")

    page.goto(f"{app_server.url}/benchmarks?b_fw=jax&b_mode=eager")
    wait_for_app(page)
    page.get_by_text("Compare your machine", exact=False).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([good_file, hostile, wrong])
    page.get_by_text("uploaded result(s) added", exact=False).wait_for()
    wait_for_app(page)
    assert page.get_by_text("levels deep", exact=False).count() >= 1
    assert page.get_by_text("does not match the result schema", exact=False).count() >= 1
    assert page.locator("b", has_text="bold").count() == 0  # the file name stays text
    assert page.evaluate("() => window.__pwned === undefined")
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.get_by_text("JAX · upload 1", exact=False).count() >= 1  # the upload's own bar in the legend
    screenshot(page, "benchmarks-upload")


# The stored data's training answer: the newest audited MLPerf round with a same-hardware pair, its date's kind named.
ANSWER = re.compile(r"(PyTorch|TensorFlow|JAX) was fastest in \d+ of \d+ hardware-matched comparisons, a median "
                    r"\d\.\d\d× .* on 8× Intel Gaudi 2, MLPerf Training v\d\.\d \(closed; "
                    r"(results published|results repository's first commit) \d{4}-\d\d(-\d\d)?\)\.")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_first_screen_answers_with_ratio_hardware_year_and_source(app_server, browser, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(f"{app_server.url}/benchmarks")
        wait_for_app(tab)
        answer = tab.locator("[data-testid='stMarkdown']", has_text="Transformer and LLM training:").first
        answer.wait_for()
        assert ANSWER.search(answer.inner_text()), answer.inner_text()
        box = answer.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height  # on the first screen
        main_width = tab.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= width and main_width <= width
        assert tab.locator("[data-testid='stException']").count() == 0
        if width == 1280:
            assert tab.get_by_text("Small models on CPU:", exact=False).first.is_visible()
        tab.screenshot(path=str(ROOT / "docs" / "screenshots" / f"benchmarks-answers-{width}.png"))
        screenshot(tab, f"benchmarks-answers-{width}")
    finally:
        context.close()


def test_an_answer_button_opens_its_rows_and_the_link_keeps_them(app_server, page):
    page.goto(f"{app_server.url}/benchmarks")
    wait_for_app(page)
    page.get_by_role("button", name=re.compile(r"comparisons? behind it")).nth(2).click()  # vision training
    page.wait_for_url(re.compile(r"b_view=Vision"))
    wait_for_app(page)
    page.get_by_text("Behind the answer: Vision model training").wait_for()
    assert page.get_by_text("DAWNBench seed entries (2017)", exact=False).count() >= 1
    page.goto(page.url)  # the address alone reproduces the view
    wait_for_app(page)
    page.get_by_text("Behind the answer: Vision model training").wait_for()
