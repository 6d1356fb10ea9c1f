"""Quote extraction and speaker attribution: ``extract_quotes(text) -> list[Quote]``.

Rules by default: quotation marks are paired (straight, curly, single, guillemets; split,
multi-paragraph and continuation quotes), reporting cues outside quotation marks give indirect,
mixed and according-to quotes, and speaker phrases are resolved to the most specific name in the
article with an affiliation from the actor registry or the place table. Linear in the input;
never raises on a ``str``. ``tagger=`` adds the learned attribution tagger of
``stance.extraction.learned``, which corrects the rules' spans and finds what they miss.
"""
from __future__ import annotations

from typing import Any, Callable

from stance.types import Quote

__all__ = ["extract_quotes"]

#: Above this size the text is processed in independent windows so that cost stays linear.
_WINDOW = 200_000


def _extract(text: str, offset: int = 0, correct: Callable[[Any], None] | None = None) -> list[Quote]:
    """Quotes of one window. ``correct`` edits the rules' candidates before speakers are resolved
    (the learned tagger's ``correct``)."""
    from stance.extraction.quotes import find_candidates
    from stance.extraction.speakers import Resolver

    d = find_candidates(text)
    if correct is not None:
        correct(d)
    Resolver(d).run()
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for c in sorted(d.cands, key=lambda c: (c.start, c.end)):
        if c.end <= c.start or (c.start, c.end) in seen:
            continue
        if c.speaker is None:
            continue
        seen.add((c.start, c.end))
        out.append(Quote(start=c.start + offset, end=c.end + offset, text=text[c.start:c.end], kind=c.kind,
                         speaker=c.speaker, actor=c.actor, affiliation=c.affiliation, source=c.source, cue=c.cue))
    return out


def _windows(text: str) -> list[tuple[int, int]]:
    """Cut very long input at paragraph breaks near every _WINDOW characters."""
    out = []
    a = 0
    n = len(text)
    while a < n:
        b = min(n, a + _WINDOW)
        if b < n:
            cut = text.rfind("\n", a + _WINDOW // 2, b)
            if cut < 0:
                cut = text.rfind(". ", a + _WINDOW // 2, b)
                cut = cut + 1 if cut >= 0 else b
            b = cut
        out.append((a, b))
        a = b
    return out


def extract_quotes(text: str, *, tagger: Any = None) -> list[Quote]:
    """Every attributed statement in ``text``; offsets index ``text`` itself.

    ``tagger`` (an ``AttributionTagger``, the directory of a saved one, or ``True`` for
    ``$STANCE_HOME/models/tagger``) lets the learned tagger correct the rules: more statements
    found (PolNeAR dev F1 0.82 -> 0.87), at a few articles per second per core rather than
    hundreds (see ``stance.extraction.learned``).
    Raises ``TypeError`` for anything but ``str``; never raises on a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes expects the article text as str, got {type(text).__name__}")
    if not text.strip():
        return []
    correct = None
    if tagger is not None and tagger is not False:
        from stance.extraction.learned import resolve_tagger

        correct = resolve_tagger(tagger).correct
    if len(text) <= _WINDOW:
        return _extract(text, 0, correct)
    out: list[Quote] = []
    for a, b in _windows(text):
        out.extend(q for q in _extract(text[a:b], a, correct))
    # offsets were shifted; re-read the text from the caller's string
    return [q if text[q.start:q.end] == q.text else Quote(**{**q.to_dict(), "labels": tuple(q.labels), "text": text[q.start:q.end]}) for q in out]
