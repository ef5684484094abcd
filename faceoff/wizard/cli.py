"""``python -m faceoff recommend key=value ...``: the wizard's recommendation as JSON (for scripts and tests)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from faceoff.clock import today
from faceoff.errors import DataFileError
from faceoff.io import atomic_write_text
from faceoff.paths import data_dir
from faceoff.registry import load_dataset
from faceoff.wizard.census import format_census, make_census
from faceoff.wizard.model import AnswerError, Wizard, parse_answers
from faceoff.wizard.record import RecordInputs, make_record
from faceoff.wizard.record_render import record_html
from faceoff.wizard.scoring import recommend


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "recommend",
        help="recommend a framework for a set of answers (JSON)",
        description="Score the frameworks for the wizard's answers; questions not given stay unanswered and count "
                    "for nothing. Keys are question ids (or the URL keys w_...); --questions lists them with their "
                    "options. --report writes the decision record (Markdown or self-contained HTML).",
    )
    parser.add_argument("answers", nargs="*", metavar="key=value", help="e.g. role=production deploy=mobile")
    parser.add_argument("--questions", action="store_true", help="list the questions, options and defaults")
    parser.add_argument("--census", action="store_true",
                        help="the winner over all answer combinations: shares per framework and per answer, and the "
                             "answers that never change the winner")
    parser.add_argument("--json", action="store_true", help="with --census: print it as JSON")
    parser.add_argument("--report", choices=("md", "html"), help="write the decision record instead of the JSON")
    parser.add_argument("--out", metavar="FILE", help="with --report: write it to FILE (default: standard output)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="with --report: the record's date (default: today)")
    parser.add_argument("--base-url", default="http://localhost:8501",
                        help="with --report: the app's address, for the link that reproduces the view")
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
    if args.report:
        return write_report(args, wizard, matrix, result, panel)
    print(json.dumps(result.to_dict(wizard.settings.reasons_shown), indent=2, ensure_ascii=False))
    return 0


def write_report(args: argparse.Namespace, wizard: Wizard, matrix, result, panel) -> int:
    """The decision record for the answers, to --out (written atomically) or standard output."""
    try:
        date = dt.date.fromisoformat(args.date) if args.date else today()
    except ValueError:
        print(f"error: --date {args.date!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    inputs = RecordInputs(wizard, matrix, result, panel, data_dir(), args.base_url)
    text = make_record(inputs, date)
    if args.report == "html":
        text = record_html(text)
    if args.out:
        atomic_write_text(Path(args.out), text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
