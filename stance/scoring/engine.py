"""The local streaming engine of ``stance score``: read a chunk, score it, write it, commit, repeat.

Memory holds one chunk of documents and its quotes, however large the corpus. After each chunk
the sink commits (see :mod:`stance.scoring.writers`), so ``--resume`` restarts exactly after the
last committed record.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from stance.scoring.readers import DEFAULT_MAX_CHARS, Fields, Record, count_records, detect_format, iter_records
from stance.scoring.writers import Counts, Sink, output_format

DEFAULT_CHUNK = 64


@dataclass(frozen=True)
class Summary:
    """The outcome of a run: where every record went, and how fast."""

    output: str
    counts: Counts
    seconds: float
    already_complete: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float:
        return self.counts.docs / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        c = self.counts
        paths = f"quotes → {self.output}; documents → {self.output}.docs.jsonl; errors → {self.output}.errors.jsonl"
        head = "already complete: " if self.already_complete else ""
        return [head + c.line(), paths]

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "counts": asdict(self.counts), "seconds": self.seconds,
                "already_complete": self.already_complete, **self.extra}


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Consecutive chunks of ``size`` records (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"chunk size must be >= 1, got {size}")
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_options(input: str | Path, fields: Fields, *, skip: int, chunk_size: int, model_name: str,
                backend: str, extractor: str = "rules") -> dict[str, Any]:
    """What identifies a run; a resume must match it (see ``Sink``)."""
    opts = {"input": str(Path(input).resolve()), "format": detect_format(input), "text_field": fields.text,
            "id_field": fields.id, "date_field": fields.date, "max_chars": fields.max_chars, "skip": skip,
            "chunk_size": chunk_size, "model": model_name, "backend": backend}
    if extractor != "rules":  # runs of the rules alone keep the options they always had
        opts["extractor"] = extractor
    return opts


class Progress:
    """A tqdm bar in documents with quotes/s beside; silent when disabled."""

    def __init__(self, total: int | None, initial: int, enabled: bool) -> None:
        self.bar = None
        self.quotes = 0
        self.t0 = time.perf_counter()
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", desc="scoring", dynamic_ncols=True, smoothing=0.1)

    def update(self, docs: int, quotes: int) -> None:
        self.quotes += quotes
        if self.bar is not None:
            self.bar.update(docs)
            dt = max(time.perf_counter() - self.t0, 1e-9)
            self.bar.set_postfix_str(f"{self.quotes / dt:.1f} quotes/s", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def drive(sink: Sink, chunks: Iterable[tuple[list[Record], Sequence[Any]]], progress: Progress) -> None:
    """Write each chunk's results and commit it; shared by the local and the Ray engine."""
    for records, results in chunks:
        if len(results) != len(records) or any(r.ordinal != rec.ordinal for r, rec in zip(results, records)):
            raise RuntimeError("predictor returned results out of step with its input; nothing of this chunk was committed")
        quotes = 0
        for r in results:
            sink.write(r)
            quotes += len(r.rows)
        sink.commit(records[-1].ordinal)
        progress.update(len(records), quotes)


def prepare(input: str | Path, output: str | Path, options: dict[str, Any], *, skip: int, resume: bool,
            overwrite: bool, progress: bool) -> tuple[Sink, int, Progress]:
    """Open the sink (checking a resume) and work out where reading starts."""
    output_format(Path(output))  # fail on a bad suffix before any work
    sink = Sink(output, options, resume=resume, overwrite=overwrite)
    if sink.records_done == 0 and skip and sink.counts.skipped == 0:
        sink.skip(skip)
    start = max(sink.records_done, skip)
    total = count_records(input) if progress and not sink.complete else None
    bar = Progress(total, start, progress and not sink.complete)
    return sink, start, bar


def score_local(
    input: str | Path,
    output: str | Path,
    predictor: Any,
    *,
    fields: Fields = Fields(),
    chunk_size: int = DEFAULT_CHUNK,
    skip: int = 0,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = True,
    backend: str = "torch",
) -> Summary:
    """Score ``input`` into ``output`` with ``predictor`` (a :class:`ScoringPredictor` or anything
    with ``model_name`` and ``score_chunk(records) -> list[ScoredDoc]``)."""
    t0 = time.perf_counter()
    options = run_options(input, fields, skip=skip, chunk_size=chunk_size, model_name=predictor.model_name,
                          backend=backend, extractor=getattr(predictor, "extractor_name", "rules"))
    sink, start, bar = prepare(input, output, options, skip=skip, resume=resume, overwrite=overwrite,
                               progress=progress)
    if sink.complete:
        return Summary(str(output), sink.counts, 0.0, already_complete=True)
    finished = False
    try:
        records = iter_records(input, fields, skip=start)
        drive(sink, ((chunk, predictor.score_chunk(chunk)) for chunk in chunked(records, chunk_size)), bar)
        counts = sink.finish()
        finished = True
    finally:
        bar.close()
        if not finished:
            sink.abort()
    return Summary(str(output), counts, time.perf_counter() - t0)


def score(
    input: str | Path,
    output: str | Path,
    *,
    model: Any = None,
    backend: str = "torch",
    batch_size: int = 32,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    max_chars: int | None = DEFAULT_MAX_CHARS,
    chunk_size: int = DEFAULT_CHUNK,
    skip: int = 0,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = True,
    engine: str = "local",
    address: str | None = None,
    tagger: str | Path | bool | None = None,
    **engine_options: Any,
) -> Summary:
    """Score a corpus (the Python form of ``stance score``). ``tagger``: the directory of a learned
    attribution tagger, or True for the default one, to extract quotes with (slower, finds more)."""
    fields = Fields(text=text_field, id=id_field, date=date_field, max_chars=max_chars)
    if skip < 0:
        raise ValueError(f"skip must be >= 0, got {skip}")
    if engine == "local":
        from stance.scoring.predictor import ScoringPredictor

        predictor = ScoringPredictor(model, backend=backend, batch_size=batch_size, tagger=tagger)
        return score_local(input, output, predictor, fields=fields, chunk_size=chunk_size, skip=skip, resume=resume,
                           overwrite=overwrite, progress=progress, backend=backend)
    if engine == "ray":
        from stance.scoring.ray_engine import score_ray

        return score_ray(input, output, model=model, backend=backend, batch_size=batch_size, fields=fields,
                         chunk_size=chunk_size, skip=skip, resume=resume, overwrite=overwrite, progress=progress,
                         address=address, tagger=tagger, **engine_options)
    raise ValueError(f"unknown engine {engine!r}; use 'local' or 'ray'")
