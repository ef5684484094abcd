"""The published-studies half of the Benchmarks page: one study at a time, compared only within it."""

from __future__ import annotations

import streamlit as st

from components.charts import plotly_chart
from components.format import lazy_expander
from components.widgets import choice, choices
from faceoff.bench import (
    FRAMEWORK_LABELS,
    FRAMEWORKS,
    Published,
    make_published_figure,
    published_metric_id,
    published_rows,
)

ANY = "any"


def metric_label(metric_id: str) -> str:
    metric, unit = metric_id.split("|", 1)
    return f"{metric.replace('_', ' ')} [{unit}]"


@st.fragment
def render_published(pub: Published, study: str) -> None:
    """The study's filters and chart rerun on their own (a fragment)."""
    source = pub.source(study) or {}
    rows = published_rows(pub, study)
    metric_ids = list(dict.fromkeys(published_metric_id(m, u) for m, u in zip(rows["metric"], rows["unit"],
                                                                               strict=True)))
    row = st.columns([1.2, 3, 2.4, 1.6, 3])
    with row[0]:
        device = choice("Device", {ANY: "Any device", **{d: d.upper() for d in sorted(set(rows["device"]))}},
                        key="b_pdev")
    with row[1]:
        workload = choice("Workload", {ANY: "Any workload", **{w: w for w in dict.fromkeys(rows["workload"])}},
                          key="b_pwl")
    with row[2]:
        frameworks = choices("Frameworks", {f: FRAMEWORK_LABELS[f] for f in FRAMEWORKS}, key="b_pfw",
                             default=list(FRAMEWORKS))
    with row[3]:
        modes = {m: m.replace("-", " ").capitalize() for m in sorted(set(rows["mode"]))}
        mode = choice("Mode", {ANY: "Any mode", **modes}, key="b_pmode",
                      help="As published: the study's default execution (not stated as eager or compiled)")
    with row[4]:
        metric = choice("Metric [unit]", {m: metric_label(m) for m in metric_ids}, key="b_pmetric",
                        help="Published numbers are compared only within one study, metric and unit.")
    if source.get("superseded_by"):
        st.warning(f"This study revision is superseded by {source['superseded_by']}: shown for the record only.",
                   icon=":material/history:")
    shown = published_rows(pub, study, metric, None if workload == ANY else workload,
                           frameworks or list(FRAMEWORKS), None if device == ANY else device)
    if mode != ANY:
        shown = shown[shown["mode"] == mode]
    if shown.empty:
        st.info("No published number matches these filters.", icon=":material/filter_alt_off:")
    else:
        plotly_chart(make_published_figure(shown), key="b_chart_pub")
        st.dataframe(shown[["workload", "framework", "mode", "value", "unit", "device", "hardware", "era",
                            "notes"]], hide_index=True)
    render_citation(source)


def render_citation(source: dict) -> None:
    if not source:
        return
    st.markdown("**Source**")
    # Citations come from our own data file (sources.csv), never from user input.
    st.markdown(f"{source['authors']} ({source['year']}). *{source['title']}*. {source['venue']}.")
    st.code(source["url_or_repo_path"], language=None, wrap_lines=True)


def render_sources_table(pub: Published) -> None:
    box = lazy_expander("All published sources (including identified-only and method references)", key="b_exp_sources")
    if box is not None:
        box.dataframe(pub.sources, hide_index=True)
