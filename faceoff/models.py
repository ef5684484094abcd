"""Schemas of Faceoff's content files (pydantic models); ``validate`` and the loaders use them."""

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


class Source(Strict):
    url: WebUrl
    title: Text
    date: PastDate | None = None


class Release(Strict):
    version: Text
    date: PastDate
    label: Text
    source: Source


class Framework(Strict):
    id: Id
    name: Text
    color: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    first_release: PastDate
    current_version: Text
    licence: Text
    governance: Text
    repository: WebUrl
    github_repo: Annotated[str, Field(pattern=r"^[\w.-]+/[\w.-]+$")]
    pypi_package: Text
    trends_term: Text
    homepage: WebUrl | None = None
    sources: Annotated[list[Source], Field(min_length=1)]
    releases: list[Release] = []


class FrameworkRegistry(Strict):
    as_of: PastDate
    frameworks: Annotated[list[Framework], Field(min_length=1)]


class ScaleLevel(Strict):
    value: int
    label: Text
    meaning: Text


class Scale(Strict):
    min: int
    max: int
    levels: Annotated[list[ScaleLevel], Field(min_length=2)]


class ScaleFile(Strict):
    scale: Scale


class Cell(Strict):
    verdict: Annotated[str, Field(min_length=1, max_length=400)]
    rating: Annotated[int, Field(ge=0, le=3)]
    as_of: PastDate
    sources: Annotated[list[Source], Field(min_length=1)]


class Criterion(Strict):
    id: Id
    name: Text
    question: Text
    leader: Id
    leader_reason: Text
    cells: dict[Id, Cell]
    notes: str | None = None


class Category(Strict):
    id: Id
    name: Text
    order: int
    description: Text


class CategoryFile(Strict):
    category: Category
    criteria: Annotated[list[Criterion], Field(min_length=1)]


Verdict = Literal["holds", "partly", "outdated", "contradicted", "unverifiable"]
VERDICTS: tuple[str, ...] = ("holds", "partly", "outdated", "contradicted", "unverifiable")
ClaimKind = Literal["feature", "numeric", "advice", "popularity", "history"]


class Article(Strict):
    id: Id
    seed: Text
    title: Text
    author: str | None = None
    publisher: str | None = None
    year: Annotated[int, Field(ge=2010, le=2100)] | None = None
    url: WebUrl | None = None


class Claim(Strict):
    id: Id
    claim: Text
    articles: Annotated[list[Id], Field(min_length=1)]
    category: Id
    kind: ClaimKind
    verdict: Verdict
    explanation: Text
    evidence: Annotated[list[Source], Field(min_length=1)]
    criteria: list[Id] = []


class ClaimsFile(Strict):
    as_of: PastDate
    articles: Annotated[list[Article], Field(min_length=1)]
    claims: Annotated[list[Claim], Field(min_length=1)]


class DatasetEntry(Strict):
    id: Id
    path: Text
    kind: Literal["content", "snapshot", "results"]
    loader: Annotated[str, Field(pattern=r"^[\w.]+:\w+$")]
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
