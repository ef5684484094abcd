"""The workloads, their configurations (full and quick) and the framework-neutral initial weights and data.

Every framework starts from the same NumPy-generated weights and sees the same batches in the same order, so
parameter counts must match exactly and accuracies should agree closely (the correctness gate checks both).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np

FRAMEWORKS = ("pytorch", "tensorflow", "jax")
MODES = ("eager", "compiled")
# The module each framework needs, and how to install the pinned version (see requirements-bench.txt).
FRAMEWORK_MODULES = {"pytorch": "torch", "tensorflow": "tensorflow", "jax": "jax"}
FRAMEWORK_LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
INSTALL_HINTS = {
    "pytorch": "pip install torch==2.13.0 (or: pip install -r requirements-bench.txt)",
    "tensorflow": "pip install tensorflow-cpu==2.21.0 (or: pip install -r requirements-bench.txt)",
    "jax": "pip install jax==0.10.2 jaxlib==0.10.2 (or: pip install -r requirements-bench.txt)",
}
MODE_DETAIL = {
    ("pytorch", "eager"): "eager (default PyTorch execution)",
    ("pytorch", "compiled"): "torch.compile(train/forward step, dynamic=False), inductor, layout_optimization off",
    ("tensorflow", "eager"): "eager (plain Python step with tf.GradientTape, no tf.function)",
    ("tensorflow", "compiled"): "tf.function(jit_compile=True) around the whole step (XLA)",
    ("jax", "eager"): "eager: un-jitted step, op-by-op dispatch (no jax.jit on the step)",
    ("jax", "compiled"): "jax.jit around the whole step (XLA)",
}

Kind = Literal["train-epochs", "train-steps", "forward", "lm-train", "generate"]


@dataclass(frozen=True)
class Config:
    """What one workload runs: the same in every framework."""

    batch_size: int
    epochs: int = 0
    steps: int = 0
    warmup_steps: int = 3
    learning_rate: float = 1e-3
    seed: int = 0
    dtype: str = "float32"
    size: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Workload:
    id: str
    title: str
    kind: Kind
    dataset: str
    description: str
    full: Config
    quick: Config

    def config(self, quick: bool) -> Config:
        return self.quick if quick else self.full


OPTIMIZER = {"name": "Adam", "learning_rate": 1e-3, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}
LOSS = "softmax cross-entropy (mean over the batch), integer labels"
LM_LOSS = "next-byte softmax cross-entropy (mean over batch × positions)"


def loss_for(workload: Workload) -> str:
    return LM_LOSS if workload.kind == "lm-train" else LOSS

# The language model of the LM workloads (faceoff/bench/lm_spec.py): small enough for a CPU core.
LM_FULL = {"vocab": 256, "ctx": 64, "d_model": 128, "heads": 4, "layers": 2, "ffn": 512}
LM_QUICK = {"vocab": 256, "ctx": 16, "d_model": 32, "heads": 2, "layers": 1, "ffn": 64}

WORKLOADS: dict[str, Workload] = {
    w.id: w
    for w in [
        Workload(
            "mlp-digits", "MLP classifier (digits)", "train-epochs", "scikit-learn load_digits (8×8, 1,797 images)",
            "Dense 64→256→256→10 with ReLU, Adam, cross-entropy; 80/20 split; batches of 64, last partial batch "
            "dropped.",
            Config(batch_size=64, epochs=10, size={"hidden": 256}),
            Config(batch_size=64, epochs=2, warmup_steps=2, size={"hidden": 256}),
        ),
        Workload(
            "cnn-digits", "Small CNN (digits)", "train-epochs", "scikit-learn load_digits (8×8, 1,797 images)",
            "Conv3×3(32)→ReLU→Conv3×3(64)→ReLU→MaxPool2→Dense128→ReLU→Dense10 ('same' padding), Adam.",
            Config(batch_size=64, epochs=6, size={"c1": 32, "c2": 64, "hidden": 128}),
            Config(batch_size=64, epochs=1, warmup_steps=2, size={"c1": 8, "c2": 16, "hidden": 32}),
        ),
        Workload(
            "lstm-digits", "LSTM sequence classifier (digits rows)", "train-epochs",
            "scikit-learn load_digits, each image read as 8 time steps of 8 pixels",
            "One LSTM layer (128 units, gates i,f,g,o, forget bias 1) over the 8 rows, last state → Dense10, Adam.",
            Config(batch_size=64, epochs=6, size={"hidden": 128}),
            Config(batch_size=64, epochs=1, warmup_steps=2, size={"hidden": 16}),
        ),
        Workload(
            "cnn-synthetic", "CNN throughput (synthetic 3×64×64)", "train-steps", "synthetic normal tensors",
            "Conv3×3(32)→Pool→Conv3×3(64)→Pool→Conv3×3(128)→GlobalAvgPool→Dense10, ReLU, Adam; one training step "
            "per batch on a fixed synthetic batch (compute-only, data already on the device).",
            Config(batch_size=64, steps=12, size={"image": 64, "channels": 3}),
            Config(batch_size=8, steps=3, warmup_steps=1, size={"image": 32, "channels": 3}),
        ),
        Workload(
            "matmul", "Matrix multiply (micro)", "forward", "synthetic normal tensors",
            "C = A @ B for square float32 matrices.",
            Config(batch_size=1, steps=30, size={"n": 1024}),
            Config(batch_size=1, steps=5, warmup_steps=1, size={"n": 128}),
        ),
        Workload(
            "transformer-block", "Transformer encoder block (micro, forward)", "forward", "synthetic normal tensors",
            "Post-LN encoder block: multi-head self-attention + FFN (ReLU), LayerNorm eps 1e-5, no dropout; "
            "inference forward pass only.",
            Config(batch_size=16, steps=20, size={"seq": 128, "d_model": 256, "heads": 4, "ffn": 1024}),
            Config(batch_size=2, steps=3, warmup_steps=1, size={"seq": 16, "d_model": 32, "heads": 2, "ffn": 64}),
        ),
        Workload(
            "lm-train", "Language-model training step (decoder-only transformer, bytes)", "lm-train",
            "scikit-learn's bundled dataset descriptions (real English text, ~43 kB, byte tokens)",
            "Pre-LN GPT: byte embedding + learned positions, 2 layers of causal multi-head self-attention and an "
            "exact-GELU FFN, untied output head; next-byte cross-entropy, Adam; a new batch of random corpus "
            "windows every step (the same in every framework).",
            Config(batch_size=16, steps=20, size=LM_FULL),
            Config(batch_size=4, steps=3, warmup_steps=1, size=LM_QUICK),
        ),
        Workload(
            "lm-generate", "Greedy text generation with a KV cache (decoder-only transformer)", "generate",
            "fixed prompt (the first bytes of a sentence about the digits data); weights as initialised",
            "The same model as the LM training step; prefill the prompt, then one token at a time reading keys "
            "and values from a fixed-size cache; greedy (argmax). One step = one whole generation.",
            Config(batch_size=1, steps=5, warmup_steps=1, size={**LM_FULL, "prompt": 16, "new_tokens": 48}),
            Config(batch_size=1, steps=2, warmup_steps=1, size={**LM_QUICK, "prompt": 4, "new_tokens": 8}),
        ),
    ]
}
QUICK_WORKLOADS = ("mlp-digits", "matmul", "lm-train", "lm-generate")
LM_WORKLOADS = ("lm-train", "lm-generate")


def override(config: Config, **changes) -> Config:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


# ---------------------------------------------------------------- initial weights (NumPy, "x @ W" layout)

def glorot(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def dense(rng, n_in: int, n_out: int) -> dict:
    return {"w": glorot(rng, (n_in, n_out), n_in, n_out), "b": np.zeros(n_out, np.float32)}


def conv(rng, k: int, c_in: int, c_out: int) -> dict:
    """A convolution kernel in HWIO layout (TensorFlow/JAX); PyTorch transposes it to OIHW."""
    return {"w": glorot(rng, (k, k, c_in, c_out), k * k * c_in, k * k * c_out), "b": np.zeros(c_out, np.float32)}


def orthogonal(rng, rows: int, cols: int) -> np.ndarray:
    a = rng.normal(size=(max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    return (q if rows >= cols else q.T)[:rows, :cols].astype(np.float32)


def init_params(workload_id: str, config: Config) -> dict:
    """The initial weights every framework loads (Glorot-uniform kernels, zero biases, orthogonal LSTM recurrence)."""
    rng = np.random.default_rng(config.seed)
    s = config.size
    if workload_id == "mlp-digits":
        h = s["hidden"]
        return {"d1": dense(rng, 64, h), "d2": dense(rng, h, h), "out": dense(rng, h, 10)}
    if workload_id == "cnn-digits":
        return {"c1": conv(rng, 3, 1, s["c1"]), "c2": conv(rng, 3, s["c1"], s["c2"]),
                "d1": dense(rng, 4 * 4 * s["c2"], s["hidden"]), "out": dense(rng, s["hidden"], 10)}
    if workload_id == "lstm-digits":
        h = s["hidden"]
        bias = np.zeros(4 * h, np.float32)
        bias[h:2 * h] = 1.0  # forget-gate bias 1 (Keras unit_forget_bias), gate order i, f, g, o
        lstm = {"kernel": glorot(rng, (8, 4 * h), 8, 4 * h),
                "recurrent": np.concatenate([orthogonal(rng, h, h) for _ in range(4)], axis=1),
                "bias": bias}
        return {"lstm": lstm, "out": dense(rng, h, 10)}
    if workload_id == "cnn-synthetic":
        c = s["channels"]
        return {"c1": conv(rng, 3, c, 32), "c2": conv(rng, 3, 32, 64), "c3": conv(rng, 3, 64, 128),
                "out": dense(rng, 128, 10)}
    if workload_id == "transformer-block":
        d, f = s["d_model"], s["ffn"]
        return {"q": dense(rng, d, d), "k": dense(rng, d, d), "v": dense(rng, d, d), "o": dense(rng, d, d),
                "f1": dense(rng, d, f), "f2": dense(rng, f, d),
                "ln1": {"g": np.ones(d, np.float32), "b": np.zeros(d, np.float32)},
                "ln2": {"g": np.ones(d, np.float32), "b": np.zeros(d, np.float32)}}
    if workload_id == "matmul":
        return {}
    if workload_id in LM_WORKLOADS:
        from faceoff.bench.lm_spec import check_size, init_lm

        check_size(s)
        return init_lm(s, config.seed)
    raise KeyError(workload_id)


def count_params(params: dict) -> int:
    total = 0
    for value in params.values():
        total += count_params(value) if isinstance(value, dict) else int(np.prod(value.shape))
    return total


# ---------------------------------------------------------------- data

@dataclass(frozen=True)
class Data:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def digits(seed: int = 0, test_fraction: float = 0.2) -> Data:
    """scikit-learn's bundled digits (offline), scaled to [0, 1], shape (n, 8, 8), a fixed stratified split."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int32)
    rng = np.random.default_rng(seed)
    test_idx: list[int] = []
    for label in range(10):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        test_idx.extend(idx[: round(len(idx) * test_fraction)])
    mask = np.zeros(len(y), bool)
    mask[test_idx] = True
    return Data(x[~mask], y[~mask], x[mask], y[mask])


