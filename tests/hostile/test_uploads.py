"""Hostile benchmark-result uploads: through the public validator (fuzzed) and through the Benchmarks page.

Wrong schema, oversized, binary, deeply nested, hostile names and strings: a clear error (or a clean accept), never
an exception, never input rendered as Markdown/HTML, and nothing written to the data folder.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faceoff.bench.upload import MAX_JSON_DEPTH, MAX_UPLOAD_BYTES, UploadRejected, parse_upload
from tests.hostile.helpers import html_allowed_bodies, rendered_markdown, run_page, walk

MARK = "FXSS"
PAGE = "pages/benchmarks.py"


def valid_result() -> dict:
    from tests.bench.conftest import make_result

    return make_result()


def deep(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


HOSTILE_FILES = {
    "wrong-schema": json.dumps({"schema_version": "1.0", "workload": 5, "framework": ["x"]}).encode(),
    "wrong-version": json.dumps({"schema_version": f"<b>{MARK}</b>"}).encode(),
    "not-an-object": b"[1, 2, 3]",
    "oversized": b'{"pad": "' + b"x" * (MAX_UPLOAD_BYTES + 10) + b'"}',
    "binary": bytes(range(256)) * 64,
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100,
    "latin-1": '{"a": "caf\xe9"}'.encode("latin-1"),
    "deeply-nested": deep(100_000),
    "nested-arrays": b"[" * 50_000 + b"]" * 50_000,
    "truncated": json.dumps({"schema_version": "1.0", "workload": "mlp-digits"}).encode()[:-7],
    "nan-and-infinity": b'{"schema_version": "1.0", "x": NaN, "y": Infinity}',
    "empty": b"",
}


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_validator_rejects_with_a_plain_reason(kind):
    with pytest.raises(UploadRejected) as info:
        parse_upload(f"{kind}.json", HOSTILE_FILES[kind])
    message = str(info.value)
    assert message and len(message) < 2000, "a short reason, not a dump of the input"
    assert MARK not in message or kind == "wrong-version"  # only an echo of a short, quoted value is allowed


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(
    st.binary(max_size=4096),
    st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=30) | st.integers(),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                 max_leaves=40).map(lambda v: json.dumps(v).encode()),
))
def test_validator_never_raises_anything_else(data):
    with contextlib.suppress(UploadRejected):  # a clear rejection is fine; any other exception fails
        parse_upload("fuzz.json", data)


@settings(max_examples=40, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(path=st.lists(st.sampled_from(["environment", "config", "timing", "workload", "framework", "device",
                                       "mode", "run_id", "schema_version"]), min_size=1, max_size=2),
       value=st.one_of(st.text(max_size=50), st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=3),
                       st.just({"x": {"y": [1]}}), st.just(f"<script>{MARK}</script>")))
def test_mutated_valid_result_is_accepted_or_rejected_cleanly(path, value):
    result = valid_result()
    node = result
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node.get(key), dict) else node
    node[path[-1]] = value
    with contextlib.suppress(UploadRejected):
        parse_upload("mutated.json", json.dumps(result).encode())


def test_depth_limit_is_what_the_validator_says():
    assert MAX_JSON_DEPTH < 1000, "a recursion-safe depth"


def data_files(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def uploader(at):
    found = [n for n in walk(at._tree) if getattr(n, "key", None) == "b_upload"]
    assert found, "the Benchmarks page has an upload widget with key b_upload"
    return found[0]


def upload_and_run(files: list[tuple[str, bytes, str]]):
    at = run_page(PAGE, {"b_view": "explore", "b_src": "measured"})  # uploads sit with Faceoff's own runs
    assert not at.exception
    uploader(at).set_value(files)
    at.run()
    return at


@pytest.mark.parametrize("kind", ["wrong-schema", "oversized", "binary", "deeply-nested", "not-an-object", "empty"])
def test_page_shows_a_clear_error_and_stores_nothing(kind, real_data_copy):
    before = data_files(real_data_copy)
    name = f"<img src=x onerror=alert('{MARK}')>{kind}.json"
    at = upload_and_run([(name, HOSTILE_FILES[kind], "application/json")])
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, f"{kind}: the page says the upload was rejected"
    assert not [b for b in rendered_markdown(at) if MARK in b], "the file name reached the Markdown renderer"
    assert not [b for b in html_allowed_bodies(at) if MARK in b]
    assert data_files(real_data_copy) == before, "an upload must never be written to the data folder"


def test_page_accepts_a_valid_upload_with_hostile_strings_without_rendering_them(real_data_copy):
    before = data_files(real_data_copy)
    result = valid_result()
    result["environment"]["cpu_model"] = f"<script>alert('{MARK}')</script>"
    result["device_name"] = f"[{MARK}](javascript:alert(1))"
    at = upload_and_run([(f"**{MARK}**.json", json.dumps(result).encode(), "application/json"),
                         ("second.json", HOSTILE_FILES["binary"], "application/octet-stream")])
    assert not at.exception, [e.value for e in at.exception]
    assert not [b for b in rendered_markdown(at) if MARK in b], "uploaded strings reached the Markdown renderer"
    assert not [b for b in html_allowed_bodies(at) if MARK in b]
    assert data_files(real_data_copy) == before
