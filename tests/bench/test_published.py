"""Published studies: every row keeps its source, era and superseded flag; comparisons stay within one unit."""

from __future__ import annotations

import pandas as pd
import pytest

from faceoff.bench.convert_published import convert, framework_family, mode_of
from faceoff.bench.studies import load_published, make_published_figure, published_rows
from faceoff.errors import DataFileError
from faceoff.registry import load_dataset


def test_published_data_loads_with_every_source():
    loaded = load_dataset("benchmarks-published")
    pub = loaded.value
    assert loaded.rows == 223
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
    assert {t.name for t in fig.data} == set(rows["framework"])
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
