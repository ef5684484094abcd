"""Head-to-head in Chromium: the compact table fits a laptop and keeps every rating on a phone; names open details."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import opened, screenshot, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FRAMEWORKS = ("PyTorch", "TensorFlow", "JAX")
GLYPHS = re.compile(r"^[●○]{3}$")
TABLE = ".fo-table-wrap"
# The compact table as the visitor reads it: header cells, then each row's cells, and whether its box scrolls sideways.
READ_TABLE = """() => {
  const wrap = document.querySelector('.fo-table-wrap');
  const heads = [...wrap.querySelectorAll('thead th')].map(t => t.innerText.trim());
  const rows = [...wrap.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()));
  return {heads, rows, scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth};
}"""


def open_matrix(browser, url: str, width: int, height: int, query: str = ""):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(f"{url}/matrix{query}")
    wait_for_app(tab)
    # the table is drawn where it fits (a phone gets cards instead)
    tab.wait_for_selector(f"{TABLE} tbody tr" if width > 800 else ".fo-card", state="attached")
    return context, tab


def show_table(tab) -> None:
    """Scroll the table to just under Streamlit's top bar."""
    tab.evaluate("""() => {
      const table = document.querySelector('.fo-table-wrap');
      table.scrollIntoView({block: 'start'});
      let box = table.parentElement;
      while (box && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowY)
                      && box.scrollHeight > box.clientHeight)) box = box.parentElement;
      if (box) box.scrollTop -= 72;
    }""")
    tab.wait_for_timeout(300)


def keep(path: Path, name: str) -> None:
    """Also copy a screenshot where the project's reviewers collect them, when that folder exists."""
    screens = Path("/work/coord/screens")
    if screens.parent.is_dir():
        screens.mkdir(exist_ok=True)
        shutil.copyfile(path, screens / name)


def test_laptop_shows_every_framework_column_without_horizontal_scrolling(app_server, browser):
    context, tab = open_matrix(browser, app_server.url, 1280, 800)
    try:
        grid = tab.evaluate(READ_TABLE)
        assert grid["scrollWidth"] <= grid["clientWidth"], grid  # no horizontal scrolling inside the table
        for name in FRAMEWORKS:
            assert name in grid["heads"] and f"{name}, in short" in grid["heads"], grid["heads"]
        box = tab.locator(TABLE).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
        assert len(grid["rows"]) > 40 and all(GLYPHS.match(row[grid["heads"].index(n)]) for row in grid["rows"]
                                              for n in FRAMEWORKS)  # every criterion, each framework rated
        keep(screenshot(tab, "matrix-1280"), "matrix-1280.png")
        show_table(tab)
        keep(screenshot(tab, "matrix-1280-table"), "matrix-1280-table.png")
    finally:
        context.close()


def test_phone_shows_a_rating_for_each_framework_on_each_card(app_server, browser):
    """At 390 px the table gives way to a card per criterion: every framework's rating, the leader, the summaries."""
    context, tab = open_matrix(browser, app_server.url, 390, 844)
    try:
        tab.locator(".fo-card").first.wait_for()
        cards = tab.locator(".fo-card")
        assert cards.count() > 0 and tab.locator(TABLE).first.is_hidden()
        for i in range(min(cards.count(), 10)):
            rows = cards.nth(i).locator(".fo-rates li")
            assert [rows.nth(j).locator(".fo-fw").inner_text() for j in range(rows.count())] == list(FRAMEWORKS)
            assert all(GLYPHS.match(rows.nth(j).locator(".fo-glyph").inner_text()) for j in range(rows.count()))
        cards.first.scroll_into_view_if_needed()
        keep(screenshot(tab, "matrix-390"), "matrix-390.png")
    finally:
        context.close()


