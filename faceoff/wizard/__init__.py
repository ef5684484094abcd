"""The recommendation wizard: its model (data/wizard.yaml), scoring against the matrix, the CLI.

Other packages import these public names from ``faceoff.wizard``, never its submodules (docs/architecture.md).
"""

from faceoff.exports import lazy_exports

_PUBLIC = {
    "AnswerError": "model",
    "Caveat": "scoring",
    "Change": "scoring",
    "confidence_word": "scoring",
    "Contribution": "scoring",
    "Exclusion": "scoring",
    "find_flips": "scoring",
    "Flip": "scoring",
    "FrameworkScore": "scoring",
    "load_wizard": "model",
    "make_score_figure": "figure",
    "parse_answers": "model",
    "rank": "scoring",
    "recommend": "scoring",
    "Recommendation": "scoring",
    "Wizard": "model",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)
