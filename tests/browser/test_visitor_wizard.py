"""The visitor tour, wizard part (#21 items 1-3 and the sidebar labels of item 10), at 1280×800 and 390×844.

Each assertion fails on the behaviour the issue reported: a recommendation "for your answers" before any answer,
"Decided by" naming presets the visitor never touched, model vocabulary in the verdict, no way to the questions on a
phone, and option labels cut off in the sidebar.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot, unfold_questions, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"laptop": (1280, 800), "phone": (390, 844)}
ISSUE_CASE = "w_role=production&w_deploy=mobile&w_hw=tpu"  # goal production, runs on mobile, trains on TPU
ENTRY = "Which framework for you? Answer a few questions"
MODEL_WORDS = re.compile(r"\btargets?\b|rating steps?|Σ|\bweights?\b|For the CLI", re.I)


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.viewport_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def visible_text(tab, selector: str) -> str:
    return tab.locator(selector).first.inner_text()


def test_first_load_recommends_nothing_and_invites_an_answer(app_server, tab):
    tab.goto(app_server.url)
    wait_for_app(tab)
    result = tab.locator(".st-key-wizard_result")
    assert "No answers yet" in result.inner_text()
    assert "for your answers" not in result.inner_text().lower()
    assert "confidence" not in result.inner_text()
    entry = tab.get_by_role("link", name=ENTRY)
    if tab.viewport_name == "phone":
        assert entry.is_visible(), "a phone visitor sees a way to the questions in the main area"
    else:
        assert not entry.is_visible(), "on a laptop the sidebar holds the questions; no duplicate entry"
    screenshot(tab, f"visitor-wizard-first-load-{tab.viewport_name}")


def test_decided_by_names_only_answers_the_visitor_gave(app_server, tab):
    tab.goto(f"{app_server.url}/recommendation?{ISSUE_CASE}")
    wait_for_app(tab)
    decided = visible_text(tab, ".st-key-rec_decided")
    first = decided.splitlines()[0]
    assert first.startswith("Decided by your answer")
    for untouched in ("Main problem domain", "Computer vision", "What matters most", "Speed to a first prototype",
                      "Linux"):
        assert untouched not in first, first
    assert "Not answered, so they count for nothing: Main problem domain;" in decided
    screenshot(tab, f"visitor-wizard-decided-{tab.viewport_name}")


def test_the_verdict_reads_like_advice_with_one_margin_figure(app_server, tab):
    tab.goto(f"{app_server.url}/recommendation?w_role=learning&w_hw=cpu-only")
    wait_for_app(tab)
    verdict = visible_text(tab, ".st-key-rec_card") + "\n" + visible_text(tab, ".st-key-rec_decided")
    assert not MODEL_WORDS.search(verdict), MODEL_WORDS.search(verdict)
    margins = re.findall(r"leads \w+ by (\d+) %", verdict)
    assert len(margins) == 1, verdict  # one margin figure, said once
    thresholds = re.findall(r"(\d+) % or more counts as (\w+)", verdict)
    assert all(int(margins[0]) >= int(t) for t, _ in thresholds)  # the rule quoted agrees with the figure
    assert not re.search(r"\d+\s?[–-]\s?\d+\s?%", verdict)  # no range beside it ("5–12 %")
    assert re.search(r"(High|Medium|Low) confidence: ", verdict)  # the word explained in a sentence
    how = tab.get_by_text("How the score works", exact=True)
    how.scroll_into_view_if_needed()
    assert how.is_visible()
    assert not tab.get_by_text("For the CLI").is_visible()  # the CLI column waits inside the expander


def test_a_phone_visitor_reaches_the_questions_from_any_page(app_server, tab):
    tab.goto(f"{app_server.url}/claims")
    wait_for_app(tab)
    if tab.viewport_name == "laptop":
        unfold_questions(tab)  # folded until asked for (or a link carries answers): one click
        combo = tab.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Your main goal")
        combo.wait_for(state="visible")  # raises when the sidebar's questions do not show
        assert not tab.get_by_role("link", name=ENTRY).is_visible()
        return
    tab.get_by_role("link", name=ENTRY).click()
    tab.wait_for_url(re.compile(r"/recommendation"))
    wait_for_app(tab)
    combo = tab.locator(".st-key-rec_questions").get_by_role("combobox", name="Where the model runs")
    assert combo.is_visible()
    combo.click()
    combo.fill("Microcontrollers")
    tab.get_by_role("option", name="Microcontrollers", exact=True).click()
    tab.wait_for_function("() => new URLSearchParams(window.location.search).get('w_deploy') === 'Microcontrollers'")
    wait_for_app(tab)
    assert tab.locator(".st-key-rec_card h2").first.inner_text().strip() == "TensorFlow"
    screenshot(tab, "visitor-wizard-phone-answered")


def test_sidebar_options_are_readable_in_full(app_server, tab):
    if tab.viewport_name == "phone":
        pytest.skip("the sidebar is folded away on a phone; the questions are on the Recommendation page")
    tab.goto(f"{app_server.url}/?w_deploy=none&w_role=production&w_code=tensorflow")
    wait_for_app(tab)
    sidebar = tab.locator("[data-testid='stSidebar']")
    for question, label in (("Where the model runs", "Not deployed (notebooks)"),
                            ("Your main goal", "Shipping a product"),
                            ("Existing model code", "A TensorFlow/Keras codebase")):
        box = sidebar.get_by_role("combobox", name=question)
        assert box.input_value() == label
        cut = box.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert not cut, f"{label!r} is cut off in the sidebar"
