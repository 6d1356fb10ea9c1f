"""Raw news corpora → articles → deduplicated quote-level examples.

Readers take JSONL, CSV, Parquet, a folder of ``.txt`` files (one article each), a saved
``datasets`` folder, or any in-memory ``datasets.Dataset`` with a text column. Each record is
checked on its own: a broken line (bad JSON, bad bytes, no text) is one error naming its file, line
and field; by default the first one stops the build, with ``skip_invalid=True`` it is skipped and
counted, and no good line around it is ever lost (JSONL is read line by line, as bytes, so a bad
byte or a stray Unicode line separator in one record cannot swallow its neighbours).

Quotes come from ``stance.extraction.extract_quotes``; wire copy repeats the same quotes across
many articles, so near-duplicates (MinHash over word shingles of normalised text, verified by exact
Jaccard) are dropped, keeping the first occurrence in input order.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from stance.data.context import quote_context

if TYPE_CHECKING:  # pragma: no cover
    import datasets

__all__ = [
    "RawRecordError", "RawReport", "iter_raw", "load_raw", "raw_quotes", "quote_rows", "dedup_quotes",
    "normalise", "shingles", "SUPPORTED",
]

SUPPORTED = (".jsonl", ".json", ".ndjson", ".csv", ".parquet", ".txt")
MAX_ERRORS_KEPT = 50


class RawRecordError(ValueError):
    """A malformed raw record; the message names the file, line and field."""


@dataclass
class _Counts:
    read: int = 0
    kept: int = 0
    invalid: int = 0
    renamed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RawReport:
    """What a build read, kept and dropped; ``read == kept + invalid`` always holds."""

    read: int
    kept: int
    invalid: int
    renamed: int = 0
    errors: tuple[str, ...] = ()
    quotes: int = 0
    duplicates: int = 0
    extraction_errors: int = 0

    def summary(self) -> str:
        s = (f"articles: read {self.read}, kept {self.kept}, invalid {self.invalid}"
             + (f", renamed duplicate ids {self.renamed}" if self.renamed else "")
             + f"; quotes: {self.quotes + self.duplicates} extracted, {self.duplicates} near-duplicates dropped, "
               f"{self.quotes} kept")
        if self.extraction_errors:
            s += f"; extractor failed on {self.extraction_errors} article(s)"
        for e in self.errors[:10]:
            s += f"\n  invalid: {e}"
        if len(self.errors) < self.invalid + self.extraction_errors or len(self.errors) > 10:
            s += f"\n  ... ({self.invalid + self.extraction_errors} in all)"
        return s

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "kept": self.kept, "invalid": self.invalid, "renamed": self.renamed,
                "quotes": self.quotes, "duplicates": self.duplicates,
                "extraction_errors": self.extraction_errors, "errors": list(self.errors)}


# --------------------------------------------------------------------------- reading

def _check(obj: Any, where: str, text_field: str, id_field: str, fallback_id: str) -> dict[str, Any]:
    """A raw record as ``{id, text, title, date}``, or RawRecordError naming the wrong field."""
    if not isinstance(obj, dict):
        raise RawRecordError(f"{where}: field 'record': expected an object, got {type(obj).__name__}")
    if text_field not in obj or obj[text_field] is None:
        raise RawRecordError(f"{where}: field {text_field!r}: missing")
    text = obj[text_field]
    if not isinstance(text, str):
        raise RawRecordError(f"{where}: field {text_field!r}: expected a string, got {type(text).__name__}")
    if not text.strip():
        raise RawRecordError(f"{where}: field {text_field!r}: empty text")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise RawRecordError(f"{where}: field {text_field!r}: not valid UTF-8")
    rid = obj.get(id_field)
    if rid is None or (isinstance(rid, str) and not rid.strip()):
        rid = fallback_id
    elif isinstance(rid, (str, int)) and not isinstance(rid, bool):
        rid = str(rid)
    else:
        raise RawRecordError(f"{where}: field {id_field!r}: expected a string or integer, got {type(rid).__name__}")

    def opt(k: str) -> str | None:
        v = obj.get(k)
        return None if v is None else str(v)

    return {"id": rid, "text": text, "title": opt("title"), "date": opt("date")}


def _json_array(path: Path) -> Iterator[tuple[str, int, Any]]:
    """A .json file holding one array of records (not JSON lines): one error fails the whole file."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield f"{path}:1", 1, RawRecordError(f"{path}: field 'json': not a valid JSON array ({exc})")
        return
    for n, obj in enumerate(data, 1):
        yield f"{path}:item {n}", n, obj


