"""A recommendation in plain words: what decided it (by which of the visitor's answers), one margin figure and a
confidence word explained in a sentence. The page, the sidebar and the decision record all use these sentences.

Model vocabulary (targets, rating steps, weights, points) stays out of them; ``How the score works`` on the page
and the record's appendix explain the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from faceoff.matrix import Matrix
from faceoff.wizard.model import Wizard
from faceoff.wizard.results import AnswerRef, Recommendation


@dataclass(frozen=True)
class Advice:
    """The sentences of a recommendation. ``answered``: whether any question was answered at all."""

    answered: bool
    headline: str
    decided: str
    confidence: str
    confidence_why: str
    unanswered: str
    narrowed: str = ""


def answer_phrase(wizard: Wizard, ref: AnswerRef) -> str:
    """“Where the model runs: Microcontrollers” (the question and the visitor's answer, as the sidebar shows them)."""
    q = wizard.question(ref.question)
    if q is None:
        return ref.question
    opt = q.option(ref.answer)
    return f"“{q.label}: {opt.label if opt else ref.answer}”"


def answers_phrase(wizard: Wizard, refs: tuple[AnswerRef, ...] | list[AnswerRef]) -> str:
    """'your answer “…”' or 'your answers “…” and “…”'."""
    phrases = [answer_phrase(wizard, r) for r in refs]
    if not phrases:
        return ""
    if len(phrases) == 1:
        return f"your answer {phrases[0]}"
    return f"your answers {', '.join(phrases[:-1])} and {phrases[-1]}"


def _names(matrix: Matrix) -> dict[str, str]:
    return {fw.id: fw.name for fw in matrix.frameworks}


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def rating_words(rating: int | None, top: int) -> str:
    return "not assessed" if rating is None else f"rated {rating} of {top}"


def target_detail(rec: Recommendation, matrix: Matrix) -> str:
    """The matrix ratings behind a decision by targets: 'Microcontrollers: TensorFlow rated 3 of 3, PyTorch 1 of 3'."""
    decision = rec.decision
    if decision is None or decision.stage != "target" or rec.recommended is None or decision.runner_up is None:
        return ""
    winner, runner = rec.score_of(rec.recommended), rec.score_of(decision.runner_up)
    questions = {a.question for a in decision.deciding}
    parts = []
    for c in winner.contributions:
        if c.tier != "target" or c.question not in questions:
            continue
        if c.kind == "bonus":
            parts.append(c.why)
            continue
        other = next((o for o in runner.contributions if o.tier == "target" and o.criterion == c.criterion), None)
        crit = matrix.criterion(c.criterion)
        theirs = rating_words(other.rating if other else None, matrix.scale.max).removeprefix("rated ")
        parts.append(f"{crit.name if crit else c.criterion}: {winner.name} "
                     f"{rating_words(c.rating, matrix.scale.max)}, {runner.name} {theirs}")
    return "; ".join(parts)


def decided_sentence(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> str:
    """What decided the recommendation, naming only answers the visitor gave."""
    names = _names(matrix)
    decision = rec.decision
    if decision is None or decision.stage == "no-answers":
        return "You have not answered any question yet, so nothing is decided."
    if rec.recommended is None:
        return ("No framework meets everything your answers require"
                + (f" ({answers_phrase(wizard, decision.narrowed_by)})." if decision.narrowed_by else "."))
    winner = names[rec.recommended]
    if decision.stage == "only-one":
        ruled = [names[s.framework] for s in rec.ranking if not s.eligible]
        return (f"Decided by {answers_phrase(wizard, decision.deciding)}: only {winner} meets what it requires; "
                f"{_join(ruled)} {'is' if len(ruled) == 1 else 'are'} ruled out.")
    runner = names.get(decision.runner_up or "", "the others")
    if decision.stage == "target":
        detail = target_detail(rec, matrix)
        return (f"Decided by {answers_phrase(wizard, decision.deciding)}: {winner} supports it better than "
                f"{runner}" + (f" ({detail})." if detail else "."))
    if not decision.deciding:
        return (f"Your answers so far do not separate {winner} and {runner}: they fit equally well. "
                "Answer more questions to tell them apart.")
    return (f"Decided by {answers_phrase(wizard, decision.deciding)}: {winner} and {runner} both fit what you "
            f"need, and {'this answer favours' if len(decision.deciding) == 1 else 'these answers favour'} {winner}.")


def margin_percent(rec: Recommendation) -> int:
    """The one margin figure the page shows: the winner's lead over the runner-up, in % of the winner's points."""
    return round(100 * rec.margin)


def confidence_sentence(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> str:
    """The confidence word explained with the one margin figure, and the panel's correction when it applies."""
    names = _names(matrix)
    decision = rec.decision
    if rec.recommended is None or decision is None:
        return ""
    winner = names[rec.recommended]
    word = rec.model_confidence or rec.confidence
    levels = {c.word: c for c in wizard.confidence}
    higher = [c for c in wizard.confidence if c.word != word][:1]
    if decision.stage == "only-one":
        base = f"{word.capitalize()} confidence: every other framework is ruled out by what your answers require."
    elif rec.target_lead > 0:
        # decided by what the answers require (a target): the lead is never outweighed by preferences; its size
        # (the matrix ratings named in the decided sentence) sets the word
        runner = names.get(decision.runner_up or "", "the runner-up")
        if word == wizard.confidence[0].word:
            base = (f"{word.capitalize()} confidence: something your answers require decided it, not a matter of "
                    f"taste, and {winner} is clearly better rated there than {runner}.")
        else:
            base = (f"{word.capitalize()} confidence: something your answers require decided it, but {winner}'s "
                    f"edge over {runner} there is the smallest the ratings allow; check that row's evidence.")
    elif not decision.deciding:
        runner = names.get(decision.runner_up or "", "the runner-up")
        base = (f"{word.capitalize()} confidence: {winner} and {runner} fit your answers equally well; either is a "
                "reasonable choice.")
    else:
        pct = margin_percent(rec)
        level = levels.get(word)
        runner = names.get(decision.runner_up or "", "the runner-up")
        if level and level.min_margin > 0:
            rule = f"{round(100 * level.min_margin)} % or more counts as {word}"
        elif higher:
            rule = f"under {round(100 * min(c.min_margin for c in wizard.confidence if c.min_margin > 0))} % " \
                   f"counts as {word}: both are reasonable choices"
        else:
            rule = ""
        base = (f"{word.capitalize()} confidence: {winner} leads {runner} by {pct} % on what your answers ask for"
                + (f" ({rule})." if rule else "."))
    if rec.model_confidence and rec.model_confidence != rec.confidence:
        panel = next((c.text for c in rec.caveats if c.kind == "panel"), "")
        base += (f" Faceoff's scenario panel lowers this to {rec.confidence} confidence"
                 + (f": {panel.split(': ', 1)[-1]}" if panel else "."))
    return base


def unanswered_sentence(rec: Recommendation, wizard: Wizard) -> str:
    if not rec.unanswered:
        return ""
    labels = [wizard.ask(q).label for q in rec.unanswered]
    return "Not answered, so they count for nothing: " + "; ".join(labels) + "."


def narrowed_sentence(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> str:
    decision = rec.decision
    if decision is None or rec.recommended is None:
        return ""
    narrowed = tuple(a for a in decision.narrowed_by if a not in decision.deciding)
    if not narrowed:
        return ""
    names = _names(matrix)
    top = rec.score_of(rec.recommended).target_score
    behind = [names[s.framework] for s in rec.ranking if s.framework != rec.recommended
              and (not s.eligible or s.target_score < top)]
    return (f"Also narrowed by {answers_phrase(wizard, narrowed)}"
            + (f": {_join(behind)} {'falls' if len(behind) == 1 else 'fall'} behind or out." if behind else "."))


def advise(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> Advice:
    """Every sentence of the recommendation in plain words."""
    answered = bool(rec.given)
    if not answered:
        headline = "No answers yet"
    elif rec.recommended is None:
        headline = "No framework fits every answer"
    else:
        headline = _names(matrix)[rec.recommended]
    return Advice(answered, headline, decided_sentence(rec, wizard, matrix), rec.confidence,
                  confidence_sentence(rec, wizard, matrix), unanswered_sentence(rec, wizard),
                  narrowed_sentence(rec, wizard, matrix))


__all__ = ["Advice", "advise", "answer_phrase", "answers_phrase", "confidence_sentence", "decided_sentence",
           "margin_percent", "target_detail"]
