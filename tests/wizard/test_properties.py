"""Property tests (hypothesis) over the real wizard.yaml's questions with random matrices and random answers."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faceoff.loading import parse_model
from faceoff.paths import data_dir
from faceoff.wizard.figure import make_score_figure
from faceoff.wizard.model import Wizard, parse_answers
from faceoff.wizard.scoring import recommend
from tests.conftest import ROOT
from tests.wizard.conftest import FRAMEWORK_IDS, build_matrix, wizard_criteria

WIZARD = parse_model(ROOT / "data" / "wizard.yaml", Wizard)  # structure only: ratings come from hypothesis
CRITERIA = wizard_criteria(WIZARD)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ratings_st = st.fixed_dictionaries({
    crit: st.fixed_dictionaries({fw: st.one_of(st.none(), st.integers(0, 3)) for fw in FRAMEWORK_IDS})
    for crit in CRITERIA
})
answers_st = st.fixed_dictionaries({q.id: st.sampled_from(q.option_ids) for q in WIZARD.questions})


@FAST
@given(ratings=ratings_st, answers=answers_st)
def test_deterministic(ratings, answers):
    matrix = build_matrix(ratings)
    first = recommend(WIZARD, matrix, answers).to_dict(5)
    second = recommend(WIZARD, build_matrix(ratings), dict(reversed(list(answers.items())))).to_dict(5)
    assert first == second


@FAST
@given(ratings=ratings_st, answers=answers_st)
def test_scores_are_exactly_their_contributions(ratings, answers):
    matrix = build_matrix(ratings)
    rec = recommend(WIZARD, matrix, answers, with_flips=False)
    for s in rec.ranking:
        assert s.score == sum(c.points for c in s.contributions if c.tier == "preference")
        assert s.target_score == sum(c.points for c in s.contributions if c.tier == "target")
        for c in s.contributions:
            if c.kind == "weight":
                assert c.rating == ratings[c.criterion][s.framework]
                assert c.points == c.weight * (c.rating or 0)
        # every weight of every chosen answer counts, except those whose `when` names other answers
        applying = [w for q, a in answers.items() for w in WIZARD.question(q).option(a).weights
                    if all(answers[other] in values for other, values in (w.when or {}).items())]
        assert len([c for c in s.contributions if c.kind == "weight"]) == len(applying)
    fig = make_score_figure(rec, WIZARD, matrix)
    for i, s in enumerate(rec.ranking[::-1]):
        assert sum(trace.x[i] for trace in fig.data) == s.score


@FAST
@given(ratings=ratings_st, answers=answers_st)
def test_targets_come_before_preferences(ratings, answers):
    """Among eligible frameworks, more target points always rank higher, whatever the preference points."""
    rec = recommend(WIZARD, build_matrix(ratings), answers, with_flips=False)
    eligible = [s for s in rec.ranking if s.eligible]
    for a, b in itertools.pairwise(eligible):
        assert (a.target_score, a.score) >= (b.target_score, b.score)
    if rec.recommended and len(eligible) > 1:
        assert rec.target_lead == eligible[0].target_score - eligible[1].target_score
        if rec.decision.stage == "target":
            assert rec.target_lead > 0 and rec.decision.deciding
            for ref in rec.decision.deciding:  # each deciding answer gives the winner more target points
                mine = eligible[0].by_question("target").get(ref.question, 0)
                assert mine > eligible[1].by_question("target").get(ref.question, 0)


@FAST
@given(ratings=ratings_st, answers=answers_st)
def test_an_answer_that_rules_a_framework_out_does_so(ratings, answers):
    rec = recommend(WIZARD, build_matrix(ratings), answers, with_flips=False)
    for s in rec.ranking:
        failed = [
            (q.id, r.criterion)
            for q in WIZARD.questions
            for r in q.option(answers[q.id]).requires
            if ratings[r.criterion][s.framework] is None or ratings[r.criterion][s.framework] < r.min_rating
        ]
        assert s.eligible == (not failed)
        assert [(e.question, e.criterion) for e in s.exclusions] == failed
        if failed:
            assert rec.recommended != s.framework
            assert any(c.kind == "ruled-out" and c.framework == s.framework for c in rec.caveats)
    eligible = [s for s in rec.ranking if s.eligible]
    if not WIZARD.given(answers):  # nothing answered: nothing recommended, whatever the ratings
        assert rec.recommended is None and rec.decision.stage == "no-answers"
        return
    assert rec.recommended == (eligible[0].framework if eligible else None)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratings=ratings_st, answers=answers_st)
def test_flips_are_real_and_smallest(ratings, answers):
    matrix = build_matrix(ratings)
    rec = recommend(WIZARD, matrix, answers)
    for flip in rec.flips:
        changed = dict(answers) | {c.question: c.to_answer for c in flip.changes}
        assert all(c.from_answer == answers[c.question] != c.to_answer for c in flip.changes)
        assert recommend(WIZARD, matrix, changed, with_flips=False).recommended == flip.recommended
        assert flip.recommended != rec.recommended
    sizes = {len(f.changes) for f in rec.flips}
    assert len(sizes) <= 1
    if not WIZARD.given(answers):
        assert rec.flips == ()
        return
    smallest = min(sizes) if sizes else WIZARD.settings.max_flip_changes + 1
    if smallest > 1:  # no single change may flip it
        for q in WIZARD.questions:
            for opt in q.option_ids:
                if opt == q.default:  # leaving a question unanswered is not a change the page offers
                    continue
                one = dict(answers) | {q.id: opt}
                assert recommend(WIZARD, matrix, one, with_flips=False).recommended == rec.recommended


@FAST
@given(raw=st.dictionaries(st.sampled_from([q.key for q in WIZARD.questions] + ["w_x", "role", "junk"]),
                           st.text(max_size=20)))
def test_nonsense_answers_fall_back_to_defaults(raw):
    answers = parse_answers(WIZARD, raw, strict=False)
    assert set(answers) == {q.id for q in WIZARD.questions}
    for q in WIZARD.questions:
        given_value = raw.get(q.key, raw.get(q.id))
        by_label = {o.label: o.id for o in q.options}
        expected = given_value if given_value in q.option_ids else by_label.get(given_value, q.default)
        assert answers[q.id] == expected


@FAST
@given(answers=answers_st)
def test_labels_and_ids_give_the_same_answers(answers):
    """The sidebar writes labels into the URL; links made before carry ids: both parse to the same answers."""
    by_label = {q.key: q.option(answers[q.id]).label for q in WIZARD.questions}
    by_id = {q.key: answers[q.id] for q in WIZARD.questions}
    assert parse_answers(WIZARD, by_label, strict=False) == parse_answers(WIZARD, by_id, strict=False) == answers


def test_real_wizard_file_is_the_one_tested():
    assert (data_dir() / "wizard.yaml").resolve() == (ROOT / "data" / "wizard.yaml").resolve()
