"""``python -m faceoff refresh [SOURCE ...]``: fetch → validate → write a temporary file → atomic replace, per source.

A source that fails leaves its snapshot byte-identical and makes the exit code non-zero; the others still refresh.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import requests
from pydantic import ValidationError

from faceoff.errors import DataFileError, SourceUnavailable
from faceoff.io import atomic_write_bytes, atomic_write_text, display_path, sha256_bytes
from faceoff.matrix import load_frameworks
from faceoff.paths import data_dir as default_data_dir
from faceoff.popularity.datasets import DATASETS
from faceoff.popularity.live_config import live_options
from faceoff.popularity.snapshot import Provenance, parse_csv_bytes, provenance_path, provenance_yaml, to_csv_bytes
from faceoff.popularity.sources import all_sources
from faceoff.popularity.sources.base import FetchContext, Source
from faceoff.registry import dataset_path, entry, resolve_loader
from faceoff.schema import problems_from_validation

TOKEN_ENV = "GITHUB_TOKEN"
TRENDS_KEY_ENV = "GOOGLE_TRENDS_API_KEY"
TRENDS_URL_ENV = "FACEOFF_TRENDS_API_URL"  # the official API's address, while its contract is not public


@dataclass
class Outcome:
    source: str
    ok: bool
    message: str
    path: str = ""
    changed: bool = False
    diff: list[str] = field(default_factory=list)


def register(subparsers: argparse._SubParsersAction) -> None:
    names = ", ".join(all_sources())
    parser = subparsers.add_parser(
        "refresh", help="fetch fresh popularity snapshots (needs the network)",
        description=f"Refresh popularity snapshots in data/popularity/. Sources: {names} (all when none is named). "
                    "A failing source leaves its files unchanged and makes the exit code 1.")
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help=f"which sources to refresh: {names}")
    parser.add_argument("--dry-run", action="store_true",
                        help="fetch and validate, show what would change, write nothing")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: ./data)")
    parser.add_argument("--geo", default="", help="Google Trends region, e.g. US (default: worldwide)")
    parser.add_argument("--timeframe", default="today 5-y", help="Google Trends timeframe (default: 'today 5-y')")
    parser.add_argument("--attempts", type=int, default=3,
                        help="tries per Google Trends request (at least a minute between tries)")
    parser.add_argument("--trends-backend", choices=("auto", "official", "pytrends"), default="auto",
                        help="official API (needs GOOGLE_TRENDS_API_KEY), pytrends, or auto (official when a key "
                             "is set); a CSV exported from the website is imported with `import trends FILE`")
    parser.add_argument("--github-history-pages", type=int, default=3,
                        help="pages of 30 weeks of GitHub star history per repository (0: only today's count)")
    parser.add_argument("--connect-timeout", type=float, default=5.0, help="seconds to connect (default 5)")
    parser.add_argument("--read-timeout", type=float, default=30.0, help="seconds to wait for data (default 30)")
    parser.add_argument("--pwc-url", default=None, help="address of the Papers with Code links parquet file")
    parser.add_argument("--pwc-sha256", default=None, help="expected sha256 of the parquet file (optional)")
    parser.add_argument("--pwc-max-mb", type=int, default=200, help="size cap of the parquet download in MB")
    parser.set_defaults(func=run)


def progress_printer(stream=None) -> Callable[[int, int | None], None]:
    """A one-line download bar on a terminal; a line per 10 % in logs."""
    # resolved per call, not at import: sys.stderr may have been replaced (and the old one closed) since then
    stream = stream or sys.stderr
    state = {"last": -1}
    tty = stream.isatty()

    def show(done: int, total: int | None) -> None:
        if total:
            pct = min(100, done * 100 // total)
            step = pct if tty else pct // 10 * 10
            if step == state["last"]:
                return
            state["last"] = step
            bar = "#" * (pct // 4) + "." * (25 - pct // 4)
            text = f"  [{bar}] {pct:3d}% {done / 1e6:.1f}/{total / 1e6:.1f} MB"
        else:
            mb = done // 5_000_000
            if mb == state["last"]:
                return
            state["last"] = mb
            text = f"  {done / 1e6:.1f} MB"
        stream.write(("\r" + text) if tty else text + "\n")
        if tty and total and done >= total:
            stream.write("\n")
        stream.flush()

    return show


def describe_diff(old: bytes | None, new: bytes) -> list[str]:
    """Rows added and removed between two CSV versions (header excluded), a few shown."""
    old_lines = old.decode("utf-8").splitlines()[1:] if old else []
    new_lines = new.decode("utf-8").splitlines()[1:]
    old_set, new_set = set(old_lines), set(new_lines)
    added = [line for line in new_lines if line not in old_set]
    removed = [line for line in old_lines if line not in new_set]
    out = [f"rows {len(old_lines)} → {len(new_lines)}: +{len(added)} added, -{len(removed)} removed"]
    out += [f"  + {line[:140]}" for line in added[:5]]
    out += [f"  - {line[:140]}" for line in removed[:5]]
    if len(added) > 5 or len(removed) > 5:
        out.append("  …")
    return out


def merged_provenance(existing: Provenance | None, fetched: dict[str, Any], data: bytes,
                      carry_over: bool = True) -> Provenance:
    """The new sidecar. An appending source keeps the old fields it does not set; a source that replaces the whole
    series starts afresh, so nothing said about an earlier request (another backend, terms, file) lingers."""
    base = existing.model_dump(mode="json", exclude_none=True) if existing and carry_over else {}
    params = {**base.get("parameters", {}), **fetched.get("parameters", {})}
    stats = fetched.get("stats", base.get("stats", {}))
    return Provenance.model_validate({**base, **fetched, "parameters": params, "stats": stats,
                                      "sha256": sha256_bytes(data)})


def refresh_one(source: Source, folder: Path, ctx: FetchContext, dry_run: bool = False,
                registry_error: str | None = None) -> Outcome:
    """Refresh one source's snapshot; never raises for a fetch or validation failure (it returns the outcome)."""
    name = source.name
    try:
        item = entry(source.dataset_id, folder)
    except (KeyError, DataFileError) as exc:
        return Outcome(name, False, f"dataset {source.dataset_id!r} is not registered in data/datasets.yaml ({exc})")
    path = dataset_path(item, folder)
    shown = display_path(path)
    _, schema, check = DATASETS[source.dataset_id]
    unchanged = f"{shown} unchanged"
    if registry_error and getattr(source, "needs_frameworks", True):
        return Outcome(name, False, f"{source.title}: framework registry unusable ({registry_error}); {unchanged}",
                       shown)
    old_bytes = path.read_bytes() if path.exists() else None
    existing = None
    existing_prov = None
    try:
        loaded = resolve_loader(item.loader)(path)
        existing, existing_prov = loaded.value.frame, loaded.value.provenance
    except DataFileError as exc:
        if getattr(source, "appends", False):
            return Outcome(name, False, f"{source.title}: the existing snapshot is invalid and history cannot be "
                                        f"re-fetched ({exc}); fix it first; {unchanged}", shown)
    try:
        fetched = source.fetch(ctx)
        merged = source.merge(existing, fetched)
    except SourceUnavailable as exc:
        return Outcome(name, False, f"{exc}; {unchanged}", shown)
    except Exception as exc:  # a fetcher bug must not stop the other sources or touch the file
        return Outcome(name, False, f"{source.title}: unexpected {type(exc).__name__}: {exc}; {unchanged}", shown)
    lacking = [c for c in schema.names if c not in merged.columns]
    if lacking:
        return Outcome(name, False, f"{source.title}: fetched data lacks column(s) {', '.join(lacking)}; {unchanged}",
                       shown)
    data = to_csv_bytes(merged, schema)
    _typed, problems = parse_csv_bytes(data, schema, shown)
    if not problems and check is not None:
        problems = check(_typed, shown)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        return Outcome(name, False, f"{source.title}: fetched data failed validation: {problems[0]}{more}; "
                                    f"{unchanged}", shown)
    try:
        prov = merged_provenance(existing_prov, fetched.provenance, data, carry_over=getattr(source, "appends", False))
    except ValidationError as exc:
        first = problems_from_validation(display_path(provenance_path(path)), exc, fetched.provenance)[0]
        return Outcome(name, False, f"{source.title}: provenance failed validation: {first}; {unchanged}", shown)
    if old_bytes == data:
        return Outcome(name, True, f"{source.title}: no change in {shown}", shown, changed=False,
                       diff=describe_diff(old_bytes, data))
    diff = describe_diff(old_bytes, data)
    if dry_run:
        return Outcome(name, True, f"{source.title}: would update {shown} (dry run, nothing written)", shown,
                       changed=True, diff=diff)
    atomic_write_bytes(path, data)
    atomic_write_text(provenance_path(path), provenance_yaml(prov))
    return Outcome(name, True, f"{source.title}: updated {shown}", shown, changed=True, diff=diff)


