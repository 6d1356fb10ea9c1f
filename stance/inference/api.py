"""``predict`` (quoted sentences) and ``analyze`` (whole articles): the library's front door.

Both build the model's input exactly as training did: the quote span, its context from
:func:`stance.data.context.quote_context`, and the speaker. Results are new frozen objects; a
caller's ``Quote`` is never mutated.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from stance.labels import LABELS
from stance.types import Prediction, Quote

if TYPE_CHECKING:  # pragma: no cover
    from stance.model import StanceModel

__all__ = ["predict", "analyze", "get_model", "label_quotes"]

_CACHE: dict[str, "StanceModel"] = {}
_LOCK = threading.Lock()
_SUPPORT = "support-for-party"


def get_model(model: Any = None, *, backend: str = "torch") -> "StanceModel":
    """``model`` itself, or the model at a path, or the default model; loaded once per process."""
    if model is not None and not isinstance(model, (str, os.PathLike)):
        if not hasattr(model, "predict_proba"):
            raise TypeError(f"model must be a StanceModel, a model directory or None, got {type(model).__name__}")
        return model
    from stance.model import default_model_dir, load

    key_path = default_model_dir() if model is None else Path(model).expanduser()
    meta = key_path / "stance.json"
    # The file's mtime is in the key, so a model retrained in place is loaded afresh.
    where = f"{key_path.resolve()}|{backend}|"
    key = where + str(meta.stat().st_mtime_ns if meta.exists() else 0)
    with _LOCK:
        if key not in _CACHE:
            loaded = load(None if model is None else key_path, backend=backend)
            for old in [k for k in _CACHE if k.startswith(where)]:  # the same path, older weights
                del _CACHE[old]
            _CACHE[key] = loaded
        return _CACHE[key]


def context_chars(model: Any) -> int:
    """The context length the model was trained with (``data.max_context_chars``), so inference
    builds the very context training did; 400 (quote_context's default) for models without it."""
    cfg = (getattr(model, "meta", None) or {}).get("training_config") or {}
    value = (cfg.get("data") or {}).get("max_context_chars") if isinstance(cfg, dict) else None
    return int(value) if value else 400


def _check_threshold(threshold: float | None) -> float | None:
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= float(threshold) <= 1.0:
        raise ValueError(f"threshold must be a number between 0 and 1, got {threshold!r}")
    return float(threshold)


def _decide(model: "StanceModel", label_probs: np.ndarray, target_probs: np.ndarray, threshold: float | None
            ) -> list[tuple[tuple[str, ...], dict[str, float], str | None, dict[str, float]]]:
    """Labels, label scores, target and target scores per row; the target only for support-for-party."""
    if tuple(model.labels) != LABELS:  # the model loader refuses this; a hand-built model might not
        raise ValueError(f"model labels {model.labels} differ from stance.LABELS {LABELS}")
    chosen = model.decide(label_probs, threshold)
    out = []
    for probs, on, tprobs in zip(label_probs, chosen, target_probs):
        labels = tuple(l for l, flag in zip(model.labels, on) if flag)
        target = model.targets[int(np.argmax(tprobs))] if _SUPPORT in labels and len(tprobs) else None
        out.append((labels, {l: float(p) for l, p in zip(model.labels, probs)}, target,
                    {t: float(p) for t, p in zip(model.targets, tprobs)}))
    return out


def _texts(texts: Any, what: str) -> tuple[list[str], bool]:
    """Normalise single-or-batch input, naming the offending item when it is not text."""
    if isinstance(texts, str):
        return [texts], True
    if isinstance(texts, (bytes, bytearray)) or not isinstance(texts, (list, tuple)):
        raise TypeError(f"{what} expects a str or a list of str, got {type(texts).__name__}")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"{what} expects a str or a list of str, but item {i} is {type(t).__name__}")
    return list(texts), False


