"""PyTorch decoder-only LM (nn.Module, scaled_dot_product_attention) and greedy generation with a static KV cache."""

from __future__ import annotations

import time
from typing import cast

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from faceoff.bench import corpus, lm_spec, spec


def _linear(layer: nn.Linear, p: dict) -> None:
    layer.weight.copy_(torch.from_numpy(p["w"].T.copy()))
    layer.bias.copy_(torch.from_numpy(p["b"]))


def _norm(layer: nn.LayerNorm, p: dict) -> None:
    layer.weight.copy_(torch.from_numpy(p["g"]))
    layer.bias.copy_(torch.from_numpy(p["b"]))


class Block(nn.Module):
    def __init__(self, d: int, heads: int, ffn: int):
        super().__init__()
        self.heads, self.hd = heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=lm_spec.LN_EPS), nn.LayerNorm(d, eps=lm_spec.LN_EPS)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.f1, self.f2 = nn.Linear(d, ffn), nn.Linear(ffn, d)

    def load(self, p: dict) -> None:
        for name in ("q", "k", "v", "o", "f1", "f2"):
            _linear(getattr(self, name), p[name])
        _norm(self.ln1, p["ln1"])
        _norm(self.ln2, p["ln2"])

    def _heads(self, t: torch.Tensor) -> torch.Tensor:  # (B, T, D) -> (B, H, T, hd)
        return t.view(t.shape[0], t.shape[1], self.heads, self.hd).transpose(1, 2)

    def _mlp(self, h: torch.Tensor) -> torch.Tensor:
        return h + self.f2(F.gelu(self.f1(self.ln2(h)), approximate="none"))

    def forward(self, h: torch.Tensor, cache: tuple[torch.Tensor, torch.Tensor] | None = None) -> torch.Tensor:
        a = self.ln1(h)
        q, k, v = self._heads(self.q(a)), self._heads(self.k(a)), self._heads(self.v(a))
        if cache is not None:  # prefill: the prompt's keys and values fill the first positions of the cache
            cache[0][:, :, : h.shape[1]] = k
            cache[1][:, :, : h.shape[1]] = v
        att = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self._mlp(h + self.o(att.transpose(1, 2).reshape(h.shape)))

    def decode(self, h: torch.Tensor, cache: tuple[torch.Tensor, torch.Tensor], pos: torch.Tensor,
               visible: torch.Tensor) -> torch.Tensor:
        """One new position: write its key/value into the static cache in place, attend to positions ≤ pos."""
        a = self.ln1(h)
        q, k, v = self._heads(self.q(a)), self._heads(self.k(a)), self._heads(self.v(a))
        cache[0].index_copy_(2, pos, k)
        cache[1].index_copy_(2, pos, v)
        att = F.scaled_dot_product_attention(q, cache[0], cache[1], attn_mask=visible)
        return self._mlp(h + self.o(att.transpose(1, 2).reshape(h.shape)))


class GPT(nn.Module):
    def __init__(self, size: dict):
        super().__init__()
        d = size["d_model"]
        self.ctx = size["ctx"]
        self.tok, self.pos = nn.Embedding(corpus.VOCAB, d), nn.Embedding(size["ctx"], d)
        self.blocks = nn.ModuleList(Block(d, size["heads"], size["ffn"]) for _ in range(size["layers"]))
        self.lnf, self.head = nn.LayerNorm(d, eps=lm_spec.LN_EPS), nn.Linear(d, corpus.VOCAB)

    def load(self, p: dict) -> None:
        with torch.no_grad():
            self.tok.weight.copy_(torch.from_numpy(p["tok"]))
            self.pos.weight.copy_(torch.from_numpy(p["pos"]))
            for i, block in enumerate(self.blocks):
                cast(Block, block).load(p[f"l{i}"])
            _norm(self.lnf, p["lnf"])
            _linear(self.head, p["head"])

    def forward(self, x: torch.Tensor, caches: list | None = None) -> torch.Tensor:
        h = self.tok(x) + self.pos.weight[: x.shape[1]]
        for i, block in enumerate(self.blocks):
            h = block(h, None if caches is None else caches[i])
        return self.head(self.lnf(h))

    def decode(self, token: torch.Tensor, pos: torch.Tensor, caches: list) -> torch.Tensor:
        h = (self.tok(token) + self.pos(pos))[:, None, :]
        visible = (torch.arange(self.ctx, device=token.device) <= pos)[None, None, None, :]
        for block, cache in zip(self.blocks, caches, strict=True):
            h = cast(Block, block).decode(h, cache, pos, visible)
        return self.head(self.lnf(h))[:, 0]


class Task:
    def __init__(self, adapter, workload: spec.Workload, config: spec.Config, params: dict):
        self.adapter = adapter
        self.device = adapter.device
        self.size = config.size
        compiled = adapter.mode == "compiled"
        self._tiny = torch.zeros((), device=self.device)
        if compiled:
            torch._dynamo.reset()
        model = GPT(config.size)
        model.load(params)
        self.model = model.to(self.device)
        self.param_count = sum(p.numel() for p in self.model.parameters() if p.requires_grad)

        def wrap(fn):
            return torch.compile(fn, dynamic=False) if compiled else fn

        if workload.kind == "generate":
            self.model.eval()
            self._prompt = self.to_device(corpus.prompt(config.size["prompt"], config.batch_size))
            # Positions are device tensors made before the clock starts (a Python int would recompile per position).
            self._positions = [torch.tensor([config.size["prompt"] + i], device=self.device)
                               for i in range(config.size["new_tokens"] - 1)]

            def prefill(x, caches):
                with torch.no_grad():
                    return model(x, caches)[:, -1].argmax(-1)

            def decode(token, pos, caches):
                with torch.no_grad():
                    return model.decode(token, pos, caches).argmax(-1)

            self._prefill, self._decode = wrap(prefill), wrap(decode)
            return
        opt = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate,
                               betas=(cast(float, spec.OPTIMIZER["beta_1"]), cast(float, spec.OPTIMIZER["beta_2"])),
                               eps=cast(float, spec.OPTIMIZER["epsilon"]))

        def step(x, y):
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x).reshape(-1, corpus.VOCAB), y.reshape(-1))
            loss.backward()
            opt.step()
            return loss.detach()

        self.train_step = wrap(step)

    def _caches(self) -> list:
        s = self.size
        shape = (self._prompt.shape[0], s["heads"], s["ctx"], s["d_model"] // s["heads"])
        return [(torch.zeros(shape, device=self.device), torch.zeros(shape, device=self.device))
                for _ in range(s["layers"])]

    def generate(self) -> tuple[np.ndarray, float]:
        """Greedy generation of ``new_tokens`` after the fixed prompt; returns the tokens and the time to the first."""
        caches = self._caches()
        self.sync(None)
        start = time.perf_counter()
        token = self._prefill(self._prompt, caches)
        self.sync(token)
        ttft = time.perf_counter() - start
        out = [token]
        for pos in self._positions:
            token = self._decode(token, pos, caches)
            out.append(token)
        return torch.stack(out, dim=1).cpu().numpy().astype(np.int32), ttft

    def logits(self, x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return self.model(self.to_device(x)).cpu().numpy()

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

    def checksum(self, out) -> float:
        return float(out.item())

    def empty_step(self):
        return self._tiny
