"""JAX implementations of the workloads: plain jax.numpy/lax and a hand-written Adam (no Flax/Optax needed)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from faceoff.bench import spec

NAME = "jax"


class Adapter:
    def __init__(self, device: str, threads: int, mode: str):
        jax.config.update("jax_default_matmul_precision", "highest")
        if device == "cpu":
            self.device = jax.devices("cpu")[0]
        else:
            gpus = [d for d in jax.devices() if d.platform == "gpu"]
            index = int(device.split(":")[1])
            if index >= len(gpus):
                raise RuntimeError(f"device {device} requested but JAX sees {len(gpus)} GPU(s)")
            self.device = gpus[index]
        self.gpu = self.device.platform == "gpu"
        self.mode = mode
        self.version = jax.__version__

    def device_name(self) -> str:
        return str(getattr(self.device, "device_kind", "CPU")) if self.gpu else "CPU"

    def environment(self) -> dict:
        import jaxlib

        return {
            "framework_versions": {"jax": jax.__version__, "jaxlib": jaxlib.__version__, "numpy": np.__version__},
            "matmul_precision": "float32 highest (jax_default_matmul_precision='highest')",
            "gpu": {"name": self.device_name()} if self.gpu else None,
            "compile_cache": None,
        }

    def reset_gpu_peak(self) -> None:
        return None  # JAX has no peak reset: the value below is the process's peak so far

    def gpu_peak(self) -> int | None:
        if not self.gpu:
            return None
        stats = self.device.memory_stats() or {}
        return int(stats["peak_bytes_in_use"]) if "peak_bytes_in_use" in stats else None

    def gpu_method(self) -> str | None:
        return "device.memory_stats()['peak_bytes_in_use'] (process peak; JAX cannot reset it)" if self.gpu \
            else None

    def build(self, workload: spec.Workload, config: spec.Config, params: dict):
        if workload.id in spec.LM_WORKLOADS:
            from faceoff.bench import lm_jax

            return lm_jax.Task(self, workload, config, params)
        return Task(self, workload, config, params)


# ---------------------------------------------------------------- model functions

def dense(p, x):
    return x @ p["w"] + p["b"]


def conv(p, x):
    y = lax.conv_general_dilated(x, p["w"], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
    return y + p["b"]


def max_pool(x):
    return lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")


def layer_norm(p, x, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / jnp.sqrt(var + eps) * p["g"] + p["b"]


def mlp(p, x):
    x = x.reshape(x.shape[0], -1)
    return dense(p["out"], jax.nn.relu(dense(p["d2"], jax.nn.relu(dense(p["d1"], x)))))


def digits_cnn(p, x):
    x = x[..., None]
    x = jax.nn.relu(conv(p["c2"], jax.nn.relu(conv(p["c1"], x))))
    x = max_pool(x).reshape(x.shape[0], -1)
    return dense(p["out"], jax.nn.relu(dense(p["d1"], x)))


def digits_lstm(p, x):
    k, r, b = p["lstm"]["kernel"], p["lstm"]["recurrent"], p["lstm"]["bias"]
    hidden = r.shape[0]
    h = jnp.zeros((x.shape[0], hidden), x.dtype)
    c = jnp.zeros_like(h)
    for t in range(x.shape[1]):  # 8 steps, unrolled (the same code eager and under jit)
        z = x[:, t, :] @ k + h @ r + b
        i, f, g, o = jnp.split(z, 4, axis=1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
    return dense(p["out"], h)


def synthetic_cnn(p, x):
    x = max_pool(jax.nn.relu(conv(p["c1"], x)))
    x = max_pool(jax.nn.relu(conv(p["c2"], x)))
    x = jax.nn.relu(conv(p["c3"], x)).mean(axis=(1, 2))
    return dense(p["out"], x)


def transformer_block(p, x, heads):
    bsz, seq, d = x.shape
    hd = d // heads

    def split(t):
        return t.reshape(bsz, seq, heads, hd)

    q, k, v = split(dense(p["q"], x)), split(dense(p["k"], x)), split(dense(p["v"], x))
    scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) / jnp.sqrt(jnp.float32(hd))
    attn = jnp.einsum("bhqk,bkhd->bqhd", jax.nn.softmax(scores, axis=-1), v).reshape(bsz, seq, d)
    x = layer_norm(p["ln1"], x + dense(p["o"], attn))
    return layer_norm(p["ln2"], x + dense(p["f2"], jax.nn.relu(dense(p["f1"], x))))


MODELS = {"mlp-digits": mlp, "cnn-digits": digits_cnn, "lstm-digits": digits_lstm, "cnn-synthetic": synthetic_cnn}


def cross_entropy(logits, y):
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))


def adam_init(params):
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return {"m": zeros, "v": jax.tree_util.tree_map(jnp.zeros_like, params), "t": jnp.zeros((), jnp.int32)}


def adam_update(params, grads, state, lr):
    b1, b2, eps = spec.OPTIMIZER["beta_1"], spec.OPTIMIZER["beta_2"], spec.OPTIMIZER["epsilon"]
    t = state["t"] + 1
    m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, state["m"], grads)
    v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, state["v"], grads)
    tf = t.astype(jnp.float32)
    c1, c2 = 1 - b1**tf, 1 - b2**tf
    new = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / c1) / (jnp.sqrt(v / c2) + eps), params, m, v)
    return new, {"m": m, "v": v, "t": t}


class Task:
    def __init__(self, adapter: Adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        compiled = adapter.mode == "compiled"
        self._tiny = self.to_device(np.zeros((), np.float32))

        def wrap(fn):
            return jax.jit(fn) if compiled else fn

        if workload.id == "matmul":
            data = spec.synthetic("matmul", config)
            a, b = self.to_device(data["a"]), self.to_device(data["b"])
            fn = wrap(jnp.matmul)
            self.forward = lambda: fn(a, b)
            self.param_count = 0
            return
        self.params = jax.device_put(params, adapter.device)
        self.param_count = sum(int(np.prod(leaf.shape)) for leaf in jax.tree_util.tree_leaves(self.params))
        if workload.kind == "forward":
            x = self.to_device(spec.synthetic(workload.id, config)["x"])
            heads = config.size["heads"]
            fwd = wrap(lambda p, x: transformer_block(p, x, heads))
            self.forward = lambda: fwd(self.params, x)
            return
        model = MODELS[workload.id]
        lr = config.learning_rate
        self.opt_state = jax.device_put(adam_init(self.params), adapter.device)

        def step(params, opt_state, x, y):
            loss, grads = jax.value_and_grad(lambda p: cross_entropy(model(p, x), y))(params)
            params, opt_state = adam_update(params, grads, opt_state, lr)
            return params, opt_state, loss

        step_fn = wrap(step)
        predict = wrap(lambda p, x: jnp.argmax(model(p, x), axis=1))
        self._predict = predict

        def train_step(x, y):
            self.params, self.opt_state, loss = step_fn(self.params, self.opt_state, x, y)
            return (self.params, self.opt_state, loss)

        self.train_step = train_step

    def to_device(self, array):
        return jax.device_put(np.ascontiguousarray(array), self.adapter.device)

    def sync(self, out) -> None:
        jax.block_until_ready(out)

    def loss_value(self, out) -> float:
        return float(out[2])

    def evaluate(self, x, y) -> float:
        return float(jnp.mean(self._predict(self.params, x) == y))

    def checksum(self, out) -> float:
        if isinstance(out, tuple):
            return float(out[2])
        return float(jnp.mean(jnp.abs(out.astype(jnp.float32))))

    def empty_step(self):
        return self._tiny
