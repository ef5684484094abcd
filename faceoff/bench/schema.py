"""The versioned schema of one benchmark result file (pydantic); docs/benchmark-result.schema.json is its export."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from faceoff import clock
from faceoff.bench.stats import summarize

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://faceoff.example/schemas/benchmark-result-1.0.json"
WorkloadId = Literal["mlp-digits", "cnn-digits", "lstm-digits", "cnn-synthetic", "matmul", "transformer-block",
                     "lm-train", "lm-generate"]
FrameworkId = Literal["pytorch", "tensorflow", "jax"]
ModeId = Literal["eager", "compiled"]
MAX_STEPS = 100_000

Seconds = Annotated[float, Field(ge=0, le=86_400, allow_inf_nan=False)]
Short = Annotated[str, Field(min_length=1, max_length=200)]
Long = Annotated[str, Field(min_length=1, max_length=4000)]
Bytes = Annotated[int, Field(ge=0, le=2**50)]


def _not_future(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("date must carry a time zone (UTC)")
    if value.date() > clock.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepStats(Strict):
    n: Annotated[int, Field(ge=1)]
    median: Seconds
    p10: Seconds
    p90: Seconds
    mean: Seconds
    std: Seconds
    min: Seconds
    max: Seconds

    @model_validator(mode="after")
    def _ordered(self) -> StepStats:
        if not (self.min <= self.p10 <= self.median <= self.p90 <= self.max):
            raise ValueError("statistics out of order: need min ≤ p10 ≤ median ≤ p90 ≤ max")
        return self


class RunConfig(Strict):
    batch_size: Annotated[int, Field(ge=1, le=1_000_000)]
    epochs: Annotated[int, Field(ge=0, le=10_000)]
    steps: Annotated[int, Field(ge=0, le=MAX_STEPS)]
    warmup_steps: Annotated[int, Field(ge=0, le=10_000)]
    learning_rate: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)]
    seed: int
    dtype: Literal["float32", "bfloat16", "float16"]
    size: dict[Short, Annotated[int, Field(ge=0, le=10_000_000)]]


class Timing(Strict):
    step_times_s: Annotated[list[Seconds], Field(min_length=1, max_length=MAX_STEPS)]
    warmup_times_s: Annotated[list[Seconds], Field(max_length=10_000)]
    first_step_s: Seconds
    compile_time_s: Seconds = Field(description="first step minus the median step: tracing/compilation cost")
    summary: StepStats
    epoch_times_s: Annotated[list[Seconds], Field(max_length=10_000)] = []
    throughput: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    throughput_unit: Literal["samples/s", "sequences/s", "GFLOP/s", "tokens/s"]
    harness_overhead: StepStats = Field(description="the timing loop around an empty step (clock + sync)")

    @model_validator(mode="after")
    def _summary_matches(self) -> Timing:
        expected = summarize(self.step_times_s)
        for key, value in expected.items():
            got = getattr(self.summary, key)
            if not math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-12):
                raise ValueError(f"summary.{key} = {got} does not match the step times ({value})")
        return self


class Memory(Strict):
    method: Short
    import_baseline_rss_bytes: Bytes
    workload_start_rss_bytes: Bytes
    peak_rss_bytes: Bytes
    peak_minus_baseline_bytes: Bytes
    gpu_allocator_peak_bytes: Bytes | None = None
    gpu_method: Short | None = None


Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class Accuracy(Strict):
    per_epoch: Annotated[list[Fraction], Field(min_length=1, max_length=10_000)]
    final: Fraction
    loss_per_epoch: Annotated[list[Annotated[float, Field(allow_inf_nan=False)]], Field(max_length=10_000)]
    test_samples: Annotated[int, Field(ge=1)]


Finite = Annotated[float, Field(allow_inf_nan=False)]


class LanguageModel(Strict):
    """What the language-model workloads add: the corpus, the loss curve, time to first token, the tokens made."""

    corpus: Short
    corpus_bytes: Annotated[int, Field(ge=1)]
    corpus_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    tokens_per_step: Annotated[int, Field(ge=1)] = Field(description="tokens trained on (lm-train) or generated "
                                                                     "(generate) per step")
    loss_per_step: Annotated[list[Finite], Field(max_length=MAX_STEPS)] = Field(
        default=[], description="training loss after every step, warm-up steps first (lm-train)")
    prompt_tokens: Annotated[int, Field(ge=1)] | None = None
    new_tokens: Annotated[int, Field(ge=1)] | None = None
    ttft_s: Annotated[list[Seconds], Field(max_length=MAX_STEPS)] = Field(
        default=[], description="time to first token of each measured generation (prefill + first argmax)")
    warmup_ttft_s: Annotated[list[Seconds], Field(max_length=10_000)] = []
    ttft_summary: StepStats | None = None
    decode_tokens_per_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(
        default=None, description="tokens after the first / (generation time − time to first token), median")
    generated: Annotated[list[Annotated[int, Field(ge=0, le=255)]], Field(max_length=100_000)] = Field(
        default=[], description="the first sequence's generated byte ids (greedy; the gate compares them)")


class Threads(Strict):
    intra_op: Annotated[int, Field(ge=1, le=4096)]
    inter_op: Annotated[int, Field(ge=1, le=4096)]
    env: dict[Short, Annotated[str, Field(max_length=1000)]]


class Gpu(Strict):
    name: Short
    driver: Short | None = None
    cuda: Short | None = None
    memory_total: Short | None = None


class Environment(Strict):
    python: Short
    python_implementation: Short
    os: Short
    os_release: Short
    machine: Short
    cpu_model: Short
    cpu_cores_logical: Annotated[int, Field(ge=1)] | None
    cpu_cores_physical: Annotated[int, Field(ge=1)] | None
    cpu_affinity: Annotated[list[Annotated[int, Field(ge=0)]], Field(max_length=4096)] | None
    memory_total_bytes: Bytes | None
    threads: Threads
    load_average_at_start: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=3, max_length=3)] | None
    gpu: Gpu | None
    date: Annotated[dt.datetime, AfterValidator(_not_future)]
    command: Long
    worker_command: Long
    executable: Short
    framework_versions: dict[Short, Short]
    matmul_precision: Short
    compile_cache: Short | None = None


class BenchResult(Strict):
    """One workload × framework × mode × repeat on one device."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"$id": SCHEMA_ID})

    schema_version: Literal["1.0"]
    run_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")]
    suite: Literal["full", "quick", "custom"]
    workload: WorkloadId
    workload_title: Short
    kind: Literal["train-epochs", "train-steps", "forward", "lm-train", "generate"]
    dataset: Short
    framework: FrameworkId
    framework_version: Short
    mode: ModeId
    mode_detail: Short
    device: Annotated[str, Field(pattern=r"^(cpu|cuda:\d{1,2})$")]
    device_name: Short
    repeat: Annotated[int, Field(ge=1, le=1000)]
    repeats: Annotated[int, Field(ge=1, le=1000)]
    order_index: Annotated[int, Field(ge=0, le=1_000_000)]
    config: RunConfig
    optimizer: dict[Short, Short | float]
    loss: Short
    param_count: Annotated[int, Field(ge=0)]
    output_checksum: Annotated[float, Field(allow_inf_nan=False)] | None = None
    timing: Timing
    memory: Memory
    accuracy: Accuracy | None = None
    lm: LanguageModel | None = None
    environment: Environment

    @model_validator(mode="after")
    def _consistent(self) -> BenchResult:
        if self.repeat > self.repeats:
            raise ValueError(f"repeat {self.repeat} > repeats {self.repeats}")
        if self.kind == "train-epochs" and self.accuracy is None:
            raise ValueError("a train-epochs workload needs accuracy")
        if self.kind in ("lm-train", "generate"):
            self._check_lm()
        return self

    def _check_lm(self) -> None:
        lm, t = self.lm, self.timing
        if lm is None:
            raise ValueError(f"a {self.kind} workload needs the lm section")
        if self.kind == "lm-train" and len(lm.loss_per_step) != len(t.warmup_times_s) + len(t.step_times_s):
            raise ValueError("lm.loss_per_step needs one loss per step (warm-up included)")
        if self.kind == "generate":
            if len(lm.ttft_s) != len(t.step_times_s) or lm.ttft_summary is None:
                raise ValueError("lm.ttft_s needs one time to first token per measured generation, and its summary")
            if any(a > b for a, b in zip(lm.ttft_s, t.step_times_s, strict=True)):
                raise ValueError("a time to first token exceeds its whole generation")
            if lm.new_tokens is None or len(lm.generated) != lm.new_tokens:
                raise ValueError("lm.generated needs new_tokens byte ids")
            expected = summarize(lm.ttft_s)
            if any(not math.isclose(getattr(lm.ttft_summary, k), v, rel_tol=1e-6, abs_tol=1e-12)
                   for k, v in expected.items()):
                raise ValueError("lm.ttft_summary does not match lm.ttft_s")

    def file_name(self) -> str:
        return f"{self.workload}__{self.framework}__{self.mode}__{self.device.replace(':', '')}__r{self.repeat}" \
               f"__{self.run_id}.json"


def json_schema() -> dict:
    schema = BenchResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Faceoff benchmark result"
    schema["description"] = (f"One result of `python -m faceoff bench run` (schema_version {SCHEMA_VERSION}); "
                             "times in seconds, memory in bytes, accuracy as a fraction.")
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
