"""The `stance` command. Each concern registers its own subcommand in its package's `_cli.py`,
which must import nothing heavy at module level (so `stance --help` is instant)."""
from __future__ import annotations

import argparse
import importlib
import sys

_COMMAND_MODULES = (
    "stance.extraction._cli",   # stance extract
    "stance.data._cli",         # stance data build|stats
    "stance.training._cli",     # stance train
    "stance.evaluation._cli",   # stance evaluate
    "stance.scoring._cli",      # stance score
    "stance.reporting._cli",    # stance report
    "stance.demo",              # stance demo
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Who said what in the news, and where they stand.")
    from stance import __version__

    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # during development only; every module exists on release
            if exc.name != name:
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
