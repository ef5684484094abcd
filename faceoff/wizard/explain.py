"""Explaining a recommendation: what decided it, confidence (checked against the scenario panel), caveats, flips."""

from __future__ import annotations

import itertools

from faceoff.matrix import Matrix
from faceoff.wizard.model import Wizard
from faceoff.wizard.results import AnswerRef, Caveat, Change, Decision, Flip, FrameworkScore
from faceoff.wizard.terms import ScoreTable

DECIDING_MAX = 3  # a preference decision names at most this many answers (the largest differences first)


def confidence_word(wizard: Wizard, margin: float | None, target_lead: int = 0) -> str:
    """The confidence word: by the target lead when targets decided, else by the relative preference margin.

    ``None`` (nothing eligible) gives the "no fit" word.
    """
    if margin is None:
        return wizard.settings.no_fit_word
    for level in wizard.confidence:
        if (target_lead >= level.min_target_lead) if target_lead > 0 else (margin >= level.min_margin):
            return level.word
    return wizard.confidence[-1].word


def _points(score: FrameworkScore, tier: str) -> dict[str, int]:
    return score.by_question(tier)


def decision_for(ranking: list[FrameworkScore], answers: dict[str, str], order: list[str]) -> Decision:
    """Which answers decided the winner over the runner-up, and which narrowed the field (``order``: question ids)."""
    ruled = sorted({(e.question, e.answer) for s in ranking for e in s.exclusions}, key=lambda k: order.index(k[0]))
    ruled_refs = tuple(AnswerRef(q, a) for q, a in ruled)
    eligible = [s for s in ranking if s.eligible]
    if not eligible:
        return Decision("none", (), ruled_refs, None)
    if len(eligible) == 1:
        return Decision("only-one", ruled_refs, ruled_refs, None)
    winner, runner = eligible[0], eligible[1]
    mine = _points(winner, "target")
    behind = [q for q in order
              if any(mine.get(q, 0) > _points(other, "target").get(q, 0) for other in eligible[1:])]
    narrowed = ruled_refs + tuple(AnswerRef(q, answers[q]) for q in behind if (q, answers[q]) not in ruled)
    tier = "target" if winner.target_score > runner.target_score else "preference"
    ours, theirs = _points(winner, tier), _points(runner, tier)
    ranked = sorted(((ours.get(q, 0) - theirs.get(q, 0), -order.index(q), q) for q in order), reverse=True)
    diffs = [(d, q) for d, _, q in ranked if d > 0]
    if tier == "target":
        chosen = [q for _, q in diffs]
    else:
        # the largest differences that make up at least half of the winner's advantage, at most DECIDING_MAX
        total, acc, chosen = sum(d for d, _ in diffs), 0, []
        for d, q in diffs[:DECIDING_MAX]:
            chosen.append(q)
            acc += d
            if acc * 2 >= total:
                break
    return Decision(tier, tuple(AnswerRef(q, answers[q]) for q in chosen), narrowed, runner.framework)


def caveats_for(wizard: Wizard, matrix: Matrix, answers: dict[str, str], ranking: list[FrameworkScore]
                ) -> list[Caveat]:
    names = {fw.id: fw.name for fw in matrix.frameworks}
    crit_name = {c.id: c.name for c in matrix.criteria}
    out: list[Caveat] = []
    for s in ranking:
        for e in s.exclusions:
            rated = "not assessed" if e.rating is None else f"rated {e.rating}/{matrix.scale.max}"
            out.append(Caveat("ruled-out", f"{names[s.framework]} is ruled out: {e.why} "
                              f"({crit_name.get(e.criterion, e.criterion)} {rated}; needs at least {e.min_rating}.)",
                              e.criterion, s.framework, e.question))
    for q in wizard.questions:
        for n in q.pick(answers[q.id]).notes:
            out.append(Caveat("note", n.text, n.criterion, None, q.id))
    seen: set[tuple[str, str]] = set()
    for s in ranking:
        for c in s.contributions:
            if c.rating is None and c.kind == "weight" and (s.framework, c.criterion) not in seen:
                seen.add((s.framework, c.criterion))
                out.append(Caveat("not-assessed", f"{names[s.framework]} has no rating yet for "
                                  f"{crit_name.get(c.criterion, c.criterion)}; it counts as 0 here.",
                                  c.criterion, s.framework, c.question))
    eligible = [s for s in ranking if s.eligible]
    if len(eligible) > 1 and (eligible[0].target_score, eligible[0].score) == (eligible[1].target_score,
                                                                                eligible[1].score):
        out.append(Caveat("tie", f"{names[eligible[0].framework]} and {names[eligible[1].framework]} score the same; "
                          "the order between them is arbitrary (registry order).", None, None, None))
    return out


