"""Tables behind the report, as pandas DataFrames, for notebook users and for the HTML page.

Every function takes the *clean* quote table of :func:`load_scores` (one row per quote). Joint
affiliations ("CHN;RUS") count once for each member: a joint statement is each member's statement.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from stance.labels import LABELS

REQUIRED_FIELDS: tuple[str, ...] = ("doc_id", "text", "labels")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scores:
    """A scores file split into rows the report can use and rows it cannot (listed, never dropped silently)."""

    quotes: pd.DataFrame
    problems: pd.DataFrame
    models: tuple[str, ...] = ()
    documents: int | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _read_rows(path: Path) -> list[tuple[int, Any]]:
    if path.suffix == ".parquet":
        df = pd.read_parquet(path)
        return [(i + 1, r) for i, r in enumerate(df.to_dict(orient="records"))]
    rows: list[tuple[int, Any]] = []
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((i, json.loads(line)))
            except json.JSONDecodeError as exc:
                rows.append((i, exc))
    return rows


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return None
    try:
        return list(value)
    except TypeError:
        return None


def _missing(row: dict[str, Any], key: str) -> bool:
    """Absent or null; an empty string too, except for ``text`` (an empty quote is still a row)."""
    value = row.get(key)
    return value is None or (key != "text" and isinstance(value, str) and not value)


def _count_documents(path: Path) -> int | None:
    """Corpus size from `stance score`'s manifest (OUTPUT.docs.jsonl) when it is beside the scores."""
    manifest = path.with_name(path.name + ".docs.jsonl")
    if not manifest.exists():
        return None
    with manifest.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def load_scores(path: str | Path) -> Scores:
    """Read a `stance score` output (JSONL or Parquet) and validate every row.

    Rows with unknown labels, invalid JSON or missing fields go to ``problems`` with their row
    number and reason; the report lists them.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"scores file not found: {p}")
    good: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    models: dict[str, None] = {}
    for row_no, row in _read_rows(p):
        if isinstance(row, Exception):
            problems.append({"row": row_no, "field": "-", "reason": f"invalid JSON: {row}"})
            continue
        if not isinstance(row, dict):
            problems.append({"row": row_no, "field": "-", "reason": "row is not an object"})
            continue
        missing = [k for k in REQUIRED_FIELDS if _missing(row, k)]
        if missing:
            problems.append({"row": row_no, "field": ",".join(missing), "reason": "missing field"})
            continue
        labels = _as_list(row.get("labels"))
        if labels is None:
            problems.append({"row": row_no, "field": "labels", "reason": f"labels is not a list: {row.get('labels')!r}"})
            continue
        unknown = [lab for lab in labels if lab not in LABELS]
        if unknown:
            problems.append({"row": row_no, "field": "labels", "reason": f"unknown label(s): {', '.join(map(str, unknown))}"})
            continue
        if row.get("model"):
            models[str(row["model"])] = None
        good.append(
            {
                "row": row_no,
                "doc_id": str(row["doc_id"]),
                "date": row.get("date"),
                "start": row.get("start"),
                "end": row.get("end"),
                "text": str(row["text"]),
                "kind": row.get("kind"),
                "speaker": row.get("actor") or row.get("speaker") or UNKNOWN,
                "affiliation": row.get("affiliation") or UNKNOWN,
                "target": row.get("target"),
                "labels": tuple(lab for lab in LABELS if lab in labels),
            }
        )
    quotes = pd.DataFrame(good, columns=["row", "doc_id", "date", "start", "end", "text", "kind", "speaker", "affiliation", "target", "labels"])
    for lab in LABELS:
        quotes[lab] = quotes["labels"].map(lambda ls, lab=lab: lab in ls).astype(bool)
    quotes["date"] = pd.to_datetime(quotes["date"], errors="coerce")
    return Scores(
        quotes=quotes,
        problems=pd.DataFrame(problems, columns=["row", "field", "reason"]),
        models=tuple(models),
        documents=_count_documents(p),
        source=str(p),
    )


def _explode_affiliation(quotes: pd.DataFrame) -> pd.DataFrame:
    df = quotes.copy()
    df["affiliation"] = df["affiliation"].astype(str).str.split(";")
    df = df.explode("affiliation")
    df["affiliation"] = df["affiliation"].str.strip().replace("", UNKNOWN)
    return df


def affiliation_label_table(quotes: pd.DataFrame, min_quotes: int = 1) -> pd.DataFrame:
    """Per affiliation: number of quotes, and per label the count and the share of its quotes."""
    cols = ["affiliation", "quotes"] + [f"n_{lab}" for lab in LABELS] + [f"share_{lab}" for lab in LABELS]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    df = _explode_affiliation(quotes)
    g = df.groupby("affiliation")
    out = pd.DataFrame({"quotes": g.size()})
    for lab in LABELS:
        out[f"n_{lab}"] = g[lab].sum().astype(int)
    for lab in LABELS:
        out[f"share_{lab}"] = out[f"n_{lab}"] / out["quotes"]
    out = out[out["quotes"] >= min_quotes].sort_values(["quotes", "affiliation"], ascending=[False, True])
    return out.reset_index()[cols]


def weekly_timeline(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per ISO week (Monday start): quotes, and per label the count. Undated quotes are left out."""
    cols = ["week", "quotes"] + list(LABELS)
    dated = quotes.dropna(subset=["date"]) if not quotes.empty else quotes
    if dated.empty:
        return pd.DataFrame(columns=cols)
    week = dated["date"].dt.to_period("W-SUN").dt.start_time
    g = dated.assign(week=week).groupby("week")
    out = pd.DataFrame({"quotes": g.size()})
    for lab in LABELS:
        out[lab] = g[lab].sum().astype(int)
    return out.reset_index()[cols]


def support_by_target(quotes: pd.DataFrame) -> pd.DataFrame:
    """Support-for-party quotes per affiliation and target party (rows: affiliation, columns: target)."""
    if quotes.empty or not quotes["support-for-party"].any():
        return pd.DataFrame()
    df = _explode_affiliation(quotes[quotes["support-for-party"]])
    df["target"] = df["target"].fillna(UNKNOWN).astype(str)
    table = pd.crosstab(df["affiliation"], df["target"])
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table.columns.name = None
    table.index.name = "affiliation"
    return table.reset_index()


def top_speakers(quotes: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The n most quoted speakers with their affiliation and label profile (share of their quotes)."""
    cols = ["speaker", "affiliation", "quotes"] + list(LABELS)
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    g = quotes.groupby("speaker")
    out = pd.DataFrame({"quotes": g.size(), "affiliation": g["affiliation"].agg(lambda s: s.mode().iat[0])})
    for lab in LABELS:
        out[lab] = g[lab].mean()
    out = out.reset_index().sort_values(["quotes", "speaker"], ascending=[False, True]).head(n)
    return out[cols].reset_index(drop=True)


def cell_examples(quotes: pd.DataFrame, per_cell: int = 3) -> pd.DataFrame:
    """A few example quotes for each affiliation × label cell, with document id and offsets."""
    cols = ["affiliation", "label", "doc_id", "start", "end", "speaker", "text"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    df = _explode_affiliation(quotes)
    parts = []
    for lab in LABELS:
        sel = df[df[lab]].sort_values(["affiliation", "doc_id", "start"])
        sel = sel.groupby("affiliation", group_keys=False).head(per_cell)
        parts.append(sel.assign(label=lab)[cols])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
