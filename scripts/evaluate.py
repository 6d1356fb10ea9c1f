#!/usr/bin/env python
"""Evaluate a stance model and the baselines: the same as `stance evaluate` (see --help).

    python scripts/evaluate.py /work/stance_home/models/default --baselines --out runs/eval.json --card model_card.md
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Run as a file, this folder is sys.path[0]: `import evaluate` (the Hugging Face package) would
# find scripts/evaluate.py instead. Drop it; the scripts import nothing from beside themselves.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
try:  # run from a source checkout without `pip install -e .`
    import stance  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    from stance.evaluation._cli import add_arguments, run

    parser = argparse.ArgumentParser(prog="scripts/evaluate.py", description=__doc__.splitlines()[0], allow_abbrev=False)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
