"""Google Trends CSV export: the parser on good and malformed files, and ``python -m faceoff import trends``."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from faceoff import clock
from faceoff.cli import main
from faceoff.popularity.snapshot import provenance_path
from faceoff.popularity.trends_csv import TrendsCsvError, parse_trends_csv
from faceoff.popularity.trends_import import map_terms, read_export
from faceoff.registry import load_dataset
from tests.popularity.conftest import HTTP, snapshot_bytes

CSV = HTTP / "trends_csv"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.mark.parametrize(("name", "granularity", "date_header", "place"), [
    ("weekly_worldwide.csv", "weekly", "Week", "Worldwide"),
    ("weekly_worldwide_crlf.csv", "weekly", "Week", "Worldwide"),
    ("monthly_united_states.csv", "monthly", "Month", "United States"),
    ("daily_worldwide.csv", "daily", "Day", "Worldwide"),
    ("localised_pt_semana.csv", "weekly", "Semana", "Todo o mundo"),
    ("localised_it_giorno.csv", "daily", "Giorno", "Tutto il mondo"),
    ("date_header_bom.csv", "weekly", "Date", "Worldwide"),
    ("time_single_term_quoted.csv", "weekly", "Time", None),
])
def test_good_exports_parse(name, granularity, date_header, place):
    parsed = parse_trends_csv((CSV / name).read_bytes())
    assert parsed.granularity == granularity
    assert parsed.date_header == date_header, "the date column is found by its dates, whatever it is called"
    assert parsed.terms[0] == "alpha" and parsed.places["alpha"] == place
    assert parsed.frame["value"].between(0, 100).all()


def test_weekly_export_values_and_below_one():
    parsed = parse_trends_csv((CSV / "weekly_worldwide.csv").read_bytes())
    beta = parsed.frame[parsed.frame["term"] == "beta"].set_index("date")
    assert beta.loc[dt.date(2026, 8, 30), "value"] == 0 and beta.loc[dt.date(2026, 8, 30), "below_one"]
    assert beta.loc[dt.date(2026, 11, 15), "value"] == 7 and not beta.loc[dt.date(2026, 11, 15), "below_one"]
    assert int(beta["below_one"].sum()) == 3
    assert parsed.preamble == "Category: All categories"
    assert len(parsed.frame) == 24 and parsed.notes == []


def test_single_term_export_says_the_region_is_not_stated():
    parsed = parse_trends_csv((CSV / "time_single_term_quoted.csv").read_bytes())
    assert any("does not state the region" in n for n in parsed.notes)


@pytest.mark.parametrize(("name", "line", "words"), [
    ("bad_value_line7.csv", 7, "'abc'"),
    ("value_over_100_line9.csv", 9, "above 100"),
    ("bad_date_line6.csv", 6, "'2026-13-45' is not a date"),
    ("duplicate_date_line8.csv", 8, "already on line 7"),
    ("ragged_row_line10.csv", 10, "2 cells"),
    ("no_term_columns.csv", 3, "no search-term columns"),
    ("header_only.csv", 3, "no data lines"),
    ("not_trends.csv", None, "not a Google Trends export"),
    ("empty.csv", None, "empty"),
])
def test_malformed_exports_name_the_line(name, line, words):
    with pytest.raises(TrendsCsvError) as info:
        parse_trends_csv((CSV / name).read_bytes())
    assert info.value.line == line
    assert words in str(info.value)
    if line:
        assert str(info.value).startswith(f"line {line}: ")


def test_size_cap_and_encoding():
    with pytest.raises(TrendsCsvError, match="limit is 100 bytes"):
        parse_trends_csv((CSV / "weekly_worldwide.csv").read_bytes(), max_bytes=100)
    with pytest.raises(TrendsCsvError, match="not UTF-8"):
        parse_trends_csv(b"Week,alpha: (Worldwide)\n2026-01-04,\xff\xfe\n")


def test_terms_map_to_frameworks_by_term_id_or_name(frameworks):
    mapped, left = map_terms(["ALPHA", "Beta", "gamma"], frameworks)
    assert mapped == {"ALPHA": "alpha", "Beta": "beta"} and left == ["gamma"]
    with pytest.raises(TrendsCsvError, match="both stand for"):
        map_terms(["alpha", "Alpha"], frameworks)


def test_export_without_any_framework_term_is_rejected(frameworks):
    data = b"Category: All categories\n\nWeek,gamma: (Worldwide)\n2026-11-01,100\n"
    with pytest.raises(TrendsCsvError, match=r"line 3: none of the file's terms \(gamma\)"):
        read_export(data, frameworks, "x.csv", today=TODAY)


def test_provenance_says_how_the_data_came(frameworks):
    fetched = read_export((CSV / "monthly_united_states.csv").read_bytes(), frameworks, "multiTimeline.csv",
                          today=TODAY)
    prov = fetched.provenance
    assert prov["parameters"]["backend"] == "csv-import" and "CSV exported" in prov["source"]
    assert prov["parameters"]["geo"] == "United States" and prov["parameters"]["granularity"] == "monthly"
    assert prov["parameters"]["file_name"] == "multiTimeline.csv" and len(prov["parameters"]["file_sha256"]) == 64
    assert prov["data_as_of"] == "2026-11-01"
    assert list(fetched.frame.columns) == ["date", "framework", "term", "value", "is_partial", "below_one", "scale"]


def test_cli_imports_a_good_file_with_provenance(pop_data, capsys):
    code = main(["import", "trends", str(CSV / "weekly_worldwide.csv"), "--data-dir", str(pop_data)])
    out = capsys.readouterr().out
    assert code == 0 and "updated data/popularity/google_trends.csv" in out.replace(str(pop_data), "data")
    loaded = load_dataset("popularity-trends", pop_data)
    frame = loaded.value.frame
    assert len(frame) == 24 and set(frame["framework"]) == {"alpha", "beta"}
    prov = yaml.safe_load(provenance_path(pop_data / "popularity" / "google_trends.csv").read_text())
    assert prov["parameters"]["backend"] == "csv-import" and prov["parameters"]["geo"] == "Worldwide"
    assert len(prov["sha256"]) == 64 and loaded.problems == [], "the checksum matches the written file"


def test_cli_dry_run_writes_nothing(pop_data, capsys):
    before = snapshot_bytes(pop_data)
    code = main(["import", "trends", str(CSV / "weekly_worldwide.csv"), "--data-dir", str(pop_data), "--dry-run"])
    assert code == 0 and "dry run" in capsys.readouterr().out
    assert snapshot_bytes(pop_data) == before


@pytest.mark.parametrize("name", ["bad_value_line7.csv", "ragged_row_line10.csv", "not_trends.csv"])
def test_cli_rejects_a_malformed_file_and_keeps_the_data(pop_data, capsys, name):
    main(["import", "trends", str(CSV / "weekly_worldwide.csv"), "--data-dir", str(pop_data)])
    before = snapshot_bytes(pop_data)
    code = main(["import", "trends", str(CSV / name), "--data-dir", str(pop_data)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"FAILED import trends: Google Trends CSV export: {name}:" in err
    assert snapshot_bytes(pop_data) == before, "the earlier import stays byte-identical"


def test_cli_missing_file(pop_data, capsys, tmp_path):
    assert main(["import", "trends", str(tmp_path / "nope.csv"), "--data-dir", str(pop_data)]) == 1
    assert "cannot read" in capsys.readouterr().err
