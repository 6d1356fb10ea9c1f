"""The stance metrics as a Hugging Face ``evaluate`` metric, so they plug into ``evaluate`` tooling
(``evaluate.combine``, ``add_batch`` streaming, Trainer ``compute_metrics``) the same way as the
hub's metrics, which cannot be downloaded here. The numbers come from ``stance.evaluation.metrics``.

    >>> metric = StanceMetric()
    >>> metric.compute(predictions=[[1, 0, 0, 1]], references=[[1, 0, 0, 0]])["macro_f1"]
"""
from __future__ import annotations

from typing import Any

import datasets
import evaluate
import numpy as np

from stance.labels import LABELS

_DESCRIPTION = "Multi-label stance metrics: per-label precision/recall/F1, macro and micro F1, exact match, ECE."
_INPUTS = """predictions: 0/1 lists in LABELS order; references: 0/1 lists; scores (optional): probabilities for ECE."""


class StanceMetric(evaluate.Metric):
    """``compute(predictions, references, scores=None)`` → a flat dict of floats."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("keep_in_memory", True)  # no cache files for a metric computed in one go
        super().__init__(**kwargs)

    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_INPUTS,
            features=datasets.Features({
                "predictions": datasets.Sequence(datasets.Value("int8")),
                "references": datasets.Sequence(datasets.Value("int8")),
            }),
        )

    def _compute(self, predictions: Any, references: Any, scores: Any = None) -> dict[str, float]:
        from stance.evaluation.metrics import compute_metrics

        m = compute_metrics(np.asarray(references), np.asarray(predictions), None if scores is None else np.asarray(scores))
        out: dict[str, float] = {"macro_f1": m.macro_f1, "micro_f1": m.micro_f1, "exact_match": m.exact_match}
        if m.ece is not None:
            out["ece"] = m.ece
        for l in LABELS:
            s = m.per_label[l]
            out[f"{l}/precision"], out[f"{l}/recall"], out[f"{l}/f1"] = s.precision, s.recall, s.f1
        return out
