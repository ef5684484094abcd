"""One name per accelerator model (the same chip is spelled many ways in MLPerf system descriptions)."""

from __future__ import annotations

import re

VENDORS = {"NVIDIA": "NVIDIA", "QUALCOMM": "Qualcomm"}
PLACEHOLDERS = {"", "-", "n/a", "na", "none", "null"}
_NVIDIA = re.compile(r"\b(GB300|GB200|GH200|B300|B200|H200|H100|A100|A30|A40|A10G|A10|A16|A2|L40S|L40|L4|T4|V100S|V100"
                     r"|K80)\b", re.I)
_FORM = re.compile(r"(SXM\d?|PCI-?E|NVL)", re.I)
_MEMORY = re.compile(r"(\d{2,3})\s*G(?:B)?\b", re.I)
_MIG = re.compile(r"(\d+x\d+g\.\d+gb)\s*MIG", re.I)
_TPU = re.compile(r"tpu[\s_-]*(v\d+[a-z]?|trillium)", re.I)
_AMD = re.compile(r"\bMI(\d{3}[A-Z]?)\b", re.I)
_NOISE = re.compile(r"\(\s*\d+\s*W\s*\)|-\d+W\b|\bCTS\b|\bVirtualized\b|\(R\)|®|™|\bTensor Core GPU\b", re.I)


def normalise_accelerator(raw: str) -> str:
    """A model name that is the same for every spelling of one chip (memory size and MIG slicing kept apart).

    ``""`` for the placeholders systems without an accelerator use (``N/A``, ``-``). Power limits, "CTS" and
    "Virtualized" are dropped; a string naming two models (mixed clusters) is kept as written.
    """
    text = " ".join(str(raw or "").split())
    if text.lower() in PLACEHOLDERS:
        return ""
    if "," in text:
        return text
    clean = " ".join(_NOISE.sub(" ", text).split()).replace("_", "-")
    tpu = _TPU.search(clean.replace("tpuv", "tpu v"))
    if tpu:
        gen = tpu.group(1).lower()
        return "Google TPU v6e (Trillium)" if gen in ("trillium", "v6", "v6e") else f"Google TPU {gen}"
    if clean.upper() == "TPU":
        return "Google TPU (generation not named)"
    if re.search(r"gaudi\W*2", clean, re.I):
        return "Intel Gaudi 2"
    if re.search(r"gaudi\W*3", clean, re.I):
        return "Intel Gaudi 3"
    if re.search(r"gaudi", clean, re.I):
        return "Habana Gaudi"
    amd = _AMD.search(clean)
    if amd and re.search(r"amd|instinct|mi\d", clean, re.I):
        memory = _MEMORY.search(clean)
        return f"AMD Instinct MI{amd.group(1).upper()}" + (f" {memory.group(1)}GB" if memory else "")
    nvidia = _NVIDIA.search(clean)
    if nvidia and re.search(r"nvidia|tesla|^[A-Z]\d|\bGB?\d|blackwell|hgx|geforce", clean, re.I):
        model = nvidia.group(1).upper()
        form = _FORM.search(clean[nvidia.end():])
        parts = [f"NVIDIA {model}"]
        if form:
            kind = form.group(1).upper().replace("-", "")
            parts.append("PCIe" if kind.startswith("PCI") else ("SXM" if kind.startswith("SXM") else kind))
        memory = _MEMORY.search(clean[nvidia.end():])
        if memory:
            parts.append(f"{memory.group(1)}GB")
        mig = _MIG.search(clean)
        if mig:
            parts.append(f"(MIG {mig.group(1).lower()})")
        return " ".join(parts)
    return re.sub(r"^(NVIDIA|QUALCOMM)\s+", lambda m: VENDORS[m.group(1).upper()] + " ", clean, flags=re.I)
