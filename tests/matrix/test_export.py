"""One record builder for the matrix: ``python -m faceoff matrix --json`` and the page's CSV render the same records."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from faceoff.matrix.export import matrix_document, matrix_records, records_csv
from faceoff.matrix.loader import load_matrix

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "faceoff", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "FACEOFF_DATA_DIR": str(data_dir)}, timeout=120)


def test_json_command_prints_the_whole_matrix(fixture_data):
    out = run_cli("matrix", "--json", data_dir=fixture_data)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["as_of"] == "2026-01-02"
    assert [f["id"] for f in doc["frameworks"]] == ["alpha", "beta"]
    assert doc["rubric"]["caveat_max_rating"] == 2
    by_id = {c["id"]: c for c in doc["criteria"]}
    assert list(by_id) == ["eager", "compile", "profiler"]
    compile_ = by_id["compile"]
    assert (compile_["category"], compile_["category_name"], compile_["question"]) == ("speed", "Speed",
                                                                                       "Does it compile?")
    assert (compile_["leader"], compile_["co_leaders"]) == ("beta", [])
    assert compile_["cells"]["beta"] == {
        "rating": 3, "rating_label": "First-class", "summary": "Compiles everything",
        "verdict": "Beta compiles everything", "as_of": "2026-01-02",
        "sources": [{"url": "https://example.org/b/c", "title": "B", "kind": "primary", "date": None}],
    }
    assert (by_id["profiler"]["leader"], by_id["profiler"]["co_leaders"]) == ("tie", ["alpha", "beta"])
    kinds = [s["kind"] for s in by_id["eager"]["cells"]["beta"]["sources"]]
    assert kinds == ["primary", "secondary"]


def test_text_and_csv_renderings(fixture_data):
    text = run_cli("matrix", data_dir=fixture_data).stdout
    assert "Profiler [leads: tie (Alpha, Beta)]" in text
    assert "Beta        3  Compiles everything" in text
    out = run_cli("matrix", "--csv", data_dir=fixture_data)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["criterion_id"] for r in rows] == ["eager", "compile", "profiler"]
    assert rows[0]["beta_sources"] == "https://example.org/b/e https://blog.example.com/b/e"
    assert rows[0]["beta_source_kinds"] == "primary secondary"


def test_invalid_matrix_exits_1_with_the_problem(fixture_data):
    (fixture_data / "matrix" / "speed.yaml").write_text("category: [broken\n")
    out = run_cli("matrix", "--json", data_dir=fixture_data)
    assert out.returncode == 1 and out.stdout == ""
    assert "data/matrix/speed.yaml" in out.stderr


def test_csv_of_a_filtered_view_is_the_json_records_flattened(fixture_data):
    matrix = load_matrix(fixture_data / "matrix").value
    records = matrix_records(matrix, ["profiler", "eager"], ["beta"])
    assert [r["id"] for r in records] == ["profiler", "eager"]
    assert list(records[0]["cells"]) == ["beta"]
    rows = list(csv.DictReader(io.StringIO(records_csv(records, ["beta"]).decode("utf-8"))))
    assert [r["criterion_id"] for r in rows] == ["profiler", "eager"]
    assert "alpha_rating" not in rows[0]
    assert (rows[0]["beta_rating"], rows[0]["beta_summary"], rows[0]["co_leaders"]) == ("2", "Has a profiler",
                                                                                        "alpha beta")
    full = matrix_document(matrix)["criteria"]
    assert records[1] == {**full[0], "cells": {"beta": full[0]["cells"]["beta"]}}


def test_cell_not_assessed_is_null_in_json_and_empty_in_csv(fixture_data):
    import yaml

    path = fixture_data / "matrix" / "basics.yaml"
    data = yaml.safe_load(path.read_text())
    del data["criteria"][0]["cells"]["beta"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    matrix = load_matrix(fixture_data / "matrix").value
    records = matrix_records(matrix, ["eager"])
    assert records[0]["cells"]["beta"] is None
    row = next(csv.DictReader(io.StringIO(records_csv(records, ["alpha", "beta"]).decode("utf-8"))))
    assert (row["beta_rating"], row["beta_sources"], row["alpha_rating"]) == ("", "", "3")
