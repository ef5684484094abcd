"""The scenario panel (data/wizard_scenarios.yaml) run through the real wizard: adding a scenario adds a test.

Each scenario says which framework(s) the 2025-26 evidence supports, the confidence words allowed and the answer
that should decide. The panel caps the wizard's confidence (never its choice of framework), so the winner checks
here hold with or without the panel; the confidence checks catch a model that is less sure than the evidence.
"""

from __future__ import annotations

import re

import pytest

from faceoff.registry import load_dataset
from faceoff.wizard.model import parse_answers
from faceoff.wizard.scoring import recommend
from tests.conftest import ROOT

PANEL = load_dataset("wizard-scenarios").value


@pytest.fixture(scope="module")
def real():
    return load_dataset("wizard").value, load_dataset("matrix").value, PANEL


def run(real, answers, panel=True):
    wizard, matrix, scenarios = real
    return recommend(wizard, matrix, parse_answers(wizard, answers), with_flips=False,
                     panel=scenarios if panel else None)


@pytest.mark.parametrize("scenario", PANEL.scenarios, ids=[s.id for s in PANEL.scenarios])
def test_scenario(real, scenario):
    rec = run(real, scenario.answers)
    assert rec.recommended in scenario.expected, f"{scenario.id}: {scenario.title}"
    assert rec.confidence in scenario.confidence, (rec.model_confidence, rec.confidence)
    if scenario.deciding:
        named = rec.decision.questions()
        assert set(scenario.deciding) & named, f"the explanation names {sorted(named)}, not {scenario.deciding}"
    if scenario.split:
        assert rec.alternatives[0] == rec.recommended
        assert set(rec.alternatives) == set(scenario.expected)
    assert rec.closest == scenario.id
    assert scenario.id in rec.panel_scenarios


def test_the_panel_never_picks_the_framework(real):
    """Without the panel the winners are the same: the evidence reaches the wizard through its weights."""
    for scenario in PANEL.scenarios:
        alone = run(real, scenario.answers, panel=False)
        assert alone.recommended in scenario.expected, scenario.id
        assert alone.alternatives == () and alone.closest is None


def test_the_panel_only_ever_lowers_confidence(real):
    wizard = real[0]
    words = [c.word for c in wizard.confidence]
    lowered = 0
    for scenario in PANEL.scenarios:
        rec = run(real, scenario.answers)
        assert words.index(rec.confidence) >= words.index(rec.model_confidence)
        lowered += rec.confidence != rec.model_confidence
        if rec.confidence != rec.model_confidence:
            assert any(c.kind == "panel" for c in rec.caveats)
    assert lowered, "the scores alone are 'high' for some split scenario; the panel must lower at least one"


@pytest.mark.parametrize(("answers", "scenario_id", "question"), [
    ({"role": "production", "deploy": "microcontrollers"}, "microcontrollers", "deploy"),
    ({"role": "research", "hardware": "tpu", "scale": "multi-node"}, "research-tpu-pod", "hardware"),
    ({"role": "production", "deploy": "browser"}, "browser", "deploy"),
], ids=["microcontrollers", "tpu-pod", "browser"])
def test_issue_13_cases(real, answers, scenario_id, question):
    """The three cases issue 13 measured (PyTorch with high confidence each time) come out as the panel says."""
    scenario = PANEL.scenario(scenario_id)
    assert dict(scenario.answers) == answers
    rec = run(real, answers)
    assert rec.recommended in scenario.expected
    assert rec.confidence in scenario.confidence
    assert question in {a.question for a in rec.decision.deciding + rec.decision.narrowed_by}
    out = rec.to_dict(5)["decided_by"]
    assert question in {a["question"] for a in out["deciding"] + out["narrowed_by"]}


def test_microcontrollers_and_tpu_are_decided_by_their_target(real):
    mcu = run(real, {"role": "production", "deploy": "microcontrollers"})
    assert (mcu.recommended, mcu.decision.stage) == ("tensorflow", "target")
    assert [(a.question, a.answer) for a in mcu.decision.deciding] == [("deploy", "microcontrollers")]
    # no server-serving weight for a model that runs on a microcontroller
    assert not any(c.criterion == "server-serving" for c in mcu.score_of("tensorflow").contributions)
    tpu = run(real, {"role": "research", "hardware": "tpu", "scale": "multi-node"})
    assert (tpu.recommended, tpu.decision.stage) == ("jax", "target")


def test_browser_is_a_split_without_jax(real):
    rec = run(real, {"role": "production", "deploy": "browser"})
    assert rec.confidence != "high"
    assert set(rec.alternatives) == {"pytorch", "tensorflow"}
    jax = rec.score_of("jax")
    assert not jax.eligible or jax.target_score < rec.score_of(rec.recommended).target_score


def test_hard_constraints_on_real_data_rule_out(real):
    """Whatever the ratings, a framework ruled out by an answer is never recommended for it."""
    wizard, matrix, panel = real
    for q in wizard.questions:
        for opt in q.options:
            if not opt.requires:
                continue
            rec = recommend(wizard, matrix, wizard.defaults | {q.id: opt.id}, with_flips=False, panel=panel)
            for s in rec.ranking:
                if not s.eligible:
                    assert rec.recommended != s.framework
                    assert {e.question for e in s.exclusions} == {q.id}


def _documented(doc: str, heading: str) -> set[str]:
    section = doc.split(heading, 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^- `([a-z0-9-]+)`", section, flags=re.MULTILINE))


def test_article_disagreements_are_documented():
    """Scenarios where the 2026 evidence departs from the seed articles' advice are listed in docs/wizard.md."""
    doc = (ROOT / "docs" / "wizard.md").read_text(encoding="utf-8")
    with_article = [s for s in PANEL.scenarios if s.article]
    disagree = {s.id for s in with_article if not set(s.article.says) & set(s.expected)}
    widened = {s.id for s in with_article if set(s.article.says) & set(s.expected) and
               set(s.article.says) != set(s.expected)}
    assert disagree and widened, "the panel records advice the evidence no longer supports"
    assert _documented(doc, "### Where the evidence disagrees with the articles") == disagree
    assert _documented(doc, "### Where the articles' pick is now one of several") == widened
