"""Like-for-like comparisons found in the stored data: one row per group of numbers measured on the same model,
hardware and metric, from published studies, MLPerf results and Faceoff's own runs. Nothing is compared across
studies, rounds or machines.
"""

from __future__ import annotations

import pandas as pd

from faceoff.bench.families import OTHER
from faceoff.bench.results import FRAMEWORK_NAMES
from faceoff.bench.studies import Published

EVIDENCE_COLUMNS = [
    "family", "kind", "matched", "origin", "source_id", "source", "url", "year", "as_of", "device", "hardware",
    "model", "setting", "metric", "unit", "higher_is_better", "fastest", "fastest_variant", "fastest_value",
    "runner_up", "runner_up_variant", "runner_up_value", "ratio",
]
CROSS, WITHIN = "cross-framework", "within-framework"
# Published metrics that are not speed (accuracy, memory, power, energy) never decide "which is faster".
NOT_SPEED = ("accuracy", "memory", "power", "energy")
PUBLISHED_KEY = ["source_id", "family", "model", "dataset", "hardware", "accelerator_count", "batch_or_seq", "metric",
                 "unit"]
# MLPerf benchmark names (lower case, prefix) -> family; suites differ in what a name means.
MLPERF_FAMILIES = {
    "training": (("resnet", "vision-training"), ("ssd", "vision-training"), ("maskrcnn", "vision-training"),
                 ("retinanet", "vision-training"), ("unet3d", "vision-training"), ("bert", "llm-training"),
                 ("gpt3", "llm-training"), ("llama", "llm-training"), ("transformer", "llm-training"),
                 ("gnmt", "llm-training")),
    "inference": (("llama", "llm-inference"), ("gpt-j", "llm-inference"), ("gptj", "llm-inference"),
                  ("bert", "llm-inference"), ("mixtral", "llm-inference"), ("deepseek", "llm-inference")),
}


# MLPerf benchmark ids as their reference models are called (the MLPerf rules' benchmark tables).
MLPERF_MODELS = {"resnet": "ResNet-50 v1.5", "bert": "BERT-large", "transformer": "Transformer (WMT En-De)",
                 "gnmt": "GNMT", "ssd": "SSD", "maskrcnn": "Mask R-CNN", "retinanet": "RetinaNet",
                 "unet3d": "3D U-Net", "gpt3": "GPT-3 175B"}


def _best(part: pd.DataFrame, higher: bool) -> pd.Series:
    values = part["value"].to_numpy(dtype=float)
    return part.iloc[int(values.argmax() if higher else values.argmin())]


def _ratio(fast: float, slow: float, higher: bool) -> float:
    """How many times faster the first value is: throughputs divide one way, times the other."""
    return fast / slow if higher else slow / fast


def _row(*parts: dict, **values) -> dict:
    """One evidence row from dicts merged left to right, then ``values`` (later ones win)."""
    merged: dict = {}
    for part in parts:
        merged.update(part)
    merged.update(values)
    return {c: merged.get(c) for c in EVIDENCE_COLUMNS}


def _cross(groups, variant_col: str, fw_col: str, higher_of, base: dict, describe) -> list[dict]:
    """Per group with two or more frameworks: each framework's best number, the fastest and the runner-up."""
    out = []
    for key, part in groups:
        if part[fw_col].nunique() < 2:
            continue
        higher = higher_of(part)
        bests = sorted((_best(p, higher) for _, p in part.groupby(fw_col)), key=lambda r: r["value"],
                       reverse=higher)
        first, second = bests[0], bests[1]
        out.append(_row(base, describe(key, part), kind=CROSS, matched=True,
                        fastest=first[fw_col], fastest_variant=first[variant_col], fastest_value=first["value"],
                        runner_up=second[fw_col], runner_up_variant=second[variant_col],
                        runner_up_value=second["value"], ratio=_ratio(first["value"], second["value"], higher),
                        higher_is_better=higher))
    return out


def _compile_pairs(groups, variant_col: str, fw_col: str, mode_col: str, higher_of, base: dict,
                   describe) -> list[dict]:
    """Per group and framework with eager and compiled numbers: the best compiled against the best eager."""
    out = []
    for key, part in groups:
        higher = higher_of(part)
        for fw, rows in part.groupby(fw_col):
            eager, compiled = rows[rows[mode_col] == "eager"], rows[rows[mode_col] == "compiled"]
            if eager.empty or compiled.empty:
                continue
            e, c = _best(eager, higher), _best(compiled, higher)
            out.append(_row(base, describe(key, part), family="compile-speedups", kind=WITHIN, matched=True,
                            fastest=fw, fastest_variant=c[variant_col], fastest_value=c["value"], runner_up=fw,
                            runner_up_variant=e[variant_col], runner_up_value=e["value"],
                            ratio=_ratio(c["value"], e["value"], higher), higher_is_better=higher))
    return out


