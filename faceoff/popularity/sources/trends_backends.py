"""The swappable part of Google Trends: pytrends (the website's endpoints) or the official API (alpha, assumed)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd
import requests

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import describe_request_error, is_dns_failure

SOURCE = "Google Trends"
# Google answers scripted clients sooner with 429; a browser's User-Agent is what the website itself sends.
BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
# ASSUMED address of the official API (alpha): no public reference exists (tests/fixtures/http/popularity/trends_api).
OFFICIAL_API_URL = "https://www.googleapis.com/trends/v1beta"
ROW_COLUMNS = ["date", "term", "value", "is_partial", "below_one"]


class Retryable(Exception):
    """A transient failure worth another try after backing off."""


@dataclass(frozen=True)
class TrendsSeries:
    """Long rows (date, term, value or NaN, is_partial, below_one) and what kind of numbers they are."""

    rows: pd.DataFrame
    backend: str  # "pytrends" | "official-api"
    scale: str  # how the values are scaled, said on the chart


class TrendsBackend(Protocol):
    name: str

    def fetch_series(self, terms: Sequence[str], geo: str, timeframe: str, timeout: tuple[float, float]
                     ) -> TrendsSeries: ...


def malformed(what: str) -> SourceUnavailable:
    return SourceUnavailable(SOURCE, f"malformed payload: {what}")


def parse_multiline(payload: Any, terms: Sequence[str]) -> pd.DataFrame:
    """Google's ``widgetdata/multiline`` JSON to long rows; ``hasData: false`` becomes a missing value, not 0."""
    try:
        timeline = payload["default"]["timelineData"]
    except (KeyError, TypeError) as exc:
        raise malformed("no default.timelineData") from exc
    if not isinstance(timeline, list):
        raise malformed("timelineData is not a list")
    rows: list[dict] = []
    for item in timeline:
        if not isinstance(item, dict):
            raise malformed("a timelineData entry is not an object")
        values, has_data = item.get("value"), item.get("hasData", [True] * len(terms))
        shown = item.get("formattedValue", [None] * len(terms))
        if not (isinstance(values, list) and len(values) == len(terms) == len(has_data) == len(shown)):
            raise malformed(f"an entry has {len(values) if isinstance(values, list) else 'no'} values for "
                            f"{len(terms)} terms")
        try:
            day = dt.datetime.fromtimestamp(int(item["time"]), dt.UTC).date()
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise malformed(f"time {item.get('time')!r} is not a Unix timestamp") from exc
        partial = bool(item.get("isPartial", False))
        for term, value, present, text in zip(terms, values, has_data, shown, strict=True):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise malformed(f"value {value!r} for {term!r} is not an integer 0–100")
            rows.append({"date": day, "term": term, "value": float(value) if present is not False else float("nan"),
                         "is_partial": partial, "below_one": present is not False and text == "<1"})
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def classify(exc: BaseException) -> BaseException:
    """Map a pytrends/requests failure to Retryable (back off and retry) or SourceUnavailable (give up now)."""
    from pytrends.exceptions import ResponseError, TooManyRequestsError

    if isinstance(exc, TooManyRequestsError):
        return Retryable("Google answered HTTP 429 Too Many Requests (rate limited)")
    if isinstance(exc, ResponseError):
        status = getattr(getattr(exc, "response", None), "status_code", None)
        cause = f"Google answered HTTP {status}" if status else f"Google answered an error ({exc})"
        if status == 200:
            kind = exc.response.headers.get("Content-Type", "?")
            cause = f"Google answered HTTP 200 with {kind}, not JSON (a consent or bot-check page?)"
        if status is not None and status >= 500:
            return Retryable(cause + " (server error)")
        return SourceUnavailable(SOURCE, cause)
    if isinstance(exc, requests.exceptions.RetryError):
        return Retryable(f"too many error responses ({exc})")
    if isinstance(exc, requests.RequestException):
        if is_dns_failure(exc):  # no name resolution here: waiting a minute will not bring the network back
            return SourceUnavailable(SOURCE, f"{describe_request_error(exc)}; not retried (no DNS: no network?)")
        return Retryable(describe_request_error(exc))
    if isinstance(exc, (json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError, AttributeError)):
        return malformed(f"{type(exc).__name__}: {str(exc)[:160]}")
    return exc


