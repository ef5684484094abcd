"""Share links: the page address plus the URL-bound widget values, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode


def share_url(base: str, params: Mapping[str, str | Iterable[str]]) -> str:
    """``base`` (no query string) plus ``params`` (repeated keys for lists), keys sorted for stable links."""
    pairs: list[tuple[str, str]] = []
    for key in sorted(params):
        value = params[key]
        if isinstance(value, str):
            pairs.append((key, value))
        else:
            pairs.extend((key, str(v)) for v in value)
    query = urlencode(pairs)
    return f"{base}?{query}" if query else base
