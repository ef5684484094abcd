"""Random and malicious values for every URL-bound parameter of every page: no exception, no input rendered as
Markdown or HTML. Keys are discovered from a real run of each page, so a new page or widget is covered as it lands."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.helpers import PAGES, bound_widgets, html_allowed_bodies, rendered_markdown, run_page

MARK = "FXSS"  # every injected snippet carries this token, so its echo anywhere is easy to spot
INJECTIONS = [
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=alert('{MARK}')>",
    f"\"><svg onload=alert('{MARK}')>",
    f"javascript:alert('{MARK}')",
    f"[{MARK}](javascript:alert(1))",
    f"![{MARK}](http://127.0.0.1:9/x.png)",
    f"**{MARK}** <b>{MARK}</b>",
    f"{MARK}' OR 1=1 --",
    f"{{{{7*7}}}}{MARK}",
]
NASTY = [
    "", " ", "-1", "-999999", "0", "1e309", "NaN", "inf", "true", "maybe", "null", "None", "[]", "{}",
    "../../etc/passwd", "%00", "\u0000", "\u202e\u202d", "😀" * 200, "x" * 20_000, "2030", "1900", "2100",
    "2024,2019", "9999-99-99", "nonsense-id",
]


def values_for(kind: str, options: tuple[str, ...]) -> st.SearchStrategy:
    """One parameter's value(s): valid options mixed with hostile strings; lists stand for repeated keys."""
    single = st.one_of(
        st.sampled_from(INJECTIONS),
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.integers(min_value=-10**12, max_value=10**12).map(str),
        *([st.sampled_from(options)] if options else []),
    )
    ranges = st.tuples(st.integers(-5000, 5000), st.integers(-5000, 5000)).map(lambda t: [str(t[1]), str(t[0])])
    return st.one_of(single, st.lists(single, min_size=2, max_size=5), ranges)


@st.composite
def params_for(draw, page: str | None) -> dict:
    widgets = bound_widgets(page)
    if not widgets:
        return {}
    keys = draw(st.lists(st.sampled_from(sorted(widgets)), min_size=1, max_size=len(widgets), unique=True))
    return {key: draw(values_for(*widgets[key])) for key in keys}


def check(page: str | None, params: dict) -> None:
    assert_safe(run_page(page, params), params)


def assert_safe(at, params: dict) -> None:
    assert not at.exception, (params, [e.value for e in at.exception])
    echoed = [body for body in rendered_markdown(at) if MARK in body]
    assert not echoed, f"URL input reached the Markdown renderer: {echoed[:3]} (params {params})"
    raw = [body for body in html_allowed_bodies(at) if MARK in body or "<script" in body.lower()]
    assert not raw, f"URL input reached raw HTML: {raw[:3]}"


def test_the_check_catches_an_echo():
    """A page that puts a URL value into Markdown fails the check (so the suite can fail)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.caption(st.query_params.get('q', ''))")
    at.query_params["q"] = INJECTIONS[0]
    at.run()
    with pytest.raises(AssertionError, match="Markdown renderer"):
        assert_safe(at, {"q": INJECTIONS[0]})


def test_every_page_has_bound_keys_discovered():
    """Discovery works (else the property tests below would pass vacuously)."""
    found = {page: bound_widgets(page) for page in PAGES}
    assert any(found.values()), found
    assert bound_widgets(None), "the default page's sidebar (wizard) keys are discovered"


HYPOTHESIS = settings(max_examples=10, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("page", PAGES)
@HYPOTHESIS
@given(data=st.data())
def test_hostile_url_parameters(page, data):
    check(page, data.draw(params_for(page), label="params"))


@HYPOTHESIS
@given(data=st.data())
def test_hostile_url_parameters_on_the_default_page_and_sidebar(data):
    check(None, data.draw(params_for(None), label="params"))


@pytest.mark.parametrize("page", PAGES)
def test_every_key_at_once_with_injections_and_unknown_keys(page):
    """The worst case in one URL: every bound key repeated with injections, plus keys no page knows."""
    params = {key: list(INJECTIONS[:3]) for key in bound_widgets(page)}
    params |= {"zz_unknown": INJECTIONS[0], "m_": "x", "w_nonexistent": INJECTIONS[1]}
    check(page, params)
