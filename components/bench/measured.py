"""The measured half of the Benchmarks page: URL-bound filters and charts in a fragment, built once per view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.bench.environments import render_environments, render_gate, shown_keys
from components.bench.lm import build_lm_view, lm_frames, render_busy_note, render_lm
from components.charts import plotly_chart
from components.data import shared, stamp
from components.widgets import choice, choices
from faceoff.bench import (
    FRAMEWORK_LABELS,
    FRAMEWORK_NAMES,
    FRAMEWORKS,
    MEASURED,
    METRICS,
    MODES,
    WORKLOADS,
    BenchResult,
    Measured,
    accuracy_frame,
    aggregate,
    make_accuracy_figure,
    make_bars_figure,
    make_memory_figure,
    make_step_distribution_figure,
    results_frame,
    speedup_frame,
    step_summary,
    steps_frame,
)

DEVICE_LABELS = {"cpu": "CPU", "gpu": "GPU"}
MODE_LABELS = {"eager": "Eager", "compiled": "Compiled"}
METRIC_LABELS = {k: f"{label} ({unit})" for k, (label, unit, _) in METRICS.items()}
MEMORY_TITLE = "**Peak memory over the workload's start** (median, p10–p90 over repeats)"


def render_measured_filters(workloads: list[str]) -> dict:
    row = st.columns([1, 3])
    with row[0]:
        device = choice("Device", DEVICE_LABELS, key="b_dev")
    with row[1]:
        workload = choice("Workload", {w: WORKLOADS[w].title for w in workloads}, key="b_wl",
                          help="; ".join(f"{WORKLOADS[w].title}: {WORKLOADS[w].description}" for w in workloads))
    # Pills wrap instead of cutting off their chips (a multiselect in a narrow column hid "JAX" and "Compiled").
    pills = st.columns(2)
    with pills[0]:
        frameworks = choices("Frameworks", {f: FRAMEWORK_LABELS[f] for f in FRAMEWORKS}, key="b_fw",
                             default=list(FRAMEWORKS), widget=st.pills, selection_mode="multi")
    with pills[1]:
        modes = choices("Modes", {m: MODE_LABELS[m] for m in MODES}, key="b_mode", default=list(MODES),
                        widget=st.pills, selection_mode="multi")
    return {"device": device, "workload": workload, "frameworks": tuple(frameworks or FRAMEWORKS),
            "modes": tuple(modes or MODES)}


def _filter(frame: pd.DataFrame, opts: dict, workload: bool = True) -> pd.DataFrame:
    if frame.empty:
        return frame
    mask = (frame["device"] == opts["device"]) & frame["framework"].isin(opts["frameworks"]) \
        & frame["mode"].isin(opts["modes"])
    if workload:
        mask &= frame["workload"] == opts["workload"]
    return frame[mask]


def measured_frames(results: list[BenchResult], uploads: list[tuple[str, BenchResult]]):
    """Results, per-step times and per-epoch accuracy as frames, stored results first, then the session's uploads."""
    frame = pd.concat([results_frame(results)] + [results_frame([r], o) for o, r in uploads], ignore_index=True)
    steps = pd.concat([steps_frame(results)] + [steps_frame([r], o) for o, r in uploads], ignore_index=True)
    acc = pd.concat([accuracy_frame(results)] + [accuracy_frame([r], o) for o, r in uploads], ignore_index=True)
    return frame, steps, acc


def build_bars(frames: tuple, opts: dict, metric: str):
    """The metric's bars for one choice of filters, or ``None`` when the metric does not apply to the workload."""
    frame, steps, _ = frames
    view = _filter(frame, opts)
    if view.empty:
        return None
    unit = view["throughput_unit"].iloc[0] if metric == "throughput" else None
    agg = aggregate(view, _filter(steps, opts), metric)
    return None if agg.empty else make_bars_figure(agg, metric, unit)


def build_view(frames: tuple, opts: dict) -> dict:
    """Everything else the measured section shows for one choice of filters: figures and tables."""
    frame, steps, acc = frames
    view = _filter(frame, opts)
    out: dict = {"view": view}
    if view.empty:
        return out
    view_steps = _filter(steps, opts)
    out["steps"] = make_step_distribution_figure(step_summary(view_steps))
    kind = WORKLOADS[opts["workload"]].kind
    out["accuracy"] = make_accuracy_figure(_filter(acc, opts)) if kind == "train-epochs" else None
    out["memory"] = make_memory_figure(aggregate(view, view_steps, "peak_memory"))
    table = speedup_frame(_filter(frame, {**opts, "modes": MODES}, workload=False))
    out["speedups"] = table.assign(
        framework=table["framework"].map(FRAMEWORK_NAMES),
        workload=table["workload"].map(lambda w: WORKLOADS[w].title if w in WORKLOADS else w),
        origin=table["origin"].map(lambda o: "Faceoff (stored)" if o == MEASURED else f"Your {o}"),
        device=table["device"].map(DEVICE_LABELS))
    out["runs"] = shown_keys(view)
    return out


