"""The result schema: valid files pass, inconsistent ones fail, the stored results all validate and pass the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from faceoff.bench.gate import gate_ok, run_gate
from faceoff.bench.results import load_measured
from faceoff.bench.schema import BenchResult, json_schema_text
from faceoff.bench.spec import FRAMEWORKS, MODES, WORKLOADS
from faceoff.errors import DataFileError
from tests.bench.conftest import make_result

ROOT = Path(__file__).resolve().parents[2]
MEASURED = ROOT / "data" / "benchmarks" / "measured"
STORED = sorted(MEASURED.glob("*.json"))


def test_builder_result_is_valid(result_dict):
    result = BenchResult.model_validate(result_dict)
    assert result.file_name() == "mlp-digits__pytorch__eager__cpu__r1__20260101T000000Z.json"


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r.update(schema_version="2.0"), "schema_version"),
    (lambda r: r["timing"]["summary"].update(median=r["timing"]["summary"]["p10"]), "does not match"),
    (lambda r: r["timing"]["summary"].update(median=99.0), "out of order"),
    (lambda r: r["timing"].update(step_times_s=[]), "step_times_s"),
    (lambda r: r["timing"].update(step_times_s=[0.1, -1.0]), "greater than or equal"),
    (lambda r: r.update(workload="resnet"), "workload"),
    (lambda r: r.update(device="tpu"), "device"),
    (lambda r: r.update(repeat=5), "repeat 5 > repeats 3"),
    (lambda r: r.update(accuracy=None), "needs accuracy"),
    (lambda r: r["environment"].update(date="2999-01-01T00:00:00+00:00"), "future"),
    (lambda r: r["environment"].update(date="2025-01-01T00:00:00"), "time zone"),
    (lambda r: r.update(surprise=1), "Extra inputs"),
    (lambda r: r["accuracy"].update(final=1.5), "less than or equal"),
])
def test_invalid_results_are_rejected(result_dict, mutate, message):
    mutate(result_dict)
    with pytest.raises(ValidationError, match=message):
        BenchResult.model_validate(result_dict)


def test_exported_json_schema_is_current():
    doc = ROOT / "docs" / "benchmark-result.schema.json"
    assert doc.read_text(encoding="utf-8") == json_schema_text(), \
        "run `python -m faceoff bench schema --write` after changing faceoff/bench/schema.py"
    schema = json.loads(doc.read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == "1.0"
    assert "environment" in schema["required"]


@pytest.mark.parametrize("path", STORED, ids=[p.name for p in STORED])
def test_every_stored_result_validates(path):
    result = BenchResult.model_validate_json(path.read_text(encoding="utf-8"))
    assert path.name == result.file_name()
    env = result.environment
    assert env.load_average_at_start is not None and env.cpu_model and env.command.startswith("python -m faceoff")
    assert result.timing.summary.n == len(result.timing.step_times_s) >= 5


def test_stored_results_cover_every_framework_and_mode():
    loaded = load_measured(MEASURED)
    seen = {(r.framework, r.mode) for r in loaded.value.results}
    assert seen == {(f, m) for f in FRAMEWORKS for m in MODES}
    workloads = {r.workload for r in loaded.value.results}
    assert workloads == set(WORKLOADS)


def test_stored_results_pass_the_correctness_gate():
    loaded = load_measured(MEASURED)
    failing = [c for c in loaded.value.gate if not c.ok]
    assert not failing, failing
    assert not loaded.problems


def test_gate_catches_unequal_parameters_and_diverging_accuracy():
    a = BenchResult.model_validate(make_result("pytorch"))
    b = BenchResult.model_validate(make_result("jax", params=85003))
    c = BenchResult.model_validate(make_result("tensorflow", accuracy=0.70))
    checks = run_gate([a, b, c])
    assert not gate_ok(checks)
    failed = {x.check for x in checks if not x.ok}
    assert "parameter count" in failed
    assert any(name.startswith("final accuracy") for name in failed)
    assert gate_ok(run_gate([a, BenchResult.model_validate(make_result("jax", accuracy=0.94))]))


def test_gate_compares_forward_outputs():
    a = BenchResult.model_validate(make_result("pytorch", workload="matmul", params=0, output_checksum=8.91))
    b = BenchResult.model_validate(make_result("jax", workload="matmul", params=0, output_checksum=9.5))
    assert not gate_ok(run_gate([a, b]))


def test_load_measured_reports_bad_files(tmp_path):
    folder = tmp_path / "data" / "benchmarks" / "measured"
    folder.mkdir(parents=True)
    with pytest.raises(DataFileError, match="no result files"):
        load_measured(folder)
    good = BenchResult.model_validate(make_result())
    (folder / good.file_name()).write_text(good.model_dump_json())
    (folder / "broken.json").write_text("{not json")
    with pytest.raises(DataFileError) as err:
        load_measured(folder)
    assert any("malformed JSON" in p.message for p in err.value.problems)
    (folder / "broken.json").unlink()
    (folder / "renamed.json").write_text(good.model_dump_json().replace('"repeat":1', '"repeat":2'))
    with pytest.raises(DataFileError, match="file name should be"):
        load_measured(folder)
