"""``python -m faceoff bench import-mlperf``: read the repositories, score, and store results with provenance."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faceoff import clock
from faceoff.bench.mlperf.importer import Framework, Importer
from faceoff.bench.mlperf.source import RepoSnapshot, SourceError
from faceoff.bench.mlperf.store import write_results
from faceoff.errors import DataFileError
from faceoff.paths import data_dir

SUMMARIZER = ("https://github.com/mlcommons/logging/blob/{commit}/mlperf_logging/result_summarizer/"
              "result_summarizer.py")
SUMMARIZER_COMMIT = "7bbf792686936919201796120b970dd820331099"
SUBMISSION_CHECKER = "https://github.com/mlcommons/inference/blob/master/tools/submission/submission_checker.py"


def framework_labels(systems_csv: Path | None = None) -> Framework:
    """Framework labels and round dates from the Popularity MLPerf data set (its documented normalisation)."""
    from faceoff.popularity import load_mlperf_systems

    path = systems_csv or data_dir() / "popularity" / "mlperf_systems.csv"
    frame = load_mlperf_systems(path).value.frame
    out = Framework()
    if frame is None:
        return out
    for row in frame.itertuples(index=False):
        out.by_file[(row.repo, row.system_file)] = row.framework
        if row.framework_raw:
            out.by_raw.setdefault(" ".join(str(row.framework_raw).split()), row.framework)
        if row.round_date:
            out.round_dates.setdefault(row.round, row.round_date)
        out.fallback[(row.repo, row.system_file)] = {
            "division": row.division, "status": row.status or "", "submitter": row.submitter,
            "system_name": row.system_name or "", "accelerator_model_name": row.accelerator_model_name or "",
            "number_of_nodes": row.number_of_nodes or "", "accelerators_per_node": row.accelerators_per_node or "",
            "framework": row.framework_raw or ""}
    return out


def open_snapshot(spec: str) -> RepoSnapshot:
    """``PATH`` or ``PATH@COMMIT``: a checkout or a bare git directory of a results repository."""
    path, _, commit = spec.partition("@")
    return RepoSnapshot(Path(path), commit or None)


def _commit_date(snap: RepoSnapshot) -> str:
    done = subprocess.run(["git", f"--git-dir={snap.git_dir}", "log", "-1", "--format=%cs", snap.commit],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip()


def import_mlperf(specs: list[str], target: Path, missing: dict[str, str],
                  echo: Callable[[str], None] = print, skip_lines: int = 20,
                  inference_divisions: tuple[str, ...] | None = ("closed", "network")) -> tuple[int, list[str]]:
    """Import every repository in ``specs``; returns (rows written, skip messages). Raises ValueError when a
    repository cannot be read and DataFileError when the rows fail validation (nothing is written then)."""
    snapshots = []
    for spec in specs:
        try:
            snapshots.append(open_snapshot(spec))
        except SourceError as exc:
            raise ValueError(str(exc)) from exc
    dates = {s.round: _commit_date(s) for s in snapshots}
    importer = Importer(framework_labels(), echo=echo, inference_divisions=inference_divisions)
    importer.run(snapshots)
    skips = [str(s) for r in importer.reports for s in r.skips]
    for line in skips[:skip_lines]:
        echo(f"  skipped: {line}")
    if len(skips) > skip_lines:
        echo(f"  … and {len(skips) - skip_lines} more (--skips FILE lists them all; counts per round in the "
             "provenance)")
    if not importer.rows:
        raise DataFileError(target / "results.csv", [])
    not_imported = [{"round": r, "reason": why} for r, why in sorted(missing.items())]
    not_imported += [{"round": r.round, "reason": "; ".join(str(s) for s in r.skips[:1])}
                     for r in importer.reports if r.rows == 0 and r.round not in missing]
    repos: list[dict[str, Any]] = [
        {"round": f"{r.round}", "repo": r.repo, "commit": r.commit, "url": f"https://github.com/{r.repo}/tree/{r.commit}",
         "commit_date": dates.get(r.round, ""), "results": r.rows, "systems": len(r.systems),
         "copied_from_earlier_rounds": r.copied, "skipped_or_failed_files": len(r.skips),
         "left_out_by_division": r.left_out, "not_scored_files_absent": r.absent}
        for r in importer.reports]
    newest = max((d for d in dates.values() if d), default="")
    provenance = {
        "source": "MLCommons MLPerf Training and Inference results repositories (mlcommons/training_results_vX.Y, "
                  "mlcommons/inference_results_vX.Y): raw result logs and system descriptions",
        "url": "https://github.com/mlcommons",
        "retrieved": clock.today(),
        "licence": "Apache-2.0 (MLCommons results repositories); cite MLCommons, the repository and the commit",
        "method": "Scored by `python -m faceoff bench import-mlperf` from the raw files at the commits listed. "
                  "Training: time to train in minutes per result_*.txt (run_stop - run_start time_ms; a run without "
                  "run_start/run_stop, with run_stop status other than success, or with a malformed :::MLLOG line "
                  "fails), olympic average as in MLCommons' result summarizer (" + SUMMARIZER.format(
                      commit=SUMMARIZER_COMMIT) + "): fastest and slowest dropped (4 each for unet3d), a failed run "
                  "counts as the slowest, at most 1 failure (4 for unet3d), times scaling.json's factor. The full "
                  "compliance and RCP checks are not re-run. Inference: the scenario's result line of "
                  "performance/run_1/mlperf_log_summary.txt and its VALID/INVALID verdict (result fields as in "
                  + SUBMISSION_CHECKER + "). Results whose files are byte-identical to an earlier round's are "
                  "attributed to that round only. Framework label: data/popularity/mlperf_systems.csv (by system "
                  "file, else by the same framework string). Accelerator: one name per model (docs/mlperf-results.md). "
                  "Inference: closed and network divisions unless asked otherwise (open-division entries may change "
                  "the model, so they are not like-for-like).",
        "attribution": "MLPerf results, MLCommons (mlcommons.org); results repositories on GitHub.",
        "data_as_of": dt.date.fromisoformat(newest) if newest else None,
        "parameters": {"repositories": repos, "not_imported": not_imported,
                       "inference_divisions": list(inference_divisions) if inference_divisions else "all",
                       "summarizer": SUMMARIZER.format(commit=SUMMARIZER_COMMIT),
                       "inference_fields": SUBMISSION_CHECKER},
        "stats": {"skipped_or_failed_files": len(skips)},
    }
    rows = write_results(target, importer.rows, provenance)
    return rows, skips