def build_context(args: argparse.Namespace, frameworks, session: requests.Session,
                  folder: Path | None = None) -> FetchContext:
    options = {"geo": args.geo, "timeframe": args.timeframe, "attempts": max(1, args.attempts),
               "pwc_max_bytes": args.pwc_max_mb * 1024 * 1024, "trends_backend": args.trends_backend,
               "github_history_pages": max(0, args.github_history_pages)}
    if folder is not None:  # extra PyPI packages picked on the page (data/popularity/pypi_frameworks.yaml)
        options["pypi_packages_file"] = str(folder / "popularity" / "pypi_frameworks.yaml")
        try:
            options.update(live_options(folder))
        except DataFileError as exc:  # validate reports it; the sources fall back to the registry's names
            print(f"warning: {exc}; live sources use the registry's names", file=sys.stderr)
    if os.environ.get(TRENDS_KEY_ENV):
        options["trends_api_key"] = os.environ[TRENDS_KEY_ENV]
    if os.environ.get(TRENDS_URL_ENV):
        options["trends_api_url"] = os.environ[TRENDS_URL_ENV]
    if args.pwc_url:
        options["pwc_url"] = args.pwc_url
    if args.pwc_sha256:
        options["pwc_sha256"] = args.pwc_sha256.lower()
    return FetchContext(frameworks=frameworks, session=session, timeout=(args.connect_timeout, args.read_timeout),
                        token=os.environ.get(TOKEN_ENV) or None, options=options, progress=progress_printer())


