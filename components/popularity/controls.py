"""The Popularity page's shared controls: URL-bound (``p_`` keys), shown with human labels, returning plain ids."""

from __future__ import annotations

import streamlit as st

from components.format import folded_controls
from components.widgets import choice, choices
from faceoff import clock
from faceoff import popularity as pop

FIRST_YEAR = 2015
CONFERENCES = ("NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "NAACL", "EMNLP")
SMOOTHING_LABELS = {"1": "None", "3": "3 periods", "6": "6 periods", "12": "12 periods"}


SETTINGS_KEY = "p_settings"


def render_controls(fw_names: dict[str, str]) -> dict:
    """Every control is bound to the URL and returns plain values (ids, years, numbers).

    They fold into one expander whose widgets are sent only while it is open (a first screen with fewer widget
    kinds to load, issue #22; the charts below are drawn as they are reached). A link that sets one opens it, and a
    setting the visitor changes is in the address, so it stays open (and drawn) while any is set: nothing is lost.
    """
    last_year = clock.today().year
    fw_ids = list(fw_names)
    frameworks: list[str] = fw_ids
    years: object = (FIRST_YEAR, last_year)
    scale, norm, smooth, conferences = "linear", "raw", "1", []
    # the settings' URL keys and defaults: one set to something else opens the settings (components/format.py)
    folded = {"p_fw": fw_ids, "p_years": (FIRST_YEAR, last_year), "p_scale": next(iter(pop.SCALE_LABELS)),
              "p_norm": next(iter(pop.NORM_LABELS)), "p_smooth": next(iter(SMOOTHING_LABELS)), "p_conf": []}
    box = folded_controls("Chart settings: frameworks, years, scale, values, smoothing, conference lines",
                          SETTINGS_KEY, folded, icon=":material/tune:")
    if box is not None:
        with box:
            frameworks, years, scale, norm, smooth, conferences = _settings(fw_names, last_year)
    else:
        names = list(fw_names.values())
        shown = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
        st.caption(f"The charts show {shown} where a signal has them, {FIRST_YEAR}–{last_year}, on a linear scale "
                   "with raw values: change any of it under Chart settings.")
    if not frameworks:
        st.warning("No framework selected: showing all of them.", icon=":material/info:")
        frameworks = fw_ids
    start, end = (years if isinstance(years, (tuple, list)) and len(years) == 2 else (FIRST_YEAR, last_year))
    return {
        "frameworks": list(frameworks),
        "start_year": int(min(start, end)),
        "end_year": int(max(start, end)),
        "scale": scale if scale in pop.SCALES else "linear",
        "norm": norm if norm in pop.NORMS else "raw",
        "smooth": int(smooth) if smooth in SMOOTHING_LABELS else 1,
        "conferences": [c for c in conferences if c in CONFERENCES],
    }


def _settings(fw_names: dict[str, str], last_year: int) -> tuple:
    fw_ids = list(fw_names)
    top = st.columns([3, 3])
    with top[0]:
        frameworks = choices("Frameworks", fw_names, key="p_fw", default=fw_ids,
                             help="Which frameworks the charts show (where a signal has them).")
    years = top[1].slider("Years", FIRST_YEAR, last_year, (FIRST_YEAR, last_year), key="p_years",
                          bind="query-params", help="Date range of every dated chart.")
    with top[0]:
        scale = choice("Scale of every value axis", pop.SCALE_LABELS, key="p_scale", widget=st.radio,
                       horizontal=True, help="Linear or logarithmic value axis (all charts but MLPerf's shares)")
    st.caption("These apply to the GitHub stars and Google Trends charts only:")
    row = st.columns([3, 2, 3])
    with row[0]:
        norm = choice("Stars and Trends values", pop.NORM_LABELS, key="p_norm", widget=st.radio,
                      horizontal=True,
                      help="Raw; indexed (each line's first plotted point = 100); share of the shown "
                           "frameworks' total (only where all have a value).")
    with row[1]:
        smooth = choice("Stars and Trends smoothing", SMOOTHING_LABELS, key="p_smooth",
                        help="Rolling mean over this many periods; never spans a missing month.")
    conferences = row[2].multiselect("Conference chart lines", list(CONFERENCES), default=[], key="p_conf",
                                     bind="query-params", placeholder="Pooled line only",
                                     help="Add per-conference lines to the research papers chart.")
    return frameworks, years, scale, norm, smooth, conferences


def series_options(opts: dict, releases: list) -> pop.SeriesOptions:
    return pop.SeriesOptions(opts["frameworks"], opts["start_year"], opts["end_year"], opts["scale"], opts["norm"],
                             opts["smooth"], tuple(releases))
