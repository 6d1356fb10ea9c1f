"""Train the learned attribution tagger on PolNeAR train, choose its hybrid policy on the share
of train held out from training, and save both (HF directory + tagger.json).

    python scripts/train_tagger.py [--config configs/tagger.yaml] [--epochs 1 --output_dir DIR ...]
    python scripts/train_tagger.py --retune [DIR]   # the rules changed: choose the policy again, no training

Any key of the config can be overridden on the command line; an unknown key stops the run with
its name. The default output is $STANCE_HOME/models/tagger, where extract_quotes(text,
tagger=True) and `stance extract --tagger` find it. PolNeAR dev is never read here.
"""
from __future__ import annotations

import argparse
import json
import sys
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.extraction.learned import TaggerConfig, default_tagger_dir, train_tagger, tune_policy  # noqa: E402


def load_config(path: str | None, overrides: list[str]) -> TaggerConfig:
    """The YAML config at ``path`` with ``--key value`` overrides, each value checked against its field."""
    import yaml

    from stance.training.config import ConfigError, apply_overrides, coerce, parse_overrides, type_name

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if path else {}
    if not isinstance(raw, dict):
        raise SystemExit(f"{path}: the config must be a mapping of keys to values")
    try:
        pairs = parse_overrides(overrides)
    except ConfigError as exc:
        raise SystemExit(str(exc)) from None
    raw = apply_overrides(raw, [f"{k.replace('-', '_')}={v}" for k, _, v in (p.partition("=") for p in pairs)])
    hints = typing.get_type_hints(TaggerConfig)
    unknown = sorted(set(raw) - set(hints))
    if unknown:
        raise SystemExit(f"unknown tagger config key(s): {', '.join(unknown)} (known: {', '.join(hints)})")
    for k, v in raw.items():
        if k == "policy" and isinstance(v, dict):
            continue  # a HybridPolicy's fields, checked when the policy is made
        try:
            raw[k] = coerce(v, hints[k], k)  # YAML reads '1e-4' as a string: coerce takes it as a float
        except ConfigError:
            raise SystemExit(f"tagger config key {k!r}: expected {type_name(hints[k])}, got {v!r}") from None
    return TaggerConfig(**raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default=str(ROOT / "configs" / "tagger.yaml"))
    ap.add_argument("--no-tune", action="store_true", help="keep the default policy (no tuning pass)")
    ap.add_argument("--retune", nargs="?", const="", metavar="DIR",
                    help="choose the policy of a saved tagger again on its own held-out articles, without "
                         "training (default DIR: $STANCE_HOME/models/tagger)")
    args, rest = ap.parse_known_args(argv)
    if args.retune is not None:
        return retune(Path(args.retune) if args.retune else default_tagger_dir())
    cfg = load_config(args.config, rest)
    out = cfg.output_dir or str(default_tagger_dir())
    tagger, meta = train_tagger(cfg)
    t = meta["training"]
    tune = set(t["tune_articles"])
    if tune and not args.no_tune:
        from stance.data.polnear import speech_records

        policy, report = tune_policy(tagger, speech_records("train", cfg.polnear_root, tune))
        tagger = tagger.with_policy(policy)
        tagger.meta["tuning"] = report
    tagger.save(out)
    print(json.dumps({"output_dir": out, "seconds": t["seconds"], "articles": t["articles"], "windows": t["windows"],
                      "final_loss": t["final_loss"], "policy": tagger.meta.get("policy"),
                      "tuning": tagger.meta.get("tuning")}, indent=1))
    return 0


def retune(path: Path) -> int:
    """The hybrid policy decides how far the tagger overrules the rules, so it is chosen against
    the rules of the day: re-run the choice on the tuning articles the tagger was not trained on."""
    from stance.data.polnear import speech_records
    from stance.extraction.learned import AttributionTagger

    tagger = AttributionTagger.load(path)
    t = tagger.meta.get("training", {})
    tune = set(t.get("tune_articles") or ())
    if not tune:
        raise SystemExit(f"{path}: the tagger records no held-out tuning articles; train it again to tune")
    before = tagger.meta.get("policy")
    policy, report = tune_policy(tagger, speech_records("train", t.get("polnear_root"), tune))
    tagger = tagger.with_policy(policy)
    tagger.meta["tuning"] = report
    tagger.save(path)
    print(json.dumps({"output_dir": str(path), "policy_before": before, "policy": tagger.meta.get("policy"),
                      "tuning": report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
