"""The wizard's model as per-answer terms (points per framework), shared by scoring, flips and the census."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from faceoff.matrix import Matrix
from faceoff.wizard.model import Option, Requirement, Wizard


@dataclass(frozen=True)
class Term:
    """One weight or bonus of one answer, with the points it gives each framework (registry order)."""

    question: str
    answer: str
    criterion: str
    kind: str  # "weight" | "bonus"
    tier: str  # "target" | "preference"
    weight: int  # the weight, or the bonus points
    why: str
    when: tuple[tuple[str, frozenset[str]], ...]
    ratings: tuple[int | None, ...]
    points: tuple[int, ...]

    def applies(self, answers: Mapping[str, str]) -> bool:
        """Whether the term counts for these answers (its ``when`` conditions hold)."""
        return all(answers.get(question) in values for question, values in self.when)


@dataclass(frozen=True)
class AnswerTerms:
    terms: tuple[Term, ...]
    fails: tuple[tuple[str, Requirement, int | None], ...]  # (framework, requirement, its rating) it rules out

    @property
    def excluded(self) -> frozenset[str]:
        return frozenset(fw for fw, _, _ in self.fails)


def rating(matrix: Matrix, criterion: str, framework: str) -> int | None:
    crit = matrix.criterion(criterion)
    cell = crit.cells.get(framework) if crit else None
    return cell.rating if cell else None


def _option_terms(matrix: Matrix, frameworks: list[str], question: str, opt: Option) -> AnswerTerms:
    terms: list[Term] = []
    for w in opt.weights:
        ratings = tuple(rating(matrix, w.criterion, fw) for fw in frameworks)
        when = tuple((q, frozenset(v)) for q, v in sorted((w.when or {}).items()))
        terms.append(Term(question, opt.id, w.criterion, "weight", w.tier, w.weight, w.why, when, ratings,
                          tuple(w.weight * (r or 0) for r in ratings)))
    for b in opt.bonuses:
        ratings = tuple(rating(matrix, b.criterion, fw) if fw == b.framework else None for fw in frameworks)
        terms.append(Term(question, opt.id, b.criterion, "bonus", b.tier, b.points, b.why, (), ratings,
                          tuple(b.points if fw == b.framework else 0 for fw in frameworks)))
    fails = []
    for r in opt.requires:
        for fw in frameworks:
            value = rating(matrix, r.criterion, fw)
            if value is None or value < r.min_rating:
                fails.append((fw, r, value))
    return AnswerTerms(tuple(terms), tuple(fails))


class ScoreTable:
    """Every answer's terms, computed once; sums them for any set of answers without rebuilding anything."""

    def __init__(self, wizard: Wizard, matrix: Matrix):
        self.frameworks = [fw.id for fw in matrix.frameworks]
        self.by_answer: dict[tuple[str, str], AnswerTerms] = {
            (q.id, opt.id): _option_terms(matrix, self.frameworks, q.id, opt)
            for q in wizard.questions for opt in q.options
        }

    def totals(self, answers: Mapping[str, str]) -> tuple[list[int], list[int], set[str]]:
        """Target points, preference points (per framework, registry order) and the ruled-out frameworks."""
        target = [0] * len(self.frameworks)
        preference = [0] * len(self.frameworks)
        excluded: set[str] = set()
        for key in answers.items():
            entry = self.by_answer[key]
            excluded |= entry.excluded
            for term in entry.terms:
                if term.applies(answers):
                    into = target if term.tier == "target" else preference
                    for i, p in enumerate(term.points):
                        into[i] += p
        return target, preference, excluded

    def order(self, answers: Mapping[str, str]) -> list[tuple[str, bool, int, int]]:
        """(framework, eligible, target, preference), best first: eligible, then target, then preference points."""
        target, preference, excluded = self.totals(answers)
        rows = [(fw, fw not in excluded, target[i], preference[i]) for i, fw in enumerate(self.frameworks)]
        return sorted(rows, key=lambda r: (not r[1], -r[2], -r[3], self.frameworks.index(r[0])))

    def decide(self, answers: Mapping[str, str]) -> tuple[str | None, float | None, int]:
        """Winner, relative preference margin (``None``: nothing eligible) and target lead over the runner-up."""
        return decide_rows([(fw, ok, t, p) for fw, ok, t, p in self.order(answers)])


def decide_rows(rows: list[tuple[str, bool, int, int]]) -> tuple[str | None, float | None, int]:
    """The decision over ranked rows (framework, eligible, target, preference), best first.

    One framework left: margin 1.0. A target lead decides by itself; the margin is then the preference margin
    still (shown for information), and ties on targets fall to the relative preference margin.
    """
    eligible = [r for r in rows if r[1]]
    if not eligible:
        return None, None, 0
    top = eligible[0]
    if len(eligible) == 1:
        return top[0], 1.0, 0
    second = eligible[1]
    lead = top[2] - second[2]
    margin = (top[3] - second[3]) / top[3] if top[3] > 0 else 0.0
    return top[0], (max(margin, 0.0) if lead > 0 else margin), lead


__all__ = ["AnswerTerms", "ScoreTable", "Term", "decide_rows", "rating"]
