"""The recommendation wizard's scoring model (``data/wizard.yaml``): schema, loader and answer parsing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model, reuse
from faceoff.matrix import load_frameworks, load_matrix
from faceoff.schema import Id, PastDate, Strict, Text

URL_PREFIX = "w_"
UrlKey = Annotated[str, Field(pattern=r"^w_[a-z0-9_]+$", max_length=32)]


# "target": the answer names a target some frameworks serve better (a microcontroller, a TPU); target points are
# compared first, so one rating step there outweighs any sum of preferences. "preference": everything else.
Tier = Literal["target", "preference"]
TARGET_MAX = 3  # a target weight or bonus counts rating steps: 1-3
LABEL_MAX = 28  # an option's label fits the sidebar's selectbox in full


class Weight(Strict):
    """Points for a framework = ``weight`` x its matrix rating on ``criterion``, in its ``tier``.

    ``when`` limits the weight to answers of other questions (question id -> option ids): a server-serving weight
    does not count for a model that runs on a microcontroller.
    """

    criterion: Id
    weight: Annotated[int, Field(ge=1, le=10)]
    why: Text
    tier: Tier = "preference"
    when: dict[Id, Annotated[list[Id], Field(min_length=1)]] | None = None


class Requirement(Strict):
    """A hard constraint: a framework rated below ``min_rating`` on ``criterion`` is ruled out."""

    criterion: Id
    min_rating: Annotated[int, Field(ge=1, le=3)]
    why: Text


class Bonus(Strict):
    """Flat points for one framework (e.g. the team already knows it), tied to the criterion it offsets."""

    framework: Id
    criterion: Id
    points: Annotated[int, Field(ge=1, le=30)]
    why: Text
    tier: Tier = "preference"


class Note(Strict):
    """A caveat shown whenever the answer is chosen."""

    criterion: Id
    text: Text


class Option(Strict):
    """One answer. ``aliases``: labels it had before (links carrying them keep working)."""

    id: Id
    label: Annotated[str, Field(min_length=1, max_length=LABEL_MAX)]
    aliases: list[Text] = Field(default_factory=list)
    weights: list[Weight] = Field(default_factory=list)
    requires: list[Requirement] = Field(default_factory=list)
    bonuses: list[Bonus] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Question(Strict):
    id: Id
    key: UrlKey
    label: Text
    short: Annotated[str, Field(min_length=1, max_length=24)]
    help: Text
    default: Id  # the unanswered option ("Not sure", "No preference"): every question starts there, weighing nothing
    options: Annotated[list[Option], Field(min_length=2)]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def pick(self, option_id: str) -> Option:
        """The option ``option_id`` (a KeyError for one the question does not have: parse answers first)."""
        found = self.option(option_id)
        if found is None:
            raise KeyError(f"{self.id}={option_id!r}")
        return found

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


class ConfidenceLevel(Strict):
    """A confidence word: reached by a target lead of ``min_target_lead`` steps, or else a preference margin."""

    word: Annotated[str, Field(min_length=1, max_length=24)]
    min_margin: Annotated[float, Field(ge=0, le=1)]
    min_target_lead: Annotated[int, Field(ge=0, le=20)] = 0
    meaning: Text


class Settings(Strict):
    reasons_shown: Annotated[int, Field(ge=1, le=20)]
    max_flip_changes: Annotated[int, Field(ge=1, le=3)]
    flips_shown: Annotated[int, Field(ge=1, le=20)]
    no_fit_word: Annotated[str, Field(min_length=1, max_length=24)]


class Wizard(Strict):
    as_of: PastDate
    settings: Settings
    confidence: Annotated[list[ConfidenceLevel], Field(min_length=1)]
    questions: Annotated[list[Question], Field(min_length=1)]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def ask(self, question_id: str) -> Question:
        """The question ``question_id`` (a KeyError for an unknown id)."""
        found = self.question(question_id)
        if found is None:
            raise KeyError(question_id)
        return found

    @property
    def defaults(self) -> dict[str, str]:
        """Every question unanswered (each at its ``default``, the option that weighs nothing)."""
        return {q.id: q.default for q in self.questions}

    def given(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers the visitor gave (not at the question's unanswered option), in question order."""
        return {q.id: answers[q.id] for q in self.questions if answers.get(q.id, q.default) != q.default}

    def unanswered(self, answers: Mapping[str, str]) -> list[str]:
        """The question ids still unanswered, in question order."""
        return [q.id for q in self.questions if answers.get(q.id, q.default) == q.default]


