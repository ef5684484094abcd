"""Pieces every Popularity section shares: the source line, the chart with its reading and CSV, break notes, and
the opt-in live fetch buttons."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.charts import plotly_chart
from components.data import load, shared, stamp
from components.format import lazy_expander
from faceoff import popularity as pop
from faceoff.loading import Loaded
from faceoff.popularity import FetchContext, GitHubStars, GoogleTrends, PypiDownloads, Snapshot

LIVE_TTL = 3600
LIVE_NAMES = {"trends": "Google Trends", "github": "GitHub", "pypi": "PyPI"}
LIVE_STATE = "pop_live"  # session-only results of the opt-in live fetches (never written to data/)


def provenance_caption(snapshot: Snapshot, loaded: Loaded | None = None, extra: str = "") -> str:
    prov = snapshot.provenance
    if prov is None:
        return extra
    as_of = (loaded.as_of if loaded and loaded.as_of else prov.data_as_of or prov.retrieved).isoformat()
    parts = [f"Source: [{prov.source}]({prov.url})", f"Licence: {prov.licence}", f"As of {as_of}",
             f"retrieved {prov.retrieved.isoformat()}"]
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def chart_source_note(snapshot: Snapshot, loaded: Loaded | None, short: str) -> str:
    """The source and as-of written inside the figure, so a saved image still says where it came from."""
    as_of = loaded.as_of.isoformat() if loaded and loaded.as_of else ""
    return f"Source: {short}" + (f" · as of {as_of}" if as_of else "")


def render_chart(fig, plotted: pd.DataFrame, name: str, caption: str, reading: str, notes: str = "") -> None:
    """The chart, its one-line reading, its source line and a CSV of exactly the plotted rows."""
    st.markdown(f"**{reading}**")
    plotly_chart(fig, key=f"pop_chart_{name}", alt=reading)
    cols = st.columns([5, 1.3])
    cols[0].caption(caption)
    # the CSV is written only when someone clicks (deferred data), not on every rerun
    cols[1].download_button("CSV", lambda: plotted.to_csv(index=False).encode("utf-8"), file_name=f"faceoff-{name}.csv",
                            mime="text/csv", icon=":material/download:", on_click="ignore", key=f"pop_csv_{name}",
                            help="Exactly the rows plotted with the current settings.")
    if notes:
        st.caption(notes)
    box = lazy_expander(f"Data table ({len(plotted)} rows)", key=f"pop_table_{name}")
    if box is not None:  # drawn only while open: a closed table costs nothing on a rerun
        box.dataframe(plotted, hide_index=True, width="stretch")


def render_for_maintainers(text: str = "", code: str = "", key: str | None = None) -> None:
    """Commands, environment variables and error details, for whoever runs the server: inside a closed "For
    maintainers" expander, so a visitor reads one sentence and never a shell line or an exception name."""
    del key  # a keyless, stateless expander: a keyed one is a widget, ~1 ms more on every rerun (perf/inprocess.py)
    with st.expander("For maintainers", icon=":material/build:"):
        if text:
            st.caption(text)
        if code:
            st.code(code, language="bash", wrap_lines=True)


def render_failure(source: str, consequence: str, exc: BaseException, key: str | None = None) -> None:
    """A failed fetch as a sentence that names the source; the exception's type and text for maintainers only."""
    st.warning(f"{source} did not answer just now (no connection, or the site refused or failed the request). "
               f"{consequence}", icon=":material/cloud_off:")
    render_for_maintainers(f"{type(exc).__name__}: {exc}", key=key)


def load_breaks() -> list:
    """The method/coverage breaks, or none (the loader's error is shown once, by the first chart that asks)."""
    loaded = load("popularity-breaks", quiet=True)
    return list(loaded.value) if loaded else []


def breaks_caption(drawn: list, later: list) -> str:
    """Say what the ⚑ lines are, and list the breaks that fall after the chart's last date."""
    parts = []
    if drawn:
        parts.append("⚑ dashed lines = method or coverage breaks (hover a flag for the detail): "
                     + pop.breaks_note(drawn, numbered=True))
    if later:
        parts.append("After the last plotted date: " + pop.breaks_note(later))
    return " · ".join(parts)


