"""Every page runs in AppTest: on the real data, on broken data, and with nonsense URL parameters."""

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def run_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def all_text(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_pages_are_discovered():
    assert {"pages/overview.py", "pages/matrix.py", "pages/claims.py", "pages/sources.py"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_real_data(page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_page_run_alone_draws_the_frame(page):
    """switch_page runs the page script without app.py, as a fresh server's first deep link does: the page draws
    the frame itself (page links and the wizard in the sidebar)."""
    at = run_page(page)
    sidebar_text = "\n".join(str(e.value) for e in at.sidebar.subheader) + "\n".join(
        str(e.value) for e in at.sidebar.caption)
    assert "Which framework for you?" in sidebar_text
    assert any(getattr(e, "proto", None) is not None and e.type == "page_link" for e in at.sidebar), \
        "the frame's page links are in the sidebar"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_every_data_file_missing(page, tmp_path, monkeypatch):
    empty = tmp_path / "data"
    empty.mkdir()
    monkeypatch.setenv("FACEOFF_DATA_DIR", str(empty))
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "a page with no data says so"
    assert "data/datasets.yaml" in all_text(at) or "missing" in all_text(at)


def test_corrupt_matrix_names_the_file_and_keeps_the_rest(fixture_data):
    (fixture_data / "matrix" / "speed.yaml").write_text("category: [broken\n")
    at = run_page("pages/matrix.py")
    assert not at.exception
    assert "data/matrix/speed.yaml" in at.error[0].value and "malformed YAML" in at.error[0].value
    claims = run_page("pages/claims.py")
    assert not claims.exception
    assert [m.value for m in claims.markdown if "claims match" in m.value] == ["**3** of 3 claims match."]


def test_search_and_single_criterion_from_the_url(fixture_data):
    at = run_page("pages/matrix.py", {"m_q": "profiler"})
    assert "**1** of 3 criteria match." in all_text(at)
    at = run_page("pages/matrix.py", {"m_crit": "compile", "m_fw": ["beta"]})
    assert "**1** of 3 criteria match." in all_text(at)
    assert at.multiselect(key="m_fw").value == ["beta"]


def test_claims_filtered_by_criterion_from_the_url(fixture_data):
    at = run_page("pages/claims.py", {"c_crit": "eager"})
    assert "**1** of 3 claims match." in all_text(at)
    assert "Beta only runs static graphs." in all_text(at)


HOSTILE = {
    "m_fw": ["nonsense", "<script>alert(1)</script>"],
    "m_cat": ["../../etc/passwd"],
    "m_q": "x" * 5000,
    "m_lead": "'; DROP TABLE",
    "m_sort": "-1",
    "m_diff": "maybe",
    "m_crit": "\u202e\u0000",
    "c_verdict": ["true"],
    "c_crit": "%%%",
    "c_page": "999",
    "m_page": "-3",
}


@pytest.mark.parametrize("page", PAGES)
def test_nonsense_url_parameters_do_not_raise(page, fixture_data):
    at = run_page(page, HOSTILE)
    assert not at.exception, [e.value for e in at.exception]
    assert "<script>" not in all_text(at)


def test_invalid_choices_fall_back_to_defaults(fixture_data):
    at = run_page("pages/matrix.py", HOSTILE | {"m_q": ""})
    assert at.multiselect(key="m_fw").value == ["alpha", "beta"]
    assert at.selectbox(key="m_sort").value == "category"
    assert "**3** of 3 criteria match." in all_text(at)


def test_long_lists_are_paged_through_the_url():
    """Real data: 78 claims at 15 a page; page 2 shows claims 16-30 and the URL value selects it."""
    first = run_page("pages/claims.py")
    second = run_page("pages/claims.py", {"c_page": "2"})
    assert "Showing 1–15 of" in all_text(first)
    assert "Showing 16–30 of" in all_text(second)
    claim_texts = {f"**{c['claim']}**" for c in yaml.safe_load((ROOT / "data" / "claims.yaml").read_text())["claims"]}
    shown_first = {m.value.split("\n\n")[0] for m in first.markdown} & claim_texts
    shown_second = {m.value.split("\n\n")[0] for m in second.markdown} & claim_texts
    assert len(shown_first) == 15 and shown_second and not shown_first & shown_second