def published_evidence(pub: Published, as_of: str) -> list[dict]:
    rows = pub.rows[~pub.rows["superseded"] & (pub.rows["family"] != OTHER)]
    speed = rows[(rows["value_kind"] == "absolute") & ~rows["metric"].str.contains("|".join(NOT_SPEED))]
    titles = dict(zip(pub.sources["source_id"], pub.sources["title"], strict=True))

    def describe(key, part):
        first = part.iloc[0]
        count = f" ×{first['accelerator_count']}" if first["accelerator_count"] else ""
        return {"family": first["family"], "source_id": first["source_id"], "source": titles[first["source_id"]],
                "url": first["url"], "year": int(first["year"]), "device": first["device"],
                "hardware": f"{first['hardware']}{count}", "model": first["model"],
                "setting": "; ".join(s for s in (first["dataset"], first["batch_or_seq"]) if s),
                "metric": first["metric"], "unit": first["unit"]}

    def higher_of(part):
        return bool(part["higher_is_better"].iloc[0])

    base = {"origin": "published", "as_of": as_of}
    out = _cross(speed.groupby(PUBLISHED_KEY, sort=False), "variant", "framework_id", higher_of, base, describe)
    pairs = speed.groupby([*PUBLISHED_KEY, "precision"], sort=False)
    out += _compile_pairs(pairs, "variant", "framework_id", "mode", higher_of, base, describe)
    out += _relative_evidence(rows, titles, as_of)
    return out


def _relative_evidence(rows: pd.DataFrame, titles: dict, as_of: str) -> list[dict]:
    """Numbers published as a ratio: compile speed-ups over eager, and cross-framework claims ("A vs B")."""
    out = []
    for _, r in rows[rows["value_kind"] == "relative"].iterrows():
        unit, value = str(r["unit"]), float(r["value"])
        ratio = 1 + value / 100 if unit.startswith("%") else value
        common = {"origin": "published", "as_of": as_of, "source_id": r["source_id"], "source": titles[r["source_id"]],
                  "url": r["url"], "year": int(r["year"]), "device": r["device"], "hardware": r["hardware"],
                  "model": r["model"], "setting": r["precision"] or "", "metric": r["metric"], "unit": unit,
                  "higher_is_better": True, "ratio": ratio, "fastest_value": None, "runner_up_value": None}
        label, mode = str(r["framework"]), str(r["variant"]).lower()
        if "vs eager" in mode or "than eager" in unit:
            out.append(_row(common, family="compile-speedups", kind=WITHIN, matched=True,
                            fastest=r["framework_id"], fastest_variant="torch.compile", runner_up=r["framework_id"],
                            runner_up_variant="eager"))
        elif " vs " in label.lower():
            other = "pytorch" if r["framework_id"] == "jax" else "jax"
            out.append(_row(common, family=r["family"], kind=CROSS, matched=False, fastest=r["framework_id"],
                            fastest_variant=label.split(" vs ")[0], runner_up=other,
                            runner_up_variant=label.split(" vs ")[1]))
    return out


def mlperf_family(suite: str, benchmark: str) -> str:
    low = str(benchmark).lower()
    for prefix, family in MLPERF_FAMILIES.get(str(suite).lower(), ()):
        if low.startswith(prefix):
            return family
    return OTHER


def mlperf_url(repo: str, commit: str, path: str) -> str:
    base = repo if str(repo).startswith("http") else f"https://github.com/{repo}"
    return f"{base}/tree/{commit}/{path}" if commit and path else base


def mlperf_round_dates(dates: pd.DataFrame | None) -> dict[tuple[str, str], tuple[str, str]]:
    """(suite, round) -> (ISO date, what the date is) from the Popularity page's MLPerf round dates
    (``faceoff.popularity.mlperf_round_dates``): a publication date, else the results repository's first commit,
    named as such; rounds with no date found are left out (the sentence then says the date is not stored)."""
    from faceoff.popularity import mlperf_round_dates as round_dates

    if dates is None or dates.empty:
        return {}
    return {key: (rd.date.isoformat(), "results published" if rd.published else "results repository's first commit")
            for key, rd in round_dates(dates).items() if rd.date is not None}


def _round_date(first: pd.Series, dates: dict) -> tuple[str, str]:
    raw = first.get("round_date")
    own = "" if raw is None or pd.isna(raw) else str(raw)[:10]
    if own:
        return own, "results published"
    return dates.get((str(first["suite"]), str(first["round"])), ("", ""))


def _flag(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v if isinstance(v, bool) else str(v).strip().lower() in ("true", "1", "yes"))


