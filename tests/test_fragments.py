"""Chart and filter controls rerun only their fragment on a real server: the page body and the sidebar wizard are
not recomputed (a websocket client sends exactly what a browser sends when a widget changes)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from perf.fragments import FRAGMENT_CONTROLS as MEASURED_CONTROLS
from perf.stclient import Server, Session
from tests.conftest import ARTIFACTS

# every control the perf benchmark times (perf/fragments.py), switched to its first value
FRAGMENT_CONTROLS = [(page, key, values[0]) for page, key, values in MEASURED_CONTROLS]


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    srv = Server("app.py", log=ARTIFACTS / "fragments-server.log")
    yield srv
    srv.stop()


def open_page(server: Server, page: str, query: str = "") -> Session:
    session = Session(server.url, timeout=90)
    session.run("")  # learns the pages from the navigation message
    first = session.run(page, query)
    assert first.status == "ok", first.exceptions
    return session


@pytest.mark.parametrize(("page", "key", "value"), FRAGMENT_CONTROLS, ids=[f"{p}-{k}" for p, k, _ in FRAGMENT_CONTROLS])
def test_a_fragment_control_reruns_only_its_fragment(server, page, key, value):
    # opened with the control set in the address (so a control folded under "More filters" is drawn)
    session = open_page(server, page, urlencode([(key, v) for v in (value if isinstance(value, list) else [value])]))
    try:
        assert session.widgets[key].fragment_id, f"{key} is not inside a fragment"
        result = session.set_widget(key, value)
        assert result.status == "ok", result.exceptions
        assert result.fragment_run
        assert result.sidebar_deltas == 0, "the sidebar (wizard) was drawn again"
        assert result.deltas > 0, "the fragment drew nothing"
    finally:
        session.close()


def test_a_control_outside_fragments_reruns_the_whole_page(server):
    """The same measurement sees a full rerun for what is not in a fragment (so the test above can fail)."""
    session = open_page(server, "benchmarks", "w_role=Research")  # an answer in the link draws the questions
    try:
        role = session.widgets["w_role"]
        assert not role.fragment_id
        result = session.set_widget("w_role", role.options[1])
        assert result.status == "ok", result.exceptions
        assert not result.fragment_run
        assert result.sidebar_deltas > 0
    finally:
        session.close()


def test_controls_of_a_nested_fragment_are_forgotten_when_the_outer_one_drops_them(server):
    """Benchmarks: the study explorer (its own fragment, inside the view picker's) disappears when another view is
    picked. The client forgets its controls as the browser does; a change sent to them later would name a fragment
    Streamlit no longer has, and it drops such a request without an answer (the load test's one hung session)."""
    session = open_page(server, "benchmarks")
    try:
        views = session.widgets["b_view"].options
        explorer = next(v for v in views if v.startswith("One study"))
        assert session.set_widget("b_view", explorer).status == "ok"
        assert "b_pdev" in session.widgets, "the study explorer draws its filters"
        inner = session.widgets["b_pdev"].fragment_id
        assert inner and inner != session.widgets["b_view"].fragment_id
        result = session.set_widget("b_view", views[0])
        assert result.status == "ok" and result.fragment_run
        assert "b_pdev" not in session.widgets
        assert "b_view" in session.widgets
    finally:
        session.close()
