"""Google Trends from the website's CSV export: term mapping, snapshot + provenance, ``import trends FILE``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from faceoff import clock
from faceoff.errors import DataFileError, SourceUnavailable
from faceoff.io import sha256_bytes
from faceoff.matrix import load_frameworks
from faceoff.paths import data_dir as default_data_dir
from faceoff.popularity.refresh import refresh_one
from faceoff.popularity.sources.base import FetchContext, Fetched, replace_all
from faceoff.popularity.sources.trends import EXPLORE_URL, METHODS, infer_granularity, sentence
from faceoff.popularity.trends_csv import MAX_BYTES, TrendsCsv, TrendsCsvError, parse_trends_csv

SOURCE = "Google Trends CSV export"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def map_terms(terms: Sequence[str], frameworks: Sequence[Any]) -> tuple[dict[str, str], list[str]]:
    """{exported term: framework id} by the registry's search term, id or name (any case); and the terms left over."""
    names: dict[str, str] = {}
    for fw in frameworks:
        for label in (fw.trends_term, fw.id, getattr(fw, "name", None)):
            if label:
                names.setdefault(_key(label), fw.id)
    mapped = {t: names[_key(t)] for t in terms if _key(t) in names}
    taken: dict[str, str] = {}
    for term, fid in mapped.items():
        if fid in taken:
            raise TrendsCsvError(f"the terms {taken[fid]!r} and {term!r} both stand for the framework {fid!r}")
        taken[fid] = term
    return mapped, [t for t in terms if t not in mapped]


def build_snapshot(parsed: TrendsCsv, frameworks: Sequence[Any], file_name: str, file_sha256: str,
                   today: dt.date) -> Fetched:
    """The ``popularity-trends`` rows and provenance for an export; TrendsCsvError when no term is a framework's."""
    mapped, unmatched = map_terms(parsed.terms, frameworks)
    if not mapped:
        known = ", ".join(fw.trends_term for fw in frameworks if fw.trends_term) or "none"
        raise TrendsCsvError(f"none of the file's terms ({', '.join(parsed.terms)}) is a framework's search term "
                             f"({known})", parsed.header_line)
    rows = parsed.frame[parsed.frame["term"].isin(mapped)].copy()
    if rows["date"].max() > today:
        raise TrendsCsvError(f"dates run to {rows['date'].max().isoformat()}, after today ({today.isoformat()})")
    rows["framework"] = rows["term"].map(mapped)
    rows["is_partial"] = False  # the export does not mark a partial last period
    rows["scale"] = "0-100"
    frame = rows[["date", "framework", "term", "value", "is_partial", "below_one", "scale"]].astype({"value": float})
    frame = frame.sort_values(["date", "framework"], kind="stable").reset_index(drop=True)
    places = sorted({p or "not stated in the file" for t, p in parsed.places.items() if t in mapped})
    notes = list(parsed.notes)
    if unmatched:
        notes.append(f"left out (not a framework's search term): {', '.join(unmatched)}; their presence in the "
                     "export does not change the other values, which share its one scale")
    provenance = {
        "source": f"Google Trends (interest over time, {METHODS['csv-import']})",
        "url": EXPLORE_URL,
        "retrieved": today.isoformat(),
        "data_as_of": max(frame["date"]).isoformat(),
        "licence": "Google Trends data, used with attribution (Google Terms of Service)",
        "attribution": "Data source: Google Trends (https://www.google.com/trends).",
        "method": f"{sentence(METHODS['csv-import'])} and checked line by line (dates, one value 0–100 or '<1' "
                  "per term). Values are 0–100 within that export (100 = its peak); '<1' is kept as a flag with "
                  "value 0. The export does not say whether the last period is partial, nor whether a header is a "
                  "search term or a topic.",
        "parameters": {"backend": "csv-import", "file_name": file_name, "file_sha256": file_sha256,
                       "terms": [t for t in parsed.terms if t in mapped], "frameworks": mapped,
                       "geo": places[0] if len(places) == 1 else places, "places": parsed.places,
                       "granularity": infer_granularity(frame["date"]) if len(frame) else parsed.granularity,
                       "date_column": parsed.date_header, "preamble": parsed.preamble,
                       "term_kind": "as exported (search term or topic; the file does not say)"},
        "stats": {"periods": int(frame["date"].nunique()), "below_one_values": int(frame["below_one"].sum()),
                  "notes": notes},
    }
    return Fetched(frame, provenance, notes)


def read_export(data: bytes, frameworks: Sequence[Any], file_name: str, max_bytes: int = MAX_BYTES,
                today: dt.date | None = None) -> Fetched:
    """Parse and map an uploaded/imported export; raises TrendsCsvError (naming the line) for a file to reject."""
    parsed = parse_trends_csv(data, max_bytes)
    return build_snapshot(parsed, frameworks, file_name, sha256_bytes(data), today or clock.today())


@dataclass
class CsvImport:
    """A one-off 'source' whose fetch reads a file, so the import reuses refresh's validate-then-replace path."""

    data: bytes
    file_name: str
    name: str = "trends-csv"
    title: str = SOURCE
    dataset_id: str = "popularity-trends"
    merge = staticmethod(replace_all)

    def fetch(self, ctx: FetchContext) -> Fetched:
        try:
            # the validators' calendar (clock.today), so "retrieved" can never fall after the day it is checked on
            return read_export(self.data, ctx.frameworks, self.file_name, today=clock.today())
        except TrendsCsvError as exc:
            raise SourceUnavailable(SOURCE, f"{self.file_name}: {exc}") from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import data exported by hand (Google Trends CSV)",
                                   description="Import a file you downloaded yourself into data/.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    trends = kinds.add_parser(
        "trends", help="a CSV from the Google Trends website's download button",
        description="Validate a Google Trends CSV export (Explore → Interest over time → download) and write it as "
                    "data/popularity/google_trends.csv with provenance. A malformed file is rejected with the line "
                    "at fault, exit code 1, and no file changes.")
    trends.add_argument("file", type=Path, metavar="FILE", help="the exported CSV (e.g. multiTimeline.csv)")
    trends.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    trends.add_argument("--data-dir", type=Path, default=None, help="data folder (default: ./data)")
    trends.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    folder = args.data_dir or default_data_dir()
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"FAILED import trends: cannot read {args.file} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    try:
        frameworks = list(load_frameworks(folder / "frameworks.yaml").value.frameworks)
    except DataFileError as exc:
        print(f"FAILED import trends: framework registry unusable ({exc})", file=sys.stderr)
        return 1
    ctx = replace(FetchContext(frameworks=frameworks), options={})
    outcome = refresh_one(CsvImport(data, args.file.name), folder, ctx, dry_run=args.dry_run)
    stream = sys.stdout if outcome.ok else sys.stderr
    print(f"{'ok    ' if outcome.ok else 'FAILED'} import trends: {outcome.message}", file=stream)
    for line in outcome.diff if outcome.changed else []:
        print(f"       {line}")
    return 0 if outcome.ok else 1

