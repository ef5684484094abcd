"""TensorFlow decoder-only LM (Keras layers, TF ops for attention) and greedy generation with a KV cache."""

from __future__ import annotations

import time

import numpy as np
import tensorflow as tf

from faceoff.bench import corpus, lm_spec, spec

keras = tf.keras


class GPT:
    """Keras Embedding / Dense / LayerNormalization layers wired by a TF function of the token ids."""

    def __init__(self, size: dict, params: dict):
        L = keras.layers
        d, f = size["d_model"], size["ffn"]
        self.heads, self.hd, self.ctx = size["heads"], d // size["heads"], size["ctx"]
        self.tok, self.pos = L.Embedding(corpus.VOCAB, d), L.Embedding(size["ctx"], d)
        self.tok.build((None,)), self.pos.build((None,))
        self.tok.set_weights([params["tok"]]), self.pos.set_weights([params["pos"]])
        self.blocks = []
        for i in range(size["layers"]):
            p = params[f"l{i}"]
            block = {"ln1": L.LayerNormalization(epsilon=lm_spec.LN_EPS), "ln2": L.LayerNormalization(
                epsilon=lm_spec.LN_EPS), **{n: L.Dense(d) for n in ("q", "k", "v", "o")}, "f1": L.Dense(f),
                     "f2": L.Dense(d)}
            for name, layer in block.items():
                layer.build((None, f if name == "f2" else d))
                layer.set_weights([p[name]["g"], p[name]["b"]] if name.startswith("ln") else [p[name]["w"],
                                                                                                p[name]["b"]])
            self.blocks.append(block)
        self.lnf, self.head = L.LayerNormalization(epsilon=lm_spec.LN_EPS), L.Dense(corpus.VOCAB)
        self.lnf.build((None, d)), self.head.build((None, d))
        self.lnf.set_weights([params["lnf"]["g"], params["lnf"]["b"]])
        self.head.set_weights([params["head"]["w"], params["head"]["b"]])
        layers = [self.tok, self.pos, *(layer for b in self.blocks for layer in b.values()), self.lnf, self.head]
        self.trainable_variables = [v for layer in layers for v in layer.trainable_variables]

    def _split(self, t):  # (B, T, D) -> (B, T, H, hd)
        return tf.reshape(t, (tf.shape(t)[0], tf.shape(t)[1], self.heads, self.hd))

    @staticmethod
    def _mlp(b: dict, h):
        return h + b["f2"](tf.nn.gelu(b["f1"](b["ln2"](h)), approximate=False))

    def __call__(self, x, caches: list | None = None):
        """Logits (B, T, 256); with ``caches`` the prompt's keys/values are written at positions 0..T-1."""
        t = x.shape[1]
        h = self.tok(x) + self.pos(tf.range(t))
        future = tf.linalg.band_part(tf.ones((t, t)), 0, -1) - tf.linalg.band_part(tf.ones((t, t)), 0, 0)
        new_caches = []
        for i, b in enumerate(self.blocks):
            a = b["ln1"](h)
            q, k, v = self._split(b["q"](a)), self._split(b["k"](a)), self._split(b["v"](a))
            if caches is not None:
                rows = tf.range(t)[:, None]
                kc = tf.tensor_scatter_nd_update(caches[i][0], rows, tf.transpose(k, (1, 0, 2, 3)))
                vc = tf.tensor_scatter_nd_update(caches[i][1], rows, tf.transpose(v, (1, 0, 2, 3)))
                new_caches.append((kc, vc))
            scores = tf.einsum("bqhd,bkhd->bhqk", q, k) / tf.sqrt(tf.cast(self.hd, tf.float32))
            scores = tf.where(future > 0, tf.constant(lm_spec.MASKED, tf.float32), scores)
            att = tf.einsum("bhqk,bkhd->bqhd", tf.nn.softmax(scores, axis=-1), v)
            h = self._mlp(b, h + b["o"](tf.reshape(att, tf.shape(h))))
        logits = self.head(self.lnf(h))
        return logits if caches is None else (logits, new_caches)

    def decode(self, token, pos, caches: list):
        """One new position: its key/value go into the cache at ``pos``; attention sees positions ≤ pos."""
        h = self.tok(token) + self.pos(pos)  # (B, D)
        visible = tf.range(self.ctx) <= pos
        new_caches = []
        for b, (kc, vc) in zip(self.blocks, caches, strict=True):
            a = b["ln1"](h)
            q, k, v = (tf.reshape(b[n](a), (-1, self.heads, self.hd)) for n in ("q", "k", "v"))
            kc = tf.tensor_scatter_nd_update(kc, tf.reshape(pos, (1, 1)), k[None])
            vc = tf.tensor_scatter_nd_update(vc, tf.reshape(pos, (1, 1)), v[None])
            new_caches.append((kc, vc))
            scores = tf.einsum("bhd,tbhd->bht", q, kc) / tf.sqrt(tf.cast(self.hd, tf.float32))
            scores = tf.where(visible, scores, tf.constant(lm_spec.MASKED, tf.float32))
            att = tf.einsum("bht,tbhd->bhd", tf.nn.softmax(scores, axis=-1), vc)
            h = self._mlp(b, h + b["o"](tf.reshape(att, tf.shape(h))))
        return self.head(self.lnf(h)), new_caches


