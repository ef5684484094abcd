"""The wizard loader: schema, cross-checks against the matrix and registry, and the registry entry."""

from __future__ import annotations

import pytest

from faceoff.registry import inventory, load_dataset
from faceoff.wizard.model import AnswerError, load_wizard, parse_answers
from tests.wizard.conftest import edit_yaml, load_problems

edit = edit_yaml


def problems(path):
    return load_problems(load_wizard, path)


def test_real_wizard_is_registered_and_valid():
    loaded = load_dataset("wizard")
    assert loaded.detail["questions"] == len(loaded.value.questions)
    assert 6 <= len(loaded.value.questions) <= 9
    assert all(q.key.startswith("w_") for q in loaded.value.questions)
    assert loaded.sources > 0  # the matrix sources behind the weighted criteria


def test_fixture_inventory_ok(wizard_data):
    inv = inventory(wizard_data)
    assert inv["ok"], inv
    row = next(r for r in inv["datasets"] if r["id"] == "wizard")
    assert row["rows"] == 8 and row["sources"] == 12


def test_unknown_criterion_is_located(wizard_data):
    path = wizard_data / "wizard.yaml"
    edit(path, lambda d: d["questions"][0]["options"][1]["weights"].append(
        {"criterion": "teleportation", "weight": 1, "why": "x"}))
    msgs = problems(path)
    assert msgs == ["data/wizard.yaml, row goal, field options.ship.weights: unknown criterion id 'teleportation' "
                    "(not in data/matrix/)"]


def test_default_must_be_an_option(wizard_data):
    path = wizard_data / "wizard.yaml"
    edit(path, lambda d: d["questions"][1].update(default="moon"))
    assert any("default 'moon' is not one of the options" in m for m in problems(path))


def test_duplicate_keys_and_unknown_bonus_framework(wizard_data):
    path = wizard_data / "wizard.yaml"

    def change(d):
        d["questions"][1]["key"] = "w_goal"
        d["questions"][2]["options"][1]["bonuses"][0]["framework"] = "delta"

    edit(path, change)
    msgs = problems(path)
    assert any("duplicate URL key 'w_goal'" in m for m in msgs)
    assert any("unknown framework id 'delta'" in m for m in msgs)


def test_confidence_levels_must_descend_to_zero(wizard_data):
    path = wizard_data / "wizard.yaml"
    edit(path, lambda d: d["confidence"].reverse())
    assert any("confidence levels" in m for m in problems(path))


def test_schema_errors_name_the_field(wizard_data):
    path = wizard_data / "wizard.yaml"
    edit(path, lambda d: d["questions"][0]["options"][0]["weights"][0].update(weight=0))
    assert any("field options[0].weights[0].weight" in m for m in problems(path))


def test_the_unanswered_option_must_weigh_nothing(wizard_data):
    path = wizard_data / "wizard.yaml"
    edit(path, lambda d: d["questions"][0]["options"][-1].update(
        weights=[{"criterion": "ease", "weight": 1, "why": "x"}]))
    assert any("the default 'unanswered' is the unanswered option: it must carry no weights" in m
               for m in problems(path))


def test_matrix_missing_is_a_warning_not_a_crash(wizard_data):
    import shutil

    shutil.rmtree(wizard_data / "matrix")
    loaded = load_wizard(wizard_data / "wizard.yaml")
    assert [p.severity for p in loaded.problems] == ["warning"]


def test_parse_answers_strict_and_lenient(tiny):
    wizard, _ = tiny
    assert parse_answers(wizard, {"w_goal": "ship", "team": "alpha"}) == {"goal": "ship", "target": "unanswered",
                                                                          "team": "alpha"}
    with pytest.raises(AnswerError, match="unknown question 'colour'"):
        parse_answers(wizard, {"colour": "red"})
    with pytest.raises(AnswerError, match="choose one of: learn, ship, unanswered"):
        parse_answers(wizard, {"goal": "fly"})
    assert parse_answers(wizard, {"goal": "fly", "colour": "red"}, strict=False) == wizard.defaults
