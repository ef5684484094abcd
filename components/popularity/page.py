"""The Popularity page: URL-bound controls, one section per adoption signal, each chart with source and CSV."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from components.data import load, memo, stamp
from faceoff import clock
from faceoff import popularity as pop
from faceoff.errors import SourceUnavailable
from faceoff.loading import Loaded
from faceoff.popularity import FetchContext, GitHubStars, GoogleTrends, PypiDownloads, Snapshot

FIRST_YEAR = 2015
LIVE_TTL = 3600
LIVE_STATE = "pop_live"  # session-only results of the opt-in live fetches (never written to data/)
CONFERENCES = ("NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "NAACL", "EMNLP")
EXTRA_FRAMEWORKS = ("keras",)


# ---------------------------------------------------------------- controls


def render_controls(fw_ids: list[str]) -> dict:
    """Every control is bound to the URL (``p_`` keys) and returns plain values."""
    last_year = clock.today().year
    with st.container(border=True):
        top = st.columns([3, 3])
        frameworks = top[0].multiselect("Frameworks", fw_ids, default=fw_ids, key="p_fw", bind="query-params",
                                        help="Which frameworks the charts show (where a signal has them).")
        years = top[1].slider("Years", FIRST_YEAR, last_year, (FIRST_YEAR, last_year), key="p_years",
                              bind="query-params", help="Date range of every chart; time series also have a range "
                                                        "slider under the plot for finer zoom.")
        row = st.columns([2, 3, 2, 3])
        scale = row[0].radio("Scale", list(pop.SCALES), key="p_scale", bind="query-params", horizontal=True,
                             help="linear or log value axis")
        norm = row[1].radio("Values", list(pop.NORMS), key="p_norm", bind="query-params", horizontal=True,
                            help="raw; indexed (each line's first plotted point = 100); share of the shown "
                                 "frameworks' total (only where all have a value). Time series only.")
        smooth = row[2].selectbox("Smoothing", list(pop.SMOOTHING), key="p_smooth", bind="query-params",
                                  help="Rolling mean over this many periods (1 = none). Time series only; never "
                                       "spans a missing month.")
        conferences = row[3].multiselect("Conferences", list(CONFERENCES), default=[], key="p_conf",
                                         bind="query-params", placeholder="Pooled line only",
                                         help="Add per-conference lines to the conference chart.")
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
        "smooth": int(smooth) if smooth in pop.SMOOTHING else 1,
        "conferences": [c for c in conferences if c in CONFERENCES],
    }


def series_options(opts: dict, releases: list[pop.Release]) -> pop.SeriesOptions:
    return pop.SeriesOptions(opts["frameworks"], opts["start_year"], opts["end_year"], opts["scale"], opts["norm"],
                             opts["smooth"], tuple(releases))


# ---------------------------------------------------------------- shared pieces


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


def render_chart(fig, plotted: pd.DataFrame, name: str, caption: str, reading: str) -> None:
    """The chart, its one-line reading, its source line and a CSV of exactly the plotted rows."""
    st.markdown(f"**{reading}**")
    st.plotly_chart(fig, key=f"pop_chart_{name}", config={"displaylogo": False})
    cols = st.columns([5, 1.3])
    cols[0].caption(caption)
    cols[1].download_button("CSV", plotted.to_csv(index=False).encode("utf-8"), file_name=f"faceoff-{name}.csv",
                            mime="text/csv", icon=":material/download:", on_click="ignore", key=f"pop_csv_{name}",
                            help="Exactly the rows plotted with the current settings.")


def _live_state() -> dict:
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
    state = _live_state()
    if st.button(label, key=f"pop_live_{source_name}", icon=":material/cloud_download:", help=help_text):
        frameworks = tuple((fw.id, fw.trends_term, fw.github_repo, fw.pypi_package) for fw in registry_fws)
        token = _github_token() if source_name == "github" else None
        with st.spinner(f"Fetching {source_name} live…"):
            try:
                frame, provenance = fetch_live(source_name, frameworks, token)
                state[source_name] = {"frame": frame, "provenance": provenance, "error": None}
            except SourceUnavailable as exc:
                state[source_name] = {"frame": None, "provenance": None, "error": str(exc)}
    result = state.get(source_name)
    if result and result["error"]:
        st.warning(f"Live fetch failed: {result['error']}. The page keeps showing the saved snapshot.",
                   icon=":material/cloud_off:")


# ---------------------------------------------------------------- sections


def render_trends(opts: dict, styles: dict, releases: list, registry_fws: list) -> None:
    st.subheader("Google Trends: web search interest")
    loaded = load("popularity-trends")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    live = _live_state().get("trends")
    frame, provenance_note = snapshot.frame, ""
    if live and live["frame"] is not None:
        frame = live["frame"]
        params = live["provenance"]["parameters"]
        provenance_note = (f"Live result fetched {live['provenance']['fetched_at']} (not saved; "
                           f"`python -m faceoff refresh trends` saves a snapshot) · terms {', '.join(params['terms'])}"
                           f" · {params['geo']} · {params['timeframe']} · {params['granularity']}")
    if frame is None or frame.empty:
        st.info("No Google Trends snapshot yet. Faceoff ships none: no real Trends series could be obtained as data "
                "(only chart images exist), and Google's values are relative to one request, so they must be fetched "
                "together. Fetch them into `data/popularity/google_trends.csv` with:", icon=":material/info:")
        st.code("python -m faceoff refresh trends            # worldwide web search, last 5 years\n"
                "python -m faceoff refresh trends --geo US --timeframe 'today 12-m'", language="bash")
        render_live_button("trends", "Fetch live from Google Trends", registry_fws,
                           "Opt-in: asks Google now (cached for an hour). Google often rate-limits such requests.")
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
    render_chart(fig, pop.plotted_rows(prepared), "google-trends", caption + " · hollow points: partial period",
                 reading)
    render_live_button("trends", "Fetch live from Google Trends", registry_fws,
                       "Opt-in: asks Google now (cached for an hour); the saved snapshot stays as it is.")


def render_pwc(opts: dict, styles: dict) -> None:
    st.subheader("Papers with Code: share of paper implementations")
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
    has_series = share_loaded is not None and not share_loaded.value.empty
    cols = st.columns([2, 2, 4])
    basis = cols[0].radio("Count", ["paper", "repo"], key="p_basis", bind="query-params", horizontal=True,
                          disabled=not has_series, help="per paper or per repository (computed series only)")
    official = cols[1].toggle("Official code only", key="p_official", bind="query-params", disabled=not has_series,
                              help="only implementations marked official by Papers with Code")
    if has_series:
        series = pop.pwc_series(share_loaded.value.frame, opts["frameworks"], basis if basis in ("paper", "repo")
                                else "paper", "official" if official else "all", opts["start_year"], opts["end_year"])
    else:
        cols[2].caption("No computed series yet: `python -m faceoff refresh pwc` downloads the archived links dump "
                        "(~41 MB) and computes the quarterly share. Until then the chart shows the published "
                        "figures below as quotes, not a series.")
    fig = pop.make_pwc_figure(series, charted, styles, opts["frameworks"], opts["scale"])
    plotted = pd.concat([
        series.assign(kind="computed")[["kind", "quarter", "framework", "basis", "scope", "count", "total", "share"]]
        if series is not None else pd.DataFrame(),
        charted.assign(kind="published quote")[["kind", "framework", "share", "start", "end", "when", "source_title",
                                                "source_url", "source_type"]],
    ], ignore_index=True)
    source = share_loaded.value if has_series else quotes_loaded.value if quotes_loaded else None
    caption = provenance_caption(source, share_loaded if has_series else quotes_loaded) if source else ""
    attribution = ("Papers with Code data: CC-BY-SA-4.0, attribute Papers with Code (archived by pwc-archive on "
                   "Hugging Face); derived figures shared alike.")
    render_chart(fig, plotted, "papers-with-code", f"{caption} · {attribution}",
                 pop.read_pwc(series, charted, styles))
    if has_series:
        stats = share_loaded.value.provenance.stats
        st.caption(f"Quarter = month in the paper's arXiv id (PwC's own chart grouped by repository creation date). "
                   f"Undated links (no arXiv month): {stats.get('undated_links', '?')} of {stats.get('links', '?')}, "
                   f"counted, not placed. Links without a detected framework: "
                   f"{stats.get('links_without_framework', '?')}. {stats.get('last_quarter_may_be_partial', '')} "
                   "may be partial (the site closed in July 2025).")
    else:
        st.caption("★ = a figure published on that date; a bar = a figure covering that period. Hover for the quote.")
    if not anecdotes.empty:
        with st.expander(f"Anecdotes ({len(anecdotes)}, tertiary sources, not charted)"):
            st.caption("Paraphrases and headlines whose underlying source or period could not be confirmed.")
            st.dataframe(anecdotes[["as_of_date", "pytorch_pct", "tensorflow_pct", "source_type", "quote", "caveat",
                                    "source_url"]], hide_index=True, width="stretch",
                         column_config={"source_url": st.column_config.LinkColumn("Source")})


def render_conferences(opts: dict) -> None:
    st.subheader("Research papers at top conferences")
    loaded = load("popularity-conferences")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value

    def build():
        table = pop.conference_share(snapshot.frame, opts["conferences"], opts["start_year"], opts["end_year"])
        if table.dropna(subset=["pytorch_share"]).empty:
            return None
        return table, pop.make_conference_figure(table, opts["scale"]), pop.read_conferences(table)

    built = memo(("conferences", tuple(opts["conferences"]), opts["start_year"], opts["end_year"], opts["scale"],
                  stamp("popularity-conferences")), build)
    if built is None:
        st.info(f"No conference data between {opts['start_year']} and {opts['end_year']} (the data cover "
                "2015–2022).", icon=":material/filter_alt_off:")
        return
    table, fig, reading = built
    caption = provenance_caption(snapshot, loaded, "share = PyTorch-only / (PyTorch-only + TensorFlow-only) papers; "
                                 "no JAX column; the pooled line sums the conferences of each year; "
                                 "ICLR 2021–22 totals look like submissions")
    render_chart(fig, table, "conference-papers", caption, reading)


def render_time_series(opts: dict, styles: dict, releases: list, registry_fws: list, dataset_id: str, value: str,
                       title: str, what: str, name: str, live_source: str, live_label: str) -> None:
    st.subheader(title)
    loaded = load(dataset_id)
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    frame = snapshot.frame
    live = _live_state().get(live_source)
    note = ""
    if live and live["frame"] is not None:
        frame = pd.concat([frame, live["frame"]], ignore_index=True)
        note = f"◆ = live value fetched {live['provenance']['fetched_at']} (not saved)"
    o = series_options(opts, releases)

    def build():
        prepared = pop.prepare_series(pop.series_frame(frame, value, keep=["source"]), o, monthly=True)
        if prepared.dropna(subset=["value"]).empty:
            return None
        fig = pop.make_series_figure(prepared, styles, o, pop.value_axis_title(what, o), live="source")
        return fig, pop.plotted_rows(prepared), pop.read_series(prepared, styles, what, o)

    # session-only live rows are never cached; the snapshot's chart is, per data version and options
    built = build() if note else memo(("series", dataset_id, value, what, repr(o), stamp(dataset_id, "frameworks")),
                                      build)
    if built is None:
        st.info("No data for these frameworks and years.", icon=":material/filter_alt_off:")
        return
    fig, plotted, reading = built
    caption = provenance_caption(snapshot, loaded, note or "◆ = live values appended by a refresh; "
                                 "gaps = months with no published figure")
    render_chart(fig, plotted, name, caption, reading)
    render_live_button(live_source, live_label, registry_fws, "Opt-in: fetch today's values now (cached for an "
                       "hour) and add them to the chart for this session only.")


def render_adoption(opts: dict, styles: dict) -> None:
    st.subheader("Developer surveys and other dated figures")
    loaded = load("popularity-adoption")
    if loaded is None:
        return
    snapshot: Snapshot = loaded.value
    points = snapshot.frame
    chart = pop.adoption_chart_frame(points, opts["frameworks"])
    fig = pop.make_adoption_figure(chart, styles, opts["scale"])
    plotted = chart[["date", "metric", "population", "framework", "value", "unit", "value_qualifier", "source_type",
                     "source_title", "source_url"]]
    kinds = points["source_type"].str.split(" ").str[0].value_counts()
    kinds_text = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    render_chart(fig, plotted, "surveys", provenance_caption(snapshot, loaded, f"source types: {kinds_text} quotes "
                 "(hover a bar or open the table for each one's source); only % figures are charted"),
                 pop.read_adoption(points))
    with st.expander(f"All {len(points)} dated figures with their sources"):
        st.dataframe(points[["date", "metric", "population", "framework", "value", "unit", "value_qualifier",
                             "source_type", "source_title", "source_url"]], hide_index=True, width="stretch",
                     column_config={"source_url": st.column_config.LinkColumn("Source"),
                                    "source_type": st.column_config.TextColumn("Source type", width="medium")})


def render_popularity_page() -> None:
    frameworks_loaded = load("frameworks")
    registry_fws = list(frameworks_loaded.value.frameworks) if frameworks_loaded else []
    fw_ids = [fw.id for fw in registry_fws] + [x for x in EXTRA_FRAMEWORKS if x not in {f.id for f in registry_fws}]
    styles = pop.styles_for(registry_fws, EXTRA_FRAMEWORKS)
    releases = pop.releases_from(registry_fws)
    st.caption("Six adoption signals, each from a named source with its licence and as-of date. None is a measure of "
               "quality; they disagree because they count different people (searchers, researchers, developers). "
               "Dotted vertical lines mark major releases from the framework registry.")
    opts = render_controls(fw_ids)
    from components.share import render_share_link

    render_share_link()
    render_trends(opts, styles, releases, registry_fws)
    render_pwc(opts, styles)
    render_conferences(opts)
    render_time_series(opts, styles, releases, registry_fws, "popularity-github-stars", "stars",
                       "GitHub stars", "GitHub stars", "github-stars", "github", "Add today's star counts (live)")
    render_time_series(opts, styles, releases, registry_fws, "popularity-pypi-downloads", "downloads_last_month",
                       "PyPI downloads per month", "PyPI downloads in the last month", "pypi-downloads", "pypi",
                       "Add today's download counts (live)")
    render_adoption(opts, styles)
    # Signals not yet fetched, each with its way in (components/popularity/live.py)
    from components.popularity.live import render_live_counts, render_pwc_archive_action, render_trends_ways_in

    st.subheader("Not fetched yet: ways in")
    render_trends_ways_in(registry_fws)
    render_pwc_archive_action()
    render_live_counts(registry_fws)