def _cached(uploads: list, name: str, opts: dict, build, *extra):
    """``build()``, shared across sessions per data version and options unless this session uploaded files."""
    if uploads:  # a session's uploads are never shared or cached
        return build()
    return shared((name, stamp("benchmarks-measured"), tuple(sorted(opts.items())), *extra), build)


@st.fragment
def render_bars(frames: tuple, opts: dict, uploads: list[tuple[str, BenchResult]]) -> None:
    """The metric picker and its bars: a fragment inside the measured section, so a metric change reruns only this."""
    metric = choice("Metric", METRIC_LABELS, key="b_metric", default="step_time")
    bars = _cached(uploads, "bench-bars", opts, lambda: build_bars(frames, opts, metric), metric)
    if bars is None:
        st.info(f"{METRICS[metric][0]} does not apply to this workload (e.g. accuracy of a micro-benchmark).",
                icon=":material/info:")
    else:
        plotly_chart(bars, key="b_chart_bars")


@st.fragment
def render_measured(measured: Measured, uploads: list[tuple[str, BenchResult]]) -> None:
    """Filters and charts rerun on their own (a fragment): changing a filter does not rerun the page or sidebar."""
    results = list(measured.results)
    frames = _cached(uploads, "bench-frames", {}, lambda: measured_frames(results, uploads))
    workloads = [w for w in WORKLOADS if w in set(frames[0]["workload"])]
    opts = render_measured_filters(workloads)
    built = _cached(uploads, "bench-view", opts, lambda: build_view(frames, opts))
    wl = WORKLOADS[opts["workload"]]
    st.markdown(f"**{wl.title}** · {wl.description}")
    st.caption(f"Data: {wl.dataset}. Same architecture, initial weights, batches, optimizer and float32 dtype in "
               "every framework; warm-up steps excluded; every step timed after a device sync.")
    if "token" in str(built["view"]["throughput_unit"].iloc[0] if not built["view"].empty else "").lower():
        st.warning("A small language model on one CPU core of this project's machine: these tokens/s compare the "
                   "three frameworks' own overheads on identical work, and say nothing about GPU-scale LLM training "
                   "or serving (see the answers above for published accelerator results).",
                   icon=":material/memory:")
    if built["view"].empty:
        st.info("No result matches these filters: pick another device, workload, framework or mode "
                "(GPU results appear once someone uploads or stores them).", icon=":material/filter_alt_off:")
        return
    render_busy_note(built["view"])
    render_bars(frames, opts, uploads)
    if wl.kind in ("lm-train", "generate"):
        lm = _cached(uploads, "bench-lm-frames", {}, lambda: lm_frames(results, uploads))
        busy = bool(built["view"]["busy"].any()) if "busy" in built["view"] else False
        render_lm(_cached(uploads, "bench-lm-view", opts, lambda: build_lm_view(lm, opts, wl.kind, busy), busy),
                  wl.kind)
    left, right = st.columns(2)
    with left:
        st.markdown("**Every step time** (all repeats pooled; box = quartiles, whiskers = 1.5×IQR)")
        plotly_chart(built["steps"], key="b_chart_steps")
    with right:
        if built["accuracy"] is not None:
            st.markdown("**Test accuracy per epoch** (median over repeats)")
            plotly_chart(built["accuracy"], key="b_chart_acc")
        else:
            st.markdown(MEMORY_TITLE)
            plotly_chart(built["memory"], key="b_chart_mem")
    if built["accuracy"] is not None:
        st.markdown(MEMORY_TITLE)
        plotly_chart(built["memory"], key="b_chart_mem2")
    render_speedups(built["speedups"])
    render_gate(measured)
    render_environments(measured, built["runs"], uploads)


def render_speedups(table: pd.DataFrame) -> None:
    st.subheader("Compiled vs eager")
    if table.empty:
        st.caption("Needs eager and compiled results for the same framework.")
        return
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "origin": st.column_config.TextColumn("Results"),
        "device": st.column_config.TextColumn("Device"),
        "workload": st.column_config.TextColumn("Workload"),
        "framework": st.column_config.TextColumn("Framework"),
        "eager_ms": st.column_config.NumberColumn("Eager (ms/step)", format="%.3f"),
        "compiled_ms": st.column_config.NumberColumn("Compiled (ms/step)", format="%.3f"),
        "speedup": st.column_config.NumberColumn("Speed-up", format="%.2f×",
                                                 help="> 1: compiled is faster; < 1: compiling made it slower"),
    })
    st.caption("Compiled = torch.compile, tf.function(jit_compile=True), jax.jit around the whole step; JAX "
               "'eager' runs the un-jitted step op by op. Medians of per-repeat median step times.")
