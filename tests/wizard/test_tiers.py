"""Targets before preferences, `when` conditions, what decided it, the panel's confidence check (hand-computed)."""

from __future__ import annotations

import pytest

from faceoff.wizard.model import Wizard, check_wizard
from faceoff.wizard.panel import Panel
from faceoff.wizard.scoring import recommend
from tests.wizard.conftest import build_matrix

FWS = ("alpha", "beta", "gamma")
WIZARD = Wizard.model_validate({
    "as_of": "2026-01-01",
    "settings": {"reasons_shown": 3, "max_flip_changes": 2, "flips_shown": 3, "no_fit_word": "no fit"},
    "confidence": [{"word": "high", "min_margin": 0.12, "min_target_lead": 2, "meaning": "H"},
                   {"word": "medium", "min_margin": 0.05, "min_target_lead": 1, "meaning": "M"},
                   {"word": "low", "min_margin": 0, "min_target_lead": 0, "meaning": "L"}],
    "questions": [
        {"id": "goal", "key": "w_goal", "short": "Goal", "label": "Goal", "help": "h", "default": "unanswered",
         "options": [
             {"id": "learn", "label": "Learning", "weights": [{"criterion": "ease", "weight": 3, "why": "w"}]},
             {"id": "ship", "label": "Shipping", "weights": [
                 {"criterion": "serve", "weight": 3, "why": "w", "when": {"target": ["server"]}},
                 {"criterion": "speed", "weight": 2, "why": "w"}]},
             {"id": "unanswered", "label": "Not sure"}]},
        {"id": "target", "key": "w_target", "short": "Target", "label": "Target", "help": "h", "default": "unanswered",
         "options": [
             {"id": "server", "label": "Server", "weights": [{"criterion": "gpu", "weight": 1, "why": "w"}]},
             {"id": "chip", "label": "A chip", "weights": [
                 {"criterion": "chip", "weight": 2, "tier": "target", "why": "w"}]},
             {"id": "unanswered", "label": "Not sure"}]},
        {"id": "code", "key": "w_code", "short": "Code", "label": "Code", "help": "h", "default": "unanswered",
         "options": [
             {"id": "none", "label": "None"},
             {"id": "gamma", "label": "Gamma code", "bonuses": [
                 {"framework": "gamma", "criterion": "ease", "points": 2, "tier": "target", "why": "w"}]},
             {"id": "unanswered", "label": "Not sure"}]},
    ],
})
MATRIX = build_matrix({
    "ease": {"alpha": 3, "beta": 2, "gamma": 1},
    "serve": {"alpha": 1, "beta": 3, "gamma": 2},
    "speed": {"alpha": 3, "beta": 2, "gamma": 2},
    "gpu": {"alpha": 3, "beta": 2, "gamma": 3},
    "chip": {"alpha": 1, "beta": 3, "gamma": 2},
}, FWS)
# the answers these cases were computed for (the questions' presets before #21.1), stated explicitly
STATED = {"goal": "learn", "target": "server", "code": "none"}
SOURCE = {"url": "https://example.org/s", "title": "S", "kind": "primary"}


def panel(*scenarios) -> Panel:
    return Panel.model_validate({"as_of": "2026-01-01", "scenarios": [
        {"id": sid, "title": sid, "answers": answers, "expected": expected, "confidence": words,
         "deciding": deciding, "rationale": "r", "sources": [SOURCE]}
        for sid, answers, expected, words, deciding in scenarios]})


def rec(**answers):
    return recommend(WIZARD, MATRIX, STATED | answers, with_flips=False)


def test_the_inline_model_is_valid():
    assert check_wizard(WIZARD, "w", {"ease", "serve", "speed", "gpu", "chip"}, set(FWS)) == []


def test_when_limits_a_weight_to_the_answers_it_applies_to():
    on_server = rec(goal="ship")
    # alpha: serve 3x1 + speed 2x3 + gpu 1x3 = 12; beta: 9 + 4 + 2 = 15; gamma: 6 + 4 + 3 = 13
    assert [(s.framework, s.score) for s in on_server.ranking] == [("beta", 15), ("gamma", 13), ("alpha", 12)]
    on_chip = rec(goal="ship", target="chip")
    assert not any(c.criterion == "serve" for s in on_chip.ranking for c in s.contributions)
    assert on_chip.score_of("beta").score == 4  # speed only


