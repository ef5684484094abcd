"""The wizard in a real browser: answer in the sidebar, copy the share link, open it fresh, same recommendation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import screenshot, unfold_questions, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# (question label, option label shown and written into the URL, URL key)
ANSWERS = [("Your main goal", "Shipping a product", "w_role"),
           ("Where the model runs", "Mobile apps (Android, iOS)", "w_deploy"),
           ("What your team already knows", "TensorFlow / Keras", "w_exp")]


def params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def questions(tab):
    """Where the questions are: the sidebar (unfolded first), or the Recommendation page's main area."""
    main = tab.locator(".st-key-rec_questions")
    if main.count():
        return main
    unfold_questions(tab)
    return tab.locator("[data-testid='stSidebar']")


def choose(tab, label: str, option: str, key: str) -> None:
    combo = questions(tab).get_by_role("combobox", name=label)
    combo.click()
    combo.fill(option)  # filters the list to the matching label
    tab.get_by_role("option", name=option, exact=True).click()
    tab.wait_for_function(f"() => new URLSearchParams(window.location.search).get({key!r}) === {option!r}")
    wait_for_app(tab)


def answer(tab, label: str) -> str:
    return questions(tab).get_by_role("combobox", name=label).input_value()


def compact_result(tab) -> str:
    """The sidebar's "Framework · word confidence" line."""
    text = tab.locator(".st-key-wizard_result").inner_text()
    return next((line.strip() for line in text.splitlines() if "confidence" in line), text.splitlines()[0])


def card_headline(tab) -> str:
    return tab.locator(".st-key-rec_card h2").first.inner_text().strip()


def test_answer_share_and_reopen(app_server, page, browser):
    page.goto(app_server.url)
    wait_for_app(page)
    default_result = compact_result(page)
    for label, option, key in ANSWERS:
        choose(page, label, option, key)
    result = compact_result(page)
    assert "confidence" in result
    screenshot(page, "wizard-sidebar-answered")

    page.locator(".st-key-wizard_result").get_by_text("Why? Full explanation").click()
    page.wait_for_url(re.compile(r"/recommendation\?"))
    wait_for_app(page)
    for _, option, key in ANSWERS:
        assert params(page.url)[key] == option  # answers survive the page switch
    assert compact_result(page) == result
    headline = card_headline(page)
    assert headline in result
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "wizard-recommendation")

    page.get_by_role("button", name=re.compile("Share this recommendation")).click()
    link = page.locator("[data-testid='stPopoverBody'] code, [data-testid='stPopover'] code").first.inner_text()
    link = link.strip()
    for _, option, key in ANSWERS:
        assert params(link)[key] == option

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = fresh.new_page()
        tab.set_default_timeout(30_000)
        tab.goto(link)
        wait_for_app(tab)
        assert card_headline(tab) == headline
        assert compact_result(tab) == result
        for label, option, _ in ANSWERS:
            assert answer(tab, label) == option
        screenshot(tab, "wizard-shared-link")

        tab.get_by_role("button", name=re.compile("Clear answers")).click()
        tab.wait_for_function("() => !window.location.search.includes('w_')")
        wait_for_app(tab)
        assert compact_result(tab).startswith("No answers yet.") and default_result.startswith("No answers yet.")
        assert answer(tab, "Your main goal") == "Not sure yet"
    finally:
        fresh.close()


def test_nonsense_url_values_fall_back_without_error(app_server, page):
    page.goto(f"{app_server.url}/recommendation?w_role=%3Cb%3Ex%3C%2Fb%3E&w_hw=quantum&w_os=windows")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert answer(page, "Your main goal") == "Not sure yet"
    assert answer(page, "Hardware you train on") == "Not sure yet"
    assert answer(page, "Operating system you develop on") == "Windows (native)"  # an id-form value still works
    assert card_headline(page)


def test_an_id_form_link_from_before_the_labels_still_works(app_server, page):
    """Links shared before the sidebar showed labels carry option ids: they select the same answers."""
    page.goto(f"{app_server.url}/recommendation?w_role=production&w_deploy=microcontrollers")
    wait_for_app(page)
    assert answer(page, "Your main goal") == "Shipping a product"
    assert answer(page, "Where the model runs") == "Microcontrollers"
    assert card_headline(page) == "TensorFlow"
    assert "Decided by" in page.locator(".st-key-rec_decided").inner_text()
    screenshot(page, "wizard-legacy-link-microcontrollers")
