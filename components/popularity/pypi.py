"""The PyPI downloads section: framework totals from data, a package picker, method breaks, the crossing reading."""

from __future__ import annotations

import streamlit as st

from components.data import load, shared, stamp
from components.format import lazy_expander
from components.popularity.common import (
    apply_breaks,
    chart_source_note,
    load_breaks,
    provenance_caption,
    render_chart,
)
from components.widgets import choice, choices
from faceoff import popularity as pop

TOTAL_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
NOT_COUNTED = ("Installs from PyTorch's own package index (download.pytorch.org, used by pytorch.org's CUDA and "
               "CPU-only install commands), from conda and from private mirrors never reach PyPI's statistics: "
               "PyTorch is undercounted throughout, by an amount no public figure shows.")

PYPI_TITLE = "PyPI downloads, 2018 → 2026"


def _names_and_colors(spec, styles: dict) -> tuple[dict[str, str], dict[str, str]]:
    names, colors = {}, {}
    for total in spec.totals if spec else []:
        key = pop.TOTAL_PREFIX + total.framework
        style = styles.get(total.framework)
        base = style.name if style else TOTAL_NAMES.get(total.framework, total.framework)
        names[key] = f"{base} total"
        if style:
            colors[key] = style.color
    for info in spec.packages if spec else []:
        names.setdefault(info.package, info.label)
    return names, colors


@st.fragment
def render_pypi(opts: dict, styles: dict) -> None:
    """A fragment: its package picker and measure rerun only this chart."""
    st.header(PYPI_TITLE, anchor="pypi-downloads")
    loaded = load("popularity-pypi-top")
    spec_loaded = load("popularity-pypi-frameworks")
    if loaded is None:
        return
    spec = spec_loaded.value if spec_loaded else None
    rows_all = shared(("pypi-rows", stamp("popularity-pypi-top")), lambda: pop.snapshot_rows(loaded.value.frame))
    names, colors = _names_and_colors(spec, styles)
    packages = shared(("pypi-packages", stamp("popularity-pypi-top", "popularity-pypi-frameworks")),
                      lambda: sorted(set(rows_all["package"]), key=lambda p: (names.get(p) or p).lower()))
    cols = st.columns([4, 3])
    with cols[0]:
        picked = choices("Add packages", {p: names.get(p, p) for p in packages}, key="p_pkg", default=[],
                         placeholder="Framework totals only",
                         help="Single packages beside the framework totals: Keras, Flax, Lightning, Transformers, "
                              "ONNX Runtime, … A package's own line is never added to a total.")
    with cols[1]:
        measure = choice("Measure", pop.MEASURE_LABELS, key="p_measure", widget=st.radio,
                         help="The counts as published, or divided by the length of each snapshot's window "
                              "(windows ran 22 to 31 days).")
    frameworks = [f for f in opts["frameworks"] if spec is not None and spec.total_of(f) is not None]
    snapshot = loaded.value
    breaks = load_breaks()

    def build():
        long = pop.pypi_long(rows_all, spec, frameworks, picked, opts["start_year"], opts["end_year"])
        if long.empty:
            return None
        shown_packages = sorted({p for parts in long["parts"] for p in parts.split(" + ")})
        fig = pop.make_pypi_figure(long, names, colors, measure, opts["scale"],
                                   source_note=chart_source_note(snapshot, loaded, "hugovk/top-pypi-packages (PyPI)"),
                                   dates=sorted(set(rows_all["date"])))
        notes = apply_breaks(fig, "pypi-downloads", long["date"].min(), long["date"].max(), shown_packages,
                             breaks=breaks)
        short = {pop.TOTAL_PREFIX + f: f"{styles[f].name if f in styles else f}'s total" for f in frameworks}
        reading = pop.read_pypi(long, {**names, **short}, measure)
        plotted = long.assign(label=long["series"].map(lambda s: names.get(s, s)), date=long["date"].dt.date)
        return fig, notes, reading, plotted[["label", *[c for c in plotted.columns if c != "label"]]]

    key = ("pypi-chart", stamp("popularity-pypi-top", "popularity-pypi-frameworks", "popularity-breaks",
                               "frameworks"), tuple(frameworks), tuple(picked), measure, opts["scale"],
           opts["start_year"], opts["end_year"])
    built = shared(key, build)
    if built is None:
        st.info("No PyPI downloads for these frameworks, packages and years.", icon=":material/filter_alt_off:")
        return
    fig, notes, reading, plotted = built
    caption = provenance_caption(snapshot, loaded, "each point counts the downloads in the window before its "
                                 "snapshot (hover for the window, installer filter and backend); totals add only "
                                 "alternative builds, never a package that installs with another (which and why: "
                                 "below the chart)")
    st.caption(f":material/info: {NOT_COUNTED}")
    render_chart(fig, plotted, "pypi-downloads", caption, reading, notes)
    box = lazy_expander("Which packages count towards each framework's total, and why", key="p_exp_totals") \
        if spec is not None else None
    if box is not None and spec is not None:
        with box:
            for total in spec.totals:
                if total.framework in frameworks:
                    st.markdown(f"**{names.get(pop.TOTAL_PREFIX + total.framework)}**: {total.note}")
            left_out = [p for p in spec.packages if not any(p.package in t.packages for t in spec.totals)]
            st.dataframe([{"Package": p.label, "Why it is not added": p.reason,
                           "Evidence": p.evidence[0].url if p.evidence else ""} for p in left_out],
                         hide_index=True, width="stretch",
                         column_config={"Evidence": st.column_config.LinkColumn("Evidence")})
