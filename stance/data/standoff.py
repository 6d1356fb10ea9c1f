"""Stand-off gold: annotations of texts the project may read but must not copy.

A real-news evaluation slice annotates articles of ``../shared/corpora`` (e.g. BBC open). The
repository keeps only offsets, labels and speakers, plus the sha256 of each text; the text is read
from the shared corpus at run time, checked against the hash, and the records are assembled into
the same gold format as ``data/gold/corpus.jsonl`` (so ``read_gold_jsonl`` rules and every
evaluation apply unchanged). Without the shared corpus the slice is unavailable, and says so.

One line per article::

    {"id": "bbc-article_2735", "corpus": "bbc/open_2023-12_2024-07.jsonl", "text_sha256": "…",
     "quotes": [{"start": 120, "end": 188, "kind": "direct", "speaker": "…", "affiliation": ["UN"],
                 "labels": ["humanitarian"], "target": null, "optional": false}, …]}
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable

from stance.data.schema import GoldSchemaError, validate_record

__all__ = ["StandoffError", "SharedTextMissing", "shared_root", "is_standoff", "load_standoff", "read_gold_any",
           "to_standoff", "write_standoff"]


class StandoffError(ValueError):
    """A stand-off record that cannot be resolved; the message names the file, line and field."""


class SharedTextMissing(StandoffError):
    """The shared corpus a stand-off file points to is not on this machine (no ../shared)."""


def shared_root() -> Path:
    """``$STANCE_SHARED``, else the first ``shared`` folder found beside the repository or the cwd."""
    env = os.environ.get("STANCE_SHARED")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for base in (here.parents[2].parent / "shared", Path.cwd().parent / "shared", Path("/work/shared")):
        if (base / "corpora").is_dir():
            return base
    return here.parents[2].parent / "shared"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_standoff(path: str | Path) -> bool:
    """Whether the first record of a JSONL file is stand-off (a text hash, no text)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                return isinstance(rec, dict) and "text_sha256" in rec and "text" not in rec
    return False


def _corpus_texts(path: Path, wanted: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("id") in wanted:
                out[rec["id"]] = rec["text"]
    return out


def load_standoff(path: str | Path, shared: str | Path | None = None) -> list[dict[str, Any]]:
    """Gold records (with text and quote text) for a stand-off file; texts come from ``shared``."""
    p = Path(path)
    root = Path(shared) if shared is not None else shared_root()
    rows: list[tuple[int, dict[str, Any]]] = []
    with open(p, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise StandoffError(f"{p}:{n}: field 'json': {exc.msg}") from exc
            for key in ("id", "corpus", "text_sha256", "quotes"):
                if key not in rec:
                    raise StandoffError(f"{p}:{n}: record {rec.get('id')!r} field {key!r}: missing")
            rows.append((n, rec))
    by_corpus: dict[str, set[str]] = {}
    for _, rec in rows:
        by_corpus.setdefault(rec["corpus"], set()).add(rec["id"])
    texts: dict[tuple[str, str], str] = {}
    for corpus, ids in by_corpus.items():
        cp = root / "corpora" / corpus
        if not cp.is_file():
            raise SharedTextMissing(f"{p}: field 'corpus': {corpus!r} not found under {root / 'corpora'} "
                                "(set STANCE_SHARED to the folder that holds corpora/)")
        for i, t in _corpus_texts(cp, ids).items():
            texts[(corpus, i)] = t
    out: list[dict[str, Any]] = []
    for n, rec in rows:
        text = texts.get((rec["corpus"], rec["id"]))
        if text is None:
            raise StandoffError(f"{p}:{n}: record {rec['id']!r} field 'id': not in {rec['corpus']}")
        if _sha(text) != rec["text_sha256"]:
            raise StandoffError(f"{p}:{n}: record {rec['id']!r} field 'text_sha256': the text in {rec['corpus']} "
                                "has changed since it was annotated")
        quotes = []
        for k, q in enumerate(rec["quotes"]):
            if not (isinstance(q.get("start"), int) and isinstance(q.get("end"), int) and 0 <= q["start"] < q["end"] <= len(text)):
                raise StandoffError(f"{p}:{n}: record {rec['id']!r} quote {k} field 'start'/'end': bad offsets")
            quotes.append({**q, "text": text[q["start"]:q["end"]]})
        gold = {"id": rec["id"], "text": text, "quotes": quotes, "meta": rec.get("meta", {})}
        try:
            validate_record(gold, str(p), n)
        except GoldSchemaError as exc:
            raise StandoffError(str(exc)) from exc
        out.append(gold)
    return out


def read_gold_any(path: str | Path, shared: str | Path | None = None) -> list[dict[str, Any]]:
    """Gold records of a gold JSONL file or of a stand-off file (assembled from ``shared``)."""
    from stance.data.gold import read_gold_jsonl

    return load_standoff(path, shared) if is_standoff(path) else read_gold_jsonl(path)


def to_standoff(records: Iterable[dict[str, Any]], corpus: str) -> list[dict[str, Any]]:
    """Gold records → stand-off records: the text and every quote's text are dropped."""
    out = []
    for r in records:
        quotes = [{k: v for k, v in q.items() if k != "text"} for q in r["quotes"]]
        out.append({"id": r["id"], "corpus": corpus, "text_sha256": _sha(r["text"]), "meta": r.get("meta", {}),
                    "quotes": quotes})
    return out


def write_standoff(records: Iterable[dict[str, Any]], corpus: str, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8") as f:
        for r in to_standoff(records, corpus):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return p
