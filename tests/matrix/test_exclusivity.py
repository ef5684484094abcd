"""A leader reason that claims a capability for one framework alone is checked against the other frameworks' cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceoff.matrix.loader import load_matrix
from faceoff.matrix.models import ExclusiveFacet
from faceoff.matrix.rubric import caveat_words_in, exclusivity_problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def matrix():
    return load_matrix(ROOT / "data" / "matrix").value


def test_the_old_compiled_debugging_reason_is_caught(matrix):
    # The audited reason: "JAX alone can print values ... inside compiled ... code". TensorFlow's cell says tf.print
    # runs inside tf.function and PyTorch's says print() runs through a graph break, so the claim is contradicted.
    current = matrix.criterion("compiled-debugging")
    old = current.model_copy(update={
        "leader_reason": "JAX alone can print values and stop at breakpoints from inside compiled code.",
        "exclusive": [ExclusiveFacet(capability="printing values inside compiled code", signals=["print"])],
    })
    found = exclusivity_problems("debugging.yaml", old, matrix.rubric)
    contradicted_by = {fw for fw in ("pytorch", "tensorflow") if any(f" {fw} " in p.message for p in found)}
    assert contradicted_by == {"pytorch", "tensorflow"}
    assert all(p.row == "compiled-debugging" and p.field == "exclusive[0]" for p in found)


def test_an_exclusive_reason_without_a_named_capability_is_an_error(matrix):
    current = matrix.criterion("governance")
    unnamed = current.model_copy(update={"exclusive": []})
    found = exclusivity_problems("community.yaml", unnamed, matrix.rubric)
    assert [p.field for p in found] == ["exclusive"]
    assert "'the only'" in found[0].message or "'only one of the three'" in found[0].message


def test_exclusive_capabilities_need_a_single_leader(matrix):
    current = matrix.criterion("governance")
    tied = current.model_copy(update={"leader": "tie"})
    found = exclusivity_problems("community.yaml", tied, matrix.rubric)
    assert any("leader is 'tie'" in p.message for p in found)


def test_every_exclusive_claim_in_the_current_data_is_named_and_uncontradicted(matrix):
    claiming = [c for c in matrix.criteria if caveat_words_in(c.leader_reason, matrix.rubric.exclusive_phrases)]
    assert {"governance", "compiled-debugging", "server-serving", "windows-support"} <= {c.id for c in claiming}
    for criterion in claiming:
        assert criterion.exclusive, criterion.id
        assert exclusivity_problems("x.yaml", criterion, matrix.rubric) == [], criterion.id


def test_a_claimed_capability_must_be_rated_above_the_others(matrix):
    # an exclusive capability is only credible where the leader's rating is strictly the highest
    for criterion in matrix.criteria:
        if criterion.exclusive:
            top = criterion.cells[criterion.leader].rating
            others = [cell.rating for fw, cell in criterion.cells.items() if fw != criterion.leader]
            assert all(r < top for r in others), criterion.id