def _carries(option: Option | None) -> bool:
    return option is not None and bool(option.weights or option.requires or option.bonuses or option.notes)


def _criteria_of(option: Option) -> list[tuple[str, str]]:
    refs = [(w.criterion, "weights") for w in option.weights]
    refs += [(r.criterion, "requires") for r in option.requires]
    refs += [(b.criterion, "bonuses") for b in option.bonuses]
    refs += [(n.criterion, "notes") for n in option.notes]
    return refs


def check_wizard(wizard: Wizard, name: str, criterion_ids: set[str] | None, framework_ids: set[str] | None
                 ) -> list[Problem]:
    """Consistency errors: duplicate ids, defaults that are not options, unknown criterion or framework ids."""
    errors: list[Problem] = []
    for dup in duplicates([q.id for q in wizard.questions]):
        errors.append(Problem(name, f"duplicate question id {dup!r}"))
    for dup in duplicates([q.key for q in wizard.questions]):
        errors.append(Problem(name, f"duplicate URL key {dup!r}"))
    for attr in ("min_margin", "min_target_lead"):
        values = [getattr(c, attr) for c in wizard.confidence]
        if values != sorted(values, reverse=True) or values[-1] != 0:
            errors.append(Problem(name, f"confidence levels must go from the largest {attr} down to 0",
                                  field="confidence"))
    for q in wizard.questions:
        row = q.id
        for dup in duplicates(q.option_ids):
            errors.append(Problem(name, f"duplicate option id {dup!r}", row=row, field="options"))
        if q.default not in q.option_ids:
            errors.append(Problem(name, f"default {q.default!r} is not one of the options", row=row, field="default"))
        elif _carries(q.option(q.default)):
            errors.append(Problem(name, f"the default {q.default!r} is the unanswered option: it must carry no "
                                  "weights, requirements, bonuses or notes", row=row, field="default"))
        for dup in duplicates([label for o in q.options for label in (o.label, *o.aliases)]):
            errors.append(Problem(name, f"label {dup!r} used twice", row=row, field="options"))
        for opt in q.options:
            for crit, field in _criteria_of(opt):
                if criterion_ids is not None and crit not in criterion_ids:
                    errors.append(Problem(name, f"unknown criterion id {crit!r} (not in data/matrix/)", row=row,
                                          field=f"options.{opt.id}.{field}"))
            for dup in duplicates([w.criterion for w in opt.weights]):
                errors.append(Problem(name, f"criterion {dup!r} weighted twice", row=row,
                                      field=f"options.{opt.id}.weights"))
            for bonus in opt.bonuses:
                if framework_ids is not None and bonus.framework not in framework_ids:
                    errors.append(Problem(name, f"unknown framework id {bonus.framework!r}", row=row,
                                          field=f"options.{opt.id}.bonuses"))
            errors += _check_tiers_and_conditions(wizard, name, q, opt)
    return errors


