"""The Benchmarks page: measured results (with session-only uploads) and published studies, filters in the URL."""

from __future__ import annotations

import streamlit as st

from components.bench.measured import render_measured
from components.bench.published import render_published, render_sources_table
from components.bench.uploads import render_uploads
from components.data import as_of_caption, load, shared, stamp
from components.share import render_share_link
from components.widgets import choice
from faceoff.bench import MEASURED

SHARED_MACHINE_NOTE = (
    "The stored results ran on this project's 2-core CPU machine, one thread per framework, while it was otherwise "
    "idle (each run's load average is in its environment). They describe small models on one CPU core: read them as "
    "relative evidence, not as GPU speeds; p10–p90 bars show the spread."
)


def source_labels(published_loaded) -> dict[str, str]:
    labels = {}
    if published_loaded:
        pub = published_loaded.value
        for study in pub.studies():
            src = pub.source(study) or {}
            labels[study] = f"{src.get('title', study)} ({src.get('year', '?')})"
    return labels


def render_benchmarks_page() -> None:
    measured_loaded = load("benchmarks-measured")
    published_loaded = load("benchmarks-published")
    studies = shared(("bench-source-labels", stamp("benchmarks-published")),
                     lambda: source_labels(published_loaded)) if published_loaded else {}
    options = ({MEASURED: "Faceoff's own measurements"} if measured_loaded else {}) | studies
    if not options:
        return
    top = st.columns([4, 1.3])
    with top[0]:
        source = choice("Source", options, key="b_src",
                        help="Faceoff's own harness on this project's machine, or a published study (see the sources "
                             "list at the bottom)")
    with top[1]:
        render_share_link()
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
    if published_loaded:
        render_sources_table(published_loaded.value)
