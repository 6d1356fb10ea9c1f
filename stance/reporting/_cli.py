"""`stance report SCORES -o DIR`."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write an HTML report (figures, tables) from `stance score` output")
    p.add_argument("scores", help="scores file written by `stance score` (.jsonl or .parquet)")
    p.add_argument("-o", "--output", required=True, help="output folder (index.html, PNGs, CSVs)")
    p.add_argument("--top", type=int, default=20, help="number of top speakers to show")
    p.add_argument("--examples", type=int, default=3, help="example quotes per affiliation × label cell")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from stance.reporting.report import build_report

    rep = build_report(args.scores, args.output, top_n=args.top, examples_per_cell=args.examples)
    print(f"report: {rep.index} ({rep.quotes} quotes, {len(rep.figures)} figures, {rep.problems} rows not used)")
    return 0
