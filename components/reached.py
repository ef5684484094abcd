"""Parts of a page drawn when the visitor reaches them: a chart (components/charts.py) or a below-the-fold section
(``section_when_reached``). Plotly-free, so pages without charts can use it without importing plotly."""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterable, Iterator

import streamlit as st


def reached_flag(key: object) -> str:
    return f"faceoff_reached_{key}"


def eager_charts() -> bool:
    """``FACEOFF_EAGER_CHARTS=1`` draws every chart and every below-the-fold section at once: for AppTest (no browser
    scrolls there), screenshots of whole pages, and perf's in-process and fragment figures (the costliest rerun)."""
    return os.environ.get("FACEOFF_EAGER_CHARTS", "") == "1"


# Plotly's part of Streamlit's frontend is a 4.7 MB chunk: on this machine one small chart took a one-line page from
# 1.0 s to 2.3 s in a fresh browser (perf/screens.py). So a chart (and a below-the-fold section, see
# ``section_when_reached``) is drawn only when it reaches the viewport: until then its place is held by one element
# of its height, this component (no iframe): a note, watched by an IntersectionObserver. The whole placeholder is
# watched, not a line at its top, so a jump that lands inside it (an anchor link, the End key, a fast fling) counts.
# Reaching it sets the component's state, which reruns the fragment it is drawn in (or the page), once per session.
#
# There is deliberately no fragment per chart: a fragment costs a deep copy of the cursor on every rerun of the page
# (about 0.7 ms a chart here, perf/inprocess.py), paid for every chart on every rerun, while the larger rerun on
# reaching a chart is paid once.
_REACHED_JS = """
export default function ({ parentElement, data, setStateValue }) {
  const box = parentElement.querySelector("div");
  box.style.height = `${data.height}px`;
  box.textContent = data.note;
  if (data.border) { box.style.border = "1px solid rgba(49, 51, 63, 0.2)"; box.style.borderRadius = "0.5rem"; }
  let sent = false;
  const io = new IntersectionObserver((entries) => {
    if (sent || !entries.some((e) => e.isIntersecting)) return;
    sent = true;
    io.disconnect();
    setStateValue("reached", true);
  }, { rootMargin: "0px 0px 120px 0px" });
  io.observe(box);
  return () => io.disconnect();
}
"""
_REACHED_CSS = """
div { box-sizing: border-box; padding: 1rem; font-size: 0.875rem; color: #5c5c5c; overflow: hidden; }
"""
_reached = st.components.v2.component("faceoff_chart_reached", html="<div></div>", css=_REACHED_CSS,
                                      js=_REACHED_JS)


def _noop() -> None:
    """The watcher's change callback: the rerun it causes is all that is needed."""


def placeholder(key: str, height: int, note: str, border: bool) -> bool:
    """The element holding a chart's or section's place (class ``st-key-<key>_waiting``); whether it was reached.
    In the run that learns it was reached the placeholder is taken away again, so what it held takes its place."""
    slot = st.empty()
    with slot.container():
        state = _reached(key=f"{key}_waiting", data={"height": int(height), "note": note, "border": border},
                         height=int(height), default={"reached": False}, on_reached_change=_noop)
    if state.reached:
        st.session_state[reached_flag(key)] = True  # later runs draw it at once
        slot.empty()
        return True
    return False


# True while a section drawn because the visitor reached it is being drawn: its charts are in view, so they are
# drawn at once rather than after a second round trip through their own watchers.
_IN_REACHED_SECTION: contextvars.ContextVar[bool] = contextvars.ContextVar("faceoff_reached_section", default=False)


@contextlib.contextmanager
def section_when_reached(key: str, height: int, keep: Iterable[str] = (), note: str = "",
                         heading: tuple[str, str] | None = None) -> Iterator[bool]:
    """A below-the-fold section (its controls, chart and tables): yields whether to draw it now. If not, a
    placeholder of about its ``height`` holds its place, and the section is drawn once the visitor scrolls to it
    (or follows a link to its ``heading``: title and anchor, drawn above the placeholder as the section draws it
    itself, so links and a page search still find it). It is drawn at once when the address or the session sets
    one of its controls (``keep``: their keys, so a shared view or a button's choice is never dropped), and always
    with ``FACEOFF_EAGER_CHARTS=1``. Every control is a widget kind whose code a browser loads on first use (a select
    box, a radio, a download button: 0.1-0.3 s each on a first visit, perf/screens.py), so a first screen that
    waits for none of them is drawn sooner. Charts of a section drawn because it was reached are drawn at once
    (they are in view), not after a second round trip through their own watchers.

        with section_when_reached("pop_sec_pypi", 900, keep=("p_pkg",), heading=(TITLE, "pypi")) as now:
            if now:
                render_pypi()
    """
    reached = bool(st.session_state.get(reached_flag(key)))
    if not (reached or eager_charts() or any(k in st.query_params or k in st.session_state for k in keep)):
        title = st.empty() if heading else None
        if title is not None and heading:
            title.header(heading[0], anchor=heading[1])
        if not placeholder(key, height, note or "This part is drawn when it scrolls into view.", border=False):
            yield False
            return
        if title is not None:
            title.empty()  # the section draws its own heading
        reached = True
    token = _IN_REACHED_SECTION.set(reached)
    try:
        yield True
    finally:
        _IN_REACHED_SECTION.reset(token)


def in_reached_section() -> bool:
    """Whether a section drawn because the visitor reached it is being drawn (its charts are in view)."""
    return _IN_REACHED_SECTION.get()
