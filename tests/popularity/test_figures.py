"""Pure transforms and figure builders of the Popularity page: traces, axes, log scale, normalisation, readings."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import pandas as pd
import pytest

from faceoff import popularity as pop
from faceoff.popularity.datasets import load_adoption, load_conferences, load_pwc_quotes

DATA = Path(__file__).resolve().parents[2] / "data" / "popularity"
STYLES = {"a": pop.Style("Alpha", "#111111"), "b": pop.Style("Beta", "#222222")}


def monthly(values_a, values_b, start="2021-01-01"):
    dates = pd.date_range(start, periods=len(values_a), freq="MS") + pd.Timedelta(days=14)
    rows = [{"date": d, "framework": "a", "value": v, "source": "best-of-ml-python"} for d, v in zip(dates, values_a,
                                                                                                    strict=True)]
    rows += [{"date": d, "framework": "b", "value": v, "source": "best-of-ml-python"} for d, v in zip(dates, values_b,
                                                                                                     strict=True)]
    return pd.DataFrame([r for r in rows if r["value"] is not None])


def opts(**kw):
    return pop.SeriesOptions(**{"frameworks": ["a", "b"], **kw})


def values(prepared, fw):
    return prepared[prepared["framework"] == fw]["value"].tolist()


def test_filters_frameworks_and_years():
    series = monthly([1, 2, 3] * 5, [4, 5, 6] * 5)
    out = pop.prepare_series(series, opts(frameworks=["b"], start_year=2022, end_year=2022))
    assert set(out["framework"]) == {"b"} and set(out["date"].dt.year) == {2022}


def test_monthly_gap_stays_a_gap_and_is_never_interpolated():
    series = monthly([10, 20, None, 40], [1, 2, 3, 4])
    out = pop.prepare_series(series, opts(), monthly=True)
    a = values(out, "a")
    assert a[0] == 10 and a[1] == 20 and math.isnan(a[2]) and a[3] == 40
    assert out["date"].dt.day.eq(1).all(), "one point per calendar month"


def test_smoothing_window_never_spans_a_gap():
    series = monthly([10, 20, None, 40, 50, 60], [1, 2, 3, 4, 5, 6])
    a = values(pop.prepare_series(series, opts(smooth=2), monthly=True), "a")
    assert math.isnan(a[0]) and a[1] == 15 and math.isnan(a[2]) and math.isnan(a[3]) and a[4] == 45 and a[5] == 55


def test_indexed_first_point_is_100():
    out = pop.prepare_series(monthly([50, 100, 150], [10, 5, 20]), opts(norm="indexed"))
    assert values(out, "a") == [100.0, 200.0, 300.0] and values(out, "b") == [100.0, 50.0, 200.0]


def test_share_of_total_sums_to_100_and_needs_every_framework():
    out = pop.prepare_series(monthly([30, 10, 5], [10, None, 15]), opts(norm="share"), monthly=True)
    a, b = values(out, "a"), values(out, "b")
    assert a[0] == 75.0 and b[0] == 25.0
    assert math.isnan(a[1]), "no share where a framework has no value"
    assert a[2] + b[2] == pytest.approx(100.0)


def test_plotted_rows_drop_gaps():
    out = pop.prepare_series(monthly([10, None, 30], [1, 2, 3]), opts(), monthly=True)
    rows = pop.plotted_rows(out)
    assert len(rows) == 5 and rows["value"].notna().all() and isinstance(rows.iloc[0]["date"], dt.date)


def test_series_figure_traces_axes_no_slider_legend_below():
    prepared = pop.prepare_series(monthly([1, 2, 3], [3, 2, 1]), opts())
    fig = pop.make_series_figure(prepared, STYLES, opts(), "Stars")
    assert [t.name for t in fig.data] == ["Alpha", "Beta"]
    assert fig.data[0].line.color == "#111111" and list(fig.data[1].y) == [3, 2, 1]
    assert fig.layout.yaxis.type == "linear" and fig.layout.yaxis.title.text == "Stars"
    assert not fig.layout.xaxis.rangeslider.visible, "the Years control sets the range: no slider"
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.yref == "container"


def test_series_figure_log_scale():
    o = opts(scale="log")
    fig = pop.make_series_figure(pop.prepare_series(monthly([1, 10, 100], [2, 20, 200]), o), STYLES, o, "Stars")
    assert fig.layout.yaxis.type == "log"
    assert list(fig.layout.yaxis.ticktext) == ["1", "10", "100"]


def test_log_ticks_label_every_tick_in_full():
    assert pop.log_ticks([12_000, 3_400_000])["ticktext"] == ["10k", "100k", "1M"]
    assert pop.log_ticks([40_000, 90_000])["ticktext"] == ["20k", "50k", "100k", "200k"]
    assert pop.log_ticks([0, None]) == {"type": "log"}


def test_release_labels_never_crowd():
    first = dt.date(2021, 1, 16)
    releases = tuple(pop.Release("a", f"1.{d}", first + dt.timedelta(days=d), f"Alpha 1.{d}") for d in range(0, 28, 3))
    o = opts(frameworks=["a"], releases=releases)
    fig = pop.make_series_figure(pop.prepare_series(monthly([1, 2, 3], [1, 2, 3]), o), STYLES, o, "Stars")
    assert len(fig.layout.shapes) == len(releases), "every release keeps its line"
    labelled = sorted(pd.Timestamp(a.x) for a in fig.layout.annotations)
    assert 1 <= len(labelled) < len(releases)
    span = pd.Timestamp("2021-03-15") - pd.Timestamp("2021-01-15")
    assert all(b - a >= span / 9 for a, b in itertools.pairwise(labelled))


def test_a_method_break_that_makes_lines_jump_is_marked_on_the_line():
    frame = monthly([100, 110, 400], [50, 52, 200])
    o = opts()
    fig = pop.make_series_figure(pop.prepare_series(frame, o), STYLES, o, "Stars")
    brk = pop.Break.model_validate({"id": "m", "date": "2021-03-01", "signals": ["github-stars"], "kind": "method",
                                    "label": "new method", "detail": "d", "sources": [{"url": "https://x.org",
                                                                                      "title": "t"}]})
    pop.add_break_marks(fig, [brk], pd.Timestamp("2021-01-01"), pd.Timestamp("2021-03-01"))
    notes = [a.text for a in fig.layout.annotations if "not growth" in (a.text or "")]
    assert notes == ["⚑1 method change, not growth"]
    flat = pop.make_series_figure(pop.prepare_series(monthly([100, 110, 120], [50, 52, 55]), o), STYLES, o, "Stars")
    pop.add_break_marks(flat, [brk], pd.Timestamp("2021-01-01"), pd.Timestamp("2021-03-01"))
    assert not [a for a in flat.layout.annotations if "not growth" in (a.text or "")], "no jump, no note"


def test_release_annotations_only_for_shown_frameworks_in_range():
    releases = (pop.Release("a", "1.0", dt.date(2021, 2, 10), "Alpha 1.0"),
                pop.Release("b", "2.0", dt.date(2021, 2, 20), "Beta 2.0"),
                pop.Release("a", "0.1", dt.date(2015, 1, 1), "Alpha 0.1"))
    o = opts(frameworks=["a"], releases=releases)
    fig = pop.make_series_figure(pop.prepare_series(monthly([1, 2, 3], [1, 2, 3]), o), STYLES, o, "Stars")
    assert len(fig.layout.shapes) == 1 and fig.layout.annotations[0].text == "Alpha 1.0"
    assert fig.layout.annotations[0].hovertext == "Alpha 1.0"


def test_partial_and_live_points_are_marked():
    series = monthly([1, 2, 3], [1, 2, 3])
    series["is_partial"] = [False, False, True] * 2
    series.loc[series.index[-1], "source"] = "github-api"
    prepared = pop.prepare_series(series, opts())
    fig = pop.make_series_figure(prepared, STYLES, opts(), "x", partial="is_partial", live="source")
    assert list(fig.data[0].marker.symbol) == ["circle", "circle", "circle-open"]
    assert list(fig.data[1].marker.symbol)[-1] == "diamond"


def test_read_series_is_computed():
    o = opts()
    text = pop.read_series(pop.prepare_series(monthly([1000, 3000], [10, 5]), o), STYLES, "stars", o)
    assert text == "From 2021-01 to 2021-02, stars: Alpha 1,000 → 3,000 (×3.0); Beta 10 → 5 (×0.5)."


def test_read_trends_uses_the_latest_complete_period():
    raw = pd.DataFrame({"date": pd.to_datetime(["2026-01-04"] * 2 + ["2026-01-11"] * 2), "framework": ["a", "b"] * 2,
                        "value": [40, 60, 10, 5], "is_partial": [False, False, True, True]})
    text = pop.read_trends(raw, raw, STYLES, opts())
    assert "2026-01-04" in text and "Beta led" in text and "Alpha 40" in text


@pytest.fixture(scope="module")
def conferences():
    return load_conferences(DATA / "conference_mentions.csv").value.frame


def test_conference_share_per_conference_and_pooled(conferences):
    table = pop.conference_share(conferences, ["NeurIPS"])
    neurips19 = table[(table["series"] == "NeurIPS") & (table["year"] == 2019)].iloc[0]
    assert neurips19["pytorch_share"] == round(182 / (182 + 104) * 100, 2)
    year = conferences[conferences["year"] == 2019]
    pooled = table[(table["series"] == pop.OVERALL) & (table["year"] == 2019)].iloc[0]
    expected = year["pytorch_only_papers"].sum() / (year["pytorch_only_papers"] + year["tensorflow_only_papers"]).sum()
    assert pooled["pytorch_share"] == round(expected * 100, 2)
    assert set(table["series"]) == {pop.OVERALL, "NeurIPS"}
    no_framework = table[(table["series"] == "NeurIPS") & (table["year"] == 2015)].iloc[0]
    assert math.isnan(no_framework["pytorch_share"]), "0 of 0 is no share, not 0 %"


def test_conference_reading_is_computed_from_the_data(conferences):
    table = pop.conference_share(conferences, start_year=2017, end_year=2020)
    pooled = table[table["series"] == pop.OVERALL].set_index("year")["pytorch_share"]
    text = pop.read_conferences(table)
    assert text.startswith(f"PyTorch share of conference papers naming one framework rose from {pooled[2017]:.0f} % "
                           f"in 2017 to {pooled[2020]:.0f} % in 2020")


def test_conference_figure(conferences):
    table = pop.conference_share(conferences, ["ICLR", "ACL"])
    fig = pop.make_conference_figure(table)
    assert [t.meta for t in fig.data] == [pop.OVERALL, "ICLR", "ACL"]
    assert fig.data[0].line.width > fig.data[1].line.width
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    assert pop.make_conference_figure(table, "log").layout.yaxis.type == "log"


@pytest.fixture(scope="module")
def quotes():
    return load_pwc_quotes(DATA / "pwc_quotes.csv").value.frame


def test_pwc_quotes_skip_tertiary_and_keep_dates(quotes):
    charted, anecdotes = pop.pwc_quote_points(quotes)
    assert len(anecdotes) == 2 and all(anecdotes["source_type"].str.startswith("tertiary"))
    soa = charted[charted["source_title"].str.startswith("State of AI")]
    assert sorted(soa["share"]) == [18.0, 47.0] and set(soa["start"]) == {dt.date(2020, 10, 1)}
    period = charted[charted["start"] != charted["end"]].iloc[0]
    assert (period["start"], period["end"], period["share"]) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31), 75.0)
    assert "not a series" in pop.read_pwc(None, charted, STYLES)


def test_pwc_figure_with_computed_series_and_quotes(quotes):
    charted, _ = pop.pwc_quote_points(quotes)
    share = pd.DataFrame({"quarter": ["2020Q1", "2020Q2"] * 2, "framework": ["pytorch"] * 2 + ["tensorflow"] * 2,
                          "basis": "paper", "scope": "all", "count": [6, 7, 3, 2], "total": 10,
                          "share": [60.0, 70.0, 30.0, 20.0]})
    series = pop.pwc_series(share, ["pytorch", "tensorflow"])
    assert list(series["date"].dt.month.unique()) == [1, 4]
    styles = {"pytorch": pop.Style("PyTorch", "#EE4C2C"), "tensorflow": pop.Style("TensorFlow", "#FF8F00")}
    fig = pop.make_pwc_figure(series, charted, styles, ["pytorch", "tensorflow"])
    metas = [t.meta for t in fig.data]
    assert metas[:2] == ["pytorch", "tensorflow"] and "quote-pytorch" in metas and "quote-period-pytorch" in metas
    assert pop.read_pwc(series, charted, styles) == "In 2020Q2 (computed from the archived dump): PyTorch 70 %, " \
                                                     "TensorFlow 20 %."
    assert pop.make_pwc_figure(series, charted, styles, ["pytorch"], "log").layout.yaxis.type == "log"


def test_adoption_chart_keeps_percentages_only():
    points = load_adoption(DATA / "adoption_points.csv").value.frame
    chart = pop.adoption_chart_frame(points, ["pytorch", "tensorflow", "keras"])
    assert set(chart["unit"]) == {"%"} and "jax" not in set(chart["framework_id"])
    fig = pop.make_adoption_figure(chart, {"pytorch": pop.Style("PyTorch", "#EE4C2C")})
    assert {t.type for t in fig.data} == {"bar"} and fig.layout.barmode == "group"
    assert "TensorFlow was ahead of PyTorch in 3 of 3" in pop.read_adoption(points)
