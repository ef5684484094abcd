"""``python -m faceoff recommend``: JSON out, clear errors (exit 2) for unknown keys and values."""

from __future__ import annotations

import json
import subprocess
import sys

from faceoff.cli import main
from tests.conftest import ROOT


def test_recommend_prints_json(wizard_data, capsys):
    assert main(["recommend", "goal=learn", "target=phone", "w_team=alpha"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answers"] == {"goal": "learn", "target": "phone", "team": "alpha"}
    assert out["unanswered"] == []
    assert out["recommended"] == "alpha"  # 9 + 3 + 5 = 17 vs beta 6 + 9 = 15
    assert [r["score"] for r in out["ranking"]] == [17, 15, 3]  # gamma: 3x1 + 3x0, ruled out
    assert out["ranking"][2]["eligible"] is False
    assert out["what_would_change_it"]


def test_unknown_key_exits_2(wizard_data, capsys):
    assert main(["recommend", "colour=red"]) == 2
    err = capsys.readouterr().err
    assert "unknown question 'colour'" in err and "goal, target, team" in err


def test_unknown_value_exits_2(wizard_data, capsys):
    assert main(["recommend", "goal=fly"]) == 2
    assert "goal='fly' is not an option; choose one of: learn, ship, unanswered" in capsys.readouterr().err


def test_malformed_pair_and_duplicate_exit_2(wizard_data, capsys):
    assert main(["recommend", "goal"]) == 2
    assert "expected key=value" in capsys.readouterr().err
    assert main(["recommend", "goal=learn", "goal=ship"]) == 2
    assert main(["recommend", "goal=learn", "w_goal=ship"]) == 2
    assert "answered twice" in capsys.readouterr().err


def test_only_given_answers_count_in_the_json(wizard_data, capsys):
    """#21.1: an unanswered question is listed as such, weighs nothing and never decides; none given: no verdict."""
    assert main(["recommend", "target=phone"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answers"] == {"target": "phone"} and out["unanswered"] == ["goal", "team"]
    named = {a["question"] for part in ("deciding", "narrowed_by") for a in out["decided_by"][part]}
    assert named == {"target"}
    assert all(c["question"] == "target" for r in out["ranking"] for c in r["contributions"])
    assert main(["recommend"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recommended"] is None and out["decided_by"]["stage"] == "no-answers"
    assert out["unanswered"] == ["goal", "target", "team"] and out["what_would_change_it"] == []


def test_old_labels_still_parse(capsys):
    """Links made before the shorter labels (#21 item 10) still select the same answer."""
    assert main(["recommend", "deploy=No deployment (notebooks, experiments)", "role=Research (new models, papers)"
                 ]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answers"] == {"role": "research", "deploy": "none"}


def test_questions_listing(wizard_data, capsys):
    assert main(["recommend", "--questions"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [q["url_key"] for q in out["questions"]] == ["w_goal", "w_target", "w_team"]


def test_real_cli_subprocess():
    proc = subprocess.run([sys.executable, "-m", "faceoff", "recommend", "role=learning"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["answers"]["role"] == "learning"
    assert out["recommended"] in {"pytorch", "tensorflow", "jax"}
    assert out["confidence"] in {"high", "medium", "low"}
