"""Searching the head-to-head matrix: which field of a row matched, a snippet around the term, and a rank.

A row's rank is that of the best field it matched in, so rows whose *name* matches come first and rows found only in
a source title come last. The snippet is taken from that field, so a visitor sees why the row is listed even when
the words that matched are not in the compact view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SNIPPET_CONTEXT = 48  # characters of context on each side of the term (cut back to a word boundary)

# rank -> (field label, column template); "{fw}" is each shown framework's id. Lower ranks are better matches.
FIELDS: tuple[tuple[str, str], ...] = (
    ("Criterion", "criterion"),
    ("Category", "category"),
    ("{name}, in short", "{fw}_summary"),
    ("Question", "question"),
    ("{name} verdict", "{fw}_verdict"),
    ("Why it leads", "leader_reason"),
    ("{name} sources", "{fw}_source_titles"),
    ("{name} sources", "{fw}_sources"),
)


@dataclass(frozen=True)
class Match:
    """Why a row matched: the field (in words), its rank, and the text around the first occurrence of the term."""

    rank: int
    field: str
    before: str
    hit: str
    after: str

    @property
    def snippet(self) -> str:
        return f"{self.before}{self.hit}{self.after}"


def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> tuple[str, str, str]:
    """``text[start:end]`` with up to ``context`` characters either side, cut at a space and marked with "…"."""
    left, right = max(0, start - context), min(len(text), end + context)
    before, after = text[left:start], text[end:right]
    if left > 0:
        space = before.find(" ")
        before = "…" + (before[space + 1:] if 0 <= space < len(before) - 1 else before)
    if right < len(text):
        space = after.rfind(" ")
        after = (after[:space] if space > 0 else after) + "…"
    return before, text[start:end], after


def find_in(text: object, pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
    if not isinstance(text, str) or not text:
        return None
    found = pattern.search(text)
    if found is None or found.end() == found.start():
        return None
    return snippet(text, found.start(), found.end())


def term_pattern(query: str) -> re.Pattern[str]:
    """The term, literally and in any case, starting at a word's start ("TPU" finds "TPUs", not "outputs")."""
    needle = query.strip()
    start = r"(?<!\w)" if re.match(r"\w", needle) else ""
    return re.compile(start + re.escape(needle), re.IGNORECASE)


def row_match(row: Mapping[Any, Any], frameworks: Sequence[str], names: Mapping[str, str],
              query: str) -> Match | None:
    """The best-ranked field of ``row`` (a matrix_table row) where a word starts with ``query`` (any case)."""
    if not query.strip():
        return None
    pattern = term_pattern(query)
    for rank, (label, column) in enumerate(FIELDS):
        for fw in frameworks if "{fw}" in column else [""]:
            found = find_in(row.get(column.format(fw=fw)), pattern)
            if found is not None:
                return Match(rank, label.format(name=names.get(fw, fw)), *found)
    return None
