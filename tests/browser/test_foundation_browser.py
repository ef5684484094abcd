"""The real app in headless Chromium: every page from the navigation, and a matrix filter that survives a shared URL."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import AppServer, screenshot, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def nav_links(tab):
    return tab.locator(".st-key-frame_nav a")


def test_every_page_from_the_navigation_renders(app_server, page):
    page.goto(app_server.url)
    wait_for_app(page)
    links = nav_links(page)
    names = [links.nth(i).inner_text().strip().splitlines()[-1] for i in range(links.count())]
    assert {"Overview", "Head-to-head", "Claims check", "Sources"} <= set(names)
    urls = []
    for i, name in enumerate(names):
        nav_links(page).nth(i).click()
        page.wait_for_timeout(300)
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0, f"exception on {name}"
        assert page.locator("h1").count() >= 1
        screenshot(page, f"page-{i:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}")
        urls.append(page.url)
    # each page's own address, opened directly (as a shared link is), shows that page and no "not found" dialog
    for url in urls:
        page.goto(url)
        wait_for_app(page)
        assert page.get_by_text("Page not found").count() == 0, url


def match_count(tab) -> str:
    text = tab.get_by_text(re.compile(r"of \d+ criteria match")).first.inner_text()
    return re.search(r"\d+ of \d+", text).group(0)


def test_matrix_filter_is_in_the_url_and_reproduces_in_a_fresh_context(app_server, page, browser):
    page.goto(f"{app_server.url}/matrix")
    wait_for_app(page)
    before = match_count(page)
    dialogs = page.locator("[role='dialog']")
    if dialogs.count():
        screenshot(page, "matrix-unexpected-dialog")
    assert dialogs.count() == 0, f"unexpected dialog: {dialogs.all_inner_texts()}"
    search = page.get_by_role("textbox", name="Search")
    search.fill("export")
    search.press("Enter")
    page.wait_for_url(re.compile(r"m_q=export"))
    wait_for_app(page)
    page.get_by_text("More filters").click()  # the secondary filters fold into an expander
    page.get_by_text("Only where they differ").click()
    page.wait_for_url(re.compile(r"m_diff=true"))
    wait_for_app(page)
    after = match_count(page)
    assert after != before
    shared = page.url
    screenshot(page, "matrix-filtered")

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(shared)
        wait_for_app(other)
        assert match_count(other) == after
        assert other.get_by_text("Page not found").count() == 0
        # input values are not part of the page text the settle check compares: let Playwright retry this one
        expect(other.get_by_role("textbox", name="Search")).to_have_value("export", timeout=15_000)
        screenshot(other, "matrix-filtered-fresh-context")
    finally:
        fresh.close()


def test_nonsense_parameters_render_a_page(app_server, page):
    page.goto(f"{app_server.url}/matrix?m_fw=%3Cscript%3E&m_sort=zzz&m_diff=2&m_q=" + "y" * 300)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.inner_text().startswith("Head-to-head")


@pytest.mark.parametrize(("address", "count_pattern"), [
    ("claims?c_verdict=holds", r"\d+ of \d+ claims match"),
    ("matrix?m_q=onnx", r"\d+ of \d+ criteria match"),
])
def test_first_request_of_a_fresh_server_is_a_deep_link(page, address, count_pattern):
    """A shared link opened as a fresh server's very first request shows the frame and no "Page not found"."""
    server = AppServer()
    try:
        page.goto(f"{server.url}/{address}")
        wait_for_app(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "Overview" in sidebar.inner_text()
        assert "app" not in [line.strip() for line in sidebar.inner_text().splitlines()]
        assert "Which framework for you?" in sidebar.inner_text()
        assert page.get_by_text(re.compile(count_pattern)).count() == 1
        assert page.get_by_text("Page not found").count() == 0
        screenshot(page, f"fresh-server-deep-link-{address.split('?')[0]}")
    finally:
        server.stop()
