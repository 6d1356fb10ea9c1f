"""Article-level train/dev/test splits, stratified so every label appears in every split.

Quotes of one article share speakers, wording and topic, so splitting by quote would leak; the
split is by article. Articles are multi-label (the labels of their quotes, "none" when a quote has
none, and their conflict), so a plain stratified split does not apply: this is the iterative
stratification of Sechidis, Tsoumakas & Vlahavas (2011), "On the stratification of multi-label
data", with a fixed seed so the split is reproducible.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

from stance.labels import LABELS

__all__ = ["SEED", "RATIOS", "article_strata", "iterative_stratification", "make_splits", "extend_splits",
           "write_splits", "split_summary"]

SEED = 20231007
RATIOS: dict[str, float] = {"train": 0.70, "dev": 0.15, "test": 0.15}


def article_strata(rec: dict[str, Any]) -> set[str]:
    """What an article is stratified on: its quotes' labels, "none", "conflict:<name>", "conflict:other"."""
    out: set[str] = set()
    for q in rec["quotes"]:
        out.update(q["labels"])
        if not q["labels"]:
            out.add("none")
    conflict = (rec.get("meta") or {}).get("conflict")
    if conflict:
        out.add(f"conflict:{conflict}")
        if conflict != "israel-hamas":  # spread the other conflicts as a group too; each alone is rare
            out.add("conflict:other")
    return out


def iterative_stratification(items: Sequence[tuple[str, set[str]]], ratios: dict[str, float],
                             seed: int = SEED) -> dict[str, str]:
    """Assign ``(item_id, labels)`` items to folds in ``ratios``; return ``{item_id: fold}``.

    The rarest label is distributed first, each of its items going to the fold that still wants
    most of that label (ties: the fold that wants most items, then a seeded coin), so rare labels
    are spread before common ones use up the folds' room. When only as many items of a label are
    left as folds still lack it, they go to those folds, so a label with at least one item per fold
    reaches every fold.
    """
    rng = random.Random(seed)
    folds = list(ratios)
    total = sum(ratios.values())
    n = len(items)
    want_items = {f: ratios[f] / total * n for f in folds}
    label_count = Counter(l for _, ls in items for l in ls)
    want_label = {f: {l: ratios[f] / total * c for l, c in label_count.items()} for f in folds}
    order = list(range(n))
    rng.shuffle(order)  # seeded, so ties among items resolve the same way every run
    remaining = {i: items[i] for i in order}
    out: dict[str, str] = {}

    got = {f: Counter() for f in folds}

    def assign(i: int, f: str) -> None:
        item_id, labels = remaining.pop(i)
        out[item_id] = f
        want_items[f] -= 1
        for l in labels:
            want_label[f][l] -= 1
            got[f][l] += 1

    while remaining:
        left = Counter(l for _, ls in remaining.values() for l in ls)
        if not left:
            for i in list(remaining):
                best = max(want_items.values())
                cands = [f for f in folds if want_items[f] == best]
                assign(i, cands[0] if len(cands) == 1 else rng.choice(cands))
            break
        rarest = min(sorted(left), key=lambda l: left[l])
        todo = [i for i in list(remaining) if rarest in remaining[i][1]]
        for k, i in enumerate(todo):
            # Every fold gets at least one item of each label that has enough items for all folds.
            lacking = [f for f in folds if got[f][rarest] == 0 and ratios[f] > 0]
            pool = lacking if lacking and len(todo) - k <= len(lacking) else folds
            best_l = max(want_label[f][rarest] for f in pool)
            cands = [f for f in pool if want_label[f][rarest] == best_l]
            if len(cands) > 1:
                best_n = max(want_items[f] for f in cands)
                cands = [f for f in cands if want_items[f] == best_n]
            assign(i, cands[0] if len(cands) == 1 else rng.choice(cands))
    return out


