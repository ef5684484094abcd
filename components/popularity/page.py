"""The Popularity page: a computed summary first, then the signals with data (newest first), then the ones not
fetched yet, compact, each with its way in. Sections live in pypi.py, mlperf.py, signals.py; Trends and Papers with
Code are drawn here when they have data, and by pending.py when they do not."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import load
from components.format import lazy_expander
from components.popularity.common import (
    apply_breaks,
    live_state,
    provenance_caption,
    render_chart,
    render_for_maintainers,
)
from components.popularity.controls import render_controls, series_options
from components.popularity.mlperf import MLPERF_TITLE, render_mlperf
from components.popularity.pending import render_pending
from components.popularity.pypi import PYPI_TITLE, render_pypi
from components.popularity.signals import (
    CONFERENCES_TITLE,
    STARS_TITLE,
    SURVEYS_TITLE,
    render_adoption,
    render_conferences,
    render_stars,
)
from components.popularity.summary import PENDING_ANCHOR, render_summary, summary_lines
from components.reached import section_when_reached
from components.widgets import choice
from faceoff import popularity as pop
from faceoff.popularity import Snapshot

EXTRA_FRAMEWORKS = ("keras",)
TRENDS_TITLE = "Google Trends: web search interest"
PWC_TITLE = "Papers with Code: share of paper implementations"
BASIS_LABELS = {"paper": "Per paper", "repo": "Per repository"}


def render_trends(opts: dict, styles: dict, releases: list, registry_fws: list) -> None:
    st.header(TRENDS_TITLE, anchor="trends")
    loaded = load("popularity-trends")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    live = live_state().get("trends")
    frame, provenance_note = snapshot.frame, ""
    if live and live["frame"] is not None:
        frame = live["frame"]
        params = live["provenance"]["parameters"]
        provenance_note = (f"Live result fetched {live['provenance']['fetched_at']} (this session only, not saved)"
                           f" · terms {', '.join(params['terms'])}"
                           f" · {params['geo']} · {params['timeframe']} · {params['granularity']}")
    if frame is None or frame.empty:
        st.info("No Google Trends series yet: Google publishes its search-interest figures only relative to one "
                "request, and none has been saved for this site.", icon=":material/info:")
        render_for_maintainers(
            "Save one into data/popularity/google_trends.csv (all terms from the same export or fetch):",
            "python -m faceoff import trends multiTimeline.csv   # an export from the Google Trends website\n"
            "python -m faceoff refresh trends                    # the official API, else pytrends",
            key="p_maint_trends_chart")
        return
    o = series_options(opts, releases)
    series = pop.series_frame(frame, "value", keep=["is_partial", "term"])
    prepared = pop.prepare_series(series, o)
    fig = pop.make_series_figure(prepared, styles, o, pop.value_axis_title("Search interest (0–100)", o),
                                 partial="is_partial")
    reading = pop.read_trends(prepared, pop.series_frame(frame, "value", keep=["is_partial"]), styles, o)
    prov = snapshot.provenance
    caption = provenance_note or provenance_caption(snapshot, loaded, (
        f"terms {', '.join(prov.parameters.get('terms', []))} · {prov.parameters.get('geo')} · "
        f"{prov.parameters.get('timeframe')} · {prov.parameters.get('granularity')} · fetched "
        f"{prov.fetched_at}" if prov else ""))
    method = pop.trends_method_caption(prov.model_dump(mode="json")) if prov else ""
    render_chart(fig, pop.plotted_rows(prepared), "google-trends",
                 " · ".join(x for x in (method, caption, "hollow points: partial period") if x), reading)


@st.fragment
def render_pwc(opts: dict, styles: dict) -> None:
    """A fragment: its count and official-only controls rerun only this chart."""
    st.header(PWC_TITLE, anchor="pwc")
    share_loaded = load("popularity-pwc-share")
    quotes_loaded = load("popularity-pwc-quotes")
    if quotes_loaded is None and share_loaded is None:
        return
    quotes = quotes_loaded.value.frame if quotes_loaded else pd.DataFrame()
    charted, anecdotes = pop.pwc_quote_points(quotes) if not quotes.empty else (pd.DataFrame(
        columns=["framework", "share", "start", "end", "when", "source_title", "source_url", "source_type"]),
        pd.DataFrame())
    charted = charted[charted["framework"].isin(opts["frameworks"])]
    in_range = [opts["start_year"] <= pd.Timestamp(e).year and pd.Timestamp(s).year <= opts["end_year"]
                for s, e in zip(charted["start"], charted["end"], strict=True)]
    charted = charted[pd.Series(in_range, index=charted.index, dtype=bool)]
    series = None
    series_loaded = share_loaded if share_loaded is not None and not share_loaded.value.empty else None
    has_series = series_loaded is not None
    cols = st.columns([2, 2, 4])
    with cols[0]:
        basis = choice("Count", BASIS_LABELS, key="p_basis", widget=st.radio, horizontal=True,
                       disabled=not has_series, help="Per paper or per repository (computed series only)")
    official = cols[1].toggle("Official code only", key="p_official", bind="query-params", disabled=not has_series,
                              help="only implementations marked official by Papers with Code")
    if series_loaded is not None:
        series = pop.pwc_series(series_loaded.value.frame, opts["frameworks"], basis if basis in ("paper", "repo")
                                else "paper", "official" if official else "all", opts["start_year"], opts["end_year"])
    else:
        cols[2].caption("No computed series yet (it needs the 41 MB archive of the closed site, see Not fetched "
                        "yet below). Until then the chart shows published figures as quotes, not a series.")
    fig = pop.make_pwc_figure(series, charted, styles, opts["frameworks"], opts["scale"])
    plotted = pd.concat([
        series.assign(kind="computed")[["kind", "quarter", "framework", "basis", "scope", "count", "total", "share"]]
        if series is not None else pd.DataFrame(),
        charted.assign(kind="published quote")[["kind", "framework", "share", "start", "end", "when", "source_title",
                                                "source_url", "source_type"]],
    ], ignore_index=True)
    source = series_loaded.value if series_loaded else quotes_loaded.value if quotes_loaded else None
    caption = provenance_caption(source, share_loaded if has_series else quotes_loaded) if source else ""
    attribution = ("Papers with Code data: CC-BY-SA-4.0, attribute Papers with Code (archived by pwc-archive on "
                   "Hugging Face); derived figures shared alike.")
    shown = pd.to_datetime(pd.concat([series["date"] if series is not None else pd.Series(dtype="datetime64[ns]"),
                                      pd.to_datetime(charted["start"]), pd.to_datetime(charted["end"])]))
    notes = apply_breaks(fig, "pwc", shown.min(), shown.max()) if not shown.empty else ""
    render_chart(fig, plotted, "papers-with-code", f"{caption} · {attribution}",
                 pop.read_pwc(series, charted, styles), notes)
    if series_loaded is not None:
        stats = series_loaded.value.provenance.stats
        st.caption(f"Quarter = month in the paper's arXiv id (PwC's own chart grouped by repository creation date). "
                   f"Undated links (no arXiv month): {stats.get('undated_links', '?')} of {stats.get('links', '?')}, "
                   f"counted, not placed. Links without a detected framework: "
                   f"{stats.get('links_without_framework', '?')}. {stats.get('last_quarter_may_be_partial', '')} "
                   "may be partial (the site closed in July 2025).")
    else:
        st.caption("★ = a figure published on that date; a bar = a figure covering that period. Hover for the quote.")
    if not anecdotes.empty:
        box = lazy_expander(f"Anecdotes ({len(anecdotes)}, tertiary sources, not charted)", key="p_exp_anecdotes")
        if box is not None:
            box.caption("Paraphrases and headlines whose underlying source or period could not be confirmed.")
            box.dataframe(anecdotes[["as_of_date", "pytorch_pct", "tensorflow_pct", "source_type", "quote", "caveat",
                                     "source_url"]], hide_index=True, width="stretch",
                          column_config={"source_url": st.column_config.LinkColumn("Source")})


def _has_data(dataset_id: str) -> bool:
    loaded = load(dataset_id, quiet=True)
    return loaded is not None and loaded.value is not None and not loaded.value.empty


def render_popularity_page() -> None:
    frameworks_loaded = load("frameworks")
    registry_fws = list(frameworks_loaded.value.frameworks) if frameworks_loaded else []
    styles = pop.styles_for(registry_fws, EXTRA_FRAMEWORKS)
    fw_names = {fw_id: style.name for fw_id, style in styles.items()}
    releases = pop.releases_from(registry_fws)
    st.caption("Adoption signals, each from a named source with its licence and as-of date. None is a measure of "
               "quality; they disagree because they count different people (installers, benchmark submitters, "
               "researchers, searchers). Dotted lines mark major releases; ⚑ dashed lines mark changes in how a "
               "signal is measured.")
    lines = summary_lines({fw.id: fw.name for fw in registry_fws})
    render_summary(lines)
    load("popularity-breaks")  # shows its error once if the breaks file is broken; charts then draw none
    has_data = {"pwc": _has_data("popularity-pwc-share"), "trends": _has_data("popularity-trends")}
    ctx = render_charts(lines, registry_fws, styles, fw_names, releases, has_data)
    # Outside the charts' fragment: the ways in do not depend on the chart controls, so a scale change skips them.
    pending = [s for s in ("trends", "pwc") if not has_data[s]]
    pending.append("counts")  # dated ClickHouse / Hub / paperswithcode.co figures: shown on demand, with the ways in
    render_pending(pending, ctx, PENDING_ANCHOR)


# Each section with data: its heading (as the section draws it) and the URL keys of its own controls. Below the
# summary, a section waits until it is reached (components/charts.section_when_reached): a first screen then loads
# none of their widget kinds (Popularity's first screen 1.8x -> 1.35x the one-line page in a quick A/B,
# perf/screens.py's probe). A link that sets one of its controls draws it at once.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pypi-downloads": (PYPI_TITLE, ("p_pkg", "p_measure")),
    "mlperf": (MLPERF_TITLE, ("p_bench", "p_div", "p_mlview")),
    "github-stars": (STARS_TITLE, ()),
    "conferences": (CONFERENCES_TITLE, ()),
    "surveys": (SURVEYS_TITLE, ()),
    "pwc": (PWC_TITLE, ("p_basis", "p_official")),
    "trends": (TRENDS_TITLE, ()),
}
SECTION_HEIGHT = 820  # about a section's height at 1280 px (controls, reading, chart, source line, CSV, table)


@st.fragment
def render_charts(lines: list, registry_fws: list, styles: dict, fw_names: dict, releases: list,
                  has_data: dict[str, bool]) -> dict:
    """The shared controls and every chart: a fragment, so changing the scale, values, smoothing, frameworks or years
    reruns the charts only (not the summary, not the sidebar); each chart's own controls rerun that chart alone."""
    opts = render_controls(fw_names)
    from components.share import render_share_link

    render_share_link()
    ctx = {"opts": opts, "styles": styles, "releases": releases, "registry_fws": registry_fws,
           "names": {fw.id: fw.name for fw in registry_fws}}
    sections = {
        "pypi-downloads": lambda: render_pypi(opts, styles),
        "mlperf": render_mlperf,
        "github-stars": lambda: render_stars(opts, styles, releases, registry_fws),
        "conferences": lambda: render_conferences(opts),
        "surveys": lambda: render_adoption(opts, styles),
        "pwc": lambda: render_pwc(opts, styles),
        "trends": lambda: render_trends(opts, styles, releases, registry_fws),
    }
    drawn = set()
    for line in lines:  # newest first, as in the summary
        if line.signal in sections and has_data.get(line.signal, True) and line.has_data:
            title, keep = SECTIONS[line.signal]
            with section_when_reached(f"pop_sec_{line.signal}", SECTION_HEIGHT, keep,
                                      "This signal's controls, chart and data are drawn when it scrolls into "
                                      "view.", heading=(title, line.signal)) as now:
                if now:
                    sections[line.signal]()
            drawn.add(line.signal)
    for signal in ("pypi-downloads", "mlperf", "github-stars", "conferences", "surveys"):
        if signal not in drawn:  # its file did not load: the section names the file and the problem
            sections[signal]()
    for signal in ("pwc", "trends"):
        if has_data[signal] and signal not in drawn:
            sections[signal]()
    return ctx
