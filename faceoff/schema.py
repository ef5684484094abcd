"""Shared schema pieces: strict base model, URL/date/id types, sources, the dataset registry, located errors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from faceoff import clock
from faceoff.errors import Problem

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def check_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or re.search(r"\s", value):
        raise ValueError(f"not a well-formed http(s) URL: {value!r}")
    return value


def check_not_future(value: dt.date) -> dt.date:
    if value > clock.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


WebUrl = Annotated[str, AfterValidator(check_url)]
PastDate = Annotated[dt.date, AfterValidator(check_not_future)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


SourceKind = Literal["primary", "secondary"]


class Source(Strict):
    url: WebUrl
    title: Text
    date: PastDate | None = None
    # primary: the project's own docs, release notes, repository, paper or foundation; secondary: everything else.
    # Required on matrix cell sources (the matrix rubric check enforces it); optional elsewhere for now.
    kind: SourceKind | None = None


class DatasetEntry(Strict):
    id: Id
    path: Text
    kind: Literal["content", "snapshot", "results"]
    loader: Annotated[str, Field(pattern=r"^[\w.]+:\w+$")]
    # optional cheap reader for the Overview's freshness table (a checksum instead of a full validation)
    peek: Annotated[str, Field(pattern=r"^[\w.]+:\w+$")] | None = None
    title: Text
    description: Text
    licence: Text
    page: str | None = None


class DatasetRegistry(Strict):
    datasets: Annotated[list[DatasetEntry], Field(min_length=1)]


def _format_loc(loc: tuple, raw: object) -> tuple[str | None, str | None]:
    """Turn a pydantic error location into (row, field), naming list items by their ``id`` when they have one."""
    row: str | None = None
    field_parts: list[str] = []
    node = raw
    for i, part in enumerate(loc):
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if row is None:
                row = f"{part + 1}" + (f" (id={ident})" if ident else "")
                container = ".".join(str(p) for p in loc[:i])
                if container:
                    row = f"{container}[{row}]"
                field_parts = []
            else:
                field_parts.append(f"[{part}]")
            node = item
        else:
            field_parts.append(("." if field_parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    field = "".join(field_parts) or None
    return row, field


def problems_from_validation(file: str, exc: ValidationError, raw: object) -> list[Problem]:
    problems = []
    for err in exc.errors():
        row, field = _format_loc(tuple(err["loc"]), raw)
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append(Problem(file=file, row=row, field=field, message=message))
    return problems
