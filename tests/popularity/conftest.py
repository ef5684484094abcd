"""Popularity fixtures: the fixture registry (alpha, beta), recorded HTTP payloads, a data folder with snapshots."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from faceoff.matrix.frameworks import load_frameworks
from faceoff.popularity.sources.base import FetchContext

ROOT = Path(__file__).resolve().parents[2]
HTTP = ROOT / "tests" / "fixtures" / "http" / "popularity"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

COOKIE_URL = "https://trends.google.com/trends/explore/?geo=US"
EXPLORE_URL = "https://trends.google.com/trends/api/explore"
MULTILINE_URL = "https://trends.google.com/trends/api/widgetdata/multiline"


def payload(name: str) -> str:
    return (HTTP / name).read_text(encoding="utf-8")


@pytest.fixture
def frameworks():
    return list(load_frameworks(FIXTURE_DATA / "frameworks.yaml").value.frameworks)


class Sleeper:
    """Records the waits a backoff asked for, without waiting."""

    def __init__(self):
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


@pytest.fixture
def ctx(frameworks, sleeper):
    def make(**options) -> FetchContext:
        return FetchContext(frameworks=frameworks, timeout=(1.0, 2.0), options=options, sleep=sleeper,
                            rng=random.Random(7))
    return make


@pytest.fixture
def pop_data(tmp_path, monkeypatch) -> Path:
    """Fixture registry (alpha, beta) + the project's popularity snapshots and their registry entries."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    shutil.copytree(ROOT / "data" / "popularity", target / "popularity")
    real = yaml.safe_load((ROOT / "data" / "datasets.yaml").read_text(encoding="utf-8"))
    mine = [d for d in real["datasets"] if d["path"].startswith("popularity/")]
    registry = yaml.safe_load((target / "datasets.yaml").read_text(encoding="utf-8"))
    registry["datasets"] = [d for d in registry["datasets"] if not d["path"].startswith("popularity/")] + mine
    (target / "datasets.yaml").write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True),
                                          encoding="utf-8")
    monkeypatch.setenv("FACEOFF_DATA_DIR", str(target))
    return target


def add_trends_responses(rsps, multiline: str = "trends_multiline.txt", status: int = 200) -> None:
    """The three calls pytrends makes: cookie page, explore (token), multiline (data)."""
    rsps.add("GET", COOKIE_URL, body="<html></html>", status=200, headers={"Set-Cookie": "NID=511=fixture; Path=/"})
    rsps.add("POST", EXPLORE_URL, body=payload("trends_explore.txt"), status=200,
             content_type="application/json; charset=utf-8")
    rsps.add("GET", MULTILINE_URL, body=payload(multiline), status=status,
             content_type="application/json; charset=utf-8")


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def recorded(folder: str, name: str, body: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A recorded response: status and headers from ``NAME.meta.json``, the body from ``NAME.json``/``.txt`` or
    ``body`` (a file name in the same folder)."""
    import json

    base = HTTP / folder
    meta = json.loads((base / f"{name}.meta.json").read_text(encoding="utf-8"))
    if body is None:
        body = next(f"{name}{ext}" for ext in (".json", ".txt") if (base / f"{name}{ext}").exists())
    return meta["status"], meta["headers"], (base / body).read_bytes()


def add_recorded(rsps, method: str, url: str, folder: str, name: str, body: str | None = None, **kwargs) -> None:
    """Register a recorded response (status, headers and body exactly as recorded) with ``responses``."""
    status, headers, data = recorded(folder, name, body)
    headers = dict(headers)
    content_type = headers.pop("Content-Type", None) or headers.pop("content-type", None) or "text/plain"
    for hop in ("Transfer-Encoding", "Content-Length"):  # responses computes these from the body
        headers.pop(hop, None)
    rsps.add(method, url, body=data, status=status, headers=headers, content_type=content_type, **kwargs)
