"""The project's gold corpus as quote-level Hugging Face datasets.

One example per annotated quote, with the context the model reads at inference
(``stance.data.context.quote_context``) and the labels as a multi-hot vector in ``LABELS`` order.
Splits are by article (``data/gold/splits.json``, written by ``stance data build gold``), so that
quotes of one article never sit on both sides of the train/test line.
"""
from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from stance.data.context import quote_context
from stance.data.schema import GoldSchemaError, read_jsonl_records, validate_record
from stance.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import datasets

__all__ = [
    "CompileReport", "GOLD_PATH", "SPLITS_PATH", "SRC_DIR", "SPLIT_NAMES", "load_gold", "read_gold_jsonl", "compile_gold",
    "gold_examples", "hash_split", "read_splits", "resolve", "resolve_out", "gold_features",
]

GOLD_PATH = "data/gold/corpus.jsonl"
SPLITS_PATH = "data/gold/splits.json"
SRC_DIR = "data/corpus/src"
SPLIT_NAMES: tuple[str, ...] = ("train", "dev", "test")
_REPO = Path(__file__).resolve().parents[2]


def resolve(path: str | Path) -> Path:
    """``path`` as given when it exists (or is absolute), else relative to the repository root.

    So ``load_gold()`` works from the repository root and from anywhere inside a source checkout.
    """
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    alt = _REPO / p
    return alt if alt.exists() else p


def resolve_out(path: str | Path) -> Path:
    """An output path: as given, unless its folder exists only under the repository root."""
    p = Path(path)
    if p.is_absolute() or p.parent.exists() or not (_REPO / p.parent).exists():
        return p
    return _REPO / p


def read_gold_jsonl(path: str | Path = GOLD_PATH) -> list[dict[str, Any]]:
    """Every record of a gold JSONL file, validated; the first bad one raises with file, line, field."""
    p = resolve(path)
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, rec in read_jsonl_records(p):
        validate_record(rec, str(p), line)
        if rec["id"] in seen:
            raise GoldSchemaError(f"{p}:{line}: record {rec['id']!r} field 'id': duplicate article id (first on line {seen[rec['id']]})")
        seen[rec["id"]] = line
        out.append(rec)
    return out


@dataclass(frozen=True)
class CompileReport:
    """What ``compile_gold`` kept and, with ``skip_invalid``, which articles it skipped and why."""

    files: int
    articles: int
    quotes: int
    skipped: tuple[str, ...] = ()


