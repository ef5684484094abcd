"""Sources and Overview rows in words: each warning's reason, provenance explained, tables that wrap on a phone."""

from __future__ import annotations

from components.overview import as_of_age
from components.sources import inventory_markdown, provenance_lines, status_text


def dataset(problems=(), **extra):
    return {"title": "Google Trends interest over time", "licence": "Google Trends data | with attribution",
            "as_of": None, "rows": 0, "problems": list(problems), **extra}


def problem(message, severity="warning"):
    return {"message": message, "severity": severity, "file": "data/x.csv", "row": None, "field": None}


def test_status_gives_the_reason_without_the_maintainers_command():
    ds = dataset([problem("no snapshot yet: run `python -m faceoff refresh trends` to fetch it")])
    assert status_text(ds) == "warning: no snapshot yet"
    assert status_text(dataset()) == "ok"
    two = dataset([problem("column x is empty", "error"), problem("bad date", "error"), problem("old")])
    assert status_text(two) == "error: column x is empty (+1 more)"


def test_missing_provenance_is_explained_not_printed_as_none():
    text = " ".join(provenance_lines(None))
    assert "None" not in text and "not been fetched" in text
    lines = provenance_lines({"source": "MLCommons results", "url": "https://github.com/mlcommons",
                              "retrieved": "2026-11-28", "data_as_of": "2025-11-12", "method": "read files"})
    assert lines[0] == "**Source:** MLCommons results (https://github.com/mlcommons)"
    assert "**Data as of:** 2025-11-12" in lines


def test_inventory_table_keeps_pipes_in_licences_inside_their_cell():
    table = inventory_markdown({"datasets": [dataset([problem("no snapshot yet: run `x`")])]})
    header, _, row = table.splitlines()
    assert header.count("|") == row.replace("\\|", "").count("|") == 4
    assert "warning: no snapshot yet" in row and "undated · 0 rows" in row


def test_overview_age_sits_beside_the_date():
    assert as_of_age({"As of": "2026-11-28", "Age (days)": 5}) == "2026-11-28 (5 d)"
    assert as_of_age({"As of": "studies from 2017–2025", "Age (days)": "—"}) == "studies from 2017–2025"
