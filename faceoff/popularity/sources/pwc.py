"""Papers with Code (archived dump): quarterly share of paper implementations by framework, from the links file."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import (
    USER_AGENT,
    FetchContext,
    Fetched,
    describe_request_error,
    replace_all,
    status_hint,
)
from faceoff.popularity.sources.pwc_pin import (
    check_pins,
    drop_thin_quarters,
    redirect_info,
    resolve_revision,
    resolve_url,
    unknown_labels,
)

SOURCE = "Papers with Code archive"
DATASET_URL = "https://huggingface.co/datasets/pwc-archive/links-between-paper-and-code"
DOWNLOAD_URL = DATASET_URL + "/resolve/main/data/train-00000-of-00001.parquet"
MAX_BYTES = 200 * 1024 * 1024  # the file is about 41 MB; anything far bigger is not the file we expect
CHUNK = 1 << 16
COLUMNS = ("paper_url", "paper_title", "paper_arxiv_id", "paper_url_abs", "paper_url_pdf", "repo_url", "is_official",
           "mentioned_in_paper", "mentioned_in_github", "framework")
NEEDED = ("paper_url", "paper_arxiv_id", "repo_url", "is_official", "framework")
# PwC's labels -> Faceoff ids. "torch" is Lua Torch, not PyTorch; "none" means no framework was detected.
FRAMEWORK_MAP = {"pytorch": "pytorch", "tf": "tensorflow", "tensorflow": "tensorflow", "jax": "jax"}
UNDETECTED = {"", "none", "nan", "null"}
GROUPS = ("pytorch", "tensorflow", "jax", "other")
NEW_ARXIV = re.compile(r"^(?:arxiv:)?(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$", re.IGNORECASE)
OLD_ARXIV = re.compile(r"^[a-z-]+(?:\.[a-z]{2})?/(\d{2})(\d{2})\d{3}(?:v\d+)?$", re.IGNORECASE)
LICENCE = "CC-BY-SA-4.0 (Papers with Code data, archived by pwc-archive on Hugging Face)"
ATTRIBUTION = ("Derived from Papers with Code's links between papers and code (CC-BY-SA-4.0), archived at "
               "huggingface.co/datasets/pwc-archive/links-between-paper-and-code; this derived series is CC-BY-SA-4.0.")


def arxiv_month(arxiv_id: Any) -> str | None:
    """``YYYY-MM`` encoded in an arXiv id (new ``YYMM.NNNNN`` or old ``archive/YYMMNNN`` style), else None."""
    if not isinstance(arxiv_id, str):
        return None
    text = arxiv_id.strip()
    match = NEW_ARXIV.match(text)
    if match:
        year, month = 2000 + int(match.group(1)), int(match.group(2))
    else:
        match = OLD_ARXIV.match(text)
        if not match:
            return None
        yy, month = int(match.group(1)), int(match.group(2))
        year = 1900 + yy if yy >= 91 else 2000 + yy
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


def quarter_of(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}Q{(int(mon) - 1) // 3 + 1}"


def framework_group(label: Any) -> str | None:
    text = str(label).strip().lower() if label is not None else ""
    if text in UNDETECTED:
        return None
    return FRAMEWORK_MAP.get(text, "other")


def _official(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) if value is not None and value == value else False


def prepare_links(links: pd.DataFrame) -> pd.DataFrame:
    """Add ``month``, ``quarter``, ``group`` (framework id or None) and a boolean ``official`` to the raw links."""
    out = links[list(NEEDED)].copy()
    out["month"] = out["paper_arxiv_id"].map(arxiv_month)
    out["quarter"] = out["month"].map(lambda m: quarter_of(m) if isinstance(m, str) else None)
    out["group"] = out["framework"].map(framework_group)
    out["official"] = out["is_official"].map(_official)
    return out


def _shares(units: pd.DataFrame, basis: str, scope: str) -> list[dict[str, Any]]:
    """``units`` has one row per (unit, group) with a quarter; shares are of units with a detected framework."""
    rows: list[dict[str, Any]] = []
    totals = units.groupby("quarter")["unit"].nunique()
    counts = units.groupby(["quarter", "group"])["unit"].nunique()
    for quarter in sorted(totals.index):
        total = int(totals[quarter])
        for group in GROUPS:
            count = int(counts.get((quarter, group), 0))
            rows.append({"quarter": quarter, "framework": group, "basis": basis, "scope": scope, "count": count,
                         "total": total, "share": round(100.0 * count / total, 4)})
    return rows


def compute_share(links: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Quarterly share by framework for each counting basis (paper, repo) and scope (all, official).

    Per paper: a paper counts for every framework among its implementations (shares can sum past 100 %).
    Per repository: each repository once, with its own framework, in the quarter of its earliest dated paper.
    Links without an arXiv id that encodes a month are undated: counted in ``stats``, never placed in a quarter.
    """
    prepared = prepare_links(links)
    stats: dict[str, Any] = {
        "links": len(prepared),
        "papers": int(prepared["paper_url"].nunique()),
        "repositories": int(prepared["repo_url"].nunique()),
        "undated_links": int(prepared["month"].isna().sum()),
        "undated_papers": int(prepared.loc[prepared["month"].isna(), "paper_url"].nunique()),
        "links_without_framework": int(prepared["group"].isna().sum()),
        "official_links": int(prepared["official"].sum()),
        "framework_values": {str(k): int(v) for k, v in
                             prepared["framework"].astype(str).value_counts().head(25).items()},
    }
    rows: list[dict[str, Any]] = []
    for scope in ("all", "official"):
        part = prepared if scope == "all" else prepared[prepared["official"]]
        part = part[part["group"].notna()]
        dated = part[part["quarter"].notna()]
        papers = dated[["paper_url", "group", "quarter"]].rename(columns={"paper_url": "unit"}).drop_duplicates()
        rows += _shares(papers, "paper", scope)
        repo_first = part.sort_values("month", na_position="last").drop_duplicates("repo_url", keep="first")
        repo_first = repo_first[repo_first["quarter"].notna()]
        repos = repo_first[["repo_url", "group", "quarter"]].rename(columns={"repo_url": "unit"})
        rows += _shares(repos, "repo", scope)
    frame = pd.DataFrame(rows, columns=["quarter", "framework", "basis", "scope", "count", "total", "share"])
    if frame.empty:
        raise SourceUnavailable(SOURCE, "empty result: no dated link with a detected framework")
    frame = frame.sort_values(["basis", "scope", "quarter", "framework"], kind="stable").reset_index(drop=True)
    months = prepared["month"].dropna()
    stats["first_month"], stats["last_month"] = (months.min(), months.max()) if len(months) else (None, None)
    stats["last_quarter_may_be_partial"] = quarter_of(months.max()) if len(months) else None
    return frame, stats


