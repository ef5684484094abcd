"""The head-to-head domain: framework registry, the sourced matrix, the claims check, and their tables.

Other packages import these public names from ``faceoff.matrix``, never its submodules (docs/architecture.md).
"""

from faceoff.exports import lazy_exports

_PUBLIC = {
    "ANY": "table",
    "Category": "models",
    "category_leaders": "table",
    "Cell": "models",
    "Claim": "models",
    "Claims": "claims",
    "claims_for_criterion": "claims",
    "claims_table": "claims",
    "co_leaders": "rubric",
    "Criterion": "models",
    "criterion_record": "export",
    "expected_leader": "rubric",
    "filter_claims": "claims",
    "filter_matrix": "table",
    "Framework": "models",
    "framework_ids": "frameworks",
    "leader_counts": "headlines",
    "load_claims": "claims",
    "load_frameworks": "frameworks",
    "load_matrix": "loader",
    "Matrix": "loader",
    "matrix_document": "export",
    "matrix_records": "export",
    "Match": "search",
    "term_pattern": "search",
    "matrix_table": "table",
    "records_csv": "export",
    "Rubric": "models",
    "Scale": "models",
    "SORTS": "table",
    "TIE": "loader",
    "verdict_counts": "claims",
    "VERDICTS": "models",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)
