"""Fine-tuning the stance model: a standard PyTorch loop (AdamW, linear warm-up and decay,
length-grouped batches, class-weighted BCE, early stopping on dev macro-F1), then temperature
scaling and per-label thresholds on dev. Everything seeded: the same config gives the same model.
"""
from __future__ import annotations

import copy
import hashlib
import json
import logging
import math
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from stance.labels import LABELS, TARGETS
from stance.training.config import Config, check_files, config_to_dict

log = logging.getLogger(__name__)
SUPPORT = LABELS.index("support-for-party")


@dataclass(frozen=True)
class Example:
    """One training quote, as the model reads it."""

    quote: str
    context: str | None
    speaker: str | None
    labels: tuple[float, ...]
    target: int  # index into TARGETS, or -100 when the quote takes no side


@dataclass(frozen=True)
class TrainResult:
    model_dir: Path
    train_time_s: float
    steps: int
    best_epoch: float
    dev: dict[str, Any]
    data_hash: str
    history: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def target_index(target: str | None, targets: Sequence[str] = TARGETS) -> int:
    """Gold target → head index; a party outside the fixed list is "other"."""
    if target is None:
        return -100
    t = target.strip().lower()
    return targets.index(t) if t in targets else targets.index("other")


def examples_from_rows(rows: Any) -> list[Example]:
    """Gold-dataset rows (``stance.data.gold`` columns) → Examples."""
    out = []
    for r in rows:
        labels = tuple(float(x) for x in r["labels"])
        tgt = target_index(r.get("target")) if labels[SUPPORT] > 0.5 else -100
        out.append(Example(r["quote"], r.get("context"), r.get("speaker"), labels, tgt))
    return out


def data_hash(splits: dict[str, list[Example]]) -> str:
    """sha256 of the examples a model was trained and tuned on (order-independent)."""
    h = hashlib.sha256()
    for name in sorted(splits):
        rows = sorted(json.dumps([e.quote, e.context, e.speaker, e.labels, e.target], ensure_ascii=False) for e in splits[name])
        h.update(name.encode())
        for r in rows:
            h.update(r.encode("utf-8"))
    return h.hexdigest()


def load_extra_train(cfg: Config) -> list[Example]:
    """The quotes of ``data.extra_train`` (all of them train); see :func:`extra_train_examples`."""
    return extra_train_examples(cfg.data.extra_train, cfg.data.max_context_chars, cfg.data.extra_train_required)


def drop_repeats(train: list[Example], held_out: Sequence[Example], threshold: float | None
                 ) -> tuple[list[Example], list[Example]]:
    """``train`` without the quotes that nearly repeat a ``held_out`` quote (stance.data.decontam),
    and the quotes left out."""
    if threshold is None or not held_out:
        return train, []
    from stance.data.decontam import near_duplicates

    drop = set(near_duplicates([e.quote for e in train], [e.quote for e in held_out], threshold))
    kept: list[Example] = []
    left: list[Example] = []
    for i, e in enumerate(train):
        (left if i in drop else kept).append(e)
    return kept, left


def held_out_examples(path: str | None, max_context_chars: int, dev: Sequence[Example],
                      test: Sequence[Example]) -> list[Example]:
    """What training must not repeat: dev, test and the ``data.held_out`` file at ``path``."""
    return [*dev, *test, *extra_train_examples(path, max_context_chars, field="data.held_out")]


def extra_train_examples(path: str | None, max_context_chars: int = 400, required: bool = False,
                         field: str = "data.extra_train") -> list[Example]:
    """Examples of a gold or stand-off JSONL, or [] when ``path`` is None or, being stand-off
    news that needs ../shared, cannot be assembled here and is not ``required`` (a warning that
    names the config ``field`` says so)."""
    import warnings

    from stance.data.gold import gold_examples, resolve
    from stance.data.standoff import SharedTextMissing, read_gold_any

    if path is None:
        return []
    try:
        recs = read_gold_any(resolve(path))
    except SharedTextMissing as exc:
        if required:
            raise
        warnings.warn(f"{field}: {exc}; training without it (the model's stance.json records this)",
                      stacklevel=2)
        return []
    return examples_from_rows(gold_examples(recs, max_context_chars))


