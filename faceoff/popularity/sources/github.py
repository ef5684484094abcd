"""GitHub stars: month-end counts from ``stargazers/history`` and today's ``stargazers_count`` per framework."""

from __future__ import annotations

import pandas as pd

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.appending import add_current_rows
from faceoff.popularity.sources.base import FetchContext, Fetched, require, today_iso
from faceoff.popularity.sources.github_http import API, API_VERSION, SOURCE, RateLimited, github_get
from faceoff.popularity.sources.star_history import DEFAULT_PAGES, fetch_history, held_at, history_url, month_ends

LIVE = "github-api"
HISTORY = "github-star-history"
METHOD = ("Published history: star counts as printed in the best-of-ml-python README (rounded). Live rows: today's "
          "stargazers_count, and month-end counts from GitHub's stargazers/history (weekly gains of stars still "
          "held today, by the day they were given): today's total minus the gains after that day. Since GitHub's "
          "2026 change these count stars still held, not the total shown on that date; a published month is never "
          "replaced.")


def repo_url(repo: str) -> str:
    return f"{API}/repos/{repo}"


def compact(value: int) -> str:
    """The rounded display the history uses ("91K", "1.8M")."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if value >= size:
            text = f"{value / size:.1f}".rstrip("0").rstrip(".") if value < 10 * size else f"{value / size:.0f}"
            return text + suffix
    return str(value)


def fetch_stars(ctx: FetchContext, repo: str) -> dict:
    payload, _ = github_get(ctx, repo_url(repo))
    if not isinstance(payload, dict):
        raise SourceUnavailable(SOURCE, f"malformed payload for {repo}: not a JSON object")
    stars = require(payload.get("stargazers_count"), int, SOURCE, f"{repo} stargazers_count")
    full_name = payload.get("full_name") or repo
    return {"stars": stars, "full_name": full_name, "html_url": payload.get("html_url") or f"https://github.com/{repo}"}


def history_rows(ctx: FetchContext, fw, info: dict, pages: int) -> tuple[list[dict], str | None]:
    """Month-end rows from the star history; ([], why) when only today's count can be had (the fallback)."""
    try:
        history = fetch_history(ctx, info["full_name"], pages)
        today = ctx.current_time().date()
        points = held_at(history, info["stars"], month_ends(history.first_day, today))
    except RateLimited:
        raise
    except SourceUnavailable as exc:
        if "could not connect" in exc.cause or "timed out" in exc.cause:
            raise  # the network is down: the count would fail too
        return [], exc.cause
    return [{"date": day, "framework": fw.id, "github_repo": info["full_name"], "stars": stars,
             "stars_display": compact(stars), "source": HISTORY,
             "source_url": history_url(info["full_name"])} for day, stars in sorted(points.items())], None


class GitHubStars:
    """Extends ``popularity-github-stars`` to today: month-end counts from ``stargazers/history`` plus today's
    ``stargazers_count`` (alone when the history cannot be had). Published history rows are never replaced."""

    name = "github"
    title = "GitHub stars"
    dataset_id = "popularity-github-stars"
    appends = True  # the published history cannot be re-fetched: rows are added, never rewritten

    def fetch(self, ctx: FetchContext) -> Fetched:
        if not ctx.frameworks:
            raise SourceUnavailable(SOURCE, "no repositories: the framework registry is empty")
        day = today_iso(ctx)
        pages = int(ctx.options.get("github_history_pages", DEFAULT_PAGES))
        rows, fallbacks = [], {}
        for fw in ctx.frameworks:
            info = fetch_stars(ctx, fw.github_repo)
            if pages > 0:
                extra, why = history_rows(ctx, fw, info, pages)
                rows += extra
                if why:
                    fallbacks[fw.id] = why
            rows.append({"date": day, "framework": fw.id, "github_repo": info["full_name"], "stars": info["stars"],
                         "stars_display": compact(info["stars"]), "source": LIVE,
                         "source_url": repo_url(info["full_name"])})
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        notes = [f"{fid}: star history unusable ({why}); only today's stargazers_count added"
                 for fid, why in fallbacks.items()]
        provenance = {
            "retrieved": day,
            "data_as_of": day,
            "fetched_at": ctx.current_time().replace(microsecond=0).isoformat(),
            "method": METHOD,
            "parameters": {"live_endpoint": f"{API}/repos/{{owner}}/{{repo}}",
                           "history_endpoint": f"{API}/repos/{{owner}}/{{repo}}/stargazers/history "
                                               f"(X-GitHub-Api-Version {API_VERSION}, {pages} page(s) of 30 weeks)",
                           "live_repositories": [fw.github_repo for fw in ctx.frameworks],
                           "authenticated": bool(ctx.token)},
            "stats": {"history_rows": int((frame["source"] == HISTORY).sum()), "fallbacks": notes},
        }
        return Fetched(frame, provenance, notes)

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
        return add_current_rows(existing, fetched, (LIVE, HISTORY))
