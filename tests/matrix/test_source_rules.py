"""Claims and the framework registry follow the source rules too: every source has a kind, none a rejected host."""

from __future__ import annotations

import pytest
import yaml

from faceoff.errors import DataFileError
from faceoff.matrix.claims import load_claims
from faceoff.matrix.frameworks import load_frameworks


def rewrite(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_the_real_claims_and_registry_follow_the_source_rules(real_data_copy):
    assert load_claims(real_data_copy / "claims.yaml").rows >= 70
    assert load_frameworks(real_data_copy / "frameworks.yaml").rows == 3


def test_a_claim_source_without_kind_is_an_error(real_data_copy):
    path = real_data_copy / "claims.yaml"
    rewrite(path, lambda d: d["claims"][0]["evidence"][0].pop("kind"))
    with pytest.raises(DataFileError) as err:
        load_claims(path)
    assert any(p.field == "evidence[0].kind" and p.row == "c01" for p in err.value.problems)


def test_a_rejected_host_in_the_registry_is_an_error(real_data_copy):
    rejected = yaml.safe_load((real_data_copy / "matrix" / "scale.yaml").read_text())["rubric"]["rejected_hosts"][0]
    path = real_data_copy / "frameworks.yaml"
    rewrite(path, lambda d: d["frameworks"][0]["sources"][0].update(url=f"https://{rejected}/pytorch"))
    with pytest.raises(DataFileError) as err:
        load_frameworks(path)
    assert any("rejected host" in p.message and p.field == "sources[0].url" for p in err.value.problems)
