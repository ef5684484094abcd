"""Google Trends interest over time for the registry's search terms, in one request (one 0–100 scale), via pytrends."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd
import requests

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext, Fetched, describe_request_error, replace_all, with_backoff

SOURCE = "Google Trends"
MAX_TERMS = 5  # Google compares at most five terms in one request
DEFAULT_GEO = ""  # worldwide
DEFAULT_TIMEFRAME = "today 5-y"
DEFAULT_PROPERTY = ""  # web search
EXPLORE_URL = "https://trends.google.com/trends/explore"


class TrendsBackend(Protocol):
    """The swappable part (pytrends today; the official Trends API when it opens)."""

    def interest_over_time(self, terms: Sequence[str], geo: str, timeframe: str, timeout: tuple[float, float]
                           ) -> pd.DataFrame: ...


class _Retryable(Exception):
    """A transient failure worth another try after backing off."""


class PytrendsBackend:
    """pytrends with ``retries=0`` (its urllib3 retry path is broken on urllib3 2.x): Faceoff backs off itself."""

    def __init__(self, hl: str = "en-US", tz: int = 0, category: int = 0, gprop: str = DEFAULT_PROPERTY):
        self.hl, self.tz, self.category, self.gprop = hl, tz, category, gprop

    def interest_over_time(self, terms: Sequence[str], geo: str, timeframe: str, timeout: tuple[float, float]
                           ) -> pd.DataFrame:
        from pytrends.request import TrendReq

        client = TrendReq(hl=self.hl, tz=self.tz, timeout=timeout, retries=0, backoff_factor=0)
        client.build_payload(list(terms), cat=self.category, timeframe=timeframe, geo=geo, gprop=self.gprop)
        return client.interest_over_time()


def _call(backend: TrendsBackend, terms: Sequence[str], geo: str, timeframe: str,
          timeout: tuple[float, float]) -> pd.DataFrame:
    """One attempt; transient failures become _Retryable (carrying the cause), everything else SourceUnavailable."""
    from pytrends.exceptions import ResponseError, TooManyRequestsError

    try:
        return backend.interest_over_time(terms, geo, timeframe, timeout)
    except TooManyRequestsError as exc:
        raise _Retryable("Google answered HTTP 429 Too Many Requests (rate limited)") from exc
    except ResponseError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        cause = f"Google answered HTTP {status}" if status else f"Google answered an error ({exc})"
        if status == 200:
            content_type = exc.response.headers.get("Content-Type", "?")
            cause = f"Google answered HTTP 200 with {content_type}, not JSON (a consent or bot-check page?)"
        if status is not None and status >= 500:
            raise _Retryable(cause + " (server error)") from exc
        raise SourceUnavailable(SOURCE, cause) from exc
    except requests.exceptions.RetryError as exc:
        raise _Retryable(f"too many error responses ({exc})") from exc
    except requests.RequestException as exc:
        raise _Retryable(describe_request_error(exc)) from exc
    except (json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise SourceUnavailable(SOURCE, f"malformed payload ({type(exc).__name__}: {str(exc)[:160]})") from exc


def infer_granularity(dates: pd.Series) -> str:
    unique = pd.Series(sorted(set(pd.to_datetime(pd.Series(dates)))))
    if len(unique) < 2:
        return "unknown"
    days = unique.diff().dropna().dt.total_seconds().median() / 86400
    if days < 1:
        return "hourly"
    if days < 2:
        return "daily"
    if days < 8:
        return "weekly"
    if days < 32:
        return "monthly"
    return f"{days:.0f}-day"


def to_long(wide: pd.DataFrame, term_to_framework: dict[str, str]) -> pd.DataFrame:
    """pytrends' wide frame (date index, one column per term, isPartial) to the snapshot's long rows."""
    missing = [t for t in term_to_framework if t not in wide.columns]
    if missing:
        raise SourceUnavailable(SOURCE, f"malformed payload: no column for term(s) {', '.join(missing)}")
    partial = wide["isPartial"] if "isPartial" in wide.columns else pd.Series(False, index=wide.index)
    # pytrends fills isPartial with mixed objects (and pandas warns about downcasting): coerce it here.
    partial = partial.map(lambda v: str(v).strip().lower() == "true")
    rows: list[dict[str, Any]] = []
    for stamp, flag in zip(wide.index, partial, strict=True):
        for term, framework in term_to_framework.items():
            value = pd.to_numeric(wide.at[stamp, term], errors="coerce")
            if pd.isna(value) or not 0 <= value <= 100:
                raise SourceUnavailable(SOURCE, f"malformed payload: value {wide.at[stamp, term]!r} for {term!r}")
            rows.append({"date": pd.Timestamp(stamp).date(), "framework": framework, "term": term,
                         "value": int(value), "is_partial": bool(flag)})
    return pd.DataFrame(rows).sort_values(["date", "framework"], kind="stable").reset_index(drop=True)


class GoogleTrends:
    """Refreshes ``popularity-trends``: the whole series is replaced, because its scale belongs to one request."""

    name = "trends"
    title = "Google Trends"
    dataset_id = "popularity-trends"
    merge = staticmethod(replace_all)

    def __init__(self, backend: TrendsBackend | None = None):
        self.backend = backend or PytrendsBackend()

    def fetch(self, ctx: FetchContext) -> Fetched:
        term_to_framework = {fw.trends_term: fw.id for fw in ctx.frameworks}
        if not term_to_framework:
            raise SourceUnavailable(SOURCE, "no search terms: the framework registry lists no trends_term")
        if len(term_to_framework) > MAX_TERMS:
            raise SourceUnavailable(SOURCE, f"{len(term_to_framework)} terms; one request compares at most {MAX_TERMS}")
        geo = str(ctx.options.get("geo", DEFAULT_GEO))
        timeframe = str(ctx.options.get("timeframe", DEFAULT_TIMEFRAME))
        terms = list(term_to_framework)
        try:
            wide = with_backoff(lambda: _call(self.backend, terms, geo, timeframe, ctx.timeout),
                                retry_on=(_Retryable,), attempts=int(ctx.options.get("attempts", 3)),
                                base=float(ctx.options.get("backoff_base", 5.0)),
                                cap=float(ctx.options.get("backoff_cap", 60.0)), sleep=ctx.sleep, rng=ctx.rng)
        except _Retryable as exc:
            raise SourceUnavailable(SOURCE, f"{exc} (gave up after {ctx.options.get('attempts', 3)} attempts)") from exc
        if not isinstance(wide, pd.DataFrame):
            raise SourceUnavailable(SOURCE, "malformed payload: no table returned")
        if wide.empty:
            raise SourceUnavailable(SOURCE, f"empty result for {', '.join(terms)} (geo={geo or 'worldwide'}, "
                                            f"timeframe={timeframe})")
        frame = to_long(wide, term_to_framework)
        fetched_at = ctx.current_time().replace(microsecond=0).isoformat()
        granularity = infer_granularity(frame["date"])
        partial = sorted({d.isoformat() for d in frame.loc[frame["is_partial"], "date"]})
        provenance = {
            "source": "Google Trends (interest over time, via pytrends)",
            "url": EXPLORE_URL,
            "retrieved": ctx.current_time().date().isoformat(),
            "fetched_at": fetched_at,
            "data_as_of": max(frame["date"]).isoformat(),
            "licence": "Google Trends data, used with attribution (Google Terms of Service); relative values 0–100",
            "attribution": "Data source: Google Trends (https://www.google.com/trends).",
            "method": "One request for all terms, so all share one 0–100 scale (100 = the peak of this request). "
                      "Values are relative search interest, not search volumes; the last period may be partial.",
            "parameters": {"terms": terms, "term_kind": "search term", "geo": geo or "worldwide",
                           "timeframe": timeframe, "granularity": granularity, "property": "web search",
                           "category": 0},
            "stats": {"periods": int(frame["date"].nunique()), "partial_periods": partial},
        }
        return Fetched(frame, provenance)