def _jsonl(path: Path, text_field: str, id_field: str) -> Iterator[tuple[str, int, Any]]:
    if path.suffix.lower() == ".json":
        with open(path, "rb") as f:
            head = f.read(4096).lstrip()
        if head.startswith(b"["):
            yield from _json_array(path)
            return
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield where, n, RawRecordError(f"{where}: field 'encoding': not valid UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield where, n, RawRecordError(f"{where}: field 'json': {exc.msg} at column {exc.colno}")
                continue
            yield where, n, obj


def _csv(path: Path, text_field: str, id_field: str) -> Iterator[tuple[str, int, Any]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            return
        if text_field not in header:
            yield f"{path}:1", 1, RawRecordError(f"{path}:1: field {text_field!r}: no such column (columns: {header})")
            return
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"{path}:{start}", start, RawRecordError(f"{path}:{start}: field 'csv': {exc}")
                continue
            if not any(c.strip() for c in row):
                continue
            where = f"{path}:{start}"
            if len(row) != len(header):
                yield where, start, RawRecordError(f"{where}: field 'columns': {len(row)} values for {len(header)} columns")
                continue
            yield where, start, dict(zip(header, row))


def _parquet(path: Path, text_field: str, id_field: str) -> Iterator[tuple[str, int, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    if text_field not in pf.schema_arrow.names:
        yield f"{path}:1", 1, RawRecordError(f"{path}: field {text_field!r}: no such column (columns: {pf.schema_arrow.names})")
        return
    n = 0
    for batch in pf.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}:row {n}", n, row


def _txt(path: Path, text_field: str, id_field: str) -> Iterator[tuple[str, int, Any]]:
    where = f"{path}:1"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        yield where, 1, RawRecordError(f"{where}: field 'encoding': not valid UTF-8 ({exc.reason} at byte {exc.start})")
        return
    yield where, 1, {text_field: text, id_field: path.stem}


def _dataset_rows(ds: Any, name: str) -> Iterator[tuple[str, int, Any]]:
    for n, row in enumerate(ds, 1):
        yield f"{name}:row {n}", n, row


def _expand(source: Any) -> list[Any]:
    """Files (sorted, per folder) and in-memory datasets, in the order given."""
    if isinstance(source, (str, Path)):
        p = Path(source)
        if p.is_dir():
            if (p / "dataset_info.json").exists() or (p / "dataset_dict.json").exists() or (p / "state.json").exists():
                return [p]
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED)
            if not files:
                raise FileNotFoundError(f"{p}: no {', '.join(SUPPORTED)} files")
            return files
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder")
        return [p]
    if isinstance(source, (list, tuple)) and all(isinstance(s, (str, Path)) for s in source):
        return [x for s in source for x in _expand(s)]
    return [source]  # a datasets.Dataset / DatasetDict / list of dicts  # a datasets.Dataset / DatasetDict / iterable of dicts


def _records_of(item: Any, text_field: str, id_field: str) -> Iterator[tuple[str, int, Any]]:
    if isinstance(item, Path):
        if item.is_dir():  # saved with save_to_disk
            import datasets

            yield from _records_of(datasets.load_from_disk(str(item)), text_field, id_field)
            return
        suffix = item.suffix.lower()
        reader = {".jsonl": _jsonl, ".json": _jsonl, ".ndjson": _jsonl, ".csv": _csv,
                  ".parquet": _parquet, ".txt": _txt}.get(suffix)
        if reader is None:
            raise RawRecordError(f"{item}: field 'format': unsupported file type {suffix!r} (use {', '.join(SUPPORTED)})")
        yield from reader(item, text_field, id_field)
        return
    try:
        import datasets
    except ImportError:  # pragma: no cover
        datasets = None
    if datasets is not None and isinstance(item, datasets.DatasetDict):
        for split, ds in item.items():
            yield from _records_of(_Named(ds, f"<dataset:{split}>"), text_field, id_field)
        return
    if isinstance(item, _Named):
        ds, name = item.ds, item.name
    else:
        ds, name = item, "<dataset>"
    if datasets is not None and isinstance(ds, datasets.Dataset) and text_field not in ds.column_names:
        raise RawRecordError(f"{name}: field {text_field!r}: no such column (columns: {ds.column_names})")
    yield from _dataset_rows(ds, name)


@dataclass(frozen=True)
class _Named:
    ds: Any
    name: str


def iter_raw(source: Any, *, text_field: str = "text", id_field: str = "id", skip_invalid: bool = False,
             limit: int | None = None, counts: _Counts | None = None) -> Iterator[dict[str, Any]]:
    """Checked raw articles ``{id, text, title, date, source, line}`` from any supported source."""
    c = counts if counts is not None else _Counts()
    seen: dict[str, int] = {}
    for item in _expand(source):
        src_name = str(item) if isinstance(item, Path) else "<dataset>"
        stem = item.stem if isinstance(item, Path) else "dataset"
        for where, line, obj in _records_of(item, text_field, id_field):
            if limit is not None and c.kept >= limit:
                return
            c.read += 1
            try:
                if isinstance(obj, RawRecordError):
                    raise obj
                rec = _check(obj, where, text_field, id_field, f"{stem}:{line}")
            except RawRecordError as exc:
                if not skip_invalid:
                    raise
                c.invalid += 1
                if len(c.errors) < MAX_ERRORS_KEPT:
                    c.errors.append(str(exc))
                continue
            if rec["id"] in seen:  # keep the record, make its id unique
                seen[rec["id"]] += 1
                rec["id"] = f"{rec['id']}~{seen[rec['id']]}"
                c.renamed += 1
            else:
                seen[rec["id"]] = 1
            rec["source"] = src_name
            rec["line"] = line
            c.kept += 1
            yield rec


def _article_features() -> "datasets.Features":
    import datasets

    return datasets.Features({k: datasets.Value("string") for k in ("id", "text", "title", "date", "source")}
                             | {"line": datasets.Value("int64")})


def load_raw(source: Any, *, text_field: str = "text", id_field: str = "id", skip_invalid: bool = False,
             limit: int | None = None, return_report: bool = False) -> Any:
    """Raw articles as a ``datasets.Dataset`` (columns id, text, title, date, source, line).

    With ``return_report`` returns ``(dataset, RawReport)``.
    """
    import datasets

    c = _Counts()
    rows = list(iter_raw(source, text_field=text_field, id_field=id_field, skip_invalid=skip_invalid,
                         limit=limit, counts=c))
    feats = _article_features()
    ds = datasets.Dataset.from_dict({k: [r[k] for r in rows] for k in feats}, features=feats)
    report = RawReport(c.read, c.kept, c.invalid, c.renamed, tuple(c.errors))
    return (ds, report) if return_report else ds


# --------------------------------------------------------------------------- near-duplicates

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_MERSENNE = (1 << 61) - 1


def normalise(text: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive form of a quote (what 'the same' means)."""
    t = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", t)).strip()


def shingles(text: str, k: int = 3) -> frozenset[str]:
    """Word k-shingles of the normalised text (the whole text when shorter than k words)."""
    toks = normalise(text).split()
    if len(toks) <= k:
        return frozenset([" ".join(toks)]) if toks else frozenset()
    return frozenset(" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1))


def _minhash(sh: frozenset[str], a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    hs = [zlib.crc32(s.encode("utf-8")) for s in sh] or [0]
    return tuple(min((ai * h + bi) % _MERSENNE for h in hs) for ai, bi in zip(a, b))


def dedup_quotes(texts: Sequence[str], threshold: float = 0.8, *, num_perm: int = 64, bands: int = 16,
                 seed: int = 1) -> list[int]:
    """For each text, the index of the earlier text it near-duplicates, or its own index if none.

    MinHash-LSH (``bands`` bands of ``num_perm // bands`` rows) proposes candidates; a candidate counts
    only when the exact Jaccard similarity of the word-3-shingle sets is at least ``threshold``.
    Deterministic: crc32 shingle hashes and seeded permutations, first occurrence wins.
    """
    import random

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    rng = random.Random(seed)
    a = [rng.randrange(1, _MERSENNE) for _ in range(num_perm)]
    b = [rng.randrange(0, _MERSENNE) for _ in range(num_perm)]
    rows = num_perm // bands
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    exact: dict[str, int] = {}
    sets: list[frozenset[str]] = []
    rep: list[int] = []
    for i, t in enumerate(texts):
        norm = normalise(t)
        sh = shingles(t)
        sets.append(sh)
        if norm in exact:
            rep.append(exact[norm])
            continue
        sig = _minhash(sh, a, b)
        keys = [(j, sig[j * rows : (j + 1) * rows]) for j in range(bands)]
        found = -1
        cands = sorted({c for k in keys for c in buckets.get(k, ())})
        for c in cands:
            inter = len(sh & sets[c])
            union = len(sh | sets[c])
            if union and inter / union >= threshold:
                found = c
                break
        if found >= 0:
            rep.append(found)
            continue
        rep.append(i)
        exact[norm] = i
        for k in keys:
            buckets.setdefault(k, []).append(i)
    return rep


# --------------------------------------------------------------------------- quotes

def _quote_features() -> "datasets.Features":
    import datasets

    s = datasets.Value("string")
    return datasets.Features({
        "id": s, "doc_id": s, "quote": s, "context": s, "start": datasets.Value("int64"), "end": datasets.Value("int64"),
        "speaker": s, "affiliation": s, "kind": s, "source": s, "line": datasets.Value("int64"), "date": s,
    })


def quote_rows(articles: Iterable[dict[str, Any]], extractor: Callable[[str], Any] | None = None, *,
               max_context_chars: int = 400, skip_invalid: bool = False,
               errors: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Quote-level rows of raw articles, from the project's extractor (``stance.extract_quotes``)."""
    if extractor is None:
        from stance.extraction import extract_quotes as extractor  # type: ignore[no-redef]
    for art in articles:
        text = art["text"]
        try:
            quotes = extractor(text)
        except Exception as exc:  # one article must not sink a batch job: name it, then stop or count
            msg = f"{art.get('source')}:{art.get('line')}: field 'text': extractor failed on article {art['id']!r}: {exc!r}"
            if not skip_invalid:
                raise RawRecordError(msg) from exc
            if errors is not None:
                errors.append(msg)
            continue
        for i, q in enumerate(quotes):
            yield {
                "id": f"{art['id']}:{i}", "doc_id": art["id"], "quote": text[q.start : q.end],
                "context": quote_context(text, q.start, q.end, max_context_chars),
                "start": q.start, "end": q.end, "speaker": q.speaker, "affiliation": q.affiliation,
                "kind": q.kind, "source": art.get("source"), "line": art.get("line"), "date": art.get("date"),
            }


def raw_quotes(source: Any, *, text_field: str = "text", id_field: str = "id", skip_invalid: bool = False,
               dedup: bool = True, threshold: float = 0.8, limit: int | None = None,
               extractor: Callable[[str], Any] | None = None, max_context_chars: int = 400,
               progress: bool = False, return_report: bool = False) -> Any:
    """Deduplicated quote-level examples of a raw corpus, as a ``datasets.Dataset``.

    ``source``: a path (JSONL/CSV/Parquet file, folder of .txt, saved dataset), a list of them, or
    a ``datasets.Dataset``. With ``return_report`` returns ``(dataset, RawReport)``.
    """
    import datasets

    c = _Counts()
    arts: Iterable[dict[str, Any]] = iter_raw(source, text_field=text_field, id_field=id_field,
                                              skip_invalid=skip_invalid, limit=limit, counts=c)
    if progress:
        from tqdm.auto import tqdm

        arts = tqdm(arts, desc="extracting", unit="article")
    ext_errors: list[str] = []
    rows = list(quote_rows(arts, extractor, max_context_chars=max_context_chars, skip_invalid=skip_invalid,
                           errors=ext_errors))
    n_all = len(rows)
    if dedup and rows:
        rep = dedup_quotes([r["quote"] for r in rows], threshold)
        rows = [r for i, r in enumerate(rows) if rep[i] == i]
    feats = _quote_features()
    ds = datasets.Dataset.from_dict({k: [r[k] for r in rows] for k in feats}, features=feats)
    report = RawReport(c.read, c.kept, c.invalid, c.renamed, tuple(c.errors + ext_errors[:MAX_ERRORS_KEPT]),
                       quotes=len(rows), duplicates=n_all - len(rows), extraction_errors=len(ext_errors))
    return (ds, report) if return_report else ds
