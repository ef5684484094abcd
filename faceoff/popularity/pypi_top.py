"""PyPI downloads 2018 → 2026 (hugovk/top-pypi-packages): schema, loaders, framework totals and the crossing reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

import pandas as pd
from pydantic import Field

from faceoff import clock
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model
from faceoff.popularity.snapshot import Column, Schema, Snapshot, load_snapshot
from faceoff.schema import Id, PastDate, Source, Strict, Text

SNAPSHOT_FORMAT = "%Y-%m-%d %H:%M:%S"
TOTAL_PREFIX = "total:"
MEASURES = ("window", "per_day")
MEASURE_LABELS = {"window": "Downloads in each snapshot's window (as published)",
                  "per_day": "Average downloads per day of the window"}
MEASURE_AXIS = {"window": "Downloads in the snapshot's window", "per_day": "Downloads per day (window average)"}

PYPI_TOP = Schema(
    columns=(
        Column("snapshot_utc"),
        Column("package"),
        Column("downloads", "int", 0, 100_000_000_000),
        Column("window_kind", choices=("rolling", "calendar-month")),
        Column("window_start", "date"),
        Column("window_end", "date"),
        Column("window_days", "int", 1, 31),
        Column("installers", choices=("all", "pip", "not-recorded")),
        Column("backend", choices=("bigquery-pypinfo", "clickhouse")),
        Column("rank", "int", 1, optional=True),
        Column("listed", "int", 1, optional=True),
        Column("source"),
        Column("commit", optional=True),
        Column("source_url"),
    ),
    key=("snapshot_utc", "package", "window_end"),
)


class Window(NamedTuple):
    """The fields of one row that the window check reads, typed as the snapshot schema parses them."""

    snapshot_utc: str
    window_start: dt.date
    window_end: dt.date
    window_days: int
    window_kind: str


def _check_pypi_top(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Snapshot times parse and are past; each window's length matches its dates (rolling: end − start = N days,
    calendar month: end − start + 1 = N days)."""
    problems: list[Problem] = []
    now = dt.datetime.combine(clock.today(), dt.time.max)
    for i, record in enumerate(frame.to_dict("records")):
        row = Window(**{k: record[k] for k in Window._fields})
        line = str(i + 2)
        try:
            taken = dt.datetime.strptime(row.snapshot_utc, SNAPSHOT_FORMAT)
        except ValueError:
            problems.append(Problem(name, f"not a snapshot time like 2026-04-01 06:34:06: {row.snapshot_utc!r}",
                                    row=line, field="snapshot_utc"))
            continue
        if taken > now:
            problems.append(Problem(name, f"snapshot {row.snapshot_utc} is in the future", row=line,
                                    field="snapshot_utc"))
        span = (row.window_end - row.window_start).days + (1 if row.window_kind == "calendar-month" else 0)
        if span != row.window_days:
            problems.append(Problem(name, f"window {row.window_start}..{row.window_end} does not last "
                                          f"{row.window_days} days", row=line, field="window_days"))
        if row.window_end > taken.date():
            problems.append(Problem(name, "window ends after its snapshot", row=line, field="window_end"))
        if len(problems) >= 50:
            break
    return problems


def load_pypi_top_packages(path: Path) -> Loaded[Snapshot]:
    return load_snapshot(path, PYPI_TOP, check=_check_pypi_top)


# ---------------------------------------------------------------- which packages make a framework's total


class PackageInfo(Strict):
    package: Text
    label: Text
    framework: str  # a framework id, or "" for a package that belongs to no single framework
    role: Literal["framework", "alternative-build", "dependency", "library"]
    pulled_in_by: list[Text] = Field(default_factory=list)
    reason: Text
    evidence: list[Source] = Field(default_factory=list)


class Total(Strict):
    framework: Id
    packages: Annotated[list[Text], Field(min_length=1)]
    note: Text


class PypiFrameworks(Strict):
    as_of: PastDate
    totals: Annotated[list[Total], Field(min_length=1)]
    packages: Annotated[list[PackageInfo], Field(min_length=1)]

    def label(self, package: str) -> str:
        return next((p.label for p in self.packages if p.package == package), package)

    def total_of(self, framework: str) -> Total | None:
        return next((t for t in self.totals if t.framework == framework), None)


