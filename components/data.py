"""Cached dataset loading for pages, with a clear error panel when a data file is missing or invalid."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from pathlib import Path

import streamlit as st

from faceoff.errors import DataFileError
from faceoff.loading import Loaded
from faceoff.paths import data_dir
from faceoff.registry import entry, fingerprint, load_dataset

# A dataset's fingerprint (mtimes and sizes of its files) is re-read at most this often per process: every rerun
# of every session asks for several, and the measured benchmarks alone are 108 files. A refreshed file is seen
# within this many seconds.
STAMP_TTL_S = 2.0
_STAMPS: dict[tuple[str, str], tuple[float, str]] = {}
_STAMPS_LOCK = threading.Lock()


def dataset_stamp(dataset_id: str, folder: Path) -> str:
    """A short digest of the dataset's fingerprint, recomputed at most every ``STAMP_TTL_S`` seconds."""
    key = (dataset_id, str(folder))
    now = time.monotonic()
    hit = _STAMPS.get(key)
    if hit is not None and now - hit[0] < STAMP_TTL_S:
        return hit[1]
    digest = hashlib.blake2b(repr(fingerprint(dataset_id, folder)).encode(), digest_size=12).hexdigest()
    with _STAMPS_LOCK:
        _STAMPS[key] = (now, digest)
    return digest


def clear_stamps() -> None:
    """Forget every fingerprint and every memoised dataset and chart (tests that rewrite a data file between two
    runs call this)."""
    with _STAMPS_LOCK:
        _STAMPS.clear()
    _LOADED.clear()
    _SHARED.clear()


_MISSING = object()


class _Memo:
    """A process-wide, bounded memo (oldest entry out) in front of ``st.cache_resource``.

    A page asks for a dataset or a shared chart 10–40 times per rerun. ``st.cache_resource`` hashes the arguments
    and inspects the function's signature on each call (about 0.25 ms each here: perf/inprocess.py, Popularity);
    our keys are already plain tuples of strings, so a dict lookup does. Values are the same shared, read-only
    objects ``st.cache_resource`` would return; an exception is never stored."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, build):
        value = self._items.get(key, _MISSING)  # one lookup: another thread may evict between two
        if value is not _MISSING:
            return value
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_LOADED = _Memo(64)
_SHARED = _Memo(256)


@st.cache_resource(show_spinner=False, max_entries=64)
def _load_cached(dataset_id: str, stamp: str, folder: str) -> Loaded:
    # ``stamp`` (a digest of file mtimes and sizes) is part of the cache key so a refreshed snapshot is picked up.
    # One shared, read-only copy for every session: loaders return frozen models and frames nobody modifies.
    return load_dataset(dataset_id, Path(folder))


def load(dataset_id: str, quiet: bool = False) -> Loaded | None:
    """The dataset, or ``None`` after drawing an error that names the file and the problem."""
    folder = data_dir()
    try:
        stamp_, where = dataset_stamp(dataset_id, folder), str(folder)
        return _LOADED.get((dataset_id, stamp_, where), lambda: _load_cached(dataset_id, stamp_, where))
    except DataFileError as exc:
        if not quiet:
            render_data_error(dataset_id, exc)
        return None
    except KeyError:
        if not quiet:
            st.error(f"Dataset `{dataset_id}` is not listed in `data/datasets.yaml`.")
        return None


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared(key: tuple, _build):
    return _build()


def shared(key: tuple, build):
    """Cache ``build()`` (a chart and its tables) under ``key``; the key must name the chart, the data's fingerprints
    (see ``stamp``) and every option the result depends on. Every session gets the SAME object, never a copy, so a
    rerun costs no unpickling: callers must not modify what they get (figures and frames are only displayed)."""
    return _SHARED.get(key, lambda: _shared(key, build))


def stamp(*dataset_ids: str) -> tuple:
    """The fingerprints of some datasets: part of a ``shared`` key, so a refreshed file invalidates its charts."""
    folder = data_dir()
    return tuple(dataset_stamp(d, folder) for d in dataset_ids)


def dataset_title(dataset_id: str) -> str:
    try:
        return entry(dataset_id).title
    except (KeyError, DataFileError):
        return dataset_id


def render_data_error(dataset_id: str, exc: DataFileError) -> None:
    first = exc.problems[0] if exc.problems else None
    st.error(
        f"**{dataset_title(dataset_id)} could not be loaded.** {first}\n\n"
        "The rest of the app still works. Run `python -m faceoff validate` for the full report; "
        "restore the file from git (`git checkout -- data/`) or refresh it.",
        icon=":material/error:",
    )
    if len(exc.problems) > 1:
        with st.expander(f"All {len(exc.problems)} problems"):
            st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)


def as_of_caption(loaded: Loaded, source_note: str = "") -> str:
    date = loaded.as_of.isoformat() if loaded.as_of else "undated"
    extra = f" · {source_note}" if source_note else ""
    return f"As of {date} · {loaded.rows} rows · {loaded.sources} distinct sources{extra}"


def _registry_stamp(folder: Path) -> tuple:
    """The digests of every registered dataset (and of the registry file itself)."""
    from faceoff.registry import REGISTRY_FILE, load_registry

    registry = folder / REGISTRY_FILE
    try:
        head = (registry.stat().st_mtime_ns, registry.stat().st_size)
        ids = [item.id for item in load_registry(folder)]
    except (OSError, DataFileError):
        return ("registry-unreadable", time.monotonic() // STAMP_TTL_S)
    return (head, *(dataset_stamp(i, folder) for i in ids))


@st.cache_resource(show_spinner=False, max_entries=8)
def _inventory_cached(folder: str, stamp: tuple) -> dict:
    from faceoff.registry import inventory

    root = Path(folder)
    # Through the pages' own cache: a dataset parsed for the inventory is not parsed again by its page.
    return inventory(root, load=lambda item: _load_cached(item.id, dataset_stamp(item.id, root), folder))


def inventory_stamp() -> tuple:
    """Changes whenever any registered data file (or the registry) does: the key of everything built from the
    inventory."""
    return _registry_stamp(data_dir())


def load_inventory() -> dict:
    """``validate --json``'s inventory of every dataset, recomputed only when a data file changes."""
    return _inventory_cached(str(data_dir()), inventory_stamp())
