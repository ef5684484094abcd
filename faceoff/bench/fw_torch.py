"""PyTorch implementations of the workloads (imported only inside a worker process)."""

from __future__ import annotations

import contextlib
import os

import numpy as np
import torch
import torch._inductor.config as inductor_config
from torch import nn

from faceoff.bench import spec

NAME = "pytorch"


class Adapter:
    def __init__(self, device: str, threads: int, mode: str):
        torch.set_num_threads(threads)
        with contextlib.suppress(RuntimeError):  # already set in this process
            torch.set_num_interop_threads(1)
        # Same float32 matmul precision everywhere: no TF32 on Ampere/Hopper GPUs.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.set_float32_matmul_precision("highest")
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise RuntimeError("device cuda requested but torch.cuda.is_available() is False")
        self.device = torch.device(device)
        self.mode = mode
        self.version = torch.__version__
        self.cuda = self.device.type == "cuda"

    def device_name(self) -> str:
        return torch.cuda.get_device_name(self.device) if self.cuda else "CPU"

    def environment(self) -> dict:
        cache = os.environ.get("TORCHINDUCTOR_CACHE_DIR")
        return {
            "framework_versions": {"torch": torch.__version__, "numpy": np.__version__,
                                   "cuda_build": str(torch.version.cuda)},
            "matmul_precision": "float32 highest (allow_tf32=False, cudnn.allow_tf32=False)",
            "gpu": {"name": self.device_name(), "cuda": str(torch.version.cuda)} if self.cuda else None,
            "compile_cache": (f"inductor cache {cache}; layout_optimization=False"
                              if self.mode == "compiled" and cache else None),
        }

    def reset_gpu_peak(self) -> None:
        if self.cuda:
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)

    def gpu_peak(self) -> int | None:
        return int(torch.cuda.max_memory_allocated(self.device)) if self.cuda else None

    def gpu_method(self) -> str | None:
        return "torch.cuda.max_memory_allocated after reset_peak_memory_stats" if self.cuda else None

    def build(self, workload: spec.Workload, config: spec.Config, params: dict):
        if workload.id in spec.LM_WORKLOADS:
            from faceoff.bench import lm_torch

            return lm_torch.Task(self, workload, config, params)
        return Task(self, workload, config, params)


def _dense(layer: nn.Linear, p: dict) -> None:
    layer.weight.copy_(torch.from_numpy(p["w"].T.copy()))
    layer.bias.copy_(torch.from_numpy(p["b"]))


def _conv(layer: nn.Conv2d, p: dict) -> None:
    layer.weight.copy_(torch.from_numpy(p["w"].transpose(3, 2, 0, 1).copy()))  # HWIO -> OIHW
    layer.bias.copy_(torch.from_numpy(p["b"]))


class MLP(nn.Module):
    def __init__(self, h: int):
        super().__init__()
        self.d1, self.d2, self.out = nn.Linear(64, h), nn.Linear(h, h), nn.Linear(h, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.out(torch.relu(self.d2(torch.relu(self.d1(x)))))


class DigitsCNN(nn.Module):
    def __init__(self, c1: int, c2: int, h: int):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, c1, 3, padding=1), nn.Conv2d(c1, c2, 3, padding=1)
        self.d1, self.out = nn.Linear(16 * c2, h), nn.Linear(h, 10)

    def forward(self, x):
        x = torch.relu(self.c2(torch.relu(self.c1(x.unsqueeze(1)))))
        x = nn.functional.max_pool2d(x, 2).flatten(1)  # NCHW order: d1's rows are permuted to match at load
        return self.out(torch.relu(self.d1(x)))


class DigitsLSTM(nn.Module):
    def __init__(self, h: int):
        super().__init__()
        self.lstm = nn.LSTM(8, h, batch_first=True)
        self.out = nn.Linear(h, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1])


