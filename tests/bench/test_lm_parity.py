"""The LM workloads: real corpus, causal reference model, and each framework against the float64 NumPy reference."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from faceoff.bench import corpus, lm_spec, runner, spec

TINY = {"vocab": 256, "ctx": 12, "d_model": 16, "heads": 2, "layers": 2, "ffn": 32, "prompt": 4, "new_tokens": 6}
ADAPTERS = {"pytorch": "faceoff.bench.fw_torch", "tensorflow": "faceoff.bench.fw_tensorflow",
            "jax": "faceoff.bench.fw_jax"}


def test_corpus_is_the_bundled_text_and_batches_repeat():
    info = corpus.describe()
    assert info["bytes"] > 30_000 and len(info["sha256"]) == 64
    assert b"digits" in corpus.corpus_bytes()
    a = corpus.lm_batches(3, 8, 2, seed=0)
    b = corpus.lm_batches(3, 8, 2, seed=0)
    assert all(np.array_equal(x1, x2) and np.array_equal(y1, y2) for (x1, y1), (x2, y2) in zip(a, b, strict=True))
    x, y = a[0]
    assert x.shape == y.shape == (3, 8) and np.array_equal(x[:, 1:], y[:, :-1])  # targets are the next byte
    assert not np.array_equal(a[0][0], a[1][0])
    assert corpus.prompt(5).tolist() == [list(b"The d")]


def test_reference_model_is_causal():
    params = lm_spec.init_lm(TINY, seed=1)
    x = corpus.lm_batches(2, 10, 1, seed=0)[0][0]
    changed = x.copy()
    changed[:, 6] = (changed[:, 6] + 1) % 256
    before, after = lm_spec.reference_logits(params, x, 2), lm_spec.reference_logits(params, changed, 2)
    assert np.allclose(before[:, :6], after[:, :6])
    assert not np.allclose(before[:, 6:], after[:, 6:])


def test_lm_sizes_are_checked():
    with pytest.raises(ValueError, match="divisible"):
        lm_spec.check_size({**TINY, "heads": 3})
    with pytest.raises(ValueError, match="exceed"):
        lm_spec.check_size({**TINY, "new_tokens": 20})
    counts = spec.count_params(spec.init_params("lm-train", spec.WORKLOADS["lm-train"].full))
    assert counts == 2 * (4 * (128 * 128 + 128) + 2 * 128 * 512 + 512 + 128 + 4 * 128) + 256 * 128 + 64 * 128 + \
        2 * 128 + 128 * 256 + 256


def _task(framework: str, workload_id: str, config: spec.Config):
    if not runner.installed(framework):
        pytest.skip(f"{framework} is not installed: {spec.INSTALL_HINTS[framework]}")
    module = importlib.import_module(ADAPTERS[framework])
    adapter = module.Adapter("cpu", 1, "eager")
    params = spec.init_params(workload_id, config)
    return adapter.build(spec.WORKLOADS[workload_id], config, params), params


@pytest.mark.bench
@pytest.mark.parametrize("framework", spec.FRAMEWORKS)
def test_same_weights_give_the_reference_logits_and_first_loss(framework):
    config = spec.Config(batch_size=3, steps=1, seed=4, size=TINY)
    task, params = _task(framework, "lm-train", config)
    x, y = corpus.lm_batches(3, TINY["ctx"], 1, seed=4)[0]
    reference = lm_spec.reference_logits(params, x, TINY["heads"])
    # float32 against float64: the projections sum 16–32 products, so errors stay near 1e-6 of unit-sized logits.
    np.testing.assert_allclose(task.logits(x), reference, atol=2e-5, rtol=0)
    assert task.param_count == spec.count_params(params)
    out = task.train_step(task.to_device(x), task.to_device(y))
    task.sync(out)
    assert task.loss_value(out) == pytest.approx(lm_spec.reference_loss(params, x, y, TINY["heads"]), rel=1e-5)
    after = task.logits(x)  # one Adam step later the model has changed
    assert np.abs(after - reference).max() > 1e-3


@pytest.mark.bench
@pytest.mark.parametrize("framework", spec.FRAMEWORKS)
def test_kv_cache_generation_matches_recomputing_the_whole_sequence(framework):
    config = spec.Config(batch_size=2, steps=1, seed=2, size=TINY)
    task, params = _task(framework, "lm-generate", config)
    tokens, ttft = task.generate()
    expected = lm_spec.reference_greedy(params, corpus.prompt(TINY["prompt"], 2), TINY["new_tokens"], TINY["heads"])
    assert tokens.shape == (2, TINY["new_tokens"])
    assert tokens.tolist() == expected.tolist()
    assert ttft > 0
