"""The Benchmarks page's first screen: one computed answer per workload family, and the comparisons behind each."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import plotly_chart
from faceoff.bench import FAMILIES, FRAMEWORK_NAMES, RANK_RULE, BenchAnswer, make_comparison_figure, short_title

EXPLORE = "explore"
VIEW_LABELS = {**FAMILIES, EXPLORE: "One study or Faceoff's own runs"}
# Parameters of the explorer: a link that carries one of them (made before the answers existed) opens the explorer.
EXPLORER_KEYS = ("b_src", "b_wl", "b_fw", "b_mode", "b_dev", "b_metric", "b_pwl", "b_pfw", "b_pmetric", "b_pdev",
                 "b_pmode")
CSV_COLUMNS = {
    "source": "Source", "year": "Year", "hardware": "Hardware", "model": "Model or workload", "setting": "Setting",
    "metric_unit": "Metric (unit)", "fastest_variant": "Faster", "fastest_value": "Its value",
    "runner_up_variant": "Compared with", "runner_up_value": "Its value ", "ratio": "Times as fast", "url": "Address",
}


def _value(value, unit: str) -> str:
    return "" if value is None or pd.isna(value) else f" ({float(value):.4g} {unit})"


def comparison_line(r: dict) -> str:
    """One comparison as a list item: model and hardware, the faster variant and value, the other, the ratio, source."""
    unit = str(r["Metric (unit)"]).rsplit(" (", 1)[-1].rstrip(")")
    link = f"[{r['Source']}]({r['Address']})" if str(r["Address"]).startswith("http") else r["Source"]
    setting = f", {r['Setting']}" if r["Setting"] else ""
    faster, other = _value(r["Its value"], unit), _value(r["Its value "], unit)
    return (f"- **{r['Model or workload']}** on {r['Hardware']}{setting}: {r['Faster']}{faster} was "
            f"**{r['Times as fast']:.2f}×** as fast as {r['Compared with']}{other} · {link}")


def default_view() -> str:
    return EXPLORE if any(k in st.query_params for k in EXPLORER_KEYS) else next(iter(FAMILIES))


def _show(family: str) -> None:
    st.session_state["b_view"] = family


def render_answers(answers: list[BenchAnswer], mlperf_state: str) -> None:
    """Each family's sentence, its strength and source, and a button that shows the comparisons behind it."""
    for a in answers:
        label, _, rest = a.sentence.partition(": ")
        st.markdown(f"**{label}:** {rest}")
        source = f"[{short_title(a.source_title)}]({a.source_url})" if a.source_url.startswith("http") else \
            (a.source_title or "no source")
        cols = st.columns([5, 1.6], vertical_alignment="center")
        cols[0].caption(f"Evidence: {a.strength} Source: {source} · data as of {a.as_of or 'n/a'}")
        if a.comparisons:
            cols[1].button(f"{a.comparisons} comparison{'s' if a.comparisons != 1 else ''} behind it",
                           key=f"b_go_{a.family}", on_click=_show, args=(a.family,), type="tertiary",
                           icon=":material/table_rows:")
    st.caption(f"How these are computed: each framework's fastest variant on the same model, hardware and metric "
               f"within one source (an MLPerf round counts only the same round, benchmark, scenario, division, "
               f"accelerator model and count; everything else is \"hardware differs\" and never compared). The "
               f"source that leads an answer is the first by these rules: {'; then '.join(RANK_RULE)}; the others "
               f"count as further evidence. Faceoff's own runs count only when the machine was not busy. "
               f"{mlperf_state}")


def family_table(evidence: pd.DataFrame) -> pd.DataFrame:
    """The comparisons of one family as a readable table (labels, not ids), newest first; also the CSV export."""
    if evidence.empty:
        return pd.DataFrame(columns=list(CSV_COLUMNS.values()))
    ev = evidence.sort_values(["year", "source"], ascending=[False, True])
    ev = ev.assign(metric_unit=ev["metric"].astype(str) + " (" + ev["unit"].astype(str) + ")",
                   hardware=ev["hardware"].astype(str).str.split(";").str[0],
                   fastest_variant=[v or FRAMEWORK_NAMES.get(f, f) for v, f in zip(ev["fastest_variant"],
                                                                                    ev["fastest"], strict=True)],
                   ratio=ev["ratio"].astype(float).round(3),
                   source=[f"{short_title(s)} ({y})" for s, y in zip(ev["source"], ev["year"], strict=True)])
    return ev[list(CSV_COLUMNS)].rename(columns=CSV_COLUMNS)


def render_family_evidence(family: str, evidence: pd.DataFrame, figure, table: pd.DataFrame) -> None:
    """The comparisons behind one family's answer: the lead of each (a chart), then every row with its source."""
    part = evidence[evidence["family"] == family]
    st.subheader(f"Behind the answer: {FAMILIES[family]}")
    if part.empty:
        st.info("No stored source compares frameworks, or compiled and eager runs, on the same model and hardware "
                "for this family yet.", icon=":material/info:")
        return
    matched = part[part["matched"].astype(bool)]
    st.caption(f"{len(table)} like-for-like comparison(s) from {matched['source'].nunique()} source(s): every bar "
               "compares numbers measured on the same model and hardware within one source, never across sources. "
               "Longer bars mean a bigger lead; 0 % means a tie.")
    if figure is not None:
        plotly_chart(figure, key=f"b_chart_family_{family}")
    # A wrapped list rather than a wide table: every field stays readable at 390 px without sideways scrolling.
    st.markdown("\n".join(comparison_line(r) for r in table.to_dict("records")))
    st.download_button("Download these comparisons (CSV, with each row's source)", data=lambda: table.to_csv(
        index=False).encode("utf-8"), file_name=f"faceoff-benchmarks-{family}.csv", mime="text/csv",
        key=f"b_csv_{family}", icon=":material/download:")
    unmatched = part[~part["matched"].astype(bool)]
    for _, claim in unmatched.iterrows():
        st.caption(f"Not counted: {claim['source']} ({claim['year']}) reports {claim['fastest_variant']} "
                   f"about {claim['ratio']:.2f}× as fast as {claim['runner_up_variant']}, but states no model or "
                   "hardware generation to match.")


def build_family_view(evidence: pd.DataFrame, family: str) -> tuple:
    """The figure and table of one family (pure work, cached by the page)."""
    part = evidence[(evidence["family"] == family) & evidence["matched"].astype(bool)]
    # A study's two metrics of one run (e.g. time to accuracy and total time) are one comparison, as in the answers.
    part = part.drop_duplicates(["source_id", "model", "hardware", "setting", "fastest", "runner_up"])
    figure = make_comparison_figure(part) if not part.empty else None
    return figure, family_table(part)
