"""What the wizard returns: contributions, exclusions, caveats, per-framework scores, the decision, the result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Contribution:
    """One term of a framework's score: ``points = weight x rating`` (kind "weight") or flat ``points`` ("bonus").

    ``tier`` "target" points are rating steps compared before any "preference" points.
    """

    framework: str
    question: str
    answer: str
    criterion: str
    kind: str
    weight: int
    rating: int | None
    points: int
    why: str
    tier: str = "preference"


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
    kind: str  # "ruled-out" | "note" | "not-assessed" | "tie" | "panel"
    text: str
    criterion: str | None = None
    framework: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class FrameworkScore:
    framework: str
    name: str
    score: int  # preference points
    eligible: bool
    contributions: tuple[Contribution, ...]
    exclusions: tuple[Exclusion, ...]
    target_score: int = 0

    def reasons(self, n: int) -> list[Contribution]:
        """The ``n`` largest positive contributions, target ones first (stable: ties keep question order)."""
        positive = [c for c in self.contributions if c.points > 0]
        return sorted(positive, key=lambda c: (c.tier != "target", -c.points))[:n]

    def by_question(self, tier: str = "preference") -> dict[str, int]:
        totals: dict[str, int] = {}
        for c in self.contributions:
            if c.tier == tier:
                totals[c.question] = totals.get(c.question, 0) + c.points
        return totals


@dataclass(frozen=True)
class AnswerRef:
    question: str
    answer: str


@dataclass(frozen=True)
class Decision:
    """What decided: ``stage`` "target" (a target lead), "preference" (targets tied), "only-one" (the others were
    ruled out), "none" (nothing fits) or "no-answers" (no question answered: nothing recommended). ``deciding``:
    the answers that put the winner ahead of the runner-up; ``narrowed_by``: the answers that ruled frameworks out
    or put them behind on targets."""

    stage: str
    deciding: tuple[AnswerRef, ...]
    narrowed_by: tuple[AnswerRef, ...]
    runner_up: str | None

    def questions(self) -> set[str]:
        return {a.question for a in (*self.deciding, *self.narrowed_by)}


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
    target_lead: int = 0
    decision: Decision | None = None
    model_confidence: str = ""  # before the panel check
    alternatives: tuple[str, ...] = ()  # a split in the panel: the frameworks it accepts, the winner first
    panel_scenarios: tuple[str, ...] = ()  # the panel scenarios that apply (checked against the result)
    closest: str | None = None  # the panel scenario closest to the answers
    unanswered: tuple[str, ...] = ()  # questions left unanswered: they weigh nothing and never decide

    @property
    def given(self) -> dict[str, str]:
        """The answers the visitor gave (every question not in ``unanswered``)."""
        return {q: a for q, a in self.answers.items() if q not in self.unanswered}

    def score_of(self, framework: str) -> FrameworkScore:
        return next(s for s in self.ranking if s.framework == framework)

    def to_dict(self, reasons_shown: int) -> dict:
        """The JSON form ``python -m faceoff recommend`` prints."""
        return {
            "answers": self.given,
            "unanswered": list(self.unanswered),
            "recommended": self.recommended,
            "confidence": self.confidence,
            "model_confidence": self.model_confidence,
            "margin": round(self.margin, 4),
            "target_lead": self.target_lead,
            "decided_by": asdict(self.decision) if self.decision else None,
            "alternatives": list(self.alternatives),
            "panel_scenarios": list(self.panel_scenarios),
            "closest_scenario": self.closest,
            "ranking": [
                {
                    "framework": s.framework,
                    "name": s.name,
                    "target_score": s.target_score,
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


__all__ = ["AnswerRef", "Caveat", "Change", "Contribution", "Decision", "Exclusion", "Flip", "FrameworkScore",
           "Recommendation"]
