"""Keyboard alone: Tab reaches the sidebar wizard's folded questions, Enter unfolds them, Tab reaches a question,
and the arrow keys and Enter change an answer (which lands in the URL like a click would)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUSED = """() => {
  const el = document.activeElement;
  const side = el && el.closest("[data-testid='stSidebar']");
  return {inSidebar: !!side, role: el ? el.getAttribute('role') : null, tag: el ? el.tagName : null,
          label: el ? (el.getAttribute('aria-label') || '') : '', value: el && 'value' in el ? el.value : null};
}"""


def tab_until(tab, wanted, start: int = 0, limit: int = 120):
    """Press Tab until the focused element is ``wanted`` (bounded); counts the sidebar links passed on the way."""
    focused, presses, links = None, start, 0
    while presses < limit:
        presses += 1
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if focused["inSidebar"] and focused["tag"] == "A":
            links += 1
        if wanted(focused):
            break
    return ({**(focused or {}), "links": links}), presses, links


def test_tab_reaches_the_wizard_and_the_keyboard_changes_an_answer(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    try:
        tab.goto(app_server.url)
        wait_for_app(tab)
        tab.wait_for_selector("[data-testid='stSidebar'] .st-key-wizard_questions summary", state="attached")
        focused, presses, links = tab_until(tab, lambda f: f["inSidebar"] and f["tag"] == "SUMMARY")
        assert focused["tag"] == "SUMMARY", f"the folded questions were not reached with Tab (last: {focused})"
        links = focused["links"]
        assert links >= 7, "Tab should pass every page link in the sidebar first"
        tab.keyboard.press("Enter")  # unfolds the questions
        tab.wait_for_selector("[data-testid='stSidebar'] [role='combobox']", state="attached")
        wait_for_app(tab)
        focused, presses, _ = tab_until(tab, lambda f: f["inSidebar"] and f["role"] == "combobox", start=presses)
        assert focused and focused["role"] == "combobox" and focused["inSidebar"], (
            f"no wizard question reached with Tab in {presses} presses (last focus: {focused})")
        wait_for_app(tab)  # the unfolding rerun is over before the list is opened
        if tab.evaluate(FOCUSED)["role"] != "combobox":  # that rerun moved the focus: Tab on to a question again
            focused, presses, _ = tab_until(tab, lambda f: f["inSidebar"] and f["role"] == "combobox", start=presses)
        before = focused["value"]
        tab.keyboard.press("ArrowDown")  # opens the list
        try:
            tab.wait_for_selector("[role='listbox'] [role='option']", timeout=5_000)
        except Exception:  # a rerun arriving just then closed it: the same key again
            tab.keyboard.press("ArrowDown")
            tab.wait_for_selector("[role='listbox'] [role='option']")
        tab.keyboard.press("ArrowDown")  # the next option
        tab.keyboard.press("Enter")
        wait_for_app(tab)
        after = tab.evaluate(FOCUSED)
        chosen = tab.locator("[data-testid='stSidebar'] [role='combobox']").first.input_value()
        assert chosen != before, f"the answer stayed {before!r}"
        params = parse_qs(urlparse(tab.url).query)
        assert any(key.startswith("w_") for key in params), f"the changed answer is not in the URL: {tab.url}"
        assert after["inSidebar"], "focus should stay on the question just answered"
    finally:
        context.close()
