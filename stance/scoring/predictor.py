"""The engine-agnostic batch predictor: documents in, one result per document out.

It loads the model once (per process, or per Ray worker) and scores a *chunk* of documents in one
length-sorted pass. Both engines hand it the same chunks (``chunk_size`` consecutive records), so
the model sees the same padded batches and the local and Ray outputs are identical to the bit.
``score_chunk`` works on ``Record`` objects; ``__call__`` is the columnar form that Ray Data's
``map_batches`` (or any batch engine) calls with a dict of arrays.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

import numpy as np

from stance.scoring.readers import Record


@dataclass(frozen=True)
class ScoredDoc:
    """What became of one input record: quote rows (possibly none), or the reason it failed."""

    ordinal: int
    where: dict[str, Any]
    doc_id: str | None
    date: str | None
    rows: tuple[dict[str, Any], ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["rows"] = list(self.rows)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ScoredDoc":
        return cls(int(d["ordinal"]), dict(d["where"]), d.get("doc_id"), d.get("date"), tuple(d.get("rows") or ()),
                   d.get("error"))


def quote_row(doc_id: str | None, date: str | None, quote: Any, model_name: str) -> dict[str, Any]:
    """One output row, in the column order of ``stance.scoring.writers.COLUMNS``."""
    return {
        "doc_id": doc_id, "date": date, "start": quote.start, "end": quote.end, "text": quote.text,
        "kind": quote.kind, "speaker": quote.speaker, "actor": quote.actor, "affiliation": quote.affiliation,
        "source": quote.source, "labels": list(quote.labels), "scores": dict(quote.scores),
        "target": quote.target, "model": model_name,
    }


def tagger_name(meta: dict[str, Any]) -> str:
    """A tagger's identity for run options: its training data and its policy."""
    import hashlib
    import json

    key = json.dumps([meta.get("data_sha256"), meta.get("policy")], sort_keys=True)
    return f"rules+tagger@{hashlib.sha256(key.encode()).hexdigest()[:8]}"


@dataclass
class ScoringPredictor:
    """Scores chunks of documents with one model loaded once.

    ``model`` is a loaded ``StanceModel``, a model directory, or None for the default model.
    Passing a path (not an object) keeps the predictor cheap to ship to Ray workers: each loads
    its own copy in ``__init__`` there.
    """

    model: Any = None
    backend: str = "torch"
    batch_size: int = 32
    num_threads: int | None = None
    warmup: bool = True
    tagger: Any = None  # a learned attribution tagger's directory, True (the default one) or None (rules)
    _model: Any = field(init=False, repr=False, default=None)
    _tagger: Any = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        if self.backend == "torch":
            # oneDNN caches a compiled primitive per input shape; batches of ever new (size, length)
            # shapes make that cache, and the process, grow for hours. Without it memory is flat and
            # speed the same (measured by scripts/bench_scoring.py). Read at oneDNN's first use.
            os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0")
        if self.num_threads:
            import torch

            torch.set_num_threads(int(self.num_threads))
        from pathlib import Path

        from stance.inference.api import get_model

        if self.model is not None and not isinstance(self.model, (str, bytes, Path)):
            self._model = get_model(self.model)  # an already loaded model: used as it is
        elif self.num_threads and self.backend == "onnx":
            # A private copy: the shared cached model must keep its own backend and thread count.
            from stance.inference.onnx import OnnxBackend
            from stance.model import load

            self._model = load(None if self.model is None else Path(self.model), backend="torch")
            self._model.backend = OnnxBackend.from_model(self._model, num_threads=int(self.num_threads))
        else:
            self._model = get_model(None if self.model is None else Path(self.model), backend=self.backend)
        from stance.extraction.learned import resolve_tagger

        # the tagger runs on the model's backend: --backend onnx makes both int8 ONNX graphs
        self._tagger = resolve_tagger(self.tagger, self.backend)
        if self.warmup:
            self._warm_up()

    def _warm_up(self) -> None:
        """One forward pass at the largest batch shape the model can get (batch_size x max_length):
        the backends' memory pools reach their peak here, at start-up, instead of creeping up
        whenever a longer batch first turns up, so memory stays flat over a whole corpus."""
        m = self._model
        width = int(getattr(m, "max_length", 128))
        pad = int(getattr(m.tokenizer, "pad_token_id", 0) or 0)

        ids = np.full((self.batch_size, width), pad, dtype=np.int64)
        m.backend.logits({"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)})

    @property
    def model_name(self) -> str:
        return str(self._model.name)

    @property
    def extractor_name(self) -> str:
        """"rules", or "rules+tagger@<hash of its training data>": a resume must use the same."""
        return "rules" if self._tagger is None else tagger_name(self._tagger.meta)

    def score_chunk(self, records: Sequence[Record]) -> list[ScoredDoc]:
        """One result per record, in order. A document whose extraction fails becomes an error
        result naming the exception; the rest of the chunk is still scored."""
        from stance.extraction import extract_quotes
        from stance.inference.api import label_quotes

        results: list[ScoredDoc | None] = [None] * len(records)
        texts: list[str] = []
        quotes: list[list[Any]] = []
        slots: list[int] = []
        for i, rec in enumerate(records):
            if rec.error is not None:
                results[i] = ScoredDoc(rec.ordinal, rec.where, rec.doc_id, rec.date, error=rec.error)
                continue
            try:
                qs = extract_quotes(rec.text, tagger=self._tagger)
            except Exception as exc:  # a bug on one odd document must not sink the corpus
                results[i] = ScoredDoc(rec.ordinal, rec.where, rec.doc_id, rec.date,
                                       error=f"quote extraction failed: {type(exc).__name__}: {exc}")
                continue
            texts.append(rec.text)  # type: ignore[arg-type]
            quotes.append(qs)
            slots.append(i)
        labelled = label_quotes(self._model, texts, quotes, batch_size=self.batch_size) if texts else []
        name = self.model_name
        for i, qs in zip(slots, labelled):
            rec = records[i]
            rows = tuple(quote_row(rec.doc_id, rec.date, q, name) for q in qs)
            results[i] = ScoredDoc(rec.ordinal, rec.where, rec.doc_id, rec.date, rows=rows)
        return [r for r in results if r is not None]

    # ------------------------------------------------------------------ columnar form

    def __call__(self, batch: dict[str, Any]) -> dict[str, np.ndarray]:
        """``{"chunk": ints, "records": JSON lists of records}`` → ``{"chunk", "results"}``.

        One row per chunk, so a batch engine that splits work its own way still hands the model
        exactly the chunks the local engine would; results travel as JSON text, which keeps the
        columns' types the same in every block whatever the documents hold.
        """
        chunks = [int(c) for c in np.asarray(batch["chunk"]).tolist()]
        out: list[str] = []
        for payload in np.asarray(batch["records"], dtype=object).tolist():
            records = [Record.from_dict(d) for d in json.loads(payload)]
            out.append(json.dumps([r.to_dict() for r in self.score_chunk(records)], ensure_ascii=False))
        return {"chunk": np.asarray(chunks, dtype=np.int64), "results": np.asarray(out, dtype=object)}


def encode_chunk(index: int, records: Sequence[Record]) -> dict[str, Any]:
    """The columnar row ``ScoringPredictor.__call__`` reads for one chunk."""
    return {"chunk": index, "records": json.dumps([r.to_dict() for r in records], ensure_ascii=False)}


def decode_results(payload: str) -> list[ScoredDoc]:
    return [ScoredDoc.from_dict(d) for d in json.loads(payload)]
