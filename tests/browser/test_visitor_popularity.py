"""A visitor's tour of the Popularity page at 1280×800 and 390×844 (issue #21 items 6, 7, 9, 10-MLPerf, 11): no
exception names, no "date n/a", no shell command or secret name outside a "For maintainers" expander, no Plotly
toolbar, no range slider, legends under their plots, and the controls that change only some charts say which."""

from __future__ import annotations

import re

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (390, 844)]
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]+(Error|Exception)\b|\bSourceUnavailable\b")
COMMAND = re.compile(r"python -m faceoff|GOOGLE_TRENDS_API_KEY|GITHUB_TOKEN")
# The text a visitor can see, outside every "For maintainers" expander (its closed body is not visible anyway,
# but an open one must not count either).
VISIBLE_TEXT = """() => {
  const skip = [...document.querySelectorAll('[data-testid="stExpander"]')]
      .filter(e => (e.querySelector('summary')?.innerText || '').includes('For maintainers'));
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip.some(s => s.contains(el) && !s.querySelector('summary').contains(el))) continue;
    if (!el.checkVisibility || el.checkVisibility({visibilityProperty: true, opacityProperty: true})) out.push(n.data);
  }
  return out.join('\\n');
}"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def tab(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def open_popularity(tab, base: str) -> None:
    tab.goto(f"{base}/popularity")
    wait_for_app(tab)
    tab.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5",
                          timeout=60_000)


def test_a_visitor_reads_sentences_not_operator_chores(tab, app_server):
    open_popularity(tab, app_server.url)
    text = tab.evaluate(VISIBLE_TEXT)
    assert not EXCEPTION_NAME.search(text), EXCEPTION_NAME.search(text)
    assert not COMMAND.search(text), f"command or secret outside 'For maintainers': {COMMAND.search(text)}"
    assert "date n/a" not in text
    assert "results published 2025-11-12" in text, "the MLPerf reading says what kind of date it shows"
    ways = tab.locator("[data-testid='stExpander']").filter(has_text="Ways to add it")
    assert ways.count() == 3, "each signal not fetched yet has its ways in, one click away"
    ways.first.locator("summary").click()
    tab.wait_for_selector("[data-testid='stFileUploader']")
    wait_for_app(tab)
    opened = tab.evaluate(VISIBLE_TEXT)
    assert "Upload" in opened and not COMMAND.search(opened), "the ways in open; commands stay with maintainers"
    summary = tab.locator("summary").filter(has_text="For maintainers").first
    summary.click()
    tab.wait_for_timeout(500)
    assert COMMAND.search(summary.locator("xpath=..").inner_text()), "the maintainers' expander holds the command"
    assert "1MB per file" in opened.replace(" ", "") or "1 MB" in opened, "one upload limit, stated by the uploader"


def test_charts_fit_the_screen_without_toolbar_or_slider(tab, app_server):
    open_popularity(tab, app_server.url)
    charts = tab.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
        modebar: !!p.querySelector('.modebar-container .modebar'),
        slider: !!p.querySelector('.rangeslider-container'),
        legendBelow: (() => { const l = p.querySelector('.legend'), b = p.querySelector('.bglayer, .cartesianlayer');
                              if (!l || !b) return true;
                              return l.getBoundingClientRect().top >= b.getBoundingClientRect().bottom - 2; })(),
        width: p.getBoundingClientRect().width, page: document.documentElement.clientWidth}))""")
    assert charts, "the page draws its charts"
    assert not any(c["modebar"] for c in charts), "no Plotly toolbar over the source line"
    assert not any(c["slider"] for c in charts), "the Years control sets the range: no range slider"
    assert all(c["legendBelow"] for c in charts), "legends sit under the plot, not beside it"
    assert all(c["width"] <= c["page"] for c in charts), "no chart wider than the screen"


def test_controls_say_which_charts_they_change(tab, app_server):
    open_popularity(tab, app_server.url)
    tab.locator(".st-key-p_settings summary").click()  # folded until asked for
    tab.get_by_text("Stars and Trends values").first.wait_for()
    labels = tab.locator("[data-testid='stWidgetLabel']").all_inner_texts()
    assert "Values" not in labels and "Smoothing" not in labels, "a bare label implies every chart"
    assert any("Stars and Trends" in label for label in labels)


def test_log_axes_label_every_tick_in_full(tab, app_server):
    tab.goto(f"{app_server.url}/popularity?p_scale=log")
    wait_for_app(tab)
    tab.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=60_000)
    ticks = tab.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.layout && p.layout.yaxis && p.layout.yaxis.type === 'log')
        .map(p => [...p.querySelectorAll('.ytick text')].map(t => t.textContent))""")
    assert ticks and all(ticks), "log charts drawn with tick labels"
    for axis in ticks:
        values = [number(t) for t in axis]
        assert values == sorted(values), f"tick labels must read in order, not restart each decade: {axis}"


def number(label: str) -> float:
    """ "20k" -> 20000; Plotly's minor-decade labels ("2", "3" after "10") would break the order."""
    label = label.replace("\u2212", "-").replace(",", "").strip()
    scale = {"k": 1e3, "M": 1e6, "B": 1e9, "G": 1e9}.get(label[-1:], 1)
    return float(label[:-1] if scale != 1 else label) * scale
