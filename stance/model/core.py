"""``StanceModel``: a fine-tuned encoder that carries its own config, thresholds and calibration.

A saved model is a standard Hugging Face directory (``config.json``, ``model.safetensors``,
tokenizer files: ``AutoModelForSequenceClassification`` and a ``text-classification`` pipeline load
it) plus ``target_head.safetensors`` and ``stance.json`` (labels, targets, thresholds, temperature,
input format, training config, data hash, metrics). Safetensors only; loaded on CPU; a directory
missing files or made for other labels is refused before anything is loaded.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from stance.labels import LABEL_POOLINGS, LABELS, TARGETS
from stance.model.inputs import INPUT_FORMAT, InputStats, build_features

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
META_FILE = "stance.json"
TARGET_HEAD_FILE = "target_head.safetensors"
LABEL_HEAD_FILE = "label_head.safetensors"  # only with label_pooling "mean"
_REQUIRED = ("config.json", "model.safetensors", TARGET_HEAD_FILE, META_FILE, "tokenizer_config.json")
_TOKENIZER_VOCAB = ("tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model")


class ModelDirError(ValueError):
    """A directory that is not a complete stance model for this version's labels."""


def stance_home() -> Path:
    """``$STANCE_HOME``, by default ``~/.cache/stance``: models and caches live under it."""
    return Path(os.environ.get("STANCE_HOME") or "~/.cache/stance").expanduser()