def load_splits(cfg: Config) -> dict[str, list[Example]]:
    """train/dev/test Examples from the gold corpus named in the config (slices applied)."""
    from stance.data.gold import load_gold

    dd = load_gold(cfg.data.gold, cfg.data.splits, max_context_chars=cfg.data.max_context_chars)
    out = {name: examples_from_rows(dd[name]) for name in ("train", "dev", "test")}
    if cfg.data.max_train_examples is not None:  # a slice of the gold train split; extra quotes come on top
        out["train"] = out["train"][: cfg.data.max_train_examples]
    extra = load_extra_train(cfg)
    held = held_out_examples(cfg.data.held_out, cfg.data.max_context_chars, out["dev"], out["test"])
    out["train"], out["repeats"] = drop_repeats(out["train"] + extra, held, cfg.data.decontaminate)
    out["extra_train"] = extra  # also inside "train"; kept apart so the model can say how many there were
    if cfg.data.max_dev_examples is not None:
        out["dev"] = out["dev"][: cfg.data.max_dev_examples]
    for name in ("train", "dev"):
        if not out[name]:
            raise ValueError(f"the gold corpus {cfg.data.gold} has no {name} examples; add articles or check data.splits")
    return out


_LAYER = re.compile(r"\.layers?\.(\d+)\.")


def _param_groups(net: Any, tc: Any) -> list[dict[str, Any]]:
    """AdamW groups: heads at ``head_learning_rate``; encoder layers at ``learning_rate`` times
    ``layer_decay`` per layer below the top (layer-wise LR decay; 1.0 = off); no weight decay on
    biases and LayerNorm weights."""
    head_names = ("classifier", "target_head", "label_head", "score", "pre_classifier")
    no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight")
    named = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    n_layers = int(getattr(net.seqcls.config, "num_hidden_layers", 0) or 0)
    groups: dict[tuple[float, float], list[Any]] = {}
    for n, p in named:
        if any(h in n.split(".") for h in head_names):
            lr = tc.head_learning_rate or tc.learning_rate
        else:
            m = _LAYER.search(n)
            depth = int(m.group(1)) + 1 if m else (0 if "embeddings" in n else n_layers + 1)
            lr = tc.learning_rate * tc.layer_decay ** max(0, n_layers + 1 - depth)
        wd = 0.0 if any(nd in n for nd in no_decay) else tc.weight_decay
        groups.setdefault((lr, wd), []).append(p)
    return [{"params": ps, "lr": lr, "weight_decay": wd} for (lr, wd), ps in groups.items()]


def _swap_in(net: Any, weights: dict[str, Any]) -> dict[str, Any]:
    """Copy ``weights`` into ``net``'s parameters; return the values they replaced."""
    import torch

    old = {}
    with torch.no_grad():
        for n, p in net.named_parameters():
            if n in weights:
                old[n] = p.detach().clone()
                p.copy_(weights[n])
    return old


def freeze_bottom(seqcls: Any, n: int) -> None:
    """Freeze the embeddings and the lowest ``n`` encoder layers. Nothing below layer ``n`` then
    needs gradients, so backpropagation stops there: on CPU the cheapest way to train faster
    while the upper layers, which carry most of the task, still adapt."""
    base = getattr(seqcls, getattr(seqcls, "base_model_prefix", ""), None)
    layers = getattr(getattr(base, "encoder", None), "layer", None)
    if base is None or layers is None or not hasattr(base, "embeddings"):
        raise ValueError(f"training.freeze_layers: {type(seqcls).__name__} has no BERT-style embeddings/encoder.layer; "
                         "set training.freeze_layers: 0")
    if n > len(layers):
        raise ValueError(f"training.freeze_layers is {n} but the encoder has {len(layers)} layers")
    for p in base.embeddings.parameters():
        p.requires_grad_(False)
    for layer in layers[:n]:
        for p in layer.parameters():
            p.requires_grad_(False)


