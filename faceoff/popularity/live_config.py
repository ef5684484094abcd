"""``data/popularity/live_sources.yaml``: how live catalogues name each framework, and the archive's pin and rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import Field

from faceoff.loading import Loaded, parse_model
from faceoff.schema import PastDate, Source, Strict, Text

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Commit = Annotated[str, Field(pattern=r"^[0-9a-f]{40}$")]


class CatalogueNames(Strict):
    frameworks: dict[str, Text]
    source: Source


class HubLibraries(Strict):
    libraries: dict[str, Text]
    source: Source


class ArchiveRules(Strict):
    dataset: Text
    file: Text
    revision: Commit | None = None
    sha256: Sha256 | None = None
    min_papers_per_quarter: Annotated[int, Field(ge=1, le=10_000)]
    known_labels: list[Text]


class LiveSources(Strict):
    as_of: PastDate
    paperswithcode_co: CatalogueNames
    huggingface_hub: HubLibraries
    pwc_archive: ArchiveRules


def load_live_sources(path: Path) -> Loaded[LiveSources]:
    value = parse_model(path, LiveSources)
    return Loaded(value, rows=3, sources=2, as_of=value.as_of if isinstance(value.as_of, dt.date) else None)


def live_options(folder: Path) -> dict:
    """The refresh options taken from the file (none while it does not exist; an invalid one raises)."""
    path = Path(folder) / "popularity" / "live_sources.yaml"
    if not path.exists():
        return {}
    return live_source_options(load_live_sources(path).value)


def live_source_options(config: LiveSources) -> dict:
    rules = config.pwc_archive
    return {"pwc_catalogue_names": dict(config.paperswithcode_co.frameworks),
            "hf_libraries": dict(config.huggingface_hub.libraries),
            "pwc_revision": rules.revision, "pwc_sha256": rules.sha256,
            "pwc_min_papers": rules.min_papers_per_quarter, "pwc_known_labels": list(rules.known_labels)}
