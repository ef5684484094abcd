"""Shared fixtures: fixture data folders, a clean Streamlit cache, and a real app server with headless Chromium."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from perf.stclient import Server

# AppTest has no browser to scroll, so charts would never be "reached" (components/charts.py): draw them all at once
# in tests and in the servers tests start; tests/browser/test_lazy_charts.py checks the scrolled path on its own server.
os.environ.setdefault("FACEOFF_EAGER_CHARTS", "1")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("FACEOFF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    """st.cache_data survives between AppTest runs in one process: start every test from a cold cache."""
    if "streamlit" in sys.modules:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    if "components.data" in sys.modules:
        sys.modules["components.data"].clear_stamps()
    yield


@pytest.fixture
def fixture_data(tmp_path, monkeypatch) -> Path:
    """A writable copy of the small test data set, selected through FACEOFF_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    monkeypatch.setenv("FACEOFF_DATA_DIR", str(target))
    return target


@pytest.fixture
def real_data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the project's real data/ (for corruption tests), selected through FACEOFF_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("FACEOFF_DATA_DIR", str(target))
    return target


class AppServer(Server):
    """A real ``streamlit run app.py`` on loopback (perf/stclient.py's server), its log under tests/artifacts/."""

    def __init__(self, data_dir: Path | None = None, env: dict[str, str] | None = None):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        extra = dict(env or {})
        if data_dir is not None:
            extra["FACEOFF_DATA_DIR"] = str(data_dir)
        log = ARTIFACTS / f"server-{os.getpid()}-{time.monotonic_ns()}.log"
        super().__init__("app.py", env=extra, log=log)


@pytest.fixture(scope="session")
def app_server():
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium; see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@contextmanager
def opened(browser, url: str, size: tuple[int, int] = (1280, 800)) -> Iterator:
    """A tab in a fresh browser context (a first visit: no cookies, no cache) at ``url``, settled; closed after."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    try:
        tab.goto(url)
        wait_for_app(tab)
        yield tab
    finally:
        context.close()


def wait_for_app(tab) -> None:
    """Wait until Streamlit has finished running the script and the page has settled.

    An action's rerun can start a moment after the action returns, so "not running" alone is not enough: the page
    counts as settled when the script is not running, no element is marked stale, and the main block's text is the
    same on two looks 400 ms apart.
    """
    tab.wait_for_selector("[data-testid='stMain']", state="attached")
    settled_js = (
        "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " const main = document.querySelector('[data-testid=\"stMainBlockContainer\"]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')"
        " && main && main.querySelectorAll('*').length > 20 ? main.innerText : null; }"
    )
    previous = None
    for _ in range(150):
        text = tab.evaluate(settled_js)
        if text is not None and text == previous:
            return
        previous = text
        tab.wait_for_timeout(400)
    raise AssertionError("the app did not settle within 60 s")


def screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def unfold_questions(tab) -> None:
    """Open the sidebar's folded wizard questions (components/wizard/sidebar.py) when they are folded and not drawn:
    a click on the expander, then wait for the first question's box."""
    sidebar = tab.locator("[data-testid='stSidebar']")
    if sidebar.get_by_role("combobox").count():
        return
    sidebar.locator(".st-key-wizard_questions summary").click()
    sidebar.get_by_role("combobox").first.wait_for(state="visible")
    wait_for_app(tab)
