"""The MLPerf section: what submitted systems run on, per round, Training and Inference apart."""

from __future__ import annotations

import streamlit as st

from components.data import load, shared, stamp
from components.format import lazy_expander
from components.popularity.common import chart_source_note, provenance_caption, render_chart
from components.widgets import choice
from faceoff import popularity as pop

MLPERF_TITLE = "MLPerf: what submitted systems run on"
DIVISION_HELP = ("Closed: every submitter runs the same model under the same rules, the fair comparison. Open: "
                 "changed models allowed; open-division inference is swollen by model sweeps (one system per "
                 "variant).")


def round_dates() -> dict | None:
    """Each round's date and its kind (None while the dates file does not load: the chart then says "no date")."""
    loaded = load("popularity-mlperf-round-dates", quiet=True)
    if loaded is None or loaded.value is None or loaded.value.empty:
        return None
    return shared(("mlperf-round-dates", stamp("popularity-mlperf-round-dates")),
                  lambda: pop.mlperf_round_dates(loaded.value.frame))


@st.fragment
def render_mlperf() -> None:
    """A fragment: its benchmark, division and count controls rerun only this chart."""
    st.header(MLPERF_TITLE, anchor="mlperf")
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
    dates = round_dates()
    dates_stamp = stamp("popularity-mlperf-round-dates") if dates is not None else None

    def build():
        shares = pop.mlperf_shares(snapshot.frame, benchmark, division, view, dates=dates)
        if shares.empty:
            return None
        note = chart_source_note(snapshot, loaded, "MLCommons MLPerf results repositories")
        return (shares, pop.make_mlperf_figure(shares, view, note), pop.read_mlperf(shares, benchmark, division, view),
                shares.drop(columns="axis"), dates_note(shares, dates))

    built = shared(("mlperf", benchmark, division, view, stamp("popularity-mlperf"), dates_stamp), build)
    if built is None:
        st.info(f"No {pop.DIVISIONS[division].lower()} systems with results in MLPerf "
                f"{pop.BENCHMARKS[benchmark]}.", icon=":material/filter_alt_off:")
        return
    shares, fig, reading, table, note = built
    missing = " Inference v5.0 is missing (its results could not be read)." if benchmark == "inference" else ""
    caption = provenance_caption(snapshot, loaded, "unit = a system description file with a results folder, not a "
                                 "result; the framework text is normalised by documented rules (docs/mlperf.md), "
                                 "the raw text stays in the data." + missing)
    render_chart(fig, table, "mlperf", caption, reading, note)
    render_round_dates(shares, benchmark, dates)


def dates_note(shares, dates: dict | None) -> str:
    """One sentence on what the dates under the bars are, with the counts of each kind in this chart."""
    if dates is None:
        return "Round dates could not be loaded (data/popularity/mlperf_round_dates.csv): rounds show no date."
    labels = shares.drop_duplicates("round")["date_label"]
    published = int(labels.str.startswith("results published").sum())
    commits = int(labels.str.startswith("results repository").sum())
    none = int((labels == "no date found").sum())
    parts = [f"{published} rounds dated by their publication (MLCommons press release or mlperf.org results page)"]
    if commits:
        parts.append(f"{commits} by the first commit of results to MLCommons' results repository (no dated "
                     "publication found; often days before it), marked 'first commit'")
    if none:
        parts.append(f"{none} with no date found")
    return "Dates under the bars: " + "; ".join(parts) + "."


def render_round_dates(shares, benchmark: str, dates: dict | None) -> None:
    """Every round's date, its kind and its source, one click away."""
    if dates is None:
        return
    box = lazy_expander(f"Round dates and their sources ({pop.BENCHMARKS[benchmark]})", key="p_exp_round_dates")
    if box is None:
        return
    rows = []
    for version in dict.fromkeys(shares["version"]):
        found = dates.get((benchmark, version))
        rows.append({"Round": f"{pop.BENCHMARKS[benchmark]} {version}",
                     "Date": found.label if found else "no date found",
                     "Source": found.source_url if found and found.source_url else None,
                     "Note": found.note if found else "not in the round dates file"})
    box.dataframe(rows, hide_index=True, width="stretch",
                  column_config={"Source": st.column_config.LinkColumn(), "Note": st.column_config.TextColumn(
                      width="large")})
