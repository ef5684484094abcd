"""Method/coverage breaks (loader, selection, the shared drawing function on every affected chart) and the page
summary's computed lines and order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import yaml

from faceoff.errors import DataFileError
from faceoff.popularity import conferences, datasets
from faceoff.popularity import summary as S
from faceoff.popularity.breaks import add_break_marks, breaks_for, load_breaks, split_by_range

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "popularity"


def breaks():
    return load_breaks(REAL / "breaks.yaml").value


def write_breaks(tmp_path: Path, mutate) -> Path:
    raw = yaml.safe_load((REAL / "breaks.yaml").read_text(encoding="utf-8"))
    mutate(raw["breaks"])
    path = tmp_path / "breaks.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_breaks_cover_each_affected_signal_with_sources():
    loaded = load_breaks(REAL / "breaks.yaml")
    by_signal = {s: [b.id for b in loaded.value if s in b.signals] for s in ("pypi-downloads", "pwc",
                                                                             "github-stars", "conferences")}
    assert "pypi-clickhouse-2025" in by_signal["pypi-downloads"]
    assert by_signal["pwc"] == ["pwc-shutdown-2025"] and by_signal["conferences"] == ["conferences-end-2022"]
    assert len(by_signal["github-stars"]) == 2
    assert all(b.sources for b in loaded.value) and loaded.as_of == dt.date(2026, 9, 4)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda bs: bs.append(dict(bs[0])), "duplicate break id"),
    (lambda bs: bs[0].update(date="2999-01-01"), "in the future"),
    (lambda bs: bs[0].update(until="2010-01-01"), "comes before"),
    (lambda bs: bs[0].update(signals=["tiktok"]), "signals"),
    (lambda bs: bs[0].update(sources=[]), "sources"),
    (lambda bs: bs[0].update(date="July 2025"), "date"),
])
def test_bad_breaks_are_rejected(tmp_path, mutate, message):
    with pytest.raises(DataFileError) as info:
        load_breaks(write_breaks(tmp_path, mutate))
    assert any(message in str(p) for p in info.value.problems), info.value.problems


def test_package_breaks_only_when_the_package_is_shown():
    ids = {b.id for b in breaks_for(breaks(), "pypi-downloads", ["torch"])}
    assert "pypi-jax-with-tensorflow-2023" not in ids and "pypi-clickhouse-2025" in ids
    assert "pypi-jax-with-tensorflow-2023" in {b.id for b in breaks_for(breaks(), "pypi-downloads", ["jax"])}


def test_breaks_after_the_plotted_range_are_not_drawn_but_returned():
    stars = breaks_for(breaks(), "github-stars")
    fig = go.Figure(go.Scatter(x=[pd.Timestamp("2020-11-01"), pd.Timestamp("2025-06-26")], y=[1, 2]))
    drawn = add_break_marks(fig, stars, pd.Timestamp("2020-11-01"), pd.Timestamp("2025-06-26"))
    inside, after = split_by_range(stars, pd.Timestamp("2020-11-01"), pd.Timestamp("2025-06-26"))
    assert drawn == [] and inside == [] and [b.id for b in after] == ["github-stargazers-restricted-2026",
                                                                      "github-star-history-2026"]
    assert not fig.layout.shapes


def test_a_span_is_a_band_and_a_line_with_a_numbered_flag():
    fig = go.Figure()
    pypi = breaks_for(breaks(), "pypi-downloads", ["jax"])
    drawn = add_break_marks(fig, pypi, pd.Timestamp("2018-02-12"), pd.Timestamp("2026-04-01"))
    assert drawn[0].id == "pypi-linehaul-fix-2018"
    kinds = [(s.type, s.name) for s in fig.layout.shapes]
    assert ("rect", "break pypi-short-windows-2024") in kinds and ("line", "break pypi-short-windows-2024") in kinds
    assert [a.text for a in fig.layout.annotations] == [f"⚑{i}" for i in range(1, len(drawn) + 1)]
    assert fig.layout.xaxis.range is not None, "shapes must not stretch the date axis"


def test_conference_chart_gets_its_end_mark_on_a_year_axis():
    frame = datasets.load_conferences(REAL / "conference_mentions.csv").value.frame
    fig = conferences.make_conference_figure(conferences.conference_share(frame))
    drawn = add_break_marks(fig, breaks_for(breaks(), "conferences"), pd.Timestamp("2015-01-01"),
                            pd.Timestamp("2022-12-31"), year_axis=True)
    assert [b.id for b in drawn] == ["conferences-end-2022"]
    line = next(s for s in fig.layout.shapes if s.name == "break conferences-end-2022")
    assert 2022.9 < line.x0 < 2023.0


# ---------------------------------------------------------------- summary


def test_summary_orders_data_newest_first_then_unfetched():
    lines = [S.SignalLine("a", "A", dt.date(2020, 1, 1), "x"), S.SignalLine("t", "T", None, "y", has_data=False),
             S.SignalLine("b", "B", dt.date(2024, 1, 1), "z"), S.SignalLine("c", "C", None, "w")]
    assert [ln.signal for ln in S.order_lines(lines)] == ["b", "a", "c", "t"]


def test_summary_lines_are_computed_from_the_data():
    names = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
    conf = S.conferences_line(datasets.load_conferences(REAL / "conference_mentions.csv").value.frame)
    assert conf.when == "2022" and conf.says.startswith("84 % of the 2022 papers")
    stars = S.stars_line(datasets.load_github_stars(REAL / "github_stars.csv").value.frame, names, list(names))
    assert stars.newest == dt.date(2025, 6, 26) and stars.says.startswith("TensorFlow 190K, PyTorch 91K, JAX 33K")
    assert not S.trends_line(None, names).has_data
    share = pd.DataFrame({"quarter": ["2025Q2", "2025Q2", "2025Q1"], "framework": ["pytorch", "jax", "pytorch"],
                          "basis": "paper", "scope": "all", "count": [8, 2, 5], "total": [10, 10, 5],
                          "share": [80.0, 20.0, 100.0]})
    pwc = S.pwc_line(share, None, names)
    assert pwc.has_data and pwc.newest == dt.date(2025, 6, 30) and pwc.says.startswith("2025Q2: PyTorch 80 %, JAX 20 %")
