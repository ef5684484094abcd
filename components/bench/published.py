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
    metric_words,
    published_metric_id,
    published_rows,
)

ANY = "any"
DEVICE_WORDS = {"cpu": "CPU", "gpu": "GPU", "tpu": "TPU", "not stated": "Not stated"}


def study_table(rows, source: dict):
    """A study's rows with labels, not ids; the CSV adds where in the source each number stands."""
    out = rows.assign(
        mode=rows["mode"].map(lambda m: m.replace("-", " ")),
        hardware=[f"{h} ×{c}" if c else h for h, c in zip(rows["hardware"], rows["accelerator_count"], strict=True)],
        source=source.get("title", ""))
    return out[["model", "variant", "value", "unit", "precision", "batch_or_seq", "hardware", "year", "source", "url",
                "location_in_source", "notes"]].rename(columns={
        "model": "Model or workload", "variant": "Framework (variant)", "value": "Value", "unit": "Unit",
        "precision": "Precision", "batch_or_seq": "Batch / sequence", "hardware": "Hardware", "year": "Year",
        "source": "Source", "url": "Source address", "location_in_source": "Location in source", "notes": "Notes"})


def metric_label(metric_id: str) -> str:
    metric, unit = metric_id.split("|", 1)
    return f"{metric_words(metric)} [{unit}]"


@st.fragment
def render_published(pub: Published, study: str) -> None:
    """The study's filters and chart rerun on their own (a fragment)."""
    source = pub.source(study) or {}
    rows = published_rows(pub, study)
    metric_ids = list(dict.fromkeys(published_metric_id(m, u) for m, u in zip(rows["metric"], rows["unit"],
                                                                               strict=True)))
    row = st.columns([1.7, 3, 1.7, 3])
    with row[0]:
        devices = {d: DEVICE_WORDS.get(d, d) for d in sorted(set(rows["device"]))}
        device = choice("Device", {ANY: "Any device", **devices}, key="b_pdev")
    with row[1]:
        workload = choice("Model or workload", {ANY: "Any", **{w: w for w in dict.fromkeys(rows["model"])}},
                          key="b_pwl")
    with row[2]:
        modes = {m: m.replace("-", " ").capitalize() for m in sorted(set(rows["mode"]))}
        mode = choice("Mode", {ANY: "Any mode", **modes}, key="b_pmode",
                      help="As published: the study's default execution (not stated as eager or compiled)")
    with row[3]:
        metric = choice("Metric [unit]", {m: metric_label(m) for m in metric_ids}, key="b_pmetric",
                        help="Published numbers are compared only within one study, metric and unit.")
    present = [f for f in FRAMEWORKS if f in set(rows["framework_id"])]
    frameworks = choices("Frameworks", {f: FRAMEWORK_LABELS[f] for f in present}, key="b_pfw", default=present,
                         widget=st.pills, selection_mode="multi")
    if source.get("superseded_by"):
        st.warning(f"This study revision is superseded by {source['superseded_by']}: shown for the record only.",
                   icon=":material/history:")
    shown = published_rows(pub, study, metric, None, frameworks or list(FRAMEWORKS), None if device == ANY else device)
    if workload != ANY:
        shown = shown[shown["model"] == workload]
    if mode != ANY:
        shown = shown[shown["mode"] == mode]
    if shown.empty:
        st.info("No published number matches these filters.", icon=":material/filter_alt_off:")
    else:
        plotly_chart(make_published_figure(shown), key="b_chart_pub")
        table = study_table(shown, source)
        shown_cols = [c for c in ("Model or workload", "Framework (variant)", "Value", "Unit", "Precision",
                                  "Batch / sequence", "Hardware") if table[c].astype(bool).any()]
        st.dataframe(table[shown_cols].assign(Hardware=table["Hardware"].str.split(";").str[0]), hide_index=True,
                     width="stretch")
        st.download_button("Download these numbers (CSV, with each row's source)",
                           data=lambda: table.to_csv(index=False).encode("utf-8"),
                           file_name=f"faceoff-published-{study}.csv", mime="text/csv", key="b_csv_pub",
                           icon=":material/download:")
        if source.get("caveat"):
            st.caption(f"Read with care: {source['caveat']}")
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
