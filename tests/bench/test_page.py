"""AppTest runs of the Benchmarks page: measured view, published studies, URL-seeded filters, broken data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/benchmarks.py"


def run_page(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [e.value for e in at.error] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def test_answers_first_then_the_llm_training_evidence_by_default():
    at = run_page()
    first = [m.value for m in at.markdown][:6]
    answers = [m for m in first if re.match(r"\*\*[^*]+:\*\* ", m)]
    assert len(answers) >= 5, first  # the first elements drawn are the five family answers
    training = next(m for m in answers if m.startswith("**Transformer and LLM training:**"))
    assert re.search(r"\b(PyTorch|TensorFlow|JAX) was fastest in \d+ of \d+ hardware-matched", training)
    # The audited MLPerf round with a same-hardware PyTorch/TensorFlow pair leads (RANK_RULE), its date named.
    assert re.search(r"\d\.\d\d×", training) and "Gaudi 2" in training and "MLPerf Training v3.1" in training
    assert "results repository's first commit 2023-11-07" in training
    assert at.radio(key="b_view").value == "llm-training"
    body = texts(at)
    assert "not a cross-framework answer" in body  # the compile family says what it is
    assert "MLPerf results are included" in body and "audited MLPerf rounds" in body
    assert "measured on a busy machine" in body  # the CPU family says which of Faceoff's runs it left out
    assert "Behind the answer: Transformer and LLM training" in body
    assert len(at.get("plotly_chart")) == 1
    assert "2-core CPU machine" not in body  # the CPU toy runs are not the default view


def test_each_family_view_lists_its_comparisons_with_sources():
    at = run_page(b_view="Vision model training")
    assert at.radio(key="b_view").value == "vision-training"
    items = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert items and all("as fast as" in i and "](https://" in i for i in "\n".join(items).split("\n- "))
    assert any("DAWNBench" in i for i in items) and any("Keras 3 benchmarks (2024)" in i for i in items)
    at2 = run_page(b_view="llm-inference")  # id links work too
    assert "Not counted: vLLM TPU" in texts(at2)


def test_the_answer_button_selects_its_family():
    at = run_page()
    at.button(key="b_go_cpu-small").click().run()
    assert at.radio(key="b_view").value == "cpu-small"
    assert "Behind the answer: Small models on CPU" in texts(at)


def test_measured_view_when_asked_for():
    at = run_page(b_view="explore", b_src="measured")
    assert at.selectbox(key="b_src").value == "measured"
    assert at.selectbox(key="b_wl").value == "mlp-digits"
    assert at.selectbox(key="b_metric").value == "step_time"
    body = texts(at)
    assert "2-core CPU machine, one thread per framework" in body
    assert "Compiled vs eager" in body
    assert "Reproduce it" in body
    assert len(at.get("plotly_chart")) >= 3
    assert at.code and any(c.value.startswith("python -m faceoff bench run") for c in at.code)


def test_url_seeds_the_measured_filters():
    at = run_page(b_wl="matmul", b_metric="throughput", b_fw=["jax", "pytorch"], b_mode="compiled")
    assert at.selectbox(key="b_wl").value == "matmul"
    assert at.radio(key="b_view").value == "explore"  # an old link with explorer filters opens the explorer
    assert at.selectbox(key="b_src").value == "measured"
    body = texts(at)
    assert "Matrix multiply" in body or "matmul" not in body
    at2 = run_page(b_wl="matmul", b_metric="accuracy")
    assert "does not apply" in texts(at2)


def test_invalid_url_values_are_ignored():
    at = run_page(b_wl="<script>", b_metric="nope", b_src="DROP TABLE", b_view="<img>")
    assert at.radio(key="b_view").value == "explore"
    assert at.selectbox(key="b_src").value == "measured"
    assert at.selectbox(key="b_wl").value == "mlp-digits"
    assert "<script>" not in texts(at)


def test_published_study_shows_its_citation():
    at = run_page(b_src="KERAS3_BENCH_2024")
    body = texts(at)
    assert "Keras 3 benchmarks" in body and "2024" in body
    assert at.selectbox(key="b_pmetric").value == "fit_time_per_step|ms/step"
    assert len(at.get("plotly_chart")) == 1
    assert any("keras.io" in c.value for c in at.code)
    assert not at.warning


def test_superseded_study_is_flagged():
    at = run_page(b_src="KERAS3_BENCH_2024_EARLY")
    assert any("superseded by KERAS3_BENCH_2024" in w.value for w in at.warning)


def test_published_filters_without_match_show_an_empty_state():
    at = run_page(b_src="TUD_SSE_G2_2025", b_pdev="cpu", b_pfw="jax", b_pmetric="cpu_energy_median|J")
    assert at.selectbox(key="b_pmetric").value == "cpu_energy_median|J"
    assert len(at.get("plotly_chart")) == 1
    at2 = run_page(b_src="KERAS3_BENCH_2024", b_pwl="BERT (fit)", b_pmetric="generate_time_per_step|ms/step")
    assert "No published number matches" in texts(at2)
    at3 = run_page(b_src="DAWNBENCH_SEED_2017", b_pfw="jax")  # JAX is not in that study: the link falls back
    assert at3.get("button_group") and len(at3.get("plotly_chart")) == 1


@pytest.fixture
def data_without_measured(real_data_copy):
    shutil.rmtree(real_data_copy / "benchmarks" / "measured")
    return real_data_copy


def test_missing_measured_results_keep_the_answers_and_published_view(data_without_measured):
    at = run_page(b_view="explore")
    assert any("Measured benchmarks" in e.value and "could not be loaded" in e.value for e in at.error)
    assert at.selectbox(key="b_src").value != "measured"
    assert "Small models on CPU:" in texts(at)  # the published CPU study still answers


def test_a_corrupt_published_file_still_draws_the_page(real_data_copy):
    (real_data_copy / "benchmarks" / "published" / "results.csv").write_text("row_id\n1\n", encoding="utf-8")
    at = run_page()
    assert any("could not be loaded" in e.value for e in at.error)
    assert "Small models on CPU:" in texts(at)  # Faceoff's own runs still give that answer


def test_lm_workloads_show_their_own_charts_and_the_busy_machine_note():
    gen = run_page(b_view="explore", b_src="measured", b_wl="lm-generate")
    body = texts(gen)
    # The stored LM run started while the 1-minute load was 6.38–12.01 on 2 cores (their environment files).
    assert "All results shown here were measured on a busy machine (load 6.4–12.0 on 2 cores): not a ranking" in body
    assert "one whole generation" in body and "Time to first token" in body and "Decode speed" in body
    assert "Measured on a busy machine, so read as what happened, not as a ranking: Quickest first token" in body
    keys = {c.proto.id for c in gen.get("plotly_chart")}
    assert any("b_chart_ttft" in k for k in keys) and any("b_chart_decode" in k for k in keys)
    train = run_page(b_view="explore", b_src="measured", b_wl="lm-train")
    assert "Training loss per step" in texts(train) and "the frameworks train the same model" in texts(train)
    # The matmul runs: only those whose own environment shows a load above the core count are called busy.
    envs = [json.loads(p.read_text())["environment"] for p in (ROOT / "data/benchmarks/measured").glob("matmul__*")]
    busy = sum(1 for e in envs if e["load_average_at_start"][0] > e["cpu_cores_logical"])
    assert 0 < busy < len(envs)
    matmul = run_page(b_view="explore", b_src="measured", b_wl="matmul")
    assert f"{busy} of {len(envs)} results shown here were measured on a busy machine" in texts(matmul)
