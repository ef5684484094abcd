"""Snapshot files: a CSV with a machine-readable provenance sidecar, column schemas, validation and loading."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import yaml
from pydantic import Field

from faceoff import clock
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path, read_csv, sha256_bytes
from faceoff.loading import Loaded, parse_model
from faceoff.schema import PastDate, Strict, Text, WebUrl

PROVENANCE_SUFFIX = ".provenance.yaml"
QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


class Provenance(Strict):
    """Where a snapshot came from: enough to cite it and to fetch it again."""

    source: Text
    url: WebUrl
    retrieved: PastDate
    licence: Text
    method: Text
    attribution: str | None = None
    data_as_of: PastDate | None = None
    fetched_at: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    stats: dict[str, Any] = Field(default_factory=dict)
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"  # str | int | float | date | bool | quarter
    minimum: float | None = None
    maximum: float | None = None
    optional: bool = False  # empty cells allowed
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """Columns and the checks shared by the loaders and the refresh pipeline."""

    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # no two rows share these values (one value per period)
    order: tuple[str, str] | None = None  # (period column, group column): periods increase within a group
    period: Callable[[pd.Series], pd.Series] | None = None  # maps the period column to the key period (e.g. month)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Snapshot:
    """A validated snapshot: the typed frame (``None`` when none was fetched yet) and its provenance."""

    frame: pd.DataFrame | None
    provenance: Provenance | None
    path: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.frame is None or self.frame.empty


def provenance_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.stem + PROVENANCE_SUFFIX)


def month_period(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m")


def _coerce_text(raw: pd.Series, col: Column, name: str, problems: list[Problem]) -> pd.Series:
    """A text column, vectorised (most columns are text, and the big snapshots have tens of thousands of cells)."""
    stripped = raw.fillna("").astype(str).str.strip()
    empty = stripped == ""
    if not col.optional:
        problems.extend(Problem(name, "empty value", row=str(i + 2), field=col.name) for i in empty[empty].index)
    if col.choices:
        bad = ~empty & ~stripped.isin(col.choices)
        problems.extend(Problem(name, f"{stripped[i]!r} is not one of {', '.join(col.choices)}", row=str(i + 2),
                                field=col.name) for i in bad[bad].index)
    return pd.Series([v if v else None for v in stripped.tolist()], dtype="object", name=col.name)


def _coerce(raw: pd.Series, col: Column, name: str, problems: list[Problem]) -> pd.Series:
    """Convert one string column to its type, recording a located problem per bad cell."""
    if col.kind == "str":
        return _coerce_text(raw.reset_index(drop=True), col, name, problems)
    today = clock.today()
    out: list[Any] = []
    for i, text in enumerate(raw.tolist()):
        text = (text or "").strip()
        row = str(i + 2)  # header is line 1
        if text == "":
            if not col.optional:
                problems.append(Problem(name, "empty value", row=row, field=col.name))
            out.append(None)
            continue
        try:
            if col.kind == "int":
                value: Any = int(text)
            elif col.kind == "float":
                value = float(text)
            elif col.kind == "date":
                value = dt.date.fromisoformat(text)
            elif col.kind == "bool":
                if text.lower() not in ("true", "false"):
                    raise ValueError("expected true or false")
                value = text.lower() == "true"
            elif col.kind == "quarter":
                if not QUARTER_PATTERN.match(text):
                    raise ValueError("expected a quarter like 2021Q3")
                value = text
            else:
                value = text
        except ValueError as exc:
            problems.append(Problem(name, f"not a valid {col.kind}: {text!r} ({exc})", row=row, field=col.name))
            out.append(None)
            continue
        if col.choices and str(value) not in col.choices:
            problems.append(Problem(name, f"{text!r} is not one of {', '.join(col.choices)}", row=row, field=col.name))
        if col.kind in ("int", "float"):
            if value != value:  # NaN
                problems.append(Problem(name, "not a number", row=row, field=col.name))
            elif col.minimum is not None and value < col.minimum:
                problems.append(Problem(name, f"{value} is below the plausible minimum {col.minimum:g}", row=row,
                                        field=col.name))
            elif col.maximum is not None and value > col.maximum:
                problems.append(Problem(name, f"{value} is above the plausible maximum {col.maximum:g}", row=row,
                                        field=col.name))
        if col.kind == "date" and value > today:
            problems.append(Problem(name, f"date {value.isoformat()} is in the future", row=row, field=col.name))
        out.append(value)
    if col.kind == "int" and not any(v is None for v in out):
        return pd.Series(out, dtype="int64", name=col.name)
    if col.kind == "float":
        return pd.Series([float("nan") if v is None else v for v in out], dtype="float64", name=col.name)
    return pd.Series(out, dtype="object", name=col.name)


def validate_frame(raw: pd.DataFrame, schema: Schema, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Type and check a frame of strings (as read from CSV): schema, non-empty, ranges, order, duplicate periods."""
    problems: list[Problem] = []
    missing = [c for c in schema.names if c not in raw.columns]
    if missing:
        return raw, [Problem(name, f"missing column(s): {', '.join(missing)}")]
    if raw.empty:
        return raw, [Problem(name, "no data rows")]
    typed = pd.DataFrame({c.name: _coerce(raw[c.name].astype(str), c, name, problems) for c in schema.columns})
    extra = [c for c in raw.columns if c not in schema.names]
    for c in extra:
        typed[c] = raw[c].to_numpy()
    if problems:
        return typed, problems
    if schema.key:
        keyframe = typed[list(schema.key)].copy()
        if schema.order and schema.period is not None:
            keyframe[schema.order[0]] = schema.period(typed[schema.order[0]])
        dup = keyframe.duplicated(keep="first")
        for i in dup[dup].index[:20]:
            what = ", ".join(f"{k}={keyframe.at[i, k]!s}" for k in schema.key)
            problems.append(Problem(name, f"duplicate period ({what})", row=str(i + 2)))
    if schema.order and not problems:
        period_col, group_col = schema.order
        for group, part in typed.groupby(group_col, sort=False):
            values = part[period_col].tolist()
            for pos in range(1, len(values)):
                if values[pos] <= values[pos - 1]:
                    problems.append(Problem(name, f"{period_col} {values[pos]} does not come after {values[pos - 1]} "
                                                  f"for {group_col}={group}", row=str(part.index[pos] + 2),
                                            field=period_col))
                    break
    return typed, problems


