"""The label set: one place, so the model, data, metrics and reports never disagree on order."""
from __future__ import annotations

LABELS: tuple[str, ...] = ("pro-ceasefire", "humanitarian", "mediation", "support-for-party")

#: Short codes used in the corpus markup (data/corpus/src) and nowhere else.
LABEL_CODES: dict[str, str] = {"C": "pro-ceasefire", "H": "humanitarian", "M": "mediation", "S": "support-for-party"}

#: Quote kinds of ../shared/ANNOTATION.md.
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "according-to", "continuation", "headline")

#: Party targets the model's target head knows; other conflicts name their own parties in data,
#: but the head predicts over this fixed, saved list ("other" catches the rest).
TARGETS: tuple[str, ...] = ("israel", "palestine", "ukraine", "russia", "other")

#: How the label head reads the encoder: "cls" (the HF classifier head, pipeline-compatible) or
#: "mean" (a head on mean-pooled states); config, network and model loading check against this.
LABEL_POOLINGS: tuple[str, ...] = ("cls", "mean")
