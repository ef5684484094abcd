"""Papers with Code archive fetcher: streamed download (cap, checksum, progress) and the quarterly share."""

from __future__ import annotations

import hashlib
import io
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext
from faceoff.popularity.sources.pwc import (
    COLUMNS,
    DOWNLOAD_URL,
    PapersWithCode,
    arxiv_month,
    compute_share,
    framework_group,
)

LINKS = [
    # paper, arXiv id, repo, official, framework
    ("A", "1905.01234", "r1", True, "pytorch"),
    ("A", "1905.01234", "r2", False, "tf"),
    ("B", "1906.11111v2", "r3", True, "pytorch"),
    ("C", "2001.00001", "r4", True, "jax"),
    ("C", "2001.00001", "r5", False, "none"),
    ("D", None, "r6", True, "pytorch"),
    ("E", "hep-th/9901001", "r7", False, "torch"),
    ("F", "2002.12345", "r1", False, "pytorch"),
]


def links_table(rows=LINKS, drop: str | None = None) -> pa.Table:
    data = {
        "paper_url": [f"https://paperswithcode.com/paper/{p.lower()}" for p, *_ in rows],
        "paper_title": [f"Paper {p}" for p, *_ in rows],
        "paper_arxiv_id": [a for _, a, *_ in rows],
        "paper_url_abs": [f"https://arxiv.org/abs/{a}" if a else None for _, a, *_ in rows],
        "paper_url_pdf": [f"https://arxiv.org/pdf/{a}.pdf" if a else None for _, a, *_ in rows],
        "repo_url": [f"https://github.com/example/{r}" for _, _, r, *_ in rows],
        "is_official": [o for *_, o, _ in rows],
        "mentioned_in_paper": [False] * len(rows),
        "mentioned_in_github": [True] * len(rows),
        "framework": [f for *_, f in rows],
    }
    assert tuple(data) == COLUMNS
    if drop:
        data.pop(drop)
    return pa.table(data)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


@pytest.fixture
def progress_calls():
    return []


@pytest.fixture
def pwc_ctx(progress_calls):
    def make(**options):
        options.setdefault("pwc_url", DOWNLOAD_URL)  # a direct address: these tests skip the revision look-up
        return FetchContext(timeout=(1.0, 2.0), options=options, sleep=lambda s: None, rng=random.Random(1),
                            progress=lambda done, total: progress_calls.append((done, total)))
    return make


def share_of(frame, quarter, framework, basis="paper", scope="all"):
    row = frame[(frame["quarter"] == quarter) & (frame["framework"] == framework) & (frame["basis"] == basis)
                & (frame["scope"] == scope)]
    assert len(row) == 1, (quarter, framework, basis, scope)
    return row.iloc[0]["share"], row.iloc[0]["count"], row.iloc[0]["total"]


def test_arxiv_months():
    assert arxiv_month("1905.01234") == "2019-05"
    assert arxiv_month("2312.00001v3") == "2023-12"
    assert arxiv_month("hep-th/9901001") == "1999-01"
    assert arxiv_month("math.GT/0309136") == "2003-09"
    assert arxiv_month(None) is None and arxiv_month("") is None and arxiv_month("1913.00001") is None


def test_framework_mapping_keeps_lua_torch_apart():
    assert framework_group("pytorch") == "pytorch"
    assert framework_group("tf") == "tensorflow"
    assert framework_group("jax") == "jax"
    assert framework_group("torch") == "other", "Lua Torch is not PyTorch"
    assert framework_group("mxnet") == "other"
    assert framework_group("none") is None and framework_group(None) is None


def test_share_per_paper_all_links():
    frame, stats = compute_share(links_table().to_pandas())
    assert share_of(frame, "2019Q2", "pytorch") == (100.0, 2, 2)
    assert share_of(frame, "2019Q2", "tensorflow") == (50.0, 1, 2)
    assert share_of(frame, "2020Q1", "jax") == (50.0, 1, 2)
    assert share_of(frame, "1999Q1", "other") == (100.0, 1, 1)
    assert stats["undated_links"] == 1 and stats["undated_papers"] == 1
    assert stats["links_without_framework"] == 1 and stats["links"] == 8


