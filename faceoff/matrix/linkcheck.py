"""Does each cited address still answer? HEAD (GET where HEAD is refused), a few hosts at a time, politely, cached."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import requests

from faceoff.io import atomic_write_text
from faceoff.matrix.rubric import host_of

USER_AGENT = "faceoff-check/0.1 (weekly check that the sources cited by the Faceoff dashboard still answer)"
TIMEOUT = (5.0, 15.0)  # (connect, read) seconds
WORKERS = 8  # hosts checked at once
HOST_DELAY = 1.0  # seconds between two requests to the same host
HEAD_REFUSED = (400, 403, 405, 501)  # servers that refuse or mishandle HEAD often answer GET
BLOCKED = (401, 403, 429)  # the site answers but refuses automated requests: not evidence the page is gone
PROBLEMS = ("broken", "timeout", "unreachable", "error")


@dataclass(frozen=True)
class LinkResult:
    """One address's answer: ok, redirected (moved), blocked (cannot tell), or a problem (``PROBLEMS``)."""

    url: str
    status: str
    code: int | None = None
    final_url: str | None = None
    detail: str = ""
    checked_at: str = ""
    cached: bool = False

    @property
    def problem(self) -> bool:
        return self.status in PROBLEMS

    def cacheable(self) -> bool:
        """Settled answers are reused; timeouts, refusals, rate limits and server errors are asked again."""
        if self.status in ("ok", "redirected"):
            return True
        return self.status in ("broken", "blocked") and self.code is not None and self.code < 500 and self.code != 429


def _same_address(a: str, b: str) -> bool:
    def norm(u: str) -> str:
        return u.split("#", 1)[0].rstrip("/")

    return norm(a) == norm(b)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def check_url(url: str, session: requests.Session, timeout: tuple[float, float] = TIMEOUT,
              now: Callable[[], dt.datetime] | None = None) -> LinkResult:
    """Ask one address (HEAD, then GET when HEAD is refused), following redirects; never raises."""
    stamp = (now or (lambda: dt.datetime.now(dt.UTC)))().isoformat(timespec="seconds")
    headers = {"User-Agent": USER_AGENT}
    try:
        resp = session.head(url, allow_redirects=True, timeout=timeout, headers=headers)
        if resp.status_code in HEAD_REFUSED:
            resp.close()
            resp = session.get(url, allow_redirects=True, timeout=timeout, headers=headers, stream=True)
        resp.close()
    except requests.Timeout as exc:
        return LinkResult(url, "timeout", detail=_describe(exc), checked_at=stamp)
    except requests.exceptions.SSLError as exc:
        return LinkResult(url, "error", detail=_describe(exc), checked_at=stamp)
    except requests.ConnectionError as exc:
        # DNS failure or refused connection: the host does not answer at all
        return LinkResult(url, "unreachable", detail=_describe(exc), checked_at=stamp)
    except requests.RequestException as exc:
        return LinkResult(url, "error", detail=_describe(exc), checked_at=stamp)
    code = resp.status_code
    final = resp.url or url
    if code in BLOCKED:
        return LinkResult(url, "blocked", code, detail="the site refuses automated requests; check by hand",
                          checked_at=stamp)
    if code >= 400:
        return LinkResult(url, "broken", code, detail=resp.reason or "", checked_at=stamp)
    if not _same_address(final, url):
        return LinkResult(url, "redirected", code, final_url=final, detail="update the address", checked_at=stamp)
    return LinkResult(url, "ok", code, checked_at=stamp)


@dataclass(frozen=True)
class HostOutcome:
    host: str
    results: list[LinkResult]
    first: LinkResult | None  # the host's first request made now (None when everything came from the cache)


