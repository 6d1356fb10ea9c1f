#!/usr/bin/env python
"""Speed, memory and accuracy of stance inference, in one run on one machine.

    python scripts/bench_scoring.py [--model DIR] [--docs N] [--mem-docs N]

On the BBC holdout articles (../shared/corpora/bbc/holdout_articles_*.jsonl; scoring and speed
measurement are allowed there, nothing is tuned on them):

1. quotes/s, documents/s and peak RSS of classifying the extracted quotes with
   (a) the Hugging Face ``text-classification`` pipeline on the saved model, called the way a
       user would: ``pipe(list_of_quote_texts)`` (and, for reference, (a') with ``batch_size=32``);
   (b) ``stance.predict`` with the torch backend; (c) with the ONNX int8 backend.
   Each runs in its own subprocess, so peak memory (VmHWM) is its own. Quote extraction is timed once
   and added to each method's documents/s (every method needs the quotes first).
2. macro-F1 of torch and ONNX int8 on the gold test split (ONNX is kept only if it loses <= 1 point).
3. peak RSS of ``stance score`` at 1x and 10x corpus size (the first ``--mem-docs`` articles, then
   them ten times over), each run through a lean launcher that reads its ``os.wait4`` ru_maxrss.

Targets (issue 5): torch >= 2x the pipeline's quotes/s, ONNX >= 3x; peak RSS at 10x within 10 % of 1x.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "bbc" / "holdout_articles_*.jsonl"
for _k, _v in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_k, _v)
sys.path.insert(0, str(REPO))


def _peak_rss_mb() -> float:
    """This process's own peak RSS since it started (VmHWM). Not getrusage's ru_maxrss: Linux
    carries the parent's high-water mark into a forked child across exec, so a child of a big
    parent would report the parent's peak."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


#: A lean launcher: runs a command and prints the command's own peak RSS (wait4's ru_maxrss). The
#: launcher is a fresh, small process, so the high-water mark its child inherits is a few MB, not
#: the benchmark's (see _peak_rss_mb).
_LAUNCHER = (
    "import json, os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "with open(sys.argv[1], 'w') as so, open(sys.argv[2], 'w') as se:\n"
    "    p = subprocess.Popen(sys.argv[3:], stdout=so, stderr=se)\n"
    "    _, status, ru = os.wait4(p.pid, 0)\n"
    "print(json.dumps({'rc': os.waitstatus_to_exitcode(status), 'maxrss_kb': ru.ru_maxrss, "
    "'seconds': time.perf_counter() - t}))\n"
)


def _articles(pattern: str, limit: int | None) -> list[str]:
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f"no corpus at {pattern}: this benchmark needs ../shared (the BBC holdout articles)")
    texts: list[str] = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if limit and len(texts) >= limit:
                    return texts
    return texts


# --------------------------------------------------------------------------- one method per process


def worker(method: str, model_dir: str, quotes_file: str, threads: int) -> dict:
    """Classify the quotes in ``quotes_file`` with one method; report time and peak memory."""
    import torch

    torch.set_num_threads(threads)
    quotes = json.loads(Path(quotes_file).read_text(encoding="utf-8"))
    base_rss = _peak_rss_mb()
    t_load = time.perf_counter()
    if method.startswith("pipeline"):
        from transformers import pipeline

        pipe = pipeline("text-classification", model=model_dir, top_k=None, device=-1)
        load_s = time.perf_counter() - t_load
        kwargs = {"truncation": True}
        if method == "pipeline-batched":  # what a user who reads the batching docs would do
            kwargs["batch_size"] = 32
        pipe(quotes[:8], **kwargs)  # warm-up, as for the others
        t0 = time.perf_counter()
        out = pipe(quotes, **kwargs)
        seconds = time.perf_counter() - t0
        assert len(out) == len(quotes)
    else:
        import stance

        model = stance.load(model_dir, backend="onnx" if method == "onnx" else "torch")
        load_s = time.perf_counter() - t_load
        stance.predict(quotes[:8], model=model)
        t0 = time.perf_counter()
        out = stance.predict(quotes, model=model, batch_size=32)
        seconds = time.perf_counter() - t0
        assert len(out) == len(quotes)
    return {"method": method, "quotes": len(quotes), "seconds": seconds, "load_seconds": load_s,
            "peak_rss_mb": _peak_rss_mb(), "rss_before_load_mb": base_rss}