def _check_tiers_and_conditions(wizard: Wizard, name: str, q: Question, opt: Option) -> list[Problem]:
    """Target points count rating steps (at most TARGET_MAX); ``when`` must name other questions' real options."""
    errors: list[Problem] = []
    sized: list[tuple[str, str, int]] = [("weights", w.tier, w.weight) for w in opt.weights]
    sized += [("bonuses", b.tier, b.points) for b in opt.bonuses]
    for kind, tier, size in sized:
        if tier == "target" and size > TARGET_MAX:
            errors.append(Problem(name, f"a target {kind[:-1]} counts rating steps: at most {TARGET_MAX}, "
                                  f"not {size}", row=q.id, field=f"options.{opt.id}.{kind}"))
    for w in opt.weights:
        for other, values in (w.when or {}).items():
            target = wizard.question(other)
            field = f"options.{opt.id}.weights.{w.criterion}.when"
            if other == q.id or target is None:
                errors.append(Problem(name, f"'when' must name another question, not {other!r}", row=q.id,
                                      field=field))
                continue
            for value in values:
                if value not in target.option_ids:
                    errors.append(Problem(name, f"'when' {other}={value!r} is not an option of {other!r}",
                                          row=q.id, field=field))
    return errors


def load_wizard(path: Path) -> Loaded[Wizard]:
    """Load ``data/wizard.yaml`` and check every criterion it weights against the head-to-head matrix."""
    path = Path(path)
    name = display_path(path)
    wizard = parse_model(path, Wizard)
    warnings: list[Problem] = []
    criterion_ids: set[str] | None = None
    framework_ids: set[str] | None = None
    sources = 0
    try:
        matrix = load_matrix(path.parent / "matrix").value
        criterion_ids = {c.id for c in matrix.criteria}
        framework_ids = {fw.id for fw in matrix.frameworks}
        used = {crit for q in wizard.questions for o in q.options for crit, _ in _criteria_of(o)}
        sources = len({s.url for c in matrix.criteria if c.id in used for cell in c.cells.values()
                       for s in cell.sources})
    except DataFileError:
        warnings.append(Problem(name, "matrix could not be loaded; criterion links not checked", severity="warning"))
        try:
            framework_ids = {fw.id for fw in reuse(load_frameworks, path.parent / "frameworks.yaml").value.frameworks}
        except DataFileError:
            framework_ids = None
    errors = check_wizard(wizard, name, criterion_ids, framework_ids)
    if errors:
        raise DataFileError(path, errors)
    rules = sum(len(o.weights) + len(o.requires) + len(o.bonuses) for q in wizard.questions for o in q.options)
    return Loaded(
        wizard,
        rows=rules,
        sources=sources,
        as_of=wizard.as_of,
        problems=warnings,
        detail={"questions": len(wizard.questions), "options": sum(len(q.options) for q in wizard.questions)},
    )


class AnswerError(ValueError):
    """An answer names an unknown question or an option the question does not have."""


def parse_answers(wizard: Wizard, raw: Mapping[str, str], strict: bool = True) -> dict[str, str]:
    """Answers by question id, unanswered questions at their default (the option that weighs nothing). Keys may be
    question ids or URL keys (``w_...``); values may be option ids, their labels or former labels (the sidebar writes
    labels into the URL; links made before it did carry ids).

    ``strict``: unknown keys or values raise AnswerError; otherwise they fall back to the default silently.
    """
    by_key = {q.key: q for q in wizard.questions} | {q.id: q for q in wizard.questions}
    answers = wizard.defaults
    seen: set[str] = set()
    for key, value in raw.items():
        question = by_key.get(key)
        if question is None:
            if strict:
                known = ", ".join(q.id for q in wizard.questions)
                raise AnswerError(f"unknown question {key!r}; questions are: {known}")
            continue
        if strict and question.id in seen:
            raise AnswerError(f"question {question.id!r} answered twice")
        seen.add(question.id)
        value = next((o.id for o in question.options if value == o.label or value in o.aliases), value)
        if value not in question.option_ids:
            if strict:
                raise AnswerError(f"{question.id}={value!r} is not an option; choose one of: "
                                  + ", ".join(question.option_ids))
            continue
        answers[question.id] = value
    return answers


__all__ = ["AnswerError", "Option", "Question", "Wizard", "load_wizard", "parse_answers"]
