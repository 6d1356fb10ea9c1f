"""The text around a quote that the stance model reads with it.

Training (``stance.data.gold``) and inference (``stance.analyze``) must build the context the same
way, or the model sees one distribution in training and another in use. So this is one pure
function of ``(text, start, end, max_chars)``: regex sentence boundaries, no model, no state.

The context is always a substring of the original text (``text[cs:ce]`` for
``cs, ce = context_span(...)``) that contains as much of the quote span as ``max_chars`` allows:
the sentence(s) holding the span, plus the previous sentence when they are short (a bare
“We will act,” he said. says little without what came before), trimmed to ``max_chars`` around the
span at word boundaries.
"""
from __future__ import annotations

import re

__all__ = ["quote_context", "context_span", "SHORT_SENTENCE"]

#: A quote sentence shorter than this (in characters) gets its previous sentence as well.
SHORT_SENTENCE = 160

# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote; or at a line break (headlines, paragraphs, live-blog time stamps).
_BOUNDARY = re.compile(
    r"(?P<end>[.!?…]+[\"”’'»)\]]*)\s+(?=[\"“‘'«(\[]?[A-Z0-9])"
    r"|(?P<nl>\s*\n\s*)"
)
_ABBREV = frozenset(
    """mr mrs ms dr prof st gen lt col sgt capt maj adm gov sen rep rev jr sr no nos vs etc approx
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e a.m p.m sen fr mt ft""".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).strip(".").lower()
    if word in _ABBREV:
        return True
    return len(word) == 1 and text[dot - 1].isupper()  # an initial: "J. Smith"


def _boundaries(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence gaps ``(end_of_previous, start_of_next)`` inside ``text[lo:hi]``."""
    out = []
    for m in _BOUNDARY.finditer(text, lo, hi):
        if m.group("end") is not None:
            punct_end = m.end("end")
            if text[m.start("end")] == "." and m.end("end") - m.start("end") == 1 and _is_abbreviation(text, m.start("end")):
                continue
            out.append((punct_end, m.end()))
        else:
            out.append((m.start(), m.end()))
    return out


def _trim(text: str, cs: int, ce: int, start: int, end: int, max_chars: int) -> tuple[int, int]:
    """Cut ``[cs, ce)`` to ``max_chars`` around ``[start, end)``, at word boundaries where possible."""
    if ce - cs <= max_chars:
        return cs, ce
    span = end - start
    if span >= max_chars:
        return start, start + max_chars
    budget = max_chars - span
    left_room, right_room = start - cs, ce - end
    left = min(left_room, budget // 2)
    right = min(right_room, budget - left)
    left = min(left_room, budget - right)  # give what the right side could not use to the left
    ncs, nce = start - left, end + right
    if ncs > cs:  # do not start mid-word
        sp = text.find(" ", ncs, start)
        if sp != -1:
            ncs = sp + 1
    if nce < ce:  # do not end mid-word
        sp = text.rfind(" ", end, nce)
        if sp != -1:
            nce = sp
    return ncs, nce


def context_span(text: str, start: int, end: int, max_chars: int = 400) -> tuple[int, int]:
    """Offsets ``(cs, ce)`` of the context of the quote ``text[start:end]``; see the module doc."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"quote span ({start}, {end}) out of range for a text of {len(text)} characters")
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    # Only look at a window around the span, so long articles cost no more than short ones.
    reach = 4 * max_chars
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    gaps = _boundaries(text, lo, hi)
    cs, ce, prev_start = lo, hi, None
    for gap_end, next_start in gaps:
        if next_start <= start:
            prev_start, cs = cs, next_start
        elif gap_end >= end:
            ce = gap_end
            break
    if ce - cs < SHORT_SENTENCE and prev_start is not None:
        cs = prev_start
    # Drop surrounding white space, keeping the span inside.
    while cs < start and text[cs].isspace():
        cs += 1
    while ce > end and text[ce - 1].isspace():
        ce -= 1
    return _trim(text, cs, ce, start, end, max_chars)


def quote_context(text: str, start: int, end: int, max_chars: int = 400) -> str:
    """The sentence(s) around ``text[start:end]``, at most ``max_chars`` long; see the module doc."""
    cs, ce = context_span(text, start, end, max_chars)
    return text[cs:ce]
