"""Dated counts from live catalogues: papers per framework on paperswithcode.co, models per library tag on the Hub."""

from __future__ import annotations

from typing import Any

import pandas as pd

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.appending import add_current_rows
from faceoff.popularity.sources.base import FetchContext, Fetched, get_json, today_iso

PWC_SOURCE = "paperswithcode.co"
PWC_API = "https://paperswithcode.co/api/v1"
HUB_SOURCE = "Hugging Face Hub"
HUB_LIST = "https://huggingface.co/models-json"


def papers_url(name: str) -> str:
    from urllib.parse import urlencode

    return f"{PWC_API}/papers/?" + urlencode({"page": 1, "page_size": 1, "framework": name, "latest_only": "true"})


def count_papers(ctx: FetchContext, name: str) -> int:
    """The catalogue's count for one framework entry, only if the server confirms it applied the filter."""
    payload = get_json(ctx.http(), papers_url(name), PWC_SOURCE, ctx.timeout, {"Accept": "application/json"})
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise SourceUnavailable(PWC_SOURCE, f"malformed payload for {name}: no 'results' list")
    applied = payload.get("applied_filters")
    # pwc-cli refuses such an answer too: without the echo, the count may be the whole catalogue's
    if not isinstance(applied, dict) or str(applied.get("framework", "")).casefold() != name.casefold():
        raise SourceUnavailable(PWC_SOURCE, f"the server did not confirm the framework filter {name!r} "
                                            "(no applied_filters echo): its count cannot be trusted")
    count = payload.get("count", payload.get("total"))
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise SourceUnavailable(PWC_SOURCE, f"malformed payload for {name}: count {count!r}")
    return count


def hub_url(library: str) -> str:
    return f"{HUB_LIST}?library={library}&withCount=true"


def count_models(ctx: FetchContext, library: str) -> int:
    payload: Any = get_json(ctx.http(), hub_url(library), HUB_SOURCE, ctx.timeout, {"Accept": "application/json"})
    if not isinstance(payload, dict) or not isinstance(payload.get("models"), list):
        raise SourceUnavailable(HUB_SOURCE, f"malformed payload for {library}: no 'models' list")
    count = payload.get("numTotalItems")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise SourceUnavailable(HUB_SOURCE, f"malformed payload for {library}: numTotalItems {count!r} (the "
                                            "count comes only with withCount=true)")
    return count


def dated_counts(ctx: FetchContext, rows: list[dict], source_name: str, **provenance) -> Fetched:
    """Today's count per framework as a snapshot frame, with the provenance every dated count carries."""
    if not rows:
        raise SourceUnavailable(source_name, "no frameworks: the registry is empty")
    day = today_iso(ctx)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    fetched_at = ctx.current_time().replace(microsecond=0).isoformat()
    return Fetched(frame, {"retrieved": day, "data_as_of": day, "fetched_at": fetched_at, **provenance})


class PwcCatalogue:
    """Adds today's paper count per framework from paperswithcode.co to ``popularity-pwc-catalogue``."""

    name = "pwc-catalogue"
    title = "paperswithcode.co papers per framework"
    dataset_id = "popularity-pwc-catalogue"
    appends = True  # a count is a dated point; earlier points are never rewritten

    def fetch(self, ctx: FetchContext) -> Fetched:
        names = dict(ctx.options.get("pwc_catalogue_names") or {})
        day = today_iso(ctx)
        rows = []
        for fw in ctx.frameworks:
            entry = names.get(fw.id, fw.name)
            rows.append({"date": day, "framework": fw.id, "catalogue_name": entry, "papers": count_papers(ctx, entry),
                         "source": PWC_SOURCE, "source_url": papers_url(entry)})
        return dated_counts(
            ctx, rows, PWC_SOURCE,
            source="paperswithcode.co (Hugging Face's 2026 Papers with Code catalogue), papers API",
            url="https://paperswithcode.co",
            licence="Counts only (the catalogue states no data licence); cite paperswithcode.co",
            method="GET /api/v1/papers/?framework=NAME&page_size=1&latest_only=true and its `count`, kept only "
                   "when `applied_filters` confirms the filter (as pwc-cli requires). A count is the number of "
                   "papers the catalogue associates with that framework entry on the fetch date: not the old "
                   "Papers with Code implementation counts, which stopped in 2025-07.",
            parameters={"endpoint": f"{PWC_API}/papers/", "names": {r["framework"]: r["catalogue_name"]
                                                                     for r in rows}})

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
        return add_current_rows(existing, fetched, PWC_SOURCE)


class HubModels:
    """Adds today's model count per library tag on the Hugging Face Hub to ``popularity-hf-models``."""

    name = "hf-models"
    title = "Hugging Face Hub models per library"
    dataset_id = "popularity-hf-models"
    appends = True

    def fetch(self, ctx: FetchContext) -> Fetched:
        libraries = dict(ctx.options.get("hf_libraries") or {})
        day = today_iso(ctx)
        rows = []
        for fw in ctx.frameworks:
            library = libraries.get(fw.id, fw.id)
            rows.append({"date": day, "framework": fw.id, "library": library, "models": count_models(ctx, library),
                         "source": "huggingface-hub", "source_url": f"https://huggingface.co/models?library={library}"})
        return dated_counts(
            ctx, rows, HUB_SOURCE,
            source="Hugging Face Hub model list (the count its models page shows for a library filter)",
            url="https://huggingface.co/models",
            licence="Counts only; cite huggingface.co",
            method="GET huggingface.co/models-json?library=TAG&withCount=true and its numTotalItems: the website's "
                   "own listing (the documented /api/models returns no total). A model counts for every library "
                   "tag it carries (one model can hold PyTorch, TensorFlow and JAX weights), so the counts overlap "
                   "and do not add up.",
            parameters={"endpoint": HUB_LIST, "libraries": {r["framework"]: r["library"] for r in rows}})

    def merge(self, existing: pd.DataFrame | None, fetched: Fetched) -> pd.DataFrame:
        return add_current_rows(existing, fetched, "huggingface-hub")
