"""The MLPerf section: what submitted systems run on, per round, Training and Inference apart."""

from __future__ import annotations

import streamlit as st

from components.data import load, shared, stamp
from components.popularity.common import chart_source_note, provenance_caption, render_chart
from components.widgets import choice
from faceoff import popularity as pop

DIVISION_HELP = ("Closed: every submitter runs the same model under the same rules, the fair comparison. Open: "
                 "changed models allowed; open-division inference is swollen by model sweeps (one system per "
                 "variant).")


@st.fragment
def render_mlperf() -> None:
    """A fragment: its benchmark, division and count controls rerun only this chart."""
    st.subheader("MLPerf: what submitted systems run on", anchor="mlperf")
    loaded = load("popularity-mlperf")
    if loaded is None:
        return
    cols = st.columns([2, 2, 3])
    with cols[0]:
        benchmark = choice("Benchmark", pop.BENCHMARKS, key="p_bench", widget=st.radio, horizontal=True,
                           help="Training and Inference are never added together: inference 'frameworks' are "
                                "mostly serving runtimes such as TensorRT.")
    with cols[1]:
        division = choice("Division", pop.DIVISIONS, key="p_div", default="closed", help=DIVISION_HELP)
    with cols[2]:
        view = choice("Count", pop.VIEWS, key="p_mlview", widget=st.radio, horizontal=True,
                      help="One label per system (several frameworks = 'Several', none named = 'None named'), or "
                           "every framework a system names (a system naming two counts for both, so a round can "
                           "add up to more than 100 %).")
    snapshot = loaded.value

    def build():
        shares = pop.mlperf_shares(snapshot.frame, benchmark, division, view)
        if shares.empty:
            return None
        note = chart_source_note(snapshot, loaded, "MLCommons MLPerf results repositories")
        return shares, pop.make_mlperf_figure(shares, view, note), pop.read_mlperf(shares, benchmark, division, view)

    built = shared(("mlperf", benchmark, division, view, stamp("popularity-mlperf")), build)
    if built is None:
        st.info(f"No {pop.DIVISIONS[division].lower()} systems with results in MLPerf "
                f"{pop.BENCHMARKS[benchmark]}.", icon=":material/filter_alt_off:")
        return
    shares, fig, reading = built
    missing = " Inference v5.0 is missing (its results could not be read)." if benchmark == "inference" else ""
    caption = provenance_caption(snapshot, loaded, "unit = a system description file with a results folder, not a "
                                 "result; the framework text is normalised by documented rules (docs/mlperf.md), "
                                 "the raw text stays in the data; rounds without a found date say 'date n/a'."
                                 + missing)
    render_chart(fig, shares.drop(columns="axis"), "mlperf", caption, reading)
