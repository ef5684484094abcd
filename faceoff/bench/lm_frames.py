"""Tables of what the LM workloads add to a result: the loss curve, time to first token, decode throughput."""

from __future__ import annotations

import pandas as pd

from faceoff.bench.results import MEASURED
from faceoff.bench.schema import BenchResult

LOSS_COLUMNS = ["origin", "workload", "framework", "mode", "device", "repeat", "step", "warmup", "loss"]
GENERATION_COLUMNS = ["origin", "workload", "framework", "mode", "device", "repeat", "ttft_ms", "ttft_p10_ms",
                      "ttft_p90_ms", "decode_tokens_per_s", "tokens_per_s", "new_tokens", "prompt_tokens"]


def _device(device: str) -> str:
    return "cpu" if device == "cpu" else "gpu"


def loss_curve_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    """One row per training step of every ``lm-train`` result: step number from 1, warm-up flagged, the loss."""
    rows = []
    for r in results:
        if r.kind != "lm-train" or r.lm is None:
            continue
        for i, loss in enumerate(r.lm.loss_per_step):
            rows.append([origin, r.workload, r.framework, r.mode, _device(r.device), r.repeat, i + 1,
                         i < r.config.warmup_steps, loss])
    return pd.DataFrame(rows, columns=LOSS_COLUMNS)


def generation_frame(results: list[BenchResult], origin: str = MEASURED) -> pd.DataFrame:
    """One row per ``generate`` result: time to first token (median and p10–p90, ms) and tokens per second."""
    rows = []
    for r in results:
        if r.kind != "generate" or r.lm is None or r.lm.ttft_summary is None:
            continue
        t = r.lm.ttft_summary
        rows.append([origin, r.workload, r.framework, r.mode, _device(r.device), r.repeat, t.median * 1000,
                     t.p10 * 1000, t.p90 * 1000, r.lm.decode_tokens_per_s, r.timing.throughput, r.lm.new_tokens,
                     r.lm.prompt_tokens])
    return pd.DataFrame(rows, columns=GENERATION_COLUMNS)