def download(ctx: FetchContext, url: str, target: Path, max_bytes: int) -> dict[str, Any]:
    """Stream ``url`` into ``target`` under a size cap, reporting progress; returns size, sha256 and headers."""
    session = ctx.http()
    try:
        response = session.get(url, stream=True, timeout=ctx.timeout, headers={"User-Agent": USER_AGENT},
                               allow_redirects=True)
    except requests.RequestException as exc:
        raise SourceUnavailable(SOURCE, f"GET {url} {describe_request_error(exc)}") from exc
    with response:
        if response.status_code != 200:
            raise SourceUnavailable(SOURCE, f"GET {url} answered HTTP {response.status_code}{status_hint(response)}")
        length_header = response.headers.get("Content-Length")
        expected = int(length_header) if length_header and length_header.isdigit() else None
        if expected is not None and expected > max_bytes:
            raise SourceUnavailable(SOURCE, f"file is {expected} bytes, over the {max_bytes}-byte cap")
        digest = hashlib.sha256()
        size = 0
        try:
            with open(target, "wb") as handle:
                for chunk in response.iter_content(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise SourceUnavailable(SOURCE, f"download passed the {max_bytes}-byte cap; aborted")
                    digest.update(chunk)
                    handle.write(chunk)
                    if ctx.progress:
                        ctx.progress(size, expected)
        except requests.RequestException as exc:
            raise SourceUnavailable(SOURCE, f"download of {url} broke off after {size} bytes "
                                            f"({describe_request_error(exc)})") from exc
        if expected is not None and size != expected:
            raise SourceUnavailable(SOURCE, f"truncated download: {size} of {expected} bytes")
        if size == 0:
            raise SourceUnavailable(SOURCE, "empty download")
        return {"bytes": size, "sha256": digest.hexdigest(), "etag": response.headers.get("ETag"),
                "last_modified": response.headers.get("Last-Modified"), **redirect_info(response)}


def read_links(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        missing = [c for c in NEEDED if c not in schema.names]
        if missing:
            raise SourceUnavailable(SOURCE, f"malformed file: missing column(s) {', '.join(missing)}")
        return pq.read_table(path, columns=list(NEEDED)).to_pandas()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SourceUnavailable(SOURCE, f"malformed or truncated parquet file ({type(exc).__name__}: "
                                        f"{str(exc)[:160]})") from exc


class PapersWithCode:
    """Refreshes ``popularity-pwc-share`` from the archived links dump (the series is recomputed as a whole)."""

    name = "pwc"
    title = "Papers with Code archive"
    dataset_id = "popularity-pwc-share"
    needs_frameworks = False
    merge = staticmethod(replace_all)

    def fetch(self, ctx: FetchContext) -> Fetched:
        max_bytes = int(ctx.options.get("pwc_max_bytes", MAX_BYTES))
        hub = None
        url = ctx.options.get("pwc_url")
        if not url:  # the pinned revision (or main), resolved to a commit, so the file read is known exactly
            hub = resolve_revision(ctx, str(ctx.options.get("pwc_revision") or "main"))
            url = resolve_url(hub["commit"])
        with tempfile.TemporaryDirectory(prefix="faceoff-pwc-") as folder:
            target = Path(folder) / "links.parquet"
            info = download(ctx, str(url), target, max_bytes)
            checked = check_pins(info, ctx.options.get("pwc_sha256"), hub)
            links = read_links(target)
        if links.empty:
            raise SourceUnavailable(SOURCE, "empty result: the links file has no rows")
        frame, stats = compute_share(links)
        frame, dropped = drop_thin_quarters(frame, ctx.options.get("pwc_min_papers"))
        if frame.empty:
            raise SourceUnavailable(SOURCE, "empty result: every quarter has fewer papers than the minimum")
        unknown = unknown_labels(links, ctx.options.get("pwc_known_labels"))
        notes = [f"unknown framework label {label!r} on {n} link(s), counted as other: check the label list in "
                 "data/popularity/live_sources.yaml" for label, n in unknown.items()]
        stats.update({"dropped_quarters": dropped, "min_papers_per_quarter": ctx.options.get("pwc_min_papers"),
                      "unknown_labels": unknown})
        now = ctx.current_time()
        commit = info.get("x_repo_commit") or (hub or {}).get("commit")
        provenance = {
            "source": "Papers with Code: links between papers and code (final dump, archived by pwc-archive)",
            "url": DATASET_URL,
            "retrieved": now.date().isoformat(),
            "fetched_at": now.replace(microsecond=0).isoformat(),
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "method": "Quarter = the month encoded in the paper's arXiv id (not the repository creation date PwC's "
                      "own chart used). Share = units with the framework / units with any detected framework. "
                      "Per paper, a paper counts for each framework it has an implementation in; per repository, "
                      "each repository once. 'torch' (Lua) and other frameworks count as other; 'none' is excluded. "
                      "Quarters with fewer papers than the minimum in data/popularity/live_sources.yaml are dropped "
                      "(listed under stats.dropped_quarters).",
            "parameters": {"download_url": url, "revision": ctx.options.get("pwc_revision") or "main",
                           "commit": commit, "bytes": info["bytes"], "file_sha256": info["sha256"],
                           "checked_against": checked, "etag": info["etag"],
                           "x_linked_etag": info.get("x_linked_etag"), "cdn_host": info.get("cdn_host"),
                           "last_modified": info["last_modified"], "bases": ["paper", "repo"],
                           "scopes": ["all", "official"]},
            "stats": stats,
        }
        return Fetched(frame, provenance, notes)
