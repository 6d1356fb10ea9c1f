"""One evaluation run: the fine-tuned model and the baselines on the same split, the same metrics,
breakdowns by quote kind and speaker affiliation, and the issue's targets checked. JSON out (for
the model card) and plain-text tables (for people)."""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from stance.labels import LABELS, TARGETS

__all__ = ["run_evaluation", "format_report", "TARGETS_OF_ISSUE"]

#: The issue's acceptance targets, checked on every report.
TARGETS_OF_ISSUE = {"macro_f1": 0.85, "min_label_f1": 0.80, "margin_over_best_baseline": 0.08, "ece": 0.05, "target_accuracy": 0.90}
MODEL_SYSTEM = "fine-tuned"


def _rows(split_ds: Any) -> list[dict[str, Any]]:
    return split_ds.to_list() if hasattr(split_ds, "to_list") else list(split_ds)


def _system_eval(name: str, probs: np.ndarray, tprobs: np.ndarray | None, decided: np.ndarray, rows: list[dict[str, Any]],
                 examples: Sequence[Any], probabilistic: bool, seconds: float) -> dict[str, Any]:
    from stance.evaluation.metrics import compute_metrics

    y = np.array([e.labels for e in examples], dtype=int).reshape(-1, len(LABELS))
    t_true = [TARGETS[e.target] if e.target >= 0 else None for e in examples]
    t_pred = [TARGETS[int(i)] for i in tprobs.argmax(1)] if tprobs is not None else None
    m = compute_metrics(y, decided, probs if probabilistic else None, target_true=t_true, target_pred=t_pred)
    # The same numbers through the Hugging Face `evaluate` interface: a cross-check, not a second definition.
    from stance.evaluation.hf_metric import StanceMetric

    hf = StanceMetric().compute(predictions=decided.astype(int).tolist(), references=y.tolist(),
                                scores=probs if probabilistic else None)
    if abs(hf["macro_f1"] - m.macro_f1) > 1e-9 or abs(hf["micro_f1"] - m.micro_f1) > 1e-9:
        raise AssertionError(f"{name}: evaluate and scikit-learn disagree ({hf['macro_f1']} vs {m.macro_f1})")
    out = {"metrics": m.to_dict(), "seconds": round(seconds, 2)}
    out["by_kind"] = _breakdown([r["kind"] for r in rows], y, decided)
    affs = [r.get("affiliation") or "(none)" for r in rows]
    top = {a for a, _ in Counter(affs).most_common(10)}
    out["by_affiliation"] = _breakdown([a if a in top else "(other)" for a in affs], y, decided)
    return out


def _breakdown(groups: list[str], y: np.ndarray, decided: np.ndarray) -> dict[str, dict[str, Any]]:
    from sklearn.metrics import accuracy_score, f1_score

    out = {}
    for g in sorted(set(groups), key=lambda g: (-groups.count(g), g)):
        idx = [i for i, x in enumerate(groups) if x == g]
        yt, yp = y[idx], decided[idx]
        present = [j for j in range(y.shape[1]) if yt[:, j].any() or yp[:, j].any()]
        out[g] = {
            "n": len(idx),
            "macro_f1": float(f1_score(yt[:, present], yp[:, present], average="macro", zero_division=0)) if present else 1.0,
            "micro_f1": float(f1_score(yt, yp, average="micro", zero_division=0)) if present else 1.0,
            "exact_match": float(accuracy_score(yt, yp)),
        }
    return out


def _label_support(examples: Sequence[Any]) -> dict[str, int]:
    """Quotes per label, and with no label, among Examples."""
    y = np.array([e.labels for e in examples], dtype=int).reshape(-1, len(LABELS))
    return {l: int(y[:, j].sum()) for j, l in enumerate(LABELS)} | {"none": int((y.sum(1) == 0).sum())}


def _split_hash(examples: Sequence[Any]) -> str:
    h = hashlib.sha256()
    for s in sorted(json.dumps([e.quote, e.context, e.speaker, e.labels, e.target]) for e in examples):
        h.update(s.encode("utf-8"))
    return h.hexdigest()


