"""The page most first visitors open (the Overview) stays light: no pandas, and snapshots judged by their checksum."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from faceoff.loading import peek_yaml
from faceoff.popularity import peek_snapshot

ROOT = Path(__file__).resolve().parent.parent


def test_the_first_run_of_the_overview_imports_no_pandas():
    code = ("import sys; from streamlit.testing.v1 import AppTest; "
            "at = AppTest.from_file('app.py', default_timeout=120); at.run(); "
            "print(bool(at.exception), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["False", "False"], out.stdout + out.stderr


def test_a_snapshot_is_verified_until_its_file_changes(real_data_copy):
    path = real_data_copy / "popularity" / "mlperf_systems.csv"
    peek = peek_snapshot(path)
    assert peek.status == "verified" and peek.rows == 2740 and peek.as_of is not None
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert peek_snapshot(path).status == "changed"
    assert peek_snapshot(real_data_copy / "popularity" / "google_trends.csv").status == "missing"


def test_a_snapshot_without_its_sidecar_is_left_to_the_sources_page(real_data_copy):
    (real_data_copy / "popularity" / "conference_mentions.provenance.yaml").unlink()
    assert peek_snapshot(real_data_copy / "popularity" / "conference_mentions.csv").status == "unknown"


def test_a_yaml_peek_reads_as_of_and_rows(real_data_copy):
    peek = peek_yaml(real_data_copy / "claims.yaml")
    assert peek.as_of is not None and peek.rows >= 70 and peek.status == "unknown"
