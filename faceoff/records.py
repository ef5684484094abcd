"""Typed iteration over a validated table's rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame, index: bool = True) -> Iterator[Any]:
    """The rows of ``frame`` as namedtuples (``frame.itertuples``).

    Each field's type is what the dataset's schema checked when it was loaded, which pandas' stubs cannot know (they
    type every cell as any scalar at all), so rows are ``Any`` to the type checker; the schema is the check.
    """
    return frame.itertuples(index=index)


def groups(frame: pd.DataFrame, by: list[str], sort: bool = True) -> Iterator[tuple[tuple[str, ...], pd.DataFrame]]:
    """``frame.groupby(by)`` with each group's key as a tuple of strings (the grouping columns hold text)."""
    for key, part in frame.groupby(by, sort=sort):
        values = key if isinstance(key, tuple) else (key,)
        yield tuple(str(v) for v in values), part
