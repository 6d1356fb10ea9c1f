"""Batch scoring of news corpora (``stance score``): streaming, resumable, nothing lost.

    >>> from stance.scoring import score
    >>> summary = score("articles.jsonl", "quotes.parquet")     # or engine="ray"
    >>> print(summary.counts.line())

Names are imported on first use, so that ``stance --help`` (which imports ``stance.scoring._cli``)
loads nothing heavy.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "score": "engine", "score_local": "engine", "Summary": "engine",
    "ScoringPredictor": "predictor", "ScoredDoc": "predictor",
    "Fields": "readers", "Record": "readers", "iter_records": "readers",
    "COLUMNS": "writers", "Counts": "writers",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"stance.scoring.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'stance.scoring' has no attribute {name!r}")
