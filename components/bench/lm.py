"""The LM workloads' own charts in the measured section: the loss curve, time to first token and decode speed,
and the note on results measured while the machine was busy."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import plotly_chart
from faceoff.bench import (
    ONE_GENERATION,
    BenchResult,
    busy_note,
    generation_frame,
    generation_reading,
    generation_summary,
    loss_curve_frame,
    loss_reading,
    make_decode_figure,
    make_loss_curve_figure,
    make_ttft_figure,
)


def lm_frames(results: list[BenchResult], uploads: list[tuple[str, BenchResult]]) -> tuple:
    """Loss curves and generation timings, stored results first, then the session's uploads."""
    loss = pd.concat([loss_curve_frame(results)] + [loss_curve_frame([r], o) for o, r in uploads], ignore_index=True)
    gen = pd.concat([generation_frame(results)] + [generation_frame([r], o) for o, r in uploads], ignore_index=True)
    return loss, gen


def _select(frame: pd.DataFrame, opts: dict) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[(frame["device"] == opts["device"]) & frame["framework"].isin(opts["frameworks"])
                 & frame["mode"].isin(opts["modes"]) & (frame["workload"] == opts["workload"])]


BUSY_PREFIX = "Measured on a busy machine, so read as what happened, not as a ranking: "


def build_lm_view(frames: tuple, opts: dict, kind: str, busy: bool = False) -> dict:
    """The figures and readings of one LM workload for one choice of filters (pure work, cached by the caller);
    ``busy``: some shown results ran on a busy machine, and the readings say so first."""
    loss, gen = (_select(f, opts) for f in frames)
    out: dict = {}
    if kind == "lm-train" and not loss.empty:
        out["loss"] = make_loss_curve_figure(loss)
        out["loss_reading"] = loss_reading(loss)
    if kind == "generate" and not gen.empty:
        summary = generation_summary(gen)
        out["ttft"], out["decode"] = make_ttft_figure(summary), make_decode_figure(summary)
        out["gen_reading"] = (BUSY_PREFIX if busy else "") + generation_reading(summary)
    return out


def render_busy_note(view: pd.DataFrame) -> None:
    """A visible note when results in the view ran while the machine was busy (they are not counted as evidence)."""
    if view.empty or "busy" not in view:
        return
    busy = view[view["busy"].astype(bool)]
    if busy.empty:
        return
    for cores, part in busy.groupby("cores"):
        share = "All" if len(part) == len(view) else f"{len(part)} of {len(view)}"
        st.warning(f"{share} results shown here were {busy_note(part['load_1m'].tolist(), int(str(cores)))}. Other "
                   "processes competed for the cores, so these timings are left out of the answers at the top.",
                   icon=":material/speed:")


def render_lm(built: dict, kind: str) -> None:
    if kind == "generate":
        st.caption(ONE_GENERATION)
    if "loss" in built:
        st.markdown("**Training loss per step** (median over repeats; open markers and shading = warm-up steps)")
        st.caption(built["loss_reading"])
        plotly_chart(built["loss"], key="b_chart_loss")
    if "ttft" in built:
        st.caption(built["gen_reading"])
        left, right = st.columns(2)
        with left:
            st.markdown("**Time to first token** (ms, median; bar p10–p90; lower is better)")
            plotly_chart(built["ttft"], key="b_chart_ttft")
        with right:
            st.markdown("**Decode speed after the first token** (tokens/s, median; bar slowest–fastest repeat; "
                        "higher is better)")
            plotly_chart(built["decode"], key="b_chart_decode")
