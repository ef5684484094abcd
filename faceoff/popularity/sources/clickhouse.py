"""PyPI downloads per calendar month, every month of every package in ONE query to ClickHouse's public PyPI tables."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import requests
import yaml

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import USER_AGENT, FetchContext, Fetched, describe_request_error, replace_all

SOURCE = "ClickHouse PyPI (ClickPy)"
ENDPOINT = "https://sql-clickhouse.clickhouse.com/"
USER = "demo"  # ClickHouse's public read-only user: no password, no key (ClickHouse/clickpy README)
TABLE = "pypi.pypi_downloads_per_month"
PAGE = "https://clickpy.clickhouse.com/dashboard/{package}"
MAX_BYTES = 8 << 20  # a few thousand rows of (month, project, count); far more is not our answer
NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")  # PEP 508 project names: also keeps SQL safe
EXCEPTION = re.compile(r"Code: (\d+)\. DB::Exception: (.*?)(?: \(version [^)]*\))?\s*$", re.S)
KNOWN_CODES = {201: "the public demo user's quota is spent (QUOTA_EXCEEDED); try again later",
               159: "the query ran past the server's time limit (TIMEOUT_EXCEEDED)",
               60: "the table is not there (UNKNOWN_TABLE): the public dataset changed",
               62: "the server rejected the query's syntax (SYNTAX_ERROR)"}


def normalise(name: str) -> str:
    """PyPI's normalised project name (PEP 503), the form the ``project`` column holds."""
    return re.sub(r"[-_.]+", "-", name).lower()


def build_query(packages: list[str]) -> str:
    bad = [p for p in packages if not NAME.match(p)]
    if bad:
        raise SourceUnavailable(SOURCE, f"not a PyPI project name: {', '.join(bad)}")
    names = ", ".join(f"'{normalise(p)}'" for p in sorted(set(packages)))
    # sum(): the table is a SummingMergeTree, so one month can still be split over unmerged rows
    return (f"SELECT month, project, sum(count) AS count FROM {TABLE} WHERE project IN ({names}) "
            "GROUP BY month, project ORDER BY project, month FORMAT JSON")


def packages_for(ctx: FetchContext) -> list[str]:
    """The registry's packages, those named in ``data/popularity/pypi_frameworks.yaml`` if present, and any given."""
    names = [fw.pypi_package for fw in ctx.frameworks if getattr(fw, "pypi_package", None)]
    extra = ctx.options.get("pypi_packages") or []
    names += list(extra)
    listing = ctx.options.get("pypi_packages_file")
    if listing and Path(listing).exists():
        data = yaml.safe_load(Path(listing).read_text(encoding="utf-8")) or {}
        names += [p["package"] for p in data.get("packages", []) if isinstance(p, dict) and p.get("package")]
    return sorted({normalise(n) for n in names})


def explain_error(response: requests.Response) -> str:
    code_text = response.headers.get("X-ClickHouse-Exception-Code", "")
    code = int(code_text) if code_text.isdigit() else None
    match = EXCEPTION.search(response.text[-2000:])
    detail = KNOWN_CODES.get(code) if code is not None else None
    shown = detail or (match.group(2).strip()[:200] if match else response.text[:200].strip())
    return f"HTTP {response.status_code}" + (f", ClickHouse error {code}" if code else "") + f": {shown}"


