"""The real text the language-model workloads train on: scikit-learn's bundled dataset descriptions, read as bytes.

They ship inside the installed scikit-learn package (BSD-3-Clause; no download at run time): 14 reStructuredText
files of English prose, about 43 kB. Tokens are bytes (vocabulary 256), so no tokenizer is needed and every
framework sees exactly the same ids.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

VOCAB = 256
SOURCE = "scikit-learn sklearn/datasets/descr/*.rst (BSD-3-Clause), bytes in file-name order"
PROMPT_TEXT = b"The digits data set contains images of hand-written digits"


def _descr_dir() -> Path:
    import sklearn.datasets

    return Path(sklearn.datasets.__file__).parent / "descr"


@lru_cache(maxsize=1)
def corpus_bytes() -> bytes:
    """Every description file, in sorted file-name order, joined by a blank line."""
    files = sorted(_descr_dir().glob("*.rst"))
    if not files:
        raise FileNotFoundError(f"no *.rst files in {_descr_dir()}: is scikit-learn installed?")
    return b"\n\n".join(f.read_bytes() for f in files)


def describe() -> dict:
    data = corpus_bytes()
    return {"source": SOURCE, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def tokens() -> np.ndarray:
    return np.frombuffer(corpus_bytes(), dtype=np.uint8).astype(np.int32)


def lm_batches(batch_size: int, context: int, steps: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``steps`` batches of (input, next-byte target) windows at seeded random offsets: the same in every framework."""
    ids = tokens()
    rng = np.random.default_rng(seed * 1000 + 17)
    batches = []
    for _ in range(steps):
        starts = rng.integers(0, len(ids) - context - 1, size=batch_size)
        window = np.stack([ids[s:s + context + 1] for s in starts])
        batches.append((window[:, :-1].copy(), window[:, 1:].copy()))
    return batches


def prompt(length: int, batch_size: int = 1) -> np.ndarray:
    """The fixed generation prompt: the first ``length`` bytes of a sentence about the digits data, per sequence."""
    if length > len(PROMPT_TEXT):
        raise ValueError(f"prompt length {length} exceeds the {len(PROMPT_TEXT)}-byte prompt text")
    ids = np.frombuffer(PROMPT_TEXT[:length], dtype=np.uint8).astype(np.int32)
    return np.tile(ids, (batch_size, 1))
