"""Converts the reference CSVs of published benchmark results into data/benchmarks/published/ (run by hand).

The app never reads the reference folder: ``python -m faceoff bench import-published --from DIR`` writes
``results.csv`` (every row with its source, era, framework family, mode, workload family and a superseded flag) and
``sources.csv``, from ``published_benchmarks.csv`` (2017–2025) and, when present,
``published_benchmarks_2022_2026.csv``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from faceoff.bench.families import family_of
from faceoff.clock import today
from faceoff.io import atomic_write_text, read_csv

RESULT_COLUMNS = ["source_id", "framework", "framework_version", "workload", "dataset", "device", "hardware",
                  "metric", "value", "unit", "notes"]
SOURCE_COLUMNS = ["source_id", "title", "authors", "year", "venue", "url_or_repo_path"]
SUPERSEDED = {"KERAS3_BENCH_2024_EARLY": "KERAS3_BENCH_2024"}
IDENTIFIED_ONLY = {"NOVAC_2022", "FLORENCIO_2019", "SAUCIS_2020"}
# What the numbers measure matters for reading them: lower is better for times, energy and memory.
HIGHER_IS_BETTER = {"top1_accuracy", "test_accuracy"}


def framework_family(label: str) -> str:
    low = label.lower()
    if low.startswith("pytorch"):
        return "pytorch"
    if low.startswith("jax"):
        return "jax"
    if low.startswith(("tensorflow", "keras")):
        return "tensorflow"
    raise ValueError(f"cannot tell the framework of {label!r}")


def mode_of(label: str) -> str:
    low = label.lower()
    if "torch.compile" in low:
        return "compiled"
    if "eager" in low:
        return "eager"
    return "as-published"


def role_of(source_id: str, result_sources: set[str]) -> str:
    if source_id in result_sources:
        return "results"
    if source_id.startswith("HARNESS_"):
        return "method"
    return "identified-only"


def convert(results: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pure conversion: add row ids, framework family, mode, year, era and the superseded flag."""
    years = dict(zip(sources["source_id"], sources["year"], strict=True))
    missing = sorted(set(results["source_id"]) - set(years))
    if missing:
        raise ValueError(f"result rows cite unknown source(s): {', '.join(missing)}")
    out = results[RESULT_COLUMNS].copy()
    out.insert(0, "row_id", [f"{sid.lower()}-{i + 1:03d}" for i, sid in enumerate(out["source_id"])])
    out.insert(3, "framework_id", out["framework"].map(framework_family))
    out.insert(4, "mode", out["framework"].map(mode_of))
    out["device"] = out["device"].str.lower()
    pd.to_numeric(out["value"], errors="raise")
    out["year"] = out["source_id"].map(years)
    out["era"] = [f"{y}: {' '.join(v.split())}" for y, v in zip(out["year"], out["framework_version"], strict=True)]
    out["superseded"] = out["source_id"].isin(SUPERSEDED).map({True: "true", False: "false"})
    out["higher_is_better"] = out["metric"].isin(HIGHER_IS_BETTER).map({True: "true", False: "false"})
    src = sources[SOURCE_COLUMNS].copy()
    used = set(results["source_id"])
    src["role"] = [role_of(s, used) for s in src["source_id"]]
    src["superseded_by"] = src["source_id"].map(SUPERSEDED).fillna("")
    src["rows"] = [int((results["source_id"] == s).sum()) for s in src["source_id"]]
    src["caveat"] = src["source_id"].map(CAVEATS).fillna("")
    return out, src


DETAIL_COLUMNS = ["model", "accelerator_count", "precision", "batch_or_seq", "variant", "family", "value_kind", "url",
                  "location_in_source"]
RECENT_COLUMNS = ["source_id", "framework", "mode", "framework_version", "workload", "model", "hardware",
                  "accelerator_count", "precision", "batch_or_seq", "metric", "value", "unit", "higher_is_better",
                  "year", "url", "location_in_source", "note"]
