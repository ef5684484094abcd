"""MLPerf: the framework named by each submitted system (schema, loader), shares per round and the reading."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from faceoff.errors import Problem
from faceoff.loading import Loaded
from faceoff.popularity.snapshot import Column, Schema, Snapshot, load_snapshot
from faceoff.records import records

LABELS = ("pytorch", "tensorflow", "jax", "mxnet", "paddle", "tensorrt", "onnxruntime", "vllm", "other")
CATEGORIES = (*LABELS, "multi", "unknown")
CATEGORY_NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX", "mxnet": "MXNet",
                  "paddle": "PaddlePaddle", "tensorrt": "TensorRT", "onnxruntime": "ONNX Runtime", "vllm": "vLLM",
                  "other": "Other named stack", "multi": "Several (multi)", "unknown": "None named (unknown)"}
CATEGORY_COLORS = {"pytorch": "#EE4C2C", "tensorflow": "#FF8F00", "jax": "#4285F4", "mxnet": "#7CB342",
                   "paddle": "#1E88E5", "tensorrt": "#76B900", "onnxruntime": "#5C6BC0", "vllm": "#26A69A",
                   "other": "#9E9E9E", "multi": "#6D4C41", "unknown": "#CFD8DC"}
BENCHMARKS = {"training": "Training", "inference": "Inference"}
DIVISIONS = {"closed": "Closed division", "open": "Open division", "network": "Network division",
             "all": "All divisions"}
VIEWS = {"systems": "Share of systems (one label each)", "mentions": "Systems naming each framework"}
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

MLPERF = Schema(
    columns=(
        Column("benchmark", choices=tuple(BENCHMARKS)),
        Column("round"),
        Column("version"),
        Column("round_date", optional=True),
        Column("round_date_source", optional=True),
        Column("repo_first_commit", "date", optional=True),
        Column("division", choices=("closed", "open", "network")),
        Column("division_raw"),
        Column("status", optional=True),
        Column("submitter"),
        Column("submitter_dir", optional=True),
        Column("system_name", optional=True),
        Column("accelerator_model_name", optional=True),
        Column("number_of_nodes", optional=True),
        Column("accelerators_per_node", optional=True),
        Column("framework_raw", optional=True),
        Column("framework", choices=CATEGORIES),
        Column("frameworks_all"),
        Column("framework_detail", optional=True),
        Column("has_results", "bool"),
        Column("benchmarks_run", "int", 0, optional=True),
        Column("repo"),
        Column("commit"),
        Column("system_file"),
        Column("read_from"),
        Column("parse_note", optional=True),
        Column("source_url"),
    ),
    key=("round", "repo", "system_file"),
)


def _check_mlperf(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Rounds are named after their benchmark and version; a round has one date; labels agree with the mentions."""
    problems: list[Problem] = []
    for i, row in enumerate(records(frame, index=False)):
        line = str(i + 2)
        if row.round != f"{row.benchmark}-{row.version}" or not re.fullmatch(r"v\d+\.\d+", row.version):
            problems.append(Problem(name, f"round {row.round!r} is not {row.benchmark}-<vX.Y>", row=line,
                                    field="round"))
        if row.round_date and not MONTH.match(row.round_date):
            problems.append(Problem(name, f"round_date {row.round_date!r} is not a month like 2025-11", row=line,
                                    field="round_date"))
        if row.round_date and not row.round_date_source:
            problems.append(Problem(name, "round_date without round_date_source", row=line, field="round_date"))
        mentions = set(row.frameworks_all.split(";"))
        if not mentions <= set(CATEGORIES) - {"multi"}:
            problems.append(Problem(name, f"unknown label in frameworks_all {row.frameworks_all!r}", row=line,
                                    field="frameworks_all"))
        elif row.framework == "multi" and len(mentions) < 2:
            problems.append(Problem(name, "multi names fewer than two frameworks", row=line, field="frameworks_all"))
        elif row.framework != "multi" and mentions != {row.framework}:
            problems.append(Problem(name, f"framework {row.framework} disagrees with frameworks_all "
                                          f"{row.frameworks_all!r}", row=line, field="frameworks_all"))
        if len(problems) >= 50:
            break
    dates = frame[frame["round_date"].fillna("") != ""].groupby("round")["round_date"].nunique()
    problems += [Problem(name, f"round {r} has {n} different dates", field="round_date") for r, n in dates.items()
                 if n > 1]
    return problems


def load_mlperf_systems(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, MLPERF, check=_check_mlperf)


def version_key(version: str) -> tuple[int, int]:
    major, minor = version.lstrip("v").split(".")
    return int(major), int(minor)


def select_systems(frame: pd.DataFrame, benchmark: str, division: str, results_only: bool = True) -> pd.DataFrame:
    part = frame[frame["benchmark"] == benchmark]
    if division != "all":
        part = part[part["division"] == division]
    if results_only:
        part = part[part["has_results"].astype(bool)]
    return part


