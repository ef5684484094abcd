"""The wizard's scenario panel (``data/wizard_scenarios.yaml``): named situations with the evidence's answer.

Each scenario fixes some answers and says which framework(s) the 2025-26 evidence supports, how confidently, and
which answer decides it. Tests run every scenario through the wizard; the wizard uses the panel to cap its
confidence where the evidence is split and to show the closest situation on the Recommendation page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model, reuse
from faceoff.matrix import load_claims, load_frameworks
from faceoff.schema import Id, PastDate, Source, SourceKind, Strict, Text
from faceoff.wizard.model import Wizard, load_wizard


class PanelSource(Source):
    kind: SourceKind  # required here: every scenario needs at least one primary source


class Article(Strict):
    """The seed articles' advice for the situation (article ids from data/claims.yaml)."""

    ids: Annotated[list[Id], Field(min_length=1)]
    advice: Text
    says: Annotated[list[Id], Field(min_length=1)]


class Scenario(Strict):
    id: Id
    title: Text
    answers: Annotated[dict[Id, Id], Field(min_length=1)]  # the rest unanswered
    expected: Annotated[list[Id], Field(min_length=1)]
    confidence: Annotated[list[str], Field(min_length=1)]
    deciding: list[Id] = Field(default_factory=list)
    unexpressed: Text | None = None
    article: Article | None = None
    rationale: Text
    sources: Annotated[list[PanelSource], Field(min_length=1)]

    @property
    def split(self) -> bool:
        return len(self.expected) > 1

    def full_answers(self, wizard: Wizard) -> dict[str, str]:
        return wizard.defaults | dict(self.answers)


class Panel(Strict):
    as_of: PastDate
    scenarios: Annotated[list[Scenario], Field(min_length=1)]

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def agreement(self, wizard: Wizard, scenario: Scenario, answers: dict[str, str]) -> int:
        """How many questions the answers answer as the scenario does (its unfixed answers at their defaults)."""
        full = scenario.full_answers(wizard)
        return sum(answers.get(q.id) == full[q.id] for q in wizard.questions)

    @staticmethod
    def shared(scenario: Scenario, answers: dict[str, str]) -> int:
        """How many of the scenario's own answers the visitor gave the same way."""
        return sum(answers.get(q) == v for q, v in scenario.answers.items())

    def closest(self, wizard: Wizard, answers: dict[str, str]) -> Scenario | None:
        """The scenario agreeing with the answers on most questions (ties: the one with more fixed answers), among
        those sharing at least one given answer (none shares anything with no answers: nothing is "closest")."""
        near = [s for s in self.scenarios if self.shared(s, answers)]
        return max(near, key=lambda s: (self.agreement(wizard, s, answers), len(s.answers)), default=None)

    def applicable(self, wizard: Wizard, answers: dict[str, str], decision) -> list[Scenario]:
        """The scenarios that speak to these answers, most specific only.

        A scenario speaks to them when every answer it fixes is given, or when the answers it names as deciding
        are given and also decided (or narrowed) this recommendation. Of those, the most specific apply: one whose
        answers are all given before one that only shares its deciding answer, then the most answers shared.
        """
        named = {(a.question, a.answer) for a in (*decision.deciding, *decision.narrowed_by)} if decision else set()
        candidates = []
        for s in self.scenarios:
            fixed = all(answers.get(q) == v for q, v in s.answers.items())
            decides = bool(s.deciding) and all(answers.get(q) == s.answers.get(q) for q in s.deciding) and any(
                (q, answers.get(q)) in named for q in s.deciding)
            if fixed or decides:
                candidates.append(((fixed, self.shared(s, answers)), s))
        if not candidates:
            return []
        best = max(key for key, _ in candidates)
        return [s for key, s in candidates if key == best]


def check_scenarios(panel: Panel, name: str, wizard: Wizard | None, framework_ids: set[str] | None,
                article_ids: set[str] | None) -> list[Problem]:
    """Cross-checks: real question/option ids, frameworks, confidence words, no 'high' for a split, sources."""
    errors: list[Problem] = []
    for dup in duplicates([s.id for s in panel.scenarios]):
        errors.append(Problem(name, f"duplicate scenario id {dup!r}"))
    words: list[str] = [c.word for c in wizard.confidence] if wizard else []
    for s in panel.scenarios:
        def bad(message: str, field: str | None = None, row: str = s.id) -> None:
            errors.append(Problem(name, message, row=row, field=field))

        if s.split and "high" in s.confidence:
            bad("a split (more than one expected framework) cannot expect 'high' confidence", "confidence")
        for dup in duplicates(s.expected):
            bad(f"framework {dup!r} expected twice", "expected")
        for q in s.deciding:
            if q not in s.answers:
                bad(f"deciding question {q!r} is not among the scenario's answers", "deciding")
        if not any(src.kind == "primary" for src in s.sources):
            bad("needs at least one primary source", "sources")
        if framework_ids is not None:
            for fw in [*s.expected, *(s.article.says if s.article else [])]:
                if fw not in framework_ids:
                    bad(f"unknown framework id {fw!r}", "expected")
        if article_ids is not None and s.article:
            for art in s.article.ids:
                if art not in article_ids:
                    bad(f"unknown article id {art!r} (not in data/claims.yaml)", "article")
        if wizard is None:
            continue
        for word in s.confidence:
            if word not in words:
                bad(f"unknown confidence word {word!r}; the wizard's words are: {', '.join(words)}", "confidence")
        for q, value in s.answers.items():
            question = wizard.question(q)
            if question is None:
                bad(f"unknown question {q!r}", f"answers.{q}")
            elif value not in question.option_ids:
                bad(f"{q}={value!r} is not an option; choose one of: {', '.join(question.option_ids)}",
                    f"answers.{q}")
    if wizard is not None and not errors:
        seen: dict[tuple, str] = {}
        for s in panel.scenarios:
            key = tuple(sorted(s.full_answers(wizard).items()))
            if key in seen:
                errors.append(Problem(name, f"same answers as scenario {seen[key]!r}", row=s.id, field="answers"))
            seen.setdefault(key, s.id)
    return errors


def load_scenarios(path: Path) -> Loaded[Panel]:
    """Load ``data/wizard_scenarios.yaml`` and check it against the wizard, the frameworks and the claims."""
    path = Path(path)
    name = display_path(path)
    panel = parse_model(path, Panel)
    warnings: list[Problem] = []

    def optional(loader, file: str, what: str):
        try:
            return reuse(loader, path.parent / file).value
        except DataFileError:
            warnings.append(Problem(name, f"{file} could not be loaded; {what} not checked", severity="warning"))
            return None

    wizard = optional(load_wizard, "wizard.yaml", "answers and confidence words")
    frameworks = optional(load_frameworks, "frameworks.yaml", "framework ids")
    claims = optional(load_claims, "claims.yaml", "article ids")
    errors = check_scenarios(panel, name, wizard, {fw.id for fw in frameworks.frameworks} if frameworks else None,
                         {a.id for a in claims.articles} if claims else None)
    if errors:
        raise DataFileError(path, errors)
    return Loaded(
        panel,
        rows=len(panel.scenarios),
        sources=len({src.url for s in panel.scenarios for src in s.sources}),
        as_of=panel.as_of,
        problems=warnings,
        detail={"splits": sum(s.split for s in panel.scenarios),
                "with_article": sum(s.article is not None for s in panel.scenarios)},
    )


__all__ = ["Article", "Panel", "Scenario", "check_scenarios", "load_scenarios"]
