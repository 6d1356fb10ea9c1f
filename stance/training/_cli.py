"""`stance train --config configs/NAME.yaml [--set key=value ...] [--training.epochs 3 ...]`.

Every config option is also a command-line option (``--section.option VALUE``), generated from
the config dataclasses, so ``stance train --help`` lists them all. Nothing heavy at import.
"""
from __future__ import annotations

import argparse
import sys

_PREFIX = "ov__"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        allow_abbrev=False,  # --training.epoch must be an error, not --training.epochs
        help="fine-tune the stance model from a YAML config",
        description="Train, calibrate (temperature, per-label thresholds on dev) and save a stance model. "
        "Any config option can be overridden: --set training.epochs=3 or --training.epochs 3.",
    )
    add_arguments(p)
    p.set_defaults(func=run)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from stance.training.config import option_names

    p.add_argument("--config", required=True, help="YAML config, e.g. configs/default.yaml")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override an option, e.g. --set training.epochs=3 (repeatable)")
    p.add_argument("--output-dir", default=None, help="where to save the model (default: output_dir of the config, "
                   "else $STANCE_HOME/models/default)")
    p.add_argument("--print-config", action="store_true", help="print the resolved config and exit")
    g = p.add_argument_group("config options (override the YAML file)")
    for name, help_text in option_names():
        g.add_argument(f"--{name}", dest=_PREFIX + name.replace(".", "__"), default=None, metavar="V", help=help_text)


def overrides_of(args: argparse.Namespace) -> list[str]:
    out = list(getattr(args, "overrides", []) or [])
    for key, value in vars(args).items():
        if key.startswith(_PREFIX) and value is not None:
            out.append(f"{key[len(_PREFIX):].replace('__', '.')}={value}")
    return out


def run(args: argparse.Namespace) -> int:
    import json

    from stance.training.config import ConfigError, check_files, config_to_dict, load_config

    try:
        cfg = load_config(args.config, overrides_of(args))
        if args.print_config:
            print(json.dumps(config_to_dict(cfg), indent=2))
            return 0
        check_files(cfg)
    except ConfigError as exc:
        print(f"stance train: config error: {exc}", file=sys.stderr)
        return 2
    from stance.training.train import train

    res = train(cfg, output_dir=args.output_dir)
    dev = res.dev
    per = ", ".join(f"{k} {v['f1']:.3f}" for k, v in dev["per_label"].items())
    tacc = dev["target_accuracy"]
    print(f"saved {res.model_dir}  ({res.steps} steps, {res.train_time_s:.0f} s, best at epoch {res.best_epoch:.2f})")
    print(f"dev macro-F1 {dev['macro_f1']:.4f} with tuned thresholds [{per}]; ECE {dev['ece']:.4f}; "
          f"target accuracy {'n/a' if tacc is None else f'{tacc:.4f}'}")
    return 0
