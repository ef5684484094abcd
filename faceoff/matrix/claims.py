"""The claims check (``data/claims.yaml``): loading with reference checks, the claims table and its filters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model
from faceoff.matrix.loader import load_matrix
from faceoff.matrix.models import Claim, ClaimsFile
from faceoff.matrix.rubric import source_problems

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Claims:
    as_of: object
    articles: list
    claims: list[Claim]

    def article(self, article_id: str):
        return next((a for a in self.articles if a.id == article_id), None)


def load_claims(path: Path) -> Loaded[Claims]:
    """Load ``data/claims.yaml`` and check its article, category and criterion references."""
    path = Path(path)
    name = display_path(path)
    parsed = parse_model(path, ClaimsFile)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for dup in duplicates([a.id for a in parsed.articles]):
        errors.append(Problem(name, f"duplicate article id {dup!r}"))
    for dup in duplicates([c.id for c in parsed.claims]):
        errors.append(Problem(name, f"duplicate claim id {dup!r}"))
    article_ids = {a.id for a in parsed.articles}
    rubric = None
    criterion_ids: set[str] | None
    category_ids: set[str] | None
    try:
        matrix = load_matrix(path.parent / "matrix").value
        criterion_ids = {c.id for c in matrix.criteria}
        category_ids = {c.id for c in matrix.categories} | {"performance", "popularity"}
        rubric = matrix.rubric
    except DataFileError:
        criterion_ids = category_ids = None
        warnings.append(Problem(name, "matrix could not be loaded; criterion links and source hosts not checked",
                                severity="warning"))
    for claim in parsed.claims:
        for art in claim.articles:
            if art not in article_ids:
                errors.append(Problem(name, f"unknown article id {art!r}", row=claim.id, field="articles"))
        if category_ids is not None and claim.category not in category_ids:
            errors.append(Problem(name, f"unknown category {claim.category!r}", row=claim.id, field="category"))
        for crit in claim.criteria:
            if criterion_ids is not None and crit not in criterion_ids:
                errors.append(Problem(name, f"unknown criterion id {crit!r}", row=claim.id, field="criteria"))
        errors += source_problems(name, claim.id, "evidence", claim.evidence, rubric)
    if errors:
        raise DataFileError(path, errors)
    urls = {s.url for c in parsed.claims for s in c.evidence}
    return Loaded(
        Claims(parsed.as_of, list(parsed.articles), list(parsed.claims)),
        rows=len(parsed.claims),
        sources=len(urls),
        as_of=parsed.as_of,
        problems=warnings,
        detail={"articles": len(parsed.articles)},
    )


def claims_table(claims: Claims) -> pd.DataFrame:
    import pandas as pd  # here: loading the claims (the wizard's panel does, on every first visit) needs no pandas

    rows = []
    for claim in claims.claims:
        rows.append(
            {
                "claim_id": claim.id,
                "claim": claim.claim,
                "verdict": claim.verdict,
                "kind": claim.kind,
                "category_id": claim.category,
                "articles": list(claim.articles),
                "criteria": list(claim.criteria),
                "explanation": claim.explanation,
                "evidence": " ".join(s.url for s in claim.evidence),
            }
        )
    return pd.DataFrame(rows)


def filter_claims(
    table: pd.DataFrame,
    verdicts: Iterable[str] = (),
    articles: Iterable[str] = (),
    categories: Iterable[str] = (),
    query: str = "",
    criterion: str = "",
) -> pd.DataFrame:
    """Empty selections mean "all"; an article filter keeps claims made by any of the chosen articles."""
    result = table
    verdicts, articles, categories = list(verdicts), set(articles), list(categories)
    if verdicts:
        result = result[result["verdict"].isin(verdicts)]
    if articles:
        # ``astype(bool)``: on an empty frame ``map`` gives an object Series, which pandas would read as column labels
        result = result[result["articles"].map(lambda arts: bool(articles.intersection(arts))).astype(bool)]
    if categories:
        result = result[result["category_id"].isin(categories)]
    if criterion:
        result = result[result["criteria"].map(lambda crits: criterion in crits).astype(bool)]
    needle = query.strip().casefold()
    if needle:
        haystack = (result["claim"] + " " + result["explanation"] + " " + result["claim_id"]).str.casefold()
        result = result[haystack.str.contains(needle, regex=False)]
    return result


def claims_for_criterion(table: pd.DataFrame, criterion_id: str) -> pd.DataFrame:
    return table[table["criteria"].map(lambda crits: criterion_id in crits).astype(bool)]


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in table["verdict"].value_counts().items()}
