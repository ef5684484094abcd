"""Schemas of the head-to-head content: framework registry, matrix categories and criteria, claims."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from faceoff.schema import Id, PastDate, Source, Strict, Text, WebUrl


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
    # a Google Trends topic id (e.g. "/m/0..."), asked for instead of the bare term when set; none is sourced yet
    trends_topic: Annotated[str, Field(pattern=r"^/[mg]/[0-9a-z_]+$")] | None = None
    homepage: WebUrl | None = None
    sources: Annotated[list[Source], Field(min_length=1)]
    releases: list[Release] = Field(default_factory=list)


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


class Rubric(Strict):
    """The rules ratings and sources follow; validation enforces them and the Head-to-head page shows them."""

    leader: Text
    caveat_max_rating: Annotated[int, Field(ge=0)]
    caveat_words: Annotated[list[Text], Field(min_length=1)]
    primary_hosts: list[Text] = Field(default_factory=list)
    primary_repo_owners: list[Text] = Field(default_factory=list)
    rejected_hosts: list[Text] = Field(default_factory=list)
    # A leader_reason using one of these phrases claims something only the leader has; the criterion must then
    # name that capability in ``exclusive`` so validation can hold it against the other frameworks' cells.
    exclusive_phrases: list[Text] = Field(default_factory=list)


class ScaleFile(Strict):
    scale: Scale
    rubric: Rubric  # the contract every matrix cell is validated against (faceoff/matrix/rubric.py)


class Cell(Strict):
    # Required in data files: the loader's rubric check reports a missing summary (and a source without ``kind``)
    # by file, criterion and field. Optional here only so code and tests can build cells in memory.
    summary: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    verdict: Annotated[str, Field(min_length=1, max_length=400)]
    rating: Annotated[int, Field(ge=0, le=3)]
    as_of: PastDate
    sources: Annotated[list[Source], Field(min_length=1)]


class ExclusiveFacet(Strict):
    """A capability the leader_reason claims for the leader alone, and the words that would show it elsewhere."""

    capability: Text
    signals: Annotated[list[Text], Field(min_length=1)]


class Criterion(Strict):
    id: Id
    name: Text
    question: Text
    leader: Id
    leader_reason: Text
    cells: dict[Id, Cell]
    notes: str | None = None
    exclusive: list[ExclusiveFacet] = Field(default_factory=list)


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
    criteria: list[Id] = Field(default_factory=list)


class ClaimsFile(Strict):
    as_of: PastDate
    articles: Annotated[list[Article], Field(min_length=1)]
    claims: Annotated[list[Claim], Field(min_length=1)]
