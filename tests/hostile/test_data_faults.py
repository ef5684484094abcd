"""Every registered data file broken six ways: its page still renders and names the file; ``validate`` reports it.

Driven by ``data/datasets.yaml``: a dataset registered later is covered without touching this file. For a dataset
that is a folder (the matrix, benchmark results), the fault goes into its first file, and "missing" removes the folder.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from components.data import clear_stamps
from faceoff.registry import inventory, load_registry
from tests.hostile.helpers import ROOT, page_text, run_page

FAULTS = ["missing", "empty", "truncated", "wrong-columns", "wrong-types", "duplicate-ids"]
DATASETS = [(d.id, d.path, d.page) for d in load_registry(ROOT / "data")]
DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".json")
SYNTHETIC = {"empty": b"", "truncated": b"date,fram", "wrong-columns": b"col0,col1\nx,y\n"}


def page_script(page: str) -> str:
    return f"pages/{page.replace('-', '_')}.py"


def target_file(path: Path) -> Path:
    if path.is_file():
        return path
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in DATA_SUFFIXES
                   and not p.name.startswith(".") and p.name != "scale.yaml" and ".provenance." not in p.name)
    assert files, f"no data file under {path}"
    return files[0]


def _rename_keys(value):
    if isinstance(value, dict):
        return {f"{k}_renamed": v for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_keys(v) for v in value]
    return value


def _wrong_types(value):
    if isinstance(value, dict):
        return {k: _wrong_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wrong_types(v) for v in value] or [{"unexpected": True}]
    if isinstance(value, bool | int | float):
        return "not-a-number"
    return [["nested", {"not": "text"}]]


def _duplicate_first_id(value) -> bool:
    """Append a copy of the first item of the first list of objects with an ``id``; False if there is none."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "id" in value[0]:
            value.append(dict(value[0]))
            return True
        return any(_duplicate_first_id(v) for v in value)
    if isinstance(value, dict):
        return any(_duplicate_first_id(v) for v in value.values())
    return False


def break_file(path: Path, fault: str) -> bool:
    """Apply ``fault`` to one file; returns False when the fault does not apply to this file's content."""
    raw = path.read_bytes()
    suffix = path.suffix
    if fault == "empty":
        path.write_bytes(b"")
    elif fault == "truncated":
        cut = raw[: max(1, len(raw) // 2)]
        path.write_bytes(cut.rstrip(b"\n")[:-3] if b"\n" in cut else cut)  # end mid-line
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        header, body = rows[0], rows[1:]
        if fault == "wrong-columns":
            rows = [[f"col{i}" for i in range(len(header))], *body]
        elif fault == "wrong-types":
            rows = [header, *[["🙃 not a value"] * len(r) for r in body]]
        elif fault == "duplicate-ids":
            if not body:
                return False
            rows = [header, *body, body[0]]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    else:
        load, dump = (json.loads, lambda v: json.dumps(v, indent=1)) if suffix == ".json" else (
            yaml.safe_load, lambda v: yaml.safe_dump(v, allow_unicode=True, sort_keys=False))
        value = load(raw.decode("utf-8"))
        if fault == "wrong-columns":
            value = _rename_keys(value) if isinstance(value, dict) else {"unexpected": value}
        elif fault == "wrong-types":
            value = _wrong_types(value)
        elif fault == "duplicate-ids" and not _duplicate_first_id(value):
            return False
        path.write_text(dump(value), encoding="utf-8")
    return True


def snapshot_has_key(dataset_id: str) -> bool:
    """Whether a CSV snapshot declares key columns (rows must be unique); quotes and adoption points do not."""
    from faceoff.popularity import datasets as snapshots

    spec = getattr(snapshots, "DATASETS", {}).get(dataset_id)
    return bool(spec and spec[1].key)


def problems_of(report: dict, dataset_id: str) -> list[dict]:
    return next(d["problems"] for d in report["datasets"] if d["id"] == dataset_id)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("dataset_id", "rel_path", "page"), DATASETS, ids=[d[0] for d in DATASETS])
def test_broken_data_file(dataset_id, rel_path, page, fault, real_data_copy):
    path = real_data_copy / rel_path
    if fault == "missing":
        if path.is_dir():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        broken = path
    elif not path.exists():  # an optional snapshot the refresh has not fetched yet: write a broken one
        if fault not in SYNTHETIC:
            pytest.skip(f"{rel_path} does not exist yet; {fault} needs its real content")
        path.write_bytes(SYNTHETIC[fault])
        broken = path
    else:
        broken = target_file(path)
        if not break_file(broken, fault):
            pytest.skip(f"{fault} does not apply to {rel_path}")
    name = "data/" + broken.relative_to(real_data_copy).as_posix()

    report = inventory(real_data_copy)
    problems = problems_of(report, dataset_id)
    errors = [p for p in problems if p["severity"] == "error"]
    optional_missing = fault == "missing" and problems and not errors  # a snapshot the refresh has not made yet
    keyless_duplicate = fault == "duplicate-ids" and broken.suffix == ".csv" and not snapshot_has_key(dataset_id)
    truncated_but_valid = fault == "truncated" and not errors
    if not (optional_missing or keyless_duplicate or truncated_but_valid):
        assert errors, f"validate did not report {fault} {name}: {problems}"
        assert not report["ok"]
        assert any(name in p["file"] or p["file"] in name for p in errors), (name, errors)

    at = run_page(page_script(page))
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the page still draws its title"
    if errors:
        shown = page_text(at)
        assert name in shown or f"data/{rel_path}" in shown, (
            f"{page_script(page)} does not name {name} when it has {fault}: {[e.value for e in at.error]}")


def test_sources_page_names_each_broken_file(real_data_copy):
    """Each registered file garbled in turn: the Sources page still renders and names it."""
    unnamed = []
    for _, rel_path, _ in DATASETS:
        path = real_data_copy / rel_path
        broken = target_file(path) if path.exists() else path
        original = broken.read_bytes() if broken.exists() else None
        broken.write_bytes(b"\x00\xff garbage \xfe")
        clear_stamps()  # the app re-reads fingerprints every STAMP_TTL_S seconds; this loop is faster than that
        name = "data/" + broken.relative_to(real_data_copy).as_posix()
        at = run_page("pages/sources.py")
        assert not at.exception, [e.value for e in at.exception]
        if name not in page_text(at):
            unnamed.append(name)
        if original is None:
            broken.unlink()
        else:
            broken.write_bytes(original)
    assert unnamed == [], f"the Sources page does not name {unnamed}"
