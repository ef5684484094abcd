"""MLPerf scores from raw result files, by the rules of MLCommons' own tools (pure functions on text).

Training follows ``mlperf_logging/result_summarizer`` (mlcommons/logging): a run's time is ``run_stop - run_start``
in minutes; a run that fails (no ``run_start``/``run_stop``, a ``run_stop`` whose status is not ``success``, a
malformed log line) is dropped and takes the slowest place; at most one failure per benchmark (four for unet3d);
the fastest and slowest (four each for unet3d) are dropped and the rest averaged, times ``scaling.json``'s factor.
Inference reads the scenario's result line from ``mlperf_log_summary.txt`` and its ``Result is : VALID/INVALID``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

#: result files a benchmark needs (mlperf_logging/benchmark_meta.py, _ALL_RESULT_FILE_COUNTS['training'])
RESULT_FILE_COUNTS = {
    "bert": 10, "dlrm": 5, "dlrm_dcnv2": 10, "gnmt": 10, "gpt3": 3, "maskrcnn": 5, "minigo": 10, "resnet": 5,
    "ssd": 5, "retinanet": 5, "stable_diffusion": 10, "transformer": 10, "ncf": 10, "rnnt": 10, "unet3d": 40,
    "gnn": 10, "rgat": 10, "llama2_70b_lora": 10, "llama31_405b": 3, "llama31_8b": 10, "flux1": 10,
}
BENCHMARK_ALIASES = {"mask": "maskrcnn"}
MLLOG = ":::MLLOG "
MLL_V06 = re.compile(r"^:::MLL (\d+(?:\.\d+)?) ([A-Za-z0-9_]+): (.*)$")


@dataclass(frozen=True)
class Skip:
    """Why a file, a line or a folder was skipped or scored as failed: located by file and line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}{f':{self.line}' if self.line else ''}: {self.message}"


@dataclass(frozen=True)
class Run:
    """One ``result_*.txt``: minutes to train, or ``None`` when the run failed (``why`` says how)."""

    path: str
    minutes: float | None
    why: Skip | None = None


@dataclass(frozen=True)
class Score:
    """A benchmark folder's score: ``minutes`` is ``None`` when the rules give none (``why``)."""

    minutes: float | None
    runs_used: int
    runs_total: int
    runs_failed: int
    scaling_factor: float
    why: str = ""
    notes: list[str] = field(default_factory=list)


def _event(line: str, number: int, path: str) -> tuple[str, float, dict] | Skip | None:
    """(key, time in ms, metadata) of one log line; a Skip for a malformed MLPerf line; None for other text."""
    if MLLOG in line:  # rank prefixes ("0: :::MLLOG ...") are cut off, as the summarizer's parser does
        try:
            event = json.loads(line[line.rindex(MLLOG) + len(MLLOG):])
            return str(event["key"]), float(event["time_ms"]), dict(event.get("metadata") or {})
        except (ValueError, KeyError, TypeError) as exc:
            return Skip(path, f"malformed :::MLLOG line ({type(exc).__name__})", number)
    match = MLL_V06.match(line[line.rindex(":::MLL "):]) if ":::MLL " in line else None
    if match:
        try:
            payload = json.loads(match.group(3))
            metadata = payload.get("metadata") if isinstance(payload, dict) else None
            return match.group(2), float(match.group(1)) * 1000.0, dict(metadata or {})
        except (ValueError, TypeError, AttributeError) as exc:
            return Skip(path, f"malformed :::MLL line ({type(exc).__name__})", number)
    return None


def score_run(text: str, path: str) -> Run:
    """Time to train of one result file, in minutes, or the first reason it fails (with its line)."""
    start: tuple[float, int] | None = None
    stop: tuple[float, int, dict] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        event = _event(raw.strip(), number, path)
        if isinstance(event, Skip):
            return Run(path, None, event)
        if event is None:
            continue
        key, time_ms, metadata = event
        if key == "run_start":
            start = (time_ms, number)
        elif key == "run_stop":
            stop = (time_ms, number, metadata)
        if start is not None and stop is not None:
            break
    if start is None:
        return Run(path, None, Skip(path, "run_start not recorded"))
    if stop is None:
        return Run(path, None, Skip(path, "run_stop not recorded (run did not finish)"))
    status = str(stop[2].get("status", ""))
    if status != "success":
        return Run(path, None, Skip(path, f"run_stop status {status or 'missing'!r}, not 'success' "
                                          "(did not converge)", stop[1]))
    return Run(path, (stop[0] - start[0]) / 60.0 / 1000.0)


def olympic_average(scores: list[float], dropped: int, max_dropped: int) -> tuple[float | None, int]:
    """The summarizer's olympic average: drop ``max_dropped`` fastest and the slowest not already dropped."""
    ordered = sorted(scores)
    kept = ordered[max_dropped:len(ordered) - (max_dropped - dropped)]
    return (sum(kept) / len(kept), len(kept)) if kept else (None, 0)


