"""Pure scoring of the wizard's answers against the head-to-head matrix: targets first, then preferences.

A framework's target points (answers that name a target only some frameworks serve well: a microcontroller, a TPU,
an existing codebase) are compared first; preference points (everything else) decide among frameworks tied on
targets. Hard requirements rule frameworks out. docs/wizard.md explains the model; data/wizard.yaml holds it.
"""

from __future__ import annotations

from faceoff.matrix import Matrix
from faceoff.wizard.explain import caveats_for, check_panel, confidence_word, decision_for, find_flips
from faceoff.wizard.model import Wizard
from faceoff.wizard.results import (
    AnswerRef,
    Caveat,
    Change,
    Contribution,
    Decision,
    Exclusion,
    Flip,
    FrameworkScore,
    Recommendation,
)
from faceoff.wizard.terms import ScoreTable, decide_rows


def score_framework(table: ScoreTable, wizard: Wizard, answers: dict[str, str], framework: str, name: str
                    ) -> FrameworkScore:
    i = table.frameworks.index(framework)
    contributions: list[Contribution] = []
    exclusions: list[Exclusion] = []
    for q in wizard.questions:
        entry = table.by_answer[(q.id, answers[q.id])]
        for t in entry.terms:
            if t.applies(answers) and (t.kind == "weight" or t.points[i]):
                contributions.append(Contribution(framework, q.id, t.answer, t.criterion, t.kind, t.weight,
                                                  t.ratings[i], t.points[i], t.why, t.tier))
        for fw, req, value in entry.fails:
            if fw == framework:
                exclusions.append(Exclusion(fw, q.id, answers[q.id], req.criterion, req.min_rating, value, req.why))
    return FrameworkScore(
        framework, name, sum(c.points for c in contributions if c.tier == "preference"), not exclusions,
        tuple(contributions), tuple(exclusions), sum(c.points for c in contributions if c.tier == "target"))


def rank(wizard: Wizard, matrix: Matrix, answers: dict[str, str], table: ScoreTable | None = None
         ) -> list[FrameworkScore]:
    """Eligible frameworks first, then target points, then preference points; ties keep the registry order."""
    table = table or ScoreTable(wizard, matrix)
    scores = [score_framework(table, wizard, answers, fw.id, fw.name) for fw in matrix.frameworks]
    order = {fw.id: i for i, fw in enumerate(matrix.frameworks)}
    return sorted(scores, key=lambda s: (not s.eligible, -s.target_score, -s.score, order[s.framework]))


def recommend(wizard: Wizard, matrix: Matrix, answers: dict[str, str], with_flips: bool = True, panel=None,
              table: ScoreTable | None = None) -> Recommendation:
    """Score every framework for ``answers`` (complete: one option id per question id) and explain the result.

    ``panel`` (the scenario panel, data/wizard_scenarios.yaml) caps the confidence where a scenario that applies
    disagrees or is split, and names the closest scenario.
    """
    table = table or ScoreTable(wizard, matrix)
    ranking = rank(wizard, matrix, answers, table)
    unanswered = tuple(wizard.unanswered(answers))
    if len(unanswered) == len(wizard.questions):
        # nothing known: no framework is recommended (a registry-order tie is not advice); the census says what
        # Faceoff recommends over all answers
        return Recommendation(answers=dict(answers), ranking=tuple(ranking), recommended=None, confidence="",
                              margin=0.0, caveats=(), decision=Decision("no-answers", (), (), None),
                              unanswered=unanswered)
    winner, margin, lead = decide_rows([(s.framework, s.eligible, s.target_score, s.score) for s in ranking])
    decision = decision_for(ranking, answers, [q.id for q in wizard.questions])
    word = confidence_word(wizard, margin, lead)
    names = {fw.id: fw.name for fw in matrix.frameworks}
    final, alternatives, applied, closest, notes = check_panel(panel, wizard, answers, winner, word, decision,
                                                               names)
    flips = find_flips(wizard, table, answers, winner) if with_flips else []
    return Recommendation(
        answers=dict(answers),
        ranking=tuple(ranking),
        recommended=winner,
        confidence=final,
        margin=margin if margin is not None else 0.0,
        caveats=tuple(caveats_for(wizard, matrix, answers, ranking) + notes),
        flips=tuple(flips),
        target_lead=lead,
        decision=decision,
        model_confidence=word,
        alternatives=alternatives,
        panel_scenarios=applied,
        closest=closest,
        unanswered=unanswered,
    )


__all__ = ["AnswerRef", "Caveat", "Change", "Contribution", "Decision", "Exclusion", "Flip", "FrameworkScore",
           "Recommendation", "rank", "recommend", "score_framework"]
