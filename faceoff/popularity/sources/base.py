"""The one small interface every popularity source implements, plus shared HTTP, backoff and error plumbing."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import pandas as pd
import requests
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from faceoff.errors import SourceUnavailable
from faceoff.matrix import Framework

T = TypeVar("T")

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
USER_AGENT = "faceoff-refresh/0.1 (snapshot refresh of public statistics)"


@dataclass(frozen=True)
class FetchContext:
    """Everything a fetch may use; tests replace ``sleep`` and ``session`` and pass fixture frameworks."""

    frameworks: Sequence[Framework] = ()
    session: requests.Session | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    token: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    progress: Callable[[int, int | None], None] | None = None
    now: Callable[[], dt.datetime] | None = None

    def http(self) -> requests.Session:
        return self.session or requests.Session()

    def current_time(self) -> dt.datetime:
        from faceoff import clock

        return (self.now or clock.now)()


@dataclass(frozen=True)
class Fetched:
    """A fetch result: the new rows in the snapshot's schema and the provenance fields to record with them."""

    frame: pd.DataFrame
    provenance: dict[str, Any]
    notes: list[str] = field(default_factory=list)


class Source(Protocol):
    """A remote popularity source that refreshes one snapshot dataset."""

    name: str  # the command-line name: ``python -m faceoff refresh NAME``
    title: str
    dataset_id: str

    def fetch(self, ctx: FetchContext) -> Fetched: ...

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame: ...


def replace_all(existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
    """Default merge: the fetched frame is the whole new snapshot."""
    return fetched.frame


class JitteredBackoff:
    """A tenacity wait strategy: full-jitter exponential backoff with an injectable random source.

    Before retry k (k = 0, 1, ...) it waits uniform(0, min(cap, base * 2**k)), never under ``floor``. Tenacity's own
    ``wait_random_exponential`` draws from the global ``random`` module; tests need a seeded ``rng``.
    """

    def __init__(self, base: float, cap: float, rng: random.Random, floor: float = 0.0):
        self.base, self.cap, self.rng, self.floor = base, cap, rng, floor

    def delay(self, retry: int) -> float:
        return max(self.floor, self.rng.uniform(0, min(self.cap, self.base * 2**retry)))

    def __call__(self, state: RetryCallState) -> float:
        return self.delay(state.attempt_number - 1)


def backoff_delays(attempts: int, base: float, cap: float, rng: random.Random, floor: float = 0.0) -> list[float]:
    """The waits ``with_backoff`` would make between ``attempts`` tries (for display and tests)."""
    wait = JitteredBackoff(base, cap, rng, floor)
    return [wait.delay(k) for k in range(max(attempts - 1, 0))]


def with_backoff(call: Callable[[], T], *, retry_on: tuple[type[BaseException], ...], attempts: int, base: float,
                 cap: float, sleep: Callable[[float], None], rng: random.Random, floor: float = 0.0) -> T:
    """Call ``call``; on a retryable error wait (bounded, jittered) and try again, at most ``attempts`` times.

    The retry loop is tenacity's; after the last attempt the last error is raised as it was (``reraise``).
    """
    retrying = Retrying(stop=stop_after_attempt(max(attempts, 1)), wait=JitteredBackoff(base, cap, rng, floor),
                        retry=retry_if_exception_type(retry_on), sleep=sleep, reraise=True)
    return retrying(call)


# urllib3 errors whose message names the host and the reason; their own causes say less.
TELLING_ERRORS = {"NameResolutionError", "NewConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "SSLError"}


def root_cause(exc: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, without object addresses: what a reader can act on."""
    inner: BaseException = exc
    seen: set[int] = set()
    while id(inner) not in seen and type(inner).__name__ not in TELLING_ERRORS:
        seen.add(id(inner))
        nxt = getattr(inner, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else inner.__cause__
        if not isinstance(nxt, BaseException):
            break
        inner = nxt
    text = re.sub(r"<[^>]+>:\s*", "", str(inner)).strip()
    return f"{type(inner).__name__}: {text[:200]}" if text else type(inner).__name__


def is_dns_failure(exc: BaseException) -> bool:
    """The host name did not resolve: the network (or its DNS) is down here, so retrying soon cannot help."""
    return root_cause(exc).startswith("NameResolutionError") or "Name or service not known" in str(exc) \
        or "nodename nor servname" in str(exc) or "Temporary failure in name resolution" in str(exc)


def describe_request_error(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return f"timed out ({root_cause(exc)})"
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect ({root_cause(exc)})"
    return root_cause(exc)


MAX_JSON_BYTES = 1 << 20  # a repository or package summary is a few kB; anything near this is not the API


def get_json(session: requests.Session, url: str, source: str, timeout: tuple[float, float],
             headers: dict[str, str] | None = None) -> Any:
    """GET a JSON document; any transport error, non-200 status or bad JSON raises SourceUnavailable."""
    try:
        response = session.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT, **(headers or {})},
                               stream=True)
        if response.status_code != 200:
            raise SourceUnavailable(source, f"GET {url} answered HTTP {response.status_code}{status_hint(response)}")
        chunks, size = [], 0
        for chunk in response.iter_content(1 << 16):
            size += len(chunk)
            if size > MAX_JSON_BYTES:
                raise SourceUnavailable(source, f"GET {url} answered over {MAX_JSON_BYTES} bytes (the cap)")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise SourceUnavailable(source, f"GET {url} {describe_request_error(exc)}") from exc
    try:
        return json.loads(b"".join(chunks))
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        raise SourceUnavailable(source, f"GET {url} returned a malformed JSON body ({exc})") from exc


def status_hint(response: requests.Response) -> str:
    status = response.status_code
    if status == 429:
        after = response.headers.get("Retry-After")
        reset = re.search(r";\s*t\s*=\s*(\d+)", response.headers.get("RateLimit", ""))  # IETF draft (Hugging Face)
        after = after or (reset.group(1) if reset else None)
        return " (rate limited" + (f"; retry after {after} s)" if after else ")")
    if status == 403 and response.headers.get("X-RateLimit-Remaining") == "0":
        return " (rate limit exhausted; set GITHUB_TOKEN)"
    if status == 404:
        return " (not found)"
    if status >= 500:
        return " (server error)"
    return ""


def require(value: Any, kind: type | tuple[type, ...], source: str, what: str) -> Any:
    """Check a field of a payload; a missing or wrongly typed one is a malformed payload."""
    if isinstance(value, bool) or not isinstance(value, kind):
        raise SourceUnavailable(source, f"malformed payload: {what} is {type(value).__name__}, not {kind}")
    return value


def today_iso(ctx: FetchContext) -> str:
    return ctx.current_time().date().isoformat()