def score_benchmark(benchmark: str, runs: list[Run], scaling_factor: float = 1.0) -> Score:
    """Score one ``results/<system>/<benchmark>/`` folder from its runs, as the result summarizer does."""
    scores = [r.minutes for r in runs if r.minutes is not None]
    failed = len(runs) - len(scores)
    max_dropped = 4 if benchmark == "unet3d" else 1
    notes = []
    required = RESULT_FILE_COUNTS.get(benchmark)
    if required and len(runs) < required:
        notes.append(f"{len(runs)} result files, {required} required")
    if failed > max_dropped:
        return Score(None, 0, len(runs), failed, scaling_factor,
                     f"{failed} failed runs, at most {max_dropped} allowed", notes)
    value, used = olympic_average(scores, failed, max_dropped)
    if value is None:
        return Score(None, 0, len(runs), failed, scaling_factor, "no run left after dropping fastest and slowest",
                     notes)
    return Score(value * scaling_factor, used, len(runs), failed, scaling_factor, "", notes)


# -- inference ---------------------------------------------------------------------------------------------------

SCENARIOS = {"singlestream": "SingleStream", "multistream": "MultiStream", "server": "Server", "offline": "Offline"}
FOLDER_SCENARIOS = {**SCENARIOS, "interactive": "Interactive"}


def folder_scenario(folder: str, measured: str) -> str | None:
    """The scenario a result folder reports, given the scenario its summary measured; ``None`` when the result was
    inferred from another scenario's run (e.g. a MultiStream folder holding a SingleStream log), which MLCommons
    converts with its own formula and this importer does not score. Interactive is a Server run."""
    name = FOLDER_SCENARIOS.get(folder.lower().replace(" ", ""))
    if name is None:
        return measured
    if name == measured or (name == "Interactive" and measured == "Server"):
        return name
    return None
_FIELD = re.compile(r"^\s*([A-Za-z0-9 .()/]+?)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Inference:
    scenario: str
    metric: str
    value: float
    unit: str
    higher_is_better: bool
    valid: bool


def _at_least(version: str, floor: tuple[int, int]) -> bool:
    major, minor = (int(p) for p in version.lstrip("v").split("."))
    return (major, minor) >= floor


def score_summary(text: str, path: str, version: str) -> Inference | Skip:
    """The scenario's result from ``mlperf_log_summary.txt``.

    Offline: samples/s (tokens/s where the summary gives them: the LLM benchmarks). Server: scheduled samples/s
    before v4.1; from v4.1 completed tokens/s or samples/s (scheduled where neither is given). SingleStream: 90th
    percentile latency, MultiStream (v2.0 on): 99th percentile latency per query, in ms, the early-stopping
    estimate from v2.0 on; MultiStream before v2.0: samples per query.
    """
    fields: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.replace("*", "").strip()
        match = _FIELD.match(line)
        if match and match.group(1).lower() not in fields:
            fields[match.group(1).lower()] = (match.group(2), number)
    scenario = SCENARIOS.get(fields.get("scenario", ("", 0))[0].lower().replace(" ", ""))
    if scenario is None:
        return Skip(path, "no Scenario line")
    validity = fields.get("result is", ("", 0))[0].upper()
    if validity not in ("VALID", "INVALID"):
        return Skip(path, "no 'Result is : VALID/INVALID' line")
    # LLM summaries print early-stopping estimates for time to first token and per output token, not the latency
    new = _at_least(version, (2, 0)) and "TTFT Early Stopping" not in text

    def first_number(*names: str) -> tuple[str, float] | Skip | None:
        for name in names:
            if name in fields:
                raw, line_no = fields[name]
                try:
                    return name, float(raw.split()[0])
                except (ValueError, IndexError):
                    return Skip(path, f"{name!r} is not a number: {raw!r}", line_no)
        return None

    unit, hib = "", True
    if scenario == "Offline":
        found = first_number("tokens per second", "samples per second")
    elif scenario == "Server" and _at_least(version, (4, 1)):
        found = first_number("completed tokens per second", "completed samples per second",
                             "scheduled samples per second")
    elif scenario == "Server":
        found = first_number("scheduled samples per second")
    elif scenario == "SingleStream":
        names = ("early stopping 90.0th percentile estimate",) if new else ()
        found = first_number(*names, "90th percentile latency (ns)", "90.0th percentile latency (ns)")
        unit, hib = "ms", False
    elif new:
        found = first_number("early stopping 99.0th percentile estimate", "99.0th percentile latency (ns)",
                             "99th percentile latency (ns)")
        unit, hib = "ms", False
    else:
        found, unit = first_number("samples per query"), "samples/query"
    if isinstance(found, Skip):
        return found
    if found is None:
        return Skip(path, f"no {scenario} result line")
    metric, value = found
    if unit == "ms":
        value = value / 1e6
    elif not unit:
        unit = "tokens/s" if "tokens" in metric else "samples/s"
    return Inference(scenario, metric, value, unit, hib, validity == "VALID")