def default_model_dir() -> Path:
    """``$STANCE_HOME/models/default``."""
    return stance_home() / "models" / "default"


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class TorchBackend:
    """Logits from the PyTorch network on CPU, in inference mode."""

    name = "torch"

    def __init__(self, network: Any, num_threads: int | None = None) -> None:
        import torch

        self.network = network
        n = num_threads or int(os.environ.get("STANCE_NUM_THREADS", "0") or 0)
        if n > 0:
            torch.set_num_threads(n)

    def logits(self, batch: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        import torch

        self.network.eval()
        device = next(self.network.parameters()).device
        with torch.inference_mode():
            ll, tl = self.network(
                torch.from_numpy(batch["input_ids"]).to(device),
                torch.from_numpy(batch["attention_mask"]).to(device),
                torch.from_numpy(batch["token_type_ids"]).to(device),
            )
        return ll.float().cpu().numpy(), tl.float().cpu().numpy()


class StanceModel:
    """Quote stance: calibrated probabilities for ``labels`` and, for support-for-party, ``targets``.

    ``predict``/``analyze``/``__call__`` delegate to :mod:`stance.inference`; ``predict_proba`` is
    the numeric core every backend shares.
    """

    def __init__(
        self,
        network: Any,
        tokenizer: Any,
        *,
        labels: Sequence[str] = LABELS,
        targets: Sequence[str] = TARGETS,
        thresholds: Sequence[float] | np.ndarray | None = None,
        temperature: float = 1.0,
        logit_bias: Sequence[float] | np.ndarray | None = None,
        max_length: int = 128,
        meta: dict[str, Any] | None = None,
        path: str | Path | None = None,
        backend: str = "torch",
    ) -> None:
        self.network = network
        self.tokenizer = tokenizer
        self.labels: tuple[str, ...] = tuple(labels)
        self.targets: tuple[str, ...] = tuple(targets)
        th = np.full(len(self.labels), 0.5) if thresholds is None else np.asarray(thresholds, dtype=np.float64)
        if th.shape != (len(self.labels),):
            raise ValueError(f"thresholds must have one value per label ({len(self.labels)}), got shape {th.shape}")
        self.thresholds: np.ndarray = th
        if not temperature > 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        self.temperature = float(temperature)
        lb = np.zeros(len(self.labels)) if logit_bias is None else np.asarray(logit_bias, dtype=np.float64)
        if lb.shape != (len(self.labels),):
            raise ValueError(f"logit_bias must have one value per label ({len(self.labels)}), got shape {lb.shape}")
        #: Added to each label's logit before the temperature: undoes the prior shift of class weighting.
        self.logit_bias: np.ndarray = lb
        self.max_length = int(max_length)
        self.meta: dict[str, Any] = dict(meta or {})
        self.meta.setdefault("input_format", dict(INPUT_FORMAT))
        self.path = Path(path) if path is not None else None
        self.name: str = str(self.meta.get("name") or f"stance-{self.meta.get('encoder_short', 'model')}@unsaved")
        self.last_input_stats = InputStats()
        self.backend_name = backend
        self.backend = self._make_backend(backend)

    # ---------------------------------------------------------------- construction
    @classmethod
    def from_encoder(
        cls,
        encoder: str,
        *,
        max_length: int = 128,
        dropout: float | None = None,
        tiny: dict[str, int] | None = None,
        labels: Sequence[str] = LABELS,
        targets: Sequence[str] = TARGETS,
        label_pooling: str = "cls",
    ) -> "StanceModel":
        """A fresh, untrained model over a pretrained encoder (or the tiny test BERT)."""
        from stance.model.encoders import load_sequence_classifier, load_tokenizer, short_name
        from stance.model.network import StanceNetwork

        tok = load_tokenizer(encoder)
        seqcls = load_sequence_classifier(encoder, tuple(labels), dropout=dropout, tiny=tiny, vocab_size=len(tok))
        limit = int(getattr(seqcls.config, "max_position_embeddings", 512) or 512)
        if max_length > limit:
            raise ValueError(f"model.max_length={max_length} exceeds the encoder's limit of {limit} positions")
        net = StanceNetwork(seqcls, len(targets), dropout=0.1 if dropout is None else dropout, label_pooling=label_pooling)
        meta = {"encoder": encoder, "encoder_short": short_name(encoder), "label_pooling": label_pooling}
        return cls(net, tok, labels=labels, targets=targets, max_length=max_length, meta=meta)

    def _make_backend(self, backend: str) -> Any:
        if backend == "torch":
            return TorchBackend(self.network)
        if backend == "onnx":
            from stance.inference.onnx import OnnxBackend

            return OnnxBackend.from_model(self)
        raise ValueError(f"unknown backend {backend!r}; use 'torch' or 'onnx'")

    # ---------------------------------------------------------------- inference
    def encode(
        self,
        quotes: Sequence[str],
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
    ) -> list[dict[str, Any]]:
        """Tokenized features, one per quote, or several (windows) for a quote too long to fit;
        each carries ``index``, the position of its quote. Counts land in ``last_input_stats``."""
        feats, stats = build_features(
            self.tokenizer, quotes, contexts, speakers, self.max_length, self.meta.get("input_format")
        )
        self.last_input_stats = stats
        if stats.quotes_windowed:
            log.info("%d of %d quotes longer than %d tokens were windowed", stats.quotes_windowed, stats.examples, self.max_length)
        return feats

    def logits(
        self,
        quotes: Sequence[str],
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        *,
        batch_size: int = 32,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Raw (uncalibrated) label and target logits per quote; windows combined."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        feats = self.encode(quotes, contexts, speakers)
        n = len(quotes)
        nl, nt = len(self.labels), len(self.targets)
        if n == 0:
            return np.zeros((0, nl), np.float32), np.zeros((0, nt), np.float32)
        fl = np.empty((len(feats), nl), np.float32)
        ft = np.empty((len(feats), nt), np.float32)
        order = sorted(range(len(feats)), key=lambda k: len(feats[k]["input_ids"]))
        pad = int(self.tokenizer.pad_token_id or 0)
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            width = max(len(feats[k]["input_ids"]) for k in idx)
            batch = {
                "input_ids": np.full((len(idx), width), pad, np.int64),
                "attention_mask": np.zeros((len(idx), width), np.int64),
                "token_type_ids": np.zeros((len(idx), width), np.int64),
            }
            for r, k in enumerate(idx):
                f = feats[k]
                m = len(f["input_ids"])
                batch["input_ids"][r, :m] = f["input_ids"]
                batch["attention_mask"][r, :m] = f["attention_mask"]
                batch["token_type_ids"][r, :m] = f["token_type_ids"]
            ll, tl = self.backend.logits(batch)
            fl[idx] = ll
            ft[idx] = tl
        if len(feats) == n:  # nothing windowed: features are in quote order already
            return fl, ft
        owner = np.array([f["index"] for f in feats])
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        label_logits = np.maximum.reduceat(fl, starts, axis=0)
        sfp = self.labels.index("support-for-party") if "support-for-party" in self.labels else 0
        ends = np.r_[starts[1:], len(feats)]
        pick = np.array([s + int(np.argmax(fl[s:e, sfp])) for s, e in zip(starts, ends)])
        return label_logits, ft[pick]

    def predict_proba(
        self,
        quotes: Sequence[str],
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        *,
        batch_size: int = 32,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated label probabilities ``(n, len(labels))`` and target probabilities
        ``(n, len(targets))``. Inputs are sorted by length and padded per batch; order is restored."""
        ll, tl = self.logits(quotes, contexts, speakers, batch_size=batch_size)
        return self.calibrate(ll), _softmax(tl.astype(np.float64))

    def calibrate(self, label_logits: np.ndarray) -> np.ndarray:
        """``sigmoid((logit + logit_bias) / temperature)``: the probabilities thresholds and ECE refer to.

        ``logit_bias`` is ``-log(pos_weight)`` per label (training up-weights positives, which shifts
        every logit by ``log(pos_weight)``; this is the prior correction), ``temperature`` is then
        fitted on dev (temperature scaling)."""
        z = np.asarray(label_logits, dtype=np.float64) + self.logit_bias
        return _sigmoid(z / self.temperature)

    def decide(self, label_probs: np.ndarray, threshold: float | None = None) -> np.ndarray:
        """Boolean label matrix: each label's tuned threshold, or one ``threshold`` for all."""
        th = self.thresholds if threshold is None else np.full(len(self.labels), float(threshold))
        return np.asarray(label_probs) >= th

    def predict(self, texts: Any, **kwargs: Any) -> Any:
        """Same as :func:`stance.predict` with this model."""
        from stance.inference import predict

        return predict(texts, model=self, **kwargs)

    __call__ = predict

    def analyze(self, article: Any) -> Any:
        """Same as :func:`stance.analyze` with this model."""
        from stance.inference import analyze

        return analyze(article, model=self)

    # ---------------------------------------------------------------- persistence
    def save_pretrained(self, path: str | Path) -> Path:
        """Write the model directory atomically (a temporary sibling renamed into place)."""
        with _quiet_transformers():
            return self._save(path)

    def _save(self, path: str | Path) -> Path:
        import torch
        from safetensors.torch import save_file

        path = Path(path).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            seqcls = self.network.seqcls
            seqcls.config.architectures = [type(seqcls).__name__]
            state = {k: v.detach().to("cpu") for k, v in seqcls.state_dict().items()}
            seqcls.save_pretrained(tmp, state_dict=state)
            self.tokenizer.save_pretrained(tmp)
            save_file(self.network.target_head_state(), str(tmp / TARGET_HEAD_FILE), metadata={"format": "pt"})
            heads = [TARGET_HEAD_FILE]
            if self.network.label_pooling != "cls":
                save_file(self.network.label_head_state(), str(tmp / LABEL_HEAD_FILE), metadata={"format": "pt"})
                heads.append(LABEL_HEAD_FILE)
            for stray in ("pytorch_model.bin", "training_args.bin"):
                (tmp / stray).unlink(missing_ok=True)
            digest = hashlib.sha256()
            for fname in ("model.safetensors", *heads):
                with open(tmp / fname, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
            from stance import __version__

            meta = dict(self.meta)
            meta.update(
                format_version=FORMAT_VERSION,
                library="stance",
                library_version=__version__,
                torch_version=torch.__version__,
                name=f"stance-{meta.get('encoder_short', 'model')}@{digest.hexdigest()[:8]}",
                weights_sha256=digest.hexdigest(),
                labels=list(self.labels),
                targets=list(self.targets),
                thresholds={l: float(t) for l, t in zip(self.labels, self.thresholds)},
                temperature=float(self.temperature),
                logit_bias={l: float(b) for l, b in zip(self.labels, self.logit_bias)},
                max_length=self.max_length,
                label_pooling=self.network.label_pooling,
                saved_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            )
            meta.setdefault("input_format", dict(INPUT_FORMAT))
            (tmp / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
            if path.exists():
                shutil.rmtree(path)
            tmp.rename(path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.meta = meta
        self.name = meta["name"]
        self.path = path
        return path

    @classmethod
    def from_pretrained(cls, path: str | Path, backend: str = "torch") -> "StanceModel":
        """Load a saved model on CPU; refuse an incomplete directory or one made for other labels."""
        path = Path(path).expanduser()
        meta = check_model_dir(path)
        with _quiet_transformers():
            return cls._load(path, meta, backend)

    @classmethod
    def _load(cls, path: Path, meta: dict[str, Any], backend: str) -> "StanceModel":
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from stance.model.network import StanceNetwork

        seqcls, info = AutoModelForSequenceClassification.from_pretrained(
            str(path), local_files_only=True, use_safetensors=True, trust_remote_code=False,
            output_loading_info=True, device_map=None,
        )
        bad = {k: v for k, v in info.items() if k in ("missing_keys", "unexpected_keys", "mismatched_keys") and v}
        if bad:
            raise ModelDirError(f"{path}: model.safetensors does not match config.json ({bad}); refusing a half-loaded model")
        seqcls = seqcls.to("cpu").eval()
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        hidden = int(seqcls.config.hidden_size)
        head = _load_head(path / TARGET_HEAD_FILE, len(meta["targets"]), hidden)
        pooling = meta.get("label_pooling", "cls")
        net = StanceNetwork(seqcls, len(meta["targets"]), label_pooling=pooling)
        if pooling != "cls":
            lhead = _load_head(path / LABEL_HEAD_FILE, len(meta["labels"]), hidden)
        with torch.no_grad():
            net.target_head.load_state_dict(head)
            if pooling != "cls":
                net.label_head.load_state_dict(lhead)
        net.eval()
        thresholds = [float(meta["thresholds"][l]) for l in meta["labels"]]
        return cls(
            net, tokenizer, labels=meta["labels"], targets=meta["targets"], thresholds=thresholds,
            temperature=float(meta["temperature"]), max_length=int(meta["max_length"]), meta=meta,
            logit_bias=[float((meta.get("logit_bias") or {}).get(l, 0.0)) for l in meta["labels"]],
            path=path, backend=backend,
        )

    def __repr__(self) -> str:
        return f"StanceModel(name={self.name!r}, labels={self.labels}, backend={self.backend_name!r})"


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """No per-file progress bars while saving or loading one small model."""
    from transformers.utils import logging as hf_logging

    was = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was:
            hf_logging.enable_progress_bar()


def _load_head(file: Path, n_out: int, hidden: int) -> dict[str, Any]:
    """A linear head's tensors from safetensors, refused unless shaped (n_out, hidden) + (n_out,)."""
    from safetensors.torch import load_file

    head = load_file(str(file), device="cpu")
    want = {"weight": (n_out, hidden), "bias": (n_out,)}
    got = {k: tuple(v.shape) for k, v in head.items()}
    if got != want:
        raise ModelDirError(f"{file}: expected tensors {want}, found {got}")
    return head


def check_model_dir(path: Path) -> dict[str, Any]:
    """Validate a model directory without loading weights; return its ``stance.json``."""
    if not path.exists():
        raise FileNotFoundError(f"no stance model at {path}")
    if not path.is_dir():
        raise ModelDirError(f"{path} is a file; a stance model is a directory")
    missing = [f for f in _REQUIRED if not (path / f).is_file()]
    if not any((path / f).is_file() for f in _TOKENIZER_VOCAB):
        missing.append("tokenizer.json (or vocab.txt)")
    if missing:
        hint = ""
        if "model.safetensors" in missing and (path / "pytorch_model.bin").exists():
            hint = " (pickled pytorch_model.bin is not loaded: safetensors only)"
        raise ModelDirError(f"{path} is not a complete stance model: missing {', '.join(missing)}{hint}")
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelDirError(f"{path}: unreadable {META_FILE} or config.json: {exc}") from exc
    for key in ("labels", "targets", "thresholds", "temperature", "max_length"):
        if key not in meta:
            raise ModelDirError(f"{path}/{META_FILE}: missing field {key!r}")
    if tuple(meta["labels"]) != LABELS:
        raise ModelDirError(
            f"{path} was made for labels {meta['labels']}, but this version of stance uses {list(LABELS)}; "
            "retrain it (stance train --config configs/default.yaml)"
        )
    id2label = config.get("id2label") or {}
    if [id2label.get(str(i)) for i in range(len(LABELS))] != list(LABELS) or len(id2label) != len(LABELS):
        raise ModelDirError(f"{path}/config.json: id2label {id2label} does not match the labels {list(LABELS)}")
    if set(meta["thresholds"]) != set(LABELS):
        raise ModelDirError(f"{path}/{META_FILE}: thresholds must name every label {list(LABELS)}")
    if not isinstance(meta["targets"], list) or not meta["targets"]:
        raise ModelDirError(f"{path}/{META_FILE}: 'targets' must be a non-empty list")
    if "logit_bias" in meta and set(meta["logit_bias"]) != set(LABELS):
        raise ModelDirError(f"{path}/{META_FILE}: logit_bias must name every label {list(LABELS)}")
    if not float(meta["temperature"]) > 0:
        raise ModelDirError(f"{path}/{META_FILE}: temperature must be positive")
    if meta.get("label_pooling", "cls") not in LABEL_POOLINGS:
        raise ModelDirError(f"{path}/{META_FILE}: label_pooling must be 'cls' or 'mean', not {meta['label_pooling']!r}")
    if meta.get("label_pooling", "cls") == "mean" and not (path / LABEL_HEAD_FILE).is_file():
        raise ModelDirError(f"{path} is not a complete stance model: missing {LABEL_HEAD_FILE} (label_pooling 'mean')")
    if config.get("auto_map"):
        raise ModelDirError(f"{path}/config.json asks for remote code (auto_map); refused")
    return meta
