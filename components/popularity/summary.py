"""The summary at the top of the Popularity page: one computed line per signal, newest first, unfetched last."""

from __future__ import annotations

import streamlit as st

from components.data import load, shared, stamp
from faceoff import popularity as pop
from faceoff.errors import DataFileError

DATASETS = ("popularity-pypi-top", "popularity-pypi-frameworks", "popularity-mlperf", "popularity-github-stars",
            "popularity-conferences", "popularity-adoption", "popularity-pwc-share", "popularity-pwc-quotes",
            "popularity-trends", "popularity-mlperf-round-dates")
PENDING_ANCHOR = "not-fetched-yet"


def _frame(dataset_id: str):
    loaded = load(dataset_id, quiet=True)  # each section shows its own error; the summary just leaves it out
    return None if loaded is None or loaded.value is None else loaded.value


def summary_lines(names: dict[str, str]) -> list[pop.SignalLine]:
    """The computed lines (cached per data version): a signal whose file does not load is left out."""

    def build() -> list[pop.SignalLine]:
        fws = list(names)
        lines: list[pop.SignalLine] = []
        pypi, spec = _frame("popularity-pypi-top"), _frame("popularity-pypi-frameworks")
        if pypi is not None and spec is not None:
            lines.append(pop.pypi_line(pop.snapshot_rows(pypi.frame), spec, names, fws))
        dates_snap = _frame("popularity-mlperf-round-dates")
        dates = pop.mlperf_round_dates(dates_snap.frame) if dates_snap is not None and not dates_snap.empty else None
        for dataset_id, make in (("popularity-mlperf", lambda f: pop.mlperf_line(f, dates)),
                                 ("popularity-conferences", pop.conferences_line),
                                 ("popularity-adoption", pop.adoption_line)):
            snap = _frame(dataset_id)
            if snap is not None and not snap.empty:
                lines.append(make(snap.frame))
        stars = _frame("popularity-github-stars")
        if stars is not None and not stars.empty:
            lines.append(pop.stars_line(stars.frame, names, fws))
        share, quotes = _frame("popularity-pwc-share"), _frame("popularity-pwc-quotes")
        lines.append(pop.pwc_line(share.frame if share is not None else None,
                                  quotes.frame if quotes is not None else None, names))
        trends = _frame("popularity-trends")
        lines.append(pop.trends_line(trends.frame if trends is not None else None, names))
        return pop.order_lines(lines)

    return shared(("popularity-summary", tuple(names.items()), _stamps()), build)


def _stamps() -> tuple:
    """The data versions of the summary's datasets; one that is not registered or readable counts as absent."""
    out: list[tuple | None] = []
    for dataset_id in DATASETS:
        try:
            out.append(stamp(dataset_id))
        except (DataFileError, KeyError):
            out.append(None)
    return tuple(out)


def render_summary(lines: list[pop.SignalLine]) -> None:
    items = []
    for line in lines:
        if line.has_data:
            items.append(f"- **[{line.title}](#{line.signal})** · {line.when} · {line.says}")
        else:
            items.append(f"- **{line.title}** · not fetched yet · {line.says} [How to add it](#{PENDING_ANCHOR})")
    with st.container(border=True, key="pop_summary"):
        st.markdown("**What each signal says, newest first**\n\n" + "\n".join(items))
