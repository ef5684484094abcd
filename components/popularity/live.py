"""The Popularity page's ways in for signals not yet fetched: Google Trends (upload, official API, pytrends), the
Papers with Code archive computation, and on-demand catalogue counts. Results stay in the session or the server."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from components.charts import plotly_chart
from components.data import load
from components.popularity.common import render_failure, render_for_maintainers
from faceoff import popularity as pop

UPLOAD_STATE = "p_trends_session"  # this session's Trends data (an uploaded export or a live fetch); never saved
UPLOAD_LIMIT_MB = 1  # one limit, stated by the uploader itself and enforced again by the CSV reader
TRENDS_KEY = "GOOGLE_TRENDS_API_KEY"
SITE_NAMES = {"hf-models": "The Hugging Face Hub", "pwc-catalogue": "paperswithcode.co"}


def _secret(name: str) -> str | None:
    """A secret from ``st.secrets`` (Community Cloud) or the environment; never from code or data files."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all: the secret is optional
        value = None
    return value or os.environ.get(name) or None


def _frameworks(registry_fws) -> tuple[tuple[str, str, str, str, str], ...]:
    return tuple((fw.id, fw.name, fw.trends_term, fw.github_repo, fw.pypi_package) for fw in registry_fws)


def _as_fws(frameworks) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, name=n, trends_term=t, github_repo=g, pypi_package=p)
            for i, n, t, g, p in frameworks]


def _live_options(quiet: bool = True) -> dict:
    """Names and rules from data/popularity/live_sources.yaml; when it is invalid the error panel names the file
    (unless ``quiet``) and the registry's names are used."""
    loaded = load("popularity-live-sources", quiet=quiet)
    return pop.live_source_options(loaded.value) if loaded is not None else {}


def session_trends() -> dict | None:
    """This session's Trends data for the page's chart: ``{"frame", "provenance", "caption"}`` or None."""
    return st.session_state.get(UPLOAD_STATE)


def _keep(frame: pd.DataFrame, provenance: dict) -> None:
    st.session_state[UPLOAD_STATE] = {"frame": frame, "provenance": provenance,
                                      "caption": pop.trends_method_caption(provenance) + " · this session only"}


@st.cache_data(ttl=3600, show_spinner=False)
def _fetch_trends(frameworks: tuple, backend: str, _key: str | None) -> tuple[pd.DataFrame, dict]:
    """One opt-in fetch (an hour's cache; failures are not cached). A page cannot wait minutes: one attempt."""
    options = {"trends_backend": backend, "attempts": 1, **({"trends_api_key": _key} if _key else {})}
    if os.environ.get("FACEOFF_TRENDS_API_URL"):
        options["trends_api_url"] = os.environ["FACEOFF_TRENDS_API_URL"]
    fetched = pop.GoogleTrends().fetch(pop.FetchContext(frameworks=_as_fws(frameworks), timeout=(3.0, 15.0),
                                                        options=options))
    return fetched.frame, fetched.provenance


def render_trends_upload(registry_fws) -> None:
    """(a) The website's CSV export, read in this session only: validated, size-capped, errors name the line."""
    upload = st.file_uploader(
        "Google Trends CSV export", type=["csv"], key="p_trends_upload", max_upload_size=UPLOAD_LIMIT_MB,
        help="On trends.google.com: Explore → your terms → Interest over time → Download (CSV). Kept for this "
             "session only.")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        fetched = pop.read_export(data, registry_fws, upload.name, max_bytes=UPLOAD_LIMIT_MB * 1024 * 1024)
    except pop.TrendsCsvError as exc:
        st.error(f"{upload.name} was not imported: {exc}. Nothing was changed.", icon=":material/error:")
        return
    _keep(fetched.frame, fetched.provenance)
    terms = ", ".join(fetched.provenance["parameters"]["terms"])
    st.success(f"Imported {len(fetched.frame)} values for {terms} from {upload.name} (this session only).",
               icon=":material/check_circle:")
    for note in fetched.notes:
        st.caption(note)


