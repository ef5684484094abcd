"""LM result files: the schema's lm section and the correctness gate's loss and token checks (no framework needed)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from faceoff.bench.gate import LM_FIRST_LOSS_TOLERANCE, gate_ok, run_gate
from faceoff.bench.schema import BenchResult
from faceoff.bench.stats import summarize
from tests.bench.conftest import BASE_STEPS, make_result

LM = {"corpus": "test corpus", "corpus_bytes": 1000, "corpus_sha256": "a" * 64}
SIZE = {"vocab": 256, "ctx": 16, "d_model": 32, "heads": 2, "layers": 1, "ffn": 64}


def lm_train(framework: str, first: float = 5.86, last: float = 5.52, **lm) -> dict:
    r = make_result(framework, workload="lm-train", accuracy=None, params=25760, output_checksum=last)
    r.update(kind="lm-train")
    r["config"]["size"] = SIZE
    r["timing"]["throughput_unit"] = "tokens/s"
    r["timing"]["warmup_times_s"] = [1.5, 0.01]  # 2 warm-up + 7 measured steps: 9 losses
    r["lm"] = {**LM, "tokens_per_step": 64, "loss_per_step": [first, *[5.7] * len(BASE_STEPS), last], **lm}
    return r


def lm_generate(framework: str, generated: list[int] | None = None, ttft: list[float] | None = None) -> dict:
    r = make_result(framework, workload="lm-generate", accuracy=None, params=25760)
    r.update(kind="generate")
    r["config"]["size"] = {**SIZE, "prompt": 4, "new_tokens": 3}
    r["timing"]["throughput_unit"] = "tokens/s"
    ttft = ttft or [s / 10 for s in BASE_STEPS]
    r["lm"] = {**LM, "tokens_per_step": 3, "prompt_tokens": 4, "new_tokens": 3, "ttft_s": ttft,
               "warmup_ttft_s": [1.0], "ttft_summary": summarize(ttft), "decode_tokens_per_s": 200.0,
               "generated": generated or [101, 32, 116]}
    return r


def test_lm_results_validate():
    assert BenchResult.model_validate(lm_train("pytorch")).lm.loss_per_step[0] == 5.86
    assert BenchResult.model_validate(lm_generate("jax")).lm.generated == [101, 32, 116]


@pytest.mark.parametrize("build, mutate, message", [
    (lm_train, lambda r: r.update(lm=None), "needs the lm section"),
    (lm_train, lambda r: r["lm"].update(loss_per_step=[5.0]), "one loss per step"),
    (lm_train, lambda r: r["lm"].update(corpus_sha256="xyz"), "corpus_sha256"),
    (lm_generate, lambda r: r["lm"].update(ttft_s=[0.001]), "one time to first token"),
    (lm_generate, lambda r: r["lm"].update(ttft_s=[1.0] * len(BASE_STEPS),
                                           ttft_summary=summarize([1.0] * len(BASE_STEPS))), "exceeds"),
    (lm_generate, lambda r: r["lm"].update(generated=[1, 2]), "new_tokens byte ids"),
    (lm_generate, lambda r: r["lm"].update(generated=[1, 2, 300]), "less than or equal"),
    (lm_generate, lambda r: r["lm"]["ttft_summary"].update(median=0.00105), "does not match"),
])
def test_inconsistent_lm_results_are_rejected(build, mutate, message):
    r = build("pytorch")
    mutate(r)
    with pytest.raises(ValidationError, match=message):
        BenchResult.model_validate(r)


def _gate(*dicts: dict):
    return run_gate([BenchResult.model_validate(d) for d in dicts])


def test_gate_requires_the_same_first_loss():
    agree = _gate(lm_train("pytorch"), lm_train("jax", first=5.86 * (1 + LM_FIRST_LOSS_TOLERANCE / 2)))
    assert gate_ok(agree)
    assert any(c.check.startswith("first training loss") and c.ok for c in agree)
    differ = _gate(lm_train("pytorch"), lm_train("jax", first=5.87))
    assert [c.check for c in differ if not c.ok] == [f"first training loss within {LM_FIRST_LOSS_TOLERANCE:.2g} "
                                                     "(relative)"]


def test_gate_tolerates_small_drift_of_the_last_loss_only():
    assert gate_ok(_gate(lm_train("pytorch", last=5.52), lm_train("tensorflow", last=5.60)))
    assert not gate_ok(_gate(lm_train("pytorch", last=5.52), lm_train("tensorflow", last=5.80)))


def test_gate_requires_identical_generated_tokens():
    assert gate_ok(_gate(lm_generate("pytorch"), lm_generate("tensorflow")))
    checks = _gate(lm_generate("pytorch"), lm_generate("tensorflow", generated=[101, 32, 117]))
    failed = [c for c in checks if not c.ok]
    assert [c.check for c in failed] == ["greedy tokens identical"] and "differ" in failed[0].detail


def test_lm_frames_give_the_loss_curve_and_generation_times():
    from faceoff.bench.lm_frames import generation_frame, loss_curve_frame

    results = [BenchResult.model_validate(d) for d in (lm_train("pytorch", first=5.9, last=5.1),
                                                       lm_generate("jax"), make_result("tensorflow"))]
    curve = loss_curve_frame(results)
    assert list(curve["step"]) == list(range(1, 10)) and set(curve["framework"]) == {"pytorch"}
    assert list(curve["warmup"])[:3] == [True, False, False]  # the builder's config has one warm-up step
    assert curve["loss"].iloc[0] == 5.9 and curve["loss"].iloc[-1] == 5.1
    gen = generation_frame(results)
    assert len(gen) == 1 and gen["framework"].iloc[0] == "jax"
    assert gen["ttft_ms"].iloc[0] == pytest.approx(summarize([s / 10 for s in BASE_STEPS])["median"] * 1000)
    assert gen["decode_tokens_per_s"].iloc[0] == 200.0