def run(args: argparse.Namespace, sources: dict[str, Source] | None = None,
        context: FetchContext | None = None) -> int:
    available = sources or all_sources()
    wanted = args.sources or list(available)
    unknown = [s for s in wanted if s not in available]
    if unknown:
        print(f"unknown source(s): {', '.join(unknown)}; choose from {', '.join(available)}", file=sys.stderr)
        return 2
    folder = args.data_dir or default_data_dir()
    registry_error = None
    frameworks = []
    try:
        frameworks = list(load_frameworks(folder / "frameworks.yaml").value.frameworks)
    except DataFileError as exc:
        registry_error = str(exc)
    with requests.Session() as session:
        ctx = build_context(args, frameworks, session, folder)
        if context is not None:  # tests: no real sleeping, a seeded jitter, short timeouts
            ctx = replace(ctx, sleep=context.sleep, rng=context.rng, timeout=context.timeout,
                          options={**ctx.options, **context.options}, frameworks=context.frameworks or frameworks)
        outcomes = []
        for name in wanted:
            print(f"refresh {name}: fetching…", file=sys.stderr, flush=True)
            outcome = refresh_one(available[name], folder, ctx, dry_run=args.dry_run, registry_error=registry_error)
            outcomes.append(outcome)
            stream = sys.stdout if outcome.ok else sys.stderr
            print(f"{'ok    ' if outcome.ok else 'FAILED'} {name}: {outcome.message}", file=stream, flush=True)
            for line in outcome.diff if outcome.changed else []:
                print(f"       {line}", flush=True)
            fallback = getattr(available[name], "fallback", None)
            if not outcome.ok and fallback in available and fallback not in wanted:
                print(f"refresh {name}: falling back to {fallback}", file=sys.stderr, flush=True)
                backup = refresh_one(available[fallback], folder, ctx, dry_run=args.dry_run,
                                     registry_error=registry_error)
                print(f"{'ok    ' if backup.ok else 'FAILED'} {fallback} (fallback for {name}): {backup.message}",
                      file=sys.stdout if backup.ok else sys.stderr, flush=True)
    failed = [o.source for o in outcomes if not o.ok]
    if failed:
        print(f"refresh failed for: {', '.join(failed)} (their files are unchanged)", file=sys.stderr)
        return 1
    return 0
