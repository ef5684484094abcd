"""Hardware-matched cross-framework pairs in the stored MLPerf results (pure pandas)."""

from __future__ import annotations

import pandas as pd

#: the comparison group: rows are compared only when all of these are equal
GROUP = ["suite", "round", "benchmark", "scenario", "division", "accelerator", "accelerator_count", "metric", "unit",
         "higher_is_better"]
SHARED = ["suite", "round", "round_date", "benchmark", "scenario", "division", "accelerator", "accelerator_count",
          "metric", "unit", "higher_is_better"]
SIDE = ["framework", "framework_raw", "submitter", "system", "system_id", "value", "repo", "commit", "result_path"]
COLUMNS = [*SHARED, *(f"{c}_a" for c in SIDE), *(f"{c}_b" for c in SIDE), "ratio", "faster", "same_submitter"]
MLPERF_MATCHED_COLUMNS = COLUMNS
#: labels that do not name one framework: never matched
UNMATCHED = {"multi", "unknown", ""}
ORDER = {"pytorch": 0, "tensorflow": 1, "jax": 2}
MATCHED, DIFFERS = "hardware-matched", "hardware differs"


def _rank(framework: str) -> tuple[int, str]:
    return ORDER.get(framework, len(ORDER)), framework


def _eligible(df: pd.DataFrame) -> pd.DataFrame:
    part = df[df["valid"].astype(bool) & ~df["framework"].fillna("").isin(UNMATCHED)]
    part = part[part["accelerator"].fillna("").astype(str).str.strip() != ""]
    part = part[pd.to_numeric(part["accelerator_count"], errors="coerce").notna()]
    return part.assign(scenario=part["scenario"].fillna(""), round_date=part["round_date"].fillna(""))


def mlperf_matched(df: pd.DataFrame) -> pd.DataFrame:
    """Every pair of results on the same hardware with different frameworks.

    Two rows pair when suite, round, benchmark, scenario, division, accelerator model, accelerator count, metric
    and unit are equal, both are VALID, and their framework labels differ (``multi``/``unknown`` never pair).
    Columns: the shared ``suite, round, round_date, benchmark, scenario, division, accelerator,
    accelerator_count, metric, unit, higher_is_better``; per side (``_a`` and ``_b``) ``framework, framework_raw,
    submitter, system, system_id, value, repo, commit, result_path``; ``ratio`` = how many times faster side a is
    than side b (b's time / a's time for time-to-train and latency, a's throughput / b's throughput otherwise; > 1
    means a is faster); ``faster`` (the faster side's framework, or "tie"); ``same_submitter``. Side a is the
    framework first in PyTorch, TensorFlow, JAX, then alphabetical order. Every other row is "hardware differs"
    (see :func:`mlperf_comparability`).
    """
    part = _eligible(df)
    mixed = part.groupby(GROUP, dropna=False)["framework"].transform("nunique") > 1  # two frameworks or no pair
    part = part[mixed]
    pairs: list[dict] = []
    for _, group in part.groupby(GROUP, sort=True, dropna=False):
        records = sorted(group.to_dict("records"), key=lambda r: (_rank(r["framework"]), r["system_id"]))
        for i, a in enumerate(records):
            for b in records[i + 1:]:
                if a["framework"] == b["framework"]:
                    continue
                higher = bool(a["higher_is_better"])
                ratio = a["value"] / b["value"] if higher else b["value"] / a["value"]
                pair = {c: a[c] for c in SHARED}
                pair.update({f"{c}_a": a[c] for c in SIDE})
                pair.update({f"{c}_b": b[c] for c in SIDE})
                pair["ratio"] = float(ratio)
                pair["faster"] = a["framework"] if ratio > 1 else (b["framework"] if ratio < 1 else "tie")
                pair["same_submitter"] = a["submitter"] == b["submitter"]
                pairs.append(pair)
    return pd.DataFrame(pairs, columns=COLUMNS)


def mlperf_comparability(df: pd.DataFrame) -> pd.Series:
    """Per row: "hardware-matched" when it is in at least one pair of :func:`mlperf_matched`, else
    "hardware differs"."""
    pairs = mlperf_matched(df)
    paired = set(zip(pairs["repo_a"], pairs["result_path_a"], strict=True))
    paired |= set(zip(pairs["repo_b"], pairs["result_path_b"], strict=True))
    keys = zip(df["repo"], df["result_path"], strict=True)
    return pd.Series([MATCHED if k in paired else DIFFERS for k in keys], index=df.index, name="comparison")