def make_splits(records: Iterable[dict[str, Any]], ratios: dict[str, float] | None = None,
                seed: int = SEED) -> dict[str, list[str]]:
    """``{"train": [doc_id...], "dev": [...], "test": [...]}`` for gold records, ids sorted."""
    ratios = dict(ratios or RATIOS)
    items = sorted(((r["id"], article_strata(r)) for r in records), key=lambda x: x[0])  # input order must not matter
    ids = [i for i, _ in items]
    if len(set(ids)) != len(ids):
        dup = next(i for i, c in Counter(ids).items() if c > 1)
        raise ValueError(f"duplicate article id {dup!r}: splits need unique ids")
    assigned = iterative_stratification(items, ratios, seed)
    return {f: sorted(i for i, g in assigned.items() if g == f) for f in ratios}


def extend_splits(records: Iterable[dict[str, Any]], previous: dict[str, Any], new_to: str = "train") -> dict[str, list[str]]:
    """Keep every article where ``previous`` (a splits.json document) put it; articles it does not
    know go to ``new_to``; articles no longer in ``records`` drop out.

    Why: once a model has been selected on dev and reported on test, re-stratifying after adding
    articles would move old articles between splits, and scores of old and new models could no
    longer be compared (or old training articles would leak into the new test split).
    """
    ids = sorted(r["id"] for r in records)
    if len(set(ids)) != len(ids):
        dup = next(i for i, c in Counter(ids).items() if c > 1)
        raise ValueError(f"duplicate article id {dup!r}: splits need unique ids")
    names = [n for n in ("train", "dev", "test") if isinstance(previous.get(n), list)]
    if new_to not in names:
        raise ValueError(f"splits: new articles must go to one of {names}, not {new_to!r}")
    where = {d: n for n in names for d in previous[n]}
    return {n: sorted(i for i in ids if where.get(i, new_to) == n) for n in names}


def split_summary(records: Iterable[dict[str, Any]], splits: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Per split: articles, quotes, quotes per label and with no label (what the data card shows)."""
    where = {d: s for s, ids in splits.items() for d in ids}
    out = {s: {"articles": 0, "quotes": 0, **{l: 0 for l in LABELS}, "none": 0} for s in splits}
    for r in records:
        s = where.get(r["id"])
        if s is None:
            continue
        out[s]["articles"] += 1
        for q in r["quotes"]:
            out[s]["quotes"] += 1
            for l in q["labels"]:
                out[s][l] += 1
            out[s]["none"] += not q["labels"]
    return out


def write_splits(records: Sequence[dict[str, Any]], path: str | Path, ratios: dict[str, float] | None = None,
                 seed: int = SEED, previous: dict[str, Any] | None = None, new_to: str = "train") -> dict[str, Any]:
    """Make the splits of ``records`` and write them (with how they were made) to ``path``.

    With ``previous`` (the splits.json already there), the existing assignment is kept and only new
    articles are placed (in ``new_to``); see :func:`extend_splits`."""
    ratios = dict(ratios or RATIOS)
    extension: dict[str, Any] = {}  # only when articles were added to a fixed split
    if previous is None:
        splits = make_splits(records, ratios, seed)
    else:
        splits = extend_splits(records, previous, new_to)
        known = {d for n in ("train", "dev", "test") for d in previous.get(n, [])}
        present = {r["id"] for r in records}
        added = sorted((present - known) | (present & set(previous.get("added", []))))
        seed = previous.get("seed", seed)
        ratios = previous.get("ratios", ratios)
        if added:
            extension = {"note": "articles added after the split was fixed keep dev and test unchanged; they are "
                                 "listed in 'added' and were all put in 'added_to'",
                         "added_to": previous.get("added_to", new_to), "added": added}
    summary = split_summary(records, splits)
    missing = {s: [l for l in (*LABELS, "none") if summary[s][l] == 0] for s in splits}
    doc = {
        "method": "article-level iterative stratification (Sechidis et al. 2011) over the quote labels, "
                  "'none' and the article's conflict",
        "seed": seed,
        "ratios": ratios,
        **extension,
        "summary": summary,
        "labels_missing": {s: m for s, m in missing.items() if m},
        **splits,
    }
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return doc
