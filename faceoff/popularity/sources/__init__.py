"""Remote popularity sources, one module each, behind the small interface in ``base`` (``fetch`` + ``merge``)."""

from __future__ import annotations

from faceoff.popularity.sources.base import FetchContext, Fetched, Source
from faceoff.popularity.sources.catalogues import HubModels, PwcCatalogue
from faceoff.popularity.sources.clickhouse import ClickHousePypi
from faceoff.popularity.sources.github import GitHubStars
from faceoff.popularity.sources.pwc import PapersWithCode
from faceoff.popularity.sources.pypi import PypiDownloads
from faceoff.popularity.sources.trends import GoogleTrends


def all_sources() -> dict[str, Source]:
    """The sources ``python -m faceoff refresh`` knows, by command-line name, in refresh order."""
    order = (GoogleTrends(), PapersWithCode(), PwcCatalogue(), GitHubStars(), ClickHousePypi(), PypiDownloads(),
             HubModels())
    return {s.name: s for s in order}


__all__ = ["FetchContext", "Fetched", "Source", "all_sources"]
