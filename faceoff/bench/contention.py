"""When a measured result ran on a busy machine, and so is shown but never counted as evidence.

The rule: a result whose 1-minute load average at its start exceeded ``BUSY_LOAD_PER_CORE`` × the machine's logical
core count was measured while other processes competed for the cores; its timings rank the machines' other tenants
as much as the frameworks. Such results stay on the page with a note and are left out of the answers.
"""

from __future__ import annotations

from faceoff.bench.schema import BenchResult

#: a 1-minute load average above this many runnable processes per logical core marks a result as busy
BUSY_LOAD_PER_CORE = 1.0


def load_and_cores(result: BenchResult) -> tuple[float | None, int | None]:
    """The result's 1-minute load average at its start and the machine's logical (else physical) core count."""
    env = result.environment
    load = env.load_average_at_start[0] if env.load_average_at_start else None
    return load, env.cpu_cores_logical or env.cpu_cores_physical


def is_busy(load: float | None, cores: int | None) -> bool:
    """True when the load exceeded the rule's limit; unknown load or cores are not called busy (nothing to show)."""
    if load is None or cores is None or cores < 1:
        return False
    return load > BUSY_LOAD_PER_CORE * cores


def busy_note(loads: list[float], cores: int) -> str:
    """The words the page shows next to busy results: their load (a range when several) on the machine's cores."""
    low, high = min(loads), max(loads)
    load = f"{low:.1f}" if round(low, 1) == round(high, 1) else f"{low:.1f}–{high:.1f}"
    return f"measured on a busy machine (load {load} on {cores} cores): not a ranking"
