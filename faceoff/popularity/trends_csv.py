"""The Google Trends website's CSV export: recognise, validate and read it into long rows (no network, no writes)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field

import pandas as pd

MAX_BYTES = 512 * 1024  # a five-year weekly export of five terms is about 15 kB; far bigger is not an export
BELOW_ONE = "<1"
TERM_PLACE = re.compile(r"^(?P<term>.+?):\s*\((?P<place>[^()]+)\)\s*$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class TrendsCsvError(ValueError):
    """A file that is not a usable Trends export; ``line`` is the 1-based line in the file, when one is to blame."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


@dataclass(frozen=True)
class TrendsCsv:
    """A parsed export: long rows (date, term, place, value, below_one) and what the file says about itself."""

    frame: pd.DataFrame
    granularity: str  # daily | weekly | monthly | unknown
    terms: tuple[str, ...]
    places: dict[str, str | None]
    date_header: str  # the first column's name as written ("Week", "Semana", "Time", …)
    preamble: str | None  # e.g. "Category: All categories" (the interface language shows here)
    header_line: int
    notes: list[str] = field(default_factory=list)


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """(date, kind) for ``YYYY-MM-DD`` (kind "day") or ``YYYY-MM`` (kind "month"); None if not a date."""
    cell = text.strip()
    try:
        if match := DAY.match(cell):
            return dt.date(int(match[1]), int(match[2]), int(match[3])), "day"
        if match := MONTH.match(cell):
            return dt.date(int(match[1]), int(match[2]), 1), "month"
    except ValueError:
        return None
    return None


def looks_like_date(text: str) -> bool:
    """Shaped like a date even if impossible (2026-13-45): such a row is a bad data row, not a preamble line."""
    cell = text.strip()
    return bool(DAY.match(cell) or MONTH.match(cell))


def parse_value(text: str, line: int, term: str) -> tuple[int, bool]:
    """(value, below_one): an integer 0–100, or ``<1`` read as 0 with the flag set."""
    cell = text.strip()
    if cell == BELOW_ONE:
        return 0, True
    if not cell.isdigit():
        raise TrendsCsvError(f"value {cell!r} for {term!r} is not a whole number 0–100 or '<1'", line)
    value = int(cell)
    if value > 100:
        raise TrendsCsvError(f"value {value} for {term!r} is above 100 (Trends values are 0–100)", line)
    return value, False


def split_term(cell: str) -> tuple[str, str | None]:
    """``"pytorch: (Worldwide)"`` → ("pytorch", "Worldwide"); a bare header (single-term export) → (cell, None)."""
    text = cell.strip()
    match = TERM_PLACE.match(text)
    if match:
        return match["term"].strip(), match["place"].strip()
    return text, None


def decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise TrendsCsvError(f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")
    if not data.strip():
        raise TrendsCsvError("the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrendsCsvError(f"not UTF-8 text (byte {exc.start}); export the CSV again from Google Trends") from exc


def read_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank CSV record, with the line where each record starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TrendsCsvError(f"not readable as CSV ({exc})", reader.line_num) from exc
    return rows


def infer_granularity(dates: list[dt.date], kind: str) -> str:
    if kind == "month":
        return "monthly"
    if len(dates) < 2:
        return "unknown"
    gaps = sorted((b - a).days for a, b in itertools.pairwise(dates))
    gap = gaps[len(gaps) // 2]
    return {1: "daily", 7: "weekly"}.get(gap, f"{gap}-day")


def parse_trends_csv(data: bytes, max_bytes: int = MAX_BYTES) -> TrendsCsv:
    """Read a Trends export; raise TrendsCsvError naming the line for anything that is not one."""
    rows = read_rows(decode(data, max_bytes))
    first_data = next((i for i, (_, cells) in enumerate(rows) if looks_like_date(cells[0])), None)
    if first_data is None:
        term_line = next((n for n, c in rows if any(TERM_PLACE.match(x.strip()) for x in c[1:])), None)
        if term_line is not None:
            raise TrendsCsvError("a header with search terms but no data lines after it", term_line)
        raise TrendsCsvError("no line starts with a date (YYYY-MM-DD or YYYY-MM): not a Google Trends export")
    if first_data == 0:
        raise TrendsCsvError("the first line is already data: the header with the search terms is missing", rows[0][0])
    header_line, header = rows[first_data - 1]
    preamble = ", ".join(c.strip() for c in rows[first_data - 2][1] if c.strip()) if first_data >= 2 else None
    if len(header) < 2 or not all(c.strip() for c in header[1:]):
        raise TrendsCsvError("the header has no search-term columns after the date column", header_line)
    terms_places = [split_term(c) for c in header[1:]]
    terms = tuple(t for t, _ in terms_places)
    if len(set(terms)) != len(terms):
        raise TrendsCsvError("the same search term appears twice in the header", header_line)
    records: list[dict] = []
    seen: dict[dt.date, int] = {}
    kinds: set[str] = set()
    dates: list[dt.date] = []
    for line, cells in rows[first_data:]:
        if len(cells) != len(header):
            raise TrendsCsvError(f"{len(cells)} cells, but the header on line {header_line} has {len(header)}", line)
        parsed = parse_date(cells[0])
        if parsed is None:
            raise TrendsCsvError(f"{cells[0].strip()!r} is not a date (YYYY-MM-DD or YYYY-MM)", line)
        day, kind = parsed
        kinds.add(kind)
        if len(kinds) > 1:
            raise TrendsCsvError("mixes months (YYYY-MM) and days (YYYY-MM-DD)", line)
        if day in seen:
            raise TrendsCsvError(f"date {day.isoformat()} is already on line {seen[day]}", line)
        if dates and day < dates[-1]:
            raise TrendsCsvError(f"date {day.isoformat()} comes before the previous line's {dates[-1].isoformat()}",
                                 line)
        seen[day] = line
        dates.append(day)
        for (term, place), cell in zip(terms_places, cells[1:], strict=True):
            value, below = parse_value(cell, line, term)
            records.append({"date": day, "term": term, "place": place, "value": value, "below_one": below})
    if not records:
        raise TrendsCsvError("the file has a header but no data lines", header_line)
    frame = pd.DataFrame(records, columns=["date", "term", "place", "value", "below_one"])
    notes = []
    if frame["value"].max() != 100:
        notes.append(f"no value reaches 100 (the peak is {int(frame['value'].max())}): the file may be trimmed or "
                     "edited; a full export is scaled so its peak is 100")
    if all(p is None for _, p in terms_places):
        notes.append("the file does not state the region (single-term export): recorded as not stated")
    return TrendsCsv(frame=frame, granularity=infer_granularity(dates, kinds.pop()), terms=terms,
                     places=dict(terms_places), date_header=header[0].strip(), preamble=preamble,
                     header_line=header_line, notes=notes)
