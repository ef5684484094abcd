"""The census: the wizard's winner for every combination of answers, computed at once with array arithmetic.

It answers "what does Faceoff recommend, over all possible answers?": the share won by each framework, the share
per answer of each question, and the answers that never change the winner. ``python -m faceoff recommend --census``
prints it; the Recommendation page shows the winner's share.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from faceoff.matrix import Matrix
from faceoff.wizard.model import Wizard
from faceoff.wizard.terms import ScoreTable

NONE = "none"  # the census's name for "no framework fits" (every framework ruled out)
NO_ANSWERS = "no-answers"  # the one combination with every question unanswered: nothing is recommended


@dataclass(frozen=True)
class Census:
    combinations: int
    frameworks: tuple[str, ...]
    wins: dict[str, int]  # framework id (or NONE) -> combinations won
    per_answer: dict[tuple[str, str], dict[str, int]]  # (question, answer) -> framework -> combinations won
    inert_answers: tuple[tuple[str, str], ...]  # never change the winner compared with the question's default
    inert_questions: tuple[str, ...]  # no answer changes the winner for any combination of the others
    confidence: dict[str, int] = field(default_factory=dict)  # before the panel check
    seconds: float = 0.0

    def share(self, framework: str) -> float:
        return self.wins.get(framework, 0) / self.combinations

    def answer_share(self, question: str, answer: str, framework: str) -> float:
        counts = self.per_answer[(question, answer)]
        return counts.get(framework, 0) / sum(counts.values())

    def to_dict(self) -> dict:
        return {
            "combinations": self.combinations,
            "seconds": round(self.seconds, 3),
            "share": {k: round(v / self.combinations, 4) for k, v in self.wins.items()},
            "confidence": {k: round(v / self.combinations, 4) for k, v in self.confidence.items()},
            "per_answer": {f"{q}={a}": {k: round(v / sum(c.values()), 4) for k, v in c.items()}
                           for (q, a), c in self.per_answer.items()},
            "answers_that_never_change_the_winner": [f"{q}={a}" for q, a in self.inert_answers],
            "questions_that_never_change_the_winner": list(self.inert_questions),
        }


def _grids(wizard: Wizard, table: ScoreTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Target points, preference points (shape: one axis per question, then frameworks) and the ruled-out mask."""
    shape = [len(q.options) for q in wizard.questions]
    n_fw = len(table.frameworks)
    axis = {q.id: i for i, q in enumerate(wizard.questions)}
    # int32: scores are a few hundred points at most, and 3 million combinations x 3 frameworks stay ~40 MB a grid
    target = np.zeros([*shape, n_fw], dtype=np.int32)
    preference = np.zeros([*shape, n_fw], dtype=np.int32)
    excluded = np.zeros([*shape, n_fw], dtype=bool)

    def indicator(question: str, allowed: set[str]) -> np.ndarray:
        q = wizard.ask(question)
        dims = [1] * (len(shape) + 1)
        dims[axis[question]] = len(q.options)
        return np.array([o.id in allowed for o in q.options], dtype=np.int32).reshape(dims)

    for q in wizard.questions:
        # one small array per question (its options x frameworks), added to the grid once: a full-size operation
        # per term would cost ~100 passes over millions of cells
        dims = [1] * (len(shape) + 1)
        dims[axis[q.id]] = len(q.options)
        dims[-1] = n_fw
        small = {"target": np.zeros(dims, dtype=np.int32), "preference": np.zeros(dims, dtype=np.int32)}
        out = np.zeros(dims, dtype=bool)
        for i, opt in enumerate(q.options):
            entry = table.by_answer[(q.id, opt.id)]
            index: list[int | slice] = [0] * len(dims)
            index[axis[q.id]] = i
            for f, fw in enumerate(table.frameworks):
                index[-1] = f
                out[tuple(index)] = fw in entry.excluded
            here = indicator(q.id, {opt.id})
            for term in entry.terms:
                if not term.when:
                    index[-1] = slice(None)
                    small[term.tier][tuple(index)] += np.array(term.points, dtype=np.int32)
                    continue
                mask = here
                for other, values in term.when:
                    mask = mask * indicator(other, set(values))
                grid = target if term.tier == "target" else preference
                grid += mask * np.array(term.points, dtype=np.int32)
        target += small["target"]
        preference += small["preference"]
        excluded |= out
    return target, preference, excluded


def _levels(wizard: Wizard, target: np.ndarray, preference: np.ndarray, key: np.ndarray, excluded: np.ndarray
            ) -> np.ndarray:
    """Each combination's confidence word index (into wizard.confidence; len = no fit), as the scorer decides it."""
    order = np.argsort(-key, axis=-1, kind="stable")
    first, second = order[..., 0:1], order[..., 1:2]
    pick = lambda a, i: np.take_along_axis(a, i, axis=-1)[..., 0]  # noqa: E731
    n_ok = (~excluded).sum(axis=-1)
    lead = pick(target, first) - pick(target, second)
    top, runner = pick(preference, first), pick(preference, second)
    margin = np.where(top > 0, (top - runner) / np.where(top > 0, top, 1), 0.0)
    word = np.full(lead.shape, len(wizard.confidence) - 1)
    for i in reversed(range(len(wizard.confidence))):
        level = wizard.confidence[i]
        hit = np.where(lead > 0, lead >= level.min_target_lead, margin >= level.min_margin)
        word = np.where(hit, i, word)
    word = np.where(n_ok == 1, 0, word)
    return np.where(n_ok == 0, len(wizard.confidence), word)


