#!/usr/bin/env python
"""Rebuild the gold corpus and the numbers of the data card (data/README.md).

    python scripts/build_data.py gold     # = stance data build gold (corpus.jsonl + splits.json)
    python scripts/build_data.py card     # rewrite the generated sections of data/README.md
    python scripts/build_data.py all      # both

Only the parts of data/README.md between ``<!-- BEGIN generated:NAME -->`` and
``<!-- END generated:NAME -->`` are rewritten, from measured counts; the prose around them is kept.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.labels import LABELS  # noqa: E402

GOLD = REPO / "data/gold/corpus.jsonl"
SPLITS = REPO / "data/gold/splits.json"
CARD = REPO / "data/README.md"
AGREEMENT = REPO / "data/agreement/agreement.json"

#: What issue 3 asks of the corpus; the card shows each with the measured value.
TARGETS = {"articles": 250, "quotes": 2500, "label": 400, "none_share": 0.20, "affiliations": 50, "other_conflict_share": 0.15}


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} %" if d else "–"


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def section_size(recs: list[dict], s) -> str:
    dates = sorted(r["meta"]["date"] for r in recs if (r.get("meta") or {}).get("date"))
    other = sum(v for k, v in s.conflicts.items() if k != "israel-hamas")
    n_lab = {l: s.labels[l] for l in LABELS}
    lines = [
        f"- **{s.articles} articles, {s.quotes} quotes** ({s.quotes / max(1, s.articles):.1f} quotes per article), "
        f"{s.speakers} distinct speakers, {len(s.affiliations)} affiliation codes, {s.outlets} invented outlets"
        + (f", dated {dates[0]} to {dates[-1]}" if dates else "") + ".",
        f"- Articles on conflicts other than Israel–Hamas: {other} ({_pct(other, s.articles)}).",
        f"- Optional quotes (headlines, captions, borderline acts): {s.optional}.",
        "",
        "| label | quotes | share of quotes |",
        "|---|---:|---:|",
    ]
    lines += [f"| {l} | {n_lab[l]} | {_pct(n_lab[l], s.quotes)} |" for l in LABELS]
    lines += [f"| (none) | {s.none} | {_pct(s.none, s.quotes)} |",
              f"| (two or more labels) | {s.multi_label} | {_pct(s.multi_label, s.quotes)} |", "",
              "Label co-occurrence (quotes carrying both):", "",
              "| | " + " | ".join(LABELS) + " |", "|---|" + "---:|" * len(LABELS)]
    lines += [f"| {a} | " + " | ".join(str(s.cooccurrence[a][b]) for b in LABELS) + " |" for a in LABELS]
    lines += ["", "| quote kind | quotes |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in s.kinds.items()]
    lines += ["", "| support-for-party target | quotes |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in s.targets.items()]
    lines += ["", "| conflict | articles |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in s.conflicts.items()]
    lines += ["", "| genre | articles |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in s.genres.items()]
    top = list(s.affiliations.items())[:25]
    lines += ["", f"Affiliations (top {len(top)} of {len(s.affiliations)}, quotes): "
              + ", ".join(f"{k} {v}" for k, v in top) + "."]
    lines += ["", "Against the corpus targets of issue 3:", "", "| requirement | target | measured | met |", "|---|---:|---:|---|",
              f"| articles | ≥ {TARGETS['articles']} | {s.articles} | {_ok(s.articles >= TARGETS['articles'])} |",
              f"| quotes | ≥ {TARGETS['quotes']} | {s.quotes} | {_ok(s.quotes >= TARGETS['quotes'])} |"]
    lines += [f"| {l} quotes | ≥ {TARGETS['label']} | {n_lab[l]} | {_ok(n_lab[l] >= TARGETS['label'])} |" for l in LABELS]
    lines += [f"| quotes with no label | ≥ 20 % | {_pct(s.none, s.quotes)} | {_ok(s.none >= TARGETS['none_share'] * s.quotes)} |",
              f"| affiliations | ≥ {TARGETS['affiliations']} | {len(s.affiliations)} | {_ok(len(s.affiliations) >= TARGETS['affiliations'])} |",
              f"| other conflicts | ≥ 15 % of articles | {_pct(other, s.articles)} | {_ok(other >= TARGETS['other_conflict_share'] * s.articles)} |"]
    return "\n".join(lines)


def section_splits(s) -> str:
    if not SPLITS.exists():
        return "_splits.json not built yet: run `stance data build gold`._"
    doc = json.loads(SPLITS.read_text(encoding="utf-8"))
    lines = [f"Seed {doc['seed']}; ratios " + ", ".join(f"{k} {v:.2f}" for k, v in doc["ratios"].items()) + ".", "",
             "| split | articles | quotes | " + " | ".join(LABELS) + " | none |", "|---|" + "---:|" * (len(LABELS) + 3)]
    for name, c in s.splits.items():
        lines.append(f"| {name} | {c['articles']} | {c['quotes']} | " + " | ".join(str(c[l]) for l in LABELS) + f" | {c['none']} |")
    missing = doc.get("labels_missing") or {}
    lines += ["", "Every label appears in every split." if not missing else f"**Labels missing from a split: {missing}**"]
    return "\n".join(lines)


def section_agreement() -> str:
    if not AGREEMENT.exists():
        return ("_Not measured yet._ The blind sample is drawn with `python scripts/agreement.py sample`; "
                "once an independent annotator has written `data/agreement/second_pass.jsonl`, "
                "`python scripts/agreement.py score` measures it and `python scripts/build_data.py card` fills this table.")
    a = json.loads(AGREEMENT.read_text(encoding="utf-8"))
    lines = [f"Second pass over {a['n']} quotes (a random 10 % sample, labelled blind). "
             f"Exact match of the label set: {a['exact_match']:.3f}.", "",
             "| label | Cohen's kappa | raw agreement | first pass | second pass |", "|---|---:|---:|---:|---:|"]
    for lab, r in a["per_label"].items():
        k = "n/a" if r["kappa"] is None else f"{r['kappa']:.3f}"
        lines.append(f"| {lab} | {k} | {r['agreement']:.3f} | {r['first']} | {r['second']} |")
    nk = "n/a" if a["none"]["kappa"] is None else f"{a['none']['kappa']:.3f}"
    lines.append(f"| (none) | {nk} | {a['none']['agreement']:.3f} | | |")
    t = a["target"]
    if t["agreement"] is not None:
        lines += ["", f"Target agreement where both passes say support-for-party: {t['agreement']:.3f} ({t['both_support']} quotes)."]
    return "\n".join(lines)


def replace_section(doc: str, name: str, body: str) -> str:
    pat = re.compile(rf"(<!-- BEGIN generated:{name} -->\n).*?(\n<!-- END generated:{name} -->)", re.S)
    if not pat.search(doc):
        raise SystemExit(f"{CARD}: no '<!-- BEGIN generated:{name} -->' ... '<!-- END generated:{name} -->' block")
    return pat.sub(lambda m: m.group(1) + body + m.group(2), doc)


def cmd_card(args: argparse.Namespace) -> int:
    from stance.data.gold import read_gold_jsonl
    from stance.data.stats import corpus_stats

    recs = read_gold_jsonl(GOLD)
    splits = None
    if SPLITS.exists():
        d = json.loads(SPLITS.read_text(encoding="utf-8"))
        splits = {k: d[k] for k in ("train", "dev", "test")}
    s = corpus_stats(recs, splits)
    doc = CARD.read_text(encoding="utf-8")
    doc = replace_section(doc, "size", section_size(recs, s))
    doc = replace_section(doc, "splits", section_splits(s))
    doc = replace_section(doc, "agreement", section_agreement())
    CARD.write_text(doc, encoding="utf-8")
    print(f"{CARD}: {s.articles} articles, {s.quotes} quotes")
    return 0


def cmd_gold(args: argparse.Namespace) -> int:
    from stance.cli import main as stance_main

    return stance_main(["data", "build", "gold", "--src", str(REPO / "data/corpus/src"), "-o", str(GOLD),
                        "--splits", str(SPLITS)] + (["--skip-invalid"] if args.skip_invalid else []))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["gold", "card", "all"])
    p.add_argument("--skip-invalid", action="store_true", help="gold: skip articles with markup errors")
    args = p.parse_args(argv)
    if args.what in ("gold", "all"):
        rc = cmd_gold(args)
        if rc:
            return rc
    if args.what in ("card", "all"):
        return cmd_card(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
