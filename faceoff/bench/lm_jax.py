"""JAX decoder-only LM (pure functions of a parameter tree) and greedy generation with a functional KV cache."""

from __future__ import annotations

import time

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from faceoff.bench import corpus, lm_spec, spec
from faceoff.bench.fw_jax import adam_init, adam_update, dense, layer_norm


def _layers(p: dict) -> list[dict]:
    return [p[f"l{i}"] for i in range(sum(1 for k in p if k.startswith("l") and k[1:].isdigit()))]


def _mlp(lp: dict, h):
    return h + dense(lp["f2"], jax.nn.gelu(dense(lp["f1"], layer_norm(lp["ln2"], h, lm_spec.LN_EPS)),
                                           approximate=False))


def forward(p: dict, x, heads: int, caches: list | None = None):
    """Logits (B, T, 256); with ``caches`` also the caches with the prompt's keys/values at positions 0..T-1."""
    bsz, t = x.shape
    h = p["tok"][x] + p["pos"][:t]
    d = h.shape[-1]
    hd = d // heads
    future = jnp.triu(jnp.ones((t, t), bool), k=1)
    new_caches = []
    for i, lp in enumerate(_layers(p)):
        a = layer_norm(lp["ln1"], h, lm_spec.LN_EPS)
        q, k, v = (dense(lp[n], a).reshape(bsz, t, heads, hd) for n in ("q", "k", "v"))
        if caches is not None:
            kc = lax.dynamic_update_slice(caches[i][0], k.transpose(1, 0, 2, 3), (0, 0, 0, 0))
            vc = lax.dynamic_update_slice(caches[i][1], v.transpose(1, 0, 2, 3), (0, 0, 0, 0))
            new_caches.append((kc, vc))
        scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) / jnp.sqrt(jnp.float32(hd))
        scores = jnp.where(future, jnp.float32(lm_spec.MASKED), scores)
        att = jnp.einsum("bhqk,bkhd->bqhd", jax.nn.softmax(scores, axis=-1), v).reshape(bsz, t, d)
        h = _mlp(lp, h + dense(lp["o"], att))
    logits = dense(p["head"], layer_norm(p["lnf"], h, lm_spec.LN_EPS))
    return logits if caches is None else (logits, new_caches)


def decode(p: dict, token, pos, caches: list, heads: int):
    """One new position: its key/value are written at ``pos`` (dynamic_update_slice); attention sees ≤ pos."""
    h = p["tok"][token] + p["pos"][pos]  # (B, D)
    d = h.shape[-1]
    hd = d // heads
    ctx = p["pos"].shape[0]
    visible = jnp.arange(ctx) <= pos
    new_caches = []
    for lp, (kc, vc) in zip(_layers(p), caches, strict=True):
        a = layer_norm(lp["ln1"], h, lm_spec.LN_EPS)
        q, k, v = (dense(lp[n], a).reshape(-1, heads, hd) for n in ("q", "k", "v"))
        kc = lax.dynamic_update_slice(kc, k[None], (pos, 0, 0, 0))
        vc = lax.dynamic_update_slice(vc, v[None], (pos, 0, 0, 0))
        new_caches.append((kc, vc))
        scores = jnp.einsum("bhd,tbhd->bht", q, kc) / jnp.sqrt(jnp.float32(hd))
        scores = jnp.where(visible, scores, jnp.float32(lm_spec.MASKED))
        att = jnp.einsum("bht,tbhd->bhd", jax.nn.softmax(scores, axis=-1), vc).reshape(-1, d)
        h = _mlp(lp, h + dense(lp["o"], att))
    return dense(p["head"], layer_norm(p["lnf"], h, lm_spec.LN_EPS)), new_caches


def lm_loss(p: dict, x, y, heads: int):
    logits = forward(p, x, heads)
    logp = jax.nn.log_softmax(logits)
    return -jnp.mean(jnp.take_along_axis(logp, y[..., None], axis=-1))


class Task:
    def __init__(self, adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        self.size = config.size
        heads = config.size["heads"]
        compiled = adapter.mode == "compiled"
        self._tiny = self.to_device(np.zeros((), np.float32))
        self.params = jax.device_put(params, adapter.device)
        self.param_count = sum(int(np.prod(leaf.shape)) for leaf in jax.tree_util.tree_leaves(self.params))
        self._logits = jax.jit(lambda p, x: forward(p, x, heads))

        def wrap(fn):
            return jax.jit(fn) if compiled else fn

        if workload.kind == "generate":
            self._prompt = self.to_device(corpus.prompt(config.size["prompt"], config.batch_size))
            self._positions = [jax.device_put(np.asarray(config.size["prompt"] + i, np.int32), adapter.device)
                               for i in range(config.size["new_tokens"] - 1)]

            def prefill(p, x, caches):
                logits, caches = forward(p, x, heads, caches)
                return jnp.argmax(logits[:, -1], axis=-1).astype(jnp.int32), caches

            def step(p, token, pos, caches):
                logits, caches = decode(p, token, pos, caches, heads)
                return jnp.argmax(logits, axis=-1).astype(jnp.int32), caches

            self._prefill, self._decode = wrap(prefill), wrap(step)
            return
        lr = config.learning_rate
        self.opt_state = jax.device_put(adam_init(self.params), adapter.device)

        def train(params, opt_state, x, y):
            loss, grads = jax.value_and_grad(lambda p: lm_loss(p, x, y, heads))(params)
            params, opt_state = adam_update(params, grads, opt_state, lr)
            return params, opt_state, loss

        train_fn = wrap(train)

        def train_step(x, y):
            self.params, self.opt_state, loss = train_fn(self.params, self.opt_state, x, y)
            return (self.params, self.opt_state, loss)

        self.train_step = train_step

    def _caches(self) -> list:
        s = self.size
        shape = (s["ctx"], self._prompt.shape[0], s["heads"], s["d_model"] // s["heads"])
        return [(self.to_device(np.zeros(shape, np.float32)), self.to_device(np.zeros(shape, np.float32)))
                for _ in range(s["layers"])]

    def generate(self) -> tuple[np.ndarray, float]:
        caches = self._caches()
        self.sync(caches)
        start = time.perf_counter()
        token, caches = self._prefill(self.params, self._prompt, caches)
        self.sync(token)
        ttft = time.perf_counter() - start
        out = [token]
        for pos in self._positions:
            token, caches = self._decode(self.params, token, pos, caches)
            out.append(token)
        return np.stack([np.asarray(t) for t in out], axis=1).astype(np.int32), ttft

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self._logits(self.params, self.to_device(x)))

    def to_device(self, array):
        return jax.device_put(np.ascontiguousarray(array), self.adapter.device)

    def sync(self, out) -> None:
        jax.block_until_ready(out)

    def loss_value(self, out) -> float:
        return float(out[2])

    def checksum(self, out) -> float:
        return float(out[2])

    def empty_step(self):
        return self._tiny