class PytrendsBackend:
    """pytrends with ``retries=0`` (its urllib3 retry path is broken on urllib3 2.x): Faceoff backs off itself.

    pytrends' own ``interest_over_time()`` turns ``hasData: false`` into 0, so the multiline answer is read here.
    """

    name = "pytrends"

    def __init__(self, hl: str = "en-US", tz: int = 0, category: int = 0, gprop: str = ""):
        self.hl, self.tz, self.category, self.gprop = hl, tz, category, gprop

    def fetch_series(self, terms: Sequence[str], geo: str, timeframe: str, timeout: tuple[float, float]
                     ) -> TrendsSeries:
        try:
            from pytrends.request import TrendReq

            client = TrendReq(hl=self.hl, tz=self.tz, timeout=timeout, retries=0, backoff_factor=0,
                              requests_args={"headers": {"User-Agent": BROWSER_UA}})
            client.build_payload(list(terms), cat=self.category, timeframe=timeframe, geo=geo, gprop=self.gprop)
            widget = client.interest_over_time_widget
            raw = client._get_data(url=TrendReq.INTEREST_OVER_TIME_URL, method=TrendReq.GET_METHOD, trim_chars=5,
                                   params={"req": json.dumps(widget["request"]), "token": widget["token"],
                                           "tz": client.tz})
        except Exception as exc:  # every failure is classified; unknown ones re-raise as they are
            raise classify(exc) from exc
        return TrendsSeries(parse_multiline(raw, terms), self.name,
                            "0–100 within this one request (100 = the peak of all terms together)")


def api_window(timeframe: str, today: dt.date) -> tuple[str, str]:
    """pytrends-style timeframes ("today 5-y", "today 12-m", "YYYY-MM-DD YYYY-MM-DD") to (start, end) months."""
    text = timeframe.strip()
    if text.startswith("today "):
        amount, unit = text.split()[1].split("-")
        months = int(amount) * (12 if unit == "y" else 1)
        start = (pd.Timestamp(today) - pd.DateOffset(months=months)).date()
        return start.strftime("%Y-%m"), today.strftime("%Y-%m")
    parts = text.split()
    if len(parts) == 2 and all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", p) for p in parts):
        return parts[0][:7], parts[1][:7]
    raise SourceUnavailable(SOURCE, f"timeframe {timeframe!r} cannot be sent to the official API")


def parse_graph(payload: Any, terms: Sequence[str]) -> pd.DataFrame:
    """The ASSUMED official-API answer ``{"lines": [{"term", "points": [{"date", "value"}]}]}`` to long rows."""
    lines = payload.get("lines") if isinstance(payload, dict) else None
    if not isinstance(lines, list):
        raise malformed("no 'lines' list")
    by_term = {line.get("term"): line.get("points") for line in lines if isinstance(line, dict)}
    rows: list[dict] = []
    for term in terms:
        points = by_term.get(term)
        if not isinstance(points, list):
            raise malformed(f"no line for term {term!r}")
        for point in points:
            try:
                day = dt.date.fromisoformat(str(point["date"])[:10]) if len(str(point["date"])) >= 10 else \
                    dt.date.fromisoformat(str(point["date"]) + "-01")
                value = point["value"]
            except (KeyError, TypeError, ValueError) as exc:
                raise malformed(f"point {point!r} for {term!r} has no ISO date") from exc
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise malformed(f"value {value!r} for {term!r} is not a number ≥ 0")
            rows.append({"date": day, "term": term, "value": float(value), "is_partial": False, "below_one": False})
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


class OfficialTrendsBackend:
    """Google's Trends API (alpha since 2025-07): key from ``st.secrets``/the environment, never from code."""

    name = "official-api"

    def __init__(self, key: str, base_url: str = OFFICIAL_API_URL, session: requests.Session | None = None,
                 today: dt.date | None = None):
        self.key, self.base_url, self.session, self.today = key, base_url.rstrip("/"), session, today

    def fetch_series(self, terms: Sequence[str], geo: str, timeframe: str, timeout: tuple[float, float]
                     ) -> TrendsSeries:
        start, end = api_window(timeframe, self.today or dt.date.today())
        params: list[tuple[str, str]] = [("terms", t) for t in terms]
        params += [("restrictions.startDate", start), ("restrictions.endDate", end), ("key", self.key)]
        if geo:
            params.append(("restrictions.geo", geo))
        session = self.session or requests.Session()
        try:
            response = session.get(f"{self.base_url}/graph", params=params, timeout=timeout)
        except requests.RequestException as exc:
            raise classify(exc) from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise Retryable(f"the Trends API answered HTTP {status}{' (quota spent)' if status == 429 else ''}")
        if status != 200:
            detail = ""
            with contextlib.suppress(ValueError, KeyError, TypeError):
                detail = response.json()["error"]["status"]
            hint = " (the key has no access to the alpha?)" if status in (401, 403) else ""
            raise SourceUnavailable(SOURCE, f"the Trends API answered HTTP {status} {detail}{hint}".rstrip())
        try:
            payload = response.json()
        except ValueError as exc:
            raise malformed("not JSON") from exc
        return TrendsSeries(parse_graph(payload, terms), self.name,
                            "the API's consistent scale (comparable across requests; not 0–100)")
