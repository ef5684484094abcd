"""GitHub: the current star count of each framework's repository (``GET /repos/{owner}/{repo}``)."""

from __future__ import annotations

import pandas as pd

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.appending import add_current_rows
from faceoff.popularity.sources.base import FetchContext, Fetched, get_json, require, today_iso

SOURCE = "GitHub API"
API = "https://api.github.com"
LIVE = "github-api"


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
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if ctx.token:
        headers["Authorization"] = f"Bearer {ctx.token}"
    payload = get_json(ctx.http(), repo_url(repo), SOURCE, ctx.timeout, headers)
    if not isinstance(payload, dict):
        raise SourceUnavailable(SOURCE, f"malformed payload for {repo}: not a JSON object")
    stars = require(payload.get("stargazers_count"), int, SOURCE, f"{repo} stargazers_count")
    full_name = payload.get("full_name") or repo
    return {"stars": stars, "full_name": full_name, "html_url": payload.get("html_url") or f"https://github.com/{repo}"}


class GitHubStars:
    """Appends today's ``stargazers_count`` per framework to ``popularity-github-stars``."""

    name = "github"
    title = "GitHub stars"
    dataset_id = "popularity-github-stars"
    appends = True  # history cannot be re-fetched: only today's value is added

    def fetch(self, ctx: FetchContext) -> Fetched:
        if not ctx.frameworks:
            raise SourceUnavailable(SOURCE, "no repositories: the framework registry is empty")
        day = today_iso(ctx)
        rows = []
        for fw in ctx.frameworks:
            info = fetch_stars(ctx, fw.github_repo)
            rows.append({"date": day, "framework": fw.id, "github_repo": info["full_name"], "stars": info["stars"],
                         "stars_display": compact(info["stars"]), "source": LIVE,
                         "source_url": repo_url(info["full_name"])})
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        provenance = {
            "retrieved": day,
            "data_as_of": day,
            "fetched_at": ctx.current_time().replace(microsecond=0).isoformat(),
            "parameters": {"live_endpoint": f"{API}/repos/{{owner}}/{{repo}}",
                           "live_repositories": [fw.github_repo for fw in ctx.frameworks],
                           "authenticated": bool(ctx.token)},
        }
        return Fetched(frame, provenance)

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
        return add_current_rows(existing, fetched, LIVE)