class Task:
    def __init__(self, adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        self.size = config.size
        compiled = adapter.mode == "compiled"
        self._tiny = tf.zeros(())
        model = self.model = GPT(config.size, params)
        self.param_count = int(sum(np.prod(v.shape) for v in model.trainable_variables))

        def wrap(fn):
            return tf.function(fn, jit_compile=True) if compiled else fn

        if workload.kind == "generate":
            self._prompt = self.to_device(corpus.prompt(config.size["prompt"], config.batch_size))
            with tf.device(adapter.tf_device):
                self._positions = [tf.constant(config.size["prompt"] + i, tf.int32)
                                   for i in range(config.size["new_tokens"] - 1)]

            def prefill(x, caches):
                logits, caches = model(x, caches)
                return tf.argmax(logits[:, -1], axis=-1, output_type=tf.int32), caches

            def decode(token, pos, caches):
                logits, caches = model.decode(token, pos, caches)
                return tf.argmax(logits, axis=-1, output_type=tf.int32), caches

            self._prefill, self._decode = wrap(prefill), wrap(decode)
            return
        opt = keras.optimizers.Adam(learning_rate=config.learning_rate, beta_1=spec.OPTIMIZER["beta_1"],
                                    beta_2=spec.OPTIMIZER["beta_2"], epsilon=spec.OPTIMIZER["epsilon"])
        opt.build(model.trainable_variables)

        def step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables, strict=True))
            return loss

        self.train_step = wrap(step)

    def _caches(self) -> list:
        s = self.size
        shape = (s["ctx"], self._prompt.shape[0], s["heads"], s["d_model"] // s["heads"])
        with tf.device(self.adapter.tf_device):
            return [(tf.zeros(shape), tf.zeros(shape)) for _ in range(s["layers"])]

    def generate(self) -> tuple[np.ndarray, float]:
        caches = self._caches()
        self.sync(None)
        start = time.perf_counter()
        token, caches = self._prefill(self._prompt, caches)
        self.sync(token)
        ttft = time.perf_counter() - start
        out = [token]
        for pos in self._positions:
            token, caches = self._decode(token, pos, caches)
            out.append(token)
        return np.stack([t.numpy() for t in out], axis=1).astype(np.int32), ttft

    def logits(self, x: np.ndarray) -> np.ndarray:
        return self.model(self.to_device(x)).numpy()

    def to_device(self, array):
        with tf.device(self.adapter.tf_device):
            return tf.identity(tf.convert_to_tensor(np.ascontiguousarray(array)))

    def sync(self, out) -> None:
        tf.test.experimental.sync_devices()

    def loss_value(self, out) -> float:
        return float(out.numpy())

    def checksum(self, out) -> float:
        return float(out.numpy())

    def empty_step(self):
        return self._tiny