def _run_worker(method: str, model_dir: str, quotes_file: str, threads: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", method, "--model", model_dir, "--quotes-file", quotes_file,
           "--threads", str(threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "STANCE_NUM_THREADS": str(threads)})
    if res.returncode != 0:
        sys.exit(f"{method} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- accuracy


def macro_f1(model_dir: str, threads: int) -> dict[str, float]:
    """Macro-F1 of torch and ONNX int8 on the gold test split (same thresholds, same inputs)."""
    import numpy as np
    import torch
    from sklearn.metrics import f1_score

    from stance.data.gold import load_gold
    from stance.inference.api import context_chars
    from stance.model import load

    torch.set_num_threads(threads)
    out: dict[str, float] = {}
    gold = None
    for backend in ("torch", "onnx"):
        model = load(model_dir, backend=backend)
        if gold is None:
            gold = load_gold(REPO / "data" / "gold" / "corpus.jsonl", REPO / "data" / "gold" / "splits.json",
                             max_context_chars=context_chars(model))["test"]
            y = np.asarray(gold["labels"]) > 0.5
        lp, _ = model.predict_proba(list(gold["quote"]), list(gold["context"]), list(gold["speaker"]))
        out[backend] = float(f1_score(y, model.decide(lp), average="macro", zero_division=0))
    out["test_quotes"] = len(gold)
    return out


# --------------------------------------------------------------------------- stance score memory


def _score_with_rusage(input_path: Path, out_dir: Path, model_dir: str, backend: str, threads: int) -> dict:
    """Run ``stance score`` through the lean launcher and read its own peak RSS."""
    out = out_dir / f"{input_path.stem}.scores.jsonl"
    cmd = [sys.executable, "-m", "stance.cli", "score", str(input_path), "-o", str(out), "--model", model_dir,
           "--backend", backend, "--no-progress", "--overwrite", "--json"]
    env = {**os.environ, "STANCE_NUM_THREADS": str(threads), "PYTHONPATH": str(REPO)}
    so, se = out_dir / f"{input_path.stem}.stdout", out_dir / f"{input_path.stem}.stderr"
    res = subprocess.run([sys.executable, "-c", _LAUNCHER, str(so), str(se), *cmd], capture_output=True, text=True,
                         env=env, check=True)
    run = json.loads(res.stdout)
    if run["rc"] != 0:
        sys.exit(f"stance score failed:\n{se.read_text()[-3000:]}")
    c = json.loads(so.read_text())["counts"]
    assert c["records"] == c["docs"] + c["errors"], c
    return {"records": c["records"], "docs": c["docs"], "quotes": c["quotes"], "errors": c["errors"],
            "seconds": run["seconds"], "peak_rss_mb": run["maxrss_kb"] / 1024.0}


def _speed(model_dir: str, quotes: list[str], n_docs: int, extract_s: float, tmp_path: Path, threads: int) -> dict:
    qfile = tmp_path / "quotes.json"
    qfile.write_text(json.dumps(quotes), encoding="utf-8")
    speed = {}
    for method in ("pipeline", "pipeline-batched", "torch", "onnx"):
        r = _run_worker(method, model_dir, str(qfile), threads)
        r["quotes_per_s"] = r["quotes"] / r["seconds"]
        r["docs_per_s"] = n_docs / (r["seconds"] + extract_s)
        speed[method] = r
    base = speed["pipeline"]["quotes_per_s"]
    print("\n(1) classifying the extracted quotes")
    print(f"{'method':<30}{'quotes/s':>10}{'docs/s':>9}{'peak RSS MB':>13}{'vs pipeline':>13}")
    names = {"pipeline": "(a) HF pipeline", "pipeline-batched": "(a') pipeline batch_size=32",
             "torch": "(b) stance.predict torch", "onnx": "(c) stance.predict ONNX int8"}
    for m, r in speed.items():
        print(f"{names[m]:<30}{r['quotes_per_s']:>10.1f}{r['docs_per_s']:>9.2f}{r['peak_rss_mb']:>13.0f}"
              f"{r['quotes_per_s'] / base:>12.2f}x")
    print(f"targets: torch >= 2x ({'met' if speed['torch']['quotes_per_s'] >= 2 * base else 'NOT met'}), "
          f"ONNX >= 3x ({'met' if speed['onnx']['quotes_per_s'] >= 3 * base else 'NOT met'})")
    return speed


def _f1_report(model_dir: str, threads: int) -> dict:
    f1 = macro_f1(model_dir, threads)
    loss = (f1["torch"] - f1["onnx"]) * 100
    print(f"\n(2) macro-F1 on the gold test split ({f1['test_quotes']} quotes): torch {f1['torch']:.4f}, "
          f"ONNX int8 {f1['onnx']:.4f}; loss {loss:+.2f} points "
          f"({'keep ONNX: <= 1 point' if loss <= 1.0 else 'ONNX loses more than 1 point'})")
    return f1


def _memory(base_articles: list[str], tmp_path: Path, model_dir: str, backend: str, threads: int) -> dict:
    runs = {}
    for factor in (1, 10):
        path = tmp_path / f"corpus_x{factor}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for rep in range(factor):
                for i, text in enumerate(base_articles):
                    fh.write(json.dumps({"id": f"r{rep}-{i}", "text": text}) + "\n")
        runs[factor] = _score_with_rusage(path, tmp_path, model_dir, backend, threads)
    ratio = runs[10]["peak_rss_mb"] / runs[1]["peak_rss_mb"]
    print(f"\n(3) peak RSS of `stance score` (--backend {backend})")
    for factor, r in runs.items():
        print(f"{factor:>3}x: {r['records']} docs, {r['quotes']} quotes, {r['seconds']:.1f} s, "
              f"peak RSS {r['peak_rss_mb']:.0f} MB")
    print(f"10x / 1x peak RSS = {ratio:.3f} (target <= 1.10: {'met' if ratio <= 1.10 else 'NOT met'})")
    return {**runs, "ratio": ratio}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="model directory (default: $STANCE_HOME/models/default)")
    ap.add_argument("--corpus", default=str(CORPUS), help="glob of JSONL articles (default: BBC holdout articles)")
    ap.add_argument("--docs", type=int, default=None, help="articles for the speed comparison (default: all)")
    ap.add_argument("--mem-docs", type=int, default=None,
                    help="articles at 1x for the memory runs, 10x repeats them (default: the whole corpus)")
    ap.add_argument("--mem-backend", choices=("torch", "onnx"), default="onnx")
    ap.add_argument("--threads", type=int, default=max(1, len(os.sched_getaffinity(0))))
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-f1", action="store_true")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--quotes-file", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        print(json.dumps(worker(args.worker, args.model, args.quotes_file, args.threads)))
        return 0

    from stance.model import default_model_dir

    model_dir = str(Path(args.model).expanduser() if args.model else default_model_dir())
    if not Path(model_dir, "stance.json").exists():
        sys.exit(f"no stance model at {model_dir}: train one (`make demo`) or pass --model")
    import stance

    articles = _articles(args.corpus, args.docs)
    t0 = time.perf_counter()
    quotes = [q.text for a in articles for q in stance.extract_quotes(a)]
    extract_s = time.perf_counter() - t0
    print(f"corpus: {len(articles)} articles, {len(quotes)} extracted quotes "
          f"({extract_s:.1f} s extraction, {len(articles) / extract_s:.1f} docs/s); threads={args.threads}; "
          f"model={model_dir}")
    results: dict = {"articles": len(articles), "quotes": len(quotes), "extract_seconds": extract_s,
                     "threads": args.threads}
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        tmp_path = Path(tmp)
        # Export the ONNX graph before timing anything (cached in the model directory afterwards).
        stance.load(model_dir, backend="onnx")
        if not args.skip_speed:
            results["speed"] = _speed(model_dir, quotes, len(articles), extract_s, tmp_path, args.threads)
        if not args.skip_f1:
            results["macro_f1"] = _f1_report(model_dir, args.threads)
        if not args.skip_memory:
            base_articles = _articles(args.corpus, args.mem_docs or args.docs)
            results["memory"] = _memory(base_articles, tmp_path, model_dir, args.mem_backend, args.threads)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
