"""Turning (quote, context, speaker) into encoder features, the same way in training and use.

The quote is the first segment; ``"speaker | context"`` the second, so the tokenizer keeps them
apart (token types, a [SEP] between). Nothing is cut silently: the context is truncated first
(``only_second``); a quote that cannot fit beside a minimum of context is split into overlapping
windows, whose logits the model combines (max over windows). Both are counted in ``InputStats``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

#: Saved in stance.json so that a loaded model builds its inputs the way it was trained.
INPUT_FORMAT: dict[str, Any] = {
    "first": "quote",
    "second": "{speaker} | {context}",
    "truncation": "only_second",
    "long_quotes": "window",
    "window_overlap": 0.25,
    "min_second_tokens": 24,
    "context_quote": "mask",  # the quote inside its context is replaced by "…": no tokens spent twice
    "max_second_tokens": 64,  # "speaker | context" is cut (and counted) beyond this many tokens
}
#: What a saved input format without these keys meant (models saved before they existed).
_LEGACY = {"context_quote": "keep", "max_second_tokens": None}
QUOTE_MARK = "…"


def mask_quote(context: str | None, quote: str) -> str | None:
    """``context`` with the first occurrence of ``quote`` replaced by "…" (unchanged when absent)."""
    if not context or not quote.strip():
        return context
    i = context.find(quote)
    if i < 0:
        return context
    return context[:i] + QUOTE_MARK + context[i + len(quote) :]


def second_segment(speaker: str | None, context: str | None) -> str | None:
    """``"speaker | context"``; None when both are missing (the quote is then encoded alone)."""
    sp = (speaker or "").strip()
    cx = (context or "").strip()
    if not sp and not cx:
        return None
    return f"{sp} | {cx}".strip()


@dataclass
class InputStats:
    """How many inputs did not fit whole: reported, never hidden."""

    examples: int = 0
    features: int = 0
    context_truncated: int = 0
    quotes_windowed: int = 0
    windowed_indices: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"examples": self.examples, "features": self.features,
                "context_truncated": self.context_truncated, "quotes_windowed": self.quotes_windowed}


def _check_list(name: str, values: Sequence[Any] | None, n: int) -> list[Any]:
    if values is None:
        return [None] * n
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of str or None, got {type(values).__name__}")
    if len(values) != n:
        raise ValueError(f"{name} has {len(values)} items but there are {n} quotes")
    for i, v in enumerate(values):
        if v is not None and not isinstance(v, str):
            raise TypeError(f"{name}[{i}] must be str or None, got {type(v).__name__}")
    return list(values)


def build_features(
    tokenizer: Any,
    quotes: Sequence[str],
    contexts: Sequence[str | None] | None,
    speakers: Sequence[str | None] | None,
    max_length: int,
    input_format: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], InputStats]:
    """Features (dicts of ``input_ids``, ``attention_mask``, ``token_type_ids`` and ``index``, the
    position of the quote they belong to; a windowed quote gives several) and the truncation counts."""
    fmt = dict(INPUT_FORMAT) if input_format is None else {**INPUT_FORMAT, **_LEGACY, **input_format}
    if isinstance(quotes, str) or not isinstance(quotes, Sequence):
        raise TypeError(f"quotes must be a list of str, got {type(quotes).__name__}")
    n = len(quotes)
    for i, q in enumerate(quotes):
        if not isinstance(q, str):
            raise TypeError(f"quotes[{i}] must be str, got {type(q).__name__}")
    ctxs = _check_list("contexts", contexts, n)
    spks = _check_list("speakers", speakers, n)
    stats = InputStats(examples=n)
    if n == 0:
        return [], stats
    if fmt["context_quote"] == "mask":
        ctxs = [mask_quote(c, q) for c, q in zip(ctxs, quotes)]
    seconds = [second_segment(s, c) for s, c in zip(spks, ctxs)]
    n_pair = tokenizer.num_special_tokens_to_add(pair=True)
    n_single = tokenizer.num_special_tokens_to_add(pair=False)
    min_second = int(fmt["min_second_tokens"])

    q_enc = tokenizer(list(quotes), add_special_tokens=False, return_offsets_mapping=True)
    with_second = [i for i, s in enumerate(seconds) if s is not None]
    s_len = {}
    cut: set[int] = set()  # examples whose second segment lost tokens
    cap = fmt.get("max_second_tokens")
    if with_second:
        s_enc = tokenizer([seconds[i] for i in with_second], add_special_tokens=False, return_offsets_mapping=bool(cap))
        for k, i in enumerate(with_second):
            n_tok = len(s_enc["input_ids"][k])
            if cap and n_tok > cap:  # cut at a token boundary of the original string
                seconds[i] = seconds[i][: s_enc["offset_mapping"][k][cap - 1][1]]
                cut.add(i)
                n_tok = cap
            s_len[i] = n_tok

    # Plan each example: (first text, second text or None, example index).
    plan: list[tuple[str, str | None, int]] = []
    for i, q in enumerate(quotes):
        qlen = len(q_enc["input_ids"][i])
        sec = seconds[i]
        if sec is None:
            budget = max_length - n_single
            if qlen <= budget:
                plan.append((q, None, i))
                continue
        else:
            budget = max_length - n_pair - min(min_second, s_len[i], max_length // 4)
            if qlen <= budget:
                if qlen + s_len[i] + n_pair > max_length:
                    cut.add(i)
                plan.append((q, sec, i))
                continue
            if s_len[i] > min(min_second, max_length // 4):
                cut.add(i)
        # Window the quote: W tokens per window, overlapping by window_overlap.
        budget = max(budget, 8)
        offsets = q_enc["offset_mapping"][i]
        step = max(1, int(budget * (1.0 - float(fmt["window_overlap"]))))
        starts = list(range(0, max(qlen - budget, 0) + step, step))
        if starts[-1] + budget < qlen:
            starts.append(qlen - budget)
        for s in starts:
            e = min(s + budget, qlen)
            plan.append((q[offsets[s][0] : offsets[e - 1][1]], sec, i))
            if e >= qlen:
                break
        stats.quotes_windowed += 1
        stats.windowed_indices.append(i)

    feats: list[dict[str, Any]] = []
    singles = [p for p in plan if p[1] is None]
    pairs = [p for p in plan if p[1] is not None]
    if singles:
        enc = tokenizer([p[0] for p in singles], truncation=True, max_length=max_length)
        feats += _rows(enc, [p[2] for p in singles])
    if pairs:
        try:
            enc = tokenizer([p[0] for p in pairs], [p[1] for p in pairs], truncation="only_second", max_length=max_length)
            feats += _rows(enc, [p[2] for p in pairs])
        except Exception:  # some window re-tokenised longer than planned: only that row cuts both sides
            for first, second, idx in pairs:
                try:
                    enc = tokenizer([first], [second], truncation="only_second", max_length=max_length)
                except Exception:
                    enc = tokenizer([first], [second], truncation="longest_first", max_length=max_length)
                feats += _rows(enc, [idx])
    feats.sort(key=lambda f: f["index"])  # stable: windows stay in order
    stats.features = len(feats)
    stats.context_truncated = len(cut)
    return feats, stats


def _rows(enc: Any, indices: list[int]) -> list[dict[str, Any]]:
    out = []
    has_tt = "token_type_ids" in enc
    for k, idx in enumerate(indices):
        ids = enc["input_ids"][k]
        out.append({
            "input_ids": ids,
            "attention_mask": enc["attention_mask"][k],
            "token_type_ids": enc["token_type_ids"][k] if has_tt else [0] * len(ids),
            "index": idx,
        })
    return out
