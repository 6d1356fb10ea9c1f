"""`stance evaluate MODEL [--baselines] [--out FILE] [--card model_card.md]`. Nothing heavy at import."""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        allow_abbrev=False,
        help="evaluate a stance model (and the baselines) on the test split",
        description="Per-label P/R/F1, macro/micro F1, exact match, ECE, target accuracy, breakdowns by quote "
        "kind and speaker affiliation; with --baselines the keyword, TF-IDF and frozen-MiniLM baselines "
        "in the same run on the same split.",
    )
    add_arguments(p)
    p.set_defaults(func=run)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", nargs="?", default=None, help="model directory (default: $STANCE_HOME/models/default)")
    p.add_argument("--baselines", nargs="?", const="all", default=None, metavar="NAMES",
                   help="also fit and evaluate the baselines: all of them, or a comma-separated choice of "
                   "keywords, tfidf-logreg, minilm-frozen-logreg")
    p.add_argument("--out", default=None, help="write the full report as JSON here")
    p.add_argument("--card", default=None, help="also write a model card (Markdown) from this report, e.g. model_card.md")
    p.add_argument("--split", default="test", choices=["train", "dev", "test"], help="gold split to evaluate on")
    p.add_argument("--gold", default=None, help="gold corpus JSONL (default: the one the model was trained on)")
    p.add_argument("--splits", default=None, help="splits.json (default: the one the model was trained on)")
    p.add_argument("--slice", dest="slices", action="append", default=[], metavar="NAME=GOLD.jsonl",
                   help="also score every system on all quotes of this gold JSONL (e.g. annotated real news); repeatable")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--quiet", action="store_true", help="no progress lines")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from stance.evaluation.report import format_report, run_evaluation

    if args.batch_size < 1:
        print("stance evaluate: --batch-size must be >= 1", file=sys.stderr)
        return 2
    slices = {}
    for item in args.slices:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            print(f"stance evaluate: --slice {item!r} must look like NAME=PATH", file=sys.stderr)
            return 2
        if not Path(path).is_file():
            print(f"stance evaluate: --slice {name}: no such file {path}", file=sys.stderr)
            return 2
        slices[name] = path
    try:
        chosen = False if args.baselines is None else True if args.baselines == "all" else [
            b.strip() for b in args.baselines.split(",") if b.strip()]
        report = run_evaluation(args.model, baselines=chosen, gold=args.gold, splits=args.splits,
                                split=args.split, batch_size=args.batch_size, progress=not args.quiet, slices=slices)
    except (FileNotFoundError, ValueError) as exc:
        print(f"stance evaluate: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nreport written to {out}")
    if args.card:
        from stance.evaluation.model_card import write_model_card

        write_model_card(report, args.card)
        print(f"model card written to {args.card}")
    return 0