def check_host(host: str, urls: list[str], session_factory: Callable[[], requests.Session], *,
               delay: float = HOST_DELAY, sleep: Callable[[float], None] = time.sleep,
               timeout: tuple[float, float] = TIMEOUT, now: Callable[[], dt.datetime] | None = None) -> HostOutcome:
    """One host's addresses, one at a time with ``delay`` between them; a host that does not answer its first
    request is not asked again (its other addresses share that answer)."""
    session = session_factory()
    results: list[LinkResult] = []
    first: LinkResult | None = None
    try:
        for i, url in enumerate(urls):
            if i:
                sleep(delay)
            result = check_url(url, session, timeout, now)
            results.append(result)
            if first is None:
                first = result
                if result.status == "unreachable":
                    results += [replace(result, url=u, detail="host did not answer: " + result.detail)
                                for u in urls[1:]]
                    break
    finally:
        session.close()
    return HostOutcome(host, results, first)


class LinkCache:
    """Recent answers kept in a JSON file (under a git-ignored folder) so a re-run skips fresh results."""

    def __init__(self, path: Path | None, max_age_hours: float, now: Callable[[], dt.datetime]):
        self.path = path
        self.max_age = dt.timedelta(hours=max_age_hours)
        self.now = now
        self.entries: dict[str, dict[str, Any]] = {}
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {k: v for k, v in raw.get("results", {}).items() if isinstance(v, dict)}
            except (OSError, ValueError, AttributeError):
                self.entries = {}  # an unreadable cache is only a slower run

    def fresh(self, url: str) -> LinkResult | None:
        entry = self.entries.get(url)
        if not entry:
            return None
        try:
            when = dt.datetime.fromisoformat(entry["checked_at"])
            code, final_url = entry.get("code"), entry.get("final_url")
            result = LinkResult(url=str(entry["url"]), status=str(entry["status"]),
                                code=code if isinstance(code, int) else None,
                                final_url=final_url if isinstance(final_url, str) else None,
                                detail=str(entry.get("detail") or ""), checked_at=str(entry["checked_at"]))
        except (KeyError, TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        if self.now() - when > self.max_age or not result.cacheable():
            return None
        return replace(result, cached=True)

    def save(self, results: Iterable[LinkResult]) -> None:
        if self.path is None:
            return
        for r in results:
            if r.cacheable() and not r.cached:
                self.entries[r.url] = {k: v for k, v in asdict(r).items() if k != "cached"}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps({"version": 1, "results": self.entries}, indent=1, sort_keys=True))


@dataclass(frozen=True)
class LinkReport:
    results: list[LinkResult]
    requested_hosts: int  # hosts asked now
    unreachable_first: int  # of those, hosts whose first request found no host (DNS failure, refused)

    @property
    def no_network(self) -> bool:
        return self.requested_hosts > 0 and self.unreachable_first == self.requested_hosts


def check_links(urls: Iterable[str], *, cache: LinkCache | None = None, workers: int = WORKERS,
                delay: float = HOST_DELAY, session_factory: Callable[[], requests.Session] = requests.Session,
                sleep: Callable[[float], None] = time.sleep, timeout: tuple[float, float] = TIMEOUT,
                now: Callable[[], dt.datetime] | None = None) -> LinkReport:
    """Check every address (fresh cached answers reused), at most ``workers`` hosts at a time."""
    results: dict[str, LinkResult] = {}
    by_host: dict[str, list[str]] = {}
    for url in dict.fromkeys(urls):
        hit = cache.fresh(url) if cache is not None else None
        if hit is not None:
            results[url] = hit
        else:
            by_host.setdefault(host_of(url), []).append(url)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(
            lambda item: check_host(item[0], item[1], session_factory, delay=delay, sleep=sleep, timeout=timeout,
                                    now=now),
            by_host.items()))
    for outcome in outcomes:
        for r in outcome.results:
            results[r.url] = r
    unreachable = sum(1 for o in outcomes if o.first is not None and o.first.status == "unreachable")
    report = LinkReport([results[u] for u in dict.fromkeys(urls)], len(outcomes), unreachable)
    if cache is not None and not report.no_network:
        cache.save(report.results)
    return report
