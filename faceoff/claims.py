"""Claims check as a table, and the pure filters the Claims page applies."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from faceoff.content import Claims


def claims_table(claims: Claims) -> pd.DataFrame:
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
        result = result[result["articles"].map(lambda arts: bool(articles.intersection(arts)))]
    if categories:
        result = result[result["category_id"].isin(categories)]
    if criterion:
        result = result[result["criteria"].map(lambda crits: criterion in crits)]
    needle = query.strip().casefold()
    if needle:
        haystack = (result["claim"] + " " + result["explanation"] + " " + result["claim_id"]).str.casefold()
        result = result[haystack.str.contains(needle, regex=False)]
    return result


def claims_for_criterion(table: pd.DataFrame, criterion_id: str) -> pd.DataFrame:
    return table[table["criteria"].map(lambda crits: criterion_id in crits)]


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in table["verdict"].value_counts().items()}
