"""PyPI downloads in the last month of each framework's package, from pypistats.org's ``recent`` endpoint."""

from __future__ import annotations

import pandas as pd

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.appending import add_current_rows
from faceoff.popularity.sources.base import FetchContext, Fetched, get_json, require, today_iso
from faceoff.popularity.sources.github import compact

SOURCE = "pypistats.org"
API = "https://pypistats.org/api/packages"
LIVE = "pypistats"


def recent_url(package: str) -> str:
    return f"{API}/{package.lower()}/recent"


def fetch_recent(ctx: FetchContext, package: str) -> int:
    payload = get_json(ctx.http(), recent_url(package), SOURCE, ctx.timeout, {"Accept": "application/json"})
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise SourceUnavailable(SOURCE, f"malformed payload for {package}: no 'data' object")
    if payload.get("type") not in (None, "recent_downloads"):
        raise SourceUnavailable(SOURCE, f"malformed payload for {package}: type {payload.get('type')!r}")
    return require(payload["data"].get("last_month"), int, SOURCE, f"{package} data.last_month")


class PypiDownloads:
    """Appends today's ``last_month`` downloads per package to ``popularity-pypi-downloads``."""

    name = "pypi"
    title = "PyPI downloads"
    dataset_id = "popularity-pypi-downloads"
    appends = True  # history cannot be re-fetched: only today's value is added

    def fetch(self, ctx: FetchContext) -> Fetched:
        if not ctx.frameworks:
            raise SourceUnavailable(SOURCE, "no packages: the framework registry is empty")
        day = today_iso(ctx)
        rows = []
        for fw in ctx.frameworks:
            count = fetch_recent(ctx, fw.pypi_package)
            rows.append({"date": day, "framework": fw.id, "pypi_package": fw.pypi_package,
                         "downloads_last_month": count, "downloads_display": compact(count), "source": LIVE,
                         "source_url": recent_url(fw.pypi_package)})
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        provenance = {
            "retrieved": day,
            "data_as_of": day,
            "fetched_at": ctx.current_time().replace(microsecond=0).isoformat(),
            "parameters": {"live_endpoint": f"{API}/{{package}}/recent (data.last_month)",
                           "live_packages": [fw.pypi_package for fw in ctx.frameworks]},
        }
        return Fetched(frame, provenance)

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
        return add_current_rows(existing, fetched, LIVE)