def total_problems(spec: PypiFrameworks, name: str) -> list[Problem]:
    """What makes the totals unsafe: unknown packages, a package in two totals, or a total that adds a package to
    one whose install brings it in (counted twice)."""
    problems = [Problem(name, f"package {p!r} is listed twice", field="packages") for p in
                duplicates([p.package for p in spec.packages])]
    problems += [Problem(name, f"framework {f!r} has two totals", field="totals") for f in
                 duplicates([t.framework for t in spec.totals])]
    known = {p.package: p for p in spec.packages}
    for info in spec.packages:
        for puller in info.pulled_in_by:
            if puller not in known:
                problems.append(Problem(name, f"{info.package}: pulled_in_by names unknown package {puller!r}",
                                        field="pulled_in_by"))
    counted: dict[str, str] = {}
    for total in spec.totals:
        for package in total.packages:
            found = known.get(package)
            if found is None:
                problems.append(Problem(name, f"total {total.framework}: unknown package {package!r}",
                                        field="totals"))
                continue
            info = found
            if info.framework != total.framework:
                problems.append(Problem(name, f"total {total.framework}: {package} belongs to "
                                              f"{info.framework or 'no framework'}", field="totals"))
            if package in counted:
                problems.append(Problem(name, f"{package} is counted in both {counted[package]} and "
                                              f"{total.framework}", field="totals"))
            counted[package] = total.framework
            both = sorted(set(info.pulled_in_by) & set(total.packages))
            if both:
                problems.append(Problem(name, f"total {total.framework} counts {package} and {', '.join(both)}, "
                                              f"whose installs bring {package} in (double counting)",
                                        field="totals"))
    return problems


def load_pypi_frameworks(path: Path) -> Loaded[PypiFrameworks]:
    spec = parse_model(path, PypiFrameworks)
    problems = total_problems(spec, display_path(path))
    if problems:
        raise DataFileError(path, problems)
    urls = {s.url for p in spec.packages for s in p.evidence}
    return Loaded(spec, rows=len(spec.packages), sources=len(urls), as_of=spec.as_of)


# ---------------------------------------------------------------- series