def parse_csv_bytes(data: bytes, schema: Schema, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        return pd.DataFrame(), [Problem(name, f"malformed CSV: {str(exc).strip().splitlines()[0]}")]
    return validate_frame(raw, schema, name)


def _format_date(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None or value != value else pd.Timestamp(value).date().isoformat()


def _format_float(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None or value != value:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def to_csv_bytes(frame: pd.DataFrame, schema: Schema) -> bytes:
    """Serialise a typed frame in the schema's column order (extra columns after), booleans as true/false."""
    out = frame.copy()
    for col in schema.columns:
        if col.kind == "bool":
            out[col.name] = out[col.name].map(lambda v: v if isinstance(v, str) else ("true" if v else "false"))
        elif col.kind == "date":
            out[col.name] = out[col.name].map(_format_date)
        elif col.kind == "float":
            out[col.name] = out[col.name].map(_format_float)
    columns = schema.names + [c for c in out.columns if c not in schema.names]
    return out[columns].to_csv(index=False, lineterminator="\n").encode("utf-8")


def provenance_yaml(prov: Provenance) -> str:
    data = prov.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def load_provenance(path: Path) -> Provenance:
    return parse_model(provenance_path(path), Provenance)


def load_snapshot(path: Path, schema: Schema, optional: str | None = None,
                  check: Callable[[pd.DataFrame, str], list[Problem]] | None = None) -> Loaded[Snapshot]:
    """Read and check a snapshot CSV and its provenance sidecar.

    ``optional`` snapshots (filled by a refresh that has not run yet; the value names the refresh source) load as an
    empty snapshot with a warning while the file does not exist.
    """
    path = Path(path)
    name = display_path(path)
    if optional and not path.exists():
        command = f"python -m faceoff refresh {optional}"
        note = Problem(name, f"no snapshot yet: run `{command}` to fetch it", severity="warning")
        return Loaded(Snapshot(None, None, name, {"refresh": command}), rows=0, sources=0, as_of=None,
                      problems=[note], detail={"provenance": None, "refresh": command})
    raw = read_csv(path)
    typed, problems = validate_frame(raw, schema, name)
    if not problems and check is not None:
        problems = check(typed, name)
    if problems:
        raise DataFileError(path, problems)
    prov = load_provenance(path)
    warnings: list[Problem] = []
    if prov.sha256 and prov.sha256 != sha256_bytes(path.read_bytes()):
        warnings.append(Problem(display_path(provenance_path(path)),
                                "sha256 does not match the data file (edited by hand since the last refresh?)",
                                field="sha256", severity="warning"))
    urls = {prov.url}
    if "source_url" in typed.columns:
        urls |= {u for u in typed["source_url"].tolist() if u}
    as_of = prov.data_as_of or prov.retrieved
    detail = {"provenance": prov.model_dump(mode="json", exclude_none=True)}
    return Loaded(Snapshot(typed, prov, name, detail), rows=len(typed), sources=len(urls), as_of=as_of,
                  problems=warnings, detail=detail)