def _sentence_input(text: str, max_chars: int) -> tuple[str, str, Quote | None]:
    """What to classify for one sentence: the quote span when the sentence names its speaker.

    "“We call for a ceasefire,” Zhai said." → the span inside the marks, with the sentence as
    context and Zhai as speaker, exactly as analyze() would see it inside an article. A sentence
    without attribution (or with several quotes by different speakers) is classified whole.
    """
    from stance.data.context import quote_context
    from stance.extraction import extract_quotes

    quotes = [q for q in extract_quotes(text) if q.speaker]
    if len(quotes) == 1:
        q = quotes[0]
        return q.text, quote_context(text, q.start, q.end, max_chars), q
    whole = quote_context(text, 0, len(text), max_chars)
    if len(quotes) > 1 and len({q.speaker for q in quotes}) == 1:
        return text, whole, quotes[0]
    return text, whole, None


def predict(texts: Any, model: Any = None, *, batch_size: int = 32, threshold: float | None = None) -> Any:
    """Stance of one quoted sentence (``str`` → ``Prediction``) or many (list → list, same order).

    ``threshold`` replaces the model's per-label thresholds (tuned on dev) with one value for all.
    An empty string gives a prediction with no labels and zero scores; the model is not called.
    """
    items, single = _texts(texts, "predict()")
    threshold = _check_threshold(threshold)
    if not items:
        return []
    m = get_model(model)
    todo = [i for i, t in enumerate(items) if t.strip()]
    inputs = [_sentence_input(items[i], context_chars(m)) for i in todo]
    results: list[Prediction] = [
        Prediction(text=t, labels=(), scores={l: 0.0 for l in LABELS}) for t in items
    ]
    if todo:
        lp, tp = m.predict_proba([x[0] for x in inputs], [x[1] for x in inputs],
                                 [x[2].speaker if x[2] else None for x in inputs], batch_size=batch_size)
        for i, (q_text, _ctx, q), (labels, scores, target, tscores) in zip(todo, inputs, _decide(m, lp, tp, threshold)):
            results[i] = Prediction(
                text=items[i], labels=labels, scores=scores, target=target, target_scores=tscores,
                speaker=q.speaker if q else None, actor=q.actor if q else None,
                affiliation=q.affiliation if q else None,
            )
    return results[0] if single else results


def label_quotes(model: "StanceModel", articles: Sequence[str], quotes: Sequence[Sequence[Quote]], *,
                 batch_size: int = 32, threshold: float | None = None) -> list[list[Quote]]:
    """Stance for already extracted quotes, batched across all articles (one length-sorted pass)."""
    from stance.data.context import quote_context

    flat = [(a, q) for a, qs in zip(articles, quotes) for q in qs]
    if not flat:
        return [[] for _ in quotes]
    n_chars = context_chars(model)
    lp, tp = model.predict_proba(
        [q.text for _, q in flat],
        [quote_context(a, q.start, q.end, n_chars) for a, q in flat],
        [q.speaker for _, q in flat],
        batch_size=batch_size,
    )
    decided = iter(_decide(model, lp, tp, threshold))
    out: list[list[Quote]] = []
    for qs in quotes:
        row = []
        for q in qs:
            labels, scores, target, _ = next(decided)
            row.append(q.with_stance(labels, scores, target))
        out.append(row)
    return out


def analyze(article: Any, model: Any = None, *, batch_size: int = 32, threshold: float | None = None,
            tagger: Any = None) -> Any:
    """Quotes of an article with labels, scores and target; a list of articles gives a list of lists.

    ``tagger``: a learned attribution tagger (or its directory) that corrects the rule extractor."""
    from stance.extraction import extract_quotes

    articles, single = _texts(article, "analyze()")
    threshold = _check_threshold(threshold)
    if not articles:
        return []
    quotes = [extract_quotes(a, tagger=tagger) for a in articles]
    # No quotes, no model needed: an article without any is answered without loading one.
    m = get_model(model) if model is not None or any(quotes) else None
    labelled = label_quotes(m, articles, quotes, batch_size=batch_size, threshold=threshold) if m else [[] for _ in quotes]
    return labelled[0] if single else labelled
