"""Result files as tables: one row per run, per step, per epoch; aggregates with p10–p90 bands; speed-ups."""

from __future__ import annotations

from typing import cast

import pandas as pd

from faceoff.bench.contention import is_busy, load_and_cores
from faceoff.bench.results import MEASURED, result_key
from faceoff.bench.schema import BenchResult
from faceoff.bench.stats import percentile, speedup


def device_kind(device: str) -> str:
    return "cpu" if device == "cpu" else "gpu"


def results_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    """One row per result file, with every metric in display units."""
    rows = []
    for r in results:
        t = r.timing
        load, cores = load_and_cores(r)
        later_epochs = t.epoch_times_s[1:] or t.epoch_times_s
        peak = r.memory.gpu_allocator_peak_bytes if r.memory.gpu_allocator_peak_bytes is not None \
            else r.memory.peak_minus_baseline_bytes
        rows.append({
            "key": result_key(r), "origin": origin, "run_id": r.run_id, "workload": r.workload,
            "framework": r.framework, "mode": r.mode, "device": device_kind(r.device), "repeat": r.repeat,
            "step_time": t.summary.median * 1000, "step_p10": t.summary.p10 * 1000, "step_p90": t.summary.p90 * 1000,
            "throughput": t.throughput, "throughput_unit": t.throughput_unit,
            "epoch_time": percentile(later_epochs, 50) if later_epochs else None,
            "compile_time": t.compile_time_s, "peak_memory": peak / 2**20,
            "memory_kind": "GPU allocator peak" if r.memory.gpu_allocator_peak_bytes is not None else "CPU RSS",
            "accuracy": r.accuracy.final * 100 if r.accuracy else None,
            "overhead_us": t.harness_overhead.median * 1e6, "params": r.param_count,
            "version": r.framework_version, "cpu": r.environment.cpu_model, "date": r.environment.date.date(),
            "load_1m": load, "cores": cores, "busy": is_busy(load, cores),
        })
    return pd.DataFrame(rows)


def steps_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    rows = [{"origin": origin, "workload": r.workload, "framework": r.framework, "mode": r.mode,
             "device": device_kind(r.device), "repeat": r.repeat, "step": i, "time_ms": v * 1000}
            for r in results for i, v in enumerate(r.timing.step_times_s)]
    return pd.DataFrame(rows, columns=["origin", "workload", "framework", "mode", "device", "repeat", "step",
                                       "time_ms"])


def accuracy_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    rows = [{"origin": origin, "workload": r.workload, "framework": r.framework, "mode": r.mode,
             "device": device_kind(r.device), "repeat": r.repeat, "epoch": i + 1, "accuracy": a * 100}
            for r in results if r.accuracy for i, a in enumerate(r.accuracy.per_epoch)]
    return pd.DataFrame(rows, columns=["origin", "workload", "framework", "mode", "device", "repeat", "epoch",
                                       "accuracy"])


GROUP = ["origin", "workload", "framework", "mode", "device"]


def aggregate(frame: pd.DataFrame, steps: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per origin × workload × framework × mode × device: value with a p10–p90 band.

    Step time pools every step of every repeat; the other metrics take the median and p10–p90 over repeats.
    """
    cols = [*GROUP, "value", "low", "high", "runs"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    out = []
    for keys, part in frame.groupby(GROUP, sort=True):
        if metric == "step_time":
            mask = (steps[GROUP] == pd.Series(keys, index=GROUP)).all(axis=1)
            values = list(steps.loc[mask, "time_ms"])
        else:
            values = [v for v in part[metric] if v is not None and not pd.isna(v)]
        if not values:
            continue
        out.append([*keys, percentile(values, 50), percentile(values, 10), percentile(values, 90), len(part)])
    return pd.DataFrame(out, columns=cols)


def speedup_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Compiled vs eager per origin × device × workload × framework: median step times and eager/compiled."""
    cols = ["origin", "device", "workload", "framework", "eager_ms", "compiled_ms", "speedup"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    med = frame.groupby(["origin", "device", "workload", "framework", "mode"])["step_time"].median().unstack("mode")
    rows = []
    for key, row in med.iterrows():
        origin, device, workload, framework = cast(tuple[str, str, str, str], key)  # the groupby columns are text
        eager, compiled = row.get("eager"), row.get("compiled")
        if eager is None or compiled is None or pd.isna(eager) or pd.isna(compiled):
            continue
        rows.append([origin, device, workload, framework, eager, compiled, speedup(eager, compiled)])
    return pd.DataFrame(rows, columns=cols)


STEP_SUMMARY = ["origin", "framework", "mode", "n", "q1", "median", "q3", "lowerfence", "upperfence", "outliers"]


def step_summary(steps: pd.DataFrame) -> pd.DataFrame:
    """Per origin × framework × mode: the box-plot numbers of every step time (quartiles, 1.5×IQR whiskers).

    The figure draws boxes from these few numbers instead of shipping thousands of raw step times on every rerun.
    """
    rows = []
    for (origin, framework, mode), part in steps.groupby(["origin", "framework", "mode"], sort=True):
        values = part["time_ms"].tolist()
        q1, med, q3 = (percentile(values, q) for q in (25, 50, 75))
        reach = 1.5 * (q3 - q1)
        inside = [v for v in values if q1 - reach <= v <= q3 + reach]
        rows.append([origin, framework, mode, len(values), q1, med, q3, min(inside), max(inside),
                     len(values) - len(inside)])
    return pd.DataFrame(rows, columns=STEP_SUMMARY)
