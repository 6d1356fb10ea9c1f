"""Choose the hybrid policy of a trained attribution tagger on its held-out PolNeAR train share.

    python scripts/tune_tagger.py runs/tagger [--save]

The tagger's probabilities are computed once per article; every candidate policy (which of
extend / add / drop, and their thresholds) is then scored with the evaluation's matching rule
(P, R, F1, speaker accuracy). The policy with the best F1 whose speaker accuracy stays within 3
points of the rules' (and at 0.90 or above) is printed and, with --save, written into the tagger's tagger.json along with
the tuning scores. PolNeAR dev is not read here: score it afterwards with bench_extraction.py.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from stance.data.polnear import load_polnear, speech_gold  # noqa: E402
from stance.extraction.learned import TAGGER_FILE, HybridPolicy, apply_tagger, load_tagger  # noqa: E402
from stance.extraction.matching import Totals, match  # noqa: E402
from stance.extraction.quotes import find_candidates  # noqa: E402
from stance.extraction.speakers import Resolver  # noqa: E402


#: A policy may cost some speaker accuracy (added statements have harder speakers), but never
#: more than this, and never below the issue's 0.90.
SPEAKER_SLACK = 0.03
SPEAKER_FLOOR = 0.90


def run(text: str, probs, offs, policy: HybridPolicy | None) -> list[dict]:
    d = find_candidates(text)
    if policy is not None:
        apply_tagger(d, probs, offs, policy)
    Resolver(d).run()
    out, seen = [], set()
    for c in sorted(d.cands, key=lambda c: (c.start, c.end)):
        if c.end <= c.start or c.speaker is None or (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        out.append({"start": c.start, "end": c.end, "speaker": c.speaker})
    return out


def score(items, policy: HybridPolicy | None) -> dict:
    tot = Totals()
    for text, gold, probs, offs in items:
        tot.add(match(run(text, probs, offs, policy), gold))
    return tot.scores()


def policies():
    yield HybridPolicy(extend=False, add=False, drop=False)
    for extend, add, drop in itertools.product((False, True), (False, True), (False, True)):
        if not (extend or add or drop):
            continue
        for ms in ((0.5, 0.6, 0.7, 0.8, 0.9) if add else (0.5,)):
            for md in ((0.05, 0.15, 0.25, 0.35) if drop else (0.05,)):
                yield HybridPolicy(extend=extend, add=add, drop=drop, min_add_score=ms, max_drop_score=md)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tagger")
    ap.add_argument("--save", action="store_true", help="write the chosen policy into tagger.json")
    args = ap.parse_args(argv)
    tagger = load_tagger(args.tagger)
    tune = set(tagger.meta["training"]["tune_articles"])
    arts = [a for a in load_polnear("train") if a.name in tune]
    items = []
    for a in arts:
        probs, offs = tagger.char_probs(a.text)
        items.append((a.text, speech_gold(a), probs, offs))
    rules = score(items, None)
    print(f"tuning share: {len(items)} PolNeAR train articles held out from training")
    print(f"rules alone: P {rules['precision']:.3f} R {rules['recall']:.3f} F1 {rules['f1']:.3f} spk {rules['speaker_accuracy']:.3f}")
    results = []
    for pol in policies():
        s = score(items, pol)
        results.append((pol, s))
        print(f"{asdict(pol)}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} spk {s['speaker_accuracy']:.3f}", flush=True)
    floor = max(SPEAKER_FLOOR, rules["speaker_accuracy"] - SPEAKER_SLACK)
    ok = [(p, s) for p, s in results if s["speaker_accuracy"] >= floor]
    best, bs = max(ok, key=lambda x: x[1]["f1"])
    print(f"\nchosen: {asdict(best)} F1 {bs['f1']:.3f} (rules {rules['f1']:.3f})")
    if args.save:
        mf = Path(args.tagger) / TAGGER_FILE
        meta = json.loads(mf.read_text(encoding="utf-8"))
        meta["policy"] = asdict(best)
        meta["tuning"] = {"articles": len(items), "rules": rules, "chosen": bs}
        mf.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved the policy in {mf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
