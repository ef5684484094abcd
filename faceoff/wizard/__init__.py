"""The recommendation wizard: its model (data/wizard.yaml), scoring against the matrix, the CLI.

Other packages import these public names from ``faceoff.wizard``, never its submodules (docs/architecture.md).
"""

from faceoff.exports import lazy_exports

_PUBLIC = {
    "Advice": "advice",
    "advise": "advice",
    "answer_phrase": "advice",
    "answers_phrase": "advice",
    "AnswerError": "model",
    "AnswerRef": "results",
    "Caveat": "results",
    "Census": "census",
    "make_record": "record",
    "record_html": "record_render",
    "RecordInputs": "record",
    "census_sentence": "census",
    "Change": "results",
    "confidence_word": "explain",
    "Contribution": "results",
    "Decision": "results",
    "Exclusion": "results",
    "find_flips": "explain",
    "format_census": "census",
    "load_scenarios": "panel",
    "make_census": "census",
    "Panel": "panel",
    "Scenario": "panel",
    "ScoreTable": "terms",
    "Flip": "results",
    "FrameworkScore": "results",
    "load_wizard": "model",
    "make_score_figure": "figure",
    "parse_answers": "model",
    "rank": "scoring",
    "recommend": "scoring",
    "Recommendation": "results",
    "Wizard": "model",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)