def test_share_official_only():
    frame, _ = compute_share(links_table().to_pandas())
    assert share_of(frame, "2019Q2", "pytorch", scope="official") == (100.0, 2, 2)
    assert share_of(frame, "2019Q2", "tensorflow", scope="official") == (0.0, 0, 2)
    assert share_of(frame, "2020Q1", "jax", scope="official") == (100.0, 1, 1)
    official = frame[frame["scope"] == "official"]
    assert "1999Q1" not in set(official["quarter"])


def test_share_per_repository_uses_earliest_paper():
    frame, _ = compute_share(links_table().to_pandas())
    share, count, total = share_of(frame, "2019Q2", "pytorch", basis="repo")
    assert (count, total) == (2, 3) and share == pytest.approx(66.6667, abs=1e-3)
    assert share_of(frame, "2020Q1", "pytorch", basis="repo") == (0.0, 0, 1), "r1 counted once, in 2019Q2"


@responses.activate
def test_fetch_streams_records_checksum_and_reports_progress(pwc_ctx, progress_calls):
    body = parquet_bytes(links_table())
    responses.add("GET", DOWNLOAD_URL, body=body, status=200, content_type="application/octet-stream",
                  headers={"Content-Length": str(len(body)), "ETag": '"abc"'})
    fetched = PapersWithCode().fetch(pwc_ctx())
    params = fetched.provenance["parameters"]
    assert params["file_sha256"] == hashlib.sha256(body).hexdigest()
    assert params["bytes"] == len(body) and params["etag"] == '"abc"'
    assert "CC-BY-SA-4.0" in fetched.provenance["licence"] and fetched.provenance["attribution"]
    assert progress_calls and progress_calls[-1] == (len(body), len(body))
    assert list(fetched.frame.columns) == ["quarter", "framework", "basis", "scope", "count", "total", "share"]
    assert fetched.provenance["stats"]["undated_links"] == 1
    assert responses.calls[0].request.req_kwargs["stream"] is True
    assert responses.calls[0].request.req_kwargs["timeout"] == (1.0, 2.0)


@responses.activate
def test_checksum_mismatch(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=parquet_bytes(links_table()), status=200)
    with pytest.raises(SourceUnavailable, match="checksum mismatch"):
        PapersWithCode().fetch(pwc_ctx(pwc_sha256="0" * 64))


@pytest.mark.parametrize("status", [429, 500, 404])
@responses.activate
def test_http_errors(pwc_ctx, status):
    responses.add("GET", DOWNLOAD_URL, body="error", status=status)
    with pytest.raises(SourceUnavailable, match=f"HTTP {status}"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_timeout(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(SourceUnavailable, match="timed out"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_truncated_download_with_length(pwc_ctx):
    body = parquet_bytes(links_table())
    responses.add("GET", DOWNLOAD_URL, body=body[: len(body) // 2], status=200,
                  headers={"Content-Length": str(len(body))})
    with pytest.raises(SourceUnavailable, match=r"truncated|broke off"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_truncated_download_without_length_is_malformed_parquet(pwc_ctx):
    body = parquet_bytes(links_table())
    responses.add("GET", DOWNLOAD_URL, body=body[: len(body) // 2], status=200)
    with pytest.raises(SourceUnavailable, match="malformed or truncated parquet"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_not_a_parquet_file(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=b"<html>Moved</html>", status=200, content_type="text/html")
    with pytest.raises(SourceUnavailable, match="malformed"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_missing_column(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=parquet_bytes(links_table(drop="framework")), status=200)
    with pytest.raises(SourceUnavailable, match="missing column"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_size_cap_from_header(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=b"x" * 10, status=200, headers={"Content-Length": str(10**10)})
    with pytest.raises(SourceUnavailable, match="cap"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_size_cap_while_streaming(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=b"x" * 200_000, status=200)
    with pytest.raises(SourceUnavailable, match="cap"):
        PapersWithCode().fetch(pwc_ctx(pwc_max_bytes=100_000))


@responses.activate
def test_empty_result(pwc_ctx):
    responses.add("GET", DOWNLOAD_URL, body=parquet_bytes(links_table(rows=[])), status=200)
    with pytest.raises(SourceUnavailable, match="empty"):
        PapersWithCode().fetch(pwc_ctx())


@responses.activate
def test_no_detected_framework_is_empty(pwc_ctx):
    rows = [("A", "1905.01234", "r1", True, "none")]
    responses.add("GET", DOWNLOAD_URL, body=parquet_bytes(links_table(rows=rows)), status=200)
    with pytest.raises(SourceUnavailable, match="empty result"):
        PapersWithCode().fetch(pwc_ctx())
