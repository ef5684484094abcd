"""Faceoff's measured benchmark results (``data/benchmarks/measured/``): metrics, loading, the correctness gate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from faceoff.bench.gate import Check, run_gate
from faceoff.bench.schema import BenchResult
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path, read_json
from faceoff.loading import Loaded, duplicates, parse_model

FRAMEWORK_COLORS = {"pytorch": "#EE4C2C", "tensorflow": "#FF8F00", "jax": "#3F7FD8"}
FRAMEWORK_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
MODE_PATTERNS = {"eager": "", "compiled": "/"}
MEASURED = "measured"

# Measured metrics: id -> (label, unit, lower is better)
METRICS = {
    "step_time": ("Time per step (median, p10–p90)", "ms", True),
    "throughput": ("Throughput", "per s", False),
    "epoch_time": ("Time per epoch (epochs 2+)", "s", True),
    "compile_time": ("Compile / first-step overhead", "s", True),
    "peak_memory": ("Peak memory over baseline", "MiB", True),
    "accuracy": ("Final test accuracy", "%", False),
}


def parse_result_file(path: Path) -> BenchResult:
    result = parse_model(path, BenchResult, reader=read_json)
    return result


@dataclass(frozen=True)
class Measured:
    results: list[BenchResult]
    gate: list[Check]

    def result(self, key: str) -> BenchResult | None:
        return self.by_key().get(key)

    def by_key(self) -> dict[str, BenchResult]:
        """Every result by its key (built once: the page looks several up on each rerun)."""
        index = self.__dict__.get("_by_key")
        if index is None:
            index = {result_key(r): r for r in self.results}
            object.__setattr__(self, "_by_key", index)
        return index


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
