"""Training configuration: YAML files in ``configs/``, every option overridable from the command line.

A config is a tree of frozen dataclasses, so a typo is an error, not a silently ignored option:
an unknown key, a value of the wrong type or a missing file stops with a message naming it.
"""
from __future__ import annotations

import dataclasses
import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from stance.labels import LABEL_POOLINGS

__all__ = ["ConfigError", "Config", "DataConfig", "ModelConfig", "TrainingConfig", "CalibrationConfig",
           "load_config", "parse_overrides", "apply_overrides", "config_to_dict", "config_from_dict", "coerce",
           "type_name"]


class ConfigError(ValueError):
    """A bad config: the message names the file and the key."""


@dataclass(frozen=True)
class DataConfig:
    gold: str = "data/gold/corpus.jsonl"  # the compiled gold corpus (stance data build gold)
    splits: str | None = "data/gold/splits.json"  # article-level splits; None: hash-based
    max_context_chars: int = 400
    max_train_examples: int | None = None  # a slice, for quick runs and tests
    max_dev_examples: int | None = None
    # More training quotes: a gold JSONL, or a stand-off file of annotated shared news (stance.data.standoff)
    # whose texts are read from ../shared at run time. All its quotes go to train, never to dev or test.
    extra_train: str | None = None
    # Without ../shared a stand-off file cannot be assembled: true stops; false trains without it and says so
    extra_train_required: bool = False
    # Train quotes whose words nearly repeat (word-set Jaccard >= this) a dev, test or `held_out` quote are
    # left out of training (stance.data.decontam); null keeps them all
    decontaminate: float | None = 0.5
    # A further evaluation file (gold or stand-off), e.g. the real-news slice, that training must not repeat
    held_out: str | None = None


@dataclass(frozen=True)
class ModelConfig:
    encoder: str = "minilm"  # "minilm" (packaged all-MiniLM-L6-v2), a hub id, a local dir, or tiny-random-bert
    max_length: int = 128
    dropout: float = 0.1
    label_pooling: str = "cls"  # "cls": the HF classifier head (pipeline-compatible); "mean": a head on mean-pooled states
    tiny_hidden_size: int = 32  # only for tiny-random-bert
    tiny_layers: int = 2
    tiny_heads: int = 2


@dataclass(frozen=True)
class TrainingConfig:
    epochs: int = 6
    max_steps: int | None = None  # stop after this many optimiser steps (overrides epochs when reached)
    batch_size: int = 16
    eval_batch_size: int = 64
    learning_rate: float = 5e-5
    head_learning_rate: float | None = None  # None: same as learning_rate
    weight_decay: float = 0.01
    layer_decay: float = 1.0  # layer-wise learning-rate decay per encoder layer below the top (1.0: off)
    warmup_ratio: float = 0.1
    grad_clip: float = 1.0
    pos_weight: str = "auto"  # "auto": negatives/positives per label on train (capped); "sqrt": its square root; "none"
    pos_weight_max: float = 4.0
    target_loss_weight: float = 0.5
    label_smoothing: float = 0.0
    ema_decay: float = 0.0  # > 0: keep an exponential moving average of the weights and use it (e.g. 0.99)
    freeze_embeddings: bool = True  # keep the word-embedding matrix fixed: half the parameters, ~no loss, faster on CPU
    freeze_layers: int = 0  # also freeze all embeddings and the lowest N encoder layers: backprop stops above them (CPU time)
    early_stopping_patience: int = 2  # evaluations without a better dev macro-F1
    eval_every_steps: int | None = None  # None: evaluate at the end of every epoch
    context_dropout: float = 0.15  # train without context this often, so a bare sentence works too
    speaker_dropout: float = 0.3
    num_threads: int | None = None  # torch threads; None: torch's default
    device: str = "auto"  # auto | cpu | cuda
    progress: bool = True


@dataclass(frozen=True)
class CalibrationConfig:
    prior_correction: bool = True  # add -log(pos_weight) to each label's logit (undo class weighting's shift)
    temperature: bool = True  # then fit one temperature on dev (Guo et al. 2017)
    tune_thresholds: bool = True  # per-label threshold maximising dev F1
    threshold_min: float = 0.1
    threshold_max: float = 0.9
    threshold_tolerance: float = 0.01  # take the middle of the thresholds within this F1 of the best


