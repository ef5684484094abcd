"""TensorFlow (Keras API) implementations of the workloads (imported only inside a worker process)."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from faceoff.bench import spec

NAME = "tensorflow"
keras = tf.keras


class Adapter:
    def __init__(self, device: str, threads: int, mode: str):
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        tf.config.experimental.enable_tensor_float_32_execution(False)
        gpus = tf.config.list_physical_devices("GPU")
        if device == "cpu":
            if gpus:
                tf.config.set_visible_devices([], "GPU")
            self.tf_device = "/CPU:0"
        else:
            index = int(device.split(":")[1])
            if index >= len(gpus):
                raise RuntimeError(f"device {device} requested but TensorFlow sees {len(gpus)} GPU(s)")
            self.tf_device = f"/GPU:{index}"
        self.gpu_name = f"GPU:{device.split(':')[1]}" if device != "cpu" else None
        self.mode = mode
        self.version = tf.__version__

    def device_name(self) -> str:
        if not self.gpu_name:
            return "CPU"
        details = tf.config.experimental.get_device_details(tf.config.list_physical_devices("GPU")[0])
        return str(details.get("device_name", self.gpu_name))

    def environment(self) -> dict:
        build = tf.sysconfig.get_build_info()
        return {
            "framework_versions": {"tensorflow": tf.__version__, "keras": keras.__version__,
                                   "numpy": np.__version__, "cuda_build": str(build.get("cuda_version"))},
            "matmul_precision": "float32 (enable_tensor_float_32_execution(False))",
            "gpu": {"name": self.device_name(), "cuda": str(build.get("cuda_version"))} if self.gpu_name else None,
            "compile_cache": None,
        }

    def reset_gpu_peak(self) -> None:
        if self.gpu_name:
            tf.config.experimental.reset_memory_stats(self.gpu_name)

    def gpu_peak(self) -> int | None:
        return int(tf.config.experimental.get_memory_info(self.gpu_name)["peak"]) if self.gpu_name else None

    def gpu_method(self) -> str | None:
        return "tf.config.experimental.get_memory_info(...)['peak'] after reset_memory_stats" if self.gpu_name \
            else None

    def build(self, workload: spec.Workload, config: spec.Config, params: dict):
        with tf.device(self.tf_device):
            if workload.id in spec.LM_WORKLOADS:
                from faceoff.bench import lm_tf

                return lm_tf.Task(self, workload, config, params)
            return Task(self, workload, config, params)


def _dense(layer, p: dict) -> None:
    layer.set_weights([p["w"], p["b"]])


def make_model(workload_id: str, config: spec.Config, p: dict):
    s = config.size
    layers = keras.layers
    if workload_id == "mlp-digits":
        h = s["hidden"]
        d1, d2, out = layers.Dense(h, activation="relu"), layers.Dense(h, activation="relu"), layers.Dense(10)
        model = keras.Sequential([keras.Input((8, 8)), layers.Flatten(), d1, d2, out])
        _dense(d1, p["d1"])
        _dense(d2, p["d2"])
        _dense(out, p["out"])
    elif workload_id == "cnn-digits":
        c1 = layers.Conv2D(s["c1"], 3, padding="same", activation="relu")
        c2 = layers.Conv2D(s["c2"], 3, padding="same", activation="relu")
        d1, out = layers.Dense(s["hidden"], activation="relu"), layers.Dense(10)
        model = keras.Sequential([keras.Input((8, 8)), layers.Reshape((8, 8, 1)), c1, c2, layers.MaxPooling2D(2),
                                  layers.Flatten(), d1, out])
        for layer, key in ((c1, "c1"), (c2, "c2"), (d1, "d1"), (out, "out")):
            _dense(layer, p[key])
    elif workload_id == "lstm-digits":
        lstm, out = layers.LSTM(s["hidden"]), layers.Dense(10)
        model = keras.Sequential([keras.Input((8, 8)), lstm, out])
        lstm.set_weights([p["lstm"]["kernel"], p["lstm"]["recurrent"], p["lstm"]["bias"]])
        _dense(out, p["out"])
    elif workload_id == "cnn-synthetic":
        convs = [layers.Conv2D(n, 3, padding="same", activation="relu") for n in (32, 64, 128)]
        out = layers.Dense(10)
        n, c = s["image"], s["channels"]
        model = keras.Sequential([keras.Input((n, n, c)), convs[0], layers.MaxPooling2D(2), convs[1],
                                  layers.MaxPooling2D(2), convs[2], layers.GlobalAveragePooling2D(), out])
        for layer, key in zip(convs, ("c1", "c2", "c3"), strict=True):
            _dense(layer, p[key])
        _dense(out, p["out"])
    elif workload_id == "transformer-block":
        d, heads, seq = s["d_model"], s["heads"], s["seq"]
        hd = d // heads
        inp = keras.Input((seq, d))
        attn = layers.MultiHeadAttention(num_heads=heads, key_dim=hd)
        ln1, ln2 = layers.LayerNormalization(epsilon=1e-5), layers.LayerNormalization(epsilon=1e-5)
        f1, f2 = layers.Dense(s["ffn"], activation="relu"), layers.Dense(d)
        x = ln1(inp + attn(inp, inp))
        model = keras.Model(inp, ln2(x + f2(f1(x))))
        attn.set_weights([p["q"]["w"].reshape(d, heads, hd), p["q"]["b"].reshape(heads, hd),
                          p["k"]["w"].reshape(d, heads, hd), p["k"]["b"].reshape(heads, hd),
                          p["v"]["w"].reshape(d, heads, hd), p["v"]["b"].reshape(heads, hd),
                          p["o"]["w"].reshape(heads, hd, d), p["o"]["b"]])
        _dense(f1, p["f1"])
        _dense(f2, p["f2"])
        ln1.set_weights([p["ln1"]["g"], p["ln1"]["b"]])
        ln2.set_weights([p["ln2"]["g"], p["ln2"]["b"]])
    else:
        raise KeyError(workload_id)
    return model


class Task:
    def __init__(self, adapter: Adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        compiled = adapter.mode == "compiled"
        self._tiny = tf.zeros(())

        def wrap(fn):
            return tf.function(fn, jit_compile=True) if compiled else fn

        if workload.id == "matmul":
            data = spec.synthetic("matmul", config)
            a, b = self.to_device(data["a"]), self.to_device(data["b"])
            fn = wrap(lambda a, b: tf.linalg.matmul(a, b))
            self.forward = lambda: fn(a, b)
            self.param_count = 0
            return
        self.model = make_model(workload.id, config, params)
        self.param_count = int(sum(np.prod(v.shape) for v in self.model.trainable_variables))
        if workload.kind == "forward":
            x = self.to_device(spec.synthetic(workload.id, config)["x"])
            fwd = wrap(lambda x: self.model(x, training=False))
            self.forward = lambda: fwd(x)
            return
        model = self.model
        opt = keras.optimizers.Adam(learning_rate=config.learning_rate, beta_1=spec.OPTIMIZER["beta_1"],
                                    beta_2=spec.OPTIMIZER["beta_2"], epsilon=spec.OPTIMIZER["epsilon"])
        opt.build(model.trainable_variables)

        def step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables, strict=True))
            return loss

        self.train_step = wrap(step)

    def to_device(self, array):
        with tf.device(self.adapter.tf_device):
            return tf.identity(tf.convert_to_tensor(np.ascontiguousarray(array)))

    def sync(self, out) -> None:
        # Waits for every queued op on every device (a no-op wait on CPU, where eager ops run synchronously).
        tf.test.experimental.sync_devices()

    def loss_value(self, out) -> float:
        return float(out.numpy())

    def evaluate(self, x, y) -> float:
        pred = tf.argmax(self.model(x, training=False), axis=1, output_type=tf.int32)
        return float(tf.reduce_mean(tf.cast(tf.equal(pred, y), tf.float32)).numpy())

    def checksum(self, out) -> float:
        arr = np.asarray(out.numpy(), dtype=np.float64)
        return float(np.abs(arr).mean()) if arr.ndim else float(arr)

    def empty_step(self):
        return self._tiny
