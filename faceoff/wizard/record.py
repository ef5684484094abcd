"""The decision record (#19): the recommendation for a set of answers as one sourced, ADR-shaped Markdown document.

Everything comes from the functions the pages use (``recommend``, ``advise``, the matrix, the scenario panel, the
claims, the popularity summary lines and the Benchmarks page's readings); nothing is scored twice. The same answers
and data give byte-identical Markdown: the date is an argument, sources are numbered in order of first use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faceoff import __version__
from faceoff.errors import DataFileError
from faceoff.matrix import Matrix
from faceoff.registry import dataset_path, entry, load_dataset
from faceoff.share import share_url
from faceoff.wizard.advice import advise, answers_phrase
from faceoff.wizard.model import Wizard
from faceoff.wizard.readings import Reading, Readings, benchmark_readings, popularity_readings, unavailable
from faceoff.wizard.results import AnswerRef, Recommendation

CORE_DATASETS = ("frameworks", "matrix", "wizard", "wizard-scenarios", "claims")
CLAIM_VERDICTS = ("contradicted", "outdated")  # claims a reader may have met that the evidence contradicts or dates


@dataclass
class SourceList:
    """Every source once, numbered in order of first use."""

    items: list[tuple[str, str, str, str]] = field(default_factory=list)  # (url, title, kind, as-of)

    def cite(self, url: str, title: str, kind: str | None, as_of: str | None) -> str:
        for i, item in enumerate(self.items, 1):
            if item[0] == url:
                return f"[{i}]"
        self.items.append((url, title, kind or "secondary", as_of or "undated"))
        return f"[{len(self.items)}]"


@dataclass(frozen=True)
class RecordInputs:
    wizard: Wizard
    matrix: Matrix
    rec: Recommendation
    panel: Any = None
    data_dir: Path | None = None
    base_url: str = "http://localhost:8501"
    bench_provider: Callable[..., list[Any]] | None = None


def data_version(data_dir: Path | None, dataset_ids: tuple[str, ...] = CORE_DATASETS) -> str:
    """A digest of the data files the record reads (content, not timestamps): same data, same version."""
    digest = hashlib.sha256()
    for dataset_id in dataset_ids:
        try:
            path = dataset_path(entry(dataset_id, data_dir), data_dir)
        except (DataFileError, KeyError, OSError):
            continue
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()[:12]


def record_link(inputs: RecordInputs) -> str:
    """The address that reproduces the view: the Recommendation page with the given answers (their labels)."""
    wizard = inputs.wizard
    params = {q.key: q.pick(a).label for q in wizard.questions
              for a in [inputs.rec.answers[q.id]] if q.id not in inputs.rec.unanswered}
    return share_url(inputs.base_url.rstrip("/") + "/recommendation", params)


def _label(wizard: Wizard, question: str, answer: str) -> str:
    q = wizard.question(question)
    opt = q.option(answer) if q else None
    return opt.label if opt else answer


def _context(inputs: RecordInputs) -> list[str]:
    wizard, matrix, rec = inputs.wizard, inputs.matrix, inputs.rec
    lines = ["## Context", "", "The answers given:", ""]
    lines += [f"- {wizard.ask(q).label}: **{_label(wizard, q, a)}**" for q, a in rec.given.items()]
    if rec.unanswered:
        lines += ["", "Not answered (they count for nothing): "
                  + "; ".join(wizard.ask(q).label for q in rec.unanswered) + "."]
    constraints = []
    for q_id, answer in rec.given.items():
        opt = wizard.ask(q_id).pick(answer)
        for r in opt.requires:
            crit = matrix.criterion(r.criterion)
            constraints.append(f"- Requirement: {r.why[0].upper() + r.why[1:]} (a framework rated below "
                               f"{r.min_rating} of {matrix.scale.max} on “{crit.name if crit else r.criterion}” "
                               "is ruled out).")
        for w in opt.weights:
            if w.tier == "target":
                crit = matrix.criterion(w.criterion)
                constraints.append(f"- Counts before any preference: “{crit.name if crit else w.criterion}” — "
                                   f"{w.why}")
        for b in opt.bonuses:
            constraints.append(f"- {b.why}")
    lines += ["", "Constraints these answers impose:", ""] + (constraints or ["- None: every answer given is a "
                                                                              "preference, weighed against the "
                                                                              "others."])
    return lines


def _decision(inputs: RecordInputs) -> list[str]:
    rec, advice = inputs.rec, advise(inputs.rec, inputs.wizard, inputs.matrix)
    head = f"**{advice.headline}**" + (f", {rec.confidence} confidence." if rec.recommended else ".")
    lines = ["## Decision", "", head, "", advice.decided]
    for extra in (advice.confidence_why, advice.narrowed):
        if extra:
            lines += ["", extra]
    if rec.alternatives:
        names = {fw.id: fw.name for fw in inputs.matrix.frameworks}
        lines += ["", "The evidence is split: " + " or ".join(names[f] for f in rec.alternatives)
                  + " are all defensible for situations like this one."]
    return lines


def cited_criteria(rec: Recommendation, wizard: Wizard) -> list[str]:
    """The matrix rows that carried the decision: the deciding answers' rows, then the winner's largest reasons."""
    if rec.recommended is None:
        return []
    winner = rec.score_of(rec.recommended)
    deciding = {a.question for a in rec.decision.deciding} if rec.decision else set()
    rows = [c.criterion for c in winner.contributions if c.question in deciding and c.kind == "weight"]
    rows += [c.criterion for c in winner.reasons(wizard.settings.reasons_shown) if c.kind == "weight"]
    rows += [e.criterion for s in rec.ranking for e in s.exclusions]
    return list(dict.fromkeys(rows))


def _matrix_rows(inputs: RecordInputs, sources: SourceList) -> list[str]:
    matrix, rec = inputs.matrix, inputs.rec
    lines = ["### Matrix rows that carried it", ""]
    why = {c.criterion: c for s in rec.ranking for c in s.contributions}
    for cid in cited_criteria(rec, inputs.wizard):
        crit = matrix.criterion(cid)
        if crit is None:
            continue
        lines += [f"#### {crit.name}", ""]
        if cid in why:
            c = why[cid]
            lines += [f"Why it counts: {c.why} (your answer: {_label(inputs.wizard, c.question, c.answer)})", ""]
        for fw in matrix.frameworks:
            cell = crit.cells.get(fw.id)
            if cell is None:
                lines.append(f"- {fw.name}: not assessed")
                continue
            refs = "".join(sources.cite(str(s.url), s.title, s.kind, (s.date or cell.as_of).isoformat())
                           for s in cell.sources)
            lines.append(f"- {fw.name}: rated {cell.rating} of {matrix.scale.max} — {cell.verdict} {refs} "
                         f"(as of {cell.as_of.isoformat()})")
        lines.append("")
    return lines


def _readings(title: str, readings: Readings, sources: SourceList, none: str) -> list[str]:
    lines = [f"### {title}", ""]
    for r in readings.readings:
        ref = sources.cite(r.source_url, r.source_title, r.kind, r.as_of)
        because = f" (bears on: {r.because})" if r.because else ""
        lines.append(f"- **{r.title}** ({r.when}): {r.sentence} {ref}{because}")
    lines += [f"- *{note}*" for note in readings.notes]
    if not readings.readings and not readings.notes:
        lines.append(none)
    return [*lines, ""]


def _scenario(inputs: RecordInputs, sources: SourceList) -> list[str]:
    lines = ["### The closest situation in Faceoff's scenario panel", ""]
    if inputs.panel is None:
        return [*lines, f"*{unavailable('wizard-scenarios', inputs.data_dir, 'it did not load')}*", ""]
    scenario = inputs.panel.scenario(inputs.rec.closest) if inputs.rec.closest else None
    if scenario is None:
        return [*lines, "No scenario in the panel shares these answers.", ""]
    names = {fw.id: fw.name for fw in inputs.matrix.frameworks}
    refs = "".join(sources.cite(str(s.url), s.title, s.kind, s.date.isoformat() if s.date else
                                inputs.panel.as_of.isoformat()) for s in scenario.sources)
    verdict = " or ".join(names.get(f, f) for f in scenario.expected)
    return [*lines, f"**{scenario.title}**: the evidence supports {verdict} "
            f"({' or '.join(scenario.confidence)} confidence). {scenario.rationale} {refs}", ""]


def _evidence(inputs: RecordInputs, sources: SourceList) -> list[str]:
    wizard, rec = inputs.wizard, inputs.rec
    names = {fw.id: fw.name for fw in inputs.matrix.frameworks}
    labels = {(q.id, o.id): f"{q.label}: {o.label}" for q in wizard.questions for o in q.options}
    lines = ["## Evidence", "", *_matrix_rows(inputs, sources)]
    lines += _readings("Benchmark readings", benchmark_readings(rec.given, inputs.data_dir, inputs.bench_provider),
                       sources, "None of the published or measured benchmarks bears on these answers.")
    lines += _readings("Popularity readings", popularity_readings(rec.given, labels, names, inputs.data_dir),
                       sources, "None of the popularity signals bears on these answers.")
    return lines + _scenario(inputs, sources)


def _alternatives(inputs: RecordInputs) -> list[str]:
    rec, matrix = inputs.rec, inputs.matrix
    lines = ["## Alternatives considered", ""]
    if rec.recommended is None:
        return [*lines, "No framework fits every answer; see the consequences below.", ""]
    winner = rec.score_of(rec.recommended)
    mine = {c.criterion: c for c in winner.contributions}
    for s in rec.ranking:
        if s.framework == rec.recommended:
            continue
        head = f"- **{s.name}** (target points {s.target_score}, preference points {s.score})"
        if not s.eligible:
            why = "; ".join(f"{e.why} (“{matrix.criterion(e.criterion).name}” rated "
                            f"{'n/a' if e.rating is None else e.rating} of {matrix.scale.max}, needs {e.min_rating})"
                            for e in s.exclusions)
            lines.append(f"{head}: ruled out — {why}.")
            continue
        gaps = sorted(((mine[c.criterion].points - c.points, c) for c in s.contributions
                       if c.criterion in mine and mine[c.criterion].points > c.points and c.kind == "weight"),
                      key=lambda g: (-g[0], g[1].criterion))[:3]
        behind = ", ".join(f"“{matrix.criterion(c.criterion).name}” ({s.name} {c.rating}, {winner.name} "
                           f"{mine[c.criterion].rating} of {matrix.scale.max})" for _, c in gaps)
        lines.append(f"{head}: behind on {behind}." if behind else f"{head}: behind on the sum of small "
                     "differences.")
    return [*lines, ""]


def _claims(inputs: RecordInputs, rows: list[str], sources: SourceList) -> list[str]:
    lines = ["### Article claims the evidence contradicts or dates", ""]
    try:
        claims = load_dataset("claims", inputs.data_dir).value
    except (DataFileError, KeyError, OSError) as exc:
        return [*lines, f"*{unavailable('claims', inputs.data_dir, str(exc).splitlines()[0])}*", ""]
    titles = {a.id: a.title for a in claims.articles}
    found = [c for c in claims.claims if c.verdict in CLAIM_VERDICTS and set(c.criteria) & set(rows)]
    for c in found:
        refs = "".join(sources.cite(str(s.url), s.title, s.kind, s.date.isoformat() if s.date else
                                    claims.as_of.isoformat()) for s in c.evidence)
        made = "; ".join(titles.get(a, a) for a in c.articles)
        lines.append(f"- “{c.claim}” ({made}) — **{c.verdict}**: {c.explanation} {refs}")
    return [*lines, *([] if found else ["None of the claims checked touches these rows."]), ""]


def _consequences(inputs: RecordInputs, sources: SourceList) -> list[str]:
    wizard, rec, matrix = inputs.wizard, inputs.rec, inputs.matrix
    names = {fw.id: fw.name for fw in matrix.frameworks}
    lines = ["## Consequences and risks", ""]
    lines += [f"- {c.text}" for c in rec.caveats] or ["- No caveat applies to these answers."]
    lines += ["", "### What would change the answer", ""]
    for flip in rec.flips[: wizard.settings.flips_shown]:
        refs = tuple(AnswerRef(ch.question, ch.to_answer) for ch in flip.changes)
        target = names.get(flip.recommended or "", "no framework")
        lines.append(f"- If you answered {answers_phrase(wizard, refs).split(' ', 2)[2]} → **{target}** "
                     f"({flip.confidence} confidence)")
    if not rec.flips:
        lines.append(f"- No change of up to {wizard.settings.max_flip_changes} answers changes it.")
    return [*lines, "", *_claims(inputs, cited_criteria(rec, wizard), sources)]


def _how(inputs: RecordInputs) -> list[str]:
    rec = inputs.rec
    lines = ["## Appendix: how the score works", "",
             "Each answer makes some matrix rows matter: points = weight × the framework's rating (0–3) there, "
             "plus bonuses for what the team knows. Answers naming something only some frameworks can do are "
             "targets: their points count rating steps and are compared first. Requirements rule frameworks out. "
             "Unanswered questions add nothing. The model is data/wizard.yaml.", "",
             "| Framework | Target points | Preference points | Eligible |", "| --- | --- | --- | --- |"]
    lines += [f"| {s.name} | {s.target_score} | {s.score} | {'yes' if s.eligible else 'no'} |" for s in rec.ranking]
    cli = " ".join(f"{q}={a}" for q, a in rec.given.items())
    return [*lines, "", f"Command line: `python -m faceoff recommend {cli} --report md`", ""]


def _link_text(title: str) -> str:
    """A title as Markdown link text: brackets and backslashes escaped (“[IMPORTANT] …” stays one link)."""
    return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def make_record(inputs: RecordInputs, generated: dt.date) -> str:
    """The decision record as Markdown (``generated``: the record's date, an explicit argument)."""
    wizard, matrix, rec = inputs.wizard, inputs.matrix, inputs.rec
    sources = SourceList()
    advice = advise(rec, wizard, matrix)
    matrix_as_of = max((cell.as_of for c in matrix.criteria for cell in c.cells.values()), default=None)
    stamps = [f"matrix as of {matrix_as_of.isoformat()}" if matrix_as_of else "",
              f"wizard model as of {wizard.as_of.isoformat()}",
              f"scenario panel as of {inputs.panel.as_of.isoformat()}" if inputs.panel is not None else ""]
    situation = "; ".join(_label(wizard, q, a) for q, a in rec.given.items())
    title = f"# Decision record: {advice.headline}" + (f" for {situation}" if situation else "")
    head = [title, "", f"- Date: {generated.isoformat()}",
            f"- Faceoff {__version__}, data version {data_version(inputs.data_dir)} "
            f"({', '.join(s for s in stamps if s)})", f"- Reproduce this view: <{record_link(inputs)}>", ""]
    if not rec.given:
        body = ["## Context", "", "No question was answered, so nothing was decided. Answer at least one question "
                "and make the record again.", ""]
        return "\n".join(head + body)
    body = [*_context(inputs), "", *_decision(inputs), "", *_evidence(inputs, sources), *_alternatives(inputs),
            *_consequences(inputs, sources)]
    src = ["## Sources", ""]
    src += [f"{i}. [{_link_text(title)}](<{url}>) — {kind}, as of {as_of}"
            for i, (url, title, kind, as_of) in enumerate(sources.items, 1)]
    return "\n".join([*head, *body, *src, "", *_how(inputs)]).rstrip() + "\n"


__all__ = ["CORE_DATASETS", "Reading", "RecordInputs", "SourceList", "cited_criteria", "data_version",
           "make_record", "record_link"]
