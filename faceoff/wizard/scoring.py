"""Pure scoring of the wizard's answers against the head-to-head matrix: ranking, reasons, caveats, flips."""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field

from faceoff.matrix import Matrix
from faceoff.wizard.model import Option, Wizard


@dataclass(frozen=True)
class Contribution:
    """One term of a framework's score: ``points = weight x rating`` (kind "weight") or flat ``points`` ("bonus")."""

    framework: str
    question: str
    answer: str
    criterion: str
    kind: str
    weight: int
    rating: int | None
    points: int
    why: str


@dataclass(frozen=True)
class Exclusion:
    """A hard constraint a framework fails: rated below ``min_rating`` (or not assessed) on ``criterion``."""

    framework: str
    question: str
    answer: str
    criterion: str
    min_rating: int
    rating: int | None
    why: str


@dataclass(frozen=True)
class Caveat:
    kind: str  # "ruled-out" | "note" | "not-assessed" | "tie"
    text: str
    criterion: str | None = None
    framework: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class FrameworkScore:
    framework: str
    name: str
    score: int
    eligible: bool
    contributions: tuple[Contribution, ...]
    exclusions: tuple[Exclusion, ...]

    def reasons(self, n: int) -> list[Contribution]:
        """The ``n`` largest positive contributions (stable: ties keep question order)."""
        positive = [c for c in self.contributions if c.points > 0]
        return sorted(positive, key=lambda c: -c.points)[:n]

    def by_question(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for c in self.contributions:
            totals[c.question] = totals.get(c.question, 0) + c.points
        return totals


@dataclass(frozen=True)
class Change:
    question: str
    from_answer: str
    to_answer: str


@dataclass(frozen=True)
class Flip:
    """A smallest set of answer changes after which another framework (or none) is recommended."""

    changes: tuple[Change, ...]
    recommended: str | None
    confidence: str


@dataclass(frozen=True)
class Recommendation:
    answers: dict[str, str]
    ranking: tuple[FrameworkScore, ...]
    recommended: str | None
    confidence: str
    margin: float
    caveats: tuple[Caveat, ...]
    flips: tuple[Flip, ...] = field(default=())

    def score_of(self, framework: str) -> FrameworkScore:
        return next(s for s in self.ranking if s.framework == framework)

    def to_dict(self, reasons_shown: int) -> dict:
        """The JSON form ``python -m faceoff recommend`` prints."""
        return {
            "answers": dict(self.answers),
            "recommended": self.recommended,
            "confidence": self.confidence,
            "margin": round(self.margin, 4),
            "ranking": [
                {
                    "framework": s.framework,
                    "name": s.name,
                    "score": s.score,
                    "eligible": s.eligible,
                    "reasons": [asdict(c) for c in s.reasons(reasons_shown)],
                    "ruled_out_by": [asdict(e) for e in s.exclusions],
                    "contributions": [asdict(c) for c in s.contributions],
                }
                for s in self.ranking
            ],
            "caveats": [asdict(c) for c in self.caveats],
            "what_would_change_it": [
                {"changes": [asdict(ch) for ch in f.changes], "recommended": f.recommended,
                 "confidence": f.confidence}
                for f in self.flips
            ],
        }


def _rating(matrix: Matrix, criterion: str, framework: str) -> int | None:
    crit = matrix.criterion(criterion)
    cell = crit.cells.get(framework) if crit else None
    return cell.rating if cell else None


def _answer_terms(matrix: Matrix, question: str, opt: Option, framework: str
                  ) -> tuple[list[Contribution], list[Exclusion]]:
    """What one answer adds to one framework's score, and the hard constraints of that answer it fails."""
    contributions: list[Contribution] = []
    exclusions: list[Exclusion] = []
    for w in opt.weights:
        rating = _rating(matrix, w.criterion, framework)
        contributions.append(Contribution(framework, question, opt.id, w.criterion, "weight", w.weight, rating,
                                          w.weight * (rating or 0), w.why))
    for b in opt.bonuses:
        if b.framework == framework:
            contributions.append(Contribution(framework, question, opt.id, b.criterion, "bonus", b.points,
                                              _rating(matrix, b.criterion, framework), b.points, b.why))
    for r in opt.requires:
        rating = _rating(matrix, r.criterion, framework)
        if rating is None or rating < r.min_rating:
            exclusions.append(Exclusion(framework, question, opt.id, r.criterion, r.min_rating, rating, r.why))
    return contributions, exclusions


def score_framework(wizard: Wizard, matrix: Matrix, answers: dict[str, str], framework: str, name: str
                    ) -> FrameworkScore:
    contributions: list[Contribution] = []
    exclusions: list[Exclusion] = []
    for q in wizard.questions:
        terms, fails = _answer_terms(matrix, q.id, q.option(answers[q.id]), framework)
        contributions += terms
        exclusions += fails
    score = sum(c.points for c in contributions)
    return FrameworkScore(framework, name, score, not exclusions, tuple(contributions), tuple(exclusions))


def confidence_word(wizard: Wizard, margin: float | None) -> str:
    """The confidence level for a relative margin; ``None`` (nothing eligible) gives the "no fit" word."""
    if margin is None:
        return wizard.settings.no_fit_word
    for level in wizard.confidence:
        if margin >= level.min_margin:
            return level.word
    return wizard.confidence[-1].word


def _decide(ranking: list[FrameworkScore]) -> tuple[str | None, float | None]:
    """Winner and relative margin ``(top - runner-up) / top`` among eligible frameworks (1.0 when it is alone)."""
    eligible = [s for s in ranking if s.eligible]
    if not eligible:
        return None, None
    top = eligible[0]
    if len(eligible) == 1:
        return top.framework, 1.0
    second = eligible[1]
    margin = (top.score - second.score) / top.score if top.score > 0 else 0.0
    return top.framework, margin


def rank(wizard: Wizard, matrix: Matrix, answers: dict[str, str]) -> list[FrameworkScore]:
    """Eligible frameworks first, then by score; ties keep the registry order (deterministic)."""
    scores = [score_framework(wizard, matrix, answers, fw.id, fw.name) for fw in matrix.frameworks]
    order = {fw.id: i for i, fw in enumerate(matrix.frameworks)}
    return sorted(scores, key=lambda s: (not s.eligible, -s.score, order[s.framework]))


def _caveats(wizard: Wizard, matrix: Matrix, answers: dict[str, str], ranking: list[FrameworkScore]
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
        for n in q.option(answers[q.id]).notes:
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
    if len(eligible) > 1 and eligible[0].score == eligible[1].score:
        out.append(Caveat("tie", f"{names[eligible[0].framework]} and {names[eligible[1].framework]} score the same; "
                          "the order between them is arbitrary (registry order).", None, None, None))
    return out


class _FastScorer:
    """Per-answer point vectors, precomputed so the search for flips only adds small tuples."""

    def __init__(self, wizard: Wizard, matrix: Matrix):
        self.frameworks = [fw.id for fw in matrix.frameworks]
        self.table: dict[tuple[str, str], tuple[tuple[int, ...], frozenset[str]]] = {}
        for q in wizard.questions:
            for opt in q.options:
                points = []
                excluded = set()
                for fw in self.frameworks:
                    terms, fails = _answer_terms(matrix, q.id, opt, fw)
                    points.append(sum(c.points for c in terms))
                    if fails:
                        excluded.add(fw)
                self.table[(q.id, opt.id)] = (tuple(points), frozenset(excluded))

    def decide(self, answers: dict[str, str]) -> tuple[str | None, float | None]:
        totals = [0] * len(self.frameworks)
        excluded: set[str] = set()
        for key in answers.items():
            points, out = self.table[key]
            totals = [a + b for a, b in zip(totals, points, strict=True)]
            excluded |= out
        ranked = sorted(
            (FrameworkScore(fw, fw, total, fw not in excluded, (), ())
             for fw, total in zip(self.frameworks, totals, strict=True)),
            key=lambda s: (not s.eligible, -s.score, self.frameworks.index(s.framework)),
        )
        return _decide(ranked)


def find_flips(wizard: Wizard, matrix: Matrix, answers: dict[str, str], current: str | None) -> list[Flip]:
    """The smallest sets of answer changes (up to ``settings.max_flip_changes``) that change the recommendation.

    All sets of the smallest size found are returned, the most decisive new recommendations first.
    """
    scorer = _FastScorer(wizard, matrix)
    for size in range(1, wizard.settings.max_flip_changes + 1):
        found: list[tuple[float, int, Flip]] = []
        for questions in itertools.combinations(wizard.questions, size):
            alternatives = [[o.id for o in q.options if o.id != answers[q.id]] for q in questions]
            for choice in itertools.product(*alternatives):
                changed = dict(answers)
                for q, value in zip(questions, choice, strict=True):
                    changed[q.id] = value
                winner, margin = scorer.decide(changed)
                if winner != current:
                    changes = tuple(Change(q.id, answers[q.id], v) for q, v in zip(questions, choice, strict=True))
                    found.append((-(margin or 0.0), len(found), Flip(changes, winner, confidence_word(wizard, margin))))
        if found:
            found.sort(key=lambda item: (item[0], item[1]))
            return [flip for _, _, flip in found]
    return []


def recommend(wizard: Wizard, matrix: Matrix, answers: dict[str, str], with_flips: bool = True) -> Recommendation:
    """Score every framework for ``answers`` (complete: one option id per question id) and explain the result."""
    ranking = rank(wizard, matrix, answers)
    winner, margin = _decide(ranking)
    flips = find_flips(wizard, matrix, answers, winner) if with_flips else []
    return Recommendation(
        answers=dict(answers),
        ranking=tuple(ranking),
        recommended=winner,
        confidence=confidence_word(wizard, margin),
        margin=margin if margin is not None else 0.0,
        caveats=tuple(_caveats(wizard, matrix, answers, ranking)),
        flips=tuple(flips),
    )


__all__ = ["Caveat", "Change", "Contribution", "Exclusion", "Flip", "FrameworkScore", "Recommendation",
           "confidence_word", "find_flips", "rank", "recommend", "score_framework"]
