"""Where the project's files live; FACEOFF_DATA_DIR overrides the data folder (tests, staging copies)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder in force: ``$FACEOFF_DATA_DIR`` if set, else ``<repo>/data``."""
    override = os.environ.get("FACEOFF_DATA_DIR")
    return Path(override) if override else ROOT / "data"