def set_seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _pos_weight(train: list[Example], cfg: Config) -> np.ndarray:
    y = np.array([e.labels for e in train], dtype=np.float64)
    if cfg.training.pos_weight == "none":
        return np.ones(y.shape[1])
    pos = y.sum(0)
    neg = len(y) - pos
    w = np.clip(neg / np.maximum(pos, 1.0), 1.0, cfg.training.pos_weight_max)
    return np.sqrt(w) if cfg.training.pos_weight == "sqrt" else w


def _batches(feats: list[dict[str, Any]], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Length-grouped shuffled batches: shuffle, sort within mega-batches of 50, shuffle batches.
    Padding shrinks (CPU time) while every epoch still sees a new order."""
    idx = list(range(len(feats)))
    rng.shuffle(idx)
    mega = batch_size * 50
    batches = []
    for m in range(0, len(idx), mega):
        chunk = sorted(idx[m : m + mega], key=lambda k: len(feats[k]["input_ids"]))
        batches += [chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _collate(feats: list[dict[str, Any]], idx: list[int], pad: int, device: Any) -> dict[str, Any]:
    import torch

    width = max(len(feats[k]["input_ids"]) for k in idx)
    ids = torch.full((len(idx), width), pad, dtype=torch.long)
    att = torch.zeros((len(idx), width), dtype=torch.long)
    tt = torch.zeros((len(idx), width), dtype=torch.long)
    for r, k in enumerate(idx):
        f = feats[k]
        m = len(f["input_ids"])
        ids[r, :m] = torch.tensor(f["input_ids"])
        att[r, :m] = torch.tensor(f["attention_mask"])
        tt[r, :m] = torch.tensor(f["token_type_ids"])
    return {"input_ids": ids.to(device), "attention_mask": att.to(device), "token_type_ids": tt.to(device)}


def _epoch_features(model: Any, train: list[Example], cfg: Config, rng: random.Random) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """Features of one epoch, with context/speaker dropped at the configured rates (seeded)."""
    t = cfg.training
    ctx = [None if rng.random() < t.context_dropout else e.context for e in train]
    spk = [None if rng.random() < t.speaker_dropout else e.speaker for e in train]
    feats = model.encode([e.quote for e in train], ctx, spk)
    y = np.array([train[f["index"]].labels for f in feats], dtype=np.float32)
    tg = np.array([train[f["index"]].target for f in feats], dtype=np.int64)
    return feats, y, tg


def evaluate_split(model: Any, examples: list[Example], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Raw label logits and target logits for Examples (contexts and speakers as given)."""
    return model.logits(
        [e.quote for e in examples], [e.context for e in examples], [e.speaker for e in examples], batch_size=batch_size
    )


def _dev_scores(model: Any, dev: list[Example], cfg: Config) -> tuple[float, np.ndarray, np.ndarray]:
    """Dev macro-F1 with each label's best threshold (what the saved model will use after
    calibration), so early stopping is not fooled by a threshold that drifts with pos_weight."""
    from stance.evaluation.metrics import macro_f1, tune_thresholds

    ll, tl = evaluate_split(model, dev, cfg.training.eval_batch_size)
    y = np.array([e.labels for e in dev])
    p = 1.0 / (1.0 + np.exp(-ll))
    cc = cfg.calibration
    th = tune_thresholds(y, p, cc.threshold_min, cc.threshold_max, cc.threshold_tolerance) if cc.tune_thresholds else 0.5
    return macro_f1(y, p >= th), ll, tl


def train(cfg: Config, *, output_dir: str | Path | None = None, splits: dict[str, list[Example]] | None = None) -> TrainResult:
    """Train, calibrate and save a model as ``cfg`` says; return where it went and how it did."""
    import torch

    was_det, was_warn = torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()
    threads = torch.get_num_threads()
    try:
        return _train(cfg, output_dir=output_dir, splits=splits)
    finally:  # leave the caller's torch settings as they were
        torch.use_deterministic_algorithms(was_det, warn_only=was_warn)
        torch.set_num_threads(threads)


def _train(cfg: Config, *, output_dir: str | Path | None, splits: dict[str, list[Example]] | None) -> TrainResult:
    import torch
    from tqdm.auto import tqdm
    from transformers import get_linear_schedule_with_warmup

    from stance.evaluation.metrics import compute_metrics, fit_temperature, tune_thresholds
    from stance.model import StanceModel, default_model_dir

    t0 = time.perf_counter()
    tc = cfg.training
    if splits is None:
        check_files(cfg)
        splits = load_splits(cfg)
    train_ex, dev = splits["train"], splits["dev"]
    dhash = data_hash({"train": train_ex, "dev": dev})
    out_dir = Path(output_dir or cfg.output_dir or default_model_dir()).expanduser()
    if tc.num_threads:
        torch.set_num_threads(tc.num_threads)
    device = torch.device("cuda" if tc.device == "cuda" or (tc.device == "auto" and torch.cuda.is_available()) else "cpu")
    set_seed(cfg.seed)
    torch.use_deterministic_algorithms(True, warn_only=True)

    m = cfg.model
    model = StanceModel.from_encoder(
        m.encoder, max_length=m.max_length, dropout=m.dropout,
        tiny={"hidden_size": m.tiny_hidden_size, "num_hidden_layers": m.tiny_layers, "num_attention_heads": m.tiny_heads,
              "intermediate_size": 2 * m.tiny_hidden_size},
        label_pooling=m.label_pooling,
    )
    net = model.network.to(device)
    if tc.freeze_embeddings:
        model.network.seqcls.get_input_embeddings().weight.requires_grad_(False)
    if tc.freeze_layers:
        freeze_bottom(model.network.seqcls, tc.freeze_layers)
    pos_weight = torch.tensor(_pos_weight(train_ex, cfg), dtype=torch.float32, device=device)
    bce = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)

    opt = torch.optim.AdamW(_param_groups(net, tc))
    steps_per_epoch = math.ceil(len(train_ex) / tc.batch_size)
    total = steps_per_epoch * tc.epochs if tc.max_steps is None else min(tc.max_steps, steps_per_epoch * tc.epochs)
    sched = get_linear_schedule_with_warmup(opt, int(tc.warmup_ratio * total), total)
    rng = random.Random(cfg.seed)
    pad = int(model.tokenizer.pad_token_id or 0)
    eval_every = tc.eval_every_steps or steps_per_epoch

    # Exponential moving average of the weights (Polyak averaging): evaluated and saved instead of the
    # raw weights when training.ema_decay > 0; a cheap, single-model stand-in for averaging checkpoints.
    ema = None
    if tc.ema_decay > 0:
        ema = {n: p.detach().clone() for n, p in net.named_parameters() if p.requires_grad}
    best_f1, best_state, best_at, bad_evals = -1.0, None, 0.0, 0
    history: list[dict[str, Any]] = []
    step, stop, running = 0, False, 0.0
    bar = tqdm(total=total, desc="training", unit="step", disable=not tc.progress, dynamic_ncols=True)
    for epoch in range(tc.epochs):
        feats, y, tg = _epoch_features(model, train_ex, cfg, rng)
        net.train()
        for batch_idx in _batches(feats, tc.batch_size, rng):
            inputs = _collate(feats, batch_idx, pad, device)
            yb = torch.from_numpy(y[batch_idx]).to(device)
            if tc.label_smoothing:
                yb = yb * (1 - tc.label_smoothing) + 0.5 * tc.label_smoothing
            tb = torch.from_numpy(tg[batch_idx]).to(device)
            ll, tl = net(inputs["input_ids"], inputs["attention_mask"], inputs["token_type_ids"])
            loss = bce(ll, yb)
            if (tb != -100).any():
                loss = loss + tc.target_loss_weight * ce(tl, tb)
            loss.backward()
            if tc.grad_clip:
                torch.nn.utils.clip_grad_norm_([p for p in net.parameters() if p.requires_grad], tc.grad_clip)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if ema is not None:
                with torch.no_grad():
                    d = min(tc.ema_decay, (1 + step) / (10 + step))  # short warm-up of the average
                    for n, p in net.named_parameters():
                        if n in ema:
                            ema[n].mul_(d).add_(p.detach(), alpha=1 - d)
            lv = loss.item()
            running = 0.9 * running + 0.1 * lv if step > 1 else lv
            bar.update(1)
            bar.set_postfix(epoch=epoch + 1, loss=f"{running:.3f}")
            if step % eval_every == 0 or step == total:
                raw = _swap_in(net, ema) if ema is not None else None
                f1, _, _ = _dev_scores(model, dev, cfg)
                history.append({"step": step, "epoch": round(step / steps_per_epoch, 3), "loss": round(running, 4), "dev_macro_f1": round(f1, 4)})
                log.info("step %d: dev macro-F1 %.4f", step, f1)
                tqdm.write(f"step {step} (epoch {step / steps_per_epoch:.2f}): loss {running:.4f}, dev macro-F1 {f1:.4f}"
                           f" [{time.perf_counter() - t0:.0f} s]")
                if f1 > best_f1 + 1e-6:
                    best_f1, best_at, bad_evals = f1, step / steps_per_epoch, 0
                    best_state = copy.deepcopy({k: v.detach().clone() for k, v in net.state_dict().items()})
                else:
                    bad_evals += 1
                    if bad_evals > tc.early_stopping_patience:
                        stop = True
                if raw is not None:
                    _swap_in(net, raw)  # back to the raw weights to continue training
                net.train()
            if step >= total or stop:
                stop = True
                break
        if stop:
            break
    bar.close()
    if best_state is not None:
        net.load_state_dict(best_state)
    net.to("cpu").eval()

    # Calibration on dev: one temperature, then a threshold per label on the calibrated scores.
    _, dev_ll, dev_tl = _dev_scores(model, dev, cfg)
    y_dev = np.array([e.labels for e in dev])
    cc = cfg.calibration
    if cc.prior_correction:
        model.logit_bias = -np.log(pos_weight.cpu().numpy().astype(np.float64))
    model.temperature = fit_temperature(dev_ll + model.logit_bias, y_dev) if cc.temperature else 1.0
    dev_p = model.calibrate(dev_ll)
    if cc.tune_thresholds:
        model.thresholds = tune_thresholds(y_dev, dev_p, cc.threshold_min, cc.threshold_max, cc.threshold_tolerance)
    dev_t_true = [TARGETS[e.target] if e.target >= 0 else None for e in dev]
    dev_t_pred = [TARGETS[i] for i in dev_tl.argmax(1)]
    dev_metrics = compute_metrics(y_dev, model.decide(dev_p), dev_p, target_true=dev_t_true, target_pred=dev_t_pred)
    train_time = time.perf_counter() - t0
    model.meta.update(
        training_config=config_to_dict(cfg),
        data={"gold": cfg.data.gold, "splits": cfg.data.splits, "hash": dhash,
              "n_train": len(train_ex), "n_dev": len(dev), "extra_train": cfg.data.extra_train,
              "n_extra_train": len(splits.get("extra_train", [])), "decontaminate": cfg.data.decontaminate,
              "held_out": cfg.data.held_out, "n_repeats_left_out": len(splits.get("repeats", []))},
        metrics={"dev": dev_metrics.to_dict(), "dev_macro_f1_best_during_training": round(best_f1, 4)},
        training={"train_time_s": round(train_time, 1), "steps": step, "best_epoch": best_at,
                  "history": history, "device": str(device), "torch_threads": torch.get_num_threads(),
                  "pos_weight": [round(float(x), 3) for x in pos_weight.cpu()]},
    )
    model.save_pretrained(out_dir)
    return TrainResult(out_dir, train_time, step, best_at, dev_metrics.to_dict(), dhash, tuple(history))
