"""AppTest runs of the Benchmarks page: measured view, published studies, URL-seeded filters, broken data."""

from __future__ import annotations

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


def test_measured_view_by_default():
    at = run_page()
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
    assert at.multiselect(key="b_fw").value == ["jax", "pytorch"]
    assert at.multiselect(key="b_mode").value == ["compiled"]
    at2 = run_page(b_wl="matmul", b_metric="accuracy")
    assert "does not apply" in texts(at2)


def test_invalid_url_values_are_ignored():
    at = run_page(b_wl="<script>", b_metric="nope", b_src="DROP TABLE")
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
    at2 = run_page(b_src="DAWNBENCH_SEED_2017", b_pfw="jax")
    assert "No published number matches" in texts(at2)


@pytest.fixture
def data_without_measured(real_data_copy):
    shutil.rmtree(real_data_copy / "benchmarks" / "measured")
    return real_data_copy


def test_missing_measured_results_keep_the_published_view(data_without_measured):
    at = run_page()
    assert any("Measured benchmarks" in e.value and "could not be loaded" in e.value for e in at.error)
    assert at.selectbox(key="b_src").value == "KERAS3_BENCH_2024"
