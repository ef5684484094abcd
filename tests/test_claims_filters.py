"""Filtering the claims check (on the fixture data)."""

import pytest

from faceoff.matrix.claims import claims_for_criterion, claims_table, filter_claims, load_claims, verdict_counts


@pytest.fixture
def table(fixture_data):
    return claims_table(load_claims(fixture_data / "claims.yaml").value)


def ids(frame):
    return list(frame["claim_id"])


def test_no_filter_keeps_everything(table):
    assert ids(filter_claims(table)) == ["c01", "c02", "c03"]


def test_verdict_and_article_filters_combine(table):
    assert ids(filter_claims(table, verdicts=["outdated", "holds"])) == ["c01", "c03"]
    assert ids(filter_claims(table, articles=["a2"])) == ["c01", "c02"]
    assert ids(filter_claims(table, verdicts=["holds"], articles=["a2"])) == []


def test_category_criterion_and_search(table):
    assert ids(filter_claims(table, categories=["performance"])) == ["c02"]
    assert ids(filter_claims(table, criterion="profiler")) == ["c03"]
    assert ids(filter_claims(table, query="STATIC")) == ["c01"]
    assert ids(claims_for_criterion(table, "compile")) == ["c03"]


def test_verdict_counts(table):
    assert verdict_counts(table) == {"outdated": 1, "unverifiable": 1, "holds": 1}


def test_filters_that_empty_the_table_keep_its_columns(table):
    """An article filter that matches nothing, then a search: the empty result still has every column."""
    empty = filter_claims(table, verdicts=["holds"], articles=["a2"], query="tensorboard",
                          criterion="eager-execution")
    assert empty.empty and list(empty.columns) == list(table.columns)
