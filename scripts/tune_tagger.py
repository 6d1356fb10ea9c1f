"""Choose (again) the hybrid policy of a trained attribution tagger on its held-out PolNeAR train share.

    python scripts/tune_tagger.py TAGGER_DIR [--save]

scripts/train_tagger.py already does this after training; this script re-runs it (after a change
of the policy grid or of the rules) and prints every policy's P, R, F1 and speaker accuracy. With
--save the chosen policy and the tuning scores are written into TAGGER_DIR/tagger.json. The
choice: best F1 with speaker accuracy within 3 points of the rules' and at 0.90 or above.
PolNeAR dev is not read here: score it afterwards with bench_extraction.py --tagger.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.data.polnear import speech_records  # noqa: E402
from stance.extraction.learned import TAGGER_FILE, load_tagger, tune_policy  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tagger")
    ap.add_argument("--save", action="store_true", help="write the chosen policy into tagger.json")
    args = ap.parse_args(argv)
    tagger = load_tagger(args.tagger)
    recs = speech_records("train", names=set(tagger.meta["training"]["tune_articles"]))
    policy, report = tune_policy(tagger, recs, log=lambda m: print(m, flush=True))
    r, c = report["rules"], report["chosen"]
    print(f"\ntuning share: {report['records']} PolNeAR train articles held out from training")
    print(f"rules alone: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} speaker {r['speaker_accuracy']:.3f}")
    print(f"chosen {asdict(policy)}: P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} "
          f"speaker {c['speaker_accuracy']:.3f}")
    if args.save:
        mf = Path(args.tagger) / TAGGER_FILE
        meta = json.loads(mf.read_text(encoding="utf-8"))
        meta["policy"] = asdict(policy)
        meta["tuning"] = report
        mf.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved the policy in {mf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