RECENT_SOURCE_COLUMNS = ["source_id", "title", "authors", "year", "url", "kind", "hardware_matched", "rows"]
# What a reader must know before comparing a study's numbers (Faceoff's wording of the reference data's notes).
CAVEATS = {
    "KERAS3_BENCH_2024": "One A100 40GB; each backend through Keras 3 plus native PyTorch; the fastest variant of "
                         "each framework is compared.",
    "TUD_SSE_G2_2025": "Student course project on one laptop CPU; low credibility.",
    "HF_TRANSFORMERS_BENCH_DOCS_2020": "Example outputs in documentation of a tool since deprecated; 2020 versions.",
    "DAWNBENCH_SEED_2017": "2017 framework versions and GPUs.",
    "ILKARMAN_DLF_2018": "2018 framework versions and GPUs.",
    "BRAUN_RNN_BENCH_2017": "2017 framework versions; one GTX 980 Ti.",
    "torchtitan_h100_202412": "PyTorch only. The H100s are 96 GB parts capped at 500 W, not the common 80 GB 700 W.",
    "torchtitan_asynctp_h100_202506": "PyTorch only; H100 96 GB parts at a lower power limit.",
    "torchtitan_h200_202506_trainy": "PyTorch only; a community submission, not the torchtitan team's runs.",
    "torchtitan_docs_perf_2024": "PyTorch only; an older revision of the documentation.",
    "torchtitan_paper_2024": "Only the abstract could be read: hardware and precision are not stated.",
    "maxtext_v5p_configs": "JAX only. Expected performance of synthetic model sizes; v5p-N counts TensorCores "
                           "(two per chip).",
    "maxtext_v5e_configs": "JAX only. Expected performance of synthetic model sizes.",
    "maxtext_v4_configs": "JAX only. Expected performance of synthetic model sizes; v4-N counts TensorCores.",
    "maxtext_a3_h100_llama2_7b": "JAX only; H100 80 GB on Google Cloud A3 machines.",
    "maxtext_readme_v5p_2025": "JAX only; synthetic model sizes; a README section removed in September 2025.",
    "pytorch2_getstarted_2022": "PyTorch only: compiled vs eager on one A100 over a model suite.",
    "pytorch2_asplos2024": "PyTorch only; only the abstract could be read (precision not stated).",
    "pytorch_gptfast_blog_2023": "PyTorch only; batch 1 decoding on a power-limited A100.",
    "gptfast_readme": "PyTorch only; batch 1 decoding on power-limited A100s.",
    "vllm_tpu_blog_202510": "JAX vs PyTorch/XLA lowering of the same model code, but approximate ('~20 %'): "
                            "no model or TPU generation given.",
}
# Units of numbers that are already a ratio against a baseline (a speed-up or gain), not a measurement.
RELATIVE_UNITS = ("x", "% faster", "% vs", "% (approx")


_REPO_PATH = re.compile(r"^([\w.-]+/[\w.-]+) (?:path )?(\S+) @([0-9a-f]{7,40})")


def first_url(text: str) -> str:
    """The first web address in a citation; ``owner/repo path P @commit`` becomes that file's GitHub address."""
    text = str(text)
    cited = _REPO_PATH.match(text)
    if cited:
        repo, path, commit = cited.groups()
        return f"https://github.com/{repo}/blob/{commit}/{path}"
    for token in text.replace(";", " ").split():
        if token.startswith(("http://", "https://")):
            return token
        if token.startswith("github.com/"):
            return f"https://{token}"
    return text