def test_a_criterion_name_in_the_table_opens_its_verdicts_sources_and_claims(app_server, browser):
    context, tab = open_matrix(browser, app_server.url, 1280, 800, "?m_sort=Largest+rating+gap+first")
    try:
        first = tab.locator(f"{TABLE} tbody th a").first
        name = first.inner_text().strip()
        assert "m_sel=" in (first.get_attribute("href") or "")  # a real link: new tab, copied link, no JavaScript
        tab.evaluate("() => { window.__marker = 1; }")  # gone if the page loads again
        first.focus()  # keyboard: the name is a link
        tab.keyboard.press("Enter")
        tab.wait_for_function("() => location.search.includes('m_sel=')")
        details = tab.get_by_role("dialog")  # the details open over the page, in view wherever it is scrolled
        details.wait_for(timeout=30_000)
        wait_for_app(tab)
        assert tab.evaluate("() => window.__marker") == 1, "the details opened in this session, with no reload"
        text = details.inner_text()
        assert name in text
        assert "As of" in text and "Leads:" in text
        assert all(n in text for n in FRAMEWORKS)
        assert "Largest+rating+gap+first" in tab.url or "Largest%20rating%20gap%20first" in tab.url  # view kept
        screenshot(tab, "matrix-1280-selected")
    finally:
        context.close()


def test_a_card_title_on_a_phone_opens_the_details_without_reloading(app_server, browser):
    context, tab = open_matrix(browser, app_server.url, 390, 844)
    try:
        title = tab.locator(".fo-card-title a").nth(1)
        name = title.inner_text().strip()
        tab.evaluate("() => { window.__marker = 1; }")  # gone if the page loads again
        title.click()
        details = tab.get_by_role("dialog")
        details.wait_for(timeout=30_000)
        wait_for_app(tab)
        tab.wait_for_function("() => location.search.includes('m_sel=')")
        assert tab.evaluate("() => window.__marker") == 1, "the details opened in this session, with no reload"
        assert details.get_by_text(name, exact=True).count() >= 1 and "As of" in details.inner_text()
        tab.keyboard.press("Escape")
        tab.wait_for_function("() => !location.search.includes('m_sel=')")
        wait_for_app(tab)
        tab.locator(".fo-card-title a").nth(1).click()  # the same criterion opens again after closing
        tab.get_by_role("dialog").wait_for(timeout=30_000)
        assert tab.evaluate("() => window.__marker") == 1
    finally:
        context.close()


def test_links_between_claims_and_matrix_land_on_the_row(app_server, browser):
    """Claims -> matrix -> claims by the page links: each lands on its row, and the address bar keeps the label."""
    with opened(browser, f"{app_server.url}/claims?c_verdict=Holds", (1280, 900)) as tab:
        link = tab.get_by_role("link", name=re.compile(r"^Matrix: ")).first
        name = link.inner_text().split("Matrix: ", 1)[1].strip()
        link.click()
        tab.wait_for_url(re.compile(r"/matrix\?m_crit="))
        wait_for_app(tab)
        assert tab.get_by_text(re.compile(r"^1 of \d+ criteria match")).count() == 1
        details = tab.locator(".st-key-m_details")
        assert details.inner_text().splitlines()[0].strip() == name
        details.get_by_role("link", name=re.compile(r"claim\(s\) about")).click()
        tab.wait_for_url(re.compile(r"/claims\?c_crit="))
        wait_for_app(tab)
        assert not tab.get_by_text(re.compile(r"\d+ of \d+ claims match")).first.inner_text().startswith("0 of")
        assert tab.get_by_role("link", name=f"Matrix: {name}").count() >= 1


def test_links_in_the_old_id_form_still_select_the_view(app_server, browser):
    from faceoff.registry import load_dataset

    matrix = load_dataset("matrix").value
    crit = matrix.criteria[-1]
    context, tab = open_matrix(browser, app_server.url, 1280, 800,
                               f"?m_fw=pytorch&m_fw=jax&m_crit={crit.id}")
    try:
        heads = tab.evaluate(READ_TABLE)["heads"]
        assert [h for h in heads if h in FRAMEWORKS] == ["PyTorch", "JAX"]
        assert tab.locator(".st-key-m_details").inner_text().splitlines()[0].strip() == crit.name
        # the address bar now holds the label form, so a reload (or a failover to another replica) keeps the view
        tab.wait_for_function("() => location.search.includes('m_fw=PyTorch') && location.search.includes('m_fw=JAX')")
        assert "m_fw=pytorch" not in tab.url and "m_crit=" in tab.url and f"m_crit={crit.id}&" not in tab.url + "&"
        tab.reload()
        wait_for_app(tab)
        heads = tab.evaluate(READ_TABLE)["heads"]
        assert [h for h in heads if h in FRAMEWORKS] == ["PyTorch", "JAX"]
    finally:
        context.close()
