"""The browser timing's goals: each page and size gets a PASS or FAIL line for its first screen and its full page,
judged against the ratios to the one-line page (no timing happens here)."""

from __future__ import annotations

from perf.cli import check_goals
from perf.screens import format_screens


def rows(*items):
    return {"screens": {"screens": {"trivial": {"1280x800": {"screen_s": 1.0, "full_s": 1.0}}, "repeat": 3,
                                    "rows": [dict(zip(("page", "size", "screen_s", "screen_ratio", "full_s",
                                                       "full_ratio", "nodes", "charts"), item, strict=True))
                                             for item in items]}}}


def test_each_page_and_size_gets_a_verdict_for_both_goals():
    result = rows(("popularity", "390x844", 1.4, 1.4, 2.6, 2.6, 4000, 5), ("(default)", "1280x800", 1.6, 1.6,
                                                                             2.0, 2.0, 900, 0))
    lines = check_goals(result)
    assert lines == [
        "PASS first screen popularity at 390x844: 1.4 s = 1.4× the one-line page (goal ≤ 1.5×)",
        "FAIL full page popularity at 390x844: 2.6 s = 2.6× the one-line page (goal ≤ 2.5×)",
        "FAIL first screen (default) at 1280x800: 1.6 s = 1.6× the one-line page (goal ≤ 1.5×)",
        "PASS full page (default) at 1280x800: 2.0 s = 2.0× the one-line page (goal ≤ 2.5×)",
    ]


def test_the_table_names_page_size_and_both_ratios():
    table = format_screens(rows(("popularity", "390x844", 1.4, 1.4, 2.6, 2.6, 4000, 5))["screens"]["screens"])
    line = next(x for x in table.splitlines() if x.strip().startswith("popularity"))
    assert "390x844" in line and "1.4×" in line and "2.6×" in line and "4000" in line