def test_one_target_step_outweighs_any_preference():
    r = rec(target="chip")
    # preferences: alpha ease 9, beta 6, gamma 3; targets (chip x2): alpha 2, beta 6, gamma 4
    assert [(s.framework, s.target_score, s.score) for s in r.ranking] == [
        ("beta", 6, 6), ("gamma", 4, 3), ("alpha", 2, 9)]
    assert (r.recommended, r.target_lead, r.confidence) == ("beta", 2, "high")
    assert r.decision.stage == "target" and r.decision.runner_up == "gamma"
    assert [(a.question, a.answer) for a in r.decision.deciding] == [("target", "chip")]
    assert [c.tier for c in r.score_of("beta").reasons(2)] == ["target", "preference"]


def test_an_existing_codebase_ties_the_target_and_preferences_decide():
    r = rec(target="chip", code="gamma")
    # gamma: chip 4 + codebase 2 = 6 = beta's 6; preferences: beta ease 6 > gamma 3
    assert [(s.framework, s.target_score) for s in r.ranking][:2] == [("beta", 6), ("gamma", 6)]
    assert (r.recommended, r.target_lead, r.decision.stage) == ("beta", 0, "preference")
    assert [(a.question, a.answer) for a in r.decision.deciding] == [("goal", "learn")]
    # the chip target put alpha behind: it narrowed the field
    assert ("target", "chip") in [(a.question, a.answer) for a in r.decision.narrowed_by]
    assert r.confidence == "high"  # (6 - 3) / 6 = 50 % preference margin


def test_a_split_scenario_caps_confidence_and_shows_the_alternatives():
    scenarios = panel(("chips", {"target": "chip"}, ["beta", "gamma"], ["low", "medium"], ["target"]))
    r = recommend(WIZARD, MATRIX, STATED | {"target": "chip"}, with_flips=False, panel=scenarios)
    assert (r.recommended, r.model_confidence, r.confidence) == ("beta", "high", "medium")
    assert r.alternatives == ("beta", "gamma")
    assert r.panel_scenarios == ("chips",) and r.closest == "chips"
    assert [c.kind for c in r.caveats] == ["panel"]
    assert "split between Beta and Gamma" in r.caveats[0].text


def test_a_disagreeing_scenario_caps_at_the_lowest_word_and_the_most_specific_applies():
    scenarios = panel(
        ("chips", {"target": "chip"}, ["alpha"], ["high"], ["target"]),
        ("chips-shipping", {"target": "chip", "goal": "ship"}, ["beta"], ["high", "medium"], ["target"]),
    )
    general = recommend(WIZARD, MATRIX, STATED | {"target": "chip"}, with_flips=False, panel=scenarios)
    assert general.panel_scenarios == ("chips",)
    assert (general.recommended, general.confidence, general.alternatives) == ("beta", "low", ("beta", "alpha"))
    specific = recommend(WIZARD, MATRIX, STATED | {"target": "chip", "goal": "ship"}, with_flips=False,
                         panel=scenarios)
    assert specific.panel_scenarios == ("chips-shipping",)
    assert specific.recommended == "beta" and specific.confidence == specific.model_confidence


def test_a_scenario_that_does_not_apply_changes_nothing():
    scenarios = panel(("chips", {"target": "chip"}, ["alpha"], ["low"], ["target"]))
    r = recommend(WIZARD, MATRIX, STATED, with_flips=False, panel=scenarios)
    assert r.panel_scenarios == () and r.confidence == r.model_confidence and r.alternatives == ()
    assert r.closest is None  # it shares none of the given answers: no situation is shown as "closest"
    near = recommend(WIZARD, MATRIX, STATED | {"goal": "ship"}, with_flips=False, panel=panel(
        ("chips", {"target": "chip", "goal": "ship"}, ["alpha"], ["low"], ["target"])))
    assert near.closest == "chips" and near.panel_scenarios == ()  # shares goal=ship: closest, not applicable


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["questions"][1]["options"][1]["weights"][0].update(weight=4), "counts rating steps: at most 3"),
    (lambda d: d["questions"][0]["options"][1]["weights"][0].update(when={"target": ["moon"]}),
     "'when' target='moon' is not an option"),
    (lambda d: d["questions"][0]["options"][1]["weights"][0].update(when={"goal": ["learn"]}),
     "'when' must name another question"),
    (lambda d: d["confidence"][0].update(min_target_lead=0), "largest min_target_lead down to 0"),
])
def test_tier_and_condition_checks(change, message):
    data = WIZARD.model_dump(mode="json", exclude_none=True)
    change(data)
    problems = check_wizard(Wizard.model_validate(data), "w", None, None)
    assert any(message in str(p) for p in problems), problems
