"""``python -m faceoff bench run|list|validate|schema|import-published``; no framework is imported here."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from faceoff import clock
from faceoff.bench import spec
from faceoff.paths import ROOT

SCHEMA_DOC = ROOT / "docs" / "benchmark-result.schema.json"
MEASURED_DIR = ROOT / "data" / "benchmarks" / "measured"


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="run the PyTorch / TensorFlow / JAX benchmark harness")
    sub = parser.add_subparsers(dest="bench_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])

    run = sub.add_parser("run", help="run the suite: one fresh process per framework × mode × repeat")
    run.add_argument("--quick", action="store_true",
                     help=f"tiny configuration for tests: {', '.join(spec.QUICK_WORKLOADS)}, 1 repeat")
    run.add_argument("--frameworks", type=_csv, default=list(spec.FRAMEWORKS),
                     help="comma-separated: pytorch,tensorflow,jax (default: all)")
    run.add_argument("--modes", type=_csv, default=list(spec.MODES), help="eager,compiled (default: both)")
    run.add_argument("--workloads", type=_csv, default=None,
                     help=f"comma-separated (default: all; --quick: {','.join(spec.QUICK_WORKLOADS)})")
    run.add_argument("--repeats", type=int, default=None, help="fresh-process repeats (default 3; --quick: 1)")
    run.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                     help="intra-op threads for every framework (default: all CPUs)")
    run.add_argument("--device", default="cpu", help="cpu or cuda:N (default cpu)")
    run.add_argument("--epochs", type=int, default=None, help="override the epochs of the training workloads")
    run.add_argument("--steps", type=int, default=None, help="override the measured steps of the step workloads")
    run.add_argument("--batch-size", type=int, default=None, help="override the batch size of every workload")
    run.add_argument("--out", type=Path, default=None, help="folder for result files (default out/bench/RUN_ID)")
    run.add_argument("--run-id", default=None, help="default: UTC date-time")
    run.add_argument("--timeout", type=float, default=1800, help="seconds per worker process (default 1800)")
    run.add_argument("--compile-cache", choices=["fresh", "default"], default=None,
                     help="torch.compile cache: a fresh folder for this run (full default: cold first compile) "
                          "or the user's default (quick default)")
    run.add_argument("--dry-run", action="store_true", help="print the plan and exit")
    run.set_defaults(func=cmd_run)

    lst = sub.add_parser("list", help="list workloads, configurations and installed frameworks")
    lst.set_defaults(func=cmd_list)

    val = sub.add_parser("validate", help="schema-validate result files and run the correctness gate")
    val.add_argument("paths", nargs="*", type=Path, help=f"files or folders (default {MEASURED_DIR.relative_to(ROOT)})")
    val.set_defaults(func=cmd_validate)

    sch = sub.add_parser("schema", help="print the result JSON Schema (--write updates docs/)")
    sch.add_argument("--write", action="store_true", help=f"write {SCHEMA_DOC.relative_to(ROOT)}")
    sch.set_defaults(func=cmd_schema)

    imp = sub.add_parser("import-published", help="convert the reference CSVs into data/benchmarks/published/")
    imp.add_argument("--from", dest="source", type=Path, required=True,
                     help="folder with published_benchmarks.csv and published_benchmarks_sources.csv")
    imp.add_argument("--to", dest="target", type=Path, default=ROOT / "data" / "benchmarks" / "published")
    imp.set_defaults(func=cmd_import)

    mlp = sub.add_parser("import-mlperf", help="score MLCommons results repositories into data/benchmarks/mlperf/")
    mlp.add_argument("dirs", nargs="+", metavar="DIR[@COMMIT]",
                     help="results repository checkouts or bare git directories (default commit: HEAD)")
    mlp.add_argument("--to", dest="target", type=Path, default=ROOT / "data" / "benchmarks" / "mlperf")
    mlp.add_argument("--missing", action="append", default=[], metavar="ROUND=REASON",
                     help="record a round that could not be imported and why (repeatable)")
    mlp.add_argument("--inference-divisions", type=_csv, default=["closed", "network"],
                     help="inference divisions to keep (default closed,network; 'all' keeps open too)")
    mlp.add_argument("--skips", type=Path, default=None, help="write every skipped or failed file (with line) here")
    mlp.set_defaults(func=cmd_import_mlperf)


def cmd_run(args: argparse.Namespace) -> int:
    from faceoff.bench import runner

    unknown = [f for f in args.frameworks if f not in spec.FRAMEWORKS]
    unknown += [m for m in args.modes if m not in spec.MODES]
    workloads = args.workloads or list(spec.QUICK_WORKLOADS if args.quick else spec.WORKLOADS)
    unknown += [w for w in workloads if w not in spec.WORKLOADS]
    if unknown:
        print(f"unknown framework/mode/workload: {', '.join(unknown)} (see `python -m faceoff bench list`)",
              file=sys.stderr)
        return 2
    if args.device != "cpu" and not args.device.startswith("cuda:"):
        print("--device must be cpu or cuda:N", file=sys.stderr)
        return 2
    if args.threads < 1:
        print("--threads must be at least 1", file=sys.stderr)
        return 2
    frameworks = []
    for fw in args.frameworks:
        if runner.installed(fw):
            frameworks.append(fw)
        else:
            print(f"skipping {spec.FRAMEWORK_LABELS[fw]}: not installed. Install it with: {spec.INSTALL_HINTS[fw]}",
                  file=sys.stderr)
    if not frameworks:
        print("no framework to run", file=sys.stderr)
        return 1
    overrides: dict = {}
    for wid in workloads:
        w = spec.WORKLOADS[wid]
        change = {}
        if args.epochs is not None and w.kind == "train-epochs":
            change["epochs"] = args.epochs
        if args.steps is not None and w.kind != "train-epochs":
            change["steps"] = args.steps
        if args.batch_size is not None and wid != "matmul":
            change["batch_size"] = args.batch_size
        if change:
            overrides[wid] = change
    suite = "custom" if overrides else ("quick" if args.quick else "full")
    run_id = args.run_id or clock.now().strftime("%Y%m%dT%H%M%SZ")
    argv = sys.argv[1:] if sys.argv and sys.argv[0].endswith(("__main__.py", "faceoff")) else ["bench", "run"]
    options = runner.RunOptions(
        frameworks=frameworks, modes=args.modes, workloads=workloads,
        repeats=args.repeats or (1 if args.quick else 3), threads=args.threads, device=args.device, suite=suite,
        overrides=overrides, out=args.out or ROOT / "out" / "bench" / run_id, run_id=run_id,
        command=shlex.join(["python", "-m", "faceoff", *argv]), timeout=args.timeout,
        fresh_compile_cache=(args.compile_cache or ("default" if args.quick else "fresh")) == "fresh")
    if args.dry_run:
        for job in runner.plan(options.frameworks, options.modes, options.repeats):
            print(f"{job.index + 1:>3}. repeat {job.repeat} · {job.framework} · {job.mode} · {','.join(workloads)}")
        return 0
    outcomes = runner.run_suite(options, echo=lambda line: print(line, flush=True))
    files = [f for o in outcomes for f in o.files]
    status = report(files)
    failed = [o for o in outcomes if o.returncode != 0]
    return 1 if failed or status else 0


def load_results(paths: list[Path]) -> tuple[list, list[str]]:
    from faceoff.bench.results import parse_result_file

    results, errors = [], []
    for path in paths:
        try:
            results.append(parse_result_file(path))
        except Exception as exc:
            errors.append(f"{path}: {exc}")
    return results, errors


def report(files: list[Path]) -> int:
    """Print a summary table and the correctness gate of these result files; 1 when anything is wrong."""
    from faceoff.bench.gate import gate_ok, run_gate

    results, errors = load_results(files)
    for error in errors:
        print(f"INVALID {error}")
    rows: dict[tuple, list[float]] = {}
    for r in results:
        rows.setdefault((r.workload, r.framework, r.mode), []).append(r.timing.summary.median)
    if rows:
        print(f"\n{'workload':<18} {'framework':<11} {'mode':<9} {'median ms/step (per repeat)'}")
        for (w, f, m), meds in sorted(rows.items()):
            print(f"{w:<18} {f:<11} {m:<9} {', '.join(f'{v * 1000:.3f}' for v in meds)}")
    checks = run_gate(results)
    print("\nCorrectness gate:")
    for c in checks:
        print(f"  {'ok  ' if c.ok else 'FAIL'} {c.workload:<18} {c.check}: {c.detail}")
    return 0 if gate_ok(checks) and not errors else 1


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    files = _expand(args.paths or [MEASURED_DIR])
    if not files:
        print("no result files found")
        return 1
    print(f"{len(files)} result file(s)")
    return report(files)


def cmd_list(args: argparse.Namespace) -> int:
    from faceoff.bench import runner

    print("Workloads (full configuration; quick in brackets):")
    for w in spec.WORKLOADS.values():
        f, q = w.full, w.quick
        length = (lambda c: f"{c.epochs} epochs") if w.kind == "train-epochs" else (lambda c: f"{c.steps} steps")
        quick = " [quick]" if w.id in spec.QUICK_WORKLOADS else ""
        print(f"  {w.id:<18} {w.kind:<12} batch {f.batch_size:<4} {length(f):<10} ({length(q)}, batch "
              f"{q.batch_size}){quick}  {w.title}")
    print("Frameworks:")
    for fw in spec.FRAMEWORKS:
        state = "installed" if runner.installed(fw) else f"NOT installed: {spec.INSTALL_HINTS[fw]}"
        print(f"  {fw:<11} {state}")
    print("Modes: " + "; ".join(f"{fw}/{m}: {d}" for (fw, m), d in spec.MODE_DETAIL.items()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from faceoff.bench.schema import json_schema_text
    from faceoff.io import atomic_write_text

    text = json_schema_text()
    if args.write:
        atomic_write_text(SCHEMA_DOC, text)
        print(f"wrote {SCHEMA_DOC.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from faceoff.bench.convert_published import import_published
    from faceoff.errors import DataFileError

    try:
        rows, sources = import_published(args.source, args.target)
    except (DataFileError, ValueError) as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {rows} result rows and {sources} sources to {args.target}")
    return 0


def cmd_import_mlperf(args: argparse.Namespace) -> int:
    from faceoff.bench.mlperf.build import import_mlperf
    from faceoff.errors import DataFileError

    missing = dict(m.split("=", 1) for m in args.missing if "=" in m)
    try:
        divisions = None if args.inference_divisions == ["all"] else tuple(args.inference_divisions)
        rows, skips = import_mlperf(args.dirs, args.target, missing, inference_divisions=divisions)
    except (DataFileError, ValueError) as exc:
        print(f"import failed, nothing written: {exc}", file=sys.stderr)
        return 1
    if args.skips:
        args.skips.write_text("".join(f"{line}\n" for line in skips), encoding="utf-8")
    print(f"wrote {rows} results to {args.target} ({len(skips)} files skipped or scored as failed)")
    return 0