def apply_breaks(fig, signal: str, start, end, packages: list[str] | None = None, year_axis: bool = False,
                 breaks: list | None = None) -> str:
    """Draw the signal's breaks on ``fig`` (dates from ``start`` to ``end``) and return the caption that names them."""
    relevant = pop.breaks_for(load_breaks() if breaks is None else breaks, signal, packages)
    if not relevant:
        return ""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    drawn = pop.add_break_marks(fig, relevant, start, end, year_axis=year_axis)
    _, later = pop.split_by_range(relevant, start, end)
    return breaks_caption(drawn, later)


def chart_with_breaks(key: tuple, fig, signal: str, start, end, packages: list[str] | None = None,
                      year_axis: bool = False) -> tuple[go.Figure, str]:
    """A copy of ``fig`` with the signal's breaks drawn, and their caption: built once per ``key`` (which must name
    the chart and its options) and breaks file, shared by every session; ``fig`` itself is never modified."""
    breaks = load_breaks()

    def build():
        marked = go.Figure(fig)
        return marked, apply_breaks(marked, signal, start, end, packages, year_axis, breaks=breaks)

    return shared((*key, "breaks", stamp("popularity-breaks")), build)


def live_state() -> dict:
    return st.session_state.setdefault(LIVE_STATE, {})


def _github_token() -> str | None:
    try:
        token = st.secrets.get("GITHUB_TOKEN")
    except Exception:  # no secrets file: fine, the token is optional
        token = None
    return token or os.environ.get("GITHUB_TOKEN") or None


@st.cache_data(ttl=LIVE_TTL, show_spinner=False)
def fetch_live(source_name: str, frameworks: tuple[tuple[str, str, str, str], ...], _token: str | None,
               geo: str = "", timeframe: str = "today 5-y") -> tuple[pd.DataFrame, dict]:
    """One opt-in live fetch (cached for an hour); raises SourceUnavailable, which is not cached."""
    sources = {"trends": GoogleTrends(), "github": GitHubStars(), "pypi": PypiDownloads()}
    fws = [SimpleNamespace(id=i, trends_term=t, github_repo=g, pypi_package=p) for i, t, g, p in frameworks]
    # ``_token`` is left out of the cache key: the answer does not depend on it, and a secret should not be hashed
    ctx = FetchContext(frameworks=fws, timeout=(3.0, 10.0), token=_token,
                       options={"geo": geo, "timeframe": timeframe, "attempts": 2, "backoff_base": 1.0,
                                "backoff_cap": 3.0})
    fetched = sources[source_name].fetch(ctx)
    return fetched.frame, fetched.provenance


def render_live_button(source_name: str, label: str, registry_fws: list, help_text: str) -> None:
    """An opt-in button: fetch now, keep the result for this session only, show the cause on failure."""
    state = live_state()
    if st.button(label, key=f"pop_live_{source_name}", icon=":material/cloud_download:", help=help_text):
        frameworks = tuple((fw.id, fw.trends_term, fw.github_repo, fw.pypi_package) for fw in registry_fws)
        token = _github_token() if source_name == "github" else None
        with st.spinner(f"Fetching {source_name} live…"):
            try:
                frame, provenance = fetch_live(source_name, frameworks, token)
                state[source_name] = {"frame": frame, "provenance": provenance, "error": None}
            except Exception as exc:  # any failure of a live fetch is shown as a sentence, never raised
                state[source_name] = {"frame": None, "provenance": None, "error": exc}
    result = state.get(source_name)
    if result and result["error"]:
        render_failure(LIVE_NAMES.get(source_name, source_name), "The page keeps showing the saved snapshot.",
                       result["error"], key=f"pop_live_fail_{source_name}")


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ").replace("[", "(").replace("]", ")")


def markdown_table(rows: list[dict], links: dict[str, str] | None = None) -> str:
    """A few rows as a Markdown table (cheaper to show than a data grid); a column named in ``links`` holds URLs,
    written as links with the given text."""
    if not rows:
        return ""
    columns = list(rows[0])
    links = links or {}
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [f"[{links[c]}]({row[c]})" if c in links and row[c] else _cell(row[c]) for c in columns]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)
