"""Streaming readers for corpora to score: JSONL, CSV, Parquet, or a folder of ``.txt`` files.

Every input record comes out as exactly one ``Record``, in input order, either valid (``error`` is
None) or carrying the reason it cannot be scored. Nothing is dropped here, so the engine can prove
that every record ended in the output, the docs manifest or the errors file.
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

#: Over this many characters a text goes to the errors file instead of the model: an unbounded
#: record (a whole book pasted into one field) would otherwise break the engine's flat memory.
DEFAULT_MAX_CHARS = 200_000

class InputError(ValueError):
    """The input as a whole cannot be read (missing path, unknown format, unknown column)."""


@dataclass(frozen=True)
class Record:
    """One input record. ``where`` names it for humans: ``{"line": 17}``, ``{"row": 3}`` or ``{"file": "a.txt"}``."""

    ordinal: int  # 1-based position among the input's records; the unit of --resume and --skip
    where: dict[str, Any]
    doc_id: str | None
    date: str | None
    text: str | None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ordinal": self.ordinal, "where": self.where, "doc_id": self.doc_id, "date": self.date,
                "text": self.text, "error": self.error}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        return cls(int(d["ordinal"]), dict(d["where"]), d.get("doc_id"), d.get("date"), d.get("text"), d.get("error"))


@dataclass(frozen=True)
class Fields:
    """Which fields of a record hold the text, the id and the date."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    max_chars: int | None = DEFAULT_MAX_CHARS


