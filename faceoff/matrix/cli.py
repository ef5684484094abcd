"""``python -m faceoff matrix [--json | --csv]``: the whole head-to-head matrix, for reading or reuse."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from faceoff.errors import DataFileError
from faceoff.paths import data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("matrix", help="print the head-to-head matrix (text, --json or --csv)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="criteria with ratings, summaries, verdicts, leaders, sources (with kind) and as-of dates")
    out.add_argument("--csv", action="store_true", help="the same records as the Head-to-head page's CSV download")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: ./data)")
    parser.set_defaults(func=run)


def format_text(document: dict) -> str:
    """A plain-text glance: one line per criterion with each framework's rating and summary."""
    names = {fw["id"]: fw["name"] for fw in document["frameworks"]}
    lines = [f"Head-to-head matrix, as of {document['as_of']} ({len(document['criteria'])} criteria)"]
    category = None
    for rec in document["criteria"]:
        if rec["category_name"] != category:
            category = rec["category_name"]
            lines.append(f"\n{category}")
        if rec["leader"] == "tie":
            lead = "tie" + (f" ({', '.join(names.get(f, f) for f in rec['co_leaders'])})" if rec["co_leaders"] else "")
        else:
            lead = names.get(rec["leader"], rec["leader"])
        lines.append(f"  {rec['name']} [leads: {lead}]")
        for fw, cell in rec["cells"].items():
            if cell is None:
                lines.append(f"    {names.get(fw, fw):<11} -  not assessed")
            else:
                lines.append(f"    {names.get(fw, fw):<11} {cell['rating']}  {cell['summary'] or cell['verdict']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from faceoff.matrix.export import matrix_document, records_csv
    from faceoff.matrix.loader import load_matrix

    folder = (args.data_dir or data_dir()) / "matrix"
    try:
        loaded = load_matrix(folder)
    except DataFileError as exc:
        for problem in exc.problems:
            print(f"ERROR {problem}", file=sys.stderr)
        print("the matrix is invalid: fix the problems above (python -m faceoff validate lists them all)",
              file=sys.stderr)
        return 1
    document = matrix_document(loaded.value, loaded.as_of)
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    elif args.csv:
        fw_ids = [fw["id"] for fw in document["frameworks"]]
        sys.stdout.write(records_csv(document["criteria"], fw_ids).decode("utf-8"))
    else:
        print(format_text(document))
    return 0
