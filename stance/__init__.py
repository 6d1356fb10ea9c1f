"""stance: who said what in the news, and where they stand.

    >>> import stance
    >>> quotes = stance.extract_quotes(article)          # no model needed
    >>> stance.predict("“We call for an immediate ceasefire,” Zhai said.")
    >>> stance.analyze(article)                          # quotes with labels, scores, target
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stance.labels import KINDS, LABELS, TARGETS
from stance.types import Prediction, Quote

if TYPE_CHECKING:  # pragma: no cover
    from stance.model import StanceModel

__version__ = "0.1.0"
__all__ = ["LABELS", "KINDS", "TARGETS", "Quote", "Prediction", "extract_quotes", "predict", "analyze", "load", "__version__"]


def extract_quotes(text: str, *, tagger: Any = None) -> list[Quote]:
    """Every attributed statement in ``text``, with resolved speaker and affiliation; no model needed.

    ``tagger=True`` (or a directory) lets the learned attribution tagger correct the rules: it
    finds more statements, at a few articles per second (see ``stance.extraction.learned``)."""
    from stance.extraction import extract_quotes as _extract

    return _extract(text, tagger=tagger)


def load(path: str | None = None, *, backend: str = "torch") -> "StanceModel":
    """Load a saved stance model (the default one when ``path`` is None) on CPU."""
    from stance.model import load as _load

    return _load(path, backend=backend)


def predict(texts: Any, model: Any = None, *, batch_size: int = 32, threshold: float | None = None) -> Any:
    """Stance of one quoted sentence (``str`` → ``Prediction``) or many (list → list)."""
    from stance.inference import predict as _predict

    return _predict(texts, model, batch_size=batch_size, threshold=threshold)


def analyze(article: Any, model: Any = None, *, batch_size: int = 32, threshold: float | None = None,
            tagger: Any = None) -> Any:
    """Quotes of an article with stance filled in; a list of articles gives a list of lists.
    ``tagger``: extract the quotes with the learned attribution tagger (see ``extract_quotes``)."""
    from stance.inference import analyze as _analyze

    return _analyze(article, model, batch_size=batch_size, threshold=threshold, tagger=tagger)
