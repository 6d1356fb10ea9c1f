"""`stance extract FILE`: print the quotes of an article as JSON lines (FILE: .txt, .jsonl or '-')."""
from __future__ import annotations

import argparse
import os
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="extract attributed quotes from an article (JSON lines)",
                       description="Print every attributed quote of FILE as one JSON object a line. "
                                   "FILE is a .txt article, '-' for stdin, or a .jsonl of {id, text} records.")
    p.add_argument("file", metavar="FILE", help="article .txt, '-' for stdin, or .jsonl with a 'text' field")
    p.add_argument("--field", default="text", help="text field of .jsonl records (default: text)")
    p.add_argument("--tagger", metavar="DIR", nargs="?", const=True,
                   help="let the learned attribution tagger (scripts/train_tagger.py) correct the rules: finds more "
                        "statements, runs slower; DIR defaults to $STANCE_HOME/models/tagger")
    p.add_argument("--backend", choices=("torch", "onnx"), default="torch",
                   help="how the tagger runs: torch, or an int8 ONNX Runtime graph (about 1.8x faster)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import json
    import sys

    from stance.extraction import extract_quotes
    from stance.extraction.learned import resolve_tagger

    try:
        tagger = resolve_tagger(args.tagger, args.backend)
    except (OSError, ValueError) as exc:
        where = "" if args.tagger is True else f" {args.tagger}"
        print(f"stance extract: --tagger{where}: {exc}", file=sys.stderr)
        return 2

    def emit(text: str, rid: str | None = None) -> None:
        for q in extract_quotes(text, tagger=tagger):
            d = q.to_dict()
            if rid is not None:
                d = {"id": rid, **d}
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")

    try:
        return _dispatch(args, emit)
    except BrokenPipeError:  # `stance extract a.txt | head`: the reader left, nothing is wrong
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0


def _dispatch(args: argparse.Namespace, emit: Any) -> int:
    import json
    import sys

    if args.file == "-":
        emit(sys.stdin.read())
        return 0
    try:
        f = open(args.file, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except OSError as exc:
        print(f"stance extract: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with f:
        if not args.file.endswith(".jsonl"):
            emit(f.read())
            return 0
        bad = 0
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec[args.field]
                if not isinstance(text, str):
                    raise TypeError(f"field {args.field!r} is {type(text).__name__}, not str")
            except (ValueError, KeyError, TypeError) as exc:
                print(f"{args.file}:{n}: skipped record: {exc!r}", file=sys.stderr)
                bad += 1
                continue
            emit(text, str(rec.get("id", n)))
    return 1 if bad else 0
