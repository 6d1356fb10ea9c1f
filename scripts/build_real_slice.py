#!/usr/bin/env python
"""Turn annotations of shared real-news texts into a stand-off gold slice (no text in the repo).

    python scripts/build_real_slice.py ANN.jsonl [ANN.jsonl ...] \
        --corpus bbc/open_2023-12_2024-07.jsonl -o data/real/bbc_open.jsonl

Annotators write, per text, ``{"doc_id", "quotes": [{"quote", "occurrence", "kind", "optional",
"speaker", "affiliation", "labels", "target"}]}`` with each quote copied exactly from the text.
This finds every quote's offsets in the shared text (the n-th occurrence), checks the record
against the gold schema, and writes only offsets, labels, speakers and the text's sha256
(stance.data.standoff); the texts stay in ../shared and are read at evaluation time::

    stance evaluate MODEL --baselines --slice bbc-open=data/real/bbc_open.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from stance.data.schema import GoldSchemaError, validate_record  # noqa: E402
from stance.data.standoff import shared_root, write_standoff  # noqa: E402
from stance.labels import KINDS  # noqa: E402


def _find(text: str, quote: str, occurrence: int) -> int:
    at = -1
    for _ in range(max(1, occurrence)):
        at = text.find(quote, at + 1)
        if at < 0:
            return -1
    return at


def build(ann_paths: list[Path], corpus: str, shared: Path) -> list[dict]:
    texts = {}
    with open(shared / "corpora" / corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                texts[r["id"]] = r
    records = []
    for ap in ann_paths:
        for n, line in enumerate(ap.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            a = json.loads(line)
            src = texts.get(a["doc_id"])
            if src is None:
                raise SystemExit(f"{ap}:{n}: field 'doc_id': {a['doc_id']!r} not in {corpus}")
            text = src["text"]
            quotes = []
            for k, q in enumerate(a["quotes"]):
                start = _find(text, q["quote"].strip(), int(q.get("occurrence") or 1))
                if start < 0:
                    raise SystemExit(f"{ap}:{n}: doc {a['doc_id']} quote {k} field 'quote': not found in the text")
                kind = q["kind"].rstrip("?")
                if kind not in KINDS:
                    raise SystemExit(f"{ap}:{n}: doc {a['doc_id']} quote {k} field 'kind': {q['kind']!r}")
                aff = q.get("affiliation") or []
                if isinstance(aff, str):
                    aff = [c.strip() for c in aff.split("+") if c.strip()]
                labels = sorted(set(q.get("labels") or []))
                quotes.append({"start": start, "end": start + len(q["quote"].strip()), "text": q["quote"].strip(),
                               "kind": kind, "speaker": q.get("speaker") or "unknown",
                               "aliases": [q.get("speaker") or "unknown"], "affiliation": aff, "labels": labels,
                               "target": (q.get("target") or None) if "support-for-party" in labels else None,
                               "optional": bool(q.get("optional")) or q["kind"].endswith("?")})
            quotes.sort(key=lambda q: (q["start"], q["end"]))
            rec = {"id": a["doc_id"], "text": text, "quotes": quotes,
                   "meta": {"date": src.get("date"), "type": src.get("type"), "source": corpus}}
            try:
                validate_record(rec, str(ap), n)
            except GoldSchemaError as exc:
                raise SystemExit(str(exc))
            records.append(rec)
    return records


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("annotations", nargs="+", type=Path)
    p.add_argument("--corpus", default="bbc/open_2023-12_2024-07.jsonl", help="path under <shared>/corpora")
    p.add_argument("--shared", type=Path, default=None, help="the shared folder (default: ../shared or $STANCE_SHARED)")
    p.add_argument("-o", "--output", type=Path, default=REPO / "data/real/bbc_open.jsonl")
    args = p.parse_args(argv)
    recs = build(args.annotations, args.corpus, args.shared or shared_root())
    out = write_standoff(recs, args.corpus, args.output)
    nq = sum(len(r["quotes"]) for r in recs)
    print(f"{len(recs)} texts, {nq} quotes → {out} (offsets and labels only)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
