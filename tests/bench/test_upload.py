"""Uploaded result files: valid ones are accepted; malformed, oversized, binary and hostile ones get clear errors."""

from __future__ import annotations

import json

import pytest

from faceoff.bench.upload import MAX_JSON_DEPTH, MAX_UPLOAD_BYTES, UploadRejected, json_depth, parse_upload
from tests.bench.conftest import make_result


def encode(obj) -> bytes:
    return json.dumps(obj).encode("utf-8")


def test_valid_upload_is_accepted():
    result = parse_upload("mine.json", encode(make_result("jax", "compiled")))
    assert (result.framework, result.mode) == ("jax", "compiled")


def test_utf8_bom_is_accepted():
    assert parse_upload("bom.json", b"\xef\xbb\xbf" + encode(make_result()))


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfe{\x00}", "binary"),
    ("{\"a\": \"caf\xe9\"}".encode("latin-1"), "not UTF-8"),
    (b"{\"schema_version\": \"1.0\",", "not valid JSON"),
    (b"[1, 2, 3]", "expected a JSON object"),
    (b"\"just a string\"", "expected a JSON object"),
    (b"{\"schema_version\": \"0.9\"}", "schema_version is '0.9'"),
    (b"{\"hello\": \"world\"}", "schema_version is 'None'"),
    (b"NaN", "expected a JSON object"),
])
def test_malformed_uploads_are_rejected(data, message):
    with pytest.raises(UploadRejected, match=message):
        parse_upload("bad.json", data)


def test_oversized_upload_is_rejected_before_parsing():
    data = b"{\"pad\": \"" + b"x" * MAX_UPLOAD_BYTES + b"\"}"
    with pytest.raises(UploadRejected, match="over the 2 MiB limit"):
        parse_upload("big.json", data)


def test_deeply_nested_json_is_rejected_without_recursion():
    hostile = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(UploadRejected, match="nested 200000 levels"):
        parse_upload("deep.json", hostile)
    nested = make_result()
    node = nested["environment"]["threads"]["env"]
    for _ in range(MAX_JSON_DEPTH):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(UploadRejected, match="levels deep"):
        parse_upload("deep2.json", encode(nested))


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]"}]}') == 3
    assert json_depth("[]") == 1
    assert json_depth('"plain"') == 0


def test_wrong_schema_names_the_fields():
    bad = make_result()
    del bad["timing"]
    bad["framework"] = "mxnet"
    with pytest.raises(UploadRejected, match="does not match the result schema") as err:
        parse_upload("wrong.json", encode(bad))
    assert "framework" in str(err.value) and "timing" in str(err.value)


def test_hostile_strings_are_kept_as_data():
    hostile = make_result()
    hostile["environment"]["cpu_model"] = "<script>alert(1)</script>"
    hostile["framework_version"] = "<img src=x onerror=alert(1)>"
    result = parse_upload("<b>x</b>.json", encode(hostile))
    assert result.environment.cpu_model == "<script>alert(1)</script>"


def test_overlong_strings_are_rejected():
    bad = make_result()
    bad["environment"]["cpu_model"] = "x" * 5000
    with pytest.raises(UploadRejected, match="cpu_model"):
        parse_upload("long.json", encode(bad))