def render_trends_live(registry_fws) -> None:
    """(b) the official API when a key is configured, (c) pytrends last."""
    key = _secret(TRENDS_KEY)
    cols = st.columns(2)
    official = cols[0].button("Fetch from the Google Trends API", key="p_trends_official", disabled=not key,
                              icon=":material/api:",
                              help="Google's official Trends API (alpha access, granted by Google on application)."
                              if key else "This server has no key for Google's official Trends API, so the button is "
                                          "off (see For maintainers below).")
    scraped = cols[1].button("Try pytrends (often refused)", key="p_trends_pytrends", icon=":material/travel_explore:",
                             help="Asks the Trends website's own endpoints through pytrends, once. Google refuses "
                                  "most such requests (HTTP 429) and may alter data for clients it takes for bots.")
    if not (official or scraped):
        return
    backend = "official" if official else "pytrends"
    with st.spinner("Asking Google Trends…"):
        try:
            frame, provenance = _fetch_trends(_frameworks(registry_fws), backend, key if official else None)
        except Exception as exc:  # a failed opt-in fetch is a sentence, never a traceback
            render_failure("Google Trends", "Importing the website's CSV export (above) works without it.", exc,
                           key="p_trends_fail")
            return
    _keep(frame, provenance)
    st.success("Fetched (this session only).", icon=":material/check_circle:")


def render_session_trends(registry_fws) -> None:
    """This session's Trends data as a chart whose caption says which way in produced it."""
    data = session_trends()
    if not data:
        return
    frame = data["frame"]
    fws = [fw for fw in registry_fws if fw.id in set(frame["framework"])]
    opts = pop.SeriesOptions(frameworks=[fw.id for fw in fws])
    prepared = pop.prepare_series(pop.series_frame(frame, "value", keep=["is_partial"]), opts)
    scale = "Search interest (0–100)" if set(frame["scale"]) == {"0-100"} else "Search interest (API scale)"
    plotly_chart(pop.make_series_figure(prepared, pop.styles_for(fws), opts, scale, partial="is_partial"),
                key="p_trends_session_chart")
    st.caption(data["caption"])


def render_trends_ways_in(registry_fws) -> None:
    """The three ways in for Google Trends, most reliable first, and this session's result if there is one."""
    st.markdown("**Google Trends: three ways in.** Values are relative to one request, so all terms must come "
                "from the same export or fetch.")
    render_trends_upload(registry_fws)
    render_trends_live(registry_fws)
    render_session_trends(registry_fws)
    render_for_maintainers(
        f"An upload or fetch here lasts for this session only. To save a snapshot for every visitor, run one of these "
        f"in the project folder; the official API needs the {TRENDS_KEY} secret (st.secrets or the environment). "
        "docs/popularity.md explains each way.",
        "python -m faceoff import trends multiTimeline.csv      # save an export as the snapshot\n"
        f"{TRENDS_KEY}=... python -m faceoff refresh trends --trends-backend official\n"
        "python -m faceoff refresh trends --trends-backend pytrends   # last resort", key="p_maint_trends")


@st.cache_resource(show_spinner=False)
def _archive_results() -> dict:
    """Results of the archive computation by pin, shared by every session for the server's lifetime. The
    computation itself runs outside the cache, so its progress bar is drawn live and a failure is never kept."""
    return {}


def _compute_archive(key: tuple, progress) -> tuple[pd.DataFrame, dict, list[str]]:
    revision, sha256, min_papers, known = key
    options = {"pwc_revision": revision, "pwc_sha256": sha256, "pwc_min_papers": min_papers,
               "pwc_known_labels": list(known)}
    ctx = pop.FetchContext(timeout=(5.0, 60.0), options=options, progress=progress)
    fetched = pop.PapersWithCode().fetch(ctx)
    return fetched.frame, fetched.provenance, list(fetched.notes)


def archive_key() -> tuple:
    opts = _live_options()
    return (opts.get("pwc_revision"), opts.get("pwc_sha256"), opts.get("pwc_min_papers"),
            tuple(opts.get("pwc_known_labels") or ()))


