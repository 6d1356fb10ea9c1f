"""The systems a user would otherwise pick, evaluated on the same split as the fine-tuned model:

- ``keywords``: hand-written keyword rules per label, written from ANNOTATION.md's definitions;
- ``tfidf-logreg``: TF-IDF of the quote and of "speaker | context", one-vs-rest logistic regression;
- ``minilm-frozen-logreg``: frozen all-MiniLM-L6-v2 mean-pooled embeddings of the same two
  segments, one-vs-rest logistic regression (SetFit's idea without its contrastive step).

The learnt baselines get what the model gets: the train split to fit, the dev split to choose
their regularisation and per-label thresholds, and the same inputs (quote, speaker, context).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from stance.labels import LABELS, TARGETS
from stance.model.inputs import second_segment
from stance.training.train import Example

__all__ = ["Baseline", "KeywordBaseline", "TfidfLogRegBaseline", "FrozenEmbeddingLogRegBaseline", "all_baselines"]


def _y(examples: Sequence[Example]) -> np.ndarray:
    return np.array([e.labels for e in examples], dtype=int).reshape(-1, len(LABELS))


@dataclass
class Baseline:
    """Common interface: ``fit(train, dev)`` then ``predict_proba(examples)``."""

    name: str = "baseline"
    thresholds: np.ndarray = field(default_factory=lambda: np.full(len(LABELS), 0.5))
    probabilistic: bool = True
    fit_seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> "Baseline":
        raise NotImplementedError

    def predict_proba(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


# ---------------------------------------------------------------- keyword rules
_KEYWORDS: dict[str, str] = {
    "pro-ceasefire": r"cease-?fire|truce|armistice|cessation of hostilities|halt (?:to |in )?(?:the )?(?:fighting|hostilities|war)|"
    r"end (?:to )?(?:the )?(?:fighting|war|hostilities|bloodshed)|stop (?:the )?(?:fighting|war|killing|bloodshed)|"
    r"de-?escalat|restraint|silence the guns|pause in (?:the )?fighting|lay down (?:their |your )?arms",
    "humanitarian": r"humanitarian|civilian|\baid\b|relief|food|water|fuel|medic|hospital|hostage|detainee|prisoner|captive|"
    r"corridor|international law|famine|starv|displac|refugee|children|wounded|injured|shelter|lifesaving|life-saving",
    "mediation": r"mediat|negotiat|\btalks\b|dialogue|diplomac|\bdeal\b|proposal|peace (?:conference|process|plan|summit)|"
    r"two-state|political (?:solution|settlement|process)|constructive role|broker|\benvoy|framework|intermediar|facilitat",
    "support-for-party": r"right to (?:defend|self-defen[cs]e|exist)|self-defen[cs]e|stand (?:firmly )?(?:with|by)|solidarity|"
    r"unwavering|ironclad|zionist|terroris|occupation|occupier|aggress|genocide|war crimes?|butcher|invader|"
    r"legitimate (?:rights|struggle|resistance)|just cause|our (?:people|brothers)|support (?:for )?(?:israel|the palestin|ukraine|russia)",
}
_PARTIES: dict[str, str] = {
    "israel": r"israel|\bidf\b|jewish state",
    "palestine": r"palestin|gaza|west bank|\bhamas\b",
    "ukraine": r"ukrain|kyiv|kiev|zelensk",
    "russia": r"russia|moscow|kremlin|putin",
}
#: Condemning one side by epithet takes the other's side.
_AGAINST: dict[str, str] = {"palestine": r"zionist|occupation|occupier|genocide", "israel": r"hamas terror|terroris"}


@dataclass
class KeywordBaseline(Baseline):
    """A label fires when one of its keywords is in the quote; the target is the party named."""

    name: str = "keywords"
    probabilistic: bool = False

    def __post_init__(self) -> None:
        self._label_res = [re.compile(_KEYWORDS[l], re.I) for l in LABELS]
        self._party_res = {p: re.compile(r, re.I) for p, r in _PARTIES.items()}
        self._against = {p: re.compile(r, re.I) for p, r in _AGAINST.items()}
        self.params = {"keywords": _KEYWORDS, "parties": _PARTIES}

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> "KeywordBaseline":
        return self

    def _target(self, quote: str, context: str | None) -> str:
        for party, rx in self._against.items():
            if rx.search(quote):
                return party
        for text in (quote, context or ""):
            hits = [(m.start(), p) for p, rx in self._party_res.items() if (m := rx.search(text))]
            if hits:
                return min(hits)[1]
        return "other"

    def predict_proba(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        p = np.array([[1.0 if rx.search(e.quote) else 0.0 for rx in self._label_res] for e in examples]).reshape(-1, len(LABELS))
        t = np.zeros((len(examples), len(TARGETS)))
        for i, e in enumerate(examples):
            t[i, TARGETS.index(self._target(e.quote, e.context))] = 1.0
        return p, t


# ---------------------------------------------------------------- learnt baselines
class _LogRegBaseline(Baseline):
    """One-vs-rest logistic regression on features from ``_features``; C chosen on dev macro-F1."""

    Cs: tuple[float, ...] = (0.25, 1.0, 4.0, 16.0)

    def _fit_features(self, train: Sequence[Example]) -> np.ndarray:
        raise NotImplementedError

    def _features(self, examples: Sequence[Example]) -> Any:
        raise NotImplementedError

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> "_LogRegBaseline":
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        from stance.evaluation.metrics import macro_f1, tune_thresholds

        t0 = time.perf_counter()
        xtr = self._fit_features(train)
        xdv = self._features(dev)
        ytr, ydv = _y(train), _y(dev)
        best = None
        for c in self.Cs:
            clf = OneVsRestClassifier(LogisticRegression(C=c, class_weight="balanced", max_iter=2000))
            clf.fit(xtr, ytr)
            p = clf.predict_proba(xdv)
            f1 = macro_f1(ydv, p >= tune_thresholds(ydv, p))
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, c, clf, p)
        _, c, self._clf, pdev = best
        self.thresholds = tune_thresholds(ydv, pdev)
        sup = [i for i, e in enumerate(train) if e.target >= 0]
        self._tclf = None
        if sup:
            tgts = np.array([train[i].target for i in sup])
            if len(set(tgts)) > 1:
                self._tclf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(xtr[sup], tgts)
            else:
                self._only_target = int(tgts[0])
        self.params = {**self.params, "C": c}
        self.fit_seconds = time.perf_counter() - t0
        return self

    def predict_proba(self, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
        x = self._features(examples)
        p = self._clf.predict_proba(x)
        t = np.zeros((len(examples), len(TARGETS)))
        if self._tclf is not None:
            t[:, self._tclf.classes_] = self._tclf.predict_proba(x)
        else:
            t[:, getattr(self, "_only_target", TARGETS.index("other"))] = 1.0
        return p, t


class TfidfLogRegBaseline(_LogRegBaseline):
    """TF-IDF (word 1–2-grams, sublinear tf) of the quote and, separately, of "speaker | context"."""

    def __init__(self) -> None:
        super().__init__(name="tfidf-logreg")
        self.params = {"ngram_range": [1, 2], "sublinear_tf": True}

    def _fit_features(self, train: Sequence[Example]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vq = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, strip_accents="unicode")
        self._vc = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, strip_accents="unicode")
        self._vq.fit([e.quote for e in train])
        try:
            self._vc.fit([second_segment(e.speaker, e.context) or "" for e in train])
        except ValueError:  # no speaker or context words at all: quote features only
            self._vc = None
        return self._features(train)

    def _features(self, examples: Sequence[Example]) -> Any:
        from scipy.sparse import hstack

        q = self._vq.transform([e.quote for e in examples])
        if self._vc is None:
            return q.tocsr()
        c = self._vc.transform([second_segment(e.speaker, e.context) or "" for e in examples])
        return hstack([q, 0.5 * c]).tocsr()


class FrozenEmbeddingLogRegBaseline(_LogRegBaseline):
    """Frozen all-MiniLM-L6-v2, mean-pooled and L2-normalised (as sentence-transformers does), of
    the quote and of "speaker | context", concatenated."""

    def __init__(self, encoder: str = "minilm", batch_size: int = 64) -> None:
        super().__init__(name="minilm-frozen-logreg")
        self.encoder = encoder
        self.batch_size = batch_size
        self.params = {"encoder": encoder, "pooling": "mean", "max_length": 256}
        self._model = None
        self._tok = None

    def _embed(self, texts: list[str]) -> np.ndarray:
        import torch
        from transformers import AutoModel

        from stance.model.encoders import load_tokenizer, resolve_encoder

        if self._model is None:
            path, local = resolve_encoder(self.encoder)
            self._tok = load_tokenizer(self.encoder)
            self._model = AutoModel.from_pretrained(path, local_files_only=local).eval()
        out = np.zeros((len(texts), self._model.config.hidden_size), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                enc = self._tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt")
                h = self._model(**enc).last_hidden_state
                m = enc["attention_mask"].unsqueeze(-1).float()
                e = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
                out[idx] = torch.nn.functional.normalize(e, dim=-1).numpy()
        return out

    def _fit_features(self, train: Sequence[Example]) -> np.ndarray:
        return self._features(train)

    def _features(self, examples: Sequence[Example]) -> np.ndarray:
        q = self._embed([e.quote for e in examples])
        c = self._embed([second_segment(e.speaker, e.context) or "" for e in examples])
        return np.hstack([q, c])


def all_baselines() -> list[Baseline]:
    return [KeywordBaseline(), TfidfLogRegBaseline(), FrozenEmbeddingLogRegBaseline()]
