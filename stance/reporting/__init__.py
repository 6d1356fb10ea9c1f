"""Reports: who stands where. Tables as DataFrames for notebooks; `build_report` for the page.

Names load on first use, so `stance --help` (which imports this package's `_cli`) stays free of
pandas and matplotlib.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "Scores": "tables", "load_scores": "tables", "affiliation_label_table": "tables", "weekly_timeline": "tables",
    "support_by_target": "tables", "top_speakers": "tables", "cell_examples": "tables", "build_report": "report",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'stance.reporting' has no attribute {name!r}")
    return getattr(import_module(f"stance.reporting.{_WHERE[name]}"), name)