def check_panel(panel, wizard: Wizard, answers: dict[str, str], winner: str | None, word: str,
                decision: Decision, names: dict[str, str]
                ) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None, list[Caveat]]:
    """The confidence after the panel check, the alternatives to show, the scenarios applied, the closest one.

    A scenario that applies (see ``Panel.applicable``) caps the confidence at the highest word it allows; one that
    expects another framework caps it at the lowest word. A split scenario's frameworks are the alternatives.
    """
    if panel is None:
        return word, (), (), None, []
    closest = panel.closest(wizard, answers)
    closest_id = closest.id if closest else None
    levels = [c.word for c in wizard.confidence]
    if winner is None or word not in levels:
        return word, (), (), closest_id, []
    applied = panel.applicable(wizard, answers, decision)
    final, alternatives, notes = word, [winner], []
    for s in applied:
        expected = " and ".join(names.get(f, f) for f in s.expected)
        if winner not in s.expected:
            cap, why = levels[-1], f"the panel expects {expected}"
        else:
            cap = min((w for w in s.confidence if w in levels), key=levels.index, default=levels[-1])
            why = (f"the panel finds the evidence split between {expected}" if s.split
                   else f"the panel's evidence supports at most {cap} confidence")
        if s.split or winner not in s.expected:
            alternatives += [f for f in s.expected if f not in alternatives]
        if levels.index(cap) > levels.index(final):
            final = cap
            notes.append(Caveat("panel", f"Confidence lowered from {word} to {cap}: for “{s.title}” {why}."))
    return final, tuple(alternatives) if len(alternatives) > 1 else (), tuple(s.id for s in applied), closest_id, notes


def find_flips(wizard: Wizard, table: ScoreTable, answers: dict[str, str], current: str | None) -> list[Flip]:
    """The smallest sets of answer changes (up to ``settings.max_flip_changes``) that change the recommendation.

    All sets of the smallest size found are returned, the most decisive new recommendations first.
    """
    for size in range(1, wizard.settings.max_flip_changes + 1):
        found: list[tuple[int, float, int, Flip]] = []
        for questions in itertools.combinations(wizard.questions, size):
            # changes to real answers only: leaving a question unanswered is not advice
            alternatives = [[o.id for o in q.options if o.id not in (answers[q.id], q.default)] for q in questions]
            for choice in itertools.product(*alternatives):
                changed = dict(answers)
                for q, value in zip(questions, choice, strict=True):
                    changed[q.id] = value
                winner, margin, lead = table.decide(changed)
                if winner != current:
                    changes = tuple(Change(q.id, answers[q.id], v) for q, v in zip(questions, choice, strict=True))
                    flip = Flip(changes, winner, confidence_word(wizard, margin, lead))
                    found.append((-lead, -(margin or 0.0), len(found), flip))
        if found:
            found.sort(key=lambda item: item[:3])
            return [item[3] for item in found]
    return []


__all__ = ["caveats_for", "check_panel", "confidence_word", "decision_for", "find_flips"]
