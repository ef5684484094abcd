"""Published studies: every row keeps its source, era and superseded flag; comparisons stay within one unit."""

from __future__ import annotations

import pandas as pd
import pytest

from faceoff.bench.convert_published import (
    convert,
    convert_recent,
    first_url,
    framework_family,
    mode_of,
    recent_framework_id,
    recent_mode,
)
from faceoff.bench.figures import make_published_figure
from faceoff.bench.studies import load_published, published_rows
from faceoff.errors import DataFileError
from faceoff.registry import load_dataset


def test_published_data_loads_with_every_source():
    loaded = load_dataset("benchmarks-published")
    pub = loaded.value
    assert loaded.rows == 223 + 192
    assert set(pub.rows["source_id"]) <= set(pub.sources["source_id"])
    assert set(pub.rows["framework_id"]) == {"pytorch", "tensorflow", "jax"}
    assert pub.rows["era"].str.match(r"^\d{4}: ").all()
    superseded = set(pub.rows.loc[pub.rows["superseded"], "source_id"])
    assert superseded == {"KERAS3_BENCH_2024_EARLY"}
    assert pub.source("KERAS3_BENCH_2024_EARLY")["superseded_by"] == "KERAS3_BENCH_2024"
    assert "KERAS3_BENCH_2024" in pub.studies() and "NOVAC_2022" not in pub.studies()


def test_framework_family_and_mode():
    assert framework_family("PyTorch (native, torch.compile)") == "pytorch"
    assert framework_family("Keras (TF backend)") == "tensorflow"
    assert framework_family("JAX (Keras 3 backend)") == "jax"
    assert mode_of("PyTorch (native, torch.compile)") == "compiled"
    assert mode_of("PyTorch (Keras 3 backend, eager)") == "eager"
    assert mode_of("TensorFlow") == "as-published"
    with pytest.raises(ValueError):
        framework_family("MXNet")


def test_convert_refuses_rows_without_a_source():
    rows = pd.DataFrame([{"source_id": "NOPE", "framework": "JAX", "framework_version": "0.4", "workload": "w",
                          "dataset": "d", "device": "GPU", "hardware": "h", "metric": "m", "value": "1",
                          "unit": "s", "notes": ""}])
    sources = pd.DataFrame([{"source_id": "A", "title": "t", "authors": "a", "year": "2024", "venue": "v",
                             "url_or_repo_path": "u"}])
    with pytest.raises(ValueError, match="unknown source"):
        convert(rows, sources)


def test_published_figure_keeps_one_metric_and_unit():
    pub = load_dataset("benchmarks-published").value
    rows = published_rows(pub, "KERAS3_BENCH_2024", "fit_time_per_step|ms/step")
    fig = make_published_figure(rows)
    assert "ms/step" in fig.layout.yaxis.title.text
    assert {t.name for t in fig.data} == set(rows["variant"])
    mixed = published_rows(pub, "ILKARMAN_DLF_2018")
    assert mixed["unit"].nunique() > 1
    with pytest.raises(ValueError, match="one study, metric and unit"):
        make_published_figure(mixed)


def test_corrupt_published_data_is_reported(real_data_copy):
    path = real_data_copy / "benchmarks" / "published" / "results.csv"
    text = path.read_text(encoding="utf-8").replace(",KERAS3_BENCH_2024,", ",UNKNOWN_SOURCE,", 1)
    path.write_text(text.replace(",1305.52,", ",fast,", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_published(path.parent)
    messages = " ".join(p.message for p in err.value.problems)
    assert "unknown source 'UNKNOWN_SOURCE'" in messages and "not a number" in messages


def test_studies_2022_2026_keep_hardware_precision_model_and_source_url():
    loaded = load_dataset("benchmarks-published")
    rows = loaded.value.rows
    recent = rows[rows["year"].astype(int) >= 2022]
    new_sources = set(recent["source_id"]) - {"KERAS3_BENCH_2024", "KERAS3_BENCH_2024_EARLY", "TUD_SSE_G2_2025"}
    assert len(new_sources) == 15
    new = rows[rows["source_id"].isin(new_sources)]
    assert len(new) == 192 and (new["year"].astype(int) >= 2024).sum() >= 77
    for column in ("hardware", "precision", "model", "batch_or_seq", "metric", "unit", "url", "location_in_source"):
        assert new[column].astype(bool).all(), column
    assert new["url"].str.startswith("https://").all()
    assert set(new["device"]) == {"gpu", "tpu", "not stated"}
    maxtext = loaded.value.source("maxtext_v5p_configs")
    assert "TensorCores" in maxtext["caveat"] and "synthetic" in maxtext["caveat"]
    assert loaded.as_of is not None  # the day the studies were copied (provenance.yaml), not a publication date


def test_recent_labels_map_to_frameworks_modes_and_addresses():
    assert recent_framework_id("vLLM TPU (PyTorch/XLA backend)") == "pytorch"
    assert recent_framework_id("JAX lowering (tpu-inference/torchax) vs PyTorch/XLA") == "jax"
    assert recent_mode("torch.compile + Float8") == "compiled" and recent_mode("jit (XLA)") == "compiled"
    assert recent_mode("eager (naive implementation)") == "eager"
    assert recent_mode("RPA v3 vs RPA v2 kernel") == "as-published"
    assert first_url("keras-team/keras-io path a/b.md @9612f973b5") == \
        "https://github.com/keras-team/keras-io/blob/9612f973b5/a/b.md"
    assert first_url("see github.com/x/y README") == "https://github.com/x/y"


def test_convert_recent_refuses_unknown_sources_and_values():
    base = {"source_id": "A", "framework": "JAX (MaxText)", "mode": "jit (XLA)", "framework_version": "v",
            "workload": "LLM pre-training", "model": "m", "hardware": "TPU v5p", "accelerator_count": "8",
            "precision": "bf16", "batch_or_seq": "b", "metric": "MFU", "value": "50", "unit": "%",
            "higher_is_better": "yes", "year": "2025", "url": "https://x", "location_in_source": "T1", "note": ""}
    sources = pd.DataFrame([{"source_id": "A", "title": "t", "authors": "a", "year": "2025", "url": "https://x",
                             "kind": "doc", "hardware_matched": "no", "rows": "1"}])
    out, _ = convert_recent(pd.DataFrame([base]), sources)
    assert out.iloc[0][["framework_id", "mode", "device", "family"]].tolist() == ["jax", "compiled", "tpu",
                                                                                   "llm-training"]
    with pytest.raises(ValueError, match="unknown source"):
        convert_recent(pd.DataFrame([{**base, "source_id": "B"}]), sources)
    with pytest.raises(ValueError):
        convert_recent(pd.DataFrame([{**base, "value": "fast"}]), sources)