def add_detail_columns(out: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The columns the 2022–2026 rows carry, for the older rows: their workload is the model, hardware as published."""
    urls = dict(zip(sources["source_id"], sources["url_or_repo_path"].map(first_url), strict=True))
    return out.assign(model=out["workload"], accelerator_count="", precision="", batch_or_seq="",
                      variant=out["framework"],
                      family=[family_of(w, d) for w, d in zip(out["workload"], out["device"], strict=True)],
                      value_kind="absolute", url=out["source_id"].map(urls), location_in_source="")


def recent_framework_id(label: str) -> str:
    low = label.lower()
    if low.startswith("jax"):
        return "jax"
    if low.startswith("pytorch") or "pytorch/xla" in low:
        return "pytorch"
    return framework_family(label)


def recent_mode(mode: str) -> str:
    low = mode.lower()
    if low.startswith("eager"):
        return "eager"
    if "torch.compile" in low or low.startswith("jit"):
        return "compiled"
    return "as-published"


def device_of(hardware: str) -> str:
    low = hardware.lower()
    if low.startswith("tpu"):
        return "tpu"
    if "nvidia" in low:
        return "gpu"
    return "not stated"


def convert_recent(results: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2022–2026 rows in the same columns as the older ones; row ids numbered within each source."""
    missing = sorted(set(results["source_id"]) - set(sources["source_id"]))
    if missing:
        raise ValueError(f"result rows cite unknown source(s): {', '.join(missing)}")
    pd.to_numeric(results["value"], errors="raise")
    counters: dict[str, int] = {}
    ids = []
    for sid in results["source_id"]:
        counters[sid] = counters.get(sid, 0) + 1
        ids.append(f"{sid.lower()}-{counters[sid]:03d}")
    variant = results["framework"] + ", " + results["mode"]
    out = pd.DataFrame({
        "row_id": ids, "source_id": results["source_id"], "framework": results["framework"],
        "framework_id": results["framework"].map(recent_framework_id), "mode": results["mode"].map(recent_mode),
        "framework_version": results["framework_version"], "workload": results["workload"],
        "dataset": "", "device": results["hardware"].map(device_of), "hardware": results["hardware"],
        "metric": results["metric"], "value": results["value"], "unit": results["unit"],
        "notes": results["note"], "year": results["year"],
        "era": [f"{y}: {' '.join(v.split())}" for y, v in zip(results["year"], results["framework_version"],
                                                               strict=True)],
        "superseded": "false",
        "higher_is_better": results["higher_is_better"].map({"yes": "true", "no": "false"}),
        "model": results["model"], "accelerator_count": results["accelerator_count"],
        "precision": results["precision"], "batch_or_seq": results["batch_or_seq"], "variant": variant,
        "family": [family_of(w, d) for w, d in zip(results["workload"], results["hardware"].map(device_of),
                                                     strict=True)],
        "value_kind": ["relative" if u.startswith(RELATIVE_UNITS) else "absolute" for u in results["unit"]],
        "url": results["url"].map(first_url), "location_in_source": results["location_in_source"],
    })
    if out["higher_is_better"].isna().any():
        raise ValueError("higher_is_better must be yes or no")
    src = pd.DataFrame({
        "source_id": sources["source_id"], "title": sources["title"], "authors": sources["authors"],
        "year": sources["year"], "venue": sources["kind"], "url_or_repo_path": sources["url"], "role": "results",
        "superseded_by": "", "rows": [int((results["source_id"] == s).sum()) for s in sources["source_id"]],
        "caveat": sources["source_id"].map(CAVEATS).fillna(""),
    })
    return out, src


def provenance_text(source_dir: Path) -> str:
    """Where the files came from: the reference files' checksums and the day they were converted."""
    lines = [f"converted: {today().isoformat()}",
             "method: python -m faceoff bench import-published (copied from text and markdown tables; no chart read)",
             "from:"]
    for file in sorted(source_dir.glob("published_benchmarks*.csv")):
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        lines += [f"  - file: {file.name}", f"    sha256: {digest}"]
    return "\n".join(lines) + "\n"


def import_published(source_dir: Path, target_dir: Path) -> tuple[int, int]:
    results = read_csv(source_dir / "published_benchmarks.csv", RESULT_COLUMNS)
    sources = read_csv(source_dir / "published_benchmarks_sources.csv", SOURCE_COLUMNS)
    out, src = convert(results, sources)
    out = add_detail_columns(out, src)
    recent = source_dir / "published_benchmarks_2022_2026.csv"
    if recent.exists():
        new, new_src = convert_recent(read_csv(recent, RECENT_COLUMNS),
                                      read_csv(source_dir / "published_benchmarks_2022_2026_sources.csv",
                                               RECENT_SOURCE_COLUMNS))
        out = pd.concat([out, new], ignore_index=True)
        src = pd.concat([src, new_src], ignore_index=True)
    atomic_write_text(target_dir / "results.csv", out.to_csv(index=False, lineterminator="\n"))
    atomic_write_text(target_dir / "provenance.yaml", provenance_text(source_dir))
    atomic_write_text(target_dir / "sources.csv", src.to_csv(index=False, lineterminator="\n"))
    return len(out), len(src)
