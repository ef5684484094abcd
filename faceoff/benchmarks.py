"""Benchmark results: loaders of the measured and published data, upload validation, frames and pure figures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pydantic import ValidationError

from faceoff.bench.gate import Check, run_gate
from faceoff.bench.schema import SCHEMA_VERSION, BenchResult
from faceoff.bench.stats import percentile, speedup
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path, read_csv, read_json
from faceoff.loading import Loaded, duplicates, parse_model
from faceoff.models import problems_from_validation

FRAMEWORK_COLORS = {"pytorch": "#EE4C2C", "tensorflow": "#FF8F00", "jax": "#3F7FD8"}
FRAMEWORK_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
MODE_PATTERNS = {"eager": "", "compiled": "/"}
MEASURED = "measured"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_FILES = 40
MAX_JSON_DEPTH = 16

# Measured metrics: id -> (label, unit, lower is better)
METRICS = {
    "step_time": ("Time per step (median, p10–p90)", "ms", True),
    "throughput": ("Throughput", "per s", False),
    "epoch_time": ("Time per epoch (epochs 2+)", "s", True),
    "compile_time": ("Compile / first-step overhead", "s", True),
    "peak_memory": ("Peak memory over baseline", "MiB", True),
    "accuracy": ("Final test accuracy", "%", False),
}


# ---------------------------------------------------------------- measured results

def parse_result_file(path: Path) -> BenchResult:
    result = parse_model(path, BenchResult, reader=read_json)
    return result


@dataclass(frozen=True)
class Measured:
    results: list[BenchResult]
    gate: list[Check]

    def result(self, key: str) -> BenchResult | None:
        return next((r for r in self.results if result_key(r) == key), None)


def result_key(r: BenchResult) -> str:
    return f"{r.workload}/{r.framework}/{r.mode}/{r.device}/r{r.repeat}/{r.run_id}"


def load_measured(path: Path) -> Loaded[Measured]:
    """Every result file in ``data/benchmarks/measured/``, schema-validated, with the correctness gate as warnings."""
    path = Path(path)
    name = display_path(path)
    if not path.is_dir():
        raise DataFileError(path, [Problem(name, "results folder is missing")])
    files = sorted(path.glob("*.json"))
    if not files:
        raise DataFileError(path, [Problem(name, "no result files (*.json); run `python -m faceoff bench run`")])
    results: list[BenchResult] = []
    errors: list[Problem] = []
    for file in files:
        try:
            result = parse_result_file(file)
        except DataFileError as exc:
            errors.extend(exc.problems)
            continue
        if file.name != result.file_name():
            errors.append(Problem(display_path(file), f"file name should be {result.file_name()!r}"))
        results.append(result)
    for dup in duplicates([result_key(r) for r in results]):
        errors.append(Problem(name, f"duplicate result {dup}"))
    if errors:
        raise DataFileError(path, errors)
    gate = run_gate(results)
    warnings = [Problem(name, f"correctness gate: {c.workload} {c.check}: {c.detail}", severity="warning")
                for c in gate if not c.ok]
    return Loaded(
        Measured(results, gate),
        rows=len(results),
        sources=len({r.run_id for r in results}),
        as_of=max(r.environment.date for r in results).date(),
        problems=warnings,
        detail={"frameworks": sorted({r.framework for r in results}), "modes": sorted({r.mode for r in results}),
                "workloads": len({r.workload for r in results}), "gate_checks": len(gate),
                "gate_failures": sum(1 for c in gate if not c.ok)},
    )


# ---------------------------------------------------------------- published results

PUBLISHED_COLUMNS = ["row_id", "source_id", "framework", "framework_id", "mode", "framework_version", "workload",
                     "dataset", "device", "hardware", "metric", "value", "unit", "notes", "year", "era", "superseded",
                     "higher_is_better"]
SOURCE_COLUMNS = ["source_id", "title", "authors", "year", "venue", "url_or_repo_path", "role", "superseded_by",
                  "rows"]


@dataclass(frozen=True)
class Published:
    rows: pd.DataFrame
    sources: pd.DataFrame

    def source(self, source_id: str) -> dict | None:
        match = self.sources[self.sources["source_id"] == source_id]
        return None if match.empty else match.iloc[0].to_dict()

    def studies(self) -> list[str]:
        return list(self.sources.loc[self.sources["role"] == "results", "source_id"])


def load_published(path: Path) -> Loaded[Published]:
    """``data/benchmarks/published/``: results.csv (one published number a row) and sources.csv (citations)."""
    path = Path(path)
    name = display_path(path)
    if not path.is_dir():
        raise DataFileError(path, [Problem(name, "published-results folder is missing")])
    rows = read_csv(path / "results.csv", PUBLISHED_COLUMNS)
    sources = read_csv(path / "sources.csv", SOURCE_COLUMNS)
    rname, sname = display_path(path / "results.csv"), display_path(path / "sources.csv")
    errors: list[Problem] = []
    for dup in duplicates(list(rows["row_id"])):
        errors.append(Problem(rname, f"duplicate row_id {dup!r}", row=dup, field="row_id"))
    for dup in duplicates(list(sources["source_id"])):
        errors.append(Problem(sname, f"duplicate source_id {dup!r}", row=dup, field="source_id"))
    known = set(sources["source_id"])
    superseded = {s for s, by in zip(sources["source_id"], sources["superseded_by"], strict=True) if by}
    values = pd.to_numeric(rows["value"], errors="coerce")
    for i, row in rows.iterrows():
        where = {"file": rname, "row": row["row_id"] or str(i + 2)}
        if row["source_id"] not in known:
            errors.append(Problem(**where, field="source_id", message=f"unknown source {row['source_id']!r}"))
        if pd.isna(values[i]):
            errors.append(Problem(**where, field="value", message=f"not a number: {row['value']!r}"))
        if row["framework_id"] not in FRAMEWORK_NAMES:
            errors.append(Problem(**where, field="framework_id", message=f"unknown framework {row['framework_id']!r}"))
        if row["device"] not in ("cpu", "gpu"):
            errors.append(Problem(**where, field="device", message="device must be cpu or gpu"))
        if row["superseded"] not in ("true", "false"):
            errors.append(Problem(**where, field="superseded", message="must be true or false"))
        elif (row["superseded"] == "true") != (row["source_id"] in superseded):
            errors.append(Problem(**where, field="superseded", message="disagrees with sources.csv superseded_by"))
        if not row["unit"] or not row["metric"]:
            errors.append(Problem(**where, field="unit", message="metric and unit are required"))
    for s, by in zip(sources["source_id"], sources["superseded_by"], strict=True):
        if by and by not in known:
            errors.append(Problem(sname, f"superseded_by {by!r} is not a source", row=s, field="superseded_by"))
    if errors:
        raise DataFileError(path, errors)
    rows = rows.assign(value=values.astype(float), superseded=rows["superseded"] == "true",
                       higher_is_better=rows["higher_is_better"] == "true")
    years = sorted(int(y) for y in rows["year"] if str(y).isdigit())
    # Published studies carry a year, not a date: no as-of date is invented for them.
    return Loaded(
        Published(rows, sources),
        rows=len(rows),
        sources=int(rows["source_id"].nunique()),
        as_of=None,
        detail={"studies": int(rows["source_id"].nunique()), "superseded_rows": int(rows["superseded"].sum()),
                "citations": len(sources), "years": f"{years[0]}–{years[-1]}" if years else None},
    )


def published_metric_id(metric: str, unit: str) -> str:
    return f"{metric}|{unit}"


def published_rows(pub: Published, source_id: str, metric_id: str | None = None, workload: str | None = None,
                   frameworks: list[str] | None = None, device: str | None = None) -> pd.DataFrame:
    rows = pub.rows[pub.rows["source_id"] == source_id]
    if metric_id:
        metric, unit = metric_id.split("|", 1)
        rows = rows[(rows["metric"] == metric) & (rows["unit"] == unit)]
    if workload:
        rows = rows[rows["workload"] == workload]
    if frameworks:
        rows = rows[rows["framework_id"].isin(frameworks)]
    if device:
        rows = rows[rows["device"] == device]
    return rows


def make_published_figure(rows: pd.DataFrame) -> go.Figure:
    """Bars of one study's numbers; refuses to put different metrics or units on one axis."""
    if rows.empty:
        raise ValueError("no rows to plot")
    pairs = rows[["metric", "unit"]].drop_duplicates()
    if len(pairs) != 1 or rows["source_id"].nunique() != 1:
        raise ValueError("published numbers are only compared within one study, metric and unit")
    metric, unit = pairs.iloc[0]
    fig = go.Figure()
    for label, part in rows.groupby("framework", sort=False):
        fw = part["framework_id"].iloc[0]
        fig.add_bar(name=label, x=part["workload"], y=part["value"], marker_color=FRAMEWORK_COLORS[fw],
                    marker_pattern_shape="/" if part["mode"].iloc[0] == "compiled" else "",
                    customdata=part[["hardware", "era"]].to_numpy(),
                    hovertemplate="%{x}<br>%{y} " + unit + "<br>%{customdata[0]}<br>%{customdata[1]}<extra>"
                                  + label + "</extra>")
    better = "higher is better" if bool(rows["higher_is_better"].iloc[0]) else "lower is better"
    fig.update_layout(barmode="group", yaxis_title=f"{metric} ({unit}), {better}", legend_title="Framework",
                      margin={"t": 30}, height=460)
    return fig


