"""ONNX Runtime backend: the stance network exported once, quantised to int8, cached beside the model.

Why: on a CPU, dynamic int8 quantisation (weights per output channel, activations per batch) makes
the encoder's matrix multiplications several times cheaper than float32 PyTorch, for a loss of
accuracy that ``scripts/bench_scoring.py`` measures against the torch backend (kept only if macro-F1
drops by at most one point). The export is keyed by the weights' hash, so a retrained model never
picks up a stale graph; files are written under a temporary name and renamed, so concurrent workers
(Ray) exporting at once cannot leave a torn file.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from stance.model import StanceModel

log = logging.getLogger(__name__)

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17


def default_threads() -> int:
    """``STANCE_NUM_THREADS``, else the CPUs this process may use (hyper-threads help int8 GEMM little)."""
    env = int(os.environ.get("STANCE_NUM_THREADS", "0") or 0)
    if env > 0:
        return env
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS / Windows
        n = os.cpu_count() or 1
    return max(1, n)


def state_digest(module: Any) -> str:
    """A hash of a network's tensors: names an exported graph, so new weights never meet a stale one."""
    digest = hashlib.sha256()
    for name, tensor in sorted(module.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()[:16]


def _weights_key(model: "StanceModel") -> str:
    """A hash naming the exported graph: the saved weights' digest, or the tensors themselves."""
    sha = (model.meta or {}).get("weights_sha256")
    return str(sha)[:16] if sha else state_digest(model.network)


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe."):
            return True
    except OSError:
        return False


def cache_dir(model: "StanceModel") -> Path:
    """``MODEL/onnx`` when the model directory is writable, else ``$STANCE_HOME/cache/onnx/<key>``."""
    return graph_dir(model.path, _weights_key(model))


def graph_dir(model_dir: Path | None, key: str, prefix: str = "") -> Path:
    """``MODEL_DIR/onnx`` when that directory is writable, else ``$STANCE_HOME/cache/onnx/<prefix><key>``."""
    from stance.model.core import stance_home

    if model_dir is not None and _writable(Path(model_dir) / "onnx"):
        return Path(model_dir) / "onnx"
    d = stance_home() / "cache" / "onnx" / f"{prefix}{key}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def export_graph(net: Any, example: tuple[Any, ...], path: Path, *, input_names: list[str],
                 output_names: list[str], dynamic_axes: dict[str, dict[int, str]], attn_owner: Any = None) -> Path:
    """Trace ``net`` on ``example`` to ONNX (atomically). ``attn_owner`` (the HF model inside) is
    switched to eager attention for the trace: it traces to plain MatMul/Softmax with the mask as
    data, where SDPA's fast paths branch on Python values that a trace would freeze."""
    import torch

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    old_attn = getattr(getattr(attn_owner, "config", None), "_attn_implementation", None)
    switch = attn_owner is not None and old_attn not in (None, "eager") and hasattr(attn_owner, "set_attn_implementation")
    try:
        if switch:
            attn_owner.set_attn_implementation("eager")
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            # Tracer warnings about shape checks that are constant for these networks (the mask always
            # has the input's length; no negative indices); the tests check padded batches of other shapes.
            warnings.simplefilter("ignore")
            torch.onnx.export(net, example, str(tmp), dynamo=False, opset_version=OPSET, input_names=input_names,
                              output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=True)
        os.replace(tmp, path)
    finally:
        if switch:
            attn_owner.set_attn_implementation(old_attn)
        tmp.unlink(missing_ok=True)
    return path


def export_onnx(model: "StanceModel", path: Path) -> Path:
    """Export ``model.network`` with dynamic batch and sequence axes (atomically)."""
    import torch

    net = model.network.eval()
    # Trace with a batch of 2 of different lengths so padding and masking are part of the graph.
    example = {k: torch.ones((2, 16), dtype=torch.long) for k in _INPUTS}
    example["attention_mask"][1, 10:] = 0
    example["token_type_ids"][:, :8] = 0
    dynamic = {k: {0: "batch", 1: "sequence"} for k in _INPUTS}
    dynamic.update({"label_logits": {0: "batch"}, "target_logits": {0: "batch"}})
    return export_graph(net, tuple(example[k] for k in _INPUTS), path, input_names=list(_INPUTS),
                        output_names=["label_logits", "target_logits"], dynamic_axes=dynamic,
                        attn_owner=getattr(net, "seqcls", None))


def quantize_int8(src: Path, dst: Path) -> Path:
    """Dynamic int8 quantisation, per channel, of every weight matrix (atomically)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp.onnx")
    root = logging.getLogger()
    hush = _DropPreprocessAdvice()
    root.addFilter(hush)
    try:
        # onnxruntime may leave scratch files in the working directory: keep them out of the caller's.
        with tempfile.TemporaryDirectory(prefix="stance-quant-") as work:
            cwd = os.getcwd()
            os.chdir(work)
            try:
                quantize_dynamic(str(Path(src).resolve()), str(Path(tmp).resolve()), per_channel=True,
                                 weight_type=QuantType.QInt8)
            finally:
                os.chdir(cwd)
        os.replace(tmp, dst)
    finally:
        root.removeFilter(hush)
        tmp.unlink(missing_ok=True)
    return dst


class _DropPreprocessAdvice(logging.Filter):
    """onnxruntime advises ``quant_pre_process`` on every call; its symbolic shape inference fails
    on this graph, and the int8 model's F1 is measured without it (scripts/bench_scoring.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Please consider to run pre-processing")


def make_session(path: Path, num_threads: int | None = None) -> Any:
    """A CPU ONNX Runtime session set up for inputs whose shape changes with every batch."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = num_threads or default_threads()
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Shapes change with every batch: memory patterns (planned per shape) and the growing arena
    # only add memory over a long run; without them, `stance score` stays flat (measured).
    opts.enable_mem_pattern = False
    opts.enable_cpu_mem_arena = False
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class OnnxBackend:
    """Logits from an ONNX Runtime session; same ``logits(batch)`` contract as the torch backend."""

    name = "onnx"

    def __init__(self, onnx_path: str | Path, *, num_threads: int | None = None) -> None:
        self.path = Path(onnx_path)
        self.session = make_session(self.path, num_threads)
        # An encoder without token types exports without that input: feed what the graph takes.
        self.input_names = [i.name for i in self.session.get_inputs()]

    @classmethod
    def from_model(cls, model: "StanceModel", *, quantize: bool = True, num_threads: int | None = None) -> "OnnxBackend":
        """The backend for ``model``, exporting (and quantising) it on first use, cached after."""
        key = _weights_key(model)
        d = graph_dir(model.path, key)
        fp32 = d / f"stance-{key}.fp32.onnx"
        int8 = d / f"stance-{key}.int8.onnx"
        target = int8 if quantize else fp32
        if not target.exists():
            log.info("exporting %s to ONNX in %s", model.name, d)
            if not fp32.exists():
                export_onnx(model, fp32)
            if quantize:
                quantize_int8(fp32, int8)
        return cls(target, num_threads=num_threads)

    def logits(self, batch: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        feed = {k: np.ascontiguousarray(batch[k], dtype=np.int64) for k in self.input_names}
        label_logits, target_logits = self.session.run(["label_logits", "target_logits"], feed)
        return np.asarray(label_logits, np.float32), np.asarray(target_logits, np.float32)

    def __repr__(self) -> str:
        return f"OnnxBackend({str(self.path)!r})"
