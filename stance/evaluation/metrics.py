"""Multi-label stance metrics, computed with scikit-learn, one definition for training and reports.

ECE is computed over every (quote, label) probability, in 10 equal-width bins: the question a user
asks of a score is "when it says 0.8, is the label there 80 % of the time?", whatever the label.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

import numpy as np

from stance.labels import LABELS

__all__ = ["LabelScores", "Metrics", "compute_metrics", "expected_calibration_error", "macro_f1",
           "tune_thresholds", "fit_temperature"]


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Metrics:
    """The evaluation of one system on one set of quotes."""

    n: int
    per_label: dict[str, LabelScores]
    macro_f1: float
    micro_f1: float
    exact_match: float
    ece: float | None = None
    target_accuracy: float | None = None
    target_support: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(np.asarray(y_true, int), np.asarray(y_pred, int), average="macro", zero_division=0))


def expected_calibration_error(y_true: np.ndarray, probs: np.ndarray, n_bins: int = 10) -> float:
    """Weighted mean |accuracy - confidence| over equal-width bins of the positive-class probability,
    every (example, label) pair counted once."""
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(probs, dtype=float).ravel()
    if y.size == 0:
        return 0.0
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            ece += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(ece)


def compute_metrics(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    probs: np.ndarray | None = None,
    *,
    labels: Sequence[str] = LABELS,
    target_true: Sequence[str | None] | None = None,
    target_pred: Sequence[str | None] | None = None,
) -> Metrics:
    """Per-label P/R/F1, macro/micro F1, exact match, ECE (when ``probs``) and target accuracy
    (over gold support-for-party quotes with a target, when both target lists are given)."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    yt = np.asarray(y_true, dtype=int).reshape(-1, len(labels))
    yp = np.asarray(y_pred, dtype=int).reshape(-1, len(labels))
    if yt.shape != yp.shape:
        raise ValueError(f"y_true {yt.shape} and y_pred {yp.shape} differ in shape")
    n = len(yt)
    if n == 0:
        empty = {l: LabelScores(0.0, 0.0, 0.0, 0) for l in labels}
        return Metrics(0, empty, 0.0, 0.0, 0.0)
    p, r, f, s = precision_recall_fscore_support(yt, yp, average=None, zero_division=0, labels=list(range(len(labels))))
    per = {l: LabelScores(float(p[i]), float(r[i]), float(f[i]), int(s[i])) for i, l in enumerate(labels)}
    ece = expected_calibration_error(yt, probs) if probs is not None else None
    tacc, tsup = None, 0
    if target_true is not None and target_pred is not None:
        pairs = [(t, q) for t, q in zip(target_true, target_pred) if t is not None]
        tsup = len(pairs)
        if pairs:
            tacc = float(np.mean([t == q for t, q in pairs]))
    return Metrics(
        n=n,
        per_label=per,
        macro_f1=float(f1_score(yt, yp, average="macro", zero_division=0)),
        micro_f1=float(f1_score(yt, yp, average="micro", zero_division=0)),
        exact_match=float(accuracy_score(yt, yp)),
        ece=ece,
        target_accuracy=tacc,
        target_support=tsup,
    )


def tune_thresholds(
    y_true: np.ndarray, probs: np.ndarray, lo: float = 0.1, hi: float = 0.9, tolerance: float = 0.01, step: float = 0.01
) -> np.ndarray:
    """Per-label threshold maximising F1 on ``probs``; the middle of the thresholds within
    ``tolerance`` of the best F1, so a small dev set does not pin the cut to one lucky quote."""
    from sklearn.metrics import f1_score

    yt = np.asarray(y_true, dtype=int)
    grid = np.round(np.arange(lo, hi + 1e-9, step), 4)
    out = np.full(yt.shape[1], 0.5)
    for j in range(yt.shape[1]):
        if yt[:, j].sum() == 0:
            continue
        f1s = np.array([f1_score(yt[:, j], probs[:, j] >= t, zero_division=0) for t in grid])
        near = grid[f1s >= f1s.max() - tolerance]
        out[j] = float(np.median(near))
    return out


def fit_temperature(logits: np.ndarray, y_true: np.ndarray, lo: float = 0.05, hi: float = 20.0) -> float:
    """The single temperature T minimising the binary cross-entropy of sigmoid(logits / T)
    (temperature scaling, Guo et al. 2017), by a bounded 1-D search on log T."""
    from scipy.optimize import minimize_scalar

    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(y_true, dtype=np.float64)
    if z.size == 0:
        return 1.0

    def nll(log_t: float) -> float:
        s = z / np.exp(log_t)
        # log(1 + e^s) - y*s, computed stably
        return float(np.mean(np.logaddexp(0.0, s) - y * s))

    res = minimize_scalar(nll, bounds=(np.log(lo), np.log(hi)), method="bounded")
    return float(np.exp(res.x))
