"""The Papers with Code archive, pinned: the dataset revision and file sha256 from the Hub, the CDN redirect's
headers, and the rules applied to the computed series (too-thin quarters dropped, unknown labels reported)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlparse

import pandas as pd
import requests

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext, get_json

SOURCE = "Papers with Code archive"
HUB = "https://huggingface.co"
DATASET = "pwc-archive/links-between-paper-and-code"
FILE = "data/train-00000-of-00001.parquet"
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def revision_url(revision: str, dataset: str = DATASET) -> str:
    return f"{HUB}/api/datasets/{dataset}/revision/{quote(revision, safe='')}?blobs=true"


def resolve_url(commit: str, dataset: str = DATASET, file: str = FILE) -> str:
    return f"{HUB}/datasets/{dataset}/resolve/{commit}/{file}"


def resolve_revision(ctx: FetchContext, revision: str, dataset: str = DATASET, file: str = FILE) -> dict[str, Any]:
    """The commit a revision points to, and the file's size and sha256 as the Hub records them (``blobs=true``)."""
    payload = get_json(ctx.http(), revision_url(revision, dataset), SOURCE, ctx.timeout,
                       {"Accept": "application/json"})
    if not isinstance(payload, dict) or not COMMIT.match(str(payload.get("sha", ""))):
        raise SourceUnavailable(SOURCE, f"malformed revision answer for {dataset}@{revision}: no 40-hex 'sha'")
    sibling = next((s for s in payload.get("siblings") or [] if isinstance(s, dict) and s.get("rfilename") == file),
                   None)
    if sibling is None:
        raise SourceUnavailable(SOURCE, f"{file} is not in {dataset}@{payload['sha'][:12]}")
    lfs_field = sibling.get("lfs")
    lfs: dict[str, Any] = lfs_field if isinstance(lfs_field, dict) else {}
    sha = str(lfs.get("sha256", ""))
    return {"commit": payload["sha"], "sha256": sha if re.fullmatch(r"[0-9a-f]{64}", sha) else None,
            "size": lfs.get("size", sibling.get("size")), "last_modified": payload.get("lastModified")}


def redirect_info(response: requests.Response) -> dict[str, Any]:
    """What the Hub said before sending us to the CDN: commit, declared sha256 and size, and the CDN's host.

    The signed CDN address itself expires and is never stored; the CDN's own ETag is not a sha256.
    """
    hop = next((r for r in response.history if r.status_code in (301, 302, 303, 307, 308)), None)
    headers = hop.headers if hop is not None else response.headers
    linked = (headers.get("X-Linked-Etag") or "").strip().removeprefix("W/").strip('"')
    return {"x_repo_commit": headers.get("X-Repo-Commit"),
            "x_linked_etag": linked if re.fullmatch(r"[0-9a-f]{64}", linked) else None,
            "x_linked_size": headers.get("X-Linked-Size"),
            "cdn_host": urlparse(response.url).netloc if hop is not None else None}


def check_pins(info: dict[str, Any], pinned_sha: str | None, hub: dict[str, Any] | None) -> list[str]:
    """Every sha256 and commit we were told must match what we downloaded; returns what was checked."""
    got = info["sha256"]
    checks = {"pinned sha256 (live_sources.yaml)": pinned_sha,
              "sha256 the Hub records (revision API)": (hub or {}).get("sha256"),
              "X-Linked-Etag of the redirect": info.get("x_linked_etag")}
    checked = []
    for what, expected in checks.items():
        if expected:
            if expected != got:
                raise SourceUnavailable(SOURCE, f"checksum mismatch: got {got}, {what} says {expected}")
            checked.append(what)
    commit = (hub or {}).get("commit")
    if commit and info.get("x_repo_commit") and info["x_repo_commit"] != commit:
        raise SourceUnavailable(SOURCE, f"the Hub served commit {info['x_repo_commit']}, not the pinned {commit}")
    return checked


def drop_thin_quarters(frame: pd.DataFrame, minimum: int | None) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """Remove quarters whose total (papers or repositories with a detected framework) is under ``minimum``."""
    if not minimum:
        return frame, {}
    thin = frame["total"] < minimum
    dropped: dict[str, dict[str, int]] = {}
    firsts = frame[thin].groupby(["basis", "scope", "quarter"])["total"].first()
    for (basis, scope, quarter), total in zip(firsts.index.to_list(), firsts.to_list(), strict=True):
        dropped.setdefault(f"{basis}/{scope}", {})[str(quarter)] = int(total)
    return frame[~thin].reset_index(drop=True), dropped


def unknown_labels(links: pd.DataFrame, known: list[str] | None) -> dict[str, int]:
    """Framework labels the data file uses that ``known_labels`` does not explain (counted as "other")."""
    if not known:
        return {}
    labels = links["framework"].map(lambda v: str(v).strip().lower() if v is not None and v == v else "")
    known_set = {k.lower() for k in known} | {""}
    counts = labels[~labels.isin(known_set)].value_counts()
    return {str(k): int(v) for k, v in counts.items()}
