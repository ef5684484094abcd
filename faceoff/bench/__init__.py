"""The benchmark domain: the harness (PyTorch, TensorFlow, JAX on identical workloads) and its results.

Other packages import these public names from ``faceoff.bench``, never its submodules (docs/architecture.md).
"""

from faceoff.exports import lazy_exports

_PUBLIC = {
    "peek_published": "peek",
    "accuracy_frame": "frames",
    "aggregate": "frames",
    "BenchResult": "schema",
    "FRAMEWORK_NAMES": "results",
    "FRAMEWORKS": "spec",
    "load_measured": "results",
    "load_published": "studies",
    "make_accuracy_figure": "figures",
    "make_bars_figure": "figures",
    "make_memory_figure": "figures",
    "make_published_figure": "figures",
    "make_study_figure": "figures",
    "make_comparison_figure": "figures",
    "metric_words": "figures",
    "make_step_distribution_figure": "figures",
    "MAX_UPLOAD_BYTES": "upload",
    "MAX_UPLOAD_FILES": "upload",
    "MEASURED": "results",
    "Measured": "results",
    "METRICS": "results",
    "MODES": "spec",
    "parse_upload": "upload",
    "Published": "studies",
    "published_metric_id": "studies",
    "published_rows": "studies",
    "result_key": "results",
    "results_frame": "frames",
    "speedup_frame": "frames",
    "step_summary": "frames",
    "steps_frame": "frames",
    "UploadRejected": "upload",
    "WORKLOADS": "spec",
    "FRAMEWORK_LABELS": "spec",
    "BenchAnswer": "answers",
    "benchmark_answers": "answers",
    "load_benchmark_answers": "answers",
    "short_title": "answers",
    "evidence_frame": "evidence",
    "FAMILIES": "families",
    "loss_curve_frame": "lm_frames",
    "generation_frame": "lm_frames",
    "load_mlperf_results": "mlperf.store",
    "MlperfResults": "mlperf.store",
    "MLPERF_COLUMNS": "mlperf.store",
    "mlperf_matched": "mlperf.matched",
    "mlperf_comparability": "mlperf.matched",
    "MLPERF_MATCHED_COLUMNS": "mlperf.matched",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)
