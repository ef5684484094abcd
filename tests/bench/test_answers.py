"""Answers per workload family: computed from matched comparisons only, honest when there are none."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from faceoff.bench import BenchAnswer, benchmark_answers, load_benchmark_answers
from faceoff.bench.evidence import evidence_frame
from faceoff.bench.studies import PUBLISHED_COLUMNS, SOURCE_COLUMNS, Published

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench"
A100 = "1x NVIDIA A100 40GB"


def row(source="S1", fw="jax", value=100.0, hardware=A100, model="BERT (fit)", family="llm-training",
        mode="as-published", metric="fit_time_per_step", unit="ms/step", higher=False, year="2024", device="gpu",
        variant=None, **extra) -> dict:
    base = {c: "" for c in PUBLISHED_COLUMNS}
    base.update(row_id=f"{source}-{fw}-{mode}-{value}", source_id=source, framework=fw, framework_id=fw, mode=mode,
                workload=model, model=model, device=device, hardware=hardware, metric=metric, value=value,
                unit=unit, year=year, era=f"{year}: x", superseded=False, higher_is_better=higher, family=family,
                value_kind="absolute", url=f"https://example.org/{source}", variant=variant or f"{fw} {mode}")
    base.update(extra)
    return base


def published(rows: list[dict], sources: dict[str, str] | None = None) -> Published:
    ids = sorted({r["source_id"] for r in rows})
    src = pd.DataFrame([{**{c: "" for c in SOURCE_COLUMNS}, "source_id": s, "year": "2024", "role": "results",
                         "title": (sources or {}).get(s, f"Study {s}")} for s in ids])
    return Published(pd.DataFrame(rows), src)


def answer(answers: list[BenchAnswer], family: str) -> BenchAnswer:
    return next(a for a in answers if a.family == family)


def test_matched_cross_framework_answer_names_fastest_ratio_hardware_year_source():
    pub = published([row(fw="jax", value=100.0), row(fw="pytorch", value=150.0), row(fw="tensorflow", value=300.0)],
                    {"S1": "Keras-like study (rev 2)"})
    a = answer(benchmark_answers(pub, "2026-12-03"), "llm-training")
    assert (a.fastest, a.ratio, a.matched, a.year, a.hardware) == ("jax", 1.5, True, 2024, A100)
    assert a.source_title == "Keras-like study (rev 2)" and a.source_url == "https://example.org/S1"
    assert "JAX was fastest in 1 of 1" in a.sentence and "1.50×" in a.sentence
    assert "Keras-like study, 2024" in a.sentence
    assert a.as_of == "2026-12-03"
    # Throughputs divide the other way round: higher is better.
    pub2 = published([row(fw="jax", value=100.0, higher=True, metric="tokens", unit="tokens/s"),
                      row(fw="pytorch", value=150.0, higher=True, metric="tokens", unit="tokens/s")])
    b = answer(benchmark_answers(pub2), "llm-training")
    assert (b.fastest, b.ratio) == ("pytorch", 1.5)


def test_each_framework_is_represented_by_its_fastest_variant():
    pub = published([row(fw="pytorch", value=500.0, mode="eager"), row(fw="pytorch", value=90.0, mode="compiled"),
                     row(fw="jax", value=100.0)])
    a = answer(benchmark_answers(pub), "llm-training")
    assert a.fastest == "pytorch" and a.ratio == pytest.approx(100 / 90, abs=1e-3)


def test_different_hardware_is_never_compared():
    pub = published([row(fw="jax", value=100.0, hardware="TPU v5p", device="tpu"),
                     row(fw="pytorch", value=150.0, hardware="NVIDIA H100")])
    a = answer(benchmark_answers(pub), "llm-training")
    assert a.fastest is None and a.ratio is None and not a.matched
    assert "no stored source measured two frameworks on the same model and hardware" in a.sentence


def test_within_framework_evidence_is_called_a_speed_up_not_an_answer():
    pub = published([row(fw="pytorch", value=200.0, mode="eager", family="llm-training"),
                     row(fw="pytorch", value=100.0, mode="compiled", family="llm-training")])
    answers = benchmark_answers(pub)
    comp = answer(answers, "compile-speedups")
    assert comp.fastest is None and not comp.matched and comp.kind == "within-framework"
    assert comp.ratio == 2.0 and "not a cross-framework answer" in comp.sentence
    assert answer(answers, "llm-training").fastest is None


def test_superseded_rows_and_other_metrics_do_not_count():
    pub = published([row(fw="jax", value=100.0), row(fw="pytorch", value=50.0, superseded=True),
                     row(fw="tensorflow", value=10.0, metric="peak_memory", unit="GB")])
    assert answer(benchmark_answers(pub), "llm-training").fastest is None


def test_a_split_verdict_names_no_winner():
    pub = published([row(fw="jax", value=100.0, model="A (fit)"), row(fw="pytorch", value=110.0, model="A (fit)"),
                     row(fw="jax", value=100.0, model="B (fit)"), row(fw="pytorch", value=90.0, model="B (fit)")])
    a = answer(benchmark_answers(pub), "llm-training")
    assert a.fastest is None and a.matched and "no clear winner" in a.sentence


def test_newest_accelerator_source_is_the_headline_not_cpu_toys():
    rows = [row(source="OLD", fw="pytorch", value=100.0, year="2018", family="vision-training"),
            row(source="OLD", fw="tensorflow", value=200.0, year="2018", family="vision-training"),
            row(source="NEW", fw="jax", value=100.0, year="2024", family="vision-training"),
            row(source="NEW", fw="pytorch", value=120.0, year="2024", family="vision-training"),
            row(source="CPU", fw="tensorflow", value=1.0, year="2026", family="vision-training", device="cpu",
                hardware="laptop"),
            row(source="CPU", fw="jax", value=2.0, year="2026", family="vision-training", device="cpu",
                hardware="laptop")]
    a = answer(benchmark_answers(published(rows)), "vision-training")
    assert a.fastest == "jax" and a.year == 2024
    assert "3 independent sources" in a.strength and "0 of the 2 other sources agree" in a.strength


def test_mlperf_pairs_only_within_round_benchmark_accelerator_and_count():
    mlperf = pd.read_csv(FIXTURES / "mlperf_results_small.csv", dtype=str, keep_default_na=False)
    ev = evidence_frame(mlperf=mlperf)
    assert len(ev) == 1  # resnet on 8 Gadget-9: TF vs PyTorch; JAX on 16 and BERT on other chips never pair
    pair = ev.iloc[0]
    assert (pair["fastest"], pair["runner_up"], pair["ratio"]) == ("pytorch", "tensorflow", 1.5)
    assert pair["hardware"] == "8× Gadget-9" and pair["year"] == 2031
    assert pair["url"].startswith("https://github.com/mlcommons/training_results_v9.9/tree/abc123/")
    a = answer(benchmark_answers(mlperf=mlperf), "vision-training")
    assert a.fastest == "pytorch" and a.ratio == 1.5 and a.as_of == "2031-06-01"
    assert answer(benchmark_answers(mlperf=mlperf), "llm-training").fastest is None


def test_answers_from_the_stored_data_are_complete_and_computed():
    answers = load_benchmark_answers()
    assert [a.family for a in answers] == ["llm-training", "llm-inference", "vision-training", "compile-speedups",
                                           "cpu-small"]
    for a in answers:
        dt.date.fromisoformat(a.as_of)
        assert a.sentence.startswith(a.family_label)
        if a.matched:
            assert a.source_url.startswith(("https://", "data/")) and a.year and a.hardware
        if a.ratio is not None:
            assert f"{a.ratio:.2f}×" in a.sentence or re.search(r"\d\.\d\d×", a.sentence)
    # Computed independently from the stored rows: the newest MLPerf Training round with BERT on the same 8 Gaudi 2
    # in two frameworks leads (an audited round before a single study of the same era); each framework's best time.
    rows = pd.read_csv(Path("data/benchmarks/mlperf/results.csv"), dtype=str)
    bert = rows[(rows["suite"] == "training") & (rows["round"] == "v3.1") & (rows["benchmark"] == "bert")
                & (rows["accelerator"] == "Intel Gaudi 2") & (rows["accelerator_count"] == "8")
                & (rows["valid"] == "true") & rows["framework"].isin(["pytorch", "tensorflow"])]
    best = bert.assign(v=bert["value"].astype(float)).groupby("framework")["v"].min().sort_values()
    assert len(best) == 2
    training = answer(answers, "llm-training")
    assert training.fastest == best.index[0] and training.hardware == "8× Intel Gaudi 2"
    assert f"{best.iloc[1] / best.iloc[0]:.2f}× as fast as" in training.sentence


def test_mlperf_rows_with_numbers_and_missing_dates_as_the_importer_may_store_them():
    mlperf = pd.read_csv(FIXTURES / "mlperf_results_small.csv")  # numbers, booleans and NaN as pandas reads them
    mlperf.loc[:, "round_date"] = None
    ev = evidence_frame(mlperf=mlperf)
    assert len(ev) == 1 and ev.iloc[0]["year"] is None and ev.iloc[0]["as_of"] is None
    assert ev.iloc[0]["fastest"] == "pytorch"


def _mlperf(date: str, tf_minutes: float = 30.0, pt_minutes: float = 20.0, valid: str = "true") -> pd.DataFrame:
    base = pd.read_csv(FIXTURES / "mlperf_results_small.csv", dtype=str, keep_default_na=False).iloc[:2].copy()
    base["round_date"] = date
    base["value"] = [str(tf_minutes), str(pt_minutes)]
    base["valid"] = ["true", valid]
    base["benchmark"] = "bert"
    return base


def test_an_audited_mlperf_round_leads_over_a_study_of_its_era_but_not_an_old_one():
    study = published([row(fw="jax", value=100.0, year="2024"), row(fw="pytorch", value=150.0, year="2024")])
    recent = answer(benchmark_answers(study, mlperf=_mlperf("2023-06")), "llm-training")
    assert recent.fastest == "pytorch" and recent.ratio == 1.5 and recent.hardware == "8× Gadget-9"
    assert "results published 2023-06" in recent.sentence and "2 independent sources" in recent.strength
    old = answer(benchmark_answers(study, mlperf=_mlperf("2020-07")), "llm-training")
    assert old.fastest == "jax" and old.source_title == "Study S1"  # results before 2022 never lead a newer study


def test_mlperf_pairs_come_from_mlperf_matched_so_invalid_results_never_pair():
    assert evidence_frame(mlperf=_mlperf("2023-06", valid="false")).empty


def test_undated_mlperf_rounds_take_the_round_date_lookup_and_say_what_the_date_is():
    from faceoff.bench import mlperf_round_dates

    rounds = pd.DataFrame([
        {"benchmark": "training", "version": "v9.9", "date": "2023-11-07", "date_kind": "repository-first-commit",
         "source_url": "https://example.org/repo", "note": "fallback"},
        {"benchmark": "training", "version": "v9.8", "date": None, "date_kind": None, "source_url": None,
         "note": "not found"}])
    dates = mlperf_round_dates(rounds)
    assert dates == {("training", "v9.9"): ("2023-11-07", "results repository's first commit")}  # undated: left out
    ev = evidence_frame(mlperf=_mlperf(""), mlperf_dates=dates)
    assert ev.iloc[0]["year"] == 2023 and "results repository's first commit 2023-11-07" in ev.iloc[0]["source"]
    assert "publication date not stored" in evidence_frame(mlperf=_mlperf("")).iloc[0]["source"]
