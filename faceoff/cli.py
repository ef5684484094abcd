"""``python -m faceoff <command>``: each command lives in its own module exposing ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from faceoff.paths import ROOT

COMMAND_MODULES = (
    "faceoff.validate",
    "faceoff.popularity.refresh",
    "faceoff.popularity.trends_import",
    "faceoff.bench.cli",
    "faceoff.wizard.cli",
    "faceoff.matrix.cli",
    "faceoff.matrix.check",
)
# App performance tooling lives in perf/ (it imports streamlit, which faceoff/ never does); ``python -m faceoff
# perf ...`` hands its arguments to ``python -m perf`` in a child process.
DELEGATED = {"perf": ("perf", "measure page run times, first render, memory and data loading (python -m perf)")}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m faceoff", description="Faceoff command-line tools.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that command is not part of this checkout
            raise
        module.register(subparsers)
    for name, (_, help_text) in DELEGATED.items():
        subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in DELEGATED:
        module = DELEGATED[argv[0]][0]
        return subprocess.call([sys.executable, "-m", module, *argv[1:]], cwd=ROOT)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)
