"""GitHub REST requests with the documented rate-limit handling: one bounded retry, then a clear message."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import USER_AGENT, FetchContext, describe_request_error

SOURCE = "GitHub API"
API = "https://api.github.com"
API_VERSION = "2026-03-10"  # the version that has stargazers/history
MAX_WAIT = 60.0  # longest retry-after a refresh honours; GitHub asks for "at least a minute" without a header
MAX_BYTES = 1 << 20


class RateLimited(SourceUnavailable):
    """GitHub's primary or secondary rate limit, after the one retry allowed."""


def headers_for(ctx: FetchContext) -> dict[str, str]:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION,
               "User-Agent": USER_AGENT}
    if ctx.token:  # from GITHUB_TOKEN / st.secrets via the caller; never stored in code or data
        headers["Authorization"] = f"Bearer {ctx.token}"
    return headers


def limit_kind(response: requests.Response) -> tuple[str, float | None] | None:
    """("primary", seconds to reset) or ("secondary", retry-after or None) for a rate-limit answer, else None.

    Per https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api: 403 or 429; the primary
    limit has ``x-ratelimit-remaining: 0``; the secondary one says so in its message and may send ``retry-after``.
    """
    if response.status_code not in (403, 429):
        return None
    after = response.headers.get("retry-after")
    if after is not None:
        try:
            return "secondary", float(after)
        except ValueError:
            return "secondary", None
    if response.headers.get("x-ratelimit-remaining") == "0":
        reset = response.headers.get("x-ratelimit-reset")
        return "primary", float(reset) if reset and reset.isdigit() else None
    text = response.text[:500].lower() if response.status_code == 403 else "rate limit"
    return ("secondary", None) if "rate limit" in text else None


def describe_limit(kind: str, wait: float | None, status: int, token: bool, retried: bool) -> str:
    if kind == "primary":
        when = (f"; it resets at {dt.datetime.fromtimestamp(wait, dt.UTC):%H:%M} UTC" if wait else "")
        hint = "" if token else "; set GITHUB_TOKEN (5,000 requests an hour instead of 60)"
        return f"GitHub's hourly rate limit is spent (HTTP {status}, x-ratelimit-remaining: 0){when}{hint}"
    asked = f"retry-after {wait:g} s" if wait is not None else "no retry-after"
    if retried:
        return f"GitHub's secondary rate limit (HTTP {status}, {asked}) persisted after one retry; try later"
    return (f"GitHub's secondary rate limit (HTTP {status}, {asked}): longer than the {MAX_WAIT:g} s a refresh "
            "waits; try later")


class _WaitAndRetry(Exception):
    """A secondary rate limit short enough to wait out once (carries the wait for tenacity's wait strategy)."""

    def __init__(self, wait: float | None, status: int):
        super().__init__(wait, status)
        self.wait, self.status = wait, status


def _wait_asked(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    wait = exc.wait if isinstance(exc, _WaitAndRetry) else None
    return MAX_WAIT if wait is None else wait


def github_get(ctx: FetchContext, url: str) -> tuple[Any, requests.Response]:
    """GET a GitHub JSON document; on a secondary rate limit wait (≤ MAX_WAIT) and retry ONCE, then give up.

    The retry is tenacity's (two attempts at most, waiting what ``retry-after`` asked); rate limits it may not wait
    out raise ``RateLimited`` at once.
    """
    tries = 0

    def attempt() -> requests.Response:
        nonlocal tries
        tries += 1
        try:
            response = ctx.http().get(url, headers=headers_for(ctx), timeout=ctx.timeout)
        except requests.RequestException as exc:
            raise SourceUnavailable(SOURCE, f"GET {url} {describe_request_error(exc)}") from exc
        limited = limit_kind(response)
        if limited is not None:
            kind, wait = limited
            if kind == "secondary" and tries == 1 and (wait is None or wait <= MAX_WAIT):
                raise _WaitAndRetry(wait, response.status_code)
            raise RateLimited(SOURCE, describe_limit(kind, wait, response.status_code, bool(ctx.token), tries > 1))
        return response

    retrying = Retrying(stop=stop_after_attempt(2), wait=_wait_asked, retry=retry_if_exception_type(_WaitAndRetry),
                        sleep=ctx.sleep, reraise=True)
    response = retrying(attempt)  # the second attempt never raises _WaitAndRetry (tries > 1)
    if response.status_code != 200:
        hint = " (not found)" if response.status_code == 404 else (" (server error)"
                                                                  if response.status_code >= 500 else "")
        raise SourceUnavailable(SOURCE, f"GET {url} answered HTTP {response.status_code}{hint}")
    if len(response.content) > MAX_BYTES:
        raise SourceUnavailable(SOURCE, f"GET {url} answered over {MAX_BYTES} bytes (the cap)")
    try:
        return json.loads(response.content), response
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceUnavailable(SOURCE, f"GET {url} returned a malformed JSON body ({exc})") from exc