def epoch_batches(data: Data, config: Config, epoch: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The same shuffled batches for every framework (last partial batch dropped so shapes stay static)."""
    rng = np.random.default_rng(config.seed * 1000 + epoch + 1)
    order = rng.permutation(len(data.y_train))
    b = config.batch_size
    return [(data.x_train[order[i:i + b]], data.y_train[order[i:i + b]])
            for i in range(0, len(order) - b + 1, b)]


def synthetic(workload_id: str, config: Config) -> dict:
    rng = np.random.default_rng(config.seed + 7)
    s = config.size
    if workload_id == "cnn-synthetic":
        n, c = s["image"], s["channels"]
        return {"x": rng.normal(size=(config.batch_size, n, n, c)).astype(np.float32),
                "y": rng.integers(0, 10, size=config.batch_size).astype(np.int32)}
    if workload_id == "matmul":
        n = s["n"]
        return {"a": rng.normal(size=(n, n)).astype(np.float32), "b": rng.normal(size=(n, n)).astype(np.float32)}
    if workload_id == "transformer-block":
        return {"x": rng.normal(size=(config.batch_size, s["seq"], s["d_model"])).astype(np.float32)}
    raise KeyError(workload_id)


def throughput_unit(workload_id: str) -> str:
    return {"matmul": "GFLOP/s", "transformer-block": "sequences/s", "lm-train": "tokens/s",
            "lm-generate": "tokens/s"}.get(workload_id, "samples/s")


def work_per_step(workload_id: str, config: Config) -> float:
    """What one step processes, in the throughput unit (samples, sequences, or GFLOP for the matmul)."""
    if workload_id == "matmul":
        n = config.size["n"]
        return 2.0 * n**3 / 1e9
    if workload_id == "lm-train":
        return float(config.batch_size * config.size["ctx"])
    if workload_id == "lm-generate":
        return float(config.batch_size * config.size["new_tokens"])
    return float(config.batch_size)
