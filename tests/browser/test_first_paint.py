"""A fresh server's very first page load never shows Streamlit's file-based page list (app, benchmarks, claims, …):
the DOM is watched from the first byte until the page settles."""

from __future__ import annotations

import pytest

from tests.conftest import AppServer, screenshot, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Runs before any of the page's own scripts: records every moment Streamlit's own navigation list is in the DOM.
WATCH_FILE_NAV = """
window.__fileNavSeen = [];
const look = () => {
  const nav = document.querySelector('[data-testid="stSidebarNav"]');
  if (nav) window.__fileNavSeen.push(nav.innerText.slice(0, 200));
};
new MutationObserver(look).observe(document, {childList: true, subtree: true});
"""


def file_nav_seen_on_first_load(browser, address: str, env: dict | None = None) -> list[str]:
    server = AppServer(env=env)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        tab.add_init_script(WATCH_FILE_NAV)
        tab.goto(f"{server.url}/{address}")
        wait_for_app(tab)
        screenshot(tab, f"first-paint-{address or 'home'}" + ("-file-nav" if env else ""))
        assert tab.locator("h1").count() >= 1
        return tab.evaluate("() => window.__fileNavSeen")
    finally:
        context.close()
        server.stop()


@pytest.mark.parametrize("address", ["", "claims?c_verdict=holds"])
def test_first_load_of_a_fresh_server_never_shows_the_file_based_list(browser, address):
    assert file_nav_seen_on_first_load(browser, address) == []


def test_the_watch_sees_the_list_when_streamlit_is_allowed_to_show_it(browser):
    """With Streamlit's own list switched back on, the same watch catches it (so the test above can fail)."""
    seen = file_nav_seen_on_first_load(browser, "", env={"STREAMLIT_CLIENT_SHOW_SIDEBAR_NAVIGATION": "true"})
    assert any("recommendation" in text for text in seen), seen  # file names, lower case: the file-based list
