"""An answer per workload family, computed from the like-for-like comparisons in ``faceoff.bench.evidence``.

Which framework was fastest on hardware-matched evidence, by what ratio, on what hardware, in which year, from which
source, and how strong that is. Nothing here is written by hand: with no matched evidence the answer says so.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from faceoff.bench.contention import BUSY_LOAD_PER_CORE
from faceoff.bench.evidence import CROSS, WITHIN, evidence_frame
from faceoff.bench.families import FAMILIES
from faceoff.bench.results import FRAMEWORK_NAMES


@dataclass(frozen=True)
class BenchAnswer:
    """One workload family's answer. ``matched``: it rests on frameworks measured on the same model and hardware.

    ``fastest`` is a framework id (None when nothing cross-framework is matched); ``ratio`` is how many times faster
    it was than the runner-up (median over the headline source's comparisons it won) or, for a within-framework
    answer (``kind`` "within-framework"), the median compiled-over-eager speed-up.
    """

    family: str
    family_label: str
    sentence: str
    fastest: str | None
    ratio: float | None
    hardware: str | None
    year: int | None
    source_title: str
    source_url: str
    as_of: str
    strength: str
    matched: bool
    kind: str = "none"
    comparisons: int = 0


def era_of(year: int | None) -> str:
    if year is None:
        return "undated"
    if year >= 2024:
        return "current era (2024 or later)"
    if year >= 2022:
        return "recent (2022–2023)"
    return f"old ({year}; the frameworks have changed a lot since)"


def _short_hardware(text: str) -> str:
    """The accelerator part of a published hardware description (before its first ';')."""
    return str(text).split(";")[0].strip()


# Evidence from this year on is "modern": the frameworks' compilers (torch.compile, XLA in Keras 3 and TF) existed.
MODERN_FROM = 2022
# How a family's hardware-matched sources are ranked; the first leads the answer. Shown on the page as written.
RANK_RULE = (
    "accelerator results before CPU-only ones (except for the CPU family)",
    f"results from {MODERN_FROM} on before older ones",
    "audited MLPerf rounds (whole time to train or serve, several runs, peer-reviewed) before single studies",
    "newer before older",
    "more comparisons before fewer",
)


def _rank(part: pd.DataFrame, family: str) -> pd.DataFrame:
    """Sources ranked by ``RANK_RULE`` (each key in order; undated sources count as old)."""
    by = part.groupby("source_id").agg(year=("year", "max"), n=("ratio", "size"),
                                       cpu=("device", lambda d: (d == "cpu").all()),
                                       audited=("origin", lambda o: (o == "mlperf").any()),
                                       date=("as_of", lambda d: max((str(v) for v in d if v), default="")))
    if family == "cpu-small":
        by["cpu"] = False
    year = pd.to_numeric(by["year"], errors="coerce").fillna(0)
    # Within a year, audited rounds also order by their date (published studies carry the data's date, not theirs).
    by = by.assign(key_cpu=~by["cpu"], key_modern=year >= MODERN_FROM, key_year=year,
                   key_date=by["date"].where(by["audited"], ""))
    return by.sort_values(["key_cpu", "key_modern", "audited", "key_year", "key_date", "n"], ascending=False,
                          kind="stable")


def _years(ranked: pd.DataFrame) -> str:
    years = pd.to_numeric(ranked["year"], errors="coerce")
    named = [str(int(y)) for y in sorted(set(years.dropna()))]
    return ", ".join(named + (["undated"] if years.isna().any() else []))


def _where(example: pd.Series, hardware: str, year: int | None) -> str:
    """Hardware, source and date of a headline comparison; an MLPerf round keeps what its date is."""
    if example.get("origin") == "mlperf":
        return f"on {hardware}, {example['source']}"
    return f"on {hardware}, {short_title(example['source'])}, {year}"


def _distinct(part: pd.DataFrame) -> pd.DataFrame:
    """One comparison per source, model, hardware and setting (a study's two metrics of one run count once)."""
    return part.drop_duplicates(["source_id", "model", "hardware", "setting", "fastest", "runner_up"])


def _cross_answer(family: str, matched: pd.DataFrame, everything: pd.DataFrame) -> BenchAnswer:
    label = FAMILIES[family]
    ranked = _rank(matched, family)
    head_id = ranked.index[0]
    head = _distinct(matched[matched["source_id"] == head_id])
    wins = head.groupby("fastest")["ratio"].agg(["size", "median"]).sort_values(["size", "median"], ascending=False)
    split = len(wins) > 1 and wins["size"].iloc[0] == wins["size"].iloc[1]
    fastest = str(wins.index[0])
    won = head[head["fastest"] == fastest]
    ratio = float(statistics.median(won["ratio"]))
    example = won.iloc[(won["ratio"] - ratio).abs().argsort().iloc[0]]
    runner = FRAMEWORK_NAMES.get(example["runner_up"], example["runner_up"])
    year = int(example["year"]) if pd.notna(example["year"]) else None
    hardware = _short_hardware(example["hardware"])
    name = FRAMEWORK_NAMES.get(fastest, fastest)
    where = _where(example, hardware, year)
    if split:
        leaders = " and ".join(f"{FRAMEWORK_NAMES.get(str(f), str(f))} in {int(n)}" for f, n in wins["size"].items())
        sentence = (f"{label}: no clear winner on hardware-matched evidence: fastest were {leaders} of {len(head)} "
                    f"comparisons, each by at most {head['ratio'].max():.2f}× ({where}).")
        fastest_id: str | None = None
        shown_ratio: float | None = None
    else:
        sentence = (f"{label}: {name} was fastest in {len(won)} of {len(head)} hardware-matched comparisons, "
                    f"a median {ratio:.2f}× the next framework (e.g. {example['model']}: "
                    f"{example['ratio']:.2f}× as fast as {runner}) {where}.")
        fastest_id, shown_ratio = fastest, round(ratio, 3)
    sources = ranked.index.tolist()
    others = [s for s in sources[1:]]
    agree = sum(1 for s in others
                if _distinct(matched[matched["source_id"] == s])["fastest"].mode().iloc[0] == fastest)
    parts = [f"{len(sources)} independent source{'s' if len(sources) != 1 else ''} with matched figures"
             f" ({_years(ranked)})"]
    if len(others) == 1 and not split:
        parts.append("the other source agrees" if agree else "the other source found a different leader")
    elif others and not split:
        parts.append(f"{agree} of the {len(others)} other sources agree")
    parts.append("same model and hardware in each comparison")
    parts.append(era_of(year))
    newer = _single_framework_sources(everything, family, year)
    if newer:
        parts.append(f"{newer} newer single-framework source{'s' if newer != 1 else ''} not comparable")
    claims = everything[(everything["family"] == family) & (everything["kind"] == CROSS) & ~everything["matched"]]
    if not claims.empty:
        parts.append(f"{len(claims)} approximate claim{'s' if len(claims) != 1 else ''} without stated "
                     "hardware not counted")
    return BenchAnswer(family, label, sentence, fastest_id, shown_ratio, hardware, year, str(example["source"]),
                       str(example["url"]), str(example["as_of"] or ""), "; ".join(parts) + ".", True, CROSS,
                       len(head))


def short_title(title: str) -> str:
    """A source's title without its parenthetical detail ("Keras 3 benchmarks (revision …)" -> "Keras 3 benchmarks")."""
    text = str(title)
    short = text.split(" (")[0].split(":")[0].strip() or text
    if " " not in short and " (" in text:  # one generic word ("Benchmarks"): keep what the parenthesis says first
        short = f"{short} ({text.split(' (', 1)[1].split(';')[0].rstrip(')')})"
    return short


def _single_framework_sources(everything: pd.DataFrame, family: str, after: int | None) -> int:
    """Sources in the family newer than the headline whose figures cover one framework only (published rows)."""
    rows = everything.attrs.get("family_sources", {}).get(family, {})
    return sum(1 for _, (year, frameworks) in rows.items() if frameworks == 1 and (after is None or year > after))


def _within_answer(family: str, pairs: pd.DataFrame, everything: pd.DataFrame) -> BenchAnswer:
    label = FAMILIES[family]
    ranked = _rank(pairs, "any")
    head = _distinct(pairs[pairs["source_id"] == ranked.index[0]])
    ratio = float(statistics.median(head["ratio"]))
    example = head.iloc[(head["ratio"] - ratio).abs().argsort().iloc[0]]
    fw = FRAMEWORK_NAMES.get(example["fastest"], example["fastest"])
    year = int(example["year"]) if pd.notna(example["year"]) else None
    hardware = _short_hardware(example["hardware"])
    faster = int((head["ratio"] > 1).sum())
    if family == "compile-speedups":
        lead = f"{label}: compiling made {fw} a median {ratio:.2f}× faster than eager"
    else:
        lead = (f"{label}: no source measured two frameworks on the same model and hardware. Within {fw} only, "
                f"{example['fastest_variant']} ran a median {ratio:.2f}× its baseline")
    sentence = (f"{lead} ({faster} of {len(head)} pairs faster; e.g. {example['model']}) on {hardware}, "
                f"{short_title(example['source'])}, {year}. This is a speed-up within one framework, "
                "not a cross-framework answer.")
    strength = (f"{len(ranked)} source{'s' if len(ranked) != 1 else ''} with matched eager and compiled figures "
                f"({_years(ranked)}); same model and hardware in each "
                f"pair; {era_of(year)}.")
    return BenchAnswer(family, label, sentence, None, round(ratio, 3), hardware, year, str(example["source"]),
                       str(example["url"]), str(example["as_of"] or ""), strength, False, WITHIN, len(head))


def _empty_answer(family: str, everything: pd.DataFrame, as_of: str) -> BenchAnswer:
    label = FAMILIES[family]
    single = everything.attrs.get("family_sources", {}).get(family, {})
    if single:
        names = len(single)
        sentence = (f"{label}: no stored source measured two frameworks on the same model and hardware, so Faceoff "
                    f"does not name a faster one; {names} source{'s' if names != 1 else ''} report one framework "
                    "each, on different hardware.")
    else:
        sentence = f"{label}: no stored evidence yet."
    return BenchAnswer(family, label, sentence, None, None, None, None, "", "", as_of,
                       "no hardware-matched evidence", False, "none", 0)


def answers_from_evidence(evidence: pd.DataFrame, as_of: str = "") -> list[BenchAnswer]:
    """One answer per family, in the page's order."""
    out = []
    for family in FAMILIES:
        part = evidence[evidence["family"] == family]
        matched = part[(part["kind"] == CROSS) & part["matched"].astype(bool)]
        within = part[part["kind"] == WITHIN]
        if family != "compile-speedups" and not matched.empty:
            out.append(_cross_answer(family, matched, evidence))
        elif not within.empty:
            out.append(_within_answer(family, within, evidence))
        else:
            family_within = evidence[(evidence["kind"] == WITHIN) & (evidence["family"] == family)]
            out.append(_within_answer(family, family_within, evidence) if not family_within.empty
                       else _empty_answer(family, evidence, as_of))
    return out


def family_sources(published) -> dict[str, dict[str, tuple[int, int]]]:
    """Per family: each published source's year and number of frameworks (to count single-framework sources)."""
    rows = published.rows[~published.rows["superseded"]]
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for (family, source), part in rows.groupby(["family", "source_id"]):
        out.setdefault(family, {})[source] = (int(part["year"].iloc[0]), int(part["framework_id"].nunique()))
    return out


def benchmark_answers(published=None, published_as_of: str | None = None, mlperf: pd.DataFrame | None = None,
                      measured: pd.DataFrame | None = None,
                      workload_titles: dict[str, str] | None = None,
                      mlperf_dates: dict | None = None) -> list[BenchAnswer]:
    """The answers from loaded data: ``published`` a ``Published``, ``mlperf`` the MLPerf results frame,
    ``measured`` ``results_frame(...)`` of Faceoff's runs; any may be ``None`` (not loaded or not imported yet)."""
    evidence = evidence_frame(published, published_as_of, mlperf, measured, workload_titles, mlperf_dates)
    evidence.attrs["family_sources"] = family_sources(published) if published is not None else {}
    answers = answers_from_evidence(evidence, published_as_of or "")
    busy = busy_runs(measured)
    return [with_busy_note(a, busy) if a.family in MEASURED_FAMILIES else a for a in answers]


# Families Faceoff's own runs feed (faceoff.bench.evidence.measured_evidence).
MEASURED_FAMILIES = ("cpu-small",)


def busy_runs(measured: pd.DataFrame | None) -> dict[str, int]:
    """Per workload title or id: how many stored results ran on a busy machine (left out of the answers)."""
    if measured is None or measured.empty or "busy" not in measured:
        return {}
    busy = measured[measured["busy"].astype(bool)]
    return {str(w): int(n) for w, n in busy.groupby("workload").size().items()}


def with_busy_note(answer: BenchAnswer, busy: dict[str, int]) -> BenchAnswer:
    """The answer's strength names the measured results it left out because the machine was busy."""
    if not busy:
        return answer
    total = sum(busy.values())
    words = (f"{total} of Faceoff's own results not counted: measured on a busy machine (1-minute load average "
             f"above {BUSY_LOAD_PER_CORE:g}× its cores)")
    return replace(answer, strength=f"{answer.strength.rstrip('.')}; {words}.")


def mlperf_table(loaded) -> pd.DataFrame | None:
    """The results frame of a loaded MLPerf dataset (``MlperfResults.frame``), or ``None``."""
    value = getattr(loaded, "value", None)
    if isinstance(value, pd.DataFrame):
        return value
    frame = getattr(value, "frame", None)
    return frame if isinstance(frame, pd.DataFrame) else None


def load_benchmark_answers(data_dir: Path | None = None) -> list[BenchAnswer]:
    """The answers from the data folder's registered datasets; a dataset that is missing or invalid is left out."""
    from faceoff.bench.evidence import mlperf_round_dates
    from faceoff.bench.frames import results_frame
    from faceoff.bench.spec import WORKLOADS
    from faceoff.errors import DataFileError
    from faceoff.registry import load_dataset, load_registry

    def quiet(dataset_id: str):
        try:
            return load_dataset(dataset_id, data_dir)
        except (DataFileError, KeyError):
            return None

    pub = quiet("benchmarks-published")
    measured = quiet("benchmarks-measured")
    mlperf_ids = [e.id for e in load_registry(data_dir) if e.loader.endswith(":load_mlperf_results")]
    mlperf = quiet(mlperf_ids[0]) if mlperf_ids else None
    systems = quiet(MLPERF_DATES) if mlperf is not None else None
    return benchmark_answers(
        pub.value if pub else None, pub.as_of.isoformat() if pub and pub.as_of else None,
        mlperf_table(mlperf), results_frame(measured.value.results) if measured else None,
        {k: w.title for k, w in WORKLOADS.items()},
        mlperf_round_dates(getattr(systems.value, "frame", None)) if systems else None,
    )


# The Popularity dataset whose MLPerf round dates (published, else the repository's first commit) date the rounds.
MLPERF_DATES = "popularity-mlperf-round-dates"