def round_table(frame: pd.DataFrame, dates: dict | None = None) -> pd.DataFrame:
    """One row per round in version order: its label for the axis, date (or why there is none) and system count.
    ``dates`` (from ``mlperf_round_dates``) gives each round its date and kind; without it, the month in the data."""
    rounds = frame.groupby("round", sort=False).agg(version=("version", "first"), benchmark=("benchmark", "first"),
                                                     round_date=("round_date", lambda s: next((v for v in s if v),
                                                                                              "")),
                                                     systems=("round", "size")).reset_index()
    rounds["order"] = rounds["version"].map(version_key)
    rounds = rounds.sort_values("order").drop(columns="order").reset_index(drop=True)
    if dates is not None:
        found = [dates.get((b, v)) for b, v in zip(rounds["benchmark"], rounds["version"], strict=True)]
        rounds["round_date"] = [d.date.isoformat() if d is not None and d.date else "" for d in found]
        rounds["date_label"] = [d.label if d is not None else "no date found" for d in found]
        rounds["axis"] = [f"{v}<br>{d.short if d is not None else 'no date<br>found'}"
                          for v, d in zip(rounds["version"], found, strict=True)]
        return rounds
    rounds["date_label"] = [d if d else "no date found" for d in rounds["round_date"]]
    rounds["axis"] = [f"{v}<br>{d or 'no date<br>found'}" for v, d in zip(rounds["version"], rounds["round_date"],
                                                                          strict=True)]
    return rounds


def mlperf_shares(frame: pd.DataFrame, benchmark: str, division: str, view: str = "systems",
                  results_only: bool = True, dates: dict | None = None) -> pd.DataFrame:
    """Per round and category: ``systems`` (files) and ``share`` (% of the round's files).

    ``systems`` view: each file counts once under its label (``multi``/``unknown`` included), so shares sum to 100 %.
    ``mentions`` view: a file counts once for every framework it names (``frameworks_all``), so a round's shares
    can add up to more than 100 %.
    """
    part = select_systems(frame, benchmark, division, results_only)
    columns = ["round", "version", "round_date", "date_label", "axis", "category", "name", "systems", "round_systems",
               "share"]
    if part.empty:
        return pd.DataFrame(columns=columns)
    rounds = round_table(part, dates)
    if view == "mentions":
        labels = part.assign(category=part["frameworks_all"].str.split(";")).explode("category")
        labels = labels.drop_duplicates(["round", "repo", "system_file", "category"])
    else:
        labels = part.assign(category=part["framework"])
    counts = labels.groupby(["round", "category"]).size().rename("systems").reset_index()
    grid = pd.MultiIndex.from_product([rounds["round"], [c for c in CATEGORIES if c in set(counts["category"])]],
                                      names=["round", "category"]).to_frame(index=False)
    out = grid.merge(counts, on=["round", "category"], how="left").fillna({"systems": 0})
    out = out.merge(rounds.rename(columns={"systems": "round_systems"}), on="round")
    out["systems"] = out["systems"].astype(int)
    out["share"] = out["systems"] / out["round_systems"] * 100.0
    out["name"] = out["category"].map(CATEGORY_NAMES)
    order = {r: i for i, r in enumerate(rounds["round"])}
    out["_r"] = out["round"].map(order)
    out["_c"] = out["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    return out.sort_values(["_r", "_c"]).drop(columns=["_r", "_c"])[columns].reset_index(drop=True)


def read_mlperf(shares: pd.DataFrame, benchmark: str, division: str, view: str = "systems") -> str:
    """One line: the newest round's leading label and its share, against the first round's."""
    if shares.empty:
        return f"No MLPerf {BENCHMARKS.get(benchmark, benchmark)} systems for this choice."
    named = shares[~shares["category"].isin(["multi", "unknown", "other"])]
    rounds = list(dict.fromkeys(shares["round"]))
    last = named[named["round"] == rounds[-1]].sort_values("share", ascending=False).iloc[0]
    first = named[(named["round"] == rounds[0]) & (named["category"] == last["category"])]
    first_share = first["share"].iloc[0] if not first.empty else 0.0
    where = DIVISIONS.get(division, division).lower()
    what = "of systems name" if view == "mentions" else "of systems run on"
    when = f"{last['version']} ({last['date_label']})" if last["round_date"] else f"{last['version']}"
    start = shares[shares["round"] == rounds[0]].iloc[0]
    since = f"{start['version']} ({start['round_date'][:4]})" if start["round_date"] else start["version"]
    multi = shares[(shares["round"] == rounds[-1]) & (shares["category"] == "multi")]
    extra = (f"; {multi['share'].iloc[0]:.0f} % name several frameworks" if view == "systems" and not multi.empty
             and multi["share"].iloc[0] > 0 else "")
    opener = named[named["round"] == rounds[0]].sort_values("share", ascending=False).iloc[0]
    if opener["category"] != last["category"] and len(rounds) > 1:
        now = named[(named["round"] == rounds[-1]) & (named["category"] == opener["category"])]["share"]
        extra += (f"; {opener['name']}, first in {since} with {opener['share']:.0f} %, is at "
                  f"{(now.iloc[0] if not now.empty else 0.0):.0f} %")
    return (f"MLPerf {BENCHMARKS[benchmark]} {when}, {where}: {last['share']:.0f} % {what} {last['name']} "
            f"({int(last['systems'])} of {int(last['round_systems'])}), against {first_share:.0f} % in {since}"
            f"{extra}.")
