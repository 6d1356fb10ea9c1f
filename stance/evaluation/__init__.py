"""Evaluation of stance models against baselines (``stance evaluate MODEL --baselines``) and the
generated model card."""
from __future__ import annotations

__all__ = ["run_evaluation", "format_report", "write_model_card", "compute_metrics"]


def __getattr__(name: str):  # lazy: `import stance.evaluation` stays cheap
    if name in ("run_evaluation", "format_report"):
        from stance.evaluation import report

        return getattr(report, name)
    if name == "write_model_card":
        from stance.evaluation.model_card import write_model_card

        return write_model_card
    if name == "compute_metrics":
        from stance.evaluation.metrics import compute_metrics

        return compute_metrics
    raise AttributeError(name)
