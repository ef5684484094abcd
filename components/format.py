"""Small text formatters shared by components (ratings, source lists, verdict badges)."""

from __future__ import annotations

from faceoff.models import Source


def rating_glyphs(rating: int | None, maximum: int = 3) -> str:
    if rating is None:
        return "not assessed"
    rating = int(rating)
    return "●" * rating + "○" * (maximum - rating) + f" {rating}/{maximum}"


def source_links(sources: list[Source]) -> str:
    """Markdown list of sources; titles come from our own data files, never from user input."""
    lines = []
    for s in sources:
        date = f" ({s.date.isoformat()})" if s.date else ""
        title = s.title.replace("[", "(").replace("]", ")")
        lines.append(f"- [{title}]({s.url}){date}")
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
