"""Small helpers shared by components: rating glyphs, source lists, verdict badges, list paging."""

from __future__ import annotations

import math
from collections.abc import Mapping

import streamlit as st

from faceoff.schema import Source


def rating_glyphs(rating: int | None, maximum: int = 3) -> str:
    if rating is None:
        return "not assessed"
    rating = int(rating)
    return "●" * rating + "○" * (maximum - rating) + f" {rating}/{maximum}"


def source_links(sources: list[Source]) -> str:
    """Markdown list of sources with their kind (primary or secondary) where the data gives it; titles come from
    our own data files, never from user input."""
    lines = []
    for s in sources:
        date = f" ({s.date.isoformat()})" if s.date else ""
        kind = f" · *{s.kind}*" if getattr(s, "kind", None) else ""
        title = s.title.replace("[", "(").replace("]", ")")
        lines.append(f"- [{title}]({s.url}){date}{kind}")
    return "\n".join(lines)


VERDICT_BADGES = {
    "holds": ("Holds", "green", ":material/check_circle:"),
    "partly": ("Partly", "orange", ":material/contrast:"),
    "outdated": ("Outdated", "gray", ":material/history:"),
    "contradicted": ("Contradicted", "red", ":material/cancel:"),
    "unverifiable": ("Unverifiable", "violet", ":material/help:"),
}


def verdict_label(verdict: str) -> str:
    return VERDICT_BADGES.get(verdict, (verdict, "gray", ""))[0]


def paginate(key: str, count: int, per_page: int) -> int:
    """A URL-bound page picker under a long list; returns the 1-based page (1 when everything fits)."""
    pages = max(1, math.ceil(count / per_page))
    if pages == 1:
        return 1
    page = st.pagination(pages, key=key, bind="query-params", max_visible_pages=7)
    page = min(max(int(page or 1), 1), pages)
    st.caption(f"Showing {(page - 1) * per_page + 1}–{min(page * per_page, count)} of {count}.")
    return page


def folded_controls(label: str, key: str, defaults: Mapping[str, object], **kwargs):
    """``lazy_expander`` for controls a visitor rarely needs (issue #22: fewer widget kinds on a first screen), which
    opens by itself while any of them is set: named in the address (a shared link) or changed in this session from
    its default in ``defaults`` (URL key -> the widget's default value). Folding it then still draws them, so a
    choice in effect is never dropped. Returns what ``lazy_expander`` returns."""
    if any(name in st.query_params or st.session_state.get(name, default) not in (default, None)
           for name, default in defaults.items()):
        st.session_state[key] = True
    return lazy_expander(label, key, **kwargs)


def lazy_expander(label: str, key: str, **kwargs):
    """An expander whose body is drawn only while it is open: opening it reruns its fragment (or page). Returns the
    container to draw into, or ``None`` while it is closed (a closed table then costs nothing on a rerun)."""
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    return box if box.open else None