def winner_grid(wizard: Wizard, table: ScoreTable) -> tuple[np.ndarray, np.ndarray]:
    """The winner's index (into ``table.frameworks``; ``len`` = no fit) for every combination of answers, one axis
    per question in question order, and each combination's confidence level (see ``_levels``)."""
    target, preference, excluded = _grids(wizard, table)
    n_fw = len(table.frameworks)
    spread = int(preference.max() - preference.min()) + 1
    low = int(preference.min())
    order = n_fw - np.arange(n_fw, dtype=np.int32)
    winners, levels = [], []
    # one slice of the first question at a time: the sort and its temporaries stay a fraction of the grid's size
    for t, p, e in zip(target, preference, excluded, strict=True):
        # eligible first, then target points, then preference points, then registry order (as rank() sorts)
        key = np.where(e, -1, (t * spread + (p - low)) * (n_fw + 1) + order)
        winners.append(np.where((~e).any(axis=-1), key.argmax(axis=-1), n_fw))
        levels.append(_levels(wizard, t, p, key, e))
    return np.stack(winners), np.stack(levels)


def make_census(wizard: Wizard, matrix: Matrix) -> Census:
    """The winner for every combination of answers (the same ranking as ``recommend``, without the panel)."""
    started = time.perf_counter()
    table = ScoreTable(wizard, matrix)
    winner, levels = winner_grid(wizard, table)
    n_fw = len(table.frameworks)
    names = [*table.frameworks, NONE, NO_ANSWERS]
    nothing = tuple(q.option_ids.index(q.default) for q in wizard.questions)
    winner[nothing] = n_fw + 1  # as recommend(): no answers, no recommendation
    levels[nothing] = len(wizard.confidence) + 1

    def counts(codes: np.ndarray) -> dict[str, int]:
        found = np.bincount(codes.ravel(), minlength=n_fw + 2)
        return {names[i]: int(c) for i, c in enumerate(found) if c}

    per_answer: dict[tuple[str, str], dict[str, int]] = {}
    inert_answers: list[tuple[str, str]] = []
    inert_questions: list[str] = []
    for ax, q in enumerate(wizard.questions):
        base = winner.take(q.option_ids.index(q.default), axis=ax)
        moves = False
        for i, opt in enumerate(q.options):
            here = winner.take(i, axis=ax)
            per_answer[(q.id, opt.id)] = counts(here)
            same = bool((here == base).all())
            moves |= not same
            if same and opt.id != q.default:
                inert_answers.append((q.id, opt.id))
        if not moves:
            inert_questions.append(q.id)
    words = [c.word for c in wizard.confidence] + [wizard.settings.no_fit_word, ""]
    levels = np.bincount(levels.ravel(), minlength=len(words))
    return Census(int(winner.size), tuple(table.frameworks), counts(winner), per_answer, tuple(inert_answers),
                  tuple(inert_questions), {words[i]: int(c) for i, c in enumerate(levels) if c},
                  time.perf_counter() - started)


def census_sentence(census: Census, names: dict[str, str]) -> str:
    """What Faceoff recommends when nothing is known: each framework's share over every combination of answers."""
    shares = [f"{names.get(fw, fw)} for {100 * census.share(fw):.1f} %" for fw in census.frameworks
              if census.wins.get(fw)]
    none = census.wins.get(NONE, 0)
    return (f"Over all {census.combinations:,} possible combinations of answers, Faceoff recommends "
            + ", ".join(shares[:-1]) + (" and " if len(shares) > 1 else "") + shares[-1]
            + (f"; no framework fits {100 * none / census.combinations:.1f} %" if none else "") + ".")


def format_census(census: Census, wizard: Wizard, names: dict[str, str]) -> str:
    """The census as plain text: overall shares, shares per answer, and the answers that never change the winner."""
    label = {**names, NONE: "no fit", NO_ANSWERS: "nothing answered"}
    order = [*census.frameworks, NONE, NO_ANSWERS]

    def shares(counts: dict[str, int]) -> str:
        total = sum(counts.values())
        return ", ".join(f"{label[k]} {100 * counts[k] / total:.1f} %" for k in order if counts.get(k))

    lines = [f"Census of the wizard: {census.combinations:,} answer combinations "
             f"({census.seconds:.2f} s)", "", "Share of all combinations won:", f"  {shares(census.wins)}"]
    if census.confidence:
        total = sum(census.confidence.values())
        lines.append("  confidence (before the panel check): " + ", ".join(
            f"{w or 'nothing answered'} {100 * c / total:.1f} %" for w, c in census.confidence.items()))
    lines += ["", "Share won, per answer:"]
    for q in wizard.questions:
        lines.append(f"  {q.label} ({q.id}):")
        for opt in q.options:
            lines.append(f"    {opt.id:<16} {shares(census.per_answer[(q.id, opt.id)])}")
    lines += ["", "Answers that never change the winner (compared with leaving the question unanswered):"]
    lines += [f"  {q}={a}" for q, a in census.inert_answers] or ["  none"]
    lines += ["Questions that never change the winner:"]
    lines += [f"  {q}" for q in census.inert_questions] or ["  none"]
    return "\n".join(lines)


__all__ = ["NONE", "NO_ANSWERS", "Census", "census_sentence", "format_census", "make_census", "winner_grid"]
