"""``python -m faceoff check``: do the cited sources still answer, are the versions current, which cells are old?

Exit status: 0 all good, 1 problems found, 2 no network (every host's first request found no host: nothing checked).
Network only here, never in the app or the tests (they use recorded responses).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from faceoff import clock
from faceoff.errors import DataFileError
from faceoff.paths import ROOT, data_dir

STALE_DAYS = 180
CACHE_FILE = ROOT / ".cache" / "faceoff-check.json"  # .cache/ is git-ignored
CACHE_HOURS = 24.0
PYPI_JSON = "https://pypi.org/pypi/{package}/json"  # info.version is the latest release (PyPI's JSON API)


def cited_urls(data: Path) -> dict[str, list[str]]:
    """Every address the matrix, the claims check and the framework registry cite, with where each is cited."""
    from faceoff.matrix.claims import load_claims
    from faceoff.matrix.frameworks import load_frameworks
    from faceoff.matrix.loader import load_matrix

    where: dict[str, list[str]] = {}

    def add(url: str | None, place: str) -> None:
        if url:
            where.setdefault(url, [])
            if place not in where[url]:
                where[url].append(place)

    for fw in load_frameworks(data / "frameworks.yaml").value.frameworks:
        for s in fw.sources:
            add(s.url, f"frameworks {fw.id}")
        for r in fw.releases:
            add(r.source.url, f"frameworks {fw.id} {r.version}")
    for crit in load_matrix(data / "matrix").value.criteria:
        for fw_id, cell in crit.cells.items():
            for s in cell.sources:
                add(s.url, f"matrix {crit.id}/{fw_id}")
    claims = load_claims(data / "claims.yaml").value
    for art in claims.articles:
        add(art.url, f"claims article {art.id}")
    for claim in claims.claims:
        for s in claim.evidence:
            add(s.url, f"claims {claim.id}")
    return where


@dataclass(frozen=True)
class VersionResult:
    framework: str
    package: str
    ours: str
    pypi: str | None
    status: str  # ok | mismatch | unavailable (PyPI answered badly or slowly) | unreachable | error
    detail: str = ""


def _norm_version(v: str) -> str:
    return v.strip().removeprefix("v")


def check_versions(frameworks: list, session_factory: Callable, timeout=(5.0, 15.0)) -> list[VersionResult]:
    """Compare each framework's ``current_version`` with PyPI's latest release of its ``pypi_package``."""
    import requests

    from faceoff.matrix.linkcheck import USER_AGENT

    results: list[VersionResult] = []
    session = session_factory()
    try:
        for fw in frameworks:
            base = {"framework": fw.id, "package": fw.pypi_package, "ours": fw.current_version}
            if results and results[0].status == "unreachable":
                results.append(VersionResult(**base, pypi=None, status="unreachable", detail="PyPI did not answer"))
                continue
            try:
                resp = session.get(PYPI_JSON.format(package=fw.pypi_package), timeout=timeout,
                                   headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
                resp.raise_for_status()
                latest = str(resp.json()["info"]["version"])
            except requests.Timeout:
                results.append(VersionResult(**base, pypi=None, status="unavailable", detail="PyPI timed out"))
                continue
            except requests.ConnectionError as exc:
                status = "error" if isinstance(exc, requests.exceptions.SSLError) else "unreachable"
                results.append(VersionResult(**base, pypi=None, status=status, detail=str(exc)[:160]))
                continue
            except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
                results.append(VersionResult(**base, pypi=None, status="unavailable",
                                             detail=f"{type(exc).__name__}: {str(exc)[:160]}"))
                continue
            same = _norm_version(latest) == _norm_version(fw.current_version)
            results.append(VersionResult(**base, pypi=latest, status="ok" if same else "mismatch",
                                         detail="" if same else "update current_version (and releases) in "
                                                                "data/frameworks.yaml"))
    finally:
        session.close()
    return results


def stale_cells(matrix, today: dt.date, days: int = STALE_DAYS) -> list[dict[str, Any]]:
    """Cells whose ``as_of`` is more than ``days`` days before ``today``, oldest first."""
    rows = []
    for crit in matrix.criteria:
        for fw, cell in crit.cells.items():
            age = (today - cell.as_of).days
            if age > days:
                rows.append({"criterion": crit.id, "framework": fw, "as_of": cell.as_of.isoformat(), "days": age})
    return sorted(rows, key=lambda r: (-r["days"], r["criterion"], r["framework"]))


def run_check(data: Path, *, cache_path: Path | None = CACHE_FILE, cache_hours: float = CACHE_HOURS,
              workers: int = 8, delay: float = 1.0, stale_days: int = STALE_DAYS,
              session_factory: Callable | None = None, sleep: Callable[[float], None] = time.sleep,
              now: Callable[[], dt.datetime] | None = None) -> dict[str, Any]:
    """The whole check as a JSON-ready report; ``exit`` is the command's exit status."""
    import requests

    from faceoff.matrix.frameworks import load_frameworks
    from faceoff.matrix.linkcheck import LinkCache, check_links
    from faceoff.matrix.loader import load_matrix

    now = now or clock.now
    factory = session_factory or requests.Session
    where = cited_urls(data)
    cache = LinkCache(cache_path, cache_hours, now) if cache_path is not None else None
    links = check_links(list(where), cache=cache, workers=workers, delay=delay, session_factory=factory,
                        sleep=sleep, now=now)
    versions = check_versions(load_frameworks(data / "frameworks.yaml").value.frameworks, factory)
    stale = stale_cells(load_matrix(data / "matrix").value, now().date(), stale_days)
    # "first requests": each host's first request made now, and the first request to PyPI
    first = links.requested_hosts + (1 if versions else 0)
    unreachable = links.unreachable_first + (1 if versions and versions[0].status == "unreachable" else 0)
    no_network = first > 0 and unreachable == first

    def entry(r) -> dict[str, Any]:
        return {**{k: v for k, v in asdict(r).items() if k != "checked_at"}, "cited_in": where.get(r.url, [])}

    problems = [entry(r) for r in links.results if r.problem]
    version_problems = [asdict(v) for v in versions if v.status != "ok"]
    report = {
        "checked_at": now().isoformat(timespec="seconds"),
        "network": not no_network,
        "links": {
            "total": len(links.results),
            "from_cache": sum(1 for r in links.results if r.cached),
            "ok": sum(1 for r in links.results if r.status == "ok"),
            "problems": problems,
            "moved": [entry(r) for r in links.results if r.status == "redirected"],
            "unverified": [entry(r) for r in links.results if r.status == "blocked"],
        },
        "versions": [asdict(v) for v in versions],
        "stale_days": stale_days,
        "stale": stale,
    }
    if no_network:
        report["exit"] = 2
    else:
        report["exit"] = 1 if problems or version_problems or stale else 0
    return report


