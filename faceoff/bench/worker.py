"""One fresh benchmark process: ``python -m faceoff.bench.worker`` runs one framework × mode × repeat.

It imports exactly one framework, runs the requested workloads in order and writes one result file per
workload as soon as it finishes, so a later crash loses nothing already measured.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import shlex
import sys
import traceback
from pathlib import Path

from faceoff.bench import env, harness, spec
from faceoff.bench.schema import SCHEMA_VERSION, BenchResult
from faceoff.io import atomic_write_text

ADAPTERS = {"pytorch": "faceoff.bench.fw_torch", "tensorflow": "faceoff.bench.fw_tensorflow",
            "jax": "faceoff.bench.fw_jax"}
EXIT_PARTIAL = 3
INFERENCE = ("forward", "generate")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m faceoff.bench.worker")
    p.add_argument("--framework", choices=spec.FRAMEWORKS, required=True)
    p.add_argument("--mode", choices=spec.MODES, required=True)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--workloads", required=True, help="comma-separated workload ids")
    p.add_argument("--suite", choices=["full", "quick", "custom"], default="full")
    p.add_argument("--overrides", default="{}", help="JSON of config overrides (epochs, steps, batch_size)")
    p.add_argument("--run-id", required=True)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--order-index", type=int, default=0)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--command", required=True, help="the user's command, stored with every result")
    p.add_argument("--load", default="", help="load average at the start of the run (comma-separated)")
    p.add_argument("--import-baseline", type=int, default=0)
    return p.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def log_tagged(tag: str, message: str) -> None:
    log(f"    {tag}: {message}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    harness.pin_cpus(args.threads)
    pre_import_rss = harness.current_rss()
    module = importlib.import_module(ADAPTERS[args.framework])
    adapter = module.Adapter(args.device, args.threads, args.mode)
    import_rss = harness.current_rss()
    load = [float(v) for v in args.load.split(",")] if args.load else env.load_average()
    overrides = json.loads(args.overrides)
    worker_command = shlex.join([sys.executable, "-m", "faceoff.bench.worker", *(argv or sys.argv[1:])])
    fw_env = adapter.environment()
    environment = env.collect(args.threads, args.command, worker_command, load)
    environment.update(framework_versions=fw_env["framework_versions"], matmul_precision=fw_env["matmul_precision"],
                       gpu=fw_env["gpu"], compile_cache=fw_env["compile_cache"])
    if fw_env["gpu"] is not None:
        smi = env.nvidia_smi()
        if smi:
            environment["gpu"] = {**fw_env["gpu"], "driver": smi["driver"], "memory_total": smi["memory_total"]}
    failures = 0
    for workload_id in args.workloads.split(","):
        workload = spec.WORKLOADS[workload_id]
        config = spec.override(workload.config(args.suite == "quick"), **overrides.get(workload_id, {}))
        tag = f"{workload_id} · {args.framework} · {args.mode}"
        log(f"  {tag}: start")
        try:
            params = spec.init_params(workload_id, config)
            measured = harness.measure(functools.partial(adapter.build, workload, config, params), workload,
                                       config, functools.partial(log_tagged, tag),
                                       adapter.reset_gpu_peak, adapter.gpu_peak)
            expected = spec.count_params(params)
            if measured["param_count"] != expected:
                raise RuntimeError(f"parameter count {measured['param_count']} differs from the reference "
                                   f"{expected}: the implementation is not the specified architecture")
            measured["memory"]["import_baseline_rss_bytes"] = import_rss - pre_import_rss
            measured["memory"]["gpu_method"] = adapter.gpu_method()
            result = BenchResult.model_validate({
                "schema_version": SCHEMA_VERSION,
                "run_id": args.run_id,
                "suite": args.suite,
                "workload": workload_id,
                "workload_title": workload.title,
                "kind": workload.kind,
                "dataset": workload.dataset,
                "framework": args.framework,
                "framework_version": adapter.version,
                "mode": args.mode,
                "mode_detail": spec.MODE_DETAIL[(args.framework, args.mode)],
                "device": args.device,
                "device_name": adapter.device_name(),
                "repeat": args.repeat,
                "repeats": args.repeats,
                "order_index": args.order_index,
                "config": config.to_dict(),
                "optimizer": spec.OPTIMIZER if workload.kind not in INFERENCE else {"name": "none (inference)"},
                "loss": spec.loss_for(workload) if workload.kind not in INFERENCE else "none (inference)",
                "environment": environment,
                **measured,
            })
        except Exception as exc:  # one workload failing must not stop the others
            failures += 1
            log(f"  {tag}: FAILED: {type(exc).__name__}: {exc}")
            traceback.print_exc(file=sys.stderr)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / result.file_name()
        atomic_write_text(target, result.model_dump_json(indent=1) + "\n")
        s = result.timing.summary
        acc = f", accuracy {result.accuracy.final:.4f}" if result.accuracy else ""
        if result.lm is not None:
            acc += f", {result.timing.throughput:.1f} tokens/s"
            acc += f", first token {result.lm.ttft_summary.median * 1000:.1f} ms" if result.lm.ttft_summary else ""
        log(f"  {tag}: median {s.median * 1000:.3f} ms/step (p10 {s.p10 * 1000:.3f}, p90 {s.p90 * 1000:.3f}), "
            f"compile {result.timing.compile_time_s:.2f} s{acc} -> {target}")
    return EXIT_PARTIAL if failures else 0


if __name__ == "__main__":
    sys.exit(main())
