"""Sources and Claims in Chromium: details that arrive when opened, and the list's controls under it (issue #22)."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_sources_dataset_shows_its_licence_and_provenance_when_opened(app_server, page):
    page.goto(f"{app_server.url}/sources")
    wait_for_app(page)
    expander = page.locator("[data-testid='stExpander']").filter(has_text="data/claims.yaml")
    expect(expander).to_have_count(1)
    # closed: the details are not on the page yet (they are sent when opened)
    assert "Licence:" not in expander.inner_text()
    expander.locator("summary").click()
    wait_for_app(page)
    expect(expander).to_contain_text("Licence:", timeout=15_000)
    expect(expander).to_contain_text("As of:")
    expect(expander).to_contain_text("distinct sources")
    assert page.locator("[data-testid='stException']").count() == 0


def test_claims_show_verdict_counts_and_keep_paging_sharing_and_csv_under_the_list(app_server, page):
    page.goto(f"{app_server.url}/claims?c_page=2")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text(re.compile(r"Holds: \d+"))).to_have_count(1)
    expect(main.get_by_text("Showing 16–30 of")).to_have_count(1)
    counts = [int(n) for n in re.findall(r"(?:Holds|Partly|Outdated|Contradicted|Unverifiable): (\d+)",
                                         main.inner_text())]
    total = int(re.search(r"(\d+) of \d+ claims match", main.inner_text()).group(1))
    assert len(counts) == 5 and sum(counts) == total
    # the page picker, the share link and the CSV come after the last claim's evidence, in the page's order
    after = page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]');
      const last = [...main.querySelectorAll('[data-testid="stExpander"]')].pop();
      const follows = (el) => !!el && !!(last.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      return {pages: follows(main.querySelector('[data-testid="stPagination"]')),
              share: follows(main.querySelector('[data-testid="stPopover"]')),
              csv: follows(main.querySelector('[data-testid="stDownloadButton"]'))};
    }""")
    assert after == {"pages": True, "share": True, "csv": True}
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text(re.compile(r"c_page=2"))).to_have_count(1, timeout=15_000)
