"""The scenario panel's loader: the real panel is registered and valid; broken fixtures fail with located messages."""

from __future__ import annotations

import pytest

from faceoff.registry import inventory, load_dataset
from faceoff.wizard.panel import load_scenarios
from tests.wizard.conftest import edit_yaml, load_problems

edit = edit_yaml


def problems(path):
    return load_problems(load_scenarios, path)


def test_real_panel_is_registered_and_valid():
    loaded = load_dataset("wizard-scenarios")
    panel = loaded.value
    assert len(panel.scenarios) >= 20
    assert loaded.problems == []  # wizard, frameworks and claims all loaded and checked
    for s in panel.scenarios:
        assert any(src.kind == "primary" for src in s.sources), s.id
        assert not (s.split and "high" in s.confidence), s.id
    assert loaded.detail["splits"] >= 5 and loaded.detail["with_article"] >= 5


def test_fixture_panel_loads_with_a_warning_for_missing_claims(wizard_data):
    loaded = load_scenarios(wizard_data / "wizard_scenarios.yaml")
    assert [s.id for s in loaded.value.scenarios] == ["ship-to-phones", "learning"]
    assert loaded.rows == 2 and loaded.sources == 2
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert "claims.yaml could not be loaded" in str(loaded.problems[0])
    inv = inventory(wizard_data)
    assert next(r for r in inv["datasets"] if r["id"] == "wizard-scenarios")["rows"] == 2


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["scenarios"][0]["answers"].update(colour="red"), "row ship-to-phones, field answers.colour: "
                                                                  "unknown question 'colour'"),
    (lambda d: d["scenarios"][0]["answers"].update(target="moon"), "target='moon' is not an option; choose one "
                                                                   "of: server, phone, unanswered"),
    (lambda d: d["scenarios"][1].update(expected=["delta"]), "unknown framework id 'delta'"),
    (lambda d: d["scenarios"][0].update(confidence=["medium", "high"]), "a split (more than one expected "
                                                                        "framework) cannot expect 'high'"),
    (lambda d: d["scenarios"][1].update(deciding=["target"]), "deciding question 'target' is not among"),
    (lambda d: d["scenarios"][1]["sources"][0].update(kind="secondary"), "needs at least one primary source"),
    (lambda d: d["scenarios"][1].update(confidence=["certain"]), "unknown confidence word 'certain'"),
    (lambda d: d["scenarios"][1].update(answers={"goal": "ship", "target": "phone"}),
     "same answers as scenario"),
    (lambda d: d["scenarios"][1].update(id="ship-to-phones"), "duplicate scenario id 'ship-to-phones'"),
    (lambda d: d["scenarios"][0]["sources"][0].update(date="2999-01-01"), "is in the future"),
    (lambda d: d["scenarios"][0]["sources"][0].pop("kind"), "kind"),
    (lambda d: d["scenarios"][0].update(sources=[]), "sources"),
])
def test_broken_panel_is_rejected_with_a_located_message(wizard_data, change, message):
    path = wizard_data / "wizard_scenarios.yaml"
    edit(path, change)
    msgs = problems(path)
    assert any(message in m for m in msgs), msgs


def test_article_ids_are_checked_against_the_claims(tmp_path, monkeypatch):
    import shutil

    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("popularity", "benchmarks"))
    path = data / "wizard_scenarios.yaml"
    edit(path, lambda d: d["scenarios"][7]["article"].update(ids=["a9"]))
    assert any("unknown article id 'a9'" in m for m in problems(path))
