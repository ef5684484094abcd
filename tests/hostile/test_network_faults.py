"""Network faults for every popularity source, through ``python -m faceoff refresh``: bounded time (sleeps are
recorded, never waited), a clear error naming the source and the cause, and the snapshot left byte-identical.

Every source ``faceoff.sources.all_sources()`` lists is covered; a new source needs its host added to ``HOSTS``.
"""

from __future__ import annotations

import io
import json
import random
import re
import time

import pytest
import requests
import responses

from faceoff.cli import build_parser
from faceoff.popularity import refresh
from faceoff.popularity.sources import all_sources
from faceoff.popularity.sources.base import FetchContext

HOSTS = {
    "trends": r"https://trends\.google\.com/.*",
    "pwc": r"https://huggingface\.co/.*",
    "github": r"https://api\.github\.com/.*",
    "pypi": r"https://pypistats\.org/.*",
    "pwc-catalogue": r"https://paperswithcode\.co/.*",
    "clickhouse": r"https://sql-clickhouse\.clickhouse\.com/.*",
    "hf-models": r"https://huggingface\.co/.*",
}
SOURCES = list(all_sources())
WALL_LIMIT_S = 20  # generous on a loaded 2-core machine; a real wait would be minutes
SLEEP_LIMIT_S = 300  # total backoff the refresh may ask for, all attempts together
SMALL_CAP = 64 * 1024  # the download cap the test gives the bulk-file source


class ResettingStream(io.RawIOBase):
    """A response body that sends some bytes, then the peer resets the connection."""

    def __init__(self, first: bytes):
        self.first = first

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.first:
            n = min(len(buffer), len(self.first))
            buffer[:n], self.first = self.first[:n], self.first[n:]
            return n
        raise ConnectionResetError(104, "Connection reset by peer")


def huge_json() -> str:
    """About 5 MB of valid JSON: hundreds of times what any of these endpoints answers."""
    return json.dumps({"padding": ["x" * 1000] * 5000, "stargazers_count": 1, "data": {"last_month": 1}})


FAULTS = {
    "read-timeout": ({"body": requests.exceptions.ReadTimeout("read timed out")}, ("timed out", "timeout")),
    "connect-timeout": ({"body": requests.exceptions.ConnectTimeout("connect timed out")}, ("timed out", "timeout")),
    "429": ({"status": 429, "body": "Too Many Requests"}, ("429",)),
    "429-retry-after": ({"status": 429, "body": "slow down", "headers": {"Retry-After": "3600"}}, ("429",)),
    "500": ({"status": 500, "body": "oops"}, ("500",)),
    "503": ({"status": 503, "body": "unavailable"}, ("503",)),
    "reset-mid-download": ({"status": 200, "body": "RESET", "content_type": "application/octet-stream"},
                           ("reset", "broke off", "connection", "truncated", "malformed")),
    "wrong-content-type": ({"status": 200, "body": "<html><body>Sign in to continue</body></html>",
                            "content_type": "text/html"}, ("malformed", "json", "parquet", "html", "content")),
    "payload-100x": ({"status": 200, "body": "HUGE", "content_type": "application/json"},
                     ("cap", "too large", "bytes", "size", "malformed")),
}


def add_fault(source: str, fault: str) -> None:
    spec, _ = FAULTS[fault]
    spec = dict(spec)
    if spec.get("body") == "RESET":
        spec["body"] = io.BufferedReader(ResettingStream(b'{"stargazers_count": 1, "da' + b"PAR1" * 100))
        spec["auto_calculate_content_length"] = False
    elif spec.get("body") == "HUGE":
        spec["body"] = huge_json()
    for method in (responses.GET, responses.POST, responses.HEAD):
        responses.add(method, re.compile(HOSTS[source]), **spec)


def snapshot_bytes(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted((folder / "popularity").glob("*")) if p.is_file()}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("source", SOURCES)
@responses.activate
def test_refresh_survives_network_fault(source, fault, real_data_copy, capsys):
    assert source in HOSTS, f"new source {source!r}: add its host to HOSTS so its faults are tested"
    add_fault(source, fault)
    before = snapshot_bytes(real_data_copy)
    slept: list[float] = []
    args = build_parser().parse_args(["refresh", source, "--data-dir", str(real_data_copy)])
    context = FetchContext(sleep=slept.append, rng=random.Random(0), timeout=(0.5, 0.5),
                           options={"pwc_max_bytes": SMALL_CAP, "attempts": 3})
    start = time.monotonic()
    code = refresh.run(args, context=context)
    elapsed = time.monotonic() - start
    err = capsys.readouterr().err

    assert code == 1, f"{source} with {fault} should fail the refresh"
    assert snapshot_bytes(real_data_copy) == before, "the snapshot (CSV and provenance) must be untouched"
    assert elapsed < WALL_LIMIT_S, f"took {elapsed:.1f}s"
    assert sum(slept) <= SLEEP_LIMIT_S and all(s <= 120 for s in slept), f"backoff asked for {slept}"
    failed = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert failed, err
    message = failed[0].lower()
    assert "unexpected" not in message, f"an unhandled exception type reached the refresh: {failed[0]}"
    _, words = FAULTS[fault]
    assert any(w in message for w in words), f"{failed[0]!r} does not say why ({' / '.join(words)})"
    assert "unchanged" in message, "the message says the snapshot was kept"


@pytest.mark.parametrize("source", SOURCES)
@responses.activate
def test_no_request_leaves_for_an_unmocked_host(source, real_data_copy):
    """With every host refused, each source fails cleanly: nothing in the code path bypasses the session."""
    args = build_parser().parse_args(["refresh", source, "--data-dir", str(real_data_copy)])
    before = snapshot_bytes(real_data_copy)
    code = refresh.run(args, context=FetchContext(sleep=lambda s: None, rng=random.Random(0), timeout=(0.5, 0.5)))
    assert code == 1
    assert snapshot_bytes(real_data_copy) == before
