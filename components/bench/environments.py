"""Where each shown result ran and how to reproduce it, and the correctness gate's checks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.format import lazy_expander
from faceoff.bench import FRAMEWORK_NAMES, MEASURED, BenchResult, Measured, result_key


def render_gate(measured: Measured) -> None:
    failures = [c for c in measured.gate if not c.ok]
    label = "Correctness gate: all checks pass" if not failures else f"Correctness gate: {len(failures)} failing"
    box = lazy_expander(label, key="b_exp_gate", icon=":material/verified:" if not failures else ":material/warning:")
    if box is not None:
        box.dataframe(pd.DataFrame([{"workload": c.workload, "check": c.check, "ok": c.ok, "detail": c.detail}
                                   for c in measured.gate]), hide_index=True)


def shown_keys(view: pd.DataFrame) -> list[tuple[str, str]]:
    """(origin, result key) of every run in the view, in a stable reading order."""
    ordered = view.sort_values(["origin", "framework", "mode", "repeat"]).drop_duplicates("key")
    return list(zip(ordered["origin"], ordered["key"], strict=True))


def _shown_results(measured: Measured, keys: list[tuple[str, str]],
                   uploads: list[tuple[str, BenchResult]]) -> list[tuple[str, BenchResult]]:
    uploaded = {result_key(r): r for _, r in uploads}
    by_key = measured.by_key()
    shown = []
    for origin, key in keys:
        result = by_key.get(key) if origin == MEASURED else uploaded.get(key)
        if result is not None:
            shown.append((origin, result))
    return shown


def _label(origin: str, result: BenchResult) -> str:
    version = f" {result.framework_version}" if origin == MEASURED else ""
    return f"{FRAMEWORK_NAMES[result.framework]}{version} · {result.mode} · repeat {result.repeat} · {origin}"


def render_environments(measured: Measured, keys: list[tuple[str, str]],
                        uploads: list[tuple[str, BenchResult]]) -> None:
    st.subheader("Environment, citation and how to reproduce")
    shown = _shown_results(measured, keys, uploads)
    if not shown:
        return
    rows = []
    for origin, r in shown:
        env = r.environment
        load_avg = ", ".join(f"{v:g}" for v in env.load_average_at_start) if env.load_average_at_start else "?"
        rows.append({"run": _label(origin, r), "date": env.date.date().isoformat(), "device": r.device_name,
                     "cpu": env.cpu_model, "cores": env.cpu_cores_logical, "threads": env.threads.intra_op,
                     "load average at start": load_avg})
    # Uploaded files contribute text cells only: a dataframe never renders its values as markdown or HTML.
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    labels = [_label(o, r) for o, r in shown]
    picked = st.selectbox("Full environment and command of one run", range(len(shown)),
                          format_func=labels.__getitem__, key="b_env_pick")
    origin, result = shown[picked or 0]
    env = result.environment
    if origin == MEASURED:
        st.caption(f"Citation: Faceoff benchmark harness, run {result.run_id}, {env.date.date().isoformat()}, "
                   f"data/benchmarks/measured/{result.file_name()}.")
        st.markdown("Reproduce it (from the repository root, with requirements-bench.txt installed):")
        st.code(env.command, language="bash", wrap_lines=True)
    else:
        st.caption("Uploaded in this session (not verified, not stored). Its command, as the file says:")
        st.code(env.command, language=None, wrap_lines=True)
    box = lazy_expander("Every recorded environment field", key="b_exp_env")
    if box is not None:
        box.json(env.model_dump(mode="json"), expanded=False)
