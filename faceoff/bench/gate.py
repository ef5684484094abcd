"""The correctness gate: the same workload must have equal parameter counts and agreeing results everywhere."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from faceoff.bench.schema import BenchResult

ACCURACY_TOLERANCE = 0.03  # absolute: 3 percentage points of test accuracy
CHECKSUM_TOLERANCE = {"forward": 0.01, "train-steps": 0.05}  # relative: mean |output|, or the final loss
# LM training from the same weights on the same first batch: the first loss is one float32 forward pass, equal to
# ~1e-6 (relative) in every framework and mode (tests/bench/test_lm_parity.py checks 1e-5 against float64 NumPy);
# 1e-4 leaves room for compiler fusion and reordering while any difference in the function (a mask, a layer
# order, a transposed weight) moves it far more. Later losses drift apart as Adam compounds rounding: 2 %.
LM_FIRST_LOSS_TOLERANCE = 1e-4
LM_LAST_LOSS_TOLERANCE = 0.02


@dataclass(frozen=True)
class Check:
    workload: str
    group: str
    check: str
    ok: bool
    detail: str


def _key(r: BenchResult) -> tuple:
    return (r.workload, r.device.split(":")[0], r.suite, tuple(sorted(r.config.size.items())), r.config.batch_size,
            r.config.epochs, r.config.steps)


def _label(r: BenchResult) -> str:
    return f"{r.framework}/{r.mode}"


def run_gate(results: Iterable[BenchResult]) -> list[Check]:
    groups: dict[tuple, list[BenchResult]] = defaultdict(list)
    for r in results:
        groups[_key(r)].append(r)
    checks: list[Check] = []
    for key, rows in sorted(groups.items(), key=lambda kv: str(kv[0])):
        workload, device, suite = key[0], key[1], key[2]
        group = f"{suite} on {device}, batch {key[4]}"
        counts = {_label(r): r.param_count for r in rows}
        same = len(set(counts.values())) == 1
        checks.append(Check(workload, group, "parameter count", same,
                            ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))))
        if rows[0].accuracy is not None:
            finals = [r.accuracy.final for r in rows if r.accuracy is not None]
            spread = max(finals) - min(finals)
            checks.append(Check(workload, group, f"final accuracy within {ACCURACY_TOLERANCE:.0%}",
                                spread <= ACCURACY_TOLERANCE + 1e-12,
                                f"{min(finals):.4f}–{max(finals):.4f} (spread {spread:.4f}) over {len(finals)} runs"))
        sums = [r.output_checksum for r in rows if r.output_checksum is not None]
        if sums and rows[0].kind in CHECKSUM_TOLERANCE:
            tol = CHECKSUM_TOLERANCE[rows[0].kind]
            ref = max(abs(v) for v in sums) or 1.0
            spread = (max(sums) - min(sums)) / ref
            what = "mean |output|" if rows[0].kind == "forward" else "loss after the last step"
            checks.append(Check(workload, group, f"{what} within {tol:.0%}", spread <= tol and
                                all(math.isfinite(v) for v in sums),
                                f"{min(sums):.6g}–{max(sums):.6g} (relative spread {spread:.2e})"))
        if rows[0].kind in ("lm-train", "generate"):
            checks.extend(_lm_checks(workload, group, rows))
    return checks


def _spread(values: list[float]) -> float:
    ref = max(abs(v) for v in values) or 1.0
    return (max(values) - min(values)) / ref


def _lm_checks(workload: str, group: str, rows: list[BenchResult]) -> list[Check]:
    lms = [(r, r.lm) for r in rows if r.lm is not None]
    if len(lms) < len(rows):
        return [Check(workload, group, "language-model section", False,
                      f"{len(rows) - len(lms)} result(s) without the lm section")]
    if rows[0].kind == "generate":
        seqs = {f"{_label(r)}/r{r.repeat}": tuple(lm.generated) for r, lm in lms}
        same = len(set(seqs.values())) == 1
        detail = f"{len(lms)} runs generated the same {len(next(iter(seqs.values())))} tokens" if same else \
            "differ: " + "; ".join(f"{k} {list(v)[:8]}…" for k, v in sorted(seqs.items()))
        return [Check(workload, group, "greedy tokens identical", same, detail)]
    out = []
    for name, index, tol in (("first", 0, LM_FIRST_LOSS_TOLERANCE), ("last", -1, LM_LAST_LOSS_TOLERANCE)):
        values = [lm.loss_per_step[index] for _, lm in lms if lm.loss_per_step]
        if not values:
            out.append(Check(workload, group, f"{name} loss", False, "no losses recorded"))
            continue
        spread = _spread(values)
        out.append(Check(workload, group, f"{name} training loss within {tol:.2g} (relative)",
                         spread <= tol and all(math.isfinite(v) for v in values),
                         f"{min(values):.6g}–{max(values):.6g} (relative spread {spread:.2e}) over {len(values)} "
                         "runs"))
    return out


def gate_ok(checks: Iterable[Check]) -> bool:
    return all(c.ok for c in checks)
