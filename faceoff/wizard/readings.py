"""Benchmark and popularity readings that bear on a set of answers, for the decision record.

Both come from the functions the Benchmarks and Popularity pages use: ``faceoff.bench.benchmark_answers`` (reached
through one small adapter, :func:`benchmark_provider`, because it may not exist yet) and ``faceoff.popularity``'s
summary lines. A dataset that is missing or does not load leaves a note naming it; the record is still made.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faceoff.errors import DataFileError
from faceoff.registry import entry, load_dataset

BENCH_DATASETS = ("benchmarks-published", "benchmarks-measured")

# Which popularity signal bears on which answer: research follows papers, production and learning follow what is
# installed and starred, accelerators and cluster scale follow what MLPerf submissions run on.
POPULARITY_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("role", "research"): ("conferences",),
    ("role", "production"): ("pypi",),
    ("role", "learning"): ("pypi", "stars"),
    ("hardware", "nvidia-gpu"): ("mlperf",),
    ("hardware", "amd-gpu"): ("mlperf",),
    ("hardware", "tpu"): ("mlperf",),
    ("scale", "multi-gpu"): ("mlperf",),
    ("scale", "multi-node"): ("mlperf",),
    ("deploy", "cloud-servers"): ("mlperf",),
}
SIGNAL_DATASETS: dict[str, tuple[str, ...]] = {
    "pypi": ("popularity-pypi-top", "popularity-pypi-frameworks"),
    "stars": ("popularity-github-stars",),
    "conferences": ("popularity-conferences",),
    "mlperf": ("popularity-mlperf",),
}


@dataclass(frozen=True)
class Reading:
    """One computed reading with its source (title, URL, kind, as-of date)."""

    title: str
    sentence: str
    when: str
    source_title: str
    source_url: str
    as_of: str
    kind: str = "secondary"
    because: str = ""  # the answer(s) it bears on, in plain words


@dataclass(frozen=True)
class Readings:
    readings: tuple[Reading, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)  # datasets unavailable, in a sentence each


def unavailable(dataset_id: str, data_dir: Path | None, why: str) -> str:
    try:
        where = f" ({entry(dataset_id, data_dir).path})"
    except (DataFileError, KeyError, OSError):
        where = ""
    return f"Unavailable: the dataset “{dataset_id}”{where} could not be used ({why})."


# Which benchmark workload families (faceoff.bench.FAMILIES) bear on which answers.
BENCHMARK_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("domain", "nlp-llm"): ("llm-training", "llm-inference"),
    ("domain", "vision"): ("vision-training",),
    ("hardware", "cpu-only"): ("cpu-small",),
    ("priority", "performance"): ("llm-training", "llm-inference", "vision-training", "compile-speedups", "cpu-small"),
    ("scale", "multi-gpu"): ("llm-training",),
    ("scale", "multi-node"): ("llm-training",),
}


def relevant_families(given: Mapping[str, str]) -> set[str]:
    return {f for (question, option), families in BENCHMARK_FOR.items() if given.get(question) == option
            for f in families}


def benchmark_provider() -> Callable[..., list[Any]] | None:
    """The Benchmarks page's answers (``faceoff.bench.load_benchmark_answers``) for the families that bear on the
    given answers, or ``None`` when this build has no such function (the adapter's only import)."""
    module = importlib.import_module("faceoff.bench")
    load = getattr(module, "load_benchmark_answers", None)
    if load is None:
        return None

    def provider(given: Mapping[str, str], data_dir: Path | None) -> list[Any]:
        wanted = relevant_families(given)
        return [a for a in load(data_dir) if a.family in wanted]

    return provider


def benchmark_readings(given: Mapping[str, str], data_dir: Path | None,
                       provider: Callable[..., list[Any]] | None = None) -> Readings:
    """Benchmark readings for the given answers (``BenchAnswer`` records: sentence, source, as-of, matched)."""
    provider = provider or benchmark_provider()
    if provider is None:
        return Readings(notes=tuple(unavailable(d, data_dir, "benchmark readings are not available in this build")
                                    for d in BENCH_DATASETS[:1]))
    try:
        answers = provider(dict(given), data_dir)
    except (DataFileError, OSError, ValueError) as exc:
        return Readings(notes=(unavailable(BENCH_DATASETS[0], data_dir, str(exc).splitlines()[0]),))
    out = []
    for a in answers:
        if not getattr(a, "matched", True):
            continue
        when = f"{a.hardware}, {a.year}" if getattr(a, "hardware", None) else str(getattr(a, "year", ""))
        out.append(Reading(a.family_label, a.sentence, when, a.source_title, a.source_url, str(a.as_of),
                           because=f"strength: {a.strength}" if getattr(a, "strength", None) else ""))
    return Readings(tuple(out))


def _signal_line(signal: str, names: dict[str, str], data_dir: Path | None):
    from faceoff.popularity import conferences_line, mlperf_line, pypi_line, snapshot_rows, stars_line

    loaded = [load_dataset(d, data_dir).value for d in SIGNAL_DATASETS[signal]]
    snap = loaded[0]
    if snap is None or snap.empty:
        raise ValueError("no rows yet")
    fws = list(names)
    if signal == "pypi":
        line = pypi_line(snapshot_rows(snap.frame), loaded[1], names, fws)
    elif signal == "stars":
        line = stars_line(snap.frame, names, fws)
    elif signal == "conferences":
        line = conferences_line(snap.frame)
    else:
        line = mlperf_line(snap.frame)
    return line, snap.provenance


def popularity_readings(given: Mapping[str, str], labels: Mapping[tuple[str, str], str], names: dict[str, str],
                        data_dir: Path | None) -> Readings:
    """The popularity summary lines that bear on the given answers (none when none applies)."""
    wanted: dict[str, list[str]] = {}
    for key, signals in POPULARITY_FOR.items():
        if given.get(key[0]) == key[1]:
            for s in signals:
                wanted.setdefault(s, []).append(labels.get(key, key[1]))
    readings, notes = [], []
    for signal, because in wanted.items():
        try:
            line, prov = _signal_line(signal, names, data_dir)
        except (DataFileError, KeyError, OSError, ValueError) as exc:
            notes.append(unavailable(SIGNAL_DATASETS[signal][0], data_dir, str(exc).splitlines()[0]))
            continue
        if not line.has_data or prov is None:
            notes.append(unavailable(SIGNAL_DATASETS[signal][0], data_dir, line.says))
            continue
        as_of = (prov.data_as_of or prov.retrieved).isoformat()
        readings.append(Reading(line.title, line.says, line.when, prov.source, str(prov.url), as_of,
                                because="; ".join(because)))
    return Readings(tuple(readings), tuple(notes))


__all__ = ["BENCHMARK_FOR", "BENCH_DATASETS", "POPULARITY_FOR", "Reading", "Readings", "benchmark_provider",
           "benchmark_readings", "popularity_readings", "relevant_families", "unavailable"]