class SyntheticCNN(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(c, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1), \
            nn.Conv2d(64, 128, 3, padding=1)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = x.permute(0, 3, 1, 2)  # data arrive NHWC like the other frameworks; PyTorch convolves NCHW
        x = nn.functional.max_pool2d(torch.relu(self.c1(x)), 2)
        x = nn.functional.max_pool2d(torch.relu(self.c2(x)), 2)
        x = torch.relu(self.c3(x)).mean(dim=(2, 3))
        return self.out(x)


def make_model(workload_id: str, config: spec.Config, p: dict) -> nn.Module:
    s = config.size
    with torch.no_grad():
        if workload_id == "mlp-digits":
            m = MLP(s["hidden"])
            _dense(m.d1, p["d1"])
            _dense(m.d2, p["d2"])
            _dense(m.out, p["out"])
        elif workload_id == "cnn-digits":
            m = DigitsCNN(s["c1"], s["c2"], s["hidden"])
            _conv(m.c1, p["c1"])
            _conv(m.c2, p["c2"])
            _dense(m.out, p["out"])
            # The reference dense kernel reads features in NHWC order (h, w, c); PyTorch flattens NCHW (c, h, w).
            w = p["d1"]["w"].reshape(4, 4, s["c2"], -1).transpose(2, 0, 1, 3).reshape(16 * s["c2"], -1)
            _dense(m.d1, {"w": w, "b": p["d1"]["b"]})
        elif workload_id == "lstm-digits":
            m = DigitsLSTM(s["hidden"])
            m.lstm.weight_ih_l0.copy_(torch.from_numpy(p["lstm"]["kernel"].T.copy()))
            m.lstm.weight_hh_l0.copy_(torch.from_numpy(p["lstm"]["recurrent"].T.copy()))
            m.lstm.bias_ih_l0.copy_(torch.from_numpy(p["lstm"]["bias"]))
            # PyTorch keeps two bias vectors; Keras and JAX one. The second is fixed at zero (not trained), so the
            # function and the trainable parameter count are the same in all three.
            m.lstm.bias_hh_l0.zero_()
            m.lstm.bias_hh_l0.requires_grad_(False)
            _dense(m.out, p["out"])
        elif workload_id == "cnn-synthetic":
            m = SyntheticCNN(s["channels"])
            _conv(m.c1, p["c1"])
            _conv(m.c2, p["c2"])
            _conv(m.c3, p["c3"])
            _dense(m.out, p["out"])
        elif workload_id == "transformer-block":
            d, heads = s["d_model"], s["heads"]
            m = nn.TransformerEncoderLayer(d, heads, dim_feedforward=s["ffn"], dropout=0.0, activation="relu",
                                           layer_norm_eps=1e-5, batch_first=True, norm_first=False)
            attn = m.self_attn
            attn.in_proj_weight.copy_(torch.from_numpy(
                np.concatenate([p["q"]["w"].T, p["k"]["w"].T, p["v"]["w"].T], axis=0)))
            attn.in_proj_bias.copy_(torch.from_numpy(np.concatenate([p["q"]["b"], p["k"]["b"], p["v"]["b"]])))
            _dense(attn.out_proj, p["o"])
            _dense(m.linear1, p["f1"])
            _dense(m.linear2, p["f2"])
            for ln, q in ((m.norm1, p["ln1"]), (m.norm2, p["ln2"])):
                ln.weight.copy_(torch.from_numpy(q["g"]))
                ln.bias.copy_(torch.from_numpy(q["b"]))
        else:
            raise KeyError(workload_id)
    return m


class Task:
    def __init__(self, adapter: Adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        self.device = adapter.device
        compiled = adapter.mode == "compiled"
        self._tiny = torch.zeros((), device=self.device)
        if compiled:
            # Dynamo caches by code object: without a reset, the next workload's step (same code, new shapes)
            # would be recompiled with dynamic shapes.
            torch._dynamo.reset()
            # Inductor's channels-last layout optimisation gave wrong convolution gradients on CPU here (torch
            # 2.13: cnn-digits losses diverged from eager from step 2; the correctness gate caught it).
            inductor_config.layout_optimization = False
        if workload.id == "matmul":
            data = spec.synthetic("matmul", config)
            a, b = self.to_device(data["a"]), self.to_device(data["b"])
            fn = torch.compile(torch.matmul, dynamic=False) if compiled else torch.matmul
            self.forward = lambda: fn(a, b)
            self.param_count = 0
            return
        self.model = make_model(workload.id, config, params).to(self.device)
        self.param_count = sum(p.numel() for p in self.model.parameters() if p.requires_grad)
        if workload.kind == "forward":
            self.model.eval()
            x = self.to_device(spec.synthetic(workload.id, config)["x"])
            model = torch.compile(self.model, dynamic=False) if compiled else self.model

            def forward():
                with torch.no_grad():
                    return model(x)

            self.forward = forward
            return
        opt = torch.optim.Adam([p for p in self.model.parameters() if p.requires_grad], lr=config.learning_rate,
                               betas=(spec.OPTIMIZER["beta_1"], spec.OPTIMIZER["beta_2"]),
                               eps=spec.OPTIMIZER["epsilon"])
        model = self.model

        def step(x, y):
            opt.zero_grad(set_to_none=True)
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss.detach()

        self.train_step = torch.compile(step, dynamic=False) if compiled else step

    def to_device(self, array):
        tensor = torch.from_numpy(np.ascontiguousarray(array))
        if tensor.dtype == torch.int32:
            tensor = tensor.long()
        return tensor.to(self.device)

    def sync(self, out) -> None:
        if self.adapter.cuda:
            torch.cuda.synchronize(self.device)

    def loss_value(self, out) -> float:
        return float(out.item())

    def evaluate(self, x, y) -> float:
        # Evaluation is not timed; the eager module shares its parameters with the compiled step.
        with torch.no_grad():
            pred = self.model(x).argmax(dim=1)
        return float((pred == y).float().mean().item())

    def checksum(self, out) -> float:
        return float(out.detach().abs().double().mean().item()) if out.dim() else float(out.item())

    def empty_step(self):
        return self._tiny
