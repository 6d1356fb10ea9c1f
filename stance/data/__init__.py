"""Datasets of the project: the gold corpus, PolNeAR, raw news and weakly labelled (silver) quotes.

Every builder returns Hugging Face ``datasets`` objects. Names are loaded on first use, so
``import stance.data`` stays cheap (the CLI imports it for ``--help``).

    >>> from stance.data import load_gold, quote_context
    >>> dd = load_gold()                      # DatasetDict train/dev/test of quote-level examples
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    # context: the model's view of a quote, shared by training and inference
    "quote_context": "stance.data.context",
    "context_span": "stance.data.context",
    # gold corpus
    "load_gold": "stance.data.gold",
    "read_gold_jsonl": "stance.data.gold",
    "compile_gold": "stance.data.gold",
    "gold_examples": "stance.data.gold",
    # schema
    "GoldSchemaError": "stance.data.schema",
    "validate_record": "stance.data.schema",
    "validate_file": "stance.data.schema",
    # splits
    "make_splits": "stance.data.splits",
    "write_splits": "stance.data.splits",
    # raw news → quotes
    "load_raw": "stance.data.raw",
    "raw_quotes": "stance.data.raw",
    "dedup_quotes": "stance.data.raw",
    "RawRecordError": "stance.data.raw",
    # weak labels
    "LABELING_FUNCTIONS": "stance.data.weak",
    "apply_lfs": "stance.data.weak",
    "lf_stats": "stance.data.weak",
    "weak_labels": "stance.data.weak",
    "build_silver": "stance.data.weak",
    # statistics
    "corpus_stats": "stance.data.stats",
    # PolNeAR attribution examples (stance.data.polnear)
    "polnear_dataset": "stance.data.polnear",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'stance.data' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
