"""Crash-safe output for ``stance score``: quotes, docs manifest, errors, and a progress log.

Why this shape: scoring a corpus takes hours and gets interrupted. Every output file is
append-only, and after each chunk the engine *commits*: data files are flushed and fsynced, then
``OUTPUT.progress.json`` is replaced atomically with the number of input records done and the
byte size (or part count) of every file. ``--resume`` truncates each file back to its committed
size and skips the committed records, so a document is never written twice nor skipped, whatever
instant the previous run died at. Parquet cannot be appended to, so it is written as one part file
per chunk under ``OUTPUT.parts/`` and merged into ``OUTPUT`` at the end.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from stance.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from stance.scoring.predictor import ScoredDoc

#: Output columns, one row per quote, in this order.
COLUMNS: tuple[str, ...] = ("doc_id", "date", "start", "end", "text", "kind", "speaker", "actor", "affiliation",
                            "source", "labels", "scores", "target", "model")

PROGRESS_VERSION = 1


class OutputError(RuntimeError):
    """The output cannot be written or resumed safely; the message says why and what to do."""


def arrow_schema() -> "pa.Schema":
    """A fixed schema: inferring one per chunk would type an all-null column as ``null`` and break merging."""
    import pyarrow as pa

    s = pa.string()
    return pa.schema([
        ("doc_id", s), ("date", s), ("start", pa.int64()), ("end", pa.int64()), ("text", s), ("kind", s),
        ("speaker", s), ("actor", s), ("affiliation", s), ("source", s), ("labels", pa.list_(s)),
        ("scores", pa.struct([(label, pa.float64()) for label in LABELS])), ("target", s), ("model", s),
    ])


def side_paths(output: Path) -> dict[str, Path]:
    """The files that travel with OUTPUT."""
    return {
        "docs": Path(f"{output}.docs.jsonl"),
        "errors": Path(f"{output}.errors.jsonl"),
        "progress": Path(f"{output}.progress.json"),
        "parts": Path(f"{output}.parts"),
    }


def output_format(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise OutputError(f"cannot tell the output format of {output}: name it .jsonl or .parquet")


@dataclass
class Counts:
    """Where every input record went; ``records == docs + errors`` always."""

    records: int = 0
    docs: int = 0
    docs_without_quotes: int = 0
    quotes: int = 0
    errors: int = 0
    skipped: int = 0

    def line(self) -> str:
        skipped = f"; {self.skipped} skipped by --skip" if self.skipped else ""
        return (f"{self.records} records = {self.docs} documents scored ({self.quotes} quotes, "
                f"{self.docs_without_quotes} documents without quotes) + {self.errors} errors{skipped}")


class _AppendFile:
    """An append-only file whose committed size is known, so a resume can cut off a torn tail."""

    def __init__(self, path: Path, committed: int | None) -> None:
        self.path = path
        if committed is None:
            self.fh: BinaryIO = open(path, "wb")
        else:
            if not path.exists():
                if committed:
                    raise OutputError(f"{path} is missing but the progress log says {committed} bytes were written")
                path.touch()
            size = path.stat().st_size
            if size < committed:
                raise OutputError(f"{path} is shorter ({size} bytes) than its committed size ({committed}); "
                                  "it was changed after the run; start again without --resume")
            self.fh = open(path, "r+b")
            self.fh.truncate(committed)
            self.fh.seek(committed)

    def write_json(self, obj: dict[str, Any]) -> None:
        self.fh.write(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")

    def sync(self) -> int:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        return self.fh.tell()

    def close(self) -> None:
        self.fh.close()


def _atomic_write_json(path: Path, obj: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_progress(output: Path) -> dict[str, Any] | None:
    path = side_paths(output)["progress"]
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:  # cannot happen with the atomic replace, unless edited by hand
        raise OutputError(f"{path} is not valid JSON ({exc}); start again without --resume") from exc


class Sink:
    """Routes scored documents to OUTPUT, the docs manifest and the errors file, and commits progress.

    ``options`` identify the run (input, fields, model ...): a resume with different ones is refused,
    since it would mix two incompatible runs in one file.
    """

    def __init__(self, output: str | Path, options: dict[str, Any], *, resume: bool = False,
                 overwrite: bool = False) -> None:
        self.output = Path(output)
        self.format = output_format(self.output)
        self.paths = side_paths(self.output)
        self.options = dict(options)
        self.counts = Counts()
        self.records_done = 0
        self.complete = False
        self._rows: list[dict[str, Any]] = []  # parquet rows of the current chunk
        self._parts = 0
        self.output.parent.mkdir(parents=True, exist_ok=True)
        progress = read_progress(self.output) if resume else None
        if resume and progress is None:
            if self._existing():
                raise OutputError(f"cannot resume: {self.paths['progress']} is missing, so how much of "
                                  f"{self.output} is complete is unknown; start again with --overwrite")
        if not resume and self._existing():
            if not overwrite:
                raise OutputError(f"{self.output} (or its .docs/.errors/.progress files) exists: "
                                  "pass --resume to continue that run, or --overwrite to start again")
            self._remove_all()
        if progress is not None:
            self._check(progress)
            self.records_done = int(progress["records_done"])
            self.counts = Counts(**progress["counts"])
            self.complete = bool(progress.get("complete"))
            sizes = progress["sizes"]
        else:
            sizes = None
        if self.complete:
            return
        self.docs = _AppendFile(self.paths["docs"], None if sizes is None else sizes["docs"])
        self.errors = _AppendFile(self.paths["errors"], None if sizes is None else sizes["errors"])
        if self.format == "jsonl":
            self.out = _AppendFile(self.output, None if sizes is None else sizes["output"])
        else:
            self._parts = 0 if sizes is None else int(sizes["parts"])
            self._prune_parts()
        if progress is None:
            self.commit(0)

    # ------------------------------------------------------------------ state

    def _existing(self) -> bool:
        return self.output.exists() or any(p.exists() for p in self.paths.values())

    def _remove_all(self) -> None:
        for p in (self.output, *self.paths.values()):
            if p.is_dir():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()

    def _check(self, progress: dict[str, Any]) -> None:
        if progress.get("version") != PROGRESS_VERSION:
            raise OutputError(f"{self.paths['progress']} was written by another version of stance; start again")
        old = progress.get("options", {})
        for key in sorted(set(old) | set(self.options)):
            if old.get(key) != self.options.get(key):
                raise OutputError(f"cannot resume: option {key!r} was {old.get(key)!r} in the interrupted run "
                                  f"and is {self.options.get(key)!r} now; use the same options, or --overwrite")

    def _part(self, i: int) -> Path:
        return self.paths["parts"] / f"part-{i:06d}.parquet"

    def _prune_parts(self) -> None:
        """Drop part files written after the last commit (a torn chunk)."""
        d = self.paths["parts"]
        d.mkdir(exist_ok=True)
        for p in d.iterdir():
            stem = p.name.split(".")[0]
            idx = int(stem.split("-")[1]) if stem.startswith("part-") and stem[5:].isdigit() else -1
            if idx < 0 or idx >= self._parts or not p.name.endswith(".parquet"):
                p.unlink()
        for i in range(self._parts):
            if not self._part(i).exists():
                raise OutputError(f"{self._part(i)} is missing but was committed; start again with --overwrite")

    # ------------------------------------------------------------------ writing

    def write(self, doc: "ScoredDoc") -> None:
        """One input record's outcome."""
        self.counts.records += 1
        if doc.error is not None:
            self.counts.errors += 1
            self.errors.write_json({"record": doc.ordinal, **doc.where, "doc_id": doc.doc_id, "reason": doc.error})
            return
        self.counts.docs += 1
        self.counts.quotes += len(doc.rows)
        if not doc.rows:
            self.counts.docs_without_quotes += 1
        self.docs.write_json({"record": doc.ordinal, **doc.where, "doc_id": doc.doc_id, "date": doc.date,
                              "quotes": len(doc.rows)})
        if self.format == "jsonl":
            for row in doc.rows:
                self.out.write_json(row)
        else:
            self._rows.extend(doc.rows)

    def skip(self, n: int) -> None:
        self.counts.skipped += n

    def commit(self, records_done: int) -> None:
        """Make everything written so far durable, then record it; the order is what makes resume exact."""
        sizes: dict[str, int] = {"docs": self.docs.sync(), "errors": self.errors.sync()}
        if self.format == "jsonl":
            sizes["output"] = self.out.sync()
        else:
            if self._rows:
                self._write_part(self._rows)
                self._rows = []
            sizes["parts"] = self._parts
        self.records_done = records_done
        self._save(sizes, complete=False)

    def _save(self, sizes: dict[str, int], *, complete: bool) -> None:
        _atomic_write_json(self.paths["progress"], {
            "version": PROGRESS_VERSION, "options": self.options, "records_done": self.records_done,
            "sizes": sizes, "counts": asdict(self.counts), "complete": complete,
        })

    def _write_part(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=arrow_schema())
        final = self._part(self._parts)
        tmp = final.with_name(final.name + ".tmp")
        pq.write_table(table, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        self._parts += 1

    def finish(self) -> Counts:
        """Close the files, merge Parquet parts into OUTPUT, and mark the run complete."""
        if self.complete:
            return self.counts
        self.commit(self.records_done)
        self.docs.close()
        self.errors.close()
        if self.format == "jsonl":
            size = self.out.sync()
            self.out.close()
            sizes = {"docs": self.paths["docs"].stat().st_size, "errors": self.paths["errors"].stat().st_size,
                     "output": size}
        else:
            self._merge_parts()
            sizes = {"docs": self.paths["docs"].stat().st_size, "errors": self.paths["errors"].stat().st_size,
                     "parts": self._parts}
        self.complete = True
        self._save(sizes, complete=True)
        if self.format == "parquet":
            shutil.rmtree(self.paths["parts"], ignore_errors=True)
        return self.counts

    def _merge_parts(self, row_group_rows: int = 65_536) -> None:
        """Stream the parts into one file, regrouping small chunks into row groups of useful size."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema()
        tmp = self.output.with_name(self.output.name + ".tmp")
        pending: list[pa.Table] = []
        n_pending = 0
        with pq.ParquetWriter(tmp, schema) as writer:
            for i in range(self._parts):
                t = pq.read_table(self._part(i), schema=schema)
                pending.append(t)
                n_pending += t.num_rows
                if n_pending >= row_group_rows:
                    writer.write_table(pa.concat_tables(pending), row_group_size=row_group_rows)
                    pending, n_pending = [], 0
            if pending:
                writer.write_table(pa.concat_tables(pending), row_group_size=row_group_rows)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.output)

    def abort(self) -> None:
        """Close without committing: the next --resume cuts back to the last commit."""
        if self.complete:
            return
        for f in (getattr(self, "docs", None), getattr(self, "errors", None), getattr(self, "out", None)):
            if f is not None:
                f.close()