def run_evaluation(
    model_path: str | Path | None,
    *,
    baselines: bool | Sequence[str] = True,
    gold: str | None = None,
    splits: str | None = None,
    split: str = "test",
    batch_size: int = 64,
    progress: bool = True,
    slices: dict[str, str | Path] | None = None,
) -> dict[str, Any]:
    """Evaluate the model at ``model_path`` (and the baselines) on ``split`` of the gold corpus it
    was trained on (or ``gold``/``splits`` when given); return the JSON-able report.

    ``slices`` names further gold JSONL files (e.g. annotated real news) on which every system is
    also scored, all their quotes, with the same fitted baselines and thresholds."""
    from stance.data.gold import load_gold
    from stance.evaluation.baselines import all_baselines
    from stance.model import load
    from stance.training.train import examples_from_rows

    def say(msg: str) -> None:
        if progress:
            print(msg, flush=True)

    model = load(model_path)
    data_cfg = (model.meta.get("training_config") or {}).get("data") or {}
    gold = gold or data_cfg.get("gold") or "data/gold/corpus.jsonl"
    splits = splits if splits is not None else data_cfg.get("splits", "data/gold/splits.json")
    ctx_chars = int(data_cfg.get("max_context_chars", 400))
    dd = load_gold(gold, splits or None, max_context_chars=ctx_chars)
    if split not in dd:
        raise ValueError(f"no split {split!r} in the gold corpus (have {list(dd)})")
    rows = _rows(dd[split])
    ex = examples_from_rows(rows)
    if not ex:
        raise ValueError(f"the {split} split of {gold} is empty")
    systems: dict[str, Any] = {}

    t0 = time.perf_counter()
    lp, tp = model.predict_proba([e.quote for e in ex], [e.context for e in ex], [e.speaker for e in ex], batch_size=batch_size)
    stats = model.last_input_stats.as_dict()
    systems[MODEL_SYSTEM] = _system_eval(MODEL_SYSTEM, lp, tp, model.decide(lp), rows, ex, True, time.perf_counter() - t0)
    say(f"{MODEL_SYSTEM}: macro-F1 {systems[MODEL_SYSTEM]['metrics']['macro_f1']:.4f}")
    t0 = time.perf_counter()
    lq, tq = model.predict_proba([e.quote for e in ex], batch_size=batch_size)
    systems[MODEL_SYSTEM + " (quote only)"] = _system_eval("quote only", lq, tq, model.decide(lq), rows, ex, True, time.perf_counter() - t0)

    fitted: list[Any] = []
    baseline_info = {}
    if baselines:
        from stance.training.train import drop_repeats, extra_train_examples, held_out_examples

        # the baselines learn from what the model learnt from: gold train plus its extra training quotes,
        # without the quotes that repeat a dev, test or held-out quote
        dev_ex = examples_from_rows(_rows(dd["dev"]))
        test_ex = ex if split == "test" else examples_from_rows(_rows(dd["test"]))
        train_ex, _ = drop_repeats(
            examples_from_rows(_rows(dd["train"])) + extra_train_examples(data_cfg.get("extra_train"), ctx_chars),
            held_out_examples(data_cfg.get("held_out"), ctx_chars, dev_ex, test_ex), data_cfg.get("decontaminate"))
        chosen = all_baselines()
        if not isinstance(baselines, bool):
            known = [b.name for b in chosen]
            unknown = sorted(set(baselines) - set(known))
            if unknown:
                raise ValueError(f"unknown baseline(s) {unknown}; known: {known}")
            chosen = [b for b in chosen if b.name in baselines]
        for b in chosen:
            say(f"baseline {b.name}: fitting on {len(train_ex)} train quotes, tuning on {len(dev_ex)} dev quotes")
            b.fit(train_ex, dev_ex)
            t0 = time.perf_counter()
            p, t = b.predict_proba(ex)
            decided = p >= b.thresholds
            systems[b.name] = _system_eval(b.name, p, t, decided, rows, ex, b.probabilistic, time.perf_counter() - t0)
            fitted.append(b)
            baseline_info[b.name] = {"thresholds": dict(zip(LABELS, map(float, b.thresholds))), "params": _jsonable(b.params),
                                     "fit_seconds": round(b.fit_seconds, 2)}
            say(f"baseline {b.name}: macro-F1 {systems[b.name]['metrics']['macro_f1']:.4f}")

    from stance.data.gold import gold_examples
    from stance.data.standoff import read_gold_any

    extra = {}
    for sname, spath in (slices or {}).items():
        # a stand-off slice (real news kept outside the repository) is assembled from ../shared here
        srows = gold_examples(read_gold_any(spath), ctx_chars)
        sex = examples_from_rows(srows)
        if not sex:
            raise ValueError(f"slice {sname!r} ({spath}) has no quotes")
        say(f"slice {sname}: {len(sex)} quotes")
        res: dict[str, Any] = {}
        lps, tps = model.predict_proba([e.quote for e in sex], [e.context for e in sex], [e.speaker for e in sex], batch_size=batch_size)
        res[MODEL_SYSTEM] = _system_eval(MODEL_SYSTEM, lps, tps, model.decide(lps), srows, sex, True, 0.0)
        for b in fitted:
            p, t = b.predict_proba(sex)
            res[b.name] = _system_eval(b.name, p, t, p >= b.thresholds, srows, sex, b.probabilistic, 0.0)
        extra[sname] = {"path": str(spath), "n_quotes": len(sex), "n_articles": len({r["doc_id"] for r in srows}),
                        "label_support": _label_support(sex), "systems": res}

    y = np.array([e.labels for e in ex], dtype=int)
    failures = []
    dec = model.decide(lp)
    errors = {l: {"false_positives": int((dec[:, j] & (y[:, j] == 0)).sum()),
                  "false_negatives": int((~dec[:, j] & (y[:, j] == 1)).sum())} for j, l in enumerate(LABELS)}
    for i in np.flatnonzero((dec != y.astype(bool)).any(1))[:25]:
        failures.append({
            "id": rows[i]["id"], "kind": rows[i]["kind"], "speaker": rows[i]["speaker"], "quote": rows[i]["quote"],
            "gold": [l for l, f in zip(LABELS, y[i]) if f], "predicted": [l for l, f in zip(LABELS, dec[i]) if f],
            "scores": {l: round(float(p), 3) for l, p in zip(LABELS, lp[i])},
        })

    report = {
        "split": split,
        "n_quotes": len(ex),
        "n_articles": len({r["doc_id"] for r in rows}),
        "label_support": _label_support(ex),
        "data": {"gold": str(gold), "splits": splits, "split_hash": _split_hash(ex),
                 "train_quotes": len(dd["train"]), "dev_quotes": len(dd["dev"]), "test_quotes": len(dd["test"]),
                 "extra_train": data_cfg.get("extra_train"),
                 "extra_train_quotes": ((model.meta.get("data") or {}).get("n_extra_train") or 0),
                 "repeats_left_out": (model.meta.get("data") or {}).get("n_repeats_left_out"),
                 "decontaminate": data_cfg.get("decontaminate"), "held_out": data_cfg.get("held_out")},
        "model": {"path": str(model.path), "name": model.name, "encoder": model.meta.get("encoder"),
                  "thresholds": dict(zip(LABELS, map(float, model.thresholds))), "temperature": model.temperature,
                  "logit_bias": dict(zip(LABELS, map(float, model.logit_bias))),
                  "max_length": model.max_length, "training": model.meta.get("training"),
                  "training_config": model.meta.get("training_config"), "input_format": model.meta.get("input_format"),
                  "dev_metrics": (model.meta.get("metrics") or {}).get("dev"),
                  "data_hash": (model.meta.get("data") or {}).get("hash"), "input_stats": stats},
        "systems": systems,
        "baselines": baseline_info,
        "failures": failures,
        "errors": errors,
        "slices": extra,
        "annotator_reference": annotator_reference(gold, ctx_chars),
    }
    report["checks"] = check_targets(report)
    return report


