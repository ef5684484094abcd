"""``python -m faceoff validate``: check every data file; ``--json`` prints the inventory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from faceoff.registry import inventory


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("validate", help="check every data file (exit 1 on any error)")
    parser.add_argument("--json", action="store_true", help="print the dataset inventory as JSON")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: ./data)")
    parser.set_defaults(func=run)


def format_report(report: dict) -> str:
    lines = []
    for problem in report.get("problems", []):
        lines.append(f"ERROR {problem['file']}: {problem['message']}")
    for ds in report["datasets"]:
        errors = [p for p in ds["problems"] if p["severity"] == "error"]
        warnings = [p for p in ds["problems"] if p["severity"] == "warning"]
        status = "FAIL" if errors else "ok  "
        lines.append(f"{status} {ds['id']:<28} {ds['path']:<44} rows={ds['rows']:<5} sources={ds['sources']:<4} "
                     f"as_of={ds['as_of']}")
        for p in errors + warnings:
            where = p["file"] + (f", row {p['row']}" if p["row"] else "")
            where += f", field {p['field']}" if p["field"] else ""
            lines.append(f"     {p['severity'].upper()} {where}: {p['message']}")
    lines.append("all data files valid" if report["ok"] else "validation FAILED")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    report = inventory(args.data_dir)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0 if report["ok"] else 1
