"""The Benchmarks page: an answer per workload family first, the comparisons behind it, then one study or Faceoff's
own runs (with session-only uploads) to explore; every choice in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.bench.answers import (
    EXPLORE,
    VIEW_LABELS,
    build_family_view,
    default_view,
    render_answers,
    render_family_evidence,
)
from components.bench.measured import render_measured
from components.bench.published import render_published, render_sources_table
from components.bench.uploads import render_uploads
from components.data import as_of_caption, load, shared, stamp
from components.reached import section_when_reached
from components.share import render_share_link
from components.widgets import choice
from faceoff.bench import (
    MEASURED,
    MLPERF_DATES,
    WORKLOADS,
    benchmark_answers,
    evidence_frame,
    mlperf_round_dates,
    mlperf_table,
    results_frame,
)
from faceoff.errors import DataFileError
from faceoff.registry import load_registry

MLPERF_LOADER = "faceoff.bench:load_mlperf_results"
# the controls of the evidence below the answers (components/bench/answers.py, measured.py, published.py)
EVIDENCE_KEYS = ("b_view", "b_src", "b_metric", "b_dev", "b_wl", "b_fw", "b_mode", "b_pdev", "b_pwl", "b_pmode",
                 "b_pmetric", "b_pfw", "b_env_pick")

SHARED_MACHINE_NOTE = (
    "The stored results ran on this project's 2-core CPU machine, one thread per framework. Each run records the "
    "machine's load average at its start: runs started while it exceeded the core count are marked busy, shown "
    "with a note and not counted in the answers above. They describe small models on one CPU core: read them as "
    "relative evidence, not as GPU speeds; p10–p90 bars show the spread."
)


def source_labels(published_loaded) -> dict[str, str]:
    labels = {}
    if published_loaded:
        pub = published_loaded.value
        on_cpu = set(pub.rows.loc[pub.rows["device"] == "cpu", "source_id"]) - set(
            pub.rows.loc[pub.rows["device"] != "cpu", "source_id"])
        # Newest first, accelerator studies before CPU-only ones of the same year.
        rank = {s: (str((pub.source(s) or {}).get("year", "")), s not in on_cpu) for s in pub.studies()}
        for study in sorted(pub.studies(), key=rank.__getitem__, reverse=True):
            src = pub.source(study) or {}
            labels[study] = f"{src.get('title', study)} ({src.get('year', '?')})"
    return labels


def mlperf_dataset_id() -> str | None:
    """The registered MLPerf results dataset (imported by ``bench import-mlperf``), if this data folder has one."""
    try:
        return next((e.id for e in load_registry() if e.loader == MLPERF_LOADER), None)
    except (DataFileError, OSError):  # a broken registry is reported by the Sources page; here it means "none"
        return None


def safe_stamp(*dataset_ids: str) -> tuple:
    """The datasets' fingerprints; a registry without them (its error is already on the page) stamps as missing."""
    out: list = []
    for dataset_id in dataset_ids:
        try:
            out.extend(stamp(dataset_id))
        except (DataFileError, KeyError):
            out.append(f"{dataset_id}:unavailable")
    return tuple(out)


def build_answers(published_loaded, mlperf_loaded, measured_loaded, systems_loaded=None) -> tuple:
    """The answers and the evidence frame behind them (pure work, shared by every session per data version)."""
    pub = published_loaded.value if published_loaded else None
    as_of = published_loaded.as_of.isoformat() if published_loaded and published_loaded.as_of else None
    measured = results_frame(measured_loaded.value.results) if measured_loaded else None
    titles = {k: w.title for k, w in WORKLOADS.items()}
    mlperf = mlperf_table(mlperf_loaded)
    dates = mlperf_round_dates(getattr(systems_loaded.value, "frame", None)) if systems_loaded else None
    evidence = evidence_frame(pub, as_of, mlperf, measured, titles, dates)
    return benchmark_answers(pub, as_of, mlperf, measured, titles, dates), evidence


def render_benchmarks_page() -> None:
    measured_loaded = load("benchmarks-measured")
    published_loaded = load("benchmarks-published")
    mlperf_id = mlperf_dataset_id()
    mlperf_loaded = load(mlperf_id) if mlperf_id else None
    systems_loaded = load(MLPERF_DATES, quiet=True) if mlperf_loaded else None
    keys = safe_stamp("benchmarks-measured", "benchmarks-published",
                      *([mlperf_id, MLPERF_DATES] if mlperf_id else []))
    answers, evidence = shared(("bench-answers", keys),
                               lambda: build_answers(published_loaded, mlperf_loaded, measured_loaded, systems_loaded))
    top = st.columns([4, 1.3], vertical_alignment="bottom")
    with top[0]:
        st.subheader("Which framework is faster? What the stored evidence says")
    with top[1]:
        render_share_link()
    mlperf_state = ("MLPerf results are included." if mlperf_table(mlperf_loaded) is not None
                    else "MLPerf results are not imported yet, so they are not part of these answers.")
    render_answers(answers, mlperf_state)
    # below the answers: drawn when reached, or at once when a link or an answer's button chose what it shows
    with section_when_reached("b_sec_evidence", 900, EVIDENCE_KEYS,
                              "The comparisons behind these answers, and the studies to explore, are drawn when "
                              "they scroll into view.") as now:
        if now:
            render_evidence(evidence, keys, measured_loaded, published_loaded)
    if published_loaded:
        render_sources_table(published_loaded.value)


@st.fragment
def render_evidence(evidence: pd.DataFrame, keys: tuple, measured_loaded, published_loaded) -> None:
    """The view picker and what it shows: a fragment, so switching views does not redraw the answers or sidebar."""
    view = choice("Show the evidence for", VIEW_LABELS, key="b_view", default=default_view(), widget=st.radio,
                  horizontal=True)
    if view == EXPLORE:
        render_explorer(measured_loaded, published_loaded)
    else:
        figure, table = shared(("bench-family", keys, view), lambda: build_family_view(evidence, view))
        render_family_evidence(view, evidence, figure, table)


def render_explorer(measured_loaded, published_loaded) -> None:
    """One published study or Faceoff's own measurements, with their filters (the page's earlier main view)."""
    studies = shared(("bench-source-labels", stamp("benchmarks-published")),
                     lambda: source_labels(published_loaded)) if published_loaded else {}
    options = ({MEASURED: "Faceoff's own measurements"} if measured_loaded else {}) | studies
    if not options:
        return
    measured_link = any(k in st.query_params for k in ("b_wl", "b_fw", "b_mode", "b_dev", "b_metric"))
    first = MEASURED if measured_link or not studies else next(iter(studies))
    source = choice("Source", options, key="b_src", default=first,
                    help="Faceoff's own harness on this project's machine, or a published study (see the sources "
                         "list at the bottom)")
    if source == MEASURED:
        st.caption(as_of_caption(measured_loaded, "Faceoff harness runs"))
        st.info(SHARED_MACHINE_NOTE, icon=":material/info:")
        uploads = render_uploads()
        render_measured(measured_loaded.value, uploads)
    else:
        detail = published_loaded.detail
        st.caption(f"{published_loaded.rows} published numbers · {detail['studies']} studies from "
                   f"{detail['years']} · {detail['citations']} citations · compare only within one study")
        render_published(published_loaded.value, source)