def format_report(report: dict[str, Any]) -> str:
    if not report["network"]:
        return "no network: nothing checked (every first request found no host; run it where the web is reachable)"
    links = report["links"]
    lines = [f"Source check, {report['checked_at']}",
             f"Links: {links['total']} cited ({links['from_cache']} fresh answers reused from the cache), "
             f"{links['ok']} answer, {len(links['moved'])} moved, {len(links['unverified'])} could not be verified, "
             f"{len(links['problems'])} problems"]
    for p in links["problems"]:
        code = p["code"] or ""
        lines.append(f"  {p['status'].upper():<12}{code!s:<5}{p['url']}  ({'; '.join(p['cited_in'])}) {p['detail']}")
    for p in links["moved"]:
        lines.append(f"  {'MOVED':<12}{p['code']!s:<5}{p['url']} -> {p['final_url']}  ({'; '.join(p['cited_in'])})")
    for p in links["unverified"]:
        lines.append(f"  {'UNVERIFIED':<12}{p['code']!s:<5}{p['url']}  ({p['detail']})")
    lines.append("Versions (frameworks.yaml current_version against PyPI):")
    for v in report["versions"]:
        pypi = v["pypi"] or "?"
        lines.append(f"  {v['status'].upper():<12}{v['framework']:<12}{v['package']}: ours {v['ours']}, PyPI {pypi}"
                     + (f"  ({v['detail']})" if v["detail"] else ""))
    lines.append(f"Cells older than {report['stale_days']} days: {len(report['stale'])}")
    for s in report["stale"]:
        lines.append(f"  {s['criterion']}/{s['framework']}: as of {s['as_of']} ({s['days']} days)")
    verdict = {0: "all good", 1: "problems found"}.get(report["exit"], "")
    lines.append(f"Result: {verdict}")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="with network: cited sources still answer, versions match PyPI, cells older than 180 days")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: ./data)")
    parser.add_argument("--cache", type=Path, default=CACHE_FILE, help=f"answer cache (default: {CACHE_FILE})")
    parser.add_argument("--no-cache", action="store_true", help="ask every address again and keep no cache")
    parser.add_argument("--max-age-hours", type=float, default=CACHE_HOURS,
                        help="reuse cached answers younger than this (default: 24)")
    parser.add_argument("--workers", type=int, default=8, help="hosts checked at once (default: 8)")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default: 1)")
    parser.add_argument("--stale-days", type=int, default=STALE_DAYS, help="age that makes a cell stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = run_check(args.data_dir or data_dir(), cache_path=None if args.no_cache else args.cache,
                           cache_hours=args.max_age_hours, workers=args.workers, delay=args.delay,
                           stale_days=args.stale_days)
    except DataFileError as exc:
        for problem in exc.problems:
            print(f"ERROR {problem}", file=sys.stderr)
        print("the data is invalid: run python -m faceoff validate first", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report))
    return int(report["exit"])
