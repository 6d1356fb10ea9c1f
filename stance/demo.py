"""`stance demo`: the whole pipeline on the project's sample articles, as `make demo` runs it.

Trains the default model when it is absent, analyses every sample article (and the seed article
when ../shared is beside the repository), scores them like a corpus and writes a report.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="train the default model if absent, analyse the samples, score and report")
    p.add_argument("--config", default=str(REPO / "configs" / "default.yaml"), help="config used when the default model must be trained")
    p.add_argument("--samples", default=str(REPO / "data" / "samples"), help="folder of .txt sample articles")
    p.add_argument("--shared", default=os.environ.get("STANCE_SHARED", str(REPO.parent / "shared")),
                   help="the project's shared data folder (its seed article is added when present)")
    p.add_argument("-o", "--output", default="demo_out", help="output folder (scores and report)")
    p.add_argument("--model", default=None, help="use this model directory instead of the default one")
    p.set_defaults(func=run)


def _ensure_model(args: argparse.Namespace) -> Path:
    from stance.model import default_model_dir

    if args.model:
        return Path(args.model)
    target = default_model_dir()
    if (target / "stance.json").exists():
        print(f"default model: {target}")
        return target
    print(f"default model absent at {target}: training it with {args.config} (a few minutes on CPU)")
    from stance.training.config import load_config
    from stance.training.train import train

    t0 = time.perf_counter()
    cfg = load_config(args.config)
    result = train(cfg, output_dir=target)
    print(f"trained in {time.perf_counter() - t0:.0f}s → {getattr(result, 'output_dir', target)}")
    return target


def _collect_articles(args: argparse.Namespace, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    paths = sorted(Path(args.samples).glob("*.txt"))
    for p in paths:
        shutil.copy(p, folder / p.name)
    seeds = sorted((Path(args.shared) / "seeds").glob("*.txt"))
    if seeds:
        for s in seeds:  # read at run time from ../shared, never copied into the repository
            shutil.copy(s, folder / f"seed_{s.name}")
    else:
        print(f"(no seed article: {args.shared}/seeds not found; a user's machine has no ../shared)")
    return sorted(folder.glob("*.txt"))


def _print_quotes(scores: Path, articles: list[Path]) -> None:
    """The scored quotes, article by article, read back from the scores file (no second pass)."""
    import json

    by_doc: dict[str, list[dict]] = {}
    with scores.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            by_doc.setdefault(str(row["doc_id"]), []).append(row)
    for path in articles:
        print(f"\n=== {path.name}")
        for q in by_doc.get(path.stem, []):
            who = q.get("actor") or q.get("speaker") or "?"
            aff = q.get("affiliation") or "?"
            labels = ", ".join(q["labels"]) or "none"
            tgt = f" → {q['target']}" if q.get("target") else ""
            snippet = q["text"] if len(q["text"]) <= 90 else q["text"][:87] + "..."
            print(f"  [{q['kind']}] {who} ({aff}): {labels}{tgt}\n      “{snippet}”")


def run(args: argparse.Namespace) -> int:
    import stance
    from stance.reporting import build_report
    from stance.scoring import score

    model_dir = _ensure_model(args)
    model = stance.load(str(model_dir))
    out = Path(args.output)
    articles = _collect_articles(args, out / "articles")

    scores = out / "scores.jsonl"
    summary = score(out / "articles", scores, model=model, overwrite=True, progress=False)
    _print_quotes(scores, articles)
    print()
    for line in summary.lines():
        print(line)
    rep = build_report(scores, out / "report")
    print(f"report: {rep.index} ({rep.quotes} quotes, {len(rep.figures)} figures)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    ns = argparse.ArgumentParser()
    sub = ns.add_subparsers()
    register(sub)
    sys.exit(run(ns.parse_args(["demo", *sys.argv[1:]])))
