"""Walk MLCommons results repositories and build one row per system × benchmark (× scenario for inference)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from faceoff.bench.mlperf.hardware import normalise_accelerator
from faceoff.bench.mlperf.scoring import (
    BENCHMARK_ALIASES,
    Inference,
    Run,
    Skip,
    folder_scenario,
    score_benchmark,
    score_run,
    score_summary,
)
from faceoff.bench.mlperf.source import Entry, RepoSnapshot

TRAINING_RESULT = re.compile(r"^(?P<sub>[^/]+)/results/(?P<system>[^/]+)/(?P<bench>[^/]+)/result_[^/]*\.txt$")
INFERENCE_RESULT = re.compile(r"^(?P<div>[^/]+)/(?P<sub>[^/]+)/results/(?P<system>[^/]+)/(?P<bench>[^/]+)/"
                              r"(?P<scen>[^/]+)/performance/run_1/mlperf_log_summary\.txt$")
DIVISIONS = {"close": "closed", "closed": "closed", "open": "open", "network": "network"}


@dataclass
class Framework:
    """The framework label of each system file and of each free-text string, from the Popularity MLPerf data."""

    by_file: dict[tuple[str, str], str] = field(default_factory=dict)
    by_raw: dict[str, str] = field(default_factory=dict)
    round_dates: dict[str, str] = field(default_factory=dict)
    fallback: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def label(self, repo: str, system_file: str, raw: str) -> str:
        return self.by_file.get((repo, system_file)) or self.by_raw.get(raw.strip()) or "unknown"


@dataclass
class RoundReport:
    """What one repository gave: rows, systems, and every skip with its file (and line)."""

    round: str
    repo: str
    commit: str
    rows: int = 0
    systems: set[str] = field(default_factory=set)
    copied: int = 0
    left_out: int = 0  # inference results of a division not asked for
    absent: int = 0  # result folders not scored because a file is absent from the snapshot read
    skips: list[Skip] = field(default_factory=list)


def _system_json(data: bytes | None, path: str) -> dict[str, Any] | Skip:
    if data is None:
        return Skip(path, "system description missing from the snapshot")
    text = data.decode("utf-8", errors="replace")
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = json.loads(re.sub(r",\s*([}\]])", r"\1", text))
        except ValueError as exc:
            return Skip(path, f"system description is not JSON ({exc})")
    return value if isinstance(value, dict) else Skip(path, "system description is not a JSON object")


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _system_fields(desc: dict[str, Any], fallback: dict[str, str] | None) -> dict[str, Any]:
    """The columns a row takes from the system description (the Popularity row where the JSON was unreadable)."""
    src: dict[str, Any] = dict(fallback or {})
    src.update({k: v for k, v in desc.items() if v not in (None, "")})
    nodes = _int(src.get("number_of_nodes"))
    per_node = _int(src.get("accelerators_per_node"))
    raw = str(src.get("accelerator_model_name") or src.get("accelerator_model_name", "")).strip()
    accelerator = normalise_accelerator(raw)
    count = nodes * per_node if nodes is not None and per_node is not None else None
    if not accelerator:  # CPU-only systems: the host processor is the hardware being compared
        host = str(src.get("host_processor_model_name") or "").strip()
        per_host = _int(src.get("host_processors_per_node"))
        accelerator = f"CPU: {' '.join(host.split())}" if host else ""
        count = nodes * per_host if nodes is not None and per_host is not None else None
    return {
        "division": DIVISIONS.get(str(src.get("division") or "").strip().lower(),
                                  str(src.get("division") or "").strip().lower()),
        "availability": str(src.get("status") or "").strip(),
        "submitter": str(src.get("submitter") or "").strip(),
        "system": str(src.get("system_name") or "").strip(),
        "framework_raw": " ".join(str(src.get("framework") or src.get("framework_raw") or "").split()),
        "accelerator": accelerator,
        "accelerator_raw": raw,
        "accelerator_count": count,
        "nodes": nodes,
    }


class Importer:
    """Rows from several repositories, oldest round first, so a result copied into a later repository keeps the
    round it was first submitted in (byte-identical result files are recognised by their git blob id)."""

    def __init__(self, frameworks: Framework, echo: Callable[[str], None] = lambda line: None,
                 inference_divisions: Iterable[str] | None = None):
        self.frameworks = frameworks
        self.inference_divisions = {d.lower() for d in inference_divisions} if inference_divisions else None
        self.echo = echo
        self.seen: dict[str, str] = {}  # blob id of a result file -> round it first appeared in
        self.rows: list[dict[str, Any]] = []
        self.reports: list[RoundReport] = []

    def run(self, snapshots: Iterable[RepoSnapshot]) -> None:
        order = sorted(snapshots, key=lambda s: (s.suite, tuple(int(p) for p in s.version[1:].split("."))))
        for snap in order:
            try:
                self._one(snap)
            finally:
                snap.close()

    def _systems(self, snap: RepoSnapshot, entries: dict[str, Entry], path: str,
                 cache: dict[str, dict[str, Any] | Skip]) -> dict[str, Any] | Skip:
        if path not in cache:
            entry = entries.get(path)
            fallback = self.frameworks.fallback.get((snap.repo, path))
            desc = _system_json(snap.read(entry) if entry else None, path)
            if isinstance(desc, Skip) and fallback:
                desc = {}
            cache[path] = desc if isinstance(desc, Skip) else _system_fields(desc, fallback)
        return cache[path]

    def _row(self, snap: RepoSnapshot, system_path: str, system: dict[str, Any], **values: Any) -> dict[str, Any]:
        framework = self.frameworks.label(snap.repo, system_path, system["framework_raw"])
        row = {"suite": snap.suite, "round": snap.version, "round_date": self.frameworks.round_dates.get(snap.round,
                                                                                                         ""),
               **system, "framework": framework, "repo": snap.repo, "commit": snap.commit, **values}
        return row

    def _one(self, snap: RepoSnapshot) -> None:
        report = RoundReport(snap.round, snap.repo, snap.commit)
        self.reports.append(report)
        entries = {e.path: e for e in snap.entries()}
        pattern = TRAINING_RESULT if snap.suite == "training" else INFERENCE_RESULT
        groups: dict[str, list[tuple[Entry, re.Match[str]]]] = {}
        for path, entry in entries.items():
            match = pattern.match(path)
            if match and snap.suite == "inference" and self.inference_divisions is not None and \
                    DIVISIONS.get(match["div"].lower(), match["div"].lower()) not in self.inference_divisions:
                report.left_out += 1
                continue
            if match:
                groups.setdefault(path.rsplit("/", 1)[0] if snap.suite == "training" else path, []).append(
                    (entry, match))
        if not groups:
            layout = ("<submitter>/results/<system>/<benchmark>/result_*.txt" if snap.suite == "training" else
                      "<division>/<submitter>/results/<system>/<model>/<scenario>/performance/run_1/"
                      "mlperf_log_summary.txt")
            report.skips.append(Skip(snap.repo, f"no result files laid out as {layout}; round not imported"))
        cache: dict[str, dict[str, Any] | Skip] = {}
        for folder, files in sorted(groups.items()):
            first_round = {self.seen.get(e.blob) for e, _ in files}
            if first_round and None not in first_round and snap.round not in first_round:
                report.copied += 1
                continue
            for e, _ in files:
                self.seen.setdefault(e.blob, snap.round)
            match = files[0][1]
            if snap.suite == "training":
                system_path = f"{match['sub']}/systems/{match['system']}.json"
            else:
                system_path = f"{match['div']}/{match['sub']}/systems/{match['system']}.json"
            system = self._systems(snap, entries, system_path, cache)
            if isinstance(system, Skip):
                report.skips.append(Skip(folder, f"skipped: {system}"))
                continue
            row = (self._training(snap, entries, folder, files, report) if snap.suite == "training"
                   else self._inference(snap, folder, files[0][0], report))
            if row is None:
                continue
            self.rows.append(self._row(snap, system_path, system, system_id=match["system"], **row))
            report.rows += 1
            report.systems.add(system_path)
        self.echo(f"{snap.round} ({snap.repo}@{snap.commit[:12]}): {report.rows} results, {len(report.systems)} "
                  f"systems, {report.copied} copied from earlier rounds, {len(report.skips)} skipped or failed"
                  + (f", {report.left_out} left out (division)" if report.left_out else ""))

    def _training(self, snap: RepoSnapshot, entries: dict[str, Entry], folder: str,
                  files: list[tuple[Entry, re.Match[str]]], report: RoundReport) -> dict[str, Any] | None:
        benchmark = BENCHMARK_ALIASES.get(files[0][1]["bench"], files[0][1]["bench"])
        runs: list[Run] = []
        absent = 0
        for entry, _ in sorted(files, key=lambda f: f[0].path):
            data = snap.read(entry)
            if data is None:
                absent += 1
            else:
                runs.append(score_run(data.decode("latin-1"), entry.path))
        if absent:  # our copy lacks the file (large files may be left out): the run is unknown, not failed
            report.absent += 1
            report.skips.append(Skip(folder, f"not scored: {absent} of {len(files)} result files are absent from "
                                             "the snapshot read (large files left out), so the runs cannot be "
                                             "counted"))
            return None
        report.skips.extend(r.why for r in runs if r.why is not None)
        factor = 1.0
        scaling = entries.get(f"{folder}/scaling.json")
        if scaling is not None:
            try:
                factor = float(json.loads(snap.read(scaling) or b"{}")["scaling_factor"])
            except (ValueError, KeyError, TypeError) as exc:
                report.skips.append(Skip(scaling.path, f"scaling.json unreadable ({exc}); scored without it"))
        score = score_benchmark(benchmark, runs, factor)
        if score.minutes is None:
            report.skips.append(Skip(folder, f"no score: {score.why}"))
            return None
        return {"benchmark": benchmark, "scenario": "", "metric": "time to train", "value": score.minutes,
                "unit": "minutes", "higher_is_better": False, "valid": True, "runs_used": score.runs_used,
                "runs_total": score.runs_total, "scaling_factor": factor, "note": "; ".join(score.notes),
                "result_path": folder}

    def _inference(self, snap: RepoSnapshot, path: str, entry: Entry, report: RoundReport) -> dict[str, Any] | None:
        data = snap.read(entry)
        if data is None:
            report.absent += 1
            report.skips.append(Skip(path, "not scored: file absent from the snapshot read (large files left out)"))
            return None
        result = score_summary(data.decode("utf-8", errors="replace"), path, snap.version)
        if isinstance(result, Skip):
            report.skips.append(result)
            return None
        assert isinstance(result, Inference)
        folder = path.split("/performance/")[0]
        bench = folder.split("/")[-2]
        scenario = folder_scenario(folder.split("/")[-1], result.scenario)
        if scenario is None:
            report.skips.append(Skip(path, f"not scored: a {result.scenario} run in a {folder.split('/')[-1]} folder "
                                           "(result inferred from another scenario)"))
            return None
        return {"benchmark": bench, "scenario": scenario, "metric": result.metric, "value": result.value,
                "unit": result.unit, "higher_is_better": result.higher_is_better, "valid": result.valid,
                "runs_used": 1, "runs_total": 1, "scaling_factor": 1.0, "note": "", "result_path": folder}
