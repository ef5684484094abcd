"""``python -m faceoff recommend key=value ...``: the wizard's recommendation as JSON (for scripts and tests)."""

from __future__ import annotations

import argparse
import json
import sys

from faceoff.errors import DataFileError
from faceoff.paths import data_dir
from faceoff.registry import load_dataset
from faceoff.wizard.census import format_census, make_census
from faceoff.wizard.model import AnswerError, Wizard, parse_answers
from faceoff.wizard.scoring import recommend


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "recommend",
        help="recommend a framework for a set of answers (JSON)",
        description="Score the frameworks for the wizard's answers; unanswered questions take their defaults. "
                    "Keys are question ids (or the URL keys w_...); --questions lists them with their options.",
    )
    parser.add_argument("answers", nargs="*", metavar="key=value", help="e.g. role=production deploy=mobile")
    parser.add_argument("--questions", action="store_true", help="list the questions, options and defaults")
    parser.add_argument("--census", action="store_true",
                        help="the winner over all answer combinations: shares per framework and per answer, and the "
                             "answers that never change the winner")
    parser.add_argument("--json", action="store_true", help="with --census: print it as JSON")
    parser.set_defaults(func=run)


def split_pairs(pairs: list[str]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise AnswerError(f"expected key=value, got {pair!r}")
        if key in raw:
            raise AnswerError(f"question {key!r} answered twice")
        raw[key] = value
    return raw


def questions_json(wizard: Wizard) -> dict:
    return {"questions": [
        {"id": q.id, "url_key": q.key, "label": q.label, "default": q.default,
         "options": {o.id: o.label for o in q.options}}
        for q in wizard.questions
    ]}


def run(args: argparse.Namespace) -> int:
    try:
        wizard = load_dataset("wizard", data_dir()).value
        matrix = load_dataset("matrix", data_dir()).value
    except DataFileError as exc:
        print(f"error: cannot load the data: {exc}", file=sys.stderr)
        return 1
    if args.questions:
        print(json.dumps(questions_json(wizard), indent=2, ensure_ascii=False))
        return 0
    if args.census:
        census = make_census(wizard, matrix)
        names = {fw.id: fw.name for fw in matrix.frameworks}
        print(json.dumps(census.to_dict(), indent=2) if args.json else format_census(census, wizard, names))
        return 0
    try:
        panel = load_dataset("wizard-scenarios", data_dir()).value
    except (DataFileError, KeyError) as exc:
        print(f"warning: scenario panel not used: {exc}", file=sys.stderr)
        panel = None
    try:
        answers = parse_answers(wizard, split_pairs(args.answers), strict=True)
    except AnswerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = recommend(wizard, matrix, answers, panel=panel)
    print(json.dumps(result.to_dict(wizard.settings.reasons_shown), indent=2, ensure_ascii=False))
    return 0
