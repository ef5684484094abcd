"""Workload families the Benchmarks page answers for, and which family a published workload belongs to."""

from __future__ import annotations

# id -> label, in the order the page states the answers (the evidence a 2026 reader asks about first).
FAMILIES = {
    "llm-training": "Transformer and LLM training",
    "llm-inference": "LLM and transformer inference",
    "vision-training": "Vision model training",
    "compile-speedups": "Compile speed-ups (within one framework)",
    "cpu-small": "Small models on CPU",
}
OTHER = "other"

# Words of a published workload that place it in a family, checked in this order (first match wins).
_KEYWORDS = (
    ("compile-speedups", ("model suite", "oss models", "real-world models")),
    ("llm-inference", ("decode", "serving", "(generate)", "bert (predict)", "bert-base-uncased (inference")),
    ("llm-training", ("pre-training", "bert (fit)", "gemma (7b) (fit)", "mistral (7b) (fit)")),
    ("vision-training", ("segmentanything (fit)", "stable diffusion (fit)", "resnet 164", "densenet-121",
                         "vgg-style cnn")),
)


def family_of(workload: str, device: str) -> str:
    """The family of one published workload; small models run on a CPU form their own family."""
    low = workload.lower()
    if device == "cpu" and "small cnn" in low:
        return "cpu-small"
    for family, words in _KEYWORDS:
        if any(w in low for w in words):
            if family == "vision-training" and "(inference)" in low:
                return OTHER
            return family
    return OTHER


def family_label(family: str) -> str:
    return FAMILIES.get(family, "Other workloads")
