"""A same-length 'shadow' of the article that the rules read, and its sentence map.

Rules run on a cleaned copy of the text whose every character sits at the same offset as in
the caller's string: HTML tags, entities, zero-width and bidi-control characters are overwritten
in place. Offsets found on the shadow therefore index the original string with no mapping
table, which is what keeps ``Quote.text == text[start:end]`` true on any input.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from stance.extraction.lexicon import ABBREVIATIONS

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
                        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u180e]")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,300}>|<!--.{0,2000}?-->", re.S)
_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "blockquote", "section", "article", "header", "footer", "table", "hr"}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_LINEBREAKS = re.compile("\r\n?|[\u2028\u2029\u0085]")
# NYT style doubled apostrophes used as double quotation marks: ''Like this,'' he said.
_DOUBLE_APOS = re.compile(r"(?<!['’])(?:''|’’|‘‘)(?!['’])")
_TRIPLE_APOS = re.compile(r"(?<!['’])(?:'''|’’’)(?!['’])")


def _tag(m: re.Match[str]) -> str:
    n = len(m.group(0))
    name = (m.group(1) or "").lower()
    if name in _BLOCK_TAGS:
        return "\n" + " " * (n - 1)
    return " " * n


def _entity(m: re.Match[str]) -> str:
    raw = m.group(0)
    ch = html.unescape(raw)
    if len(ch) != 1 or ch == raw:
        return raw
    if ch in "\u00a0":
        ch = " "
    return ch + " " * (len(raw) - 1)


def _linebreak(m: re.Match[str]) -> str:
    return "\n" if len(m.group(0)) == 1 else " \n"


def shadow(text: str) -> str:
    """Return a cleaned copy of ``text`` with exactly the same length and offsets."""
    s = text
    if "<" in s:
        s = _TAG.sub(_tag, s)
    if "&" in s:
        s = _ENTITY.sub(_entity, s)
    s = _INVISIBLE.sub(" ", s)
    s = _SPACES.sub(" ", s)
    s = _LINEBREAKS.sub(_linebreak, s)
    if "''" in s or "’’" in s or "‘‘" in s:
        s = _TRIPLE_APOS.sub(_triple_apos, s)
        s = _DOUBLE_APOS.sub(_double_apos, s)
    return s


def _around(m: re.Match[str]) -> tuple[str, str]:
    """The characters just before and after a match (a space at either end of the text)."""
    s, a, b = m.string, m.start(), m.end()
    return (s[a - 1] if a > 0 else " "), (s[b] if b < len(s) else " ")


def _triple_apos(m: re.Match[str]) -> str:
    """Three marks next to words: a single mark and a doubled one meeting (NYT style, the
    inner quote closing with the outer one, or the outer one opening with an inner one)."""
    before, after = _around(m)
    if not before.isspace() and (after.isspace() or after in ".,;:!?)"):
        return "'\" "  # the inner quote closes, then the outer one
    if (before.isspace() or before in "([—–-") and not after.isspace():
        return " \"'"  # the outer quote opens, then an inner one
    return m.group(0)


def _double_apos(m: re.Match[str]) -> str:
    s, a = m.string, m.start()
    before, after = _around(m)
    if (before.isspace() or before in "([—–-") and not after.isspace():
        return " \""  # opening: keep the mark next to the words it opens
    if not before.isspace():
        return "\" "
    if a >= 2 and s[a - 2] in "'’" and (after.isspace() or after in ".,;:!?)"):
        return "\" "  # an inner quote closed, a space, then the outer one closes
    return m.group(0)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    para: int


_PARA = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets, also one set off by a space
# as in 'over. " Then' from text flattened out of paragraphs) before a space and a plausible sentence
# start; after a curly closing mark no space is needed ('over.”He said', 'over. ”“Next': flattened too).
# Candidates are then filtered for abbreviations and initials.
_BOUNDARY = re.compile(r"([.!?…]+)((?:[ ][\"”])?[\"'”’»)\]]*)(\s+|(?<=”))(?=[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def paragraphs(s: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), whitespace-trimmed."""
    out = []
    for m in _PARA.finditer(s):
        a, b = m.start(), m.end()
        while a < b and s[a] == " ":
            a += 1
        while b > a and s[b - 1] == " ":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def sentences(s: str, paras: list[tuple[int, int]], protect: list[tuple[int, int]] = ()) -> list[Span]:
    """Sentences within paragraphs; abbreviations ('Mr.', 'U.S.') and initials do not split, nor
    do boundaries inside a protected span (a closed quotation: 'He said: “A. B.” Then ...')."""
    import bisect

    out: list[Span] = []
    p_starts = [x for x, _ in protect]
    for pi, (a, b) in enumerate(paras):
        start = a
        for m in _BOUNDARY.finditer(s, a, b):
            skip_mark = False
            if protect:
                k = bisect.bisect_right(p_starts, m.start()) - 1
                if k >= 0 and protect[k][0] < m.start() and m.end() <= protect[k][1]:
                    if m.end() < protect[k][1]:
                        continue
                    # 'the table. "She said': the closing mark, set off by a space, ends this sentence
                    skip_mark = True
            if m.group(1) == ".":
                w = _LAST_WORD.search(s, max(a, m.start() - 20), m.start())
                if w:
                    word = w.group(1).lower().rstrip(".")
                    if word in ABBREVIATIONS or (len(word) == 1 and not m.group(2)):
                        continue
                    if "." in word and len(word) <= 6 and not m.group(2):  # U.S. followed by a name
                        nxt = s[m.end(): m.end() + 1]
                        if nxt.isupper() and word in ABBREVIATIONS:
                            continue
            end = m.start(3)
            if end > start:
                _append(out, s, start, end, pi)
            start = m.end() + 1 if skip_mark else m.end()
        if start < b:
            _append(out, s, start, b, pi)
    return out


#: Longer 'sentences' (lists, text without punctuation) are cut so that work per sentence is bounded.
MAX_SENTENCE = 1500


def _append(out: list[Span], s: str, a: int, b: int, pi: int) -> None:
    while b - a > MAX_SENTENCE:
        cut = max(s.rfind("; ", a, a + MAX_SENTENCE), s.rfind(", ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE))
        if cut <= a:
            cut = s.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        if cut <= a:
            cut = a + MAX_SENTENCE
        out.append(Span(a, cut + 1 if s[cut:cut + 1] in ";," else cut, pi))
        a = cut + 1
        while a < b and s[a] == " ":
            a += 1
    if b > a:
        out.append(Span(a, b, pi))
