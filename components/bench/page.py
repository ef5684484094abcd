"""The Benchmarks page: measured results (with session-only uploads) and published studies, filters in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import as_of_caption, load, memo, stamp
from components.share import render_share_link
from faceoff.bench import (
    FRAMEWORK_NAMES,
    FRAMEWORKS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    MEASURED,
    METRICS,
    MODES,
    WORKLOADS,
    BenchResult,
    Measured,
    Published,
    UploadRejected,
    accuracy_frame,
    aggregate,
    make_accuracy_figure,
    make_bars_figure,
    make_memory_figure,
    make_published_figure,
    make_step_distribution_figure,
    parse_upload,
    published_metric_id,
    published_rows,
    result_key,
    results_frame,
    speedup_frame,
    steps_frame,
)

DEVICES = ["cpu", "gpu"]
ANY = "any"
UPLOAD_WIDGET_MB = 4  # the widget's own cap; files over MAX_UPLOAD_BYTES get our clearer message
SHARED_MACHINE_NOTE = (
    "The stored results ran on this project's 2-core CPU machine, one thread per framework, while it was otherwise "
    "idle (each run's load average is in its environment). They describe small models on one CPU core: read them as "
    "relative evidence, not as GPU speeds; p10–p90 bars show the spread."
)


# ---------------------------------------------------------------- uploads (session only, never written to disk)

def render_uploads() -> list[tuple[str, BenchResult]]:
    with st.expander("Compare your machine: upload result files", icon=":material/upload_file:"):
        st.markdown(
            "Run `python -m faceoff bench run` on your machine, then upload the JSON files it writes "
            f"(up to {MAX_UPLOAD_FILES} files, {MAX_UPLOAD_BYTES // 2**20} MiB each). They are checked against "
            "the result schema and shown beside the stored results for this session only; nothing is saved."
        )
        files = st.file_uploader("Result files (.json)", type=["json"], accept_multiple_files=True,
                                 key="b_upload", max_upload_size=UPLOAD_WIDGET_MB)
        files = list(files or [])
        if len(files) > MAX_UPLOAD_FILES:
            st.warning(f"Only the first {MAX_UPLOAD_FILES} files are read.")
        accepted: list[tuple[str, BenchResult]] = []
        listing = []
        for i, file in enumerate(files[:MAX_UPLOAD_FILES]):
            try:
                result = parse_upload(file.name, file.getvalue())
            except UploadRejected as exc:
                # Plain text only: neither the file name nor the message is rendered as markdown or HTML.
                st.error(f"Upload {i + 1} was rejected; the reason is below.", icon=":material/block:")
                st.text(f"{file.name}: {exc}")
                continue
            origin = f"upload {i + 1}"
            accepted.append((origin, result))
            listing.append({"results": origin, "file": file.name, "workload": result.workload,
                            "framework": result.framework, "mode": result.mode, "device": result.device,
                            "cpu": result.environment.cpu_model})
        if accepted:
            st.success(f"{len(accepted)} uploaded result(s) added for this session.", icon=":material/check:")
            st.dataframe(pd.DataFrame(listing), hide_index=True)
    return accepted


# ---------------------------------------------------------------- measured

def render_measured_filters(workloads: list[str]) -> dict:
    row = st.columns([1, 2, 2, 3.2, 2.2])
    device = row[0].selectbox("Device", DEVICES, key="b_dev", bind="query-params")
    workload = row[1].selectbox("Workload", workloads, key="b_wl", bind="query-params",
                                help="; ".join(f"{w}: {WORKLOADS[w].title}" for w in workloads))
    metric = row[2].selectbox("Metric", list(METRICS), key="b_metric", bind="query-params",
                              help="; ".join(f"{k}: {v[0]} ({v[1]})" for k, v in METRICS.items()))
    frameworks = row[3].multiselect("Frameworks", list(FRAMEWORKS), default=list(FRAMEWORKS), key="b_fw",
                                    bind="query-params")
    modes = row[4].multiselect("Modes", list(MODES), default=list(MODES), key="b_mode", bind="query-params")
    return {"device": device or "cpu", "workload": workload or workloads[0],
            "frameworks": frameworks or list(FRAMEWORKS), "modes": modes or list(MODES),
            "metric": metric or "step_time"}


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


def render_measured(measured: Measured, uploads: list[tuple[str, BenchResult]]) -> None:
    results = list(measured.results)
    # the stored results' frames are built once per data version; a session's uploads are never cached
    frame, steps, acc = (measured_frames(results, uploads) if uploads else
                         memo(("bench-frames", stamp("benchmarks-measured")), lambda: measured_frames(results, [])))
    workloads = [w for w in WORKLOADS if w in set(frame["workload"])]
    opts = render_measured_filters(workloads)
    view = _filter(frame, opts)
    wl = WORKLOADS[opts["workload"]]
    st.markdown(f"**{wl.title}** · {wl.description}")
    st.caption(f"Data: {wl.dataset}. Same architecture, initial weights, batches, optimizer and float32 dtype in "
               "every framework; warm-up steps excluded; every step timed after a device sync.")
    if view.empty:
        st.info("No result matches these filters: pick another device, workload, framework or mode "
                "(GPU results appear once someone uploads or stores them).", icon=":material/filter_alt_off:")
        return
    metric = opts["metric"]
    unit = view["throughput_unit"].iloc[0] if metric == "throughput" else None
    agg = aggregate(view, _filter(steps, opts), metric)
    if agg.empty:
        st.info(f"{METRICS[metric][0]} does not apply to this workload (e.g. accuracy of a micro-benchmark).",
                icon=":material/info:")
    else:
        st.plotly_chart(make_bars_figure(agg, metric, unit), key="b_chart_bars")
    left, right = st.columns(2)
    with left:
        st.markdown("**Every step time** (all repeats pooled)")
        st.plotly_chart(make_step_distribution_figure(_filter(steps, opts)), key="b_chart_steps")
    with right:
        if wl.kind == "train-epochs":
            st.markdown("**Test accuracy per epoch** (median over repeats)")
            st.plotly_chart(make_accuracy_figure(_filter(acc, opts)), key="b_chart_acc")
        else:
            st.markdown("**Peak memory over the workload's start** (median, p10–p90 over repeats)")
            st.plotly_chart(make_memory_figure(aggregate(view, steps, "peak_memory")), key="b_chart_mem")
    if wl.kind == "train-epochs":
        st.markdown("**Peak memory over the workload's start** (median, p10–p90 over repeats)")
        st.plotly_chart(make_memory_figure(aggregate(view, steps, "peak_memory")), key="b_chart_mem2")
    render_speedups(frame, opts)
    render_gate(measured)
    render_environments(measured, view, uploads)


def render_speedups(frame: pd.DataFrame, opts: dict) -> None:
    st.subheader("Compiled vs eager")
    table = speedup_frame(_filter(frame, {**opts, "modes": list(MODES)}, workload=False))
    if table.empty:
        st.caption("Needs eager and compiled results for the same framework.")
        return
    table = table.assign(framework=table["framework"].map(FRAMEWORK_NAMES))
    st.dataframe(table, hide_index=True, column_config={
        "origin": st.column_config.TextColumn("Results"),
        "eager_ms": st.column_config.NumberColumn("Eager, median ms/step", format="%.3f"),
        "compiled_ms": st.column_config.NumberColumn("Compiled, median ms/step", format="%.3f"),
        "speedup": st.column_config.NumberColumn("Speed-up (eager ÷ compiled)", format="%.2f×",
                                                 help="> 1: compiled is faster; < 1: compiling made it slower"),
    })
    st.caption("Compiled = torch.compile, tf.function(jit_compile=True), jax.jit around the whole step; JAX "
               "'eager' runs the un-jitted step op by op. Medians of per-repeat median step times.")


def render_gate(measured: Measured) -> None:
    failures = [c for c in measured.gate if not c.ok]
    label = "Correctness gate: all checks pass" if not failures else f"Correctness gate: {len(failures)} failing"
    with st.expander(label, icon=":material/verified:" if not failures else ":material/warning:"):
        st.dataframe(pd.DataFrame([{"workload": c.workload, "check": c.check, "ok": c.ok, "detail": c.detail}
                                   for c in measured.gate]), hide_index=True)


def render_environments(measured: Measured, view: pd.DataFrame, uploads: list[tuple[str, BenchResult]]) -> None:
    st.subheader("Environment, citation and how to reproduce")
    uploaded = {result_key(r): (o, r) for o, r in uploads}
    for key in view.sort_values(["origin", "framework", "mode", "repeat"])["key"].unique():
        origin = view.loc[view["key"] == key, "origin"].iloc[0]
        result = measured.result(key) if origin == MEASURED else uploaded.get(key, (None, None))[1]
        if result is None:
            continue
        env = result.environment
        # Expander labels render markdown: uploaded files contribute only schema-constrained ids here.
        version = f" {result.framework_version}" if origin == MEASURED else ""
        title = f"{FRAMEWORK_NAMES[result.framework]}{version} · {result.mode} · repeat {result.repeat} · {origin}"
        with st.expander(title):
            if origin == MEASURED:
                st.caption(f"Citation: Faceoff benchmark harness, run {result.run_id}, {env.date.date().isoformat()}, "
                           f"data/benchmarks/measured/{result.file_name()}.")
                st.markdown("Reproduce it (from the repository root, with requirements-bench.txt installed):")
                st.code(env.command, language="bash")
            else:
                st.caption("Uploaded in this session (not verified, not stored). Its command, as the file says:")
                st.code(env.command, language=None)
            load_avg = ", ".join(f"{v:g}" for v in env.load_average_at_start) if env.load_average_at_start else "?"
            st.text(f"{result.device_name} · {env.cpu_model} · {env.cpu_cores_logical} logical cores · "
                    f"{env.threads.intra_op} intra-op thread(s) · load average at start {load_avg}")
            st.json(env.model_dump(mode="json"), expanded=False)


# ---------------------------------------------------------------- published

def render_published(pub: Published, study: str) -> None:
    source = pub.source(study) or {}
    rows = published_rows(pub, study)
    metric_ids = list(dict.fromkeys(published_metric_id(m, u) for m, u in zip(rows["metric"], rows["unit"],
                                                                               strict=True)))
    workloads = [ANY, *dict.fromkeys(rows["workload"])]
    devices = [ANY, *sorted(set(rows["device"]))]
    modes = [ANY, *sorted(set(rows["mode"]))]
    row = st.columns([1.2, 3, 2.4, 1.6, 3])
    device = row[0].selectbox("Device", devices, key="b_pdev", bind="query-params")
    workload = row[1].selectbox("Workload", workloads, key="b_pwl", bind="query-params")
    frameworks = row[2].multiselect("Frameworks", list(FRAMEWORKS), default=list(FRAMEWORKS), key="b_pfw",
                                    bind="query-params")
    mode = row[3].selectbox("Mode", modes, key="b_pmode", bind="query-params",
                            help="as-published: the study's default execution (not stated as eager or compiled)")
    metric = row[4].selectbox("Metric [unit]", metric_ids, key="b_pmetric", bind="query-params",
                              help="Published numbers are compared only within one study, metric and unit.")
    if source.get("superseded_by"):
        st.warning(f"This study revision is superseded by {source['superseded_by']}: shown for the record only.",
                   icon=":material/history:")
    shown = published_rows(pub, study, metric or metric_ids[0], None if workload in (None, ANY) else workload,
                           frameworks or list(FRAMEWORKS), None if device in (None, ANY) else device)
    if mode not in (None, ANY):
        shown = shown[shown["mode"] == mode]
    if shown.empty:
        st.info("No published number matches these filters.", icon=":material/filter_alt_off:")
    else:
        st.plotly_chart(make_published_figure(shown), key="b_chart_pub")
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
    with st.expander("All published sources (including identified-only and method references)"):
        st.dataframe(pub.sources, hide_index=True)


# ---------------------------------------------------------------- page

def render_benchmarks_page() -> None:
    measured_loaded = load("benchmarks-measured")
    published_loaded = load("benchmarks-published")
    studies = published_loaded.value.studies() if published_loaded else []
    options = ([MEASURED] if measured_loaded else []) + studies
    if not options:
        return
    top = st.columns([4, 1.3])
    source = top[0].selectbox("Source", options, key="b_src", bind="query-params",
                              help="measured: Faceoff's own harness on this project's machine; otherwise a "
                                   "published study by its source id (see Sources below)")
    with top[1]:
        render_share_link()
    if source == MEASURED or source is None:
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
