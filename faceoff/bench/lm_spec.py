"""The decoder-only language model shared by the LM workloads: initial weights and a NumPy reference forward pass.

Architecture (pre-LayerNorm GPT): byte embedding + learned positions; per layer LayerNorm → causal multi-head
self-attention (q, k, v, o projections with biases) → residual, LayerNorm → Dense(ffn) → exact (erf) GELU →
Dense(d) → residual; final LayerNorm; an untied output projection to the 256 byte logits. LayerNorm eps 1e-5,
no dropout, float32. Weights are in "x @ W" layout; each framework transposes where its layers need it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from faceoff.bench.corpus import VOCAB

LN_EPS = 1e-5
EMBED_STD = 0.02
MASKED = -1e30  # added to the scores of future positions (finite, so a fully masked row could never be NaN)


def _dense(rng: np.random.Generator, n_in: int, n_out: int) -> dict:
    limit = np.sqrt(6.0 / (n_in + n_out))
    return {"w": rng.uniform(-limit, limit, size=(n_in, n_out)).astype(np.float32),
            "b": np.zeros(n_out, np.float32)}


def _ln(d: int) -> dict:
    return {"g": np.ones(d, np.float32), "b": np.zeros(d, np.float32)}


def init_lm(size: dict, seed: int) -> dict:
    """Glorot-uniform projections, N(0, 0.02) embeddings, unit LayerNorm gains, zero biases."""
    rng = np.random.default_rng(seed)
    d, f, ctx = size["d_model"], size["ffn"], size["ctx"]
    params: dict = {"tok": (rng.normal(size=(VOCAB, d)) * EMBED_STD).astype(np.float32),
                    "pos": (rng.normal(size=(ctx, d)) * EMBED_STD).astype(np.float32)}
    for i in range(size["layers"]):
        params[f"l{i}"] = {"ln1": _ln(d), "q": _dense(rng, d, d), "k": _dense(rng, d, d), "v": _dense(rng, d, d),
                           "o": _dense(rng, d, d), "ln2": _ln(d), "f1": _dense(rng, d, f), "f2": _dense(rng, f, d)}
    params["lnf"] = _ln(d)
    params["head"] = _dense(rng, d, VOCAB)
    return params


def check_size(size: dict) -> None:
    if size["d_model"] % size["heads"]:
        raise ValueError(f"d_model {size['d_model']} is not divisible by {size['heads']} heads")
    if size.get("prompt", 0) + size.get("new_tokens", 0) > size["ctx"]:
        raise ValueError("prompt + new tokens exceed the context length")


def train_flops_per_token(size: dict) -> float:
    """Approximate training FLOPs per token (6 × matmul parameters + attention), for reading throughput."""
    d, f, ctx, layers = size["d_model"], size["ffn"], size["ctx"], size["layers"]
    matmul_params = layers * (4 * d * d + 2 * d * f) + d * VOCAB
    return 6.0 * matmul_params + 6.0 * layers * ctx * d


# ---------------------------------------------------------------- NumPy reference (float64), for parity tests

def _layer_norm(p: dict, x: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LN_EPS) * p["g"] + p["b"]


def _gelu(x: np.ndarray) -> np.ndarray:
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _float64(tree: dict) -> dict[str, Any]:
    return {k: _float64(v) if isinstance(v, dict) else np.asarray(v, np.float64) for k, v in tree.items()}


def reference_logits(params: dict, x: np.ndarray, heads: int) -> np.ndarray:
    """Logits (batch, time, 256) computed in float64 with NumPy: the framework-independent ground truth."""
    p: dict[str, Any] = _float64(params)
    bsz, t = x.shape
    h = p["tok"][x] + p["pos"][:t]
    d = h.shape[-1]
    hd = d // heads
    future = np.triu(np.ones((t, t), bool), k=1)
    layers = sorted(k for k in p if k.startswith("l") and k[1:].isdigit())
    for name in layers:
        lp = p[name]
        a = _layer_norm(lp["ln1"], h)
        q, k, v = ((a @ lp[n]["w"] + lp[n]["b"]).reshape(bsz, t, heads, hd) for n in ("q", "k", "v"))
        scores = np.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(hd)
        scores = np.where(future, MASKED, scores)
        att = np.einsum("bhqk,bkhd->bqhd", _softmax(scores), v).reshape(bsz, t, d)
        h = h + att @ lp["o"]["w"] + lp["o"]["b"]
        m = _layer_norm(lp["ln2"], h)
        h = h + _gelu(m @ lp["f1"]["w"] + lp["f1"]["b"]) @ lp["f2"]["w"] + lp["f2"]["b"]
    return _layer_norm(p["lnf"], h) @ p["head"]["w"] + p["head"]["b"]


def reference_loss(params: dict, x: np.ndarray, y: np.ndarray, heads: int) -> float:
    logits = reference_logits(params, x, heads)
    logp = logits - logits.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    return float(-np.take_along_axis(logp, y[..., None], axis=-1).mean())


def reference_greedy(params: dict, prompt: np.ndarray, new_tokens: int, heads: int) -> np.ndarray:
    """Greedy continuation without a cache (the whole sequence re-run per token): what every KV cache must match."""
    seq = prompt.copy()
    out = []
    for _ in range(new_tokens):
        nxt = reference_logits(params, seq, heads)[:, -1].argmax(-1).astype(np.int32)
        out.append(nxt)
        seq = np.concatenate([seq, nxt[:, None]], axis=1)
    return np.stack(out, axis=1)
