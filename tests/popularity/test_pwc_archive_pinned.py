"""The Papers with Code archive, pinned (fixtures/http/popularity/pwc_archive): revision API → commit and sha256,
the resolve 302 followed to the CDN, checksums checked, thin quarters dropped, unknown labels reported."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
import requests
import responses

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext
from faceoff.popularity.sources.pwc import PapersWithCode
from faceoff.popularity.sources.pwc_pin import resolve_url, revision_url
from tests.popularity.conftest import HTTP, add_recorded, recorded

ARCHIVE = HTTP / "pwc_archive"
COMMIT = "8c1e5d0f2b7a4c9e6d3f1a0b5c8e7d2f4a6b9c1e"
SHA = "fea615d35740cb7b83c4f4f2a7487e43b91a6ca1ec40845f002711d7d8e146f6"
KNOWN = ["pytorch", "tf", "tensorflow", "jax", "torch", "none"]


def cdn_url() -> str:
    _, headers, _ = recorded("pwc_archive", "resolve_302")
    return headers["Location"]


def archive_ctx(**options) -> FetchContext:
    options = {"pwc_min_papers": 5, "pwc_known_labels": KNOWN, **options}
    return FetchContext(timeout=(1.0, 2.0), options=options, sleep=lambda s: None, rng=random.Random(1))


def add_archive(rsps, revision: str = "main", cdn: str = "cdn_200") -> None:
    add_recorded(rsps, "GET", revision_url(revision), "pwc_archive", "dataset_revision_main")
    add_recorded(rsps, "GET", resolve_url(COMMIT), "pwc_archive", "resolve_302")
    add_recorded(rsps, "GET", cdn_url(), "pwc_archive", cdn, body="links_sample.parquet")


def test_the_fixture_file_is_what_the_recorded_answers_say():
    data = (ARCHIVE / "links_sample.parquet").read_bytes()
    revision = json.loads((ARCHIVE / "dataset_revision_main.json").read_text())
    lfs = next(s["lfs"] for s in revision["siblings"] if s["rfilename"].endswith(".parquet"))
    assert hashlib.sha256(data).hexdigest() == SHA == lfs["sha256"] and lfs["size"] == len(data)


@responses.activate
def test_resolves_the_revision_follows_the_redirect_and_records_the_pin():
    add_archive(responses)
    fetched = PapersWithCode().fetch(archive_ctx())
    urls = [c.request.url for c in responses.calls]
    assert urls == [revision_url("main"), resolve_url(COMMIT), cdn_url()], "revision → resolve/<commit> → CDN"
    params = fetched.provenance["parameters"]
    assert params["commit"] == COMMIT and params["file_sha256"] == SHA and params["revision"] == "main"
    assert params["x_linked_etag"] == SHA and params["cdn_host"] == "us.aws.cdn.hf.co"
    assert params["checked_against"] == ["sha256 the Hub records (revision API)", "X-Linked-Etag of the redirect"]
    assert "X-Amz-Signature" not in json.dumps(fetched.provenance), "the expiring signed address is not stored"


@responses.activate
def test_thin_quarters_are_dropped_and_listed():
    add_archive(responses)
    fetched = PapersWithCode().fetch(archive_ctx())
    assert "2018Q4" not in set(fetched.frame["quarter"]), "two papers are too few to mean anything"
    assert fetched.provenance["stats"]["dropped_quarters"]["paper/all"] == {"2018Q4": 2}
    assert {"2019Q1", "2019Q2", "2019Q3", "2019Q4", "2020Q1"} <= set(fetched.frame["quarter"])


@responses.activate
def test_unknown_labels_are_reported_not_silently_merged():
    add_archive(responses)
    fetched = PapersWithCode().fetch(archive_ctx())
    assert fetched.provenance["stats"]["unknown_labels"] == {"mxnet": 2, "zzz-unknown-label": 1}
    assert any("'zzz-unknown-label'" in note for note in fetched.notes)


@responses.activate
def test_a_pinned_revision_and_sha_are_used_and_checked():
    add_archive(responses, revision=COMMIT)
    fetched = PapersWithCode().fetch(archive_ctx(pwc_revision=COMMIT, pwc_sha256=SHA))
    assert responses.calls[0].request.url == revision_url(COMMIT)
    assert fetched.provenance["parameters"]["checked_against"][0] == "pinned sha256 (live_sources.yaml)"


@responses.activate
def test_a_pinned_sha_that_does_not_match_fails():
    add_archive(responses)
    with pytest.raises(SourceUnavailable, match=r"checksum mismatch.*pinned sha256"):
        PapersWithCode().fetch(archive_ctx(pwc_sha256="0" * 64))


@responses.activate
def test_a_pinned_revision_that_is_gone_fails_clearly():
    add_recorded(responses, "GET", revision_url(COMMIT), "pwc_archive", "revision_not_found")
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        PapersWithCode().fetch(archive_ctx(pwc_revision=COMMIT))


@responses.activate
def test_rate_limited_resolver():
    add_recorded(responses, "GET", revision_url("main"), "pwc_archive", "dataset_revision_main")
    add_recorded(responses, "GET", resolve_url(COMMIT), "pwc_archive", "resolve_429")
    with pytest.raises(SourceUnavailable, match=r"HTTP 429 \(rate limited; retry after 42 s\)"):
        PapersWithCode().fetch(archive_ctx())


@responses.activate
def test_truncated_cdn_download():
    add_recorded(responses, "GET", revision_url("main"), "pwc_archive", "dataset_revision_main")
    add_recorded(responses, "GET", resolve_url(COMMIT), "pwc_archive", "resolve_302")
    data = (ARCHIVE / "links_sample.parquet").read_bytes()
    responses.add("GET", cdn_url(), body=data[:1000], content_type="application/octet-stream",
                  auto_calculate_content_length=False, headers={"Content-Length": str(len(data))})
    with pytest.raises(SourceUnavailable, match=r"truncated|broke off"):
        PapersWithCode().fetch(archive_ctx())


@responses.activate
def test_malformed_revision_answer():
    responses.add("GET", revision_url("main"), json={"id": "x", "siblings": []})
    with pytest.raises(SourceUnavailable, match="no 40-hex 'sha'"):
        PapersWithCode().fetch(archive_ctx())


@responses.activate
def test_network_failure():
    responses.add("GET", revision_url("main"), body=requests.exceptions.ConnectionError("no route"))
    with pytest.raises(SourceUnavailable, match="could not connect"):
        PapersWithCode().fetch(archive_ctx())