def detect_format(path: str | Path) -> str:
    """The input format from the path: a folder means .txt files, else the suffix decides."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"input not found: {p}")
    if p.is_dir():
        return "txt-folder"
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise InputError(f"cannot tell the format of {p}: use .jsonl, .csv, .parquet or a folder of .txt files")


def count_records(path: str | Path) -> int | None:
    """Number of records, when cheap to know (for the progress bar's total); None otherwise."""
    fmt = detect_format(path)
    p = Path(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(p).metadata.num_rows
    if fmt == "txt-folder":
        return sum(1 for _ in _txt_files(p))
    if fmt == "jsonl":
        n = 0
        with open(p, "rb") as fh:
            for line in fh:
                if line.strip():
                    n += 1
        return n
    return None


def iter_records(path: str | Path, fields: Fields = Fields(), *, skip: int = 0) -> Iterator[Record]:
    """Every record of ``path`` in order; the first ``skip`` records are read past but not parsed."""
    fmt = detect_format(path)
    p = Path(path)
    if fmt == "jsonl":
        yield from _iter_jsonl(p, fields, skip)
    elif fmt == "csv":
        yield from _iter_csv(p, fields, skip)
    elif fmt == "parquet":
        yield from _iter_parquet(p, fields, skip)
    else:
        yield from _iter_txt(p, fields, skip)


# --------------------------------------------------------------------------- validation


def _scalar(value: Any) -> str | None:
    """An id or date as text; containers are not ids."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from CSV/Parquet gaps
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        raise TypeError(type(value).__name__)
    return str(value)


def _make(ordinal: int, where: dict[str, Any], obj: dict[str, Any], fields: Fields, default_id: str) -> Record:
    """Validate one parsed record and say exactly what is wrong with it."""
    try:
        doc_id = _scalar(obj.get(fields.id))
    except TypeError as exc:
        return Record(ordinal, where, None, None, None, f"field {fields.id!r} is not a scalar id (got {exc})")
    if doc_id is None or doc_id == "":
        doc_id = default_id
    try:
        date = _scalar(obj.get(fields.date))
    except TypeError as exc:
        return Record(ordinal, where, doc_id, None, None, f"field {fields.date!r} is not a date (got {exc})")
    if fields.text not in obj:
        return Record(ordinal, where, doc_id, date, None, f"missing field {fields.text!r}")
    text = obj[fields.text]
    if not isinstance(text, str):
        got = "null" if text is None or (isinstance(text, float) and text != text) else type(text).__name__
        return Record(ordinal, where, doc_id, date, None, f"field {fields.text!r} is not text (got {got})")
    if not text.strip():
        return Record(ordinal, where, doc_id, date, None, f"empty text in field {fields.text!r}")
    if fields.max_chars is not None and len(text) > fields.max_chars:
        return Record(ordinal, where, doc_id, date, None,
                      f"text has {len(text)} characters, over --max-chars {fields.max_chars}")
    return Record(ordinal, where, doc_id, date, text)


# --------------------------------------------------------------------------- formats


def _iter_jsonl(path: Path, fields: Fields, skip: int) -> Iterator[Record]:
    # Blank lines are not records (a trailing newline or a spacer line holds nothing to lose).
    ordinal = 0
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            ordinal += 1
            if ordinal <= skip:
                continue
            where = {"line": lineno}
            try:
                obj = json.loads(raw)
            except UnicodeDecodeError as exc:
                yield Record(ordinal, where, None, None, None, f"invalid UTF-8: {exc.reason}")
                continue
            except json.JSONDecodeError as exc:
                yield Record(ordinal, where, None, None, None, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                yield Record(ordinal, where, None, None, None, f"not a JSON object (got {type(obj).__name__})")
                continue
            yield _make(ordinal, where, obj, fields, f"{path.name}:{lineno}")


def _iter_csv(path: Path, fields: Fields, skip: int) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news articles exceed the 128 KiB default
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, newline="", encoding="utf-8", errors="strict") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        header = reader.fieldnames or []
        if fields.text not in header:
            raise InputError(f"{path}: no column {fields.text!r} (columns: {', '.join(header) or 'none'}); "
                             "choose one with --text-field")
        ordinal = 0
        while True:
            first_line = reader.line_num + 1  # a quoted field may span lines: report where the row starts
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                # A broken row cannot be resynchronised reliably: report it and stop loudly.
                raise InputError(f"{path}: line {reader.line_num}: unreadable CSV ({exc})") from exc
            ordinal += 1
            if ordinal <= skip:
                continue
            where = {"row": ordinal, "line": first_line}
            if None in row:  # more cells than header columns
                yield Record(ordinal, where, None, None, None,
                             f"row has {len(header) + len(row[None])} cells, the header {len(header)}")
                continue
            yield _make(ordinal, where, row, fields, f"{path.name}:{ordinal}")


def _iter_parquet(path: Path, fields: Fields, skip: int) -> Iterator[Record]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    if fields.text not in names:
        raise InputError(f"{path}: no column {fields.text!r} (columns: {', '.join(names)}); choose one with --text-field")
    columns = [c for c in dict.fromkeys((fields.text, fields.id, fields.date)) if c in names]
    ordinal = 0
    for batch in pf.iter_batches(batch_size=1024, columns=columns):
        if ordinal + batch.num_rows <= skip:
            ordinal += batch.num_rows
            continue
        for obj in batch.to_pylist():
            ordinal += 1
            if ordinal <= skip:
                continue
            yield _make(ordinal, {"row": ordinal}, obj, fields, f"{path.name}:{ordinal}")


def _txt_files(folder: Path) -> Iterator[Path]:
    return iter(sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt" and p.is_file()))


def _iter_txt(folder: Path, fields: Fields, skip: int) -> Iterator[Record]:
    for ordinal, p in enumerate(_txt_files(folder), start=1):
        if ordinal <= skip:
            continue
        where = {"file": p.name}
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            yield Record(ordinal, where, p.stem, None, None, f"invalid UTF-8: {exc.reason} at byte {exc.start}")
            continue
        except OSError as exc:
            yield Record(ordinal, where, p.stem, None, None, f"unreadable file: {exc.strerror}")
            continue
        yield _make(ordinal, where, {fields.text: text, fields.id: p.stem}, fields, p.stem)
