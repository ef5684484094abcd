"""Validation of data files: every kind of bad file is named with file, row and field; good data passes."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from faceoff import clock
from faceoff.errors import DataFileError
from faceoff.matrix.claims import load_claims
from faceoff.matrix.frameworks import load_frameworks
from faceoff.matrix.loader import load_matrix
from faceoff.registry import inventory

ROOT = Path(__file__).resolve().parent.parent


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems_of(callable_, path):
    with pytest.raises(DataFileError) as info:
        callable_(path)
    return info.value.problems


def test_fixture_data_is_valid(fixture_data):
    report = inventory(fixture_data)
    assert report["ok"], report
    matrix = next(d for d in report["datasets"] if d["id"] == "matrix")
    assert matrix["rows"] == 3
    assert matrix["detail"]["cells"] == 6
    assert matrix["as_of"] == "2026-01-02"


def test_missing_source_is_named(fixture_data):
    path = fixture_data / "matrix" / "speed.yaml"
    edit_yaml(path, lambda d: d["criteria"][1]["cells"]["beta"].update(sources=[]))
    (problem,) = problems_of(load_matrix, fixture_data / "matrix")
    assert problem.file == "data/matrix/speed.yaml"
    assert problem.row == "criteria[2 (id=profiler)]"
    assert problem.field == "cells.beta.sources"


def test_malformed_url_and_future_date(fixture_data, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 1, 1))
    path = fixture_data / "matrix" / "basics.yaml"

    def change(d):
        d["criteria"][0]["cells"]["alpha"]["sources"][0]["url"] = "not a url"
        d["criteria"][0]["cells"]["beta"]["as_of"] = "2026-06-01"

    edit_yaml(path, change)
    problems = problems_of(load_matrix, fixture_data / "matrix")
    messages = {p.field: p.message for p in problems}
    assert "well-formed" in messages["cells.alpha.sources[0].url"]
    assert "in the future" in messages["cells.beta.as_of"]


def test_unparseable_date(fixture_data):
    edit_yaml(fixture_data / "claims.yaml", lambda d: d.update(as_of="last Tuesday"))
    (problem,) = problems_of(load_claims, fixture_data / "claims.yaml")
    assert problem.field == "as_of"


def test_unknown_framework_and_leader(fixture_data):
    def change(d):
        d["criteria"][0]["leader"] = "gamma"
        d["criteria"][0]["cells"]["gamma"] = d["criteria"][0]["cells"]["alpha"]

    edit_yaml(fixture_data / "matrix" / "basics.yaml", change)
    problems = problems_of(load_matrix, fixture_data / "matrix")
    fields = sorted(p.field for p in problems)
    assert fields == ["cells.gamma", "leader"]
    assert all(p.row == "eager" for p in problems)


def test_duplicate_ids(fixture_data):
    edit_yaml(fixture_data / "matrix" / "speed.yaml", lambda d: d["criteria"][1].update(id="eager"))
    problems = problems_of(load_matrix, fixture_data / "matrix")
    assert any("duplicate criterion id 'eager'" in p.message for p in problems)
    edit_yaml(fixture_data / "frameworks.yaml", lambda d: d["frameworks"][1].update(id="alpha"))
    problems = problems_of(load_frameworks, fixture_data / "frameworks.yaml")
    assert "duplicate framework id 'alpha'" in problems[0].message


def test_claims_reference_checks(fixture_data):
    def change(d):
        d["claims"][0]["criteria"] = ["no-such-criterion"]
        d["claims"][1]["articles"] = ["a9"]

    edit_yaml(fixture_data / "claims.yaml", change)
    problems = problems_of(load_claims, fixture_data / "claims.yaml")
    assert {(p.row, p.field) for p in problems} == {("c01", "criteria"), ("c02", "articles")}


def test_missing_cell_is_a_warning_not_an_error(fixture_data):
    edit_yaml(fixture_data / "matrix" / "basics.yaml", lambda d: d["criteria"][0]["cells"].pop("beta"))
    loaded = load_matrix(fixture_data / "matrix")
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert loaded.detail["cells"] == loaded.detail["cells_expected"] - 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"criteria: [unclosed", "malformed YAML"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"just a string", "Input should be a valid dictionary"),
    ],
)
def test_broken_files(fixture_data, content, expected):
    path = fixture_data / "claims.yaml"
    path.write_bytes(content)
    problems = problems_of(load_claims, path)
    assert expected in problems[0].message
    assert problems[0].file == "data/claims.yaml"


def test_missing_file(fixture_data):
    (fixture_data / "frameworks.yaml").unlink()
    report = inventory(fixture_data)
    assert not report["ok"]
    fw = next(d for d in report["datasets"] if d["id"] == "frameworks")
    assert fw["problems"][0]["message"] == "file is missing"
    # the matrix depends on the registry and must say so rather than crash
    matrix = next(d for d in report["datasets"] if d["id"] == "matrix")
    assert matrix["problems"] and matrix["rows"] == 0


def run_cli(*args, data_dir=None):
    env = None
    if data_dir is not None:
        import os

        env = dict(os.environ, FACEOFF_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "faceoff", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_exit_codes_and_messages(fixture_data):
    good = run_cli("validate", data_dir=fixture_data)
    assert good.returncode == 0, good.stdout + good.stderr
    edit_yaml(fixture_data / "matrix" / "speed.yaml", lambda d: d["criteria"][0]["cells"]["alpha"].update(rating=7))
    bad = run_cli("validate", data_dir=fixture_data)
    assert bad.returncode == 1
    assert "data/matrix/speed.yaml, row criteria[1 (id=compile)], field cells.alpha.rating" in bad.stdout


def test_cli_json_inventory_shape(fixture_data):
    out = run_cli("validate", "--json", data_dir=fixture_data)
    report = json.loads(out.stdout)
    assert report["ok"] is True
    for ds in report["datasets"]:
        assert {"id", "path", "kind", "rows", "sources", "as_of", "problems"} <= set(ds)


def test_real_data_inventory_meets_the_bar():
    """The shipped data: >= 35 criteria x 3 frameworks, every cell sourced, >= 30 claims, no errors."""
    out = run_cli("validate", "--json")
    report = json.loads(out.stdout)
    errors = [p for d in report["datasets"] for p in d["problems"] if p["severity"] == "error"]
    assert errors == []
    by_id = {d["id"]: d for d in report["datasets"]}
    matrix = by_id["matrix"]["detail"]
    assert matrix["criteria"] >= 35 and matrix["categories"] >= 8 and matrix["frameworks"] >= 3
    assert matrix["cells"] == matrix["cells_expected"] == matrix["cells_sourced"]
    assert by_id["claims"]["rows"] >= 30
    assert out.returncode == 0
