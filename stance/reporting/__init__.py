"""Reports: who stands where. Tables as DataFrames for notebooks; `build_report` for the page."""
from __future__ import annotations

from stance.reporting.tables import (
    Scores,
    affiliation_label_table,
    cell_examples,
    load_scores,
    support_by_target,
    top_speakers,
    weekly_timeline,
)


def build_report(*args, **kwargs):  # lazy: matplotlib loads only when a page is drawn
    from stance.reporting.report import build_report as _build

    return _build(*args, **kwargs)


__all__ = ["Scores", "load_scores", "affiliation_label_table", "weekly_timeline", "support_by_target",
           "top_speakers", "cell_examples", "build_report"]