def snapshot_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per package and distinct window, with ``date`` (the x of the chart) and ``per_day``.

    Snapshots taken the same day with the same window (2018-02-25 was committed five times with identical figures)
    are drawn once, the first. ``date`` is the snapshot's day; where one snapshot holds several windows (a refresh
    that fetched a whole monthly history at once) it is the day after each window ends instead.
    """
    out = frame.copy()
    out["taken"] = pd.to_datetime(out["snapshot_utc"], format=SNAPSHOT_FORMAT)
    out = out.sort_values(["taken", "package"], kind="stable")
    first = out.groupby(["window_start", "window_end"], sort=False)["snapshot_utc"].transform("first")
    out = out[out["snapshot_utc"] == first].copy()
    windows = out.groupby("snapshot_utc")["window_end"].transform("nunique")
    after_window = pd.to_datetime(out["window_end"]) + pd.Timedelta(days=1)
    out["date"] = out["taken"].dt.normalize().where(windows == 1, after_window)
    out["per_day"] = out["downloads"].astype(float) / out["window_days"].astype(float)
    return out.drop(columns="taken").reset_index(drop=True)


WINDOW_COLUMNS = ["window_start", "window_end", "window_days", "installers", "backend", "commit"]


def framework_totals(rows: pd.DataFrame, spec: PypiFrameworks, frameworks: Sequence[str]) -> pd.DataFrame:
    """Per snapshot, the sum of each framework's counted packages that the snapshot lists.

    ``parts`` names the packages added; ``absent`` the counted ones below that snapshot's cut-off (not zero, just
    not listed), so such a total is a lower bound and says so.
    """
    pieces = []
    point = ["snapshot_utc", "window_start", "window_end"]
    snapshots = rows.drop_duplicates(point)[["snapshot_utc", "date", *WINDOW_COLUMNS]]
    for fw in frameworks:
        total = spec.total_of(fw)
        if total is None:
            continue
        part = rows[rows["package"].isin(total.packages)]
        sums = part.groupby(point).agg(downloads=("downloads", "sum"),
                                       parts=("package", lambda s: " + ".join(sorted(s)))).reset_index()
        merged = snapshots.merge(sums, on=point, how="inner")
        counted = list(total.packages)
        merged["absent"] = [", ".join(p for p in counted if p not in listed.split(" + ")) for listed in merged["parts"]]
        merged["series"] = TOTAL_PREFIX + fw
        pieces.append(merged)
    if not pieces:
        return pd.DataFrame(columns=["series", "snapshot_utc", "date", "downloads", "per_day", "parts", "absent",
                                     *WINDOW_COLUMNS])
    out = pd.concat(pieces, ignore_index=True)
    out["per_day"] = out["downloads"].astype(float) / out["window_days"].astype(float)
    return out


def pypi_long(rows: pd.DataFrame, spec: PypiFrameworks | None, frameworks: Sequence[str], packages: Sequence[str],
              start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The plotted rows: framework totals (``series`` = ``total:<id>``) then single packages (``series`` = name)."""
    totals = framework_totals(rows, spec, frameworks) if spec is not None else framework_totals(rows, _EMPTY, [])
    singles = rows[rows["package"].isin(list(packages))].copy()
    singles["series"] = singles["package"]
    singles["parts"] = singles["package"]
    singles["absent"] = ""
    cols = ["series", "date", "downloads", "per_day", "parts", "absent", *WINDOW_COLUMNS, "snapshot_utc"]
    out = pd.concat([totals[cols], singles[[*cols, "source_url"]]], ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    if start_year is not None:
        out = out[out["date"].dt.year >= start_year]
    if end_year is not None:
        out = out[out["date"].dt.year <= end_year]
    order = {s: i for i, s in enumerate([TOTAL_PREFIX + f for f in frameworks] + list(packages))}
    out = out.assign(_o=out["series"].map(order)).sort_values(["_o", "date"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


_EMPTY = PypiFrameworks.model_construct(as_of=dt.date(2000, 1, 1), totals=[], packages=[])


def first_crossing(long: pd.DataFrame, leader: str, other: str) -> dict | None:
    """The first snapshot where series ``leader`` is above ``other`` after being at or below it in every earlier
    shared snapshot; with how many later shared snapshots it stayed ahead in. ``None`` when it never passed (or
    led from the start, which is not a crossing)."""
    a = long[long["series"] == leader].drop_duplicates("date").set_index("date")["downloads"]
    b = long[long["series"] == other].drop_duplicates("date").set_index("date")["downloads"]
    shared = sorted(set(a.index) & set(b.index))
    if len(shared) < 2:
        return None
    ahead = [a[s] > b[s] for s in shared]
    if ahead[0]:
        return None
    for i, flag in enumerate(ahead):
        if flag:
            snap = shared[i]
            later = ahead[i + 1:]
            row = long[(long["series"] == leader) & (long["date"] == snap)].iloc[0]
            return {"snapshot_utc": row["snapshot_utc"], "date": snap, "window_start": row["window_start"],
                    "window_end": row["window_end"], "leader_value": int(a[snap]), "other_value": int(b[snap]),
                    "later": len(later), "later_ahead": int(sum(later))}
    return None


def _millions(value: float) -> str:
    return f"{value / 1e6:,.1f} M" if value >= 1e5 else f"{value:,.0f}"


def read_pypi(long: pd.DataFrame, names: dict[str, str], measure: str = "window") -> str:
    """One line computed from the plotted rows: when PyTorch's total first passed TensorFlow's (if both are shown),
    else the newest value of each shown series."""
    if long.empty:
        return "No PyPI downloads for these choices."
    pt, tf = TOTAL_PREFIX + "pytorch", TOTAL_PREFIX + "tensorflow"
    cross = first_crossing(long, pt, tf) if {pt, tf} <= set(long["series"]) else None
    if cross is not None:
        stay = ("and has stayed ahead in every snapshot since" if cross["later_ahead"] == cross["later"]
                else f"and was ahead in {cross['later_ahead']} of the {cross['later']} snapshots since")
        return (f"{names.get(pt, 'PyTorch')} first passed {names.get(tf, 'TensorFlow')} in the snapshot of "
                f"{cross['date']:%Y-%m-%d} (window {cross['window_start']} to {cross['window_end']}: "
                f"{_millions(cross['leader_value'])} against {_millions(cross['other_value'])} downloads) {stay}.")
    newest = long[long["date"] == long["date"].max()].sort_values("downloads", ascending=False)
    value = "per_day" if measure == "per_day" else "downloads"
    unit = " a day" if measure == "per_day" else ""
    parts = [f"{names.get(r.series, r.series)} {_millions(getattr(r, value))}{unit}" for r in newest.itertuples()]
    row = newest.iloc[0]
    return (f"Snapshot of {row['date']:%Y-%m-%d} (window {row['window_start']} to {row['window_end']}): "
            + ", ".join(parts) + ".")
