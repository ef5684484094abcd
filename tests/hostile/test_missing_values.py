"""Values that can be missing (found by the type checker): an empty YAML file, an empty provenance sidecar, an option id
that names nothing. Each gets the same located message as any other data fault, and nothing crashes."""

from __future__ import annotations

import pytest

from faceoff.errors import DataFileError
from faceoff.popularity import live_options
from faceoff.popularity.peek import peek_snapshot
from faceoff.registry import inventory


def _problems(data_dir, dataset_id: str) -> list[dict]:
    row = next(r for r in inventory(data_dir)["datasets"] if r["id"] == dataset_id)
    return row["problems"]


def test_empty_live_sources_file_is_named_and_refresh_options_refuse_it(real_data_copy):
    path = real_data_copy / "popularity" / "live_sources.yaml"
    path.write_text("", encoding="utf-8")
    problems = _problems(real_data_copy, "popularity-live-sources")
    assert any(p["file"].endswith("live_sources.yaml") and "empty" in p["message"] for p in problems), problems
    with pytest.raises(DataFileError) as info:
        live_options(real_data_copy)
    assert "live_sources.yaml" in str(info.value) and "empty" in str(info.value)


def test_empty_provenance_sidecar_is_named_and_peek_says_unknown(real_data_copy):
    sidecar = real_data_copy / "popularity" / "github_stars.provenance.yaml"
    sidecar.write_text("", encoding="utf-8")
    problems = _problems(real_data_copy, "popularity-github-stars")
    assert any(p["file"].endswith("github_stars.provenance.yaml") and "empty" in p["message"] for p in problems)
    peek = peek_snapshot(real_data_copy / "popularity" / "github_stars.csv")
    assert peek.status == "unknown" and peek.rows is None


def test_provenance_sidecar_without_a_mapping_peeks_as_unknown(real_data_copy):
    sidecar = real_data_copy / "popularity" / "github_stars.provenance.yaml"
    sidecar.write_text("stats: [1, 2]\n", encoding="utf-8")
    peek = peek_snapshot(real_data_copy / "popularity" / "github_stars.csv")
    assert peek.rows is None and peek.as_of is None


def test_unknown_option_in_a_wizard_rule_is_located(real_data_copy):
    path = real_data_copy / "wizard.yaml"
    text = path.read_text(encoding="utf-8")
    rule = "when: {deploy: [cloud-servers, none]}"
    assert rule in text, "the fixture rule moved: pick another `when` rule"
    path.write_text(text.replace(rule, "when: {deploy: [cloud-servers, no-such-option]}", 1), encoding="utf-8")
    problems = _problems(real_data_copy, "wizard")
    located = [p for p in problems if "no-such-option" in p["message"]]
    assert located, problems
    assert located[0]["file"].endswith("wizard.yaml") and located[0].get("field")
