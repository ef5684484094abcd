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


NAMES = {"alpha": "Alpha", "beta": "Beta"}


def test_search_says_which_field_matched_with_the_passage_around_the_term(table):
    found = filter_matrix(table, ["alpha", "beta"], query="onnx", names=NAMES).iloc[0]
    assert (found["match_field"], found["match_hit"]) == ("Alpha verdict", "ONNX")  # the data's own spelling
    assert found["match_before"] + found["match_hit"] + found["match_after"] == "Eager by default with ONNX export"


def test_search_ranks_name_matches_before_summary_question_and_verdict_matches(table):
    ranked = filter_matrix(table, ["alpha", "beta"], query="Compil", names=NAMES, sort="name")
    assert ids(ranked) == ["compile"]
    found = filter_matrix(table, ["alpha", "beta"], query="has", names=NAMES)
    assert list(found["match_field"]) == ["Alpha, in short"]  # "Has a profiler": a summary, ranked as one
    # a term in one row's name and another row's question: the name match comes first whatever the sort says
    both = filter_matrix(table, ["alpha", "beta"], query="profiler", names=NAMES, sort="name")
    assert ids(both) == ["profiler"] and both.iloc[0]["match_field"] == "Criterion"


def test_name_match_outranks_an_earlier_row_in_the_chosen_order(table):
    # "e" starts "Eager mode" (a name) and "everything" (Beta's summary of the compiler); in category order the
    # compiler comes after eager anyway, so sort by name (Compiler first) to see the rank win
    ranked = filter_matrix(table, ["alpha", "beta"], query="e", names=NAMES, sort="name")
    assert ids(ranked)[0] == "eager" and ranked.iloc[0]["match_field"] == "Criterion"
    assert "compile" in ids(ranked) and ids(ranked).index("compile") > 0


def test_search_matches_at_a_word_start_only():
    from faceoff.matrix.search import term_pattern

    assert term_pattern("TPU").search("TPUStrategy and TPUs")
    assert term_pattern("TPU").search("float outputs") is None
    assert term_pattern(".5").search("version 0.5")  # a term starting with punctuation is not anchored


def test_snippet_cuts_long_text_at_spaces_with_ellipses():
    from faceoff.matrix.search import snippet

    text = " ".join(f"word{i}" for i in range(40)) + " TARGET " + " ".join(f"tail{i}" for i in range(40))
    start = text.index("TARGET")
    before, hit, after = snippet(text, start, start + 6, context=20)
    assert hit == "TARGET" and before.startswith("…") and after.endswith("…")
    assert not before[1:].startswith(" ") and len(before) <= 21 and len(after) <= 21
    assert snippet("short TARGET", 6, 12) == ("short ", "TARGET", "")


def test_search_reads_source_titles(fixture_data):
    matrix = load_matrix(fixture_data / "matrix").value
    found = filter_matrix(matrix_table(matrix), ["alpha", "beta"], query="blog post", names=NAMES)
    assert ids(found) == ["eager"] and found.iloc[0]["match_field"] == "Beta sources"