@dataclass(frozen=True)
class Config:
    seed: int = 42
    output_dir: str | None = None  # None: $STANCE_HOME/models/default
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)
    calibration: CalibrationConfig = field(default_factory=CalibrationConfig)


_SECTIONS = {"data": DataConfig, "model": ModelConfig, "training": TrainingConfig, "calibration": CalibrationConfig}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def coerce(value: Any, hint: Any, where: str) -> Any:
    """``value`` as type ``hint`` (int, float, str, bool, optional), or a ConfigError naming ``where``."""
    args = typing.get_args(hint)
    if type(None) in args:
        if value is None:
            return None
        hint = next(a for a in args if a is not type(None))
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where} must be true or false, got {value!r}")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{where} must be an integer, got {value!r}")
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):  # YAML 1.1 reads 5e-5 as a string
            try:
                return float(value)
            except ValueError:
                pass
        raise ConfigError(f"{where} must be a number, got {value!r}")
    if hint is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where} must be a string, got {value!r}")
    raise ConfigError(f"{where}: unsupported type {hint}")  # pragma: no cover


def _unknown(key: str, known: Iterable[str], where: str) -> ConfigError:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ConfigError(f"{where}: unknown key {key!r}{hint}; known keys: {', '.join(sorted(known))}")


def config_from_dict(raw: Mapping[str, Any] | None, source: str = "<config>") -> Config:
    """A validated Config from a nested dict (a parsed YAML file)."""
    raw = dict(raw or {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the top level must be a mapping")
    top = _hints(Config)
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in top:
            raise _unknown(key, top, source)
        if key in _SECTIONS:
            cls = _SECTIONS[key]
            if value is None:
                value = {}
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: {key} must be a mapping of options, got {value!r}")
            hints = _hints(cls)
            sub = {}
            for k, v in value.items():
                if k not in hints:
                    raise _unknown(f"{key}.{k}", [f"{key}.{h}" for h in hints], source)
                sub[k] = coerce(v, hints[k], f"{source}: {key}.{k}")
            kwargs[key] = cls(**sub)
        else:
            kwargs[key] = coerce(value, top[key], f"{source}: {key}")
    cfg = Config(**kwargs)
    _check_values(cfg, source)
    return cfg


def _check_values(cfg: Config, source: str) -> None:
    t, m, c, d = cfg.training, cfg.model, cfg.calibration, cfg.data
    checks = [
        (t.epochs >= 1, "training.epochs must be >= 1"),
        (m.label_pooling in LABEL_POOLINGS, f"model.label_pooling must be 'cls' or 'mean', not {m.label_pooling!r}"),
        (t.max_steps is None or t.max_steps >= 1, "training.max_steps must be >= 1 or null"),
        (t.batch_size >= 1 and t.eval_batch_size >= 1, "training.batch_size and eval_batch_size must be >= 1"),
        (t.learning_rate > 0, "training.learning_rate must be positive"),
        (0 < t.layer_decay <= 1, "training.layer_decay must be in (0, 1]"),
        (0 <= t.warmup_ratio < 1, "training.warmup_ratio must be in [0, 1)"),
        (t.pos_weight in ("auto", "sqrt", "none"), f"training.pos_weight must be 'auto', 'sqrt' or 'none', got {t.pos_weight!r}"),
        (t.device in ("auto", "cpu", "cuda"), f"training.device must be auto, cpu or cuda, got {t.device!r}"),
        (0 <= t.context_dropout <= 1 and 0 <= t.speaker_dropout <= 1, "training.*_dropout must be in [0, 1]"),
        (0 <= t.label_smoothing < 0.5, "training.label_smoothing must be in [0, 0.5)"),
        (0 <= t.ema_decay < 1, "training.ema_decay must be in [0, 1)"),
        (t.early_stopping_patience >= 0, "training.early_stopping_patience must be >= 0"),
        (t.freeze_layers >= 0, "training.freeze_layers must be >= 0"),
        (16 <= m.max_length <= 512, "model.max_length must be in [16, 512]"),
        (0 <= m.dropout < 1, "model.dropout must be in [0, 1)"),
        (0 < c.threshold_min < c.threshold_max < 1, "calibration.threshold_min < threshold_max, both in (0, 1)"),
        (d.max_context_chars >= 1, "data.max_context_chars must be >= 1"),
        (d.decontaminate is None or 0 < d.decontaminate <= 1, "data.decontaminate must be in (0, 1] or null"),
    ]
    for ok, msg in checks:
        if not ok:
            raise ConfigError(f"{source}: {msg}")


def check_files(cfg: Config) -> None:
    """Files the config names must exist (checked before any model is loaded)."""
    from stance.data.gold import resolve

    if not resolve(cfg.data.gold).is_file():
        raise ConfigError(f"data.gold: no such file {cfg.data.gold!r} (build it with `stance data build gold`)")
    if cfg.data.extra_train is not None and not resolve(cfg.data.extra_train).is_file():
        raise ConfigError(f"data.extra_train: no such file {cfg.data.extra_train!r}")
    if cfg.data.held_out is not None and not resolve(cfg.data.held_out).is_file():
        raise ConfigError(f"data.held_out: no such file {cfg.data.held_out!r}")
    if cfg.data.splits is not None and not resolve(cfg.data.splits).is_file():
        raise ConfigError(f"data.splits: no such file {cfg.data.splits!r} (set data.splits: null for hash-based splits)")
    from stance.model.encoders import MINILM_ALIASES, TINY

    enc = cfg.model.encoder
    if enc.lower() not in MINILM_ALIASES and enc != TINY and enc.startswith((".", "/", "~")) and not Path(enc).expanduser().is_dir():
        raise ConfigError(f"model.encoder: no such directory {enc!r}")


def load_config(path: str | Path, overrides: Iterable[str] = ()) -> Config:
    """Read a YAML config and apply ``key=value`` overrides (dotted keys)."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"config file not found: {p}")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: invalid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: the top level must be a mapping")
    raw = apply_overrides(raw, overrides)
    return config_from_dict(raw, str(p))


def apply_overrides(raw: dict[str, Any], overrides: Iterable[str]) -> dict[str, Any]:
    """``["training.epochs=3", ...]`` applied to a nested dict; values parsed as YAML scalars."""
    import copy

    import yaml

    out = copy.deepcopy(raw)
    for item in overrides:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"override {item!r} must look like key=value (e.g. training.epochs=3)")
        try:
            value = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            value = text
        parts = key.split(".")
        if len(parts) > 2:
            raise ConfigError(f"override {item!r}: keys are at most two levels deep (section.option)")
        node = out
        if len(parts) == 2:
            node = out.setdefault(parts[0], {})
            if node is None:
                node = out[parts[0]] = {}
            if not isinstance(node, dict):
                raise ConfigError(f"override {item!r}: {parts[0]} is not a section")
        node[parts[-1]] = value
    return out


def parse_overrides(extra: list[str]) -> list[str]:
    """``--training.epochs 3`` / ``--training.epochs=3`` style leftovers → ``training.epochs=3``."""
    out: list[str] = []
    i = 0
    while i < len(extra):
        arg = extra[i]
        if not arg.startswith("--") or len(arg) == 2:
            raise ConfigError(f"unexpected argument {arg!r} (options look like --training.epochs 3 or --set training.epochs=3)")
        key = arg[2:]
        if "=" in key:
            out.append(key)
            i += 1
            continue
        if i + 1 >= len(extra) or extra[i + 1].startswith("--"):
            raise ConfigError(f"option {arg} needs a value")
        out.append(f"{key}={extra[i + 1]}")
        i += 2
    return out


def config_to_dict(cfg: Config) -> dict[str, Any]:
    return dataclasses.asdict(cfg)


def option_names() -> list[tuple[str, str]]:
    """``[("training.epochs", "int, default 6"), ...]``: every option, for the command line."""
    out: list[tuple[str, str]] = []
    top = _hints(Config)
    for key, hint in top.items():
        if key in _SECTIONS:
            cls = _SECTIONS[key]
            defaults = cls()
            for k, h in _hints(cls).items():
                out.append((f"{key}.{k}", f"{type_name(h)}, default {getattr(defaults, k)!r}"))
        else:
            out.append((key, f"{type_name(hint)}, default {getattr(Config(), key)!r}"))
    return out


def type_name(hint: Any) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    base = args[0] if args else hint
    name = getattr(base, "__name__", str(base))
    return f"{name} or null" if args else name