def render_pwc_archive_action() -> tuple[pd.DataFrame, dict] | None:
    """**Compute from the archive**: the share series from the archived links file (about 41 MB), with a progress
    bar; the result is kept for the server's lifetime. Returns ``(frame, provenance)`` once computed, else None."""
    state = st.session_state.setdefault("p_pwc_archive", {})
    if st.button("Compute from the archive", key="p_pwc_compute", icon=":material/calculate:",
                 help="Downloads the final Papers with Code links file from its Hugging Face archive (about 41 MB) "
                      "and computes the quarterly share. Kept for the server's lifetime."):
        bar = st.progress(0.0, text="Downloading the Papers with Code archive…")

        def progress(done: int, total: int | None) -> None:
            bar.progress(min(done / total, 1.0) if total else 0.0,
                         text=f"Downloading the Papers with Code archive… {done / 1e6:.1f} MB")

        key, results = archive_key(), _archive_results()
        try:
            if key not in results:
                results[key] = _compute_archive(key, progress)
            state["result"], state["error"] = results[key], None
        except Exception as exc:  # shown as a sentence naming the source, details for maintainers
            state["error"] = exc
        bar.empty()
    if state.get("error"):
        render_failure("The Papers with Code archive on Hugging Face", "The published figures below stay shown.",
                       state["error"], key="p_pwc_fail")
        return None
    if "result" not in state:
        return None
    frame, provenance, notes = state["result"]
    params = provenance["parameters"]
    st.caption(f"Computed from {params.get('download_url')} · commit {str(params.get('commit'))[:12]} · sha256 "
               f"{params['file_sha256'][:12]}… · kept for this server's lifetime")
    for note in notes:
        st.caption(note)
    return frame, provenance


@st.cache_data(ttl=3600, show_spinner=False)
def _count_now(source_name: str, frameworks: tuple, names: tuple) -> tuple[pd.DataFrame, dict]:
    source = {"hf-models": pop.HubModels(), "pwc-catalogue": pop.PwcCatalogue()}[source_name]
    option = "hf_libraries" if source_name == "hf-models" else "pwc_catalogue_names"
    ctx = pop.FetchContext(frameworks=_as_fws(frameworks), timeout=(3.0, 15.0), options={option: dict(names)})
    fetched = source.fetch(ctx)
    return fetched.frame, fetched.provenance


def render_pypi_monthly_status() -> None:
    """The ClickHouse monthly downloads: the newest complete month per package once fetched, else the command."""
    st.markdown("**PyPI downloads per calendar month (ClickHouse)**")
    loaded = load("popularity-pypi-monthly")  # a broken file gets an error panel that names it
    if loaded is None:
        return
    if loaded.value.empty:
        st.caption("Not fetched yet: monthly counts need a query to ClickHouse's public PyPI database, which this "
                   "server has not run.")
        render_for_maintainers(code="python -m faceoff refresh clickhouse   # every month of every package, one query",
                               key="p_maint_clickhouse")
        return
    frame = loaded.value.frame
    done = frame[frame["complete"]]
    latest = done[done["month"] == done["month"].max()] if len(done) else frame.iloc[0:0]
    st.dataframe(latest[["month", "package", "downloads", "source_url"]], hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn("Source")})
    st.caption(f"{loaded.rows} rows, {frame['month'].min()} to {frame['month'].max()}; the running month is marked "
               "incomplete in the CSV.")


def render_live_counts(registry_fws) -> None:
    """Dated counts (Hub models per library tag, paperswithcode.co papers per framework), saved or fetched now."""
    opts = _live_options(quiet=False)
    render_pypi_monthly_status()
    specs = (("hf-models", "popularity-hf-models", "models", "Hugging Face Hub models per library tag",
              "hf_libraries"),
             ("pwc-catalogue", "popularity-pwc-catalogue", "papers", "paperswithcode.co papers per framework",
              "pwc_catalogue_names"))
    for name, dataset_id, value, title, option in specs:
        st.markdown(f"**{title}**")
        loaded = load(dataset_id)  # a broken file gets an error panel that names it
        saved = loaded.value.frame if loaded is not None and not loaded.value.empty else None
        if saved is not None:
            st.dataframe(saved, hide_index=True, width="stretch")
        if st.button("Count now", key=f"p_count_{name}", icon=":material/cloud_download:",
                     help="Asks the site now (cached for an hour); the result is shown for this session only."):
            try:
                frame, provenance = _count_now(name, _frameworks(registry_fws), tuple((opts.get(option) or {}).items()))
                st.dataframe(frame[["date", "framework", value, "source_url"]], hide_index=True, width="stretch",
                             column_config={"source_url": st.column_config.LinkColumn("Source")})
                st.caption(provenance["method"])
            except Exception as exc:  # a failed count is a sentence naming the site
                render_failure(SITE_NAMES[name], "Nothing was counted; try again later.", exc,
                               key=f"p_count_fail_{name}")
        elif saved is None:
            st.caption("No saved count yet: press Count now to ask the site.")
            render_for_maintainers(code=f"python -m faceoff refresh {name}   # save a dated count for every visitor",
                                   key=f"p_maint_{name}")
