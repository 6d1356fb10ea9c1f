#!/usr/bin/env python
"""Inter-annotator agreement on the gold labels: draw a blind sample, then score a second pass.

    python scripts/agreement.py sample            # data/agreement/sample.jsonl: 10% of quotes, no labels
    # an independent annotator writes data/agreement/second_pass.jsonl: {"id", "labels", "target"} a line
    python scripts/agreement.py score             # Cohen's kappa per label → data/agreement/agreement.json

The sample carries no labels (id, quote, context, speaker), so the second pass cannot see the first.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.labels import LABELS  # noqa: E402

SEED = 20240101
AGREEMENT_DIR = REPO / "data" / "agreement"


def cmd_sample(args: argparse.Namespace) -> int:
    from stance.data.gold import gold_examples
    from stance.data.standoff import read_gold_any

    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"{out} exists (a second pass may be under way); use --force to draw a new sample", file=sys.stderr)
        return 1
    rows = gold_examples(read_gold_any(args.gold))
    if args.prefix:  # e.g. a later writing wave: --prefix w5- --prefix w6-
        rows = [r for r in rows if r["id"].startswith(tuple(args.prefix))]
        if not rows:
            raise SystemExit(f"no gold quote id starts with {args.prefix}")
    rows.sort(key=lambda r: r["id"])
    k = max(1, round(args.fraction * len(rows)))
    picked = sorted(random.Random(args.seed).sample(range(len(rows)), k))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for i in picked:
            r = rows[i]
            f.write(json.dumps({"id": r["id"], "quote": r["quote"], "context": r["context"], "speaker": r["speaker"]},
                               ensure_ascii=False) + "\n")
    print(f"{k} of {len(rows)} quotes ({100 * k / len(rows):.1f}%, seed {args.seed}) → {out}")
    return 0


def read_second_pass(path: Path) -> dict[str, tuple[list[str], str | None]]:
    """``{id: (labels, target)}``; a bad line stops with its line and field."""
    out: dict[str, tuple[list[str], str | None]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{where}: field 'json': {exc.msg}")
            if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                raise SystemExit(f"{where}: field 'id': missing or not a string")
            labels = rec.get("labels")
            if not isinstance(labels, list) or any(l not in LABELS for l in labels):
                raise SystemExit(f"{where}: field 'labels': must be a list of {', '.join(LABELS)}; got {labels!r}")
            target = rec.get("target")
            if ("support-for-party" in labels) != (target is not None):
                raise SystemExit(f"{where}: field 'target': give a target exactly when support-for-party is labelled")
            if rec["id"] in out:
                raise SystemExit(f"{where}: field 'id': {rec['id']!r} appears twice")
            out[rec["id"]] = (labels, target)
    return out


def score(first: dict[str, tuple[list[str], str | None]], second: dict[str, tuple[list[str], str | None]]) -> dict:
    """Cohen's kappa and raw agreement per label, exact-match rate and target agreement."""
    from sklearn.metrics import cohen_kappa_score

    ids = sorted(second)
    per_label = {}
    for lab in LABELS:
        a = [int(lab in first[i][0]) for i in ids]
        b = [int(lab in second[i][0]) for i in ids]
        k = float(cohen_kappa_score(a, b)) if len(set(a) | set(b)) > 1 else float("nan")
        per_label[lab] = {"kappa": None if math.isnan(k) else round(k, 4),
                          "agreement": round(sum(x == y for x, y in zip(a, b)) / len(ids), 4),
                          "first": sum(a), "second": sum(b)}
    none_a = [int(not first[i][0]) for i in ids]
    none_b = [int(not second[i][0]) for i in ids]
    both_s = [i for i in ids if "support-for-party" in first[i][0] and "support-for-party" in second[i][0]]
    kn = float(cohen_kappa_score(none_a, none_b)) if len(set(none_a) | set(none_b)) > 1 else float("nan")
    return {
        "n": len(ids),
        "per_label": per_label,
        "none": {"kappa": None if math.isnan(kn) else round(kn, 4),
                 "agreement": round(sum(x == y for x, y in zip(none_a, none_b)) / len(ids), 4)},
        "exact_match": round(sum(set(first[i][0]) == set(second[i][0]) for i in ids) / len(ids), 4),
        "target": {"both_support": len(both_s),
                   "agreement": round(sum(first[i][1] == second[i][1] for i in both_s) / len(both_s), 4) if both_s else None},
    }


def cmd_score(args: argparse.Namespace) -> int:
    from stance.data.gold import gold_examples
    from stance.data.standoff import read_gold_any

    second = read_second_pass(Path(args.second))
    if not second:
        raise SystemExit(f"{args.second}: no records")
    gold = {r["id"]: (r["label_names"], r["target"]) for r in gold_examples(read_gold_any(args.gold))}
    missing = sorted(set(second) - set(gold))
    if missing:
        raise SystemExit(f"{args.second}: field 'id': {len(missing)} id(s) not in the gold corpus, e.g. {missing[:3]}")
    sample = Path(args.sample)
    if sample.exists():
        drawn = {json.loads(l)["id"] for l in sample.read_text(encoding="utf-8").splitlines() if l.strip()}
        if set(second) - drawn:
            print(f"warning: {len(set(second) - drawn)} second-pass id(s) were not in {sample}", file=sys.stderr)
        if drawn - set(second):
            print(f"warning: {len(drawn - set(second))} sampled quote(s) have no second-pass label", file=sys.stderr)
    result = score(gold, second)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"n = {result['n']} quotes; exact match {result['exact_match']:.3f}")
    print(f"{'label':<20}{'kappa':>8}{'agree':>8}{'first':>7}{'second':>8}")
    for lab, r in result["per_label"].items():
        k = "n/a" if r["kappa"] is None else f"{r['kappa']:.3f}"
        print(f"{lab:<20}{k:>8}{r['agreement']:>8.3f}{r['first']:>7d}{r['second']:>8d}")
    t = result["target"]
    print(f"target agreement: {t['agreement']} over {t['both_support']} quotes both passes call support-for-party")
    print(f"→ {args.output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="draw the blind sample for the second pass")
    s.add_argument("--gold", default=str(REPO / "data/gold/corpus.jsonl"))
    s.add_argument("-o", "--output", default=str(AGREEMENT_DIR / "sample.jsonl"))
    s.add_argument("--fraction", type=float, default=0.10)
    s.add_argument("--seed", type=int, default=SEED)
    s.add_argument("--force", action="store_true", help="overwrite an existing sample")
    s.add_argument("--prefix", action="append", default=[], metavar="ID_PREFIX",
                   help="sample only quotes whose id starts with this (repeatable), e.g. a later writing wave")
    s.set_defaults(func=cmd_sample)
    c = sub.add_parser("score", help="score the second pass against the gold labels")
    c.add_argument("--gold", default=str(REPO / "data/gold/corpus.jsonl"))
    c.add_argument("--second", default=str(AGREEMENT_DIR / "second_pass.jsonl"))
    c.add_argument("--sample", default=str(AGREEMENT_DIR / "sample.jsonl"))
    c.add_argument("-o", "--output", default=str(AGREEMENT_DIR / "agreement.json"))
    c.set_defaults(func=cmd_score)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
