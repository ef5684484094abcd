"""Validation of result files a visitor uploads: size, nesting depth, JSON and the result schema."""

from __future__ import annotations

import json

from pydantic import ValidationError

from faceoff.bench.schema import SCHEMA_VERSION, BenchResult
from faceoff.schema import problems_from_validation

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_FILES = 40
MAX_JSON_DEPTH = 16


class UploadRejected(ValueError):
    """An uploaded file is not a usable result file; the message says why, in plain text."""


def json_depth(text: str) -> int:
    """Maximum nesting of objects/arrays, found by scanning (never by recursing into hostile input)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_upload(name: str, data: bytes) -> BenchResult:
    """Validate one uploaded result file: size, text, nesting, JSON, then the schema."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(f"{len(data):,} bytes is over the {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB limit")
    if not data.strip():
        raise UploadRejected("the file is empty")
    if b"\x00" in data:
        raise UploadRejected("this is a binary file, not JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(f"not UTF-8 text (byte {exc.start})") from exc
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise UploadRejected(f"JSON nested {depth} levels deep; result files need at most {MAX_JSON_DEPTH}")
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deeply nested"
        raise UploadRejected(f"not valid JSON: {msg}{where}") from exc
    if not isinstance(raw, dict):
        raise UploadRejected(f"expected a JSON object (a Faceoff result file), got a {type(raw).__name__}")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UploadRejected(f"schema_version is {str(version)[:20]!r}; this app reads version {SCHEMA_VERSION} "
                             "files written by `python -m faceoff bench run`")
    try:
        return BenchResult.model_validate(raw)
    except ValidationError as exc:
        problems = problems_from_validation(name, exc, raw)
        shown = "; ".join(f"{p.field or p.row or 'file'}: {p.message}" for p in problems[:4])
        more = f" (+{len(problems) - 4} more)" if len(problems) > 4 else ""
        raise UploadRejected(f"does not match the result schema: {shown}{more}") from exc