def _articles_of(path: Path) -> Iterable[tuple[int, str]]:
    """``(first_line, chunk)`` per '=== id:' article of a markup file, padded so line numbers stay right."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("===")]
    if not starts:
        yield 1, "".join(lines)
        return
    if any(line.strip() and not line.lstrip().startswith("#") for line in lines[: starts[0]]):
        yield 1, "".join(lines[: starts[0]])  # let the compiler report text before the first header
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        yield a + 1, "\n" * a + "".join(lines[a:b])


def compile_gold(src: str | Path = SRC_DIR, out: str | Path | None = GOLD_PATH, *,
                 skip_invalid: bool = False) -> tuple[list[dict[str, Any]], CompileReport]:
    """Compile the markup files ``src/*.txt`` into the gold JSONL ``out``; return records and a report.

    Strict by default: the first markup error raises with file, line and field. With
    ``skip_invalid`` a bad article is skipped (and named in the report) and the rest is kept, so a
    writer's half-finished file does not block everybody else's build. The compiled records pass
    the same schema check as every other gold file before they are written.
    """
    from stance.data.markup import MarkupError, compile_markup, parse_markup

    src_dir = resolve(src)
    files = sorted(src_dir.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no markup files (*.txt) in {src_dir}")
    skipped: list[str] = []
    if not skip_invalid:
        records = compile_markup(files)
    else:
        records, seen = [], {}
        for f in files:
            for line, chunk in _articles_of(f):
                try:
                    recs = list(parse_markup(chunk, str(f)))
                    for i, rec in enumerate(recs):
                        validate_record(rec, str(f), line)
                        if rec["id"] in seen:
                            raise MarkupError(f"{f}:{line}: field 'id': duplicate article id {rec['id']!r} (first in {seen[rec['id']]})")
                except (MarkupError, GoldSchemaError) as exc:
                    skipped.append(str(exc))
                    continue
                for rec in recs:
                    seen[rec["id"]] = str(f)
                    records.append(rec)
    for i, rec in enumerate(records, 1):
        validate_record(rec, f"{out or 'compiled markup'} (record {i})", i)
    if out is not None:
        out_p = resolve_out(out)
        out_p.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_p.with_suffix(out_p.suffix + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.replace(out_p)
    report = CompileReport(len(files), len(records), sum(len(r["quotes"]) for r in records), tuple(skipped))
    return records, report


def hash_split(doc_id: str, ratios: tuple[float, float, float] = (0.70, 0.15, 0.15)) -> str:
    """A stable split for an article not listed in splits.json (new since the last build)."""
    u = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    if u < ratios[0]:
        return "train"
    return "dev" if u < ratios[0] + ratios[1] else "test"


def read_splits(path: str | Path = SPLITS_PATH) -> dict[str, str] | None:
    """``{doc_id: split}`` from splits.json, or None when the file does not exist yet."""
    p = resolve(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for name in SPLIT_NAMES:
        for doc_id in data.get(name, []):
            if doc_id in out:
                raise GoldSchemaError(f"{p}: field {name!r}: article {doc_id!r} is also in {out[doc_id]!r}")
            out[doc_id] = name
    return out


def gold_features() -> "datasets.Features":
    """The column types of every gold split (fixed, so an empty split still has them)."""
    import datasets

    return datasets.Features({
        "id": datasets.Value("string"),
        "doc_id": datasets.Value("string"),
        "quote": datasets.Value("string"),
        "context": datasets.Value("string"),
        "speaker": datasets.Value("string"),
        "affiliation": datasets.Value("string"),
        "kind": datasets.Value("string"),
        "optional": datasets.Value("bool"),
        "labels": datasets.Sequence(datasets.Value("float32"), length=len(LABELS)),
        "label_names": datasets.Sequence(datasets.Value("string")),
        "target": datasets.Value("string"),
    })


def gold_examples(records: Iterable[dict[str, Any]], max_context_chars: int = 400) -> list[dict[str, Any]]:
    """Quote-level examples (plain dicts, gold_features' columns) of validated gold records."""
    rows = []
    for rec in records:
        text = rec["text"]
        for i, q in enumerate(rec["quotes"]):
            names = [lab for lab in LABELS if lab in q["labels"]]
            rows.append({
                "id": f"{rec['id']}:{i}",
                "doc_id": rec["id"],
                "quote": q["text"],
                "context": quote_context(text, q["start"], q["end"], max_context_chars),
                "speaker": q["speaker"],
                "affiliation": ";".join(q.get("affiliation") or []),
                "kind": q["kind"],
                "optional": bool(q.get("optional", False)),
                "labels": [1.0 if lab in names else 0.0 for lab in LABELS],
                "label_names": names,
                "target": q.get("target"),
            })
    return rows


def load_gold(path: str | Path = GOLD_PATH, splits: str | Path | None = SPLITS_PATH, *,
              max_context_chars: int = 400) -> "datasets.DatasetDict":
    """The gold corpus as a ``DatasetDict`` with train/dev/test of quote-level examples.

    Articles missing from ``splits`` (or all, when the file does not exist yet) get a stable
    hash-based split (``hash_split``), so training can start before the corpus is finished.
    """
    import datasets

    records = read_gold_jsonl(path)
    assigned = read_splits(splits) if splits is not None else None
    unlisted = [r["id"] for r in records if assigned is None or r["id"] not in assigned]
    if assigned is not None and unlisted:
        warnings.warn(f"{len(unlisted)} gold article(s) not in {splits} (rerun `stance data build gold`); "
                      f"hash-assigned: {unlisted[:5]}", stacklevel=2)
    by_split: dict[str, list[dict[str, Any]]] = {name: [] for name in SPLIT_NAMES}
    for rec in records:
        name = assigned.get(rec["id"]) if assigned else None
        by_split[name or hash_split(rec["id"])].append(rec)
    feats = gold_features()
    dd = {}
    for name in SPLIT_NAMES:
        rows = gold_examples(by_split[name], max_context_chars)
        cols = {k: [r[k] for r in rows] for k in feats}
        dd[name] = datasets.Dataset.from_dict(cols, features=feats)
    return datasets.DatasetDict(dd)
