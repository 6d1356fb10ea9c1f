"""Training quotes that nearly repeat an evaluation quote are left out of training.

News repeats itself: a live page quotes one statement in several posts, and writers who cover the
same real event paraphrase the same statement. A training quote whose words nearly repeat a dev,
test or real-news slice quote would carry that quote's label into training, for the model and the
baselines alike, and flatter every score measured on it. Matching is on word sets (Jaccard), so
reordered or lightly edited repeats count too.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from stance.data.raw import normalise


def words(text: str) -> frozenset[str]:
    """The word set of a text in the form raw-quote deduplication compares (``raw.normalise``:
    case, accents, punctuation and quotation marks ignored)."""
    return frozenset(normalise(text).split())


def near_duplicates(train: Sequence[str], held_out: Sequence[str], threshold: float = 0.5,
                    min_words: int = 5) -> list[int]:
    """Indices of the ``train`` texts whose word set has a Jaccard similarity of at least
    ``threshold`` with some ``held_out`` text. Texts of fewer than ``min_words`` words count only
    when their word sets are equal (two words in common say nothing about a short slogan)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    hs = [words(t) for t in held_out]
    exact = {h for h in hs if h}
    postings: dict[str, list[int]] = defaultdict(list)
    for j, h in enumerate(hs):
        if len(h) >= min_words:
            for w in h:
                postings[w].append(j)
    # candidates share a word that few held-out texts have: a common word ('the', 'said') would make
    # every pair a candidate, and texts this similar share rarer words as well
    cap = max(20, len(hs) // 20)
    out = []
    for i, t in enumerate(train):
        a = words(t)
        if not a:
            continue
        if len(a) < min_words:
            if a in exact:
                out.append(i)
            continue
        cands: set[int] = set()
        for w in a:
            p = postings.get(w)
            if p is not None and len(p) <= cap:
                cands.update(p)
        for j in cands:
            b = hs[j]
            inter = len(a & b)
            if inter and inter / (len(a) + len(b) - inter) >= threshold:
                out.append(i)
                break
        else:
            if a in exact:
                out.append(i)
    return out
