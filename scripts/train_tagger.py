"""Train the learned attribution tagger on PolNeAR train, choose its hybrid policy on the share
of train held out from training, and save both (HF directory + tagger.json).

    python scripts/train_tagger.py [--config configs/tagger.yaml] [--epochs 1 --output_dir DIR ...]

Any key of the config can be overridden on the command line; an unknown key stops the run with
its name. The default output is $STANCE_HOME/models/tagger, where extract_quotes(text,
tagger=True) and `stance extract --tagger` find it. PolNeAR dev is never read here.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.extraction.learned import TaggerConfig, default_tagger_dir, train_tagger, tune_policy  # noqa: E402


def load_config(path: str | None, overrides: list[str]) -> TaggerConfig:
    import yaml

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if path else {}
    if not isinstance(raw, dict):
        raise SystemExit(f"{path}: the config must be a mapping of keys to values")
    fields = {f.name: f for f in dataclasses.fields(TaggerConfig)}
    it = iter(overrides)
    for tok in it:
        if not tok.startswith("--"):
            raise SystemExit(f"unexpected argument {tok!r}: overrides look like --key value")
        key = tok[2:].replace("-", "_")
        try:
            raw[key] = yaml.safe_load(next(it))
        except StopIteration:
            raise SystemExit(f"--{key} needs a value") from None
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise SystemExit(f"unknown tagger config key(s): {', '.join(unknown)} (known: {', '.join(fields)})")
    for k, v in raw.items():
        want = type(TaggerConfig().__getattribute__(k)) if k not in ("polnear_root", "output_dir") else (str, type(None))
        if want is float and isinstance(v, (int, str)) and not isinstance(v, bool):
            try:
                raw[k] = float(v)  # YAML reads '1e-4' as a string
            except ValueError:
                raise SystemExit(f"tagger config key {k!r}: expected float, got {v!r}") from None
        elif not isinstance(raw[k], want) or (want is int and isinstance(v, bool)):
            raise SystemExit(f"tagger config key {k!r}: expected {getattr(want, '__name__', want)}, got {v!r}")
    return TaggerConfig(**raw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default=str(ROOT / "configs" / "tagger.yaml"))
    ap.add_argument("--no-tune", action="store_true", help="keep the default policy (no tuning pass)")
    args, rest = ap.parse_known_args(argv)
    cfg = load_config(args.config, rest)
    out = cfg.output_dir or str(default_tagger_dir())
    tagger, meta = train_tagger(cfg)
    t = meta["training"]
    tune = set(t["tune_articles"])
    if tune and not args.no_tune:
        from stance.data.polnear import load_polnear, speech_gold

        recs = [{"text": a.text, "quotes": speech_gold(a)} for a in load_polnear("train", cfg.polnear_root)
                if a.name in tune]
        policy, report = tune_policy(tagger, recs)
        tagger = tagger.with_policy(policy)
        tagger.meta["tuning"] = report
    tagger.save(out)
    print(json.dumps({"output_dir": out, "seconds": t["seconds"], "articles": t["articles"], "windows": t["windows"],
                      "final_loss": t["final_loss"], "policy": tagger.meta.get("policy"),
                      "tuning": tagger.meta.get("tuning")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
