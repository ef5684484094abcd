"""GitHub's ``stargazers/history`` (weekly buckets, newest first): checked weeks, then month-end counts."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext
from faceoff.popularity.sources.github_http import API, SOURCE, github_get

PER_PAGE = 30  # the endpoint's maximum
DEFAULT_PAGES = 3  # 90 weeks: back past mid-2025, where the published star history ends


@dataclass(frozen=True)
class History:
    """Daily gains of stars still held today, the first day covered, and whether that is the repository's start."""

    gains: dict[dt.date, int]
    first_day: dt.date
    complete: bool
    pages: int


def history_url(repo: str) -> str:
    return f"{API}/repos/{repo}/stargazers/history?per_page={PER_PAGE}"


def check_weeks(payload: Any, repo: str) -> list[dict]:
    """Each week: ``week`` (Unix seconds), 7 ``days`` (counts ≥ 0), ``total`` = their sum; else malformed."""
    if not isinstance(payload, list):
        raise SourceUnavailable(SOURCE, f"malformed payload for {repo} star history: not a list of weeks")
    for item in payload:
        ok = (isinstance(item, dict) and isinstance(item.get("week"), int) and not isinstance(item["week"], bool)
              and item["week"] > 0 and isinstance(item.get("days"), list) and len(item["days"]) == 7
              and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in item["days"])
              and item.get("total") == sum(item["days"]))
        if not ok:
            shown = {k: item.get(k) for k in ("week", "total", "days")} if isinstance(item, dict) else item
            raise SourceUnavailable(SOURCE, f"malformed payload for {repo} star history: week {shown!r}")
    return payload


def fetch_history(ctx: FetchContext, repo: str, pages: int = DEFAULT_PAGES) -> History:
    """Follow ``Link: rel="next"`` for at most ``pages`` pages; duplicates (pages shift at a week boundary) once."""
    weeks: dict[int, list[int]] = {}
    url: str | None = history_url(repo)
    fetched = 0
    while url and fetched < pages:
        payload, response = github_get(ctx, url)
        for item in check_weeks(payload, repo):
            weeks.setdefault(item["week"], item["days"])
        fetched += 1
        url = response.links.get("next", {}).get("url")
    if not weeks:
        raise SourceUnavailable(SOURCE, f"empty star history for {repo}")
    today = ctx.current_time().date()
    gains: dict[dt.date, int] = {}
    for start, days in weeks.items():
        first = dt.datetime.fromtimestamp(start, dt.UTC).date()
        for offset, count in enumerate(days):
            day = first + dt.timedelta(days=offset)
            if day <= today:  # the newest week holds days that have not happened yet
                gains[day] = gains.get(day, 0) + count
    return History(gains, min(gains), complete=url is None, pages=fetched)


def month_ends(first_day: dt.date, today: dt.date) -> list[dt.date]:
    """Last days of the months that end inside the covered span (today's month gets today's count instead)."""
    out = []
    year, month = first_day.year, first_day.month
    while (year, month) < (today.year, today.month):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        if end >= first_day - dt.timedelta(days=1):
            out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def held_at(history: History, total_now: int, days: list[dt.date]) -> dict[dt.date, int]:
    """Stars held today that had been given by the end of each day: today's total minus what came after it.

    Valid only for days whose whole aftermath is covered (day ≥ the first covered day − 1).
    """
    out = {}
    for day in days:
        if day < history.first_day - dt.timedelta(days=1):
            continue
        later = sum(count for d, count in history.gains.items() if d > day)
        value = total_now - later
        if value < 0:
            raise SourceUnavailable(SOURCE, f"star history adds up to more than today's {total_now} stars")
        out[day] = value
    return out
