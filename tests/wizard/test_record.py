"""The decision record (#19): sourced, consistent with `matrix --json` and `recommend`, reproducible, and still
made when a dataset is missing."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest

from faceoff.cli import main
from faceoff.errors import DataFileError
from faceoff.registry import load_dataset
from faceoff.wizard.model import parse_answers
from faceoff.wizard.readings import benchmark_readings
from faceoff.wizard.record import RecordInputs, make_record
from faceoff.wizard.record_render import record_html
from faceoff.wizard.scoring import recommend

CASES = [{"role": "production", "deploy": "microcontrollers"},
         {"role": "research", "hardware": "tpu", "scale": "multi-node"},
         {"role": "production", "deploy": "mobile", "hardware": "tpu", "experience": "tensorflow"}]
DAY = dt.date(2026, 12, 3)


def record(answers: dict[str, str], data_dir=None, provider=None, date=DAY) -> str:
    wizard, matrix = load_dataset("wizard", data_dir).value, load_dataset("matrix", data_dir).value
    try:
        panel = load_dataset("wizard-scenarios", data_dir).value
    except (DataFileError, KeyError):  # a missing panel is one of the cases under test
        panel = None
    rec = recommend(wizard, matrix, parse_answers(wizard, answers), panel=panel)
    return make_record(RecordInputs(wizard, matrix, rec, panel, data_dir, bench_provider=provider), date)


def cli_json(capsys, *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


@pytest.mark.parametrize("answers", CASES, ids=["mcu", "tpu-pod", "mobile-tf-team"])
def test_every_source_number_resolves_to_a_listed_source_with_a_url(answers):
    text = record(answers)
    sources = section(text, "Sources")
    listed = dict(re.findall(r"^(\d+)\. \[(?:[^\]\\]|\\.)+\]\(<(https?://[^>\s]+)>\) — (?:primary|secondary), as of ",
                             sources, flags=re.M))
    body = text[: text.index("\n## Sources\n")]
    used = {n for n in re.findall(r"\[(\d+)\]", body)}
    assert used, "the record cites nothing"
    assert used <= set(listed), sorted(used - set(listed), key=int)
    assert set(listed) == {str(i) for i in range(1, len(listed) + 1)}  # numbered once each, 1..n
    assert len(set(listed.values())) == len(listed)  # every source once


@pytest.mark.parametrize("answers", CASES, ids=["mcu", "tpu-pod", "mobile-tf-team"])
def test_cited_matrix_rows_match_matrix_json(answers, capsys):
    criteria = {c["name"]: c for c in cli_json(capsys, "matrix", "--json")["criteria"]}
    names = {fw["name"]: fw["id"] for fw in cli_json(capsys, "matrix", "--json")["frameworks"]}
    rows = re.split(r"^#### ", section(record(answers), "Evidence"), flags=re.M)[1:]
    assert rows
    for row in rows:
        name = row.splitlines()[0].strip()
        assert name in criteria, name
        ratings = dict(re.findall(r"^- (\w+): rated (\d) of 3", row, flags=re.M))
        assert set(ratings) == set(names)
        for fw, value in ratings.items():
            assert int(value) == criteria[name]["cells"][names[fw]]["rating"], (name, fw)


@pytest.mark.parametrize("answers", CASES, ids=["mcu", "tpu-pod", "mobile-tf-team"])
def test_decided_by_matches_recommend_json(answers, capsys):
    out = cli_json(capsys, "recommend", *[f"{k}={v}" for k, v in answers.items()])
    questions = {q["id"]: q for q in cli_json(capsys, "recommend", "--questions")["questions"]}
    decision = section(record(answers), "Decision")
    named = re.findall(r"“([^:”]+): ([^”]+)”", decision.split("\n\n")[2])
    expected = [(questions[a["question"]]["label"], questions[a["question"]]["options"][a["answer"]])
                for a in out["decided_by"]["deciding"]]
    assert named[: len(expected)] == expected and expected
    assert f"**{out['ranking'][0]['name']}**, {out['confidence']} confidence." in decision
    for q in out["unanswered"]:  # an unanswered question never decides
        assert questions[q]["label"] not in decision.split("\n\n")[2]


def test_same_answers_and_data_give_byte_identical_markdown():
    first, second = record(CASES[0]), record(CASES[0])
    assert first == second
    later = record(CASES[0], date=dt.date(2027, 1, 1))
    diff = [(a, b) for a, b in zip(first.splitlines(), later.splitlines(), strict=True) if a != b]
    assert diff == [("- Date: 2026-12-03", "- Date: 2027-01-01")]


@pytest.mark.parametrize(("remove", "dataset"), [
    ("popularity/pypi_top_packages.csv", "popularity-pypi-top"),
    ("claims.yaml", "claims"),
    ("wizard_scenarios.yaml", "wizard-scenarios"),
])
def test_a_missing_dataset_leaves_a_note_and_the_record_is_still_made(real_data_copy, remove, dataset):
    (real_data_copy / remove).unlink()
    text = record(CASES[0], real_data_copy)
    assert f"Unavailable: the dataset “{dataset}”" in text
    for title in ("Context", "Decision", "Evidence", "Alternatives considered", "Consequences and risks", "Sources"):
        assert f"\n## {title}\n" in text


def test_a_corrupt_dataset_is_named_too(real_data_copy):
    (real_data_copy / "popularity" / "pypi_top_packages.csv").write_text("not,a\nvalid,snapshot\n",
                                                                        encoding="utf-8")
    assert "Unavailable: the dataset “popularity-pypi-top”" in record(CASES[0], real_data_copy)


@dataclass(frozen=True)
class StubAnswer:  # the contract of faceoff.bench.benchmark_answers' BenchAnswer
    family: str
    family_label: str
    sentence: str
    fastest: str
    ratio: float
    hardware: str
    year: int
    source_title: str
    source_url: str
    as_of: dt.date
    strength: str
    matched: bool


def test_benchmark_readings_through_the_adapter():
    seen = []

    def provider(answers, data_dir):
        seen.append(answers)
        return [StubAnswer("cnn", "Small CNN training", "JAX was 1.4× faster than PyTorch per step.", "jax", 1.4,
                           "TPU v4", 2024, "Stub study", "https://example.org/stub", dt.date(2024, 5, 1), "direct",
                           True),
                StubAnswer("lstm", "LSTM", "Not about these answers.", "pytorch", 1.1, "CPU", 2020, "Other",
                           "https://example.org/other", dt.date(2020, 1, 1), "weak", False)]

    text = record(CASES[1], provider=provider)
    assert seen == [{"role": "research", "hardware": "tpu", "scale": "multi-node"}]  # given answers only
    bench = text[text.index("### Benchmark readings"):text.index("### Popularity readings")]
    assert "**Small CNN training** (TPU v4, 2024): JAX was 1.4× faster than PyTorch per step." in bench
    assert "Not about these answers" not in bench
    number = re.search(r"\[(\d+)\]", bench).group(1)
    assert f"{number}. [Stub study](<https://example.org/stub>) — secondary, as of 2024-05-01" in text


def test_without_benchmark_answers_the_section_names_the_dataset(monkeypatch):
    monkeypatch.setattr("faceoff.wizard.readings.benchmark_provider", lambda: None)
    readings = benchmark_readings({"role": "research"}, None)
    assert readings.readings == () and "“benchmarks-published”" in readings.notes[0]


def test_html_is_self_contained_and_prints_one_column():
    page = record_html(record(CASES[0]))
    assert page.startswith("<!DOCTYPE html>") and "<h2>Evidence</h2>" in page
    assert not re.search(r"<(script|link|img|iframe)\b|src=|@import|url\(", page)
    assert "@media print" in page and "h2 { break-before: page; }" in page
    assert "<script" not in record_html("# T\n\n<script>alert(1)</script>\n")  # raw HTML is escaped


def test_cli_writes_the_record_and_rejects_bad_answers(tmp_path, capsys):
    out = tmp_path / "record.html"
    assert main(["recommend", "role=production", "deploy=microcontrollers", "--report", "html", "--out", str(out),
                 "--date", "2026-12-03"]) == 0
    assert "Decision record: TensorFlow" in out.read_text(encoding="utf-8")
    assert main(["recommend", "role=production", "deploy=microcontrollers", "--report", "md", "--date",
                 "2026-12-03"]) == 0
    assert capsys.readouterr().out == record(CASES[0])
    assert main(["recommend", "colour=red", "--report", "md"]) == 2
    assert "questions are: role, domain" in capsys.readouterr().err
    assert main(["recommend", "deploy=moon", "--report", "md"]) == 2
    assert "choose one of: unanswered, cloud-servers" in capsys.readouterr().err
    assert main(["recommend", "role=research", "--report", "md", "--date", "yesterday"]) == 2

