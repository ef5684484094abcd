"""The rubric is enforced by validation: each broken rule is reported with file, row (criterion id) and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from faceoff.errors import DataFileError
from faceoff.matrix.loader import load_matrix
from faceoff.matrix.models import Cell, Criterion, Rubric
from faceoff.matrix.rubric import caveat_words_in, expected_leader, is_primary_url, rejected_host, top_rated

ROOT = Path(__file__).resolve().parents[2]


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(folder: Path):
    with pytest.raises(DataFileError) as info:
        load_matrix(folder)
    return info.value.problems


def located(found) -> set[tuple[str, str | None, str | None]]:
    return {(p.file, p.row, p.field) for p in found}


def cell(speed: dict, criterion: int, fw: str) -> dict:
    return speed["criteria"][criterion]["cells"][fw]


def test_fixture_follows_the_rubric(fixture_data):
    loaded = load_matrix(fixture_data / "matrix")
    assert loaded.value.rubric is not None and loaded.value.rubric.caveat_max_rating == 2


def test_leader_that_is_not_the_unique_top_rating(fixture_data):
    speed = fixture_data / "matrix" / "speed.yaml"
    edit(speed, lambda d: d["criteria"][1].update(leader="alpha"))  # profiler: alpha 2, beta 2
    (p,) = problems(fixture_data / "matrix")
    assert (p.file, p.row, p.field) == ("data/matrix/speed.yaml", "profiler", "leader")
    assert "shared by alpha, beta" in p.message and "'tie'" in p.message


def test_tie_where_one_framework_is_rated_highest(fixture_data):
    edit(fixture_data / "matrix" / "speed.yaml", lambda d: d["criteria"][0].update(leader="tie"))  # compile: 1 vs 3
    (p,) = problems(fixture_data / "matrix")
    assert (p.row, p.field) == ("compile", "leader")
    assert "beta alone has the top rating 3" in p.message


def test_a_three_whose_verdict_says_experimental(fixture_data):
    edit(fixture_data / "matrix" / "speed.yaml",
         lambda d: cell(d, 0, "beta").update(verdict="Beta compiles everything, but the compiler is Experimental."))
    (p,) = problems(fixture_data / "matrix")
    assert (p.file, p.row, p.field) == ("data/matrix/speed.yaml", "compile", "cells.beta.rating")
    assert "'experimental'" in p.message and "at 2 (Supported)" in p.message


def test_a_caveat_in_the_summary_counts_too_and_a_two_may_say_it(fixture_data):
    def change(d):
        cell(d, 0, "beta").update(summary="Proof of concept compiler")
        cell(d, 1, "alpha").update(verdict="The profiler is experimental.")  # rated 2: allowed

    edit(fixture_data / "matrix" / "speed.yaml", change)
    (p,) = problems(fixture_data / "matrix")
    assert (p.row, p.field) == ("compile", "cells.beta.rating")
    assert "summary says 'proof of concept'" in p.message


def test_cell_without_a_primary_source(fixture_data):
    edit(fixture_data / "matrix" / "basics.yaml",
         lambda d: cell(d, 0, "alpha")["sources"][0].update(kind="secondary"))
    (p,) = problems(fixture_data / "matrix")
    assert (p.file, p.row, p.field) == ("data/matrix/basics.yaml", "eager", "cells.alpha.sources")
    assert "no primary source" in p.message


def test_source_on_a_rejected_host(fixture_data):
    bad = {"url": "https://www.aggregator.example.com/pytorch", "title": "Aggregator", "kind": "secondary"}
    edit(fixture_data / "matrix" / "basics.yaml", lambda d: cell(d, 0, "beta")["sources"].append(bad))
    (p,) = problems(fixture_data / "matrix")
    assert (p.row, p.field) == ("eager", "cells.beta.sources[2].url")
    assert "rejected host (aggregator.example.com)" in p.message


def test_primary_source_off_the_allowlists(fixture_data):
    def change(d):
        cell(d, 0, "alpha")["sources"].append(
            {"url": "https://github.com/someone/fork-of-alpha", "title": "A personal fork", "kind": "primary"})
        cell(d, 0, "beta")["sources"][1]["kind"] = "primary"  # blog.example.com is not a primary host

    edit(fixture_data / "matrix" / "basics.yaml", change)
    found = problems(fixture_data / "matrix")
    assert located(found) == {("data/matrix/basics.yaml", "eager", "cells.alpha.sources[1].kind"),
                              ("data/matrix/basics.yaml", "eager", "cells.beta.sources[1].kind")}
    assert all("not on the rubric's primary_hosts" in p.message for p in found)


def test_summary_and_kind_are_required(fixture_data):
    def change(d):
        del cell(d, 1, "beta")["summary"]
        del cell(d, 1, "alpha")["sources"][0]["kind"]

    edit(fixture_data / "matrix" / "speed.yaml", change)
    found = problems(fixture_data / "matrix")
    assert located(found) >= {("data/matrix/speed.yaml", "profiler", "cells.beta.summary"),
                              ("data/matrix/speed.yaml", "profiler", "cells.alpha.sources[0].kind")}
    # the untagged source was the cell's only one, so the cell also lacks a primary source
    assert ("data/matrix/speed.yaml", "profiler", "cells.alpha.sources") in located(found)


def test_summary_longer_than_60_characters(fixture_data):
    edit(fixture_data / "matrix" / "speed.yaml", lambda d: cell(d, 0, "alpha").update(summary="x" * 61))
    (p,) = problems(fixture_data / "matrix")
    assert p.field == "cells.alpha.summary" and "60" in p.message


def test_validate_command_names_file_row_and_field(fixture_data):
    edit(fixture_data / "matrix" / "speed.yaml", lambda d: d["criteria"][1].update(leader="beta"))
    out = subprocess.run([sys.executable, "-m", "faceoff", "validate"], cwd=ROOT, capture_output=True, text=True,
                         env={**__import__("os").environ, "FACEOFF_DATA_DIR": str(fixture_data)}, timeout=120)
    assert out.returncode == 1
    assert "data/matrix/speed.yaml, row profiler, field leader: leader 'beta' breaks the rubric" in out.stdout


RUBRIC = Rubric(leader="x", caveat_max_rating=2, caveat_words=["beta", "proof of concept", "proof-of-concept"],
                primary_hosts=["pytorch.org", "www.tensorflow.org"],
                primary_repo_owners=["pytorch", "AI-Hypercomputer"],
                rejected_hosts=["golden.com"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Beta since 2.1", ["beta"]),
    ("the alphabet of betamax", []),  # whole words only
    ("a PROOF  OF\nCONCEPT backend", ["proof of concept"]),
    ("a proof-of-concept backend", ["proof-of-concept"]),
    ("(beta)", ["beta"]),
    ("", []),
])
def test_caveat_words_are_whole_words_any_case(text, expected):
    assert caveat_words_in(text, RUBRIC.caveat_words) == expected


@pytest.mark.parametrize(("url", "primary"), [
    ("https://pytorch.org/docs/stable/index.html", True),
    ("https://www.pytorch.org/blog", True),  # www. aside
    ("https://tensorflow.org/guide", True),
    ("https://discuss.pytorch.org/t/123", False),  # a forum under the project's domain is not the project
    ("https://github.com/pytorch/pytorch/releases/tag/v2.9.0", True),
    ("https://github.com/ai-hypercomputer/maxtext", True),  # owners compare case-insensitively
    ("https://raw.githubusercontent.com/pytorch/pytorch/main/LICENSE", True),
    ("https://github.com/someone/pytorch", False),
    ("https://github.com/", False),
    ("https://gitlab.com/pytorch/x", True),
])
def test_primary_hosts_and_repository_owners(url, primary):
    assert is_primary_url(url, RUBRIC) is primary


def test_rejected_hosts_cover_subdomains_only():
    assert rejected_host("https://golden.com/wiki/PyTorch", RUBRIC) == "golden.com"
    assert rejected_host("https://www.golden.com/wiki/PyTorch", RUBRIC) == "golden.com"
    assert rejected_host("https://notgolden.com/x", RUBRIC) is None


def test_leader_rule_on_ratings():
    def crit(ratings):
        cells = {fw: Cell(verdict="v", rating=r, as_of="2026-01-01", sources=[{"url": "https://a.org/x", "title": "x"}])
                 for fw, r in ratings.items()}
        return Criterion(id="c", name="C", question="?", leader="tie", leader_reason="x", cells=cells)

    assert expected_leader(crit({"pytorch": 3, "tensorflow": 2, "jax": 3})) == "tie"
    assert top_rated(crit({"pytorch": 3, "tensorflow": 2, "jax": 3}), ["jax", "tensorflow", "pytorch"]) == [
        "jax", "pytorch"]
    assert expected_leader(crit({"pytorch": 1, "tensorflow": 2, "jax": 0})) == "tensorflow"


def test_scale_without_a_rubric_is_an_error(fixture_data):
    edit(fixture_data / "matrix" / "scale.yaml", lambda d: d.pop("rubric"))
    (p,) = problems(fixture_data / "matrix")
    assert (p.file, p.field) == ("data/matrix/scale.yaml", "rubric")


def test_the_shipped_matrix_follows_its_rubric():
    matrix = load_matrix(ROOT / "data" / "matrix").value
    cells = [cell for c in matrix.criteria for cell in c.cells.values()]
    assert matrix.rubric is not None and cells
    assert all(cell.summary and len(cell.summary) <= 60 for cell in cells)
    assert all(s.kind for cell in cells for s in cell.sources)
    assert all(any(s.kind == "primary" for s in cell.sources) for cell in cells)