# ---------------------------------------------------------------- uploads

class UploadRejected(ValueError):
    """An uploaded file is not a usable result file; the message says why, in plain text."""


def json_depth(text: str) -> int:
    """Maximum nesting of objects/arrays, found by scanning (never by recursing into hostile input)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_upload(name: str, data: bytes) -> BenchResult:
    """Validate one uploaded result file: size, text, nesting, JSON, then the schema."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(f"{len(data):,} bytes is over the {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB limit")
    if not data.strip():
        raise UploadRejected("the file is empty")
    if b"\x00" in data:
        raise UploadRejected("this is a binary file, not JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(f"not UTF-8 text (byte {exc.start})") from exc
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise UploadRejected(f"JSON nested {depth} levels deep; result files need at most {MAX_JSON_DEPTH}")
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deeply nested"
        raise UploadRejected(f"not valid JSON: {msg}{where}") from exc
    if not isinstance(raw, dict):
        raise UploadRejected(f"expected a JSON object (a Faceoff result file), got a {type(raw).__name__}")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UploadRejected(f"schema_version is {str(version)[:20]!r}; this app reads version {SCHEMA_VERSION} "
                             "files written by `python -m faceoff bench run`")
    try:
        return BenchResult.model_validate(raw)
    except ValidationError as exc:
        problems = problems_from_validation(name, exc, raw)
        shown = "; ".join(f"{p.field or p.row or 'file'}: {p.message}" for p in problems[:4])
        more = f" (+{len(problems) - 4} more)" if len(problems) > 4 else ""
        raise UploadRejected(f"does not match the result schema: {shown}{more}") from exc


# ---------------------------------------------------------------- frames

def device_kind(device: str) -> str:
    return "cpu" if device == "cpu" else "gpu"


def results_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    """One row per result file, with every metric in display units."""
    rows = []
    for r in results:
        t = r.timing
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
    for (origin, device, workload, framework), row in med.iterrows():
        eager, compiled = row.get("eager"), row.get("compiled")
        if eager is None or compiled is None or pd.isna(eager) or pd.isna(compiled):
            continue
        rows.append([origin, device, workload, framework, eager, compiled, speedup(eager, compiled)])
    return pd.DataFrame(rows, columns=cols)


def series_label(framework: str, mode: str, origin: str) -> str:
    base = f"{FRAMEWORK_NAMES.get(framework, framework)} · {mode}"
    return base if origin == MEASURED else f"{base} · {origin}"


# ---------------------------------------------------------------- figures

def make_bars_figure(agg: pd.DataFrame, metric: str, unit: str | None = None) -> go.Figure:
    """Bars grouped by framework (one per mode, and per uploaded origin), hatched when compiled, p10–p90 error bars."""
    label, default_unit, lower_better = METRICS[metric]
    unit = unit or default_unit
    fig = go.Figure()
    order = {fw: i for i, fw in enumerate(FRAMEWORK_COLORS)}
    agg = agg.assign(_fw=agg["framework"].map(order), _mode=agg["mode"].map({"eager": 0, "compiled": 1}))
    for (origin, framework), part in agg.sort_values(["_fw", "origin", "_mode"]).groupby(["origin", "framework"],
                                                                                        sort=False):
        name = FRAMEWORK_NAMES.get(framework, framework)
        sub = [m if origin == MEASURED else f"{m} · {origin}" for m in part["mode"]]
        fig.add_bar(
            name=name if origin == MEASURED else f"{name} · {origin}",
            x=[[name] * len(part), sub], y=part["value"],
            marker_color=FRAMEWORK_COLORS.get(framework, "#888"),
            marker_pattern_shape=[MODE_PATTERNS.get(m, "") if origin == MEASURED else "x" for m in part["mode"]],
            error_y={"type": "data", "symmetric": False, "array": (part["high"] - part["value"]).tolist(),
                     "arrayminus": (part["value"] - part["low"]).tolist(), "color": "#333"},
            customdata=part[["runs"]].to_numpy(),
            hovertemplate="%{x}: %{y:.4g} " + unit + " (%{customdata[0]} run(s))<extra>%{fullData.name}</extra>",
        )
    better = "lower" if lower_better else "higher"
    fig.update_layout(barmode="overlay", yaxis_title=f"{label} ({unit}), {better} is better",
                      legend_title="Framework (hatched = compiled)", margin={"t": 30}, height=420, bargap=0.35)
    return fig


def make_step_distribution_figure(steps: pd.DataFrame) -> go.Figure:
    """Every measured step time, one box per framework × mode (× origin)."""
    fig = go.Figure()
    for (origin, framework, mode), part in steps.groupby(["origin", "framework", "mode"], sort=True):
        fig.add_box(y=part["time_ms"], name=series_label(framework, mode, origin),
                    marker_color=FRAMEWORK_COLORS.get(framework, "#888"), boxpoints="outliers")
    fig.update_layout(yaxis_title="time per step (ms), log scale", yaxis_type="log", showlegend=False,
                      margin={"t": 30}, height=420)
    return fig


def make_accuracy_figure(acc: pd.DataFrame) -> go.Figure:
    """Test accuracy after each epoch (median over repeats), one line per framework × mode."""
    fig = go.Figure()
    if not acc.empty:
        med = acc.groupby(["origin", "framework", "mode", "epoch"], sort=True)["accuracy"].median().reset_index()
        for (origin, framework, mode), part in med.groupby(["origin", "framework", "mode"], sort=True):
            fig.add_scatter(x=part["epoch"], y=part["accuracy"], mode="lines+markers",
                            name=series_label(framework, mode, origin),
                            line={"color": FRAMEWORK_COLORS.get(framework, "#888"),
                                  "dash": "dot" if mode == "compiled" else "solid"})
    fig.update_layout(xaxis_title="epoch", yaxis_title="test accuracy (%)", margin={"t": 30}, height=380,
                      legend_title="Framework · mode")
    return fig


def make_memory_figure(agg: pd.DataFrame) -> go.Figure:
    return make_bars_figure(agg, "peak_memory")
