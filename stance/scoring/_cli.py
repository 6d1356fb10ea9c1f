"""`stance score INPUT -o OUTPUT`: score a news corpus, one row per quote; nothing is lost."""
from __future__ import annotations

import argparse
import json
import sys

_EPILOG = """\
INPUT: .jsonl, .csv, .parquet, or a folder of .txt files (a file's name is its id).
OUTPUT: .jsonl or .parquet, one row per quote (doc_id, date, start, end, text, kind, speaker, actor,
affiliation, source, labels, scores, target, model). Beside it: OUTPUT.docs.jsonl (every scored
document with its quote count, zero included), OUTPUT.errors.jsonl (every record that could not be
scored, with its line or row number and the reason) and OUTPUT.progress.json (what --resume needs).
"""


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {n}")
    return n


def _non_negative(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {n}")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score a corpus: quotes, speakers and stance, one row per quote",
                       description=__doc__, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="corpus: .jsonl, .csv, .parquet or a folder of .txt files")
    p.add_argument("-o", "--output", required=True, help="scores file: .jsonl or .parquet")
    p.add_argument("--text-field", default="text", help="field holding the article text (default: text)")
    p.add_argument("--id-field", default="id", help="field holding the document id (default: id)")
    p.add_argument("--date-field", default="date", help="field holding the date (default: date)")
    p.add_argument("--max-chars", type=_positive, default=None,
                   help="longer texts go to the errors file (default: 200000)")
    p.add_argument("--model", default=None, help="model directory (default: $STANCE_HOME/models/default)")
    p.add_argument("--backend", choices=("torch", "onnx"), default="torch", help="inference backend (default: torch)")
    p.add_argument("--tagger", metavar="DIR", nargs="?", const=True, default=None,
                   help="extract quotes with the learned attribution tagger (DIR, default $STANCE_HOME/models/tagger): "
                        "finds more statements, runs slower")
    p.add_argument("--batch-size", type=_positive, default=32, help="quotes per forward pass (default: 32)")
    p.add_argument("--chunk-size", type=_positive, default=None,
                   help="documents per committed chunk (default: 64)")
    p.add_argument("--skip", type=_non_negative, default=0, help="skip the first N input records")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run into the same OUTPUT")
    p.add_argument("--overwrite", action="store_true", help="replace an existing OUTPUT and its side files")
    p.add_argument("--engine", choices=("local", "ray"), default="local", help="local (default) or ray")
    p.add_argument("--address", default=None, help="Ray cluster address (with --engine ray; default: start a local Ray)")
    p.add_argument("--workers", type=_positive, default=None, help="Ray workers (default: CPUs - 1)")
    p.add_argument("--cpus-per-worker", type=_positive, default=1, help="CPUs (threads) per Ray worker (default: 1)")
    p.add_argument("--staging", default=None, help="Ray staging folder, shared by all nodes (default: OUTPUT.ray)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from stance.scoring.engine import DEFAULT_CHUNK, score
    from stance.scoring.readers import DEFAULT_MAX_CHARS, InputError
    from stance.scoring.writers import OutputError

    if args.engine != "ray" and (args.address or args.workers or args.staging):
        print("error: --address, --workers and --staging need --engine ray", file=sys.stderr)
        return 2
    extra = {}
    if args.engine == "ray":
        extra = {"address": args.address, "workers": args.workers, "cpus_per_worker": args.cpus_per_worker,
                 "staging": args.staging}
    try:
        summary = score(
            args.input, args.output, model=args.model, backend=args.backend, batch_size=args.batch_size,
            text_field=args.text_field, id_field=args.id_field, date_field=args.date_field,
            max_chars=args.max_chars or DEFAULT_MAX_CHARS, chunk_size=args.chunk_size or DEFAULT_CHUNK,
            skip=args.skip, resume=args.resume, overwrite=args.overwrite, progress=not args.no_progress,
            engine=args.engine, tagger=args.tagger, **extra,
        )
    except (InputError, OutputError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the records committed so far are safe; rerun with --resume to continue",
              file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(summary.to_dict(), indent=1))
    else:
        for line in summary.lines():
            print(line)
        if summary.seconds > 0 and not summary.already_complete:
            c = summary.counts
            print(f"{c.docs / summary.seconds:.1f} documents/s, {c.quotes / summary.seconds:.1f} quotes/s "
                  f"in {summary.seconds:.1f} s")
    return 0
