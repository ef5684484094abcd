"""Merging for sources that can only fetch today's value: append one row per framework, never rewrite history."""

from __future__ import annotations

import pandas as pd

from faceoff.popularity.sources.base import Fetched


def add_current_rows(existing: pd.DataFrame | None, fetched: Fetched, live_source: str | tuple[str, ...]
                     ) -> pd.DataFrame:
    """Add the fetched rows; a live row replaces only an earlier live row (of ``live_source``, one name or several)
    of the same month and framework; among the fetched rows of one month the last one wins.

    Rows from other sources (the published history) are never replaced: a month that already holds one keeps it.
    """
    live = {live_source} if isinstance(live_source, str) else set(live_source)
    new = fetched.frame.copy()
    new_month = pd.to_datetime(new["date"]).dt.strftime("%Y-%m")
    new = new[~pd.Series(list(zip(new_month, new["framework"], strict=True)), index=new.index).duplicated(keep="last")]
    if existing is None or existing.empty:
        return new.reset_index(drop=True)
    old = existing.copy()
    old_month = pd.to_datetime(old["date"]).dt.strftime("%Y-%m")
    new_month = pd.to_datetime(new["date"]).dt.strftime("%Y-%m")
    keys_new = set(zip(new_month, new["framework"], strict=True))
    stale_live = [(m, f) in keys_new and s in live
                  for m, f, s in zip(old_month, old["framework"], old["source"], strict=True)]
    old = old[~pd.Series(stale_live, index=old.index)]
    kept_month = pd.to_datetime(old["date"]).dt.strftime("%Y-%m")
    history_keys = set(zip(kept_month, old["framework"], strict=True))
    fresh = [(m, f) not in history_keys for m, f in zip(new_month, new["framework"], strict=True)]
    new = new[pd.Series(fresh, index=new.index, dtype=bool)]
    merged = pd.concat([old, new], ignore_index=True)
    merged["_d"] = pd.to_datetime(merged["date"])
    merged = merged.sort_values(["_d", "framework"], kind="stable").drop(columns="_d")
    return merged.reset_index(drop=True)