def _typed(results: pd.DataFrame) -> pd.DataFrame:
    """The MLPerf table as its loader types it, whether it came typed or as text (a CSV read with dtype=str)."""
    df = results.copy()
    for col in ("value", "accelerator_count"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    for col in ("scenario", "round_date"):
        if col in df:
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    df["higher_is_better"] = _flag(df["higher_is_better"])
    df["valid"] = _flag(df["valid"]) if "valid" in df else True
    for col in ("system_id", "framework_raw"):
        if col not in df:
            df[col] = df["system"] if col == "system_id" else df["framework"]
    return df.dropna(subset=["value"])


def mlperf_evidence(results: pd.DataFrame, round_dates: dict | None = None) -> list[dict]:
    """Frameworks compared only within one round, benchmark, scenario, division, accelerator model and count: the
    pairs of ``faceoff.bench.mlperf.matched.mlperf_matched`` (its one pairing rule), each framework's best result."""
    from faceoff.bench.mlperf.matched import GROUP, SHARED, SIDE, mlperf_matched

    pairs = mlperf_matched(_typed(results))
    three = list(FRAMEWORK_NAMES)
    pairs = pairs[pairs["framework_a"].isin(three) & pairs["framework_b"].isin(three)]
    if pairs.empty:
        return []
    sides = pd.concat([pairs[[*SHARED, *(f"{c}_{s}" for c in SIDE)]].rename(
        columns={f"{c}_{s}": c for c in SIDE}) for s in ("a", "b")], ignore_index=True)
    sides = sides.drop_duplicates(["repo", "result_path"])
    sides["family"] = [mlperf_family(s, b) for s, b in zip(sides["suite"], sides["benchmark"], strict=True)]
    sides = sides[sides["family"] != OTHER]
    sides["variant"] = (sides["framework"].map(FRAMEWORK_NAMES) + " · " + sides["submitter"].astype(str) + " · "
                        + sides["system"].astype(str))
    dates = round_dates or {}

    def describe(key, part):
        first = part.iloc[0]
        date, kind = _round_date(first, dates)
        when = f"{kind} {date}" if date else "publication date not stored"
        count = int(float(first["accelerator_count"]))
        return {"family": first["family"], "source_id": f"mlperf-{first['suite']}-{first['round']}",
                "source": f"MLPerf {str(first['suite']).title()} {first['round']} ({first['division']}; {when})",
                "url": mlperf_url(first["repo"], first["commit"], first["result_path"]),
                "year": int(date[:4]) if date[:4].isdigit() else None, "as_of": date or None, "device": "gpu",
                "hardware": f"{count}× {first['accelerator']}",
                "model": MLPERF_MODELS.get(str(first["benchmark"]), str(first["benchmark"])),
                "setting": first["scenario"] or "", "metric": first["metric"], "unit": first["unit"]}

    def higher_of(part):
        return str(part["higher_is_better"].iloc[0]).lower() in ("true", "1", "yes")

    return _cross(sides.groupby(GROUP, sort=False, dropna=False), "variant", "framework", higher_of,
                  {"origin": "mlperf"}, describe)


def measured_evidence(frame: pd.DataFrame, titles: dict[str, str]) -> list[dict]:
    """Faceoff's runs: median step time per framework (its faster mode) on one machine, and compile speed-ups.

    Results measured on a busy machine (``faceoff.bench.contention``) are left out: they are not evidence.
    """
    if "busy" in frame:
        frame = frame[~frame["busy"].astype(bool)]
    if frame.empty:
        return []
    med = frame.groupby(["workload", "framework", "mode", "device", "cpu"], as_index=False).agg(
        value=("step_time", "median"), date=("date", "max"), run=("run_id", "first"))
    med["variant"] = med["framework"].map(FRAMEWORK_NAMES) + " · " + med["mode"]

    def describe(key, part):
        first = part.iloc[0]
        date = max(part["date"]).isoformat()
        return {"family": "cpu-small", "source_id": "measured", "source": f"Faceoff harness, run {first['run']}",
                "url": "data/benchmarks/measured/", "year": int(date[:4]), "as_of": date, "device": first["device"],
                "hardware": f"{first['cpu']} (one thread)", "model": titles.get(first["workload"], first["workload"]),
                "setting": "", "metric": "median time per step", "unit": "ms"}

    base = {"origin": "measured"}
    groups = med.groupby(["workload", "device", "cpu"], sort=False)
    return (_cross(groups, "variant", "framework", lambda _: False, base, describe)
            + _compile_pairs(groups, "variant", "framework", "mode", lambda _: False, base, describe))


def evidence_frame(published: Published | None = None, published_as_of: str | None = None,
                   mlperf: pd.DataFrame | None = None, measured: pd.DataFrame | None = None,
                   workload_titles: dict[str, str] | None = None,
                   mlperf_dates: dict | None = None) -> pd.DataFrame:
    """Every like-for-like comparison in the data given (any may be ``None``: not loaded or not imported yet);
    ``mlperf_dates`` from :func:`mlperf_round_dates` dates the rounds the results table leaves undated."""
    rows: list[dict] = []
    if published is not None:
        rows += published_evidence(published, published_as_of or "")
    if mlperf is not None and not mlperf.empty:
        rows += mlperf_evidence(mlperf, mlperf_dates)
    if measured is not None:
        rows += measured_evidence(measured, workload_titles or {})
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
