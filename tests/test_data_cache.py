"""The page-side dataset cache: fingerprints re-read at most every STAMP_TTL_S seconds, so a refresh shows soon."""

from __future__ import annotations

import os

from components import data


def test_a_rewritten_file_is_seen_once_the_ttl_has_passed(fixture_data, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(data.time, "monotonic", lambda: clock[0])
    first = data.dataset_stamp("claims", fixture_data)
    path = fixture_data / "claims.yaml"
    path.write_text(path.read_text() + "\n# touched\n")
    os.utime(path, ns=(1, 1))
    assert data.dataset_stamp("claims", fixture_data) == first  # within the TTL: the cached fingerprint
    clock[0] += data.STAMP_TTL_S + 0.1
    assert data.dataset_stamp("claims", fixture_data) != first


def test_clear_stamps_forgets_every_fingerprint(fixture_data):
    first = data.dataset_stamp("claims", fixture_data)
    path = fixture_data / "claims.yaml"
    path.write_text(path.read_text() + "\n# touched\n")
    os.utime(path, ns=(1, 1))
    data.clear_stamps()
    assert data.dataset_stamp("claims", fixture_data) != first
