"""Counts of a gold (or silver) corpus: what the data card and `stance data stats` show.

Works on gold article records (``{id, text, quotes, meta}``) and on quote-level JSONL rows
(``{quote, labels|label_names, kind, affiliation, target ...}``, as ``stance data build weak`` writes),
so one command describes every dataset the project makes.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from stance.labels import LABELS

_SPLIT_ORDER = {"train": 0, "dev": 1, "test": 2}

__all__ = ["CorpusStats", "corpus_stats", "stats_from_path", "format_stats"]


@dataclass(frozen=True)
class CorpusStats:
    """Sizes and balance of a corpus; every count is of quotes unless it says articles."""

    articles: int
    quotes: int
    labels: dict[str, int]
    none: int
    multi_label: int
    kinds: dict[str, int]
    optional: int
    affiliations: dict[str, int]
    targets: dict[str, int]
    conflicts: dict[str, int]          # articles per conflict
    genres: dict[str, int]             # articles per genre
    outlets: int                       # distinct outlets
    speakers: int                      # distinct speakers
    splits: dict[str, dict[str, int]] = field(default_factory=dict)
    cooccurrence: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _quote_labels(q: dict[str, Any]) -> list[str]:
    labs = q.get("label_names", q.get("labels", []))
    if labs and not isinstance(labs[0], str):  # a multi-hot vector
        labs = [l for l, v in zip(LABELS, labs) if v]
    return [l for l in LABELS if l in labs]


def _affs(q: dict[str, Any]) -> list[str]:
    a = q.get("affiliation") or []
    return [x for x in a.split(";") if x] if isinstance(a, str) else list(a)


def corpus_stats(records: Iterable[dict[str, Any]], splits: dict[str, list[str]] | None = None) -> CorpusStats:
    """Stats of gold article records (or of quote rows, each counted as its own article)."""
    where = {d: s for s, ids in (splits or {}).items() for d in ids}
    n_art = n_q = none = multi = optional = 0
    labels: Counter[str] = Counter({l: 0 for l in LABELS})
    kinds: Counter[str] = Counter()
    affs: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    conflicts: Counter[str] = Counter()
    genres: Counter[str] = Counter()
    outlets: set[str] = set()
    speakers: set[str] = set()
    co = {a: {b: 0 for b in LABELS} for a in LABELS}
    per_split: dict[str, Counter[str]] = {}
    doc_ids: set[str] = set()
    for rec in records:
        quotes = rec["quotes"] if "quotes" in rec else [rec]
        doc = rec.get("doc_id", rec.get("id"))
        if doc not in doc_ids:
            doc_ids.add(doc)
            n_art += 1
            meta = rec.get("meta") or {}
            if meta.get("conflict"):
                conflicts[meta["conflict"]] += 1
            if meta.get("genre"):
                genres[meta["genre"]] += 1
            if meta.get("outlet"):
                outlets.add(meta["outlet"])
        split = where.get(doc) or rec.get("split")
        sc = per_split.setdefault(split, Counter()) if split else None
        if sc is not None and "quotes" in rec:
            sc["articles"] += 1
        for q in quotes:
            n_q += 1
            labs = _quote_labels(q)
            labels.update(labs)
            none += not labs
            multi += len(labs) > 1
            for a in labs:
                for b in labs:
                    co[a][b] += 1
            if q.get("kind"):
                kinds[q["kind"]] += 1
            optional += bool(q.get("optional"))
            affs.update(_affs(q))
            if q.get("target"):
                targets[q["target"]] += 1
            if q.get("speaker"):
                speakers.add(q["speaker"])
            if sc is not None:
                sc["quotes"] += 1
                sc.update(labs)
                sc["none"] += not labs
    return CorpusStats(
        articles=n_art, quotes=n_q, labels=dict(labels), none=none, multi_label=multi,
        kinds=dict(kinds.most_common()), optional=optional, affiliations=dict(affs.most_common()),
        targets=dict(targets.most_common()), conflicts=dict(conflicts.most_common()),
        genres=dict(genres.most_common()), outlets=len(outlets), speakers=len(speakers),
        splits={s: {k: per_split[s].get(k, 0) for k in ("articles", "quotes", *LABELS, "none")}
                for s in sorted(per_split, key=lambda x: (_SPLIT_ORDER.get(x, 9), x))},
        cooccurrence=co,
    )


def stats_from_path(path: str | Path, splits_path: str | Path | None = None) -> CorpusStats:
    """Stats of a JSONL file (gold records or quote rows); splits from ``splits_path`` when given."""
    from stance.data.schema import read_jsonl_records

    recs = [r for _, r in read_jsonl_records(path)]
    splits = None
    if splits_path and Path(splits_path).exists():
        data = json.loads(Path(splits_path).read_text(encoding="utf-8"))
        splits = {s: data.get(s, []) for s in ("train", "dev", "test")}
    return corpus_stats(recs, splits)


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def format_stats(s: CorpusStats, top: int = 15) -> str:
    """A plain-text table of the stats, for the terminal."""
    out = [f"articles {s.articles}   quotes {s.quotes}   speakers {s.speakers}   outlets {s.outlets}   "
           f"affiliations {len(s.affiliations)}", "", "label                 quotes   share"]
    for l in LABELS:
        out.append(f"{l:<20} {s.labels[l]:7d}  {_pct(s.labels[l], s.quotes)}")
    out.append(f"{'(none)':<20} {s.none:7d}  {_pct(s.none, s.quotes)}")
    out.append(f"{'(2+ labels)':<20} {s.multi_label:7d}  {_pct(s.multi_label, s.quotes)}")
    out += ["", "co-occurrence        " + " ".join(f"{l[:8]:>9}" for l in LABELS)]
    for a in LABELS:
        out.append(f"{a:<20} " + " ".join(f"{s.cooccurrence[a][b]:9d}" for b in LABELS))
    out += ["", "kind                  quotes"]
    out += [f"{k:<20} {v:7d}" for k, v in s.kinds.items()]
    out.append(f"{'(optional)':<20} {s.optional:7d}")
    if s.targets:
        out += ["", "target                quotes"] + [f"{k:<20} {v:7d}" for k, v in s.targets.items()]
    if s.conflicts:
        out += ["", "conflict            articles"] + [f"{k:<20} {v:7d}" for k, v in s.conflicts.items()]
    if s.genres:
        out += ["", "genre               articles"] + [f"{k:<20} {v:7d}" for k, v in s.genres.items()]
    out += ["", f"affiliation (top {top} of {len(s.affiliations)})"]
    out += [f"{k:<20} {v:7d}" for k, v in list(s.affiliations.items())[:top]]
    if s.splits:
        out += ["", "split     articles  quotes " + " ".join(f"{l[:8]:>9}" for l in (*LABELS, "none"))]
        for name, c in s.splits.items():
            out.append(f"{name:<9} {c['articles']:8d} {c['quotes']:7d} " + " ".join(f"{c[l]:9d}" for l in (*LABELS, "none")))
    return "\n".join(out)
