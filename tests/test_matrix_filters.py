"""Filtering, sorting and exporting the head-to-head matrix (on the fixture data)."""

import pytest

from faceoff.matrix.loader import load_matrix
from faceoff.matrix.table import category_leaders, filter_matrix, matrix_table


@pytest.fixture
def table(fixture_data):
    return matrix_table(load_matrix(fixture_data / "matrix").value)


def ids(frame):
    return list(frame["criterion_id"])


def test_default_order_is_category_order_then_file_order(table):
    assert ids(filter_matrix(table, ["alpha", "beta"])) == ["eager", "compile", "profiler"]


def test_category_filter(table):
    assert ids(filter_matrix(table, ["alpha", "beta"], categories=["speed"])) == ["compile", "profiler"]


def test_search_is_case_insensitive_and_literal(table):
    assert ids(filter_matrix(table, ["alpha", "beta"], query="onnx")) == ["eager"]
    assert ids(filter_matrix(table, ["alpha", "beta"], query="(")) == []
    assert ids(filter_matrix(table, ["alpha", "beta"], query=".*")) == []


def test_search_only_looks_at_shown_frameworks_verdicts(table):
    # "ONNX" appears only in alpha's verdict for "eager"
    assert ids(filter_matrix(table, ["beta"], query="onnx")) == []


def test_only_where_they_differ_depends_on_shown_frameworks(table):
    assert ids(filter_matrix(table, ["alpha", "beta"], only_differ=True)) == ["eager", "compile"]
    assert ids(filter_matrix(table, ["alpha"], only_differ=True)) == []


def test_leader_filter(table):
    assert ids(filter_matrix(table, ["alpha", "beta"], leader="tie")) == ["profiler"]
    assert ids(filter_matrix(table, ["alpha", "beta"], leader="beta")) == ["compile"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["compile", "eager", "profiler"]),
        ("spread", ["compile", "eager", "profiler"]),
        ("leader", ["eager", "compile", "profiler"]),
        ("nonsense", ["eager", "compile", "profiler"]),
    ],
)
def test_sorts(table, sort, expected):
    assert ids(filter_matrix(table, ["alpha", "beta"], sort=sort)) == expected


def test_search_reads_summaries_and_tie_rows_name_their_co_leaders(table):
    assert ids(filter_matrix(table, ["alpha", "beta"], query="compiles a little")) == ["compile"]
    rows = table.set_index("criterion_id")
    assert rows.loc["profiler", "co_leaders"] == ["alpha", "beta"]
    assert rows.loc["compile", "co_leaders"] == []


def test_category_leaders_counts(fixture_data):
    leaders = category_leaders(load_matrix(fixture_data / "matrix").value).set_index("category_id")
    assert leaders.loc["speed", ["beta", "alpha", "tie", "criteria"]].tolist() == [1, 0, 1, 2]
    assert leaders.loc["basics", "alpha"] == 1
