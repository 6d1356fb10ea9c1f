"""`stance data build {gold,polnear,raw,weak}` and `stance data stats`. Nothing heavy at import."""
from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    data = sub.add_parser("data", help="build and describe the project's datasets")
    dsub = data.add_subparsers(dest="data_command", metavar="{build,stats}")
    data.set_defaults(func=lambda a: (data.print_help(), 2)[1])

    build = dsub.add_parser("build", help="build a dataset")
    bsub = build.add_subparsers(dest="build_what", metavar="{gold,polnear,raw,weak}")
    build.set_defaults(func=lambda a: (build.print_help(), 2)[1])

    g = bsub.add_parser("gold", help="compile data/corpus/src/*.txt into data/gold/corpus.jsonl and make splits.json")
    g.add_argument("--src", default="data/corpus/src", help="folder of markup files (*.txt)")
    g.add_argument("-o", "--output", default="data/gold/corpus.jsonl")
    g.add_argument("--splits", default="data/gold/splits.json", help="where to write the article-level splits")
    g.add_argument("--seed", type=int, default=None, help="split seed (default: stance.data.splits.SEED)")
    g.add_argument("--skip-invalid", action="store_true", help="skip (and list) articles with markup errors")
    g.add_argument("--resplit", action="store_true",
                   help="stratify all articles afresh; by default an existing splits file is kept and new "
                        "articles go to --new-to, so dev and test stay comparable across model versions")
    g.add_argument("--new-to", default="train", choices=["train", "dev", "test"],
                   help="split for articles the existing splits file does not list (default: train)")
    g.set_defaults(func=_build_gold)

    p = bsub.add_parser("polnear", help="PolNeAR (brat standoff) → attribution examples")
    p.add_argument("--split", action="append", choices=["train", "dev"], help="default: train and dev")
    p.add_argument("-o", "--output", required=True, help="output folder: one <split>.jsonl per split")
    p.set_defaults(func=_build_polnear)

    for name, helptext in (("raw", "raw news (JSONL, CSV, Parquet, folder of .txt, saved dataset) → deduplicated quotes"),
                           ("weak", "raw news → quotes with silver labels from labelling functions")):
        r = bsub.add_parser(name, help=helptext)
        r.add_argument("input", nargs="+", help="file(s) or folder(s)")
        r.add_argument("-o", "--output", required=True, help="output .jsonl (or .parquet)")
        r.add_argument("--text-field", default="text")
        r.add_argument("--id-field", default="id")
        r.add_argument("--skip-invalid", action="store_true", help="skip and count malformed records instead of stopping")
        r.add_argument("--no-dedup", action="store_true", help="keep near-duplicate quotes")
        r.add_argument("--dedup-threshold", type=float, default=0.8, help="Jaccard similarity of shingles above which quotes are duplicates")
        r.add_argument("--limit", type=int, default=None, help="read at most this many articles")
        if name == "weak":
            r.add_argument("--min-votes", type=int, default=1, help="votes a label needs to be kept")
            r.add_argument("--labelled-only", action="store_true", help="drop quotes no labelling function labelled (silver 'none')")
            r.add_argument("--stats", default=None, help="write labelling-function statistics (JSON) here")
        r.set_defaults(func=_build_raw if name == "raw" else _build_weak)

    s = dsub.add_parser("stats", help="counts per label, kind, affiliation, split; label co-occurrence")
    s.add_argument("path", nargs="?", default="data/gold/corpus.jsonl")
    s.add_argument("--splits", default="data/gold/splits.json", help="splits.json to count per split ('' for none)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=_stats)


def _build_gold(args: argparse.Namespace) -> int:
    from stance.data.gold import compile_gold, resolve_out
    from stance.data.splits import SEED, write_splits

    records, report = compile_gold(args.src, args.output, skip_invalid=args.skip_invalid)
    for why in report.skipped:
        print(f"skipped: {why}", file=sys.stderr)
    import json

    out = resolve_out(args.splits)
    previous = None
    if out.exists() and not args.resplit:
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
        except ValueError as e:
            raise SystemExit(f"{out}: not valid JSON ({e}); pass --resplit to make new splits")
    doc = write_splits(records, out, seed=SEED if args.seed is None else args.seed, previous=previous, new_to=args.new_to)
    print(f"{report.files} files → {report.articles} articles, {report.quotes} quotes → {resolve_out(args.output)}"
          + (f" ({len(report.skipped)} skipped)" if report.skipped else ""))
    for name in ("train", "dev", "test"):
        c = doc["summary"][name]
        print(f"  {name:<5} {c['articles']:4d} articles {c['quotes']:5d} quotes")
    if doc["labels_missing"]:
        print(f"warning: labels missing from a split: {doc['labels_missing']}", file=sys.stderr)
    kept = "kept, new articles → " + args.new_to if previous is not None else "made afresh"
    print(f"splits ({kept}) → {out}")
    return 0


def _build_polnear(args: argparse.Namespace) -> int:
    from pathlib import Path

    import datasets

    from stance.data.polnear import polnear_dataset

    datasets.disable_progress_bars()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for split in args.split or ["train", "dev"]:
        ds = polnear_dataset(split)
        ds.to_json(str(out / f"{split}.jsonl"), lines=True, force_ascii=False)
        print(f"polnear {split}: {len(ds)} examples → {out / f'{split}.jsonl'}")
    return 0


def _write(ds, path: str) -> None:
    from pathlib import Path

    import datasets

    datasets.disable_progress_bars()

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if path.endswith(".parquet"):
        ds.to_parquet(path)
    else:
        ds.to_json(path, lines=True, force_ascii=False)


def _build_raw(args: argparse.Namespace) -> int:
    from stance.data.raw import raw_quotes

    ds, report = raw_quotes(args.input, text_field=args.text_field, id_field=args.id_field,
                            skip_invalid=args.skip_invalid, dedup=not args.no_dedup,
                            threshold=args.dedup_threshold, limit=args.limit, return_report=True)
    _write(ds, args.output)
    print(report.summary())
    print(f"{len(ds)} quotes → {args.output}")
    return 0


def _build_weak(args: argparse.Namespace) -> int:
    from stance.data.weak import build_silver

    ds, report = build_silver(args.input, text_field=args.text_field, id_field=args.id_field,
                              skip_invalid=args.skip_invalid, dedup=not args.no_dedup,
                              threshold=args.dedup_threshold, limit=args.limit, min_votes=args.min_votes,
                              keep_unlabelled=not args.labelled_only)
    _write(ds, args.output)
    print(report.format())
    if args.stats:
        from pathlib import Path

        Path(args.stats).write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"{len(ds)} silver quotes → {args.output}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from stance.data.gold import resolve
    from stance.data.stats import format_stats, stats_from_path

    splits = resolve(args.splits) if args.splits else None
    s = stats_from_path(resolve(args.path), splits)
    print(json.dumps(s.to_dict(), indent=1, ensure_ascii=False) if args.json else format_stats(s))
    return 0