def annotator_reference(gold: str | Path, ctx_chars: int = 400) -> dict[str, Any] | None:
    """A second annotator's labels (``data/agreement/second_pass.jsonl`` beside the gold corpus)
    scored against the gold ones with the same metrics: how high a model can reasonably get."""
    import json as _json

    from stance.data.gold import gold_examples, read_gold_jsonl, resolve
    from stance.evaluation.metrics import compute_metrics

    p = resolve(gold).resolve().parent.parent / "agreement" / "second_pass.jsonl"
    if not p.is_file():
        return None
    second = [_json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = {r["id"]: r for r in gold_examples(read_gold_jsonl(gold), ctx_chars)}
    pairs = [(rows[s["id"]], s) for s in second if s.get("id") in rows]
    if not pairs:
        return None
    y = np.array([r["labels"] for r, _ in pairs], dtype=int)
    yp = np.array([[l in (s.get("labels") or []) for l in LABELS] for _, s in pairs], dtype=int)
    m = compute_metrics(y, yp)
    return {"path": str(p), "n_quotes": len(pairs), "macro_f1": m.macro_f1, "micro_f1": m.micro_f1,
            "exact_match": m.exact_match, "per_label_f1": {l: v.f1 for l, v in m.per_label.items()}}


def _jsonable(x: Any) -> Any:
    return json.loads(json.dumps(x, default=str))


def check_targets(report: dict[str, Any]) -> dict[str, Any]:
    """The issue's targets, each with the measured value and whether it is met."""
    m = report["systems"][MODEL_SYSTEM]["metrics"]
    base = {k: v["metrics"]["macro_f1"] for k, v in report["systems"].items() if k in report.get("baselines", {})}
    best_name = max(base, key=base.get) if base else None
    out: dict[str, Any] = {
        "macro_f1": {"value": m["macro_f1"], "target": TARGETS_OF_ISSUE["macro_f1"]},
        "min_label_f1": {"value": min(v["f1"] for v in m["per_label"].values()), "target": TARGETS_OF_ISSUE["min_label_f1"]},
        "ece": {"value": m["ece"], "target": TARGETS_OF_ISSUE["ece"], "lower_is_better": True},
        "target_accuracy": {"value": m["target_accuracy"], "target": TARGETS_OF_ISSUE["target_accuracy"]},
    }
    if best_name:
        out["margin_over_best_baseline"] = {"value": m["macro_f1"] - base[best_name], "target": TARGETS_OF_ISSUE["margin_over_best_baseline"],
                                            "best_baseline": best_name}
    for v in out.values():
        val = v["value"]
        v["met"] = None if val is None else (val <= v["target"] if v.get("lower_is_better") else val >= v["target"])
    return out


def format_report(report: dict[str, Any]) -> str:
    """Plain-text tables: systems overview, per-label, breakdowns of the fine-tuned model, checks."""
    lines = [f"Evaluation on the {report['split']} split: {report['n_quotes']} quotes from {report['n_articles']} articles "
             f"(model {report['model']['name']})", ""]
    head = f"{'system':<28}{'macro-F1':>9}{'micro-F1':>9}{'exact':>7}{'ECE':>7}{'target':>8}  " + "".join(f"{l[:12]:>13}" for l in LABELS)
    lines += [head, "-" * len(head)]
    for name, s in report["systems"].items():
        m = s["metrics"]
        ece = "  n/a" if m["ece"] is None else f"{m['ece']:.3f}"
        tacc = "   n/a" if m["target_accuracy"] is None else f"{m['target_accuracy']:.3f}"
        lines.append(f"{name:<28}{m['macro_f1']:>9.3f}{m['micro_f1']:>9.3f}{m['exact_match']:>7.3f}{ece:>7}{tacc:>8}  "
                     + "".join(f"{m['per_label'][l]['f1']:>13.3f}" for l in LABELS))
    m = report["systems"][MODEL_SYSTEM]["metrics"]
    lines += ["", f"{MODEL_SYSTEM}: per label (threshold tuned on dev)", f"{'label':<20}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}{'threshold':>11}"]
    for l in LABELS:
        s = m["per_label"][l]
        lines.append(f"{l:<20}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>9}{report['model']['thresholds'][l]:>11.2f}")
    for key, title in (("by_kind", "quote kind"), ("by_affiliation", "speaker affiliation")):
        lines += ["", f"{MODEL_SYSTEM} by {title}", f"{title:<22}{'n':>5}{'macro-F1':>10}{'micro-F1':>10}{'exact':>8}"]
        for g, s in report["systems"][MODEL_SYSTEM][key].items():
            lines.append(f"{g:<22}{s['n']:>5}{s['macro_f1']:>10.3f}{s['micro_f1']:>10.3f}{s['exact_match']:>8.3f}")
    lines += ["", "targets of the issue"]
    for k, v in report["checks"].items():
        val = "n/a" if v["value"] is None else f"{v['value']:.3f}"
        op = "<=" if v.get("lower_is_better") else ">="
        extra = f" (best baseline: {v['best_baseline']})" if "best_baseline" in v else ""
        lines.append(f"  {k:<28}{val:>8}  {op} {v['target']:.2f}  {'met' if v['met'] else 'NOT met'}{extra}")
    for sname, sl in (report.get("slices") or {}).items():
        lines += ["", f"slice {sname} ({sl['n_quotes']} quotes, {sl['path']})"]
        for name, s_ in sl["systems"].items():
            m_ = s_["metrics"]
            lines.append(f"  {name:<26}macro-F1 {m_['macro_f1']:.3f}  micro-F1 {m_['micro_f1']:.3f}  exact {m_['exact_match']:.3f}")
    st = report["model"]["input_stats"]
    lines.append(f"\ninputs: {st['context_truncated']} contexts truncated, {st['quotes_windowed']} quotes windowed (of {st['examples']})")
    return "\n".join(lines)
