"""Exact scoring on the tiny fixture (hand-computed numbers), and the real wizard.yaml's structure."""

from __future__ import annotations

import pytest

from faceoff.wizard.explain import confidence_word
from faceoff.wizard.figure import make_score_figure
from faceoff.wizard.model import parse_answers
from faceoff.wizard.scoring import Change, recommend

# The answers these hand computations were made for (before #21.1 they were the questions' presets; every question
# now starts unanswered, so they are stated explicitly).
STATED = {"goal": "learn", "target": "server", "team": "none"}


def answers(wizard, **kw):
    return parse_answers(wizard, STATED | kw)


def test_unanswered_questions_weigh_nothing_and_never_decide(tiny):
    wizard, matrix = tiny
    nothing = recommend(wizard, matrix, parse_answers(wizard, {}))
    assert nothing.recommended is None and nothing.decision.stage == "no-answers"
    assert nothing.unanswered == ("goal", "target", "team") and nothing.flips == ()
    assert all(s.score == 0 and not s.contributions for s in nothing.ranking)
    one = recommend(wizard, matrix, parse_answers(wizard, {"goal": "ship"}))
    # ship only: alpha speed 2x2 + gpu 1x3 = 7, beta 2x2 + 1x2 = 6, gamma 2x3 + 1x3 = 9
    assert [(s.framework, s.score) for s in one.ranking] == [("gamma", 9), ("alpha", 7), ("beta", 6)]
    assert one.unanswered == ("target", "team") and one.given == {"goal": "ship"}
    assert one.decision.questions() == {"goal"}
    assert all(ch.to_answer != "unanswered" for f in one.flips for ch in f.changes)


def test_default_scores_are_weight_times_rating(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard))
    # alpha: ease 3x3 + gpu 1x3 = 12; beta: 3x2 + 1x2 = 8; gamma: 3x1 + 1x3 = 6
    assert [(s.framework, s.score) for s in rec.ranking] == [("alpha", 12), ("beta", 8), ("gamma", 6)]
    assert rec.recommended == "alpha"
    assert rec.margin == pytest.approx(4 / 12)
    assert rec.confidence == "high"
    assert [(c.criterion, c.points) for c in rec.score_of("beta").contributions] == [("ease", 6), ("gpu", 2)]


def test_reasons_are_largest_contributions_first(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, goal="ship", team="alpha"))
    alpha = rec.score_of("alpha")
    # ship: speed 2x2=4, gpu 1x3=3; server gpu 1x3=3; bonus 5
    assert alpha.score == 15
    assert [(c.kind, c.points) for c in alpha.reasons(2)] == [("bonus", 5), ("weight", 4)]
    assert len(alpha.reasons(wizard.settings.reasons_shown)) == wizard.settings.reasons_shown


def test_hard_constraint_rules_out_and_explains(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, target="phone"))
    gamma = rec.score_of("gamma")
    assert not gamma.eligible
    assert [(e.criterion, e.rating, e.min_rating) for e in gamma.exclusions] == [("mobile", 0, 1)]
    assert rec.ranking[-1].framework == "gamma"
    # beta: ease 6 + mobile 9 = 15; alpha: 9 + 3 = 12
    assert rec.recommended == "beta"
    kinds = [(c.kind, c.framework) for c in rec.caveats]
    assert ("ruled-out", "gamma") in kinds
    assert ("note", None) in kinds
    assert any("Gamma is ruled out" in c.text for c in rec.caveats)


def test_bonus_can_win_against_ratings(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, goal="ship", team="gamma"))
    # gamma: speed 6 + gpu 3 + server gpu 3 + bonus 5 = 17; alpha: 4+3+3 = 10
    assert rec.score_of("gamma").score == 17
    assert rec.recommended == "gamma"


def test_flips_smallest_changes_most_decisive_first(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard))
    assert [(f.changes, f.recommended) for f in rec.flips] == [
        ((Change("target", "server", "phone"),), "beta"),  # margin 3/15
        ((Change("goal", "learn", "ship"),), "gamma"),  # margin 2/12
    ]


def test_flips_need_two_changes_when_one_is_not_enough(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, team="alpha"))
    assert rec.recommended == "alpha"
    assert rec.flips, "some pair of changes must flip it"
    assert {len(f.changes) for f in rec.flips} == {2}
    for flip in rec.flips:
        changed = dict(rec.answers) | {c.question: c.to_answer for c in flip.changes}
        assert recommend(wizard, matrix, changed, with_flips=False).recommended == flip.recommended != "alpha"


def test_confidence_words_follow_thresholds(tiny):
    wizard, _ = tiny
    assert confidence_word(wizard, 0.5) == "high"
    assert confidence_word(wizard, 0.12) == "high"
    assert confidence_word(wizard, 0.1) == "medium"
    assert confidence_word(wizard, 0.0) == "low"
    assert confidence_word(wizard, None) == "no fit"


def test_everything_ruled_out_gives_no_fit(tiny):
    from tests.wizard.conftest import build_matrix

    wizard, _ = tiny
    matrix = build_matrix({"ease": {"alpha": 1, "beta": 1, "gamma": 1}, "speed": {}, "gpu": {},
                           "mobile": {"alpha": 0, "beta": None}}, ("alpha", "beta", "gamma"))
    rec = recommend(wizard, matrix, answers(wizard, target="phone"))
    assert rec.recommended is None
    assert rec.confidence == "no fit"
    assert all(not s.eligible for s in rec.ranking)
    assert any(c.kind == "not-assessed" for c in rec.caveats)
    assert rec.flips and rec.flips[0].recommended is not None


def test_tie_is_deterministic_and_flagged(tiny):
    from tests.wizard.conftest import build_matrix

    wizard, _ = tiny
    matrix = build_matrix({"ease": {"alpha": 2, "beta": 2, "gamma": 2}, "speed": {}, "gpu": {}, "mobile": {}},
                          ("alpha", "beta", "gamma"))
    rec = recommend(wizard, matrix, answers(wizard))
    assert rec.recommended == "alpha" and rec.margin == 0 and rec.confidence == "low"
    assert any(c.kind == "tie" for c in rec.caveats)


def test_score_figure_stacks_one_trace_per_question(tiny):
    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, target="phone", team="alpha"))
    fig = make_score_figure(rec, wizard, matrix)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Goal: Learning", "Target: Phone", "Team: Alpha"]
    labels = list(fig.data[0].y)
    assert labels == ["Gamma (ruled out)", "Beta", "Alpha"]  # alpha 17 (bonus 5) > beta 15; best at the top
    for i, label in enumerate(labels):
        total = sum(trace.x[i] for trace in fig.data)
        assert total == rec.ranking[::-1][i].score, label
    assert fig.data[1].customdata[2] == "Mobile: 3 × 1 = 3"


def test_to_dict_is_json_ready(tiny):
    import json

    wizard, matrix = tiny
    rec = recommend(wizard, matrix, answers(wizard, target="phone"))
    data = json.loads(json.dumps(rec.to_dict(wizard.settings.reasons_shown)))
    assert data["recommended"] == "beta"
    assert data["ranking"][2]["ruled_out_by"][0]["criterion"] == "mobile"
    assert data["what_would_change_it"][0]["changes"][0]["question"] in {"goal", "target", "team"}