def parse_rows(payload: Any, packages: list[str], today: dt.date) -> pd.DataFrame:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise SourceUnavailable(SOURCE, "malformed payload: no 'data' list")
    names = [m.get("name") for m in payload.get("meta", []) if isinstance(m, dict)]
    if names[:3] != ["month", "project", "count"]:
        raise SourceUnavailable(SOURCE, f"malformed payload: columns {names}, expected month, project, count")
    rows = []
    for row in payload["data"]:
        try:
            month = dt.date.fromisoformat(str(row["month"]))
            count = int(row["count"])  # Int64 arrives quoted (output_format_json_quote_64bit_integers)
            project = str(row["project"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceUnavailable(SOURCE, f"malformed payload: row {row!r} ({exc})") from exc
        if month.day != 1 or count < 0 or project not in packages or month > today:
            raise SourceUnavailable(SOURCE, f"malformed payload: implausible row {row!r}")
        complete = (month.year, month.month) < (today.year, today.month)
        rows.append({"month": month, "package": project, "downloads": count, "complete": complete,
                     "source": "clickhouse", "source_url": PAGE.format(package=project)})
    return pd.DataFrame(rows, columns=["month", "package", "downloads", "complete", "source", "source_url"])


class ClickHousePypi:
    """Refreshes ``popularity-pypi-monthly`` as a whole: the query returns every month, so nothing is appended."""

    name = "clickhouse"
    title = "PyPI downloads per month (ClickHouse)"
    dataset_id = "popularity-pypi-monthly"
    needs_frameworks = True
    fallback = "pypi"  # pypistats.org (last 30 days only) still answers when ClickHouse does not
    merge = staticmethod(replace_all)

    def fetch(self, ctx: FetchContext) -> Fetched:
        packages = packages_for(ctx)
        if not packages:
            raise SourceUnavailable(SOURCE, "no packages: the framework registry names no pypi_package")
        query = build_query(packages)
        url = str(ctx.options.get("clickhouse_url", ENDPOINT))
        try:
            response = ctx.http().post(url, params={"user": USER}, data=query.encode("utf-8"), timeout=ctx.timeout,
                                       headers={"User-Agent": USER_AGENT, "Content-Type": "text/plain"})
        except requests.RequestException as exc:
            raise SourceUnavailable(SOURCE, f"POST {url} {describe_request_error(exc)}") from exc
        if response.status_code != 200:
            raise SourceUnavailable(SOURCE, explain_error(response))
        if len(response.content) > MAX_BYTES:
            raise SourceUnavailable(SOURCE, f"the answer is over {MAX_BYTES} bytes (the cap)")
        try:
            payload = json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            if EXCEPTION.search(response.text[-2000:]):  # an error after streaming began: status 200, text appended
                raise SourceUnavailable(SOURCE, f"the answer broke off: {explain_error(response)}") from exc
            raise SourceUnavailable(SOURCE, f"malformed JSON ({exc})") from exc
        now = ctx.current_time()
        frame = parse_rows(payload, packages, now.date())
        if frame.empty:
            raise SourceUnavailable(SOURCE, f"empty result: no months for {', '.join(packages)}")
        found = sorted(set(frame["package"]))
        complete = frame[frame["complete"]]
        provenance = {
            "source": "ClickHouse's public PyPI downloads database (ClickPy), table pypi.pypi_downloads_per_month",
            "url": "https://clickpy.clickhouse.com",
            "retrieved": now.date().isoformat(),
            "fetched_at": now.replace(microsecond=0).isoformat(),
            "data_as_of": (max(complete["month"]) if len(complete) else max(frame["month"])).isoformat(),
            "licence": "Download counts are facts from PyPI's public download logs (Linehaul), as loaded by "
                       "ClickHouse into its public ClickPy database",
            "attribution": "PyPI download statistics via ClickHouse ClickPy (clickpy.clickhouse.com).",
            "method": "One SQL query (user demo) for every month of every package: sum(count) per month and "
                      "project. Calendar months; the running month is kept but marked complete=false. Installs from "
                      "other indexes (e.g. download.pytorch.org) are never counted. No month is filled in.",
            "parameters": {"endpoint": url, "user": USER, "table": TABLE, "query": query, "packages": packages},
            "stats": {"rows": len(frame), "packages_found": found,
                      "packages_missing": [p for p in packages if p not in found],
                      "first_month": min(frame["month"]).isoformat(), "last_month": max(frame["month"]).isoformat(),
                      "clickhouse_statistics": payload.get("statistics", {})},
        }
        return Fetched(frame, provenance)
