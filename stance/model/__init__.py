"""The stance model: encoder + multi-label head over LABELS + target head over TARGETS.

    >>> from stance.model import load
    >>> model = load()                                   # $STANCE_HOME/models/default
    >>> label_probs, target_probs = model.predict_proba(["We call for an immediate ceasefire."])
"""
from __future__ import annotations

from pathlib import Path

from stance.model.core import ModelDirError, StanceModel, TorchBackend, check_model_dir, default_model_dir

__all__ = ["StanceModel", "TorchBackend", "ModelDirError", "load", "default_model_dir", "check_model_dir"]


def load(path: str | Path | None = None, backend: str = "torch") -> StanceModel:
    """Load a saved model on CPU; ``None`` means the default model, with advice when it is absent."""
    if path is None:
        path = default_model_dir()
        if not path.exists():
            raise FileNotFoundError(
                f"no default stance model at {path}. Make it with `make demo` (trains it when absent) or "
                "`stance train --config configs/default.yaml`, or pass a model directory to stance.load(path). "
                "Set STANCE_HOME to keep models elsewhere."
            )
    return StanceModel.from_pretrained(path, backend=backend)
