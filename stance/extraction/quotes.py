"""Finding quote spans and their attributions: direct, split, multi-paragraph, continuation,
mixed, indirect, according-to, 'quoted as saying' and `Speaker: statement` headlines.

Two passes share one cue index. Quotation marks are paired first (per paragraph, with
multi-paragraph chains), and each quoted span looks for its attribution immediately to the right
or the left. Then every remaining reporting cue outside quotation marks yields an indirect or
mixed quote: the clause after the cue ("Zhai said China maintained ...") or, when the cue closes
the sentence ("..., the Russian readout said."), the clause before it. Everything runs on the
same-length shadow text, so offsets are the caller's.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from stance.extraction import lexicon as L
from stance.extraction.actors import places, registry
from stance.extraction.phrases import NP, Tok, indefinite, np_ending_at, np_starting_at, own_text, tokens
from stance.extraction.textnorm import Span, paragraphs, sentences, shadow

# ----------------------------------------------------------------------------------------------
# candidates


@dataclass
class Cand:
    start: int
    end: int
    kind: str
    np: NP | None = None
    cue: str | None = None
    cue_pos: int = -1
    source: str | None = None
    chain: int = -1
    inherit: int = -1  # index of the candidate whose speaker a continuation takes
    sent: int = -1
    speaker: str | None = None
    actor: str | None = None
    affiliation: str | None = None


@dataclass
class Seg:
    """A quoted span between paired marks; ``c0:c1`` is the content without the marks."""

    open: int
    close: int  # index of the closing mark, or paragraph end when unclosed
    c0: int
    c1: int
    para: int
    unclosed: bool = False
    chain: int = -1
    cand: int = -1


_MARK = re.compile(r"[\"'“”„«»‘’‹›‟]")
_OPENERS = set(" \t\n([{—–-/:;“‘\"'«„")
_PUNCT_AFTER = set(" \t\n.,;:!?)]}—–-/…”’\"'»")


_NEXT_DQ = re.compile(r"[\"“”]")


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|our|Our|us|my|My|me)\b")
_THIRD_CUE = re.compile(r"\b(?:said|says|say|told|tells|tell|added|adds|asked|asks|ask|explained|explains|"
                        r"according to|recalled|recalls|wrote|writes|describes|described)\b")


def _spaced_close(s: str, i: int, b: int) -> bool:
    """Is the straight mark at ``i`` (space before, word after, a quote open) a closing mark?

    It is when a sentence ends just before the space and the next double mark in the paragraph
    opens a quote of its own (or there is none): "… all over. "She said later that …"."""
    if i < 2 or s[i - 2] not in ".?!":
        return False
    m = _NEXT_DQ.search(s, i + 1, b)
    if m is None:
        return True
    j = m.start()
    c = s[j]
    if c == "”":
        return False
    if c == "“":
        return True
    prev = s[j - 1]
    nxt = s[j + 1] if j + 1 < b else " "
    opens = (prev.isspace() or prev in _OPENERS) and not nxt.isspace()
    if opens and j >= 2 and s[j - 2] in ".?!" and _FIRST_PERSON.search(s, i + 1, j) and not _THIRD_CUE.search(s, i + 1, j):
        # both marks are glued to the next paragraph's first word ('... here. "We were ... . "They ...'):
        # words in the first person between them are the speaker's, a paragraph of the same quote
        return False
    return opens


def _pair_paragraph(s: str, a: int, b: int, pi: int, ignore: set[int]) -> tuple[list[Seg], bool, int | None]:
    """Pair the marks of one paragraph (those in ``ignore`` aside); return its segments, whether a
    mark opens it, and a straight single mark left open at its end (an apostrophe, or a quote that
    never closes, as in "'Crackdown'The new fence ..." flattened from a page) when double marks follow it."""
    top: tuple[int, str, str] | None = None  # (pos, family, char)
    inner: int | None = None
    first_open_at_start = False
    para_segs: list[Seg] = []
    for m in _MARK.finditer(s, a, b):
        i = m.start()
        if i in ignore:
            continue
        c = s[i]
        prev = s[i - 1] if i > a else " "
        nxt = s[i + 1] if i + 1 < b else " "
        fam = "S" if c in "'‘’‹›" else "D"
        prev_sp = prev in _OPENERS or prev.isspace()
        nxt_sp = nxt.isspace()
        if c in "“„«‟":
            can_open = not nxt_sp
            can_close = c == "“" and not prev_sp and (nxt_sp or nxt in _PUNCT_AFTER)
        elif c in "”»":
            can_close = True
            can_open = c == "”" and prev_sp and not nxt_sp
        elif c == '"':
            can_open = prev_sp and not nxt_sp
            can_close = not prev.isspace() and (nxt_sp or nxt in _PUNCT_AFTER or not nxt.isalnum())
            if prev == " " and i - 2 >= a and s[i - 2] in "'’" and (nxt_sp or nxt in _PUNCT_AFTER):
                can_close, can_open = True, False
            elif prev == " " and nxt_sp and i - 2 >= a and s[i - 2] in ".?!,…":
                # 'the best way forward. " The next day ...': spaces on both sides after a sentence
                # end (text flattened from paragraphs) close a quote; they cannot open one
                can_close = True
        elif c == "‘" or c == "‹":
            can_open = not nxt_sp and not (prev.isalnum() and nxt.isalnum())
            can_close = False
        elif c == "›":
            can_open, can_close = False, True
        else:  # ' or ’: apostrophe unless at a word edge
            word_inside = prev.isalnum() and nxt.isalnum()
            can_open = c == "'" and prev_sp and nxt.isalnum()
            can_close = not prev.isspace() and not word_inside and (nxt_sp or nxt in _PUNCT_AFTER)
            if prev in "sz" and nxt_sp and top is not None and top[1] == "S" and i - top[0] < 3:
                can_close = False
            if word_inside and prev.islower() and nxt.isupper() and top is not None and top[2] == "'" and \
                    i - top[0] <= 40 and s[top[0] + 1:top[0] + 2].isupper():
                # "'Suppression'The new fencing ...": a subheading glued to the next sentence closes here
                can_close = True
        if top is None:
            if can_open:
                top = (i, fam, c)
                inner = None
                if i == a:
                    first_open_at_start = True
            continue
        if fam == top[1]:
            if can_close and (top[2] != "„" or c in "“”\""):
                if i > top[0] + 1:
                    para_segs.append(Seg(top[0], i, top[0] + 1, i, pi))
                top = None
                inner = None
            elif can_open and c == '"' and top[2] == '"' and _spaced_close(s, i, b):
                # 'end of the quote. "Narrative goes on ... "next quote"': a closing mark
                # set off by a space (text flattened from paragraphs), not a new opening
                if i > top[0] + 1:
                    para_segs.append(Seg(top[0], i, top[0] + 1, i, pi))
                top = None
                inner = None
            elif can_open and top[2] not in "'‘" and c not in "'’":
                # a new opening while one is open: the earlier one was never closed
                para_segs.append(Seg(top[0], i, top[0] + 1, i, pi, unclosed=True))
                top = (i, fam, c)
        else:
            if inner is None and can_open:
                inner = i
            elif inner is not None and can_close:
                inner = None
    if top is not None and top[1] == "D" or (top is not None and top[1] == "S" and top[2] == "‘"):
        para_segs.append(Seg(top[0], b, top[0] + 1, b, pi, unclosed=True))
    stray = top[0] if top is not None and top[2] == "'" and _NEXT_DQ.search(s, top[0], b) else None
    return para_segs, first_open_at_start, stray


def _find_segments(s: str, paras: list[tuple[int, int]]) -> list[Seg]:
    """Pair quotation marks within each paragraph; link paragraphs reopened without closing."""
    segs: list[Seg] = []
    prev_unclosed: Seg | None = None
    chain_ids = itertools.count()

    def link(u: Seg, w: Seg) -> None:
        """``w`` reopens the quote that ``u`` left open: one multi-paragraph quote."""
        if u.chain < 0:
            u.chain = next(chain_ids)
        w.chain = u.chain

    for pi, (a, b) in enumerate(paras):
        ignore: set[int] = set()
        while True:
            para_segs, first_open_at_start, stray = _pair_paragraph(s, a, b, pi, ignore)
            if stray is None or len(ignore) >= 3:
                break
            # a straight single mark never closed would hide every double-quoted pair after it
            ignore.add(stray)
        # multi-paragraph chain: previous paragraph ended open, this one reopens at its start
        # (linked first, in reading order, so a chain that goes on within the paragraph stays one)
        if prev_unclosed is not None and para_segs and para_segs[0].open == a and first_open_at_start:
            link(prev_unclosed, para_segs[0])
        for u, w in zip(para_segs, para_segs[1:]):
            if u.unclosed and u.close == w.open and w.open >= a + 2 and s[w.open - 1] == " " and s[w.open - 2] in ".?!":
                # 'on the port. "Whoever did this ...," he said': a paragraph break flattened away; the
                # quote reopens without closing, as a multi-paragraph quote does
                link(u, w)
        prev_unclosed = para_segs[-1] if para_segs and para_segs[-1].unclosed and para_segs[-1].close == b else None
        segs.extend(para_segs)
    for g in segs:  # trim whitespace inside the marks
        while g.c0 < g.c1 and s[g.c0].isspace():
            g.c0 += 1
        while g.c1 > g.c0 and s[g.c1 - 1].isspace():
            g.c1 -= 1
    return [g for g in segs if g.c1 > g.c0]


# ----------------------------------------------------------------------------------------------
# cue index

_WORD = re.compile(r"[A-Za-z]+")
#: 'Said Comey, “...”' / 'Says the report: ...': an inverted attribution opening a sentence.
_INVERTED_OPEN = re.compile(r"Sa(?:id|ys)\s+(?:the\s+|a\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3}\s*[,:]\s*[“\"‘']")
_MULTI_SECOND = {"call": ("for", "on", "upon"), "called": ("for", "on", "upon"), "calls": ("for", "on", "upon"),
                 "calling": ("for", "on", "upon"), "push": ("for",), "pushed": ("for",), "pushes": ("for",),
                 "pushing": ("for",), "point": ("out",), "pointed": ("out",), "points": ("out",),
                 "pointing": ("out",), **{w: ("back",) for w in ("fire", "fired", "fires", "firing", "shoot", "shot",
                                                                  "shoots", "shooting", "hit", "hits", "hitting")}}
_BACK_SPEECH = re.compile(r"(?:\s+(?:\w+ly|again))?\s*(?:[:,“\"‘]|\s+that\b)")
#: Say verbs whose content may be an of-phrase instead of a clause ('warned of a wider war').
_OF_CUES = L.verb_forms("warn")
_PROTEST_VERBS = L.verb_forms("protest")
_PROTEST_PLACE = re.compile(r"\s+(?:against|outside|in|at|near|on|across|through|along|inside|around)\b")
_ANON_VERBS = L.verb_forms("ask") | L.verb_forms("request")
_ANONYMITY = re.compile(r"\s+(?:not\s+to\s+be\s+(?:named|identified|quoted)|for\s+(?:anonymity|privacy)|anonymity|privacy|"
                        r"that\s+(?:his|her|their)\s+name)")
#: 'called it off', 'called it quits', 'called it a day': idioms, not a characterisation.
_CALLED_IT_NOT = re.compile(r"\s+(?:off|quits|in|out|up|back|a day|a night)\b|[.;]")
_FIRST_WORDS = {f.split()[0] for f in L.CUE_FORMS} | {"according", "quoted", "cited"}
_QUOTED_AS = re.compile(r"(?:(?:was|were|is|are|has been|have been|had been|been)\s+|(?<=\w)['’](?:s|re)\s+)(?:quoted|cited)\s+"
                        r"(?:as\s+)?(?:saying|telling|adding|stating|warning)\b")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    form: str  # lower-case canonical text: "said", "according to", "called for", "quoted saying"

    @property
    def act(self) -> bool:
        return self.form in L.ACT_FORMS

    @property
    def gerund(self) -> bool:
        return self.form.split()[0].endswith("ing") and not self.form.startswith("quoted")


def find_cues(s: str, lo: int, hi: int) -> list[Cue]:
    out: list[Cue] = []
    for m in _WORD.finditer(s, lo, hi):
        w = m.group(0)
        lw = w.lower()
        if lw not in _FIRST_WORDS:
            continue
        if w[0].isupper() and lw != "according" and m.start() > lo and s[m.start() - 1] not in "\n“\"‘'(":
            if not (lw in ("said", "says") and _INVERTED_OPEN.match(s, m.start()) and
                    s[max(lo, m.start() - 3):m.start()].rstrip(" ").endswith((".", "!", "?", "”", '"', "\n"))):
                continue  # capitalised mid-sentence: a name ("Said", "Hail")
        a, b = m.start(), m.end()
        if (a > 0 and s[a - 1] in "-’'") or (b < len(s) and s[b] in "-’'" and lw != "according"):
            continue  # 'Sanders-endorsed', "says'"
        if lw == "according":
            n = _WORD.match(s, b + 1) if b + 1 < hi else None
            if n and n.group(0) == "to" and s[b] == " ":
                out.append(Cue(a, n.end(), "according to"))
            continue
        if lw in ("quoted", "cited"):
            continue
        if lw in _PROTEST_VERBS and _PROTEST_PLACE.match(s, b):
            continue  # 'people protested against the war', 'protesting outside the embassy': a demonstration
        if lw in _ANON_VERBS and _ANONYMITY.match(s, b):
            continue  # 'who asked not to be named': a condition of speaking, not a statement
        if lw in _OF_CUES:
            n = _WORD.match(s, b + 1) if b + 1 < hi else None
            if n and s[b] == " " and n.group(0) == "of":
                out.append(Cue(a, n.end(), f"{lw} of"))  # 'warned of a wider war': the danger is the content
                continue
        if lw in _MULTI_SECOND:
            n = _WORD.match(s, b + 1) if b + 1 < hi else None
            if n and s[b] == " " and n.group(0) in _MULTI_SECOND[lw]:
                form = f"{lw} {n.group(0)}"
                if n.group(0) == "back" and not _BACK_SPEECH.match(s, n.end()):
                    continue  # 'fired back at the gunmen', 'hit back at critics': an act; 'fired back: "..."' speaks
                if form in L.CUE_FORMS:
                    out.append(Cue(a, n.end(), form))
            elif lw in ("called", "calls", "calling") and n and s[b] == " " and n.group(0) not in ("off", "up", "out", "in", "back", "to", "by") \
                    and not (n.group(0) == "it" and _CALLED_IT_NOT.match(s, n.end())):
                out.append(Cue(a, b, "called" if lw == "called" else lw))  # 'called the strike a war crime'
            elif lw in ("called", "calls") and s[b:b + 1] == " " and s[b + 1:b + 2] in ("“", '"', "'", "‘"):
                out.append(Cue(a, b, lw))  # 'which he called “a cartel”'
            continue
        if lw in ("saying", "telling", "adding", "stating", "warning"):
            q = _QUOTED_AS.search(s, max(lo, a - 30), b)
            if q and q.end() == b:
                out.append(Cue(q.start(), b, "quoted saying"))
                continue
        if lw in L.CUE_FORMS:
            out.append(Cue(a, b, lw))
    return out


# ----------------------------------------------------------------------------------------------
# helpers on token windows

_PREPS = {"in", "on", "at", "during", "after", "before", "via", "through", "over", "with", "from", "late",
          "early", "to", "for", "inside", "outside", "near", "amid", "ahead", "following", "while", "when",
          "alongside", "under", "within", "without", "across", "by", "last", "this", "earlier", "later",
          "as", "into", "about", "told", "upon"}
_DAY_PARTS = {"morning", "afternoon", "evening", "night", "week", "weekend", "month", "year", "spring", "summer",
              "autumn", "fall", "winter", "day"}
_DETS = {"the", "a", "an", "his", "her", "its", "their", "this", "that", "last", "next", "our"}
_CONTENT_BAD_START = {"to", "by", "in", "on", "at", "for", "with", "from", "of", "up", "out", "off", "over",
                      "into", "about", "upon", "as", "and", "or", "but", "than", "so", "is", "was", "were", "are",
                      "be", "been", "being", "has", "have", "had", "who", "which", "it."}
_SOURCE_PP = re.compile(
    r"\b(?:in|on|via|through|to|according to)\s+((?:a|an|the|his|her|its|their|another|separate|"
    r"[A-Z][\w’'\-.]*|[a-z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-.]*|[a-z][\w’'\-]*)){0,6}?\s+"
    r"(?:readout|statement|communiqu[eé]|release|report|transcript|letter|memo|interview|post|tweet|message|"
    r"briefing|speech|address|remarks|broadcast|article|op-ed|video|podcast|declaration|announcement)"
    r"(?:\s+(?:with|to|on|by|from)\s+(?:the\s+)?[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){0,3})?)"
)
_OUTLET_ADDRESSEE = re.compile(
    r"^\s*(?:told|tells|telling)\s+((?:the\s+)?(?:BBC|CNN|Reuters|AFP|AP|Associated Press|Al Jazeera|"
    r"Al Arabiya|Sky News|Fox News|NBC|CBS|ABC|NPR|MSNBC|CNBC|Bloomberg|Axios|Politico|Time|"
    r"[A-Z][\w’'\-]*\s+(?:[A-Z][\w’'\-]*\s+)?(?:News|Times|Post|Journal|Herald|Telegraph|Guardian|TV|Radio|"
    r"Agency|Gazette|Tribune|Daily|Magazine|Network))(?:\s+[A-Z][\w’'\-]*){0,3})\b"
)
_SENT_END_STRIP = " \t\n.!?;:,—–-"


_PASSIVE_ADVERBS = {"also", "later", "again", "since", "already", "then", "even", "once", "often", "not", "never"}


def _passive_before(toks: list[Tok], ti: int) -> bool:
    """Does a passive auxiliary stand before the cue at ``ti``, past adverbs ('was also condemned',
    'has been heavily criticised')?"""
    i = ti - 1
    while i >= 0 and (toks[i].low in _PASSIVE_ADVERBS or L.adverb_like(toks[i].low) and len(toks[i].low) > 4
                      and toks[i].text.islower()):
        i -= 1
    return 0 <= i < ti - 1 and toks[i].low in L.PASSIVE_AUX


def _skip_adverbs_back(toks: list[Tok], i: int) -> int:
    while i >= 0:
        lw = toks[i].low
        if lw in L.CUE_ADVERBS or (L.adverb_like(lw) and len(lw) > 4 and toks[i].text.islower()):
            i -= 1
            continue
        if lw in L.TIME_WORDS and i - 1 >= 0 and toks[i - 1].low in ("on", "last", "this", "late", "early"):
            i -= 2
            continue
        if lw in _TIME_NOUNS and i - 1 >= 0 and toks[i - 1].low in ("this", "last", "that", "next"):
            i -= 2  # 'An assessment this week said'
            continue
        if lw in _TIME_NOUNS and i - 1 >= 0 and toks[i - 1].low in L.TIME_WORDS:
            i -= 2 if i - 2 >= 0 and toks[i - 2].low != "on" else 1  # 'X Sunday night said', 'X on Sunday night said'
            continue
        if lw in L.TIME_WORDS and i - 2 >= 0 and toks[i - 1].text.isdigit() and toks[i - 2].low == "on":
            i -= 3  # 'the army on 7 October said'
            continue
        break
    return i


_TIME_NOUNS = {"week", "month", "year", "weekend", "morning", "afternoon", "evening", "night"}


def _to_addressee(toks: list[Tok], j: int, hi: int) -> int:
    """'said to reporters: ...', 'says to the voters of Nevada that ...': skip the addressee."""
    if j + 1 >= hi or toks[j].low != "to":
        return j
    first = toks[j + 1]
    if not (first.low in _ADDRESSEE_START or (first.text[:1].isupper() and first.low not in L.PRONOUNS)):
        return j  # 'vowed to crush ...': an infinitive, not an addressee
    k = j + 1
    while k < hi and k - j <= 7 and toks[k].text not in (":", ",", "“", '"', "‘") and toks[k].low != "that":
        t = toks[k]
        if not (t.text.replace("-", "").replace(".", "").isalnum()) or t.low in _NOT_ADDRESSEE:
            return j
        k += 1
    if k == j + 1 or k >= hi or k - j > 7:
        return j
    return k


_ADDRESSEE_START = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "reporters", "journalists",
                    "lawmakers", "supporters", "voters", "me", "him", "them", "us", "you", "delegates", "parliament"}
_NOT_ADDRESSEE = {"be", "have", "been", "is", "are", "was", "were", "will", "would", "can", "could", "should", "do",
                  "did", "make", "get", "go", "take"}


#: Words that make a number approximate ('about 200', 'over half'); after a cue they open the content.
_APPROX = {"about", "around", "over", "under", "nearly", "almost", "roughly", "approximately", "some"}
_QUANTITY_WORDS = {"half", "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                   "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
                   "hundreds", "thousand", "thousands", "million", "millions", "dozen", "dozens", "third", "quarter"}


def _quantity(t: Tok) -> bool:
    return t.low in _QUANTITY_WORDS or t.text[:1].isdigit() or t.text[:1] in "$£€"


#: The adverbs of _APPROX, which the adverbial skip after a cue would otherwise pass over.
_APPROX_ADVERBS = {"nearly", "roughly", "approximately"}


def _approx_start(toks: list[Tok], j: int, n: int, words: set[str] = _APPROX) -> bool:
    """Does an approximate quantity start at toks[j] ('about 200', 'at least 200', 'up to half',
    'as many as 30', with ``words`` the ones that may open it before a number)? After a cue it
    opens the content, not an adverbial or a topic."""
    lw = toks[j].low
    if lw in words and j + 1 < n and _quantity(toks[j + 1]):
        return True
    if lw == "at" and j + 1 < n and toks[j + 1].low in ("least", "most"):
        return True
    if lw == "up" and j + 2 < n and toks[j + 1].low == "to" and _quantity(toks[j + 2]):
        return True
    return lw == "as" and j + 2 < n and toks[j + 1].low in ("many", "much", "few", "little") and toks[j + 2].low == "as"


def _skip_pps(s: str, toks: list[Tok], j: int, hi_tok: int, obj_verb: bool) -> int:
    """Skip an addressee and adverbial prepositional phrases after a cue."""
    n = hi_tok
    if obj_verb and j < n:
        k = j
        if toks[k].low in _DETS and toks[k].low != "that":  # 'warned that the ...' has no addressee
            k += 1
        while k < n and toks[k].low not in ("that",) and not (k > j and toks[k].low in _DETS) and (
                toks[k].text[:1].isupper() or toks[k].low in L.HEAD_NOUNS or toks[k].low in L.NP_MODIFIERS
                or (toks[k].low in ("of", "and", "from", "at") and k > j and k + 1 < n and toks[k + 1].text[:1].isupper())):
            k += 1
            if k - j > 9:
                break
        if k == j and j < n and toks[j].low in ("reporters", "journalists", "him", "her", "them", "us", "me", "you", "lawmakers", "supporters", "delegates", "parliament"):
            k = j + 1
        if k == j:
            # 'telling donors that ...', 'warned local farmers that ...': an unlisted addressee before 'that'
            x = j
            while x < n and x - j < 4 and toks[x].text.isalpha() and toks[x].low != "that" and toks[x].low not in _VERBISH \
                    and toks[x].low not in L.CUE_FORMS and toks[x].low not in _PREPS:
                x += 1
            if j < x < n and toks[x].low == "that":
                k = x
        j = k
    while j < n:
        lw = toks[j].low
        if _approx_start(toks, j, n, _APPROX_ADVERBS):
            break  # 'said at least 200 people were killed', 'said nearly 30,000': the number opens the content
        if L.adverb_like(lw) and toks[j].text.islower() and len(lw) > 4:
            j += 1
            continue
        if lw in L.TIME_WORDS or lw in ("again", "also", "repeatedly", "too", "then", "once"):
            j += 1
            continue
        if lw in ("this", "last", "next", "earlier", "later", "that") and j + 1 < n and toks[j + 1].low in _DAY_PARTS:
            j += 2  # 'announced this morning', 'said last week'
            continue
        if lw == "for" and j + 1 < n and toks[j + 1].low in ("weeks", "months", "years", "days", "decades", "hours", "some", "a", "the"):
            k = j + 1
            if toks[k].low in ("some", "a", "the") and k + 1 < n and toks[k + 1].low in ("time", "while", "weeks", "months", "years", "days", "decades", "long"):
                j = k + 2
                continue
            if toks[k].low in ("weeks", "months", "years", "days", "decades", "hours"):
                j = k + 1
                continue
        if lw in _PREPS and lw not in ("to", "as", "while", "when", "about", "for", "by", "into") and j + 1 < n or \
                lw == "of" and j > 0 and toks[j - 1].low in L.SAY_FORMS and j + 1 < n:
            k = j + 1
            if toks[k].low in _DETS:
                k += 1
                while k < n and toks[k].low not in ("that",) and toks[k].low not in _PREPS and \
                        (toks[k].low not in L.CUE_FORMS or toks[k].low in L.SOURCE_NOUNS) and \
                        toks[k].text.replace("-", "").replace("’", "").isalpha() and k - j <= 8:  # 'in a Telegram post that'
                    if toks[k].text.islower() and (k + 1 >= n or not toks[k + 1].text.isalpha() or toks[k + 1].low in ("that", "on", "in", "at", "with", "to") or toks[k + 1].text[:1].isupper()):
                        k += 1
                        break
                    k += 1
            else:
                while k < n and toks[k].text[:1].isupper() and k - j <= 5:
                    k += 1
                if k == j + 1 and k < n and toks[k].text.isdigit() and len(toks[k].text) == 4:
                    k += 1  # 'said in 2008 that ...'
                if k < n and toks[k].low in L.TIME_WORDS:
                    k += 1
            if k == j + 1:
                break
            j = k
            continue
        break
    return j


# ----------------------------------------------------------------------------------------------
# the extractor


class _Doc:
    def __init__(self, text: str):
        self.text = text
        self.s = shadow(text)
        self.paras = paragraphs(self.s)
        self.segs = _find_segments(self.s, self.paras)
        self.sents: list[Span] = sentences(self.s, self.paras, [(g.open, g.close) for g in self.segs if not g.unclosed])
        self.sent_starts = [x.start for x in self.sents]
        self.seg_open = [g.open for g in self.segs]
        self.cands: list[Cand] = []
        self.used_cues: set[int] = set()
        self.deferred: list[Seg] = []  # quoted sentences whose statement is decided after indirect speech
        self.claimed: list[tuple[int, int]] = []
        self.para_starts = [a for a, _ in self.paras]
        self._cues: list[Cue] | None = None
        self._cue_starts: list[int] = []
        self._sent_toks: dict[int, tuple[list[Tok], list[int]]] = {}

    def cues_in(self, lo: int, hi: int) -> list[Cue]:
        """Reporting cues starting within [lo, hi), from one scan of the whole text."""
        if self._cues is None:
            self._cues = find_cues(self.s, 0, len(self.s))
            self._cue_starts = [c.start for c in self._cues]
        i = bisect.bisect_left(self._cue_starts, lo)
        j = bisect.bisect_left(self._cue_starts, hi, i)
        return [c for c in self._cues[i:j] if c.end <= hi]

    def toks(self, lo: int, hi: int) -> list[Tok]:
        """Tokens lying within [lo, hi). Sentences are tokenised once, when first needed (tokens
        never cross a sentence boundary, so this equals tokenising the whole text)."""
        if hi <= lo or not self.sents:
            return []
        s0 = max(0, bisect.bisect_right(self.sent_starts, lo) - 1)
        s1 = max(0, bisect.bisect_right(self.sent_starts, hi - 1) - 1)
        out: list[Tok] = []
        for si in range(s0, s1 + 1):
            pt = self._sent_toks.get(si)
            if pt is None:
                sp = self.sents[si]
                lst = tokens(self.s, sp.start, sp.end)
                pt = (lst, [x.start for x in lst])
                self._sent_toks[si] = pt
            lst, starts = pt
            i = bisect.bisect_left(starts, lo)
            j = bisect.bisect_left(starts, hi, i)
            while j > i and lst[j - 1].end > hi:
                j -= 1
            if out:
                out.extend(lst[i:j])
            else:
                out = lst[i:j]
        return out

    def sent_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return max(i, 0)

    def in_quote(self, pos: int) -> bool:
        """Is ``pos`` strictly inside a quoted span? (top-level spans never overlap)"""
        i = bisect.bisect_left(self.seg_open, pos) - 1
        return i >= 0 and pos < self.segs[i].close


def _tail_source(s: str, a: int, b: int) -> str | None:
    m = _SOURCE_PP.search(s, a, b)
    if m:
        return m.group(1).strip()
    m = _OUTLET_ADDRESSEE.match(s[a:b])
    if m:
        return m.group(1).strip()
    return None


def _right_attr(d: _Doc, g: Seg) -> tuple[NP, Cue, str | None] | None:
    """'“...,” Zhai said' / '“...,” said Zhai' / '“...,” according to the readout'."""
    s = d.s
    a = g.close + 1
    pb = d.paras[g.para][1]
    b = min(pb, a + 260)
    # stop at the next opening quote mark
    nxt = bisect.bisect_right(d.seg_open, g.close)
    if nxt < len(d.segs) and d.segs[nxt].open < b:
        b = d.segs[nxt].open
    toks = d.toks(a, b)
    if not toks:
        return None
    k = 0
    while k < len(toks) and toks[k].text in (",", "—", "–", "-", ".", "!", "?", "…", ")", "”", "’", '"', "'"):
        if toks[k].text in (".", "!", "?") and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
            # a sentence boundary right after the quote: the next sentence may still be '“...” He said.'? no
            return None
        k += 1
    cues = d.cues_in(toks[k].start if k < len(toks) else a, b)
    if not cues:
        return None
    c = cues[0]
    # the cue must come within a few tokens: a subject phrase or nothing in between
    ci = next((i for i, t in enumerate(toks) if t.start >= c.start), len(toks))
    if ci - k > 22:
        return None
    if ci == k and c.gerund and c.form not in ("quoted saying", "according to"):
        return None  # '“...,” saying the city ...': a participle clause, not 'said X'
    if c.form == "according to" or ci == k:
        j = next((i for i, t in enumerate(toks) if t.start >= c.end), len(toks))
        while j < len(toks) and toks[j].low in ("by",):
            j += 1
        np, nj = according_np(s, toks, j) if c.form == "according to" else np_starting_at(s, toks, j)
        if np is None and c.form in L.SAY_FORMS and c.form != "according to":
            # '“...,” said the 46-year-old.': a short determiner phrase up to the end of the clause
            e = j
            while e < len(toks) and e - j <= 6 and toks[e].text not in _NP_STOP:
                e += 1
            if e < len(toks) and toks[e].text in (",", ".", ";", "!", "?", "—", "–") or e == len(toks):
                np = _loose_np(s, toks, j, e)
                nj = e
        if np is None:
            return None
        end = toks[nj - 1].end if nj > 0 else c.end
        src = _tail_source(s, end, b)
        if c.form == "according to":
            return np, c, src
        return np, c, src
    if c.gerund:
        return None
    i = _skip_adverbs_back(toks, ci - 1)
    if toks[ci - 1].low in L.PASSIVE_AUX and c.form in ("told", "asked", "said", "urged", "warned"):
        return None
    np = np_ending_at(s, toks, i)
    if i >= k:
        np = _prefer_long(s, toks[k:], i - k, np)  # '“...,” Ann Roy, 55, a retired teacher, said'
    if np is None and i >= k:
        np = _loose_np(s, toks, k, i + 1)  # '“...,” the 43-year-old asked'
    if np is None:
        return None
    first = toks[k].start
    if np.full_start > first and s[first:np.full_start].strip(" ,—–-") not in ("", "the", "The"):
        fk = next((x for x in range(k, i + 1) if toks[x].start >= np.full_start), i + 1)
        if not _loose_lead(toks, k, fk) and not _bare_role_lead(toks, k, fk):
            return None
        # '“...,” his friend Omar Said told the site': a short description before the name
        np = NP(np.start, np.end, np.text, np.kind, (s[first:np.full_start].strip(" ,") + (", " + np.title if np.title else "")).strip(", "),
                first)
    cend = c.end
    j = next((x for x, t in enumerate(toks) if t.start >= cend), len(toks))
    # after the cue only an addressee, adverbials or the end of the sentence may follow; a clause
    # there ('... "CBS This Morning," Sanders said he had not ...') is a new statement
    j2 = _skip_pps(s, toks, j, len(toks), c.form in L.OBJECT_VERBS)
    if j2 == len(toks) - 1 and toks[j2].text == ":" and nxt < len(d.segs) and d.segs[nxt].open == b \
            and not s[toks[j2].end:b].strip() and s[g.c1 - 1: g.c1] in (".", "!", "?", "…"):
        return None  # '“... ahead.” Ann Roy said: “...”': the colon hands the cue to the next quote
    if j2 + 1 < len(toks) and toks[j2].low == "that" and toks[j2 + 1].low not in _DAY_PARTS | {"day", "time", "point"}:
        return None  # 'Citing “family reasons,” the aide told CNN that ...': the cue reports its own clause
    if j2 < len(toks) and toks[j2].text not in (".", "!", "?", ",", ";", ":", "“", '"', "—", "–", "(", "‘") and \
            toks[j2].low not in _ADVERBIAL_CLAUSE and (s[g.c1 - 1: g.c1] in (".", "!", "?", "…") or _title_like(s[g.c0:g.c1])):
        return None
    src = _tail_source(s, cend, b)
    if src is None and c.form in L.OBJECT_VERBS:
        m = _OUTLET_ADDRESSEE.match(s[c.start: b])
        if m:
            src = m.group(1).strip()
    return np, c, src


_LOOSE_DETS = {"the", "a", "an", "his", "her", "their", "its", "our", "one", "another", "this", "that"}


def _loose_lead(toks: list[Tok], k: int, e: int) -> bool:
    """Is toks[k:e] a short lower-case description opened by a determiner ('his friend', 'her
    longtime campaign aide', 'the 43-year-old')? Nothing verb-like may stand in it."""
    n = e - k
    if n < 2 or n > 5 or toks[k].low not in _LOOSE_DETS:
        return False
    for t in toks[k + 1:e]:
        x = t.text.replace("-", "")
        if not (x.isalnum() and (t.text.islower() or t.text[:1].isdigit())) or t.low in _VERBISH or t.low in L.CUE_FORMS \
                or t.low in L.CLAUSE_OPENERS or t.low in _DETS or (L.adverb_like(t.low) and "-" not in t.low):
            return False
    return True


def _bare_role_lead(toks: list[Tok], k: int, e: int) -> bool:
    """Is toks[k:e] a role without a determiner before a name, right after a quote ('former Bush
    speechwriter', 'Republican strategist', 'master of ceremonies')? It must end in a lower-case
    noun and hold nothing verb-like."""
    n = e - k
    if n < 1 or n > 5 or not toks[e - 1].text.isalpha() or not toks[e - 1].text.islower():
        return False
    for t in toks[k:e]:
        x = t.text.replace("-", "").replace(".", "")
        if not x.isalpha() or t.low in _VERBISH or t.low in L.CUE_FORMS or t.low in L.CLAUSE_OPENERS or \
                t.low in _DETS or t.low in L.PRONOUNS or t.low in _ADVERBIAL_CLAUSE and t.low != "of" or \
                (L.adverb_like(t.low) and "-" not in t.low) or t.low.endswith("ing"):
            return False
    return True


def _loose_np(s: str, toks: list[Tok], k: int, e: int) -> NP | None:
    """A speaker description the phrase grammar does not list, made of toks[k:e] (see _loose_lead)."""
    if not _loose_lead(toks, k, e):
        return None
    last = toks[e - 1].low
    if last in L.NOT_NAMES or last in _NOT_DESC_HEADS or last.endswith(("ing", "ed")) and "-" not in last:
        return None
    a = toks[k + 1].start if toks[k].low in ("the", "a", "an") else toks[k].start
    return NP(a, toks[e - 1].end, s[a:toks[e - 1].end], "desc", "", toks[k].start)


#: Heads that make no speaker ('the same', 'the other way', 'a lot').
_NOT_DESC_HEADS = {"same", "other", "way", "lot", "time", "day", "year", "week", "thing", "things", "one", "ones",
                   "end", "point", "case", "fact", "moment", "night", "morning", "evening", "first", "last", "next",
                   "number", "rest", "most", "least", "best", "worst", "world", "country", "nation", "place"}


_LEFT_END = re.compile(r"[\s,:;—–-]*$")


def _left_attr(d: _Doc, g: Seg, lo: int) -> tuple[NP, Cue, str | None] | None:
    """'Zhai said: “...”' / 'He told reporters that “...”' / 'According to X, “...”' / 'X: “...”'."""
    s = d.s
    hi = g.open
    if hi - lo > 300:
        lo = hi - 300
    toks = d.toks(lo, hi)
    if not toks:
        return None
    # trailing punctuation before the mark
    e = len(toks) - 1
    while e >= 0 and toks[e].text in (",", ":", "—", "–", "-", ";"):
        e -= 1
    if e < 0:
        return None
    colon = any(t.text == ":" for t in toks[e + 1:])
    if toks[e].low == "that":
        e -= 1
    cues = d.cues_in(toks[0].start, toks[e].end) if e >= 0 else []
    if not cues:
        # 'Shoukry: “...”' (a colon after a bare speaker phrase)
        if colon:
            np = np_ending_at(s, toks, e, allow_appos=False)
            if np is not None and np.kind in ("name", "desc", "org") and np.full_start == toks[0].start:
                return np, Cue(toks[e].end, toks[e].end + 1, ":"), None
        return None
    c = cues[-1]
    if c.act and c.form not in L.SAY_FORMS:
        return None
    ci = next((i for i, t in enumerate(toks) if t.start >= c.start), len(toks))
    cj = next((i for i, t in enumerate(toks) if t.start >= c.end), len(toks))
    if c.form == "according to":
        np, nj = according_np(s, toks, cj)
        if np is None or nj <= e:
            return None
        return np, c, None
    j = _skip_pps(s, toks, cj if c.form in _TO_VERBS or _tense(c.form) not in ("past", "3sg") else _to_addressee(toks, cj, e + 1),
                  e + 1, c.form in L.OBJECT_VERBS)
    if j <= e and toks[j].text == "," and e - j <= 16 and any(t.text in (",", ":") for t in toks[e + 1:]) and \
            not any(t.low in L.CUE_FORMS or t.text in ("“", "”", '"', ";", ".") for t in toks[j + 1:e + 1]):
        j = e + 1  # 'Beck joked, again using a drawl, “...”': an aside between the cue and the quote
    if j <= e:
        return None  # words between the cue and the quote: a mixed quote, left to the clause pass
    if not any(t.text in (":", ",") for t in toks[e + 1:]):
        # 'X said that “...” about Y': unless the quote ends the sentence it is part of a clause
        se = d.sents[d.sent_of(min(g.close, len(s) - 1))].end
        if s[g.close + 1: se].strip(" .,!?;:”’\"')—–-"):
            return None
    if c.gerund:
        return None
    if ci > 0 and toks[ci - 1].low in L.PASSIVE_AUX and c.form != "quoted saying":
        return None
    i = _skip_adverbs_back(toks, ci - 1)
    if i >= 2 and toks[i].low == "who" and toks[i - 1].text == ",":
        np = np_ending_at(s, toks, i - 2, allow_appos=False)  # 'as did Ann Roy, who wrote on Instagram: “...”'
    else:
        np = _prefer_long(s, toks, i, np_ending_at(s, toks, i)) if i >= 0 else None
    if np is None and not (i >= 0 and toks[i].low in ("who", "which")):
        # inverted: 'said Zhai: “...”'
        np, nj = np_starting_at(s, toks, cj)
        if np is None:
            return None
    src = _tail_source(s, c.end, hi)
    return np, c, src


def _add(d: _Doc, c: Cand) -> int:
    d.cands.append(c)
    return len(d.cands) - 1


def _colon_name(d: _Doc, g: Seg, lo: int) -> tuple[NP, Cue, str | None] | None:
    """'... does not surprise pollster Dan Shore: “Historically, ...”' / 'Rep. Al Hale (R-Ore.): “...”':
    a named person or organisation right before a colon that opens the quote speaks it."""
    s = d.s
    m = re.search(r"\s*:\s*$", s[max(lo, g.open - 4):g.open])
    if m is None:
        return None
    colon = s.rfind(":", lo, g.open)
    if colon < 0:
        return None
    toks = d.toks(lo, colon)
    if not toks or not (toks[-1].text[:1].isupper() or toks[-1].text == ")"):
        return None
    np = np_ending_at(s, toks, len(toks) - 1)
    if np is None or np.kind not in ("name", "org"):
        return None
    fs = np.full_start if np.full_start >= 0 else np.start
    before = [t for t in toks if t.end <= fs]
    if before and (before[-1].low in _PREPS or before[-1].low in ("of", "by", "for")) or \
            any(t.low in L.CUE_FORMS for t in before):
        return None  # 'He wrote to Mr. Smith: “...”': the name is an addressee or object of a cue
    words = s[np.start:np.end].split()
    if not words or words[0].lower().strip(".") in _HEADLINE_BAD or words[-1].upper() == words[-1] and len(words[-1]) > 3:
        return None  # 'Update:', 'WATCH:': labels, and capitalised headings
    return np, Cue(colon, colon + 1, ":"), None


def _embedding_lead(d: _Doc, g: Seg, lo: int) -> int | None:
    """Start of the clause that a right-attributed quote completes ('Teachers here are “very
    pro-Bernie,” he said'): the words before the opening mark, in the same sentence, when they
    are no attribution of their own (no cue, colon or other quote) and run straight into it."""
    s = d.s
    lead = s[lo:g.open]
    if not lead.strip() or lead.rstrip()[-1:] in (",", ":", ";", "—", "–", "-", "(", ".", "!", "?") or lead[-1:] not in (" ",):
        return None
    toks = d.toks(lo, g.open)
    k = 0
    while k < len(toks) and toks[k].low in ("and", "but", "so", "yet", "or"):
        k += 1
    toks = toks[k:]
    if len(toks) < 2 or len(toks) > 40 or d.cues_in(lo, g.open):
        return None
    if any(t.text in (":", ";", "“", "”", '"', "‘", "’", "(", ")") or t.low in L.CUE_FORMS for t in toks):
        return None
    if not toks[0].text[:1].isupper():
        return None  # the clause must begin the sentence
    return toks[0].start


def _attribution_between(d: _Doc, c: Cand, pos: int) -> bool:
    """Is there a reporting cue outside quotation marks between quote ``c`` (and its own cue) and
    ``pos``? On a page flattened into one paragraph ('..." Marie said she was "gutted". "I swear
    ...'), a whole quoted sentence after it then continues that statement, which the rules for
    indirect speech have yet to find, not ``c``."""
    lo = max(c.end, c.cue_pos + len(c.cue or "") if c.cue_pos >= 0 else c.end)
    return any(not d.in_quote(q.start) for q in d.cues_in(lo, pos))


class _EndOrder:
    """The candidates ordered by where they end, kept in order as continuations join them: a whole
    quoted sentence continues the statement that ends nearest before it, and the next sentence
    may continue that one in turn."""

    def __init__(self, d: _Doc):
        self.d = d
        self.order = sorted(range(len(d.cands)), key=lambda i: d.cands[i].end)
        self.ends = [d.cands[i].end for i in self.order]

    def before(self, pos: int) -> int | None:
        """Index of the candidate ending nearest before ``pos``."""
        k = bisect.bisect_right(self.ends, pos) - 1
        return self.order[k] if k >= 0 else None

    def continue_with(self, g: Seg, ci: int) -> None:
        """Make ``g`` a continuation of candidate ``ci`` (or of the statement ``ci`` continues)."""
        c = self.d.cands[ci]
        g.cand = _add(self.d, Cand(g.c0, g.c1, "continuation", None, None, g.c0, None, g.chain,
                                   inherit=ci if c.inherit < 0 else c.inherit, sent=self.d.sent_of(g.c0)))
        k = bisect.bisect_right(self.ends, g.c1)
        self.ends.insert(k, g.c1)
        self.order.insert(k, g.cand)


def _deferred_continuations(d: _Doc) -> None:
    """Whole quoted sentences that ``_direct`` left for later: each continues the statement that
    ends nearest before it, indirect and mixed ones included, and then the next one continues it."""
    if not d.deferred:
        return
    by_end = _EndOrder(d)
    for g in d.deferred:
        if g.cand != -1:
            continue
        ci = by_end.before(g.open)
        if ci is None:
            continue
        c = d.cands[ci]
        if c.np is None and c.inherit < 0:
            continue
        by_end.continue_with(g, ci)


def _direct(d: _Doc) -> None:
    s = d.s
    prev_close = -1
    last_attr: int = -1  # candidate index of the last attributed direct quote
    last_para = -10
    chain_owner: dict[int, int] = {}
    for gi, g in enumerate(d.segs):
        pa = d.paras[g.para][0]
        lo = max(pa, prev_close + 1, d.sents[d.sent_of(g.open)].start if d.sents else pa)
        if prev_close + 1 > d.sents[d.sent_of(g.open)].start:
            lo = max(pa, prev_close + 1)
        words = len(s[g.c0:g.c1].split())
        r = None if g.unclosed else _right_attr(d, g)
        l = _left_attr(d, g, lo)
        if r is None and l is None and g.open == pa and g.para > 0:
            # 'The senator said:' ¶ '“...”': a colon closing the paragraph before introduces the quote
            pp0, pp1 = d.paras[g.para - 1]
            if s[pp0:pp1].rstrip().endswith(":") and pp1 - pp0 > 3:
                l = _left_attr(d, g, max(pp0, d.sents[d.sent_of(max(pp0, pp1 - 2))].start))
        if r is None and l is None and not g.unclosed:
            l = _colon_name(d, g, lo)
        pick = r or l
        kind = "direct"
        if pick is not None:
            np, cue, src = pick
            if cue.form == "according to" and pick is l:
                kind = "according-to"
            form = cue.form if cue.form != "quoted saying" else s[cue.start:cue.end]
            c0 = g.c0
            if pick is r and g.chain < 0:
                lead = _embedding_lead(d, g, lo)
                if lead is not None:
                    c0, kind = lead, "mixed"  # 'The plan is “a disaster,” Lang said': the whole clause was said
            ci = _add(d, Cand(c0, g.c1, kind, np, form, cue.start, src, g.chain, sent=d.sent_of(g.c0)))
            d.used_cues.add(cue.start)
            if pick is r:
                # an 'according to X' in the same attribution names the source, not another quote
                se = d.sents[d.sent_of(min(g.close, len(s) - 1))].end
                for c2 in d.cues_in(g.close, max(se, g.close)):
                    if c2.form == "according to" and c2.start - g.close < 200:
                        d.used_cues.add(c2.start)
            g.cand = ci
            last_attr = ci
            last_para = g.para
            if g.chain >= 0:
                chain_owner.setdefault(g.chain, ci)
        else:
            # continuation: a whole quoted sentence/paragraph right after an attributed quote
            starts_sentence = s[lo:g.open].strip(" ,:;—–-") == "" or g.open == pa or \
                (s[max(lo, g.open - 3):g.open].rstrip().endswith(".") and s[g.c0:g.c0 + 1].isupper())  # '... Calif. “The ...”'
            prev = d.segs[gi - 1] if gi > 0 else None
            if prev is not None and prev.cand >= 0 and prev.cand == last_attr and prev.para == g.para and \
                    d.cands[last_attr].np is not None and prev.close < d.cands[last_attr].cue_pos < g.open and \
                    g.open - prev.close < 200 and s[prev.c1 - 1:prev.c1] == "," and \
                    s[prev.close + 1:g.open].rstrip().endswith((",", ":")):
                # '“A,” said Ed Lamar, an economist, “is that B.”': the second half of a split quote
                c0 = d.cands[last_attr]
                g.cand = _add(d, Cand(g.c0, g.c1, c0.kind, c0.np, c0.cue, c0.cue_pos, c0.source, g.chain,
                                      sent=d.sent_of(g.c0)))
                last_attr = g.cand
            elif g.chain >= 0 and g.chain in chain_owner:
                owner = chain_owner[g.chain]
                g.cand = _add(d, Cand(g.c0, g.c1, "continuation", None, None, g.c0, None, g.chain,
                                      inherit=owner, sent=d.sent_of(g.c0)))
            elif last_attr >= 0 and g.para - last_para <= 1 and starts_sentence and words >= 3 and \
                    (g.chain < 0 or g.chain not in chain_owner):
                if _attribution_between(d, d.cands[last_attr], g.open):
                    d.deferred.append(g)  # decided once indirect speech is found
                else:
                    g.cand = _add(d, Cand(g.c0, g.c1, "continuation", None, None, g.c0, None, g.chain,
                                          inherit=last_attr, sent=d.sent_of(g.c0)))
                last_para = g.para
            elif g.chain >= 0:
                pass  # an opening paragraph of a chain whose attribution comes later
            # else: scare quote, title or unattributed phrase: not a quote
        prev_close = g.close
    # chains attributed only in a later paragraph: earlier members inherit backwards
    for g in d.segs:
        if g.cand < 0 and g.chain >= 0 and g.chain in chain_owner:
            g.cand = _add(d, Cand(g.c0, g.c1, "continuation", None, None, g.c0, None, g.chain,
                                  inherit=chain_owner[g.chain], sent=d.sent_of(g.c0)))


_ACCORDING_NOT = {"plan", "plans", "schedule", "script", "tradition", "custom", "rules", "design", "protocol", "form",
                  "need", "needs", "merit", "age", "size", "type", "law", "laws", "instructions", "procedure"}
_PARTICIPLES = {"seen", "taken", "made", "written", "given", "shown", "done", "held", "run", "carried", "put", "sent"}
_NP_STOP = {",", ".", ";", ":", ")", "(", "—", "–", "!", "?", "“", "”", '"', "‘", "’"}


def according_np(s: str, toks: list[Tok], j: int) -> tuple[NP | None, int]:
    """The phrase after 'according to': whatever names the source up to the next punctuation
    ('according to early returns', 'according to recent data from comScore'), not only the
    speaker phrases the grammar knows; 'according to plan' names nobody."""
    np, nj = _according_head(s, toks, j)
    if np is not None:
        if nj < len(toks) and toks[nj].text.islower() and (toks[nj].low.endswith("ed") or toks[nj].low in _PARTICIPLES) \
                and nj + 1 < len(toks) and toks[nj + 1].low in ("by", "in", "on", "at", "from", "for", "last", "this", "earlier"):
            # 'according to exit polls reported by CNN': the participle phrase is part of the source
            k = nj + 1
            while k < len(toks) and k - nj < 16 and toks[k].text not in _NP_STOP and toks[k].low not in ("who", "which", "that"):
                k += 1
            nj = k
    return np, nj


def _according_head(s: str, toks: list[Tok], j: int) -> tuple[NP | None, int]:
    np, nj = np_starting_at(s, toks, j)
    if np is not None:
        return np, nj
    k = j
    while k < len(toks) and k - j < 16 and toks[k].text not in _NP_STOP and toks[k].low not in L.CUE_FORMS \
            and toks[k].low not in ("who", "which", "that", "when", "while", "because", "and", "but") or \
            (k < len(toks) and k > j and toks[k].low == "and" and k + 1 < len(toks) and toks[k + 1].text not in _NP_STOP
             and k - j < 16 and toks[k + 1].low not in L.PRONOUNS):
        k += 1
    ph = toks[j:k]
    while ph and ph[0].low in ("the", "a", "an"):
        ph = ph[1:]
    if not ph or ph[0].low in _ACCORDING_NOT or ph[-1].low in _ACCORDING_NOT or ph[0].low in L.PRONOUNS \
            or not any(t.text[:1].isalpha() for t in ph) or ph[-1].low in ("of", "for", "to", "in", "by", "with", "from", "on", "at"):
        return None, j
    head = ph[-1].low
    kind = "source" if head in L.SOURCE_NOUNS else "desc"
    a = ph[0].start
    return NP(a, ph[-1].end, s[a:ph[-1].end], kind, "", toks[j].start), k


_MID_WORDS = {"who", "whose", "of", "in", "at", "from", "with", "near", "on", "for", "across", "around", "outside",
              "inside", "like", "including",
              # 'sources close to the talks', 'a person familiar with the plan', 'officials privy to ...'
              "close", "familiar", "privy", "linked", "loyal", "allied", "aligned", "connected", "opposed", "that"}
_MID_CLOSE = {",": (",",), "—": ("—",), "–": ("–",), "-": ("-",), "--": ("--",), "(": (")", ",")}
_REL_WORDS = {"who", "which", "that", "whom", "whose"}
#: 'an amendment that would have condemned ...': the cue is the relative clause's own verb.
_AUX_END = L.FINITE_AUX | {"have", "has", "had", "been", "be", "not", "also"}
_INTRO_WORDS = {"after", "asked", "speaking", "earlier", "later", "late", "early", "last", "by", "in", "on", "at"}


def _clause_start(toks: list[Tok], upto: int) -> int:
    """Index of a clause's subject: past leading connectors and an introductory phrase + comma."""
    k0 = 0
    while k0 < upto and toks[k0].low in ("and", "but", "so", "yet", "or", "then", "still", "also", "meanwhile", "however", ","):
        k0 += 1
    for i in range(k0, min(upto, k0 + 14)):
        if toks[i].text == ",":
            if toks[k0].low in L.CLAUSE_OPENERS or toks[k0].low in L.TIME_WORDS or toks[k0].low in _INTRO_WORDS:
                return i + 1
            break
    return k0


def _ing_modifier(toks: list[Tok], x: int) -> bool:
    """'a creative writing professor', 'the polling firm': an -ing word between an adjective or
    determiner and a noun modifies the noun; it is no reporting verb."""
    t = toks[x]
    if not t.low.endswith("ing") or x == 0 or x + 1 >= len(toks):
        return False
    p, n = toks[x - 1], toks[x + 1]
    return p.text.isalpha() and p.text.islower() and p.low not in _FALLBACK_STOP and p.low not in _ADVERBIAL_CLAUSE \
        and p.low not in L.PRONOUNS and not L.adverb_like(p.low) \
        and n.text.isalpha() and n.text.islower() and n.low not in L.CUE_FORMS and n.low not in _CONTENT_BAD_START \
        and n.low not in _DETS and n.low not in L.PRONOUNS and n.low not in _VERBISH


def _abbrev_point(prev: str) -> bool:
    """Is a '.' after ``prev`` the point of an abbreviation ('R-Ky', 'Calif', 'Miss', 'D.C')?"""
    return len(prev) <= 6 and prev[:1].isupper() and prev.replace("-", "").replace(".", "").isalpha() \
        and (("-" in prev) or "." in prev or len(prev) <= 5)


def _long_subject(s: str, toks: list[Tok], i: int) -> NP | None:
    """The subject at the clause start when a long modifier stands between it and the cue at
    toks[i + 1]: an apposition or age between commas ('Ann Roy, 55, a retired teacher who ...,
    said'), a parenthesis ('Sen. Al Hale (D-Ore.), said'), a dash aside, a relative clause or a
    prepositional phrase ('Residents who live near the plant said'). The phrase grammar walks
    back from the cue and would stop inside the modifier; this looks forward from the subject."""
    if i < 1:
        return None
    k = _clause_start(toks, i)
    if k >= i or toks[k].low in L.PRONOUNS:
        return None
    np, nj = np_starting_at(s, toks, k)
    if np is None or np.kind == "pronoun":
        return None
    nj = next((x for x in range(k, i + 1) if toks[x].start >= np.end), i + 1)  # a shrunk phrase ends early
    if nj > i or nj == k:
        return None
    mid = toks[nj:i + 1]
    if len(mid) > 45:
        return None
    m0 = mid[0].text
    # 'Tim Fenwick, who served as ambassador for four years said': a relative clause whose
    # closing comma the writer left out
    unclosed = m0 == "," and len(mid) > 3 and mid[1].low in ("who", "whose") and toks[i].text[:1].isalnum() and \
        not any(t.text == "," for t in mid[1:])
    if unclosed:
        pass  # the clause runs up to the cue, as if the comma were there
    elif m0 in _MID_CLOSE:
        if toks[i].text not in _MID_CLOSE[m0] or (m0 == "(" and not any(t.text == ")" for t in mid)):
            return None
    elif mid[0].low in _MID_WORDS and not (mid[0].low == "that" and (toks[i].low in _AUX_END or len(mid) < 3)) or \
            (mid[0].text.islower() and mid[0].low.endswith("ing") and 2 < len(mid) <= 8
             and (mid[0].low not in L.CUE_FORMS or mid[0].low in L.WEAK_FORMS)
             and (mid[1].low in _PREPS or mid[1].low in _DETS or mid[1].text[:1].isupper())):
        # 'voters going to the polls said', 'rebels backing Hamas in the war said'; not 'shipping firm Maersk said'
        if not (toks[i].text[:1].isalnum() or toks[i].text == ")") and toks[i].text != ",":
            return None
        if toks[i].text == "," and sum(t.text == "," for t in mid) % 2:
            return None  # 'Supporters of the bill, on the other hand, argued': commas must pair
        if toks[i].text != "," and any(t.text == "," for t in mid):
            return None
    else:
        return None
    dq = 0
    rel = False
    for x, t in enumerate(mid):
        rel = rel or t.low in _REL_WORDS
        if t.low in L.FINITE_AUX and not rel:
            return None  # 'the hope of talks has faded after Hamas said': a verb closes the subject
        if t.text == "." and x > 0 and _abbrev_point(mid[x - 1].text):
            continue  # 'Ann Roy, R-Ky., said': the point of an abbreviation
        if t.text in (";", ":", ".", "!", "?", "“", "”") and not (t.text == "." and m0 == "("):
            if t.text in ("“", "”"):
                dq += 1
                continue
            return None
        if t.text == '"':
            dq += 1
        if x > 0 and mid[x - 1].text == "," and (t.low in ("and", "but", "or", "yet") or t.low in L.PRONOUNS):
            return None  # ', and Smith, his aide, said' / ', he said': a new clause
        if (t.low in L.SAY_FORMS or t.low == "according") and not (x > 0 and mid[x - 1].low in _REL_WORDS) \
                and not _ing_modifier(mid, x):
            return None
    if dq % 2:
        return None
    title = ""
    if m0 == ",":
        seg = []
        for t in mid[1:]:
            if t.text == ",":
                break
            seg.append(t)
        if seg and seg[0].low not in _REL_WORDS and len(seg) <= 12 and not seg[0].text.isdigit():
            title = s[seg[0].start:seg[-1].end]
        if (np.kind in ("desc", "org") or np.text[:1].islower() or indefinite(s, np)) and seg:
            # "Nevada's governor, Brian Sandoval, a Republican, said": the apposition is the name
            # ('a resident of Khan Younis, NAME,': a description ending in a place reads as a name)
            np2, nj2 = np_starting_at(s, toks, nj + 1)
            if np2 is not None and np2.kind == "name" and nj2 <= i and toks[nj2].text == ",":
                ttl = s[np.full_start if np.full_start >= 0 else np.start:np.end]
                return NP(np2.start, np2.end, np2.text, "name", ttl, np.full_start if np.full_start >= 0 else np.start)
    elif (np.kind in ("desc", "org") or np.text[:1].islower()) and m0 != "(" and toks[i].text == ",":
        # 'the Lebanese ambassador in the UK, Rami Mortada, said': the name closes the modifier
        commas = [x for x, t in enumerate(mid) if t.text == ","]
        if len(commas) == 2 and commas[1] == len(mid) - 1:
            np2, nj2 = np_starting_at(s, toks, nj + commas[0] + 1)
            if np2 is not None and np2.kind == "name" and nj2 == i and len(np2.text.split()) >= 2 and \
                    places().code_of(np2.text) is None:
                fs = np.full_start if np.full_start >= 0 else np.start
                return NP(np2.start, np2.end, np2.text, "name", s[fs:mid[commas[0]].start].strip(), fs)
    return NP(np.start, np.end, np.text, np.kind, (np.title + ", " + title).strip(", ") if title else np.title, np.full_start)


def _prefer_long(s: str, toks: list[Tok], i: int, np: NP | None) -> NP | None:
    """Use the clause-start subject when the phrase found next to the cue lies inside a modifier."""
    if np is not None:
        if np.kind == "pronoun":
            return np
        k = _clause_start(toks, i)
        if k <= i and (np.full_start if np.full_start >= 0 else np.start) <= toks[k].start:
            return np  # the phrase already starts the clause
    ls = _long_subject(s, toks, i)
    if ls is None:
        return np
    if np is None:
        return ls
    fs = np.full_start if np.full_start >= 0 else np.start
    lfs = ls.full_start if ls.full_start >= 0 else ls.start
    if np.kind == "pronoun" or fs <= lfs:
        return np
    if np.kind == "name" and len(np.text.split()) >= 2 and ls.kind == "desc" and "," not in s[ls.end:fs] and \
            s[ls.end:fs].lstrip().startswith("of "):
        # "Yle's head of communications Jere Nurminen told": the name closes the title
        return NP(np.start, np.end, np.text, "name", s[lfs:np.start].strip(), lfs)
    return ls


def _clause_subject(d: _Doc, toks: list[Tok], upto: int) -> NP | None:
    """The subject at the start of a clause: skip an introductory phrase ending in a comma."""
    s = d.s
    k = _clause_start(toks, upto)  # 'On Thursday, Zhai ...' / 'Last month, the ministry ...'
    if k >= upto:
        return None
    if toks[k].low in ("he", "she", "they", "we", "i", "it"):
        t = toks[k]
        return NP(t.start, t.end, t.text, "pronoun", "", t.start)
    m = _PRONOUN_CONTRACTED.match(toks[k].text)
    if m:  # "He’s comparing the measures ... and says ...": the pronoun of the contraction
        t = toks[k]
        return NP(t.start, t.start + len(m.group(1)), m.group(1), "pronoun", "", t.start)
    np, nj = np_starting_at(s, toks, k)
    return np


#: 'He’s', 'I’m', 'they’d': a pronoun that opens a clause with its auxiliary contracted (case-blind,
#: and with 'm', unlike the phrase grammar's, which reads a subject right before a cue).
_PRONOUN_CONTRACTED = re.compile(r"(he|she|they|we|i|it)[’'](?:s|ve|d|ll|re|m)$", re.I)


def _content_after(d: _Doc, toks: list[Tok], j: int, end_tok: int) -> tuple[int, int] | None:
    if j >= end_tok:
        return None
    while j < end_tok and toks[j].text in (",", ":", "—", "–", "-"):
        j += 1
    if j < end_tok and toks[j].low == "that":
        j += 1
    if j >= end_tok:
        return None
    a = toks[j].start
    b = toks[end_tok - 1].end
    return a, b


def _strip_end(s: str, a: int, b: int) -> int:
    while b > a and s[b - 1] in _SENT_END_STRIP:
        b -= 1
    return b


_MAX_CUES = 12
_BOUNDARY_TOKS = {",", ";", "and", "but", "while", "whereas", "—", "–", "as", "although", "though", "yet", "however", "meanwhile", "where", "when", "after", "before", "because", "since", "though", ":"}


@dataclass
class _Plan:
    cue: Cue
    np: NP | None
    ti: int  # token index of the cue
    tj: int  # token index after the cue (after the phrase for according/inverted)
    mode: str  # after | inverted | according | final | source
    span: tuple[int, int] | None = None
    source: str | None = None
    progressive: bool = False
    orig: str = ""

    @property
    def gerundive(self) -> bool:
        return self.cue.gerund and not self.progressive


#: Cue words that are also common nouns ('a fresh appeal', 'his real voice', 'mixed reports').
_NOUNISH = {"voice", "appeal", "reason", "remark", "report", "comment", "hint", "claim", "demand", "plea", "promise",
            "pledge", "vow", "call", "cry", "charge", "answer", "question", "attack", "praise", "threat", "boast",
            "note", "quote", "tweet", "post", "reply", "request", "warning", "complaint", "protest", "statement",
            "estimate", "forecast", "signal", "challenge", "counter", "comment", "response", "offer", "plead", "advice"}


def _noun_use(toks: list[Tok], ti: int, form: str) -> bool:
    w = form.split()[0]
    base = w[:-1] if w.endswith("s") and w[:-1] in _NOUNISH else w
    if base not in _NOUNISH:
        return False
    prev = toks[ti - 1]
    pl = prev.low
    if not prev.text.isalpha() or not prev.text.islower() or pl in L.PRONOUNS or pl in ("who", "that", "which", "also", "to"):
        return False
    if pl in L.HEAD_NOUNS or pl in L.CUE_ADVERBS or (pl.endswith("s") and not pl.endswith("ss")) or L.adverb_like(pl):
        return False  # 'the official reports', 'critics claim', 'he also claims', 'openly voice'
    return True


_ADJ_BEFORE = {"most", "more", "many", "fewer", "few", "all", "some", "of", "include", "includes", "included",
               "including", "their", "his", "her", "its", "our", "these", "those"}


_STATE_AFTER = {"dead", "killed", "missing", "injured", "wounded", "hurt", "safe", "alive", "captured"}


def _adjective_use(toks: list[Tok], ti: int, tj: int, form: str) -> bool:
    """A past participle used as an adjective before a plural noun ('won the most pledged
    delegates', '270 pledged delegates', 'the number of reported cases'), not a reporting verb."""
    if " " in form or not form.endswith("ed") or ti == 0 or tj >= len(toks):
        return False
    prev, nxt = toks[ti - 1], toks[tj]
    if nxt.low in _STATE_AFTER and form in ("reported", "confirmed", "feared", "believed"):
        return True  # 'At least 70 reported dead', 'two confirmed killed': a state, nobody speaks
    if not (prev.low in _ADJ_BEFORE or prev.text.replace(",", "").isdigit()):
        return False
    return nxt.text.isalpha() and nxt.text.islower() and nxt.low.endswith("s") and not nxt.low.endswith("ss") \
        and nxt.low not in _VERBISH and (tj + 1 >= len(toks) or toks[tj + 1].low not in _VERBISH)


def _plan_cues(d: _Doc, toks: list[Tok], cues: list[Cue], si: int) -> list[_Plan]:
    """Decide for each cue of a sentence who speaks and in which direction the content lies."""
    s = d.s
    idx = {t.start: i for i, t in enumerate(toks)}
    last_np: NP | None = None
    for cand in d.cands:
        if cand.sent == si and cand.np is not None:
            last_np = cand.np
    plans: list[_Plan] = []
    for c in cues:
        ti = idx.get(c.start)
        if ti is None:
            ti = next((i for i, t in enumerate(toks) if t.start >= c.start), None)
            if ti is None:
                continue
        tj = next((i for i in range(ti, len(toks)) if toks[i].start >= c.end), len(toks))
        if c.form == "according to":
            np, nj = according_np(s, toks, tj)
            if np is not None:
                plans.append(_Plan(c, np, ti, nj, "according"))
            continue
        prevtok = toks[ti - 1].low if ti > 0 else ""
        pk = _skip_manner_back(toks, ti - 1) if c.gerund else ti - 1
        pktok = toks[pk].low if pk >= 0 else ""
        progressive = c.gerund and (pktok in ("is", "was", "are", "were", "been", "be", "'s", "’s", "'re", "’re", "'m", "’m")
                                    or _PROG_CONTRACTION.match(pktok) is not None)
        if progressive and pk != ti - 1:
            prevtok = pktok
        went_on = prevtok == "to" and ti >= 3 and toks[ti - 2].low == "on" and \
            toks[ti - 3].low in ("went", "goes", "go", "going", "gone") and c.form in L.SAY_FORMS
        catena = prevtok == "to" and ti >= 2 and _skip_manner_back(toks, ti - 2) >= 0 and \
            toks[_skip_manner_back(toks, ti - 2)].low in _CATENATIVE and c.form in L.SAY_FORMS and _tense(c.form) == "base"
        if not catena and prevtok == "to" and ti >= 3 and c.form in L.SAY_FORMS and _tense(c.form) == "base":
            i = _adj_catena_subject(toks, ti - 2)
            if i is not None:
                # 'She was quick to point out that ...', 'Voters were more likely to say ...',
                # 'He went so far as to say ...': the subject of the copula or 'went' speaks
                np = _prefer_long(s, toks, i, np_ending_at(s, toks, i))
                if np is not None and np.kind not in ("source",):
                    plans.append(_Plan(c, np, ti, tj, "after"))
                    last_np = np
                continue
        if catena:
            # 'Lee declined to say who ...', 'She continued to insist that ...': the subject of the
            # catenative verb speaks
            i = _skip_adverbs_back(toks, _skip_manner_back(toks, ti - 2) - 1)
            if i >= 0 and toks[i].low in ("and", "but"):
                np = last_np or _clause_subject(d, toks, i)
            elif i >= 1 and toks[i].low == "who" and toks[i - 1].text == ",":
                np = np_ending_at(s, toks, i - 2, allow_appos=False)
            else:
                np = _prefer_long(s, toks, i, np_ending_at(s, toks, i)) if i >= 0 else None
            if np is not None and np.kind != "source":
                plans.append(_Plan(c, np, ti, tj, "after"))
                last_np = np
            continue
        if prevtok == "to" and ti >= 3 and c.form in L.SAY_FORMS and _tense(c.form) == "base" and not catena:
            # 'prompting the party to say ...', 'led officials to warn ...': the one moved to speak
            np = np_ending_at(s, toks, ti - 2, allow_appos=False)
            k = next((x for x in range(ti - 2, -1, -1) if np is not None and toks[x].start == (
                np.full_start if np.full_start >= 0 else np.start)), -1)
            if np is not None and np.kind not in ("source", "pronoun") and k > 0 and toks[k - 1].low in _CAUSATIVE:
                plans.append(_Plan(c, np, ti, tj, "after"))
                last_np = np
                continue
        if c.form != "quoted saying" and not progressive and not went_on and (prevtok in L.PASSIVE_AUX or prevtok == "to"):
            continue  # 'he was told', 'is said to', 'declined to comment'
        if _tense(c.form) == "past" and _passive_before(toks, ti):
            continue  # 'he has been heavily criticised', 'was also condemned': the target, not the speaker
        if went_on:
            # 'She went on to say ...': the subject is the one of 'went'
            i = _skip_adverbs_back(toks, ti - 4)
            if i >= 0 and toks[i].low in ("and", "but"):
                np = last_np or _clause_subject(d, toks, i)
            else:
                np = _prefer_long(s, toks, i, np_ending_at(s, toks, i)) if i >= 0 else None
            if np is not None:
                plans.append(_Plan(c, np, ti, tj, "after"))
                last_np = np
            continue
        if ti > 0 and not progressive and c.form in _CLAIM_NOUNS:
            np = _claim_owner(s, toks, ti, tj)
            if np is not None:
                # "Lang's claim that ...", 'his promise in May that ...': the owner of the claim said it
                jt = tj + 1 if tj < len(toks) and toks[tj].low == "that" else _that_after(toks, tj, len(toks), 8)
                if jt is not None:
                    plans.append(_Plan(c, np, ti, jt - 1, "after"))
                    last_np = np
                continue
        if ti > 0 and not progressive and (prevtok in _DETS or prevtok.endswith(("’s", "'s", "s’", "s'")) and toks[ti - 1].text[:1].isupper()
                                           and prevtok[:-2] not in ("he", "she", "it", "that", "there")):
            continue  # 'the said document', "Trump's claims", "Democrats' favor"
        if ti > 0 and _noun_use(toks, ti, c.form):
            continue  # 'his real voice', 'a major appeal': the cue word is a noun here
        if prevtok == "of" and c.form.endswith("s") and not progressive:
            continue  # 'a series of posts', 'a number of reports': a plural noun
        if _adjective_use(toks, ti, tj, c.form):
            continue  # '270 pledged delegates', 'the number of reported cases': a participle adjective
        np: NP | None = None
        if progressive:
            m = _PROG_CONTRACTION.match(pktok)
            if m:  # "He's telling allies that ...": the pronoun of the contracted auxiliary
                t0 = toks[pk]
                np = NP(t0.start, t0.start + len(m.group(1)), s[t0.start:t0.start + len(m.group(1))], "pronoun", "", t0.start)
            else:
                i = _skip_adverbs_back(toks, pk - 1)
                np = np_ending_at(s, toks, i) if i >= 0 else None
            if np is not None:
                plans.append(_Plan(c, np, ti, tj, "after", progressive=True))
                last_np = np
            continue
        if c.gerund:
            if ti > 1 and c.form in _NP_GERUNDS and toks[ti - 1].text[:1].isalnum():
                # 'with 30 percent of voters saying ...': the absolute construction names the speakers
                w = next((x for x in range(ti - 2, max(-1, ti - 10), -1)
                          if toks[x].low == "with" or toks[x].text in _FALLBACK_STOP or toks[x].low in _VERBISH), -1)
                if w >= 0 and toks[w].low == "with":
                    a0, b0 = toks[w + 1].start, toks[ti - 1].end
                    np = NP(a0, b0, s[a0:b0], "desc", "", a0)
                    plans.append(_Plan(c, np, ti, tj, "after"))
                    last_np = np
                    continue
            pb = _skip_manner_back(toks, ti - 1)  # ', eventually saying ...', 'while also noting ...'
            if ti >= 3 and toks[ti - 1].low == "as":
                # 'Reuters quoted a senior official as saying ...': the one quoted speaks, the
                # subject of 'quoted' is the source
                q = next((x for x in range(ti - 2, max(-1, ti - 14), -1) if toks[x].low in _QUOTING), -1)
                if q >= 0 and q < ti - 2:
                    np, nj = np_starting_at(s, toks, q + 1)
                    if np is not None and nj == ti - 1 and np.kind != "source":
                        src_np = np_ending_at(s, toks, q - 1) if q > 0 else None
                        src = s[src_np.full_start if src_np.full_start >= 0 else src_np.start:src_np.end] \
                            if src_np is not None and src_np.kind != "pronoun" else None
                        plans.append(_Plan(c, np, ti, tj, "after", source=src))
                        last_np = np
                        continue
            if ti > 1 and toks[ti - 1].low in _ING_CATENATIVE and c.form in _KEEPS_SAYING and \
                    not any(x.mode == "after" for x in plans):  # not inside a clause already reported
                # 'Netanyahu keeps insisting that ...', 'she kept saying ...': the subject of 'keeps'
                i2 = _skip_adverbs_back(toks, ti - 2)
                np = _prefer_long(s, toks, i2, np_ending_at(s, toks, i2)) if i2 >= 0 else None
                if np is not None and np.kind != "source":
                    plans.append(_Plan(c, np, ti, tj, "after"))
                    last_np = np
                continue
            if 0 < pb < ti - 1 and toks[pb].low in (",", "and", "but", "while"):
                pass
            elif ti > 1 and toks[ti - 1].low in _STATEMENT_NOUNS and toks[ti - 2].low in _STATEMENT_OWNERS | {"a", "an"} \
                    and toks[ti - 1].text.islower():
                # 'X issued a statement saying ...', 'X fired back a response calling ...': X speaks
                np = last_np
                if np is None:
                    k = ti - 2
                    while k > 0 and toks[k - 1].low in _STATEMENT_OWNERS and ti - k < 4:
                        k -= 1
                    v = k - 1
                    if v >= 1 and toks[v].text.isalpha() and toks[v].text.islower() and toks[v].low.endswith("ed") or \
                            v >= 1 and toks[v].low in ("put", "sent", "wrote", "gave", "made", "out", "back", "up"):
                        while v >= 1 and toks[v - 1].low in ("out", "back", "up", "off") or \
                                v >= 1 and toks[v].low in ("out", "back", "up", "off"):
                            v -= 1
                        i2 = _skip_adverbs_back(toks, v - 1)
                        np = _prefer_long(s, toks, i2, np_ending_at(s, toks, i2)) if i2 >= 0 else None
                    if np is None:
                        np = _clause_subject(d, toks, ti)
                if np is None or np.kind == "source":
                    continue
                plans.append(_Plan(c, np, ti, tj, "after"))
                continue
            elif ti == 0 or not (toks[ti - 1].low in (",", "and", "but", "—", "–", "-", "while", "by", "before", "after", "despite") or
                                 (toks[ti - 1].text in ("”", "’", '"') and ti > 1 and toks[ti - 2].text == ",")):
                continue
            np = last_np or _clause_subject(d, toks, ti)
            if np is None:
                continue
            plans.append(_Plan(c, np, ti, tj, "after"))
            continue
        i = _skip_adverbs_back(toks, ti - 1)
        if i >= 0 and toks[i].low in ("and", "but", "yet", "or"):
            # coordinated verbs share the subject ('Zhai commended X and said Y') only when their
            # tenses agree; 'says he would sit Putin down and tell him' is content, not a new cue
            own = "3sg" if ti > 0 and toks[ti - 1].low == "has" else _tense(c.form)  # 'and has insisted'
            if plans and plans[-1].mode == "after" and _tense(plans[-1].cue.form) != own:
                continue
            np = last_np or _clause_subject(d, toks, i)
        elif i >= 1 and toks[i].low in ("who", "which") and toks[i - 1].text == ",":
            np = np_ending_at(s, toks, i - 2, allow_appos=False)  # 'Humphrey, who told POLITICO ...'
        elif i >= 1 and toks[i].low == "who":
            np = np_ending_at(s, toks, i - 1, allow_appos=False) or _fallback_subject(s, toks, i)  # '23 percent who said'
        elif i >= 0:
            np = _prefer_long(s, toks, i, np_ending_at(s, toks, i))
            if np is None and c.form in L.SAY_FORMS and toks[i].low.endswith("s") and toks[i].text.isalpha() \
                    and toks[i].text.islower() and not toks[i].low.endswith(("ss", "us", "is")) and toks[i].low not in L.NOT_NAMES:
                # bare plural group: 'Political scientists say', 'Critics argue'
                k = i
                while k - 1 >= 0 and (toks[k - 1].text[:1].isupper() or toks[k - 1].low in L.NP_MODIFIERS) and \
                        toks[k - 1].low not in L.CLAUSE_OPENERS and i - k < 3:
                    k -= 1
                if k == 0 or toks[k - 1].text in (",", ";", ":", "—", "–") or toks[k - 1].low in L.CLAUSE_OPENERS:
                    np = NP(toks[k].start, toks[i].end, s[toks[k].start:toks[i].end], "desc", "", toks[k].start)
        if np is None and c.form in L.SAY_FORMS and not c.gerund:
            np = _fallback_subject(s, toks, ti)
        if ti == 0 and c.form in ("said", "says") and toks[0].text[:1].isupper():
            # 'Said Comey, “...”': the speaker follows, the quote after the comma is the content
            np2, nj = np_starting_at(s, toks, tj)
            if np2 is not None and np2.kind != "pronoun" and nj < len(toks) and toks[nj].text in (",", ":"):
                plans.append(_Plan(c, np2, ti, nj + 1, "after"))
                last_np = np2
            continue
        if np is None and ti > 0 and toks[ti - 1].text in (",", "”", "’", '"') and c.form in L.SAY_FORMS:
            np2, nj = np_starting_at(s, toks, tj)
            if np2 is not None and np2.kind != "pronoun" and (nj >= len(toks) or toks[nj].text in (",", ".", ";", "!", "?")):
                plans.append(_Plan(c, np2, ti, nj, "inverted"))
                last_np = np2
                continue
            np = _wide_subject(s, toks, ti, tj)
            if np is None:
                continue
        elif np is None and c.form in L.SAY_FORMS and not c.gerund:
            np = _wide_subject(s, toks, ti, tj)
        if np is None:
            continue
        if np.kind == "source" and c.form in L.ACT_FORMS and not L.AUTHORED_SOURCES & set(np.text.lower().split()):
            continue  # 'the video shows', 'the article describes': not a statement of its author
        if c.form in ("called", "calls", "calling") and (np.kind not in ("name", "pronoun", "desc", "org") or
                                                          {"a", "an"} & set(s[np.full_start:np.end].lower().split())):
            continue  # 'a group called Hamas' is a name, not a statement
        plans.append(_Plan(c, np, ti, tj, "after"))
        last_np = np
    return plans


_QUOTING = {"quoted", "quotes", "quoting", "quote", "cited", "cites", "citing", "cite"}
#: Verbs that move someone to speak: 'prompting the party to say ...' (the party speaks).
_CAUSATIVE = {"prompting", "prompted", "prompts", "prompt", "leading", "led"}  # not 'forcing X to say whether ...'
#: Verbs whose -ing complement is the subject's own speech act ('keeps insisting that ...').
_ING_CATENATIVE = {"keeps", "keep", "kept", "keeping", "continues", "continued", "began", "begins", "started",
                   "starts", "stopped", "stops", "quit", "resumed"}
_KEEPS_SAYING = {"saying", "insisting", "claiming", "arguing", "telling", "asking", "calling", "warning", "repeating",
                 "urging", "demanding", "denying", "suggesting", "complaining", "accusing", "stressing", "pointing"}
#: Verbs whose infinitive complement is the subject's own speech act ('declined to say', 'went on to argue').
_CATENATIVE = {"continued", "continues", "continue", "began", "begins", "started", "starts", "hastened", "rushed",
               "rushes", "went", "goes", "ventured", "chose", "chooses", "paused", "returned", "proceeded", "proceeds"}
_CLAIM_NOUNS = {"claim", "claims", "promise", "promises", "pledge", "pledges", "vow", "vows", "warning", "warnings",
                "assertion", "assertions", "insistence", "argument"}
_POSS_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _claim_owner(s: str, toks: list[Tok], ti: int, tj: int) -> NP | None:
    """The owner of a claim noun ("Lang's claim", 'his promise', "the ministry's warning"), when a
    'that' clause follows (directly or after a short adjunct); None otherwise."""
    if tj >= len(toks) or not any(t.low == "that" for t in toks[tj:tj + 8]):
        return None
    k = ti - 1
    while k >= 0 and toks[k].text.isalpha() and toks[k].text.islower() and toks[k].low not in _POSS_PRONOUNS \
            and toks[k].low not in _DETS and ti - k <= 3 and toks[k].low not in L.CUE_FORMS:
        k -= 1  # 'his repeated claim', "Lang's by-now-familiar claims"
    if k < 0:
        return None
    t = toks[k]
    if t.low in _POSS_PRONOUNS:
        return NP(t.start, t.end, _POSS_PRONOUNS[t.low], "pronoun", "", t.start)
    if t.text.endswith(("’s", "'s")) and t.text[:1].isupper():
        np = np_ending_at(s, toks, k)
        if np is not None and np.kind != "pronoun":
            end = np.end - 2 if s[np.end - 2:np.end] in ("’s", "'s") else np.end
            return NP(np.start, end, s[np.start:end], np.kind, np.title, np.full_start)
        a = t.start
        return NP(a, t.end - 2, s[a:t.end - 2], "name", "", a)
    return None


_ADJ_CATENA = {"quick", "careful", "eager", "keen", "pains"}
_COPULA = {"is", "was", "are", "were", "be", "been", "'s", "’s", "'re", "’re", "seemed", "seems", "appeared", "appears"}


def _adj_catena_subject(toks: list[Tok], k: int) -> int | None:
    """For a cue after 'to' at toks[k + 2], the index of the last token of its subject when
    toks[k] closes 'was quick / careful / eager', 'were more (or less) likely', 'are taking
    pains' or 'went so far as'; None otherwise."""
    w = toks[k].low
    if w in _ADJ_CATENA or (w == "likely" and k >= 1 and toks[k - 1].low in ("more", "less", "most", "least")):
        j = k - 1
        if w == "likely":
            j -= 1
        if w == "pains":
            if j < 0 or toks[j].low not in ("taking", "took", "takes", "take", "taken"):
                return None
            j -= 1
        j = _skip_manner_back(toks, j)
        if j < 0 or toks[j].low not in _COPULA:
            if w == "pains" and j >= 0:
                return j
            return None
        j = _skip_manner_back(toks, j - 1)
        return j if j >= 0 else None
    if w == "as" and k >= 3 and toks[k - 1].low == "far" and toks[k - 2].low == "so" and \
            toks[k - 3].low in ("went", "go", "goes", "going", "gone"):
        j = _skip_manner_back(toks, k - 4)
        return j if j >= 0 else None
    return None


#: Cues whose content may be an indirect question ('declined to say who ...', 'asked who ...').
_WH_VERBS = {"say", "said", "says", "tell", "told", "tells", "ask", "asked", "asks", "explain", "explained",
             "explains", "disclose", "disclosed", "discloses", "reveal", "revealed", "reveals", "specify", "specified",
             "indicate", "indicated", "answer", "answered", "wonder", "wondered", "identify", "identified"}
_PROG_CONTRACTION = re.compile(r"^(he|she|they|we|i|you|it)[’'](?:s|re|m)$")
#: Manner and time adverbs that stand between an auxiliary or comma and a gerund cue.
_MANNER = {"also", "still", "now", "not", "just", "already", "repeatedly", "again", "lately", "even", "only", "then",
           "later", "eventually", "increasingly", "openly", "publicly", "privately", "really", "essentially", "simply",
           "instead", "once", "first", "further", "effectively", "implicitly", "explicitly", "at", "least", "falsely",
           "always", "never", "often", "long", "recently", "since", "previously", "earlier", "apparently"}
#: Nouns for a statement through which a subject speaks ('issued a statement saying').
_STATEMENT_NOUNS = {"statement", "statements", "release", "letter", "letters", "response", "message", "memo", "note",
                    "post", "tweet", "tweets", "video", "ad", "ads", "email", "e-mail", "emails", "op-ed", "column",
                    "editorial", "petition", "report", "notice", "announcement", "declaration", "brief", "filing",
                    "motion", "complaint", "lawsuit", "appeal", "reply", "rebuttal", "retort", "speech", "address",
                    "interview", "tweetstorm", "communique", "communiqué", "resolution", "order", "plea", "warning"}
_STATEMENT_OWNERS = {"the", "his", "her", "their", "its", "our", "a", "an", "joint", "written", "brief", "short",
                     "new", "separate", "formal", "official", "public", "open", "lengthy", "terse", "second", "own",
                     "video", "press", "news", "campaign", "facebook", "twitter"}


def _skip_manner_back(toks: list[Tok], i: int) -> int:
    while i >= 0 and (toks[i].low in _MANNER or (L.adverb_like(toks[i].low) and toks[i].text.islower() and len(toks[i].low) > 4)):
        i -= 1
    return i


_NP_GERUNDS = {"saying", "claiming", "arguing", "insisting", "warning", "calling for", "urging", "demanding"}
_VERBISH = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
            "would", "can", "could", "may", "might", "should", "must", "shall", "get", "got", "gets", "make", "made",
            "go", "went", "goes", "come", "came", "take", "took", "give", "gave", "see", "saw", "know", "knew",
            "think", "thought", "want", "wanted", "need", "needed", "seem", "seemed", "become", "became", "there",
            "it", "him", "her", "them", "us", "me", "you", "i", "not", "no", "never", "to", "if", "so",
            "because", "since", "although", "though", "unless", "until", "whether", "how", "why", "what"}
_FALLBACK_STOP = {",", ";", ":", "—", "–", "(", ")", "“", "”", '"', "‘", "’", "that", "who", "which", "whom", "whose",
                  "and", "but", "while", "when", "where", "as", "after", "before", "or", "yet", "--"}


def _fallback_subject(s: str, toks: list[Tok], ti: int) -> NP | None:
    """A short verb-free phrase from the clause start to the cue ('About four in 10 said',
    'private Chinese companies say'): a subject the phrase grammar does not list."""
    i = _skip_adverbs_back(toks, ti - 1)
    if i < 0:
        return None
    k = i
    while k >= 0 and toks[k].low not in _FALLBACK_STOP:
        lw = toks[k].low
        if lw in _VERBISH or lw in L.CUE_FORMS or lw.endswith("ing") and k == i:
            return None
        k -= 1
        if i - k > 7:
            return None
    ph = toks[k + 1: i + 1]
    if not ph or not (ph[-1].text.isalpha() or ph[-1].text.isdigit() or ph[-1].text == "%"):
        return None
    if len(ph) == 1 and (ph[0].low in L.NOT_NAMES or ph[0].text.islower() and not ph[0].low.endswith("s")):
        return None
    if own_text(ph):
        return None
    return NP(ph[0].start, ph[-1].end, s[ph[0].start: ph[-1].end], "desc", "", ph[0].start)


#: Words that may stand between a subject and its cue ('Her campaign workers here said').
_SUBJECT_TAIL = {"here", "there", "too", "themselves", "himself", "herself", "itself", "alone", "both", "all"}
_SUBJ_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "this", "that", "there", "what", "who"}
_WIDE_STOP = {";", ":", ".", "!", "?", "“", "”", '"', "according"}


def _wide_subject(s: str, toks: list[Tok], ti: int, tj: int) -> NP | None:
    """Last resort for a finite saying verb whose subject the phrase grammar did not reach: the
    phrase that opens the clause, when only a comma-closed aside (apposition, party tag, age,
    participle phrase, relative clause) or a locative word lies between it and the cue
    ('Sen. Al Roy, R-S.C., said ...', 'Jo Hale, a farmer from Troy, Ala., said ...', 'Her
    campaign workers here said ...'). A reported clause must follow the cue."""
    if _tense(toks[ti].low) not in ("past", "3sg") or tj >= len(toks) or not toks[tj].text[:1].isalnum():
        return None
    i = _skip_adverbs_back(toks, ti - 1)
    if i < 1 or not (toks[i].text == "," or toks[i].low in _SUBJECT_TAIL):
        return None
    k = _clause_start(toks, i)
    if k >= i or toks[k].low in _SUBJ_PRONOUNS or toks[k].low in L.CLAUSE_OPENERS or toks[k].low in _ADVERBIAL_CLAUSE:
        return None
    np, nj = np_starting_at(s, toks, k)
    if np is None or np.kind not in ("name", "desc", "org"):
        return None
    nj = next((x for x in range(k, i + 1) if toks[x].start >= np.end), i + 1)
    if nj > i or i - nj > 40:
        return None
    if toks[nj].text != "," and toks[nj].text != "(" and not (nj == i and toks[i].low in _SUBJECT_TAIL):
        return None
    if toks[i].text == "," and toks[nj].text == "," and sum(t.text == "," for t in toks[nj:i + 1]) < 2:
        return None
    for x in range(nj, i + 1):
        t = toks[x]
        if t.text == "." and x > nj and _abbrev_point(toks[x - 1].text):
            continue  # 'R-S.C.', 'Miss.': an abbreviation's point
        if t.text in _WIDE_STOP or t.low in L.SAY_FORMS and not _ing_modifier(toks, x) or t.low in L.PRONOUNS and x > nj and toks[x - 1].text == ",":
            return None
        if x > nj and toks[x - 1].text == "," and t.low in ("and", "but", "or", "yet", "so", "then"):
            return None
    return np


def _title_like(x: str) -> bool:
    """'CBS This Morning', 'The Apprentice': a short run of capitalised words is a title, not speech."""
    w = x.strip(" ,.").split()
    return 0 < len(w) <= 5 and all(v[:1].isupper() or v.lower() in ("of", "the", "a", "and", "in", "on", "for", "to") for v in w)


_ADVERBIAL_CLAUSE = {"as", "while", "when", "after", "before", "because", "since", "although", "though", "if",
                     "until", "adding", "saying", "noting", "and", "but", "referring", "speaking", "according", "upon",
                     "without", "with", "from", "of", "about", "amid", "despite", "in", "on", "at", "during", "to",
                     "than", "then", "later", "earlier", "again", "too", "also", "recently", "afterwards"}
_TO_VERBS = set().union(*(L.verb_forms(v) for v in ["promise", "pledge", "vow", "threaten", "offer", "refuse",
                                                   "demand", "ask", "urge", "swear|swore|swears|swearing", "plan"]))
_IRREGULAR_PAST = {"said", "told", "wrote", "spoke", "sang", "sought", "thought", "forecast", "made", "gave"}


def _tense(form: str) -> str:
    w = form.split()[0]
    if w.endswith("ing"):
        return "ing"
    if w.endswith("ed") or w in _IRREGULAR_PAST:
        return "past"
    if w.endswith("s"):
        return "3sg"
    return "base"


_CONTENT_CUT = re.compile(
    r",\s+(?:while|whereas|but|although|though|compared (?:with|to)|as opposed to|even as|even though|adding|saying|"
    r"noting|arguing|insisting|according to|he|she|they|we|it|I|a|an|drawing|prompting|citing|despite)\b|;\s"
    r"|\s[-–—]{1,2}\s"
    r"|,?\s+when\s+(?:asked|pressed|questioned)\b"  # '... when asked about the report': the setting, not the words
    )
_CONTINUES = re.compile(r"\s+(?:that\b|also\b|[“\"‘])")
_LEAD_CONNECTORS = {"and", "but", "yet", "so", "however", "still", "meanwhile", "indeed", "instead", "now", "then",
                    "also", "in", "fact", "short", "turn", "addition", "particular", "moreover", "furthermore",
                    "nonetheless", "nevertheless", "further", "first", "second", "finally", "of", "course", ","}


#: ', which ...' / ', who ...': a non-restrictive relative clause that runs to the end of the
#: content is the journalist's aside ('said it would back Lang, who leads the race').
_REL_CUT = re.compile(r",\s+(?:which|who|whose|whom|where)\b")
#: ', tapping ...': a participle phrase after the content describes the speaker's act, not the
#: statement ('said the plan was dead, putting the vote in doubt').
_PART_CUT = re.compile(r",\s+(?:[a-z]+ly\s+)?([a-z]{3,}ing)\b")
_PART_KEEP = {"including", "according", "during", "nothing", "something", "anything", "everything", "morning",
              "evening", "being", "bring", "thing", "spring", "string", "king", "ring", "wing", "building",
              "meeting", "funding", "spending", "housing", "training", "warning", "ruling", "bombing", "shooting",
              "killing", "hearing", "wedding", "ceiling", "offering", "opening", "beginning", "ending", "feeling",
              "saying", "adding", "noting", "arguing", "insisting", "citing", "drawing", "prompting", "pending",
              "regarding", "concerning", "considering", "notwithstanding", "excluding", "involving", "following"}
#: ' and then tweeted ...' / ' but did not say ...': a second verb of the speaker, no subject of its own.
_COORD_CUT = re.compile(r"(?:,\s+|\s+)(?:and|but)\s+(?:(?:then|also|later|still|even|again|never|[a-z]{3,}ly)\s+)?"
                        r"([a-z]+(?:n[’']t)?)\b")


CUT_WORDS = 4  # the fewest words a content keeps before a relative, participle or apposition cut
_THE_APPOS = re.compile(r",\s+the\s")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|might|do|does|did|"
                     r"said|says|say|[a-z]+ed)\b")
_INTRO_SUBORDINATORS = {"when", "as", "after", "before", "while", "since", "because", "although", "though", "if",
                        "once", "until", "whenever", "whereas"}
_CUT_PRONOUNS = {"he", "she", "they", "we", "it", "I"}
_SUBORDINATE = re.compile(r"\b(?:if|when|whenever|once|unless|because|until|as soon as|even if)\b", re.I)
_COMMA_AND_VERB = re.compile(r",\s+and\s+(?:(?:then|also|later|still|even|again|never|[a-z]{3,}ly)\s+)?([a-z]+)\b")
_NOT_PAST = {"need", "indeed", "speed", "seed", "feed", "red", "hundred", "united", "alleged", "so-called", "armed",
             "related", "based", "concerned", "interested", "detailed", "limited", "advanced", "experienced"}


_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Twitter|Facebook|X|Instagram|television|TV|radio)"
_SETTING_NOUNS = (r"(?:speech|interview|statement|tweet|post|letter|op-ed|column|memo|message|video|press release|"
                  r"news conference|press conference|briefing|debate|rally|hearing|meeting|event|appearance|address|"
                  r"session|call|phone call|conversation|email|e-mail|book|editorial|report|remarks|talk|summit|visit|"
                  r"campaign stop|town hall|forum|broadcast|podcast|show|episode|ad|advertisement|radio address)")
#: Where and when the act took place, after a noun-phrase object: 'praised Lang in a speech on
#: Monday', 'criticised the plan during a debate', 'condemned the raid on Twitter'.
_SETTING_PP = re.compile(
    r",?\s+(?:(?:in|during|at|via|through|over)\s+(?:a|an|the|his|her|their|its|one|another|[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,3}’s?|"
    r"[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,3}'s)\s+(?:[\w’'-]+\s+){0,3}?" + _SETTING_NOUNS + r"s?\b"
    r"|during\s|on\s+" + _DAYS + r"\b|(?:earlier|later|last|this)\s+(?:week|month|year|" + _DAYS + r")\b|"
    r"(?:late|early)\s+" + _DAYS + r"\b)")
#: ' and defended ...': a second act of the speaker after a noun-phrase object.
_NP_COORD = re.compile(r",?\s+(?:and|but)\s+(?:(?:then|also|later|even|[a-z]{3,}ly)\s+)?([a-z]+)\b")


def _cut_np_object(d: _Doc, a: int, b: int, cue_form: str) -> int:
    """End a noun-phrase object of an act verb ('denounced the veto', 'praised Lang') before the
    setting of the act ('... in a speech on Monday', '... during a debate') and before a second
    verb of the speaker ('blasted Rubio and defended Cruz'). Infinitive and clausal objects
    ('urged Israel to hold talks in Cairo') are left whole."""
    s = d.s
    seg = s[a:b]
    finite = _FINITE.search(seg, 0, min(len(seg), 60))
    if finite and re.search(r"\b(?:and|but)\s+$", seg[:finite.start()]):
        finite = None  # 'rejects the accusations and has insisted': the speaker's own next verb
    if re.search(r"\bto\s+[a-z]", seg[:200]) or finite and not re.match(r"[a-z]+ed\b", finite.group()):
        return b
    best = b
    for m in _SETTING_PP.finditer(s, a, b):
        if m.start() - a >= 2 and not d.in_quote(m.start()) and not re.search(r"\s(?:of|for)\s", s[m.end():b]):
            best = m.start()  # not in 'accused Lang on Monday of lying': the object goes on
            break
    tense = _tense(cue_form)
    for m in _NP_COORD.finditer(s, a, best):
        w = m.group(1)
        if m.start() - a >= 2 and not d.in_quote(m.start()) and w not in _NOT_PAST and \
                ((tense == "past" and (w.endswith("ed") or w in _IRREGULAR_PAST or w in ("did", "went", "had"))) or
                 (tense == "3sg" and (w in L.CUE_FORMS and _tense(w) == "3sg" or w in ("has", "does", "is")))):
            # 'rejects the accusations and has insisted ...': the speaker's next act
            best = m.start()
            break
    return best


def _coord_verb(w: str, cue_tense: str) -> bool:
    """Is ``w`` a finite verb in the cue's own tense, so that it shares the cue's subject?"""
    if cue_tense == "past":
        # only 'did': other past verbs after 'and' belong to the reported clause as often as not
        # ('said Israel had struck and destroyed ...'), and the project's gold keeps them
        return w in ("did", "didn’t", "didn't")
    if cue_tense == "3sg":
        return w in ("does", "doesn’t", "doesn't") or (w in L.CUE_FORMS and _tense(w) == "3sg")
    return False


def _cut_content(d: _Doc, a: int, b: int, cue_form: str = "") -> int:
    """End a reported clause at a clause boundary (', while ...', '; ...', ' - though ...', ', they
    ...', ', which ...', ', putting ...', ' and then tweeted ...') outside quotation marks,
    keeping at least a few words."""
    s = d.s
    best = b

    def ok(pos: int, words: int = 4) -> bool:
        return pos - a > 6 and s.count(" ", a, pos) >= words - 1 and not d.in_quote(pos) and (words < 4 or pos - a > 12)

    paired = -1
    for m in _CONTENT_CUT.finditer(s, a, b):
        if m.start() <= paired:
            continue  # the closing dash of a pair
        dash = m.group().strip()
        if m.group()[-1].isspace() and dash in ("-", "--", "–", "—", "––", "——"):
            pair = re.compile(r"\s" + re.escape(dash) + r"\s").search(s, m.end(), b)
            if pair:
                paired = pair.start()
                continue  # a paired dash ('the plan — and its cost — was ...') sits inside the content
        if ok(m.start()):
            if m.group().split()[-1] in _CUT_PRONOUNS and _SUBORDINATE.search(s, a, m.start()):
                continue  # 'said that if voters backed him, he would fight': the main clause follows
            if m.group().rstrip().endswith(("but", "while", "though", "although")) and _CONTINUES.match(s, m.end(), b):
                continue  # 'said that A, but that B' / '..., but “B”': one statement in two parts
            best = m.start()
            break
    for m in _THE_APPOS.finditer(s, a, best):
        if ok(m.start(), CUT_WORDS) and s.find(",", m.end(), best) < 0 and not _FINITE.search(s, m.end(), best):
            best = m.start()  # '..., the presumptive nominee': a closing apposition, verbless
            break
    for m in _REL_CUT.finditer(s, a, best):
        if ok(m.start(), CUT_WORDS) and s.find(",", m.end(), best) < 0:
            best = m.start()  # a relative clause closed by a comma is inside the content: keep it
            break
    for m in _PART_CUT.finditer(s, a, best):
        if ok(m.start(), CUT_WORDS) and m.group(1) not in _PART_KEEP:
            best = m.start()
            break
    for m in _COMMA_AND_VERB.finditer(s, a, best):
        w = m.group(1).lower()
        if ok(m.start()) and (w in ("has", "had") or (w.endswith("ed") and w not in _NOT_PAST)):
            best = m.start()  # ', and has championed ...' / ', and reminded ...': the speaker's next act
            break
    tense = _tense(cue_form) if cue_form else ""
    if tense in ("past", "3sg"):
        for m in _COORD_CUT.finditer(s, a, best):
            if ok(m.start()) and _coord_verb(m.group(1).lower(), tense):
                best = m.start()
                break
    return best


_THAT_STOP = {".", ";", ":", "!", "?", "“", "”", '"', "(", ")", "and", "but", "or", "while", "because", "if", "when",
              "who", "which", "whether", "whom"}


def _that_after(toks: list[Tok], j: int, end_tok: int, limit: int = 24) -> int | None:
    """Index of the first word of a 'that' clause reached across an adjunct after a saying verb
    ('said in a statement posted on its website that ...', 'testified, for example, that ...',
    'say by 55%-41% that ...'); None when a clause, a second cue or the sentence end comes first.
    A 'that' followed by a verb is a relative pronoun inside the adjunct ('in a story that ran
    Monday that ...'), and the search goes on past it."""
    for k in range(j, min(end_tok, j + limit)):
        t = toks[k]
        noun = k > j and (toks[k - 1].low in ("of", "in", "during") or toks[k - 1].low in _DETS)  # 'a series of posts', 'in remarks'
        if t.low == "to" and k + 1 < end_tok and (toks[k + 1].low in _DETS or toks[k + 1].text[:1].isupper()
                                                  or toks[k + 1].text[:1].isdigit()
                                                  or toks[k + 1].low.endswith("s") and not toks[k + 1].low.endswith("ss")):
            continue  # 'said on a visit to the border that ...': a preposition, not an infinitive
        if t.text in _THAT_STOP or t.low in _THAT_STOP or t.low in L.SAY_FORMS and not noun or t.low in _CUT_PRONOUNS \
                or t.low in ("i", "you") or t.low in _VERBISH and (k == j or toks[k - 1].low != "that"):
            return None
        if t.low == "that" and k > j:
            if k + 1 >= end_tok:
                return None
            nx = toks[k + 1]
            if nx.low in _VERBISH or nx.text.islower() and nx.low.endswith("ed") and nx.low not in _NOT_PAST:
                continue
            return k + 1
    return None


_REL_VERBS = {"is", "was", "were", "are", "has", "have", "had"}


def _rel_subject(s: str, toks: list[Tok], p: _Plan) -> bool:
    """Does the cue's speaker phrase follow a relative pronoun ('which critics said was ...',
    'who officials say is ...'), so that the reported clause has no subject of its own?"""
    if p.np is None:
        return False
    fs = p.np.full_start if p.np.full_start >= 0 else p.np.start
    k = next((i for i, t in enumerate(toks) if t.start >= fs), None)
    if k is None or k < 1:
        return False
    if toks[k - 1].low == "what":
        # 'killed in what Israel said was a strike on ...': a reported description; not 'What he
        # said was not true', where the writer judges the words
        return k >= 2 and toks[k - 2].text.isalpha() and toks[k - 2].text.islower()
    return toks[k - 1].low in ("which", "who", "whom") or (toks[k - 1].low == "that" and k >= 2 and toks[k - 2].text[:1].isalpha()
                                                              and toks[k - 2].low not in L.CUE_FORMS)


_WRITE_FORMS = {"wrote", "writes", "write", "writing", "written"}
_WRITTEN_THINGS = {"book", "books", "letter", "letters", "column", "columns", "article", "articles", "piece", "pieces",
                   "op-ed", "memoir", "novel", "essay", "essays", "bill", "report", "story", "stories", "song", "songs",
                   "script", "speech", "check", "cheque", "foreword", "introduction", "chapter", "post", "blog", "note",
                   "notes", "email", "e-mail", "memo", "legislation", "law", "dissent", "opinion", "biography", "profile",
                   "paper", "papers", "thesis", "study", "poem", "poems", "play", "screenplay"}


#: Say verbs whose content must be a clause: 'maintains that ...', not 'maintains a blockade',
#: 'recalled that ...', not 'recalled its ambassador', 'observed that ...', not 'observed a silence'.
_ADD_FORMS = L.verb_forms("add")
_CLAUSE_ONLY = L.verb_forms("maintain") | L.verb_forms("recall") | L.verb_forms("observe") | _ADD_FORMS
#: A verb that makes the words after such a cue a clause ('added the talks would resume', not
#: 'added his name to the motion' or 'adds pressure on negotiators').
_CLAUSE_VERBS = L.FINITE_AUX | {"be", "been"}
_ADD_CLAUSE_VERBS = _CLAUSE_VERBS | {
    "struck", "hit", "went", "came", "took", "left", "fell", "began", "won", "lost", "led", "held", "kept", "sent",
    "saw", "met", "fled", "fought", "brought", "built", "paid", "put", "set", "shot", "cut", "ran", "rose", "spent",
    "stood", "told", "said", "made", "gave", "found", "got", "knew", "meant", "thought", "felt", "heard", "became"}
_TELL_FORMS = L.verb_forms("tell|told|tells|telling")
#: Acts of declaring, not statements: 'declared war on Hamas', 'declared a state of emergency'.
_DECLARED_ACTS = re.compile(r"(?:war|martial law|independence|bankruptcy|(?:a|an) (?:state of )?emergency|"
                            r"(?:a )?(?:ceasefire|truce)|(?:a|three|two|a national) days? of mourning)\b", re.I)
_DECLARE_FORMS = L.verb_forms("declare")
_BEG_FORMS = L.verb_forms("beg|begged|begs|begging")
_DENY_FORMS = L.verb_forms("deny")
_ASK_FORMS = L.verb_forms("ask")
_PLEA_FORMS = _DENY_FORMS | L.verb_forms("admit|admitted|admits|admitting")
_CHARGES = {"charge", "charges", "offence", "offences", "offense", "offenses", "counts", "count", "murder",
            "manslaughter", "assault", "crimes", "crime"}
_DENIED_THINGS = {"entry", "access", "visa", "visas", "permission", "permits", "passage", "bail", "treatment", "aid",
                  "food", "water", "fuel", "electricity", "service", "services", "admission", "boarding", "asylum"}
_ANSWER_FORMS = L.verb_forms("answer")
_ADVISE_FORMS = L.verb_forms("advise")


def _object_not_statement(s: str, toks: list[Tok], j: int, end_tok: int, form: str) -> bool:
    """Objects that are things made or people reached, not statements: 'wrote a children's book',
    'wrote the letter Feb. 2', 'Mr. Lang called Ann Roy.' (a telephone call)."""
    if form in _WRITE_FORMS and toks[j].low in ("a", "an", "the", "his", "her", "their", "its", "two", "three", "several"):
        if any(t.low == "that" or t.text in (":", "“", '"') or t.low.endswith("ing") and t.low in L.CUE_FORMS
               or t.low in ("congratulating", "thanking", "requesting", "inviting") for t in toks[j:end_tok]):
            return False  # 'wrote a letter to Lang asking ...': the letter's content follows
        for k in range(j + 1, min(end_tok, j + 7)):
            if toks[k].low in _WRITTEN_THINGS:
                return True
            if not toks[k].text[:1].isalnum():
                break
        return False
    verbs = _ADD_CLAUSE_VERBS if form in _ADD_FORMS else _CLAUSE_VERBS
    if form in _CLAUSE_ONLY and toks[j].low != "that" and not any(
            t.low in verbs or t.low.endswith("ed") and toks[k - 1].low not in ("and", "but", ",")
            for k, t in enumerate(toks[j:end_tok], j)):
        return True  # 'Israel maintains a blockade': a thing kept, not a claim (a claim has a verb)
    if form in _TELL_FORMS and (toks[j].low in ("lies", "lie", "truth") or
                                (toks[j].low == "the" and j + 1 < end_tok and toks[j + 1].low in ("truth", "difference"))):
        return True  # 'not telling the truth': honesty, not a statement
    if form in _DECLARE_FORMS and _DECLARED_ACTS.match(s, toks[j].start):
        return True  # 'declared war on Hamas': an act
    if form in _PLEA_FORMS and any(t.low in _CHARGES for t in toks[j:min(end_tok, j + 5)]):
        return True  # 'admitted two terror offences', 'denied public order offences': a plea in court
    if form in _DENY_FORMS and toks[j].low in _DENIED_THINGS:
        return True  # 'Israel denied entry to journalists': a refusal, not a denial of a claim
    if form in _ANSWER_FORMS and toks[j].low in ("questions", "calls", "the", "a") and \
            any(t.low in ("questions", "question", "calls", "call", "phone", "door") for t in toks[j:j + 3]):
        return True  # 'answered questions from reporters': what was said is not given
    if form in _BEG_FORMS and j + 1 < end_tok and toks[j].low == "the" and toks[j + 1].low == "question":
        return True  # 'begged the question': an idiom
    if form in _ADVISE_FORMS and toks[j].low in ("on", "in", "at", "for", "with"):
        return True  # 'advised on three deals': a banker's work
    if form in ("called", "calls", "call"):
        k = j
        while k < end_tok and toks[k].text[:1].isupper() and toks[k].text.isalpha() or \
                k < end_tok and k > j and toks[k].text in (".",) and len(toks[k - 1].text) <= 3:
            k += 1
        return k > j and (k >= end_tok or toks[k].text in (".", "!", "?", ";"))
    return False


def _lead_in_only(toks: list[Tok], ti: int) -> bool:
    """'But according to X, ...' / '... unnoticed: According to X, ...': only connectors (after a
    colon, dash or bracket) stand before the cue, so the content follows it."""
    k0 = 0
    for k in range(ti - 1, -1, -1):
        if toks[k].text in (":", "(", "—", "–", ";"):
            k0 = k + 1
            break
    if ti - k0 > 4:
        return False
    return all(toks[k].low in _LEAD_CONNECTORS for k in range(k0, ti))


def _is_paren(d: _Doc, toks: list[Tok], p: _Plan) -> bool:
    """'That attitude, many argue, could carry ...': an attribution set off by commas mid-sentence."""
    if p.mode != "after" or p.cue.form not in L.SAY_FORMS or p.cue.gerund or p.np is None:
        return False
    fs = p.np.full_start if p.np.full_start >= 0 else p.np.start
    k = next((i for i, t in enumerate(toks) if t.start >= fs), 0)
    if k < 2 or toks[k - 1].text not in (",", "—", "–"):
        return False
    j = _skip_pps(d.s, toks, p.tj, len(toks), p.cue.form in L.OBJECT_VERBS)
    return j + 2 < len(toks) and toks[j].text in (",", "—", "–") and toks[j + 1].low not in ("according",) \
        and not toks[j + 1].low.endswith("ing") and not _contrast_after(d, toks, p)


_CONTRAST = {"but", "although", "though", "while", "whereas", "yet"}


def _contrast_after(d: _Doc, toks: list[Tok], p: _Plan) -> bool:
    """'The flaw will be fixed, the company says, but it is not known when': after the attribution
    the writer goes on with a contrast of their own; the statement is the clause before it."""
    j = _skip_pps(d.s, toks, p.tj, len(toks), p.cue.form in L.OBJECT_VERBS)
    return j + 2 < len(toks) and toks[j].text == "," and toks[j + 1].low in _CONTRAST and \
        toks[j + 2].low != "that" and toks[j + 2].text not in ("“", '"', "‘", "'")


def _is_final(d: _Doc, toks: list[Tok], p: _Plan) -> bool:
    """'CLAUSE, the Russian readout said (in a statement).': the cue closes the sentence."""
    if p.mode == "inverted":
        return True
    if p.mode == "according":
        return p.ti > 0 and toks[p.ti - 1].text in (",", "(", "—", "–") and (
            p.tj >= len(toks) or toks[p.tj].text in (".", ")", "!", "?", ";") or _only_pps(d, toks, p.tj)
            or _trailing_apposition(toks, p.tj))
    if p.cue.form not in L.SAY_FORMS or p.cue.gerund:
        return False
    fs = p.np.full_start if p.np.full_start >= 0 else p.np.start
    k = next((i for i, t in enumerate(toks) if t.start >= fs), 0)
    if k == 0 or toks[k - 1].text not in (",", "—", "–", "”", "’", '"', ":"):
        # '..., election officials said': words the phrase grammar left out before the head
        k2 = k - 1
        while k2 >= 0 and k - k2 <= 3 and _modifier_like(toks[k2]):
            k2 -= 1
        if k2 >= 0 and k2 < k - 1 and toks[k2].low in _LOOSE_DETS:
            k2 -= 1  # 'his longtime confidant Roger Stone'
        if not (0 <= k2 < k - 1 and k2 >= 2 and toks[k2].text in (",", "—", "–") and _only_pps(d, toks, p.tj, p.cue.form in L.OBJECT_VERBS)):
            return False
        a = toks[k2 + 1].start
        if p.np.kind == "name":
            p.np = NP(p.np.start, p.np.end, p.np.text, "name", (s_of(d, a, fs).strip() + " " + p.np.title).strip(), a)
        else:
            a2 = toks[k2 + 2].start if toks[k2 + 1].low in ("the", "a", "an") else a
            p.np = NP(a2, p.np.end, s_of(d, a2, p.np.end), p.np.kind, p.np.title, a)
        return True
    return _only_pps(d, toks, p.tj, p.cue.form in L.OBJECT_VERBS) or _contrast_after(d, toks, p)


def s_of(d: _Doc, a: int, b: int) -> str:
    return d.s[a:b]


def _modifier_like(t: Tok) -> bool:
    """A word that may stand inside a speaker phrase before its head ('election', 'Ohio', 'state')."""
    x = t.text.replace("-", "").replace("’", "").replace("'", "")
    return x.isalpha() and t.low not in _VERBISH and t.low not in L.CUE_FORMS and t.low not in L.CLAUSE_OPENERS \
        and t.low not in L.PRONOUNS and t.low not in _DETS and not (L.adverb_like(t.low) and t.text.islower()) \
        and t.low not in L.NOT_NAMES and not t.low.endswith(("ing",))


_FINAL_PREPS = {"in", "during", "at", "on", "after", "before", "while", "when", "from", "with", "through", "via",
                "outside", "inside", "amid", "following", "of", "about"}
_AFTER_FINAL = {"as", "while", "in", "on", "at", "during", "after", "before", "when", "amid", "ahead", "just", "shortly",
                "hours", "days", "weeks", "months", "moments", "minutes", "days", "despite", "even", "whereas", "though",
                "although", "because", "since", "until", "then", "adding", "hours"}
_NUMBER_WORDS = {"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                 "some", "few", "many", "barely", "only", "less", "more", "nearly", "almost", "about"}
_TIME_UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute", "minutes",
               "moment", "moments", "decade", "decades", "few", "after", "before", "later", "earlier"}


_APPOS_OPENERS = {"a", "an", "the", "his", "her", "its", "their", "one", "who", "which", "whose", "now", "then",
                  "former", "himself", "herself", "also"}


def _trailing_apposition(toks: list[Tok], j: int) -> bool:
    """'..., according to Bill Ray, a pollster who ran the survey.': an apposition or relative
    clause about the source closes the sentence, so the attribution is still final."""
    if j + 1 >= len(toks) or toks[j].text not in (",", "(", "—", "–"):
        return False
    nx = toks[j + 1]
    if nx.low not in _APPOS_OPENERS and not nx.text.isdigit():
        return False
    return not any(t.text in (";", ":", "“", '"', "‘") or t.low in L.SAY_FORMS for t in toks[j + 1:])


def _only_pps(d: _Doc, toks: list[Tok], j: int, obj: bool = False) -> bool:
    if j < len(toks) and _approx_start(toks, j, len(toks)):
        return False  # 'CNN reported at least six planes filled the skies': a count opens the clause
    if j < len(toks) and toks[j].low in _FINAL_PREPS and \
            not any(t.text in (",", ";", ":", "“", '"', "‘") or t.low == "that" for t in toks[j:]):
        return True  # '..., Wilkin said during his speech to the delegates.': a long adverbial tail
    j = _skip_pps(d.s, toks, j, len(toks), obj)
    while j < len(toks) and toks[j].text in (".", "!", "?", ";", ")", "”", "’", '"'):
        j += 1
    if j >= len(toks):
        return True
    # ', according to X' or ', adding ...' may follow a closing attribution
    if toks[j].text != "," or j + 1 >= len(toks):
        return False
    nx = toks[j + 1].low
    # '..., the agency declared on Thursday, two days after the vote': a time phrase, not content
    return nx == "according" or nx.endswith("ing") or nx in _AFTER_FINAL or nx.isdigit() or \
        (nx in _NUMBER_WORDS and j + 2 < len(toks) and toks[j + 2].low in L.TIME_WORDS | _TIME_UNITS)


_TURN_LABEL = re.compile(r"[A-Z][\w.'’ -]{1,40}:\s")


def _writer_speaks(d: _Doc, p: _Plan) -> bool:
    """'As we've been reporting, ...', 'We asked the ministry whether ...', 'When I ask him how ...':
    the writer's own words and questions, or the reader addressed ('you'), in the narrative; not in a transcript turn ('MR MILLER:
    ... we have asked that ...'), where 'we' is the one answering."""
    w = p.np.text.lower()
    if p.np.kind != "pronoun" or w not in ("i", "we", "you") or d.in_quote(p.np.start):
        return False
    if w == "i" and p.cue.form not in _ASK_FORMS:
        return False  # an author's 'I said' may be a statement of their own (an op-ed)
    pa = d.para_starts[max(0, bisect.bisect_right(d.para_starts, p.np.start) - 1)] if d.para_starts else 0
    return _TURN_LABEL.match(d.s, pa) is None


def _indirect(d: _Doc) -> None:
    s = d.s
    sent_cues: dict[int, list[Cue]] = {}
    claimed = sorted(d.claimed)
    claimed_starts = [x for x, _ in claimed]
    for c in d.cues_in(0, len(s)):
        if c.start in d.used_cues or d.in_quote(c.start):
            continue
        ci = bisect.bisect_right(claimed_starts, c.start)
        if ci and any(x <= c.start < y for x, y in claimed[max(0, ci - 3):ci]):
            continue  # inside a transcript answer or headline: the whole of it is already one quote
        sent_cues.setdefault(d.sent_of(c.start), []).append(c)
    for si, cues in sent_cues.items():
        sp = d.sents[si]
        toks = d.toks(sp.start, sp.end)
        if not toks:
            continue
        if len(cues) > _MAX_CUES:
            cues = cues[:_MAX_CUES]  # a 'sentence' with this many cues is not prose; stay linear
        # 'As we've been reporting, ...', 'When I ask him how ...': the writer's own words and
        # questions, in the narrative, are not the statements of anyone in the story
        plans = [p for p in _plan_cues(d, toks, cues, si) if not _writer_speaks(d, p)]
        if not plans:
            continue
        # a closing attribution owns everything before it; cues inside are part of the content
        finals = [p for p in plans if _is_final(d, toks, p)]
        parens = [] if finals else [p for p in plans if _is_paren(d, toks, p)]
        if parens:
            f = parens[0]
            f.orig, f.mode = f.mode, "paren"
            plans = [p for p in plans if p is f or p.mode == "according"]
        if finals:
            f = finals[-1]
            fs = f.np.full_start if f.mode != "according" else f.cue.start
            if f.mode == "inverted":
                fs = f.cue.start
            before = [p for p in plans if p is not f and p.cue.start < fs and p.mode != "according"]
            if before and toks[0].low == "as" and before[0] is plans[0] and \
                    any(t.text == "," and before[0].cue.end <= t.start < fs for t in toks):
                # 'As I noted above, CLAUSE, according to X': the 'as' clause is an aside
                before = [p for p in before if p is not before[0]] if len(before) == 1 else before
            if f.mode == "according" and any(p.mode == "after" and p.np is not None and p.np.kind != "source"
                                             and p.cue.form not in L.WEAK_FORMS for p in before):
                f.mode = "source"
            else:
                f.orig, f.mode = f.mode, "final"
                plans = [p for p in plans if p.cue.start >= fs or p.mode == "according"]
        # 'According to X, Y said ...' / '... said ..., according to X': X is the source
        says = [p for p in plans if p.mode == "after" and p.cue.form in L.SAY_FORMS]
        if says:
            for p in plans:
                if p.mode == "according":
                    p.mode = "source"
        # nested cues inside an earlier content ('Zhai said China maintained ...') are content
        kept: list[_Plan] = []
        for p in plans:
            if kept and p.mode == "after" and not p.gerundive and kept[-1].mode == "after" and p.cue.form not in _CLAIM_NOUNS:
                q = kept[-1]
                fs = p.np.full_start if p.np is not None and p.np.full_start >= 0 else p.cue.start
                if fs > q.cue.end:
                    k = next((i for i, t in enumerate(toks) if t.start >= fs), len(toks))
                    if k > 0 and toks[k - 1].low not in _BOUNDARY_TOKS and toks[min(k, p.ti) - 1].low != "and":
                        continue
            kept.append(p)
        plans = kept
        src_text = None
        for p in plans:
            if p.mode == "source":
                src_text = s[p.np.full_start if p.np.full_start >= 0 else p.np.start: toks[p.tj - 1].end]
        emit = [p for p in plans if p.mode != "source"]
        for n, p in enumerate(emit):
            # content ends where the next attribution in the sentence begins
            nxt = [q for q in plans if q.cue.start > p.cue.start and q is not p]
            end_pos = sp.end
            if nxt:
                q = nxt[0]
                if q.mode in ("according", "source"):
                    k = q.ti
                elif q.gerundive or (q.np is not None and q.np.full_start < q.cue.start and toks[max(0, q.ti - 1)].low == "and") \
                        or (q.np is not None and 0 <= q.np.full_start < p.cue.start):
                    k = q.ti  # 'X said A, but said B': a coordinated cue sharing the subject ends A
                else:
                    fs = q.np.full_start if q.np is not None and 0 <= q.np.full_start < q.cue.start else q.cue.start
                    k = next((i for i, t in enumerate(toks) if t.start >= fs), q.ti)
                if k >= 3 and toks[k - 1].low == "to" and toks[k - 2].low == "on":
                    k -= 3  # '... and went on to say': the content ends before 'went'
                while k > 0 and toks[k - 1].low in _BOUNDARY_TOKS:
                    k -= 1
                end_pos = toks[k - 1].end if k > 0 else sp.start
            kind = "indirect"
            source = src_text or p.source
            if p.mode == "paren":
                a, b = toks[0].start, end_pos
                fs = p.np.full_start if p.np.full_start >= 0 else p.np.start
                k0 = 0
                while k0 < len(toks) and toks[k0].start < fs and toks[k0].low in _LEAD_CONNECTORS:
                    k0 += 1
                if toks[k0].start >= fs or len([x for x in toks[k0:] if x.start < fs]) < 3:
                    # 'And yet, his aides say, Syria remains a priority': the content follows
                    k = _skip_pps(s, toks, p.tj, len(toks), p.cue.form in L.OBJECT_VERBS)
                    if k < len(toks) and toks[k].text in (",", "—", "–"):
                        k += 1
                    if k >= len(toks):
                        continue
                    a = toks[k].start
                else:
                    a = toks[k0].start
                source = source or _tail_source(s, p.cue.end, min(sp.end, p.cue.end + 120))
            elif p.mode == "final":
                fs = p.np.full_start if p.np.full_start >= 0 else p.np.start
                if p.cue.form == "according to" or p.orig == "inverted":
                    fs = p.cue.start
                if p.cue.form == "according to":
                    kind = "according-to"
                k = next((i for i, t in enumerate(toks) if t.start >= fs), 0)
                while k > 0 and toks[k - 1].text in (",", "—", "–", "(", ":"):
                    k -= 1
                a, b = toks[0].start, (toks[k - 1].end if k > 0 else toks[0].start)
                tail_a = toks[p.tj - 1].end if p.tj > 0 else p.cue.end
                source = source or _tail_source(s, tail_a, sp.end)
            elif p.mode == "inverted":
                k = p.ti
                while k > 0 and toks[k - 1].text in (",", "—", "–"):
                    k -= 1
                a, b = toks[0].start, (toks[k - 1].end if k > 0 else toks[0].start)
                tail_a = toks[p.tj - 1].end if p.tj > 0 else p.cue.end
                source = source or _tail_source(s, tail_a, sp.end)
            elif p.mode == "according":
                kind = "according-to"
                mid = p.ti >= 2 and toks[p.ti - 1].text == "," and \
                    any(toks[k].text == "," and k + 2 < len(toks) and toks[k + 1].low not in _REL_WORDS | {"where", "when"}
                        and not toks[k + 1].low.endswith("ing") for k in range(p.tj, min(len(toks), p.tj + 15)))
                if p.ti >= 3 and toks[p.ti - 1].text in (",", "—", "–", "(") and not mid:
                    # 'CLAUSE, according to data released Friday by ...'
                    a, b = toks[0].start, toks[p.ti - 1].start
                elif p.ti == 0 or (p.ti <= 2 and toks[p.ti - 1].text in (",", "(")) or _lead_in_only(toks, p.ti):
                    k = p.tj
                    while k < len(toks) and toks[k].text != ",":
                        k += 1
                    if k >= len(toks):
                        continue
                    a, b = toks[k + 1].start if k + 1 < len(toks) else sp.end, end_pos
                elif p.ti >= 2 and toks[p.ti - 1].text == "," and \
                        any(toks[k].text == "," and k + 2 < len(toks) for k in range(p.tj, min(len(toks), p.tj + 15))):
                    a, b = toks[0].start, end_pos  # 'X, according to Y, did Z': the whole sentence
                else:
                    continue
            else:
                end_tok = next((i for i, t in enumerate(toks) if t.end > end_pos), len(toks))
                j0 = _to_addressee(toks, p.tj, end_tok) if p.cue.form in L.SAY_FORMS and p.cue.form not in _TO_VERBS \
                    and _tense(p.cue.form) in ("past", "3sg") else p.tj
                j = _skip_pps(s, toks, j0, end_tok, p.cue.form in L.OBJECT_VERBS and p.cue.form in L.SAY_FORMS)
                if j < end_tok and toks[j].low in _PREPS and p.cue.form in L.SAY_FORMS:
                    # 'saying at one point, “...”': a short adjunct, a comma, then the quote
                    for k in range(j + 1, min(end_tok - 1, j + 9)):
                        if toks[k].text in (",", ":") and toks[k + 1].text in ("“", '"', "‘", "'", "''"):
                            j = k
                            break
                        if toks[k].low in L.CUE_FORMS or toks[k].low in _VERBISH or not toks[k].text[:1].isalnum():
                            break
                if j < end_tok and toks[j].text in (",", ":", "—", "–"):
                    j += 1
                that = j < end_tok and toks[j].low == "that"
                if that:
                    j += 1
                if j >= end_tok:
                    continue
                first = toks[j].low
                if _approx_start(toks, j, end_tok):
                    first = "#"  # 'said about 200 people had been killed': a number, not a topic
                stray = j > j0 and toks[j].text.isalpha() and toks[j].text.islower() and toks[j].low not in _DETS \
                    and toks[j].low not in L.PRONOUNS and toks[j - 1].low not in _DETS  # 'in a series of posts that'
                if not that and (first in _CONTENT_BAD_START | {"for", "by", "since", "however"} or stray) \
                        and p.cue.form in L.SAY_FORMS and not p.cue.gerund:
                    jt = _that_after(toks, j0 if stray else j, end_tok)
                    if jt is not None:  # 'said in one of a series of posts that ...': an adjunct, then the clause
                        j, that, first = jt, True, toks[jt].low
                if first in _REL_VERBS and not that and j == p.tj and p.cue.form in L.SAY_FORMS and _rel_subject(s, toks, p):
                    pass  # 'the bill, which critics said was unfair': the relative pronoun is the clause's subject
                elif first in _CONTENT_BAD_START and not that and not (p.cue.form in L.OBJECT_VERBS or p.cue.act) and \
                        not (first == "who" and j == p.tj and p.cue.form in _WH_VERBS) and \
                        not (first == "to" and p.cue.form in _TO_VERBS):
                    continue
                if p.cue.form in L.WEAK_FORMS and not that and toks[p.tj].text not in (":", ","):
                    continue
                if not that and _object_not_statement(s, toks, j, end_tok, p.cue.form):
                    continue
                a, b = toks[j].start, end_pos
                b = _cut_content(d, a, b, p.cue.form)
                if p.cue.act and not that:
                    b = _cut_np_object(d, a, b, p.cue.form)
                if toks[0].low == "as" and 0 < j and toks[j - 1].text == "," and not that:
                    pass  # 'As the ministry announced on Monday, the border will reopen': the main clause is said
                elif toks[0].low in _INTRO_SUBORDINATORS and not any(t.text == "," for t in toks[1:p.ti]):
                    # 'When Lang announced the layoffs, workers felt betrayed': the cue sits in an
                    # introductory clause, which ends at its comma; the main clause is narrative
                    cm = next((t.start for t in toks[j + 1:] if t.text == "," and t.start < b and not d.in_quote(t.start)), None)
                    if cm is not None:
                        b = cm
                source = source or _tail_source(s, p.cue.end, toks[j].start + 1)
            b = _strip_end(s, a, b)
            while a < b and s[a] in " ,:;—–-":
                a += 1
            one_name = p.mode == "after" and p.cue.act and b - a >= 3 and s[a:a + 1].isupper() and \
                re.fullmatch(r"[A-Z][\w’'.-]+", s[a:b]) is not None and s[a:b].lower() not in L.NOT_NAMES
            answer = p.mode == "after" and p.cue.form in L.SAY_FORMS and s[a:b].lower() in ("yes", "no") and \
                s[b:b + 1] in (".", "!", "?", "")  # not 'If the IDF says no, then ...'
            if (b - a < 3 or (len(s[a:b].split()) < 2 and not one_name)) and not answer:  # 'blasted Rubio': one name is an object
                continue  # ('Asked whether a deal was close, Blinken said yes': an answer is a statement)
            gi = bisect.bisect_right(d.seg_open, a) - 1
            inside = [g for g in d.segs[max(0, gi - 3): gi + 60] if g.open >= a - 1 and g.close <= b + 1]
            if inside:
                if len(inside) == 1 and inside[0].c0 - a <= 2 and b - inside[0].c1 <= 2:
                    g0 = inside[0]
                    if g0.cand == -1:  # a quote the direct pass left unattributed ('..., saying: “...”')
                        g0.cand = _add(d, Cand(g0.c0, g0.c1, "direct", p.np, p.cue.form, p.cue.start, source, g0.chain, sent=si))
                        d.used_cues.add(p.cue.start)
                    continue  # exactly a direct quote: the direct pass owns it
                if kind == "indirect":
                    kind = "mixed"
                for g in inside:
                    if g.cand >= 0:
                        gc = d.cands[g.cand]
                        if gc.np is not None and g.close < gc.cue_pos < b:
                            # the quoted part carried its own tail ('..." according to X'): X is the source
                            b = _strip_end(s, a, g.close + 1) if s[g.close] in "”»\"'’" else _strip_end(s, a, g.close)
                            b = g.close + 1 if s[g.close:g.close + 1] in ("”", "»", '"', "’", "'") else b
                            if gc.cue == "according to" and source is None:
                                source = s[gc.np.full_start if gc.np.full_start >= 0 else gc.np.start: gc.np.end]
                    g.cand = -2
            _add(d, Cand(a, b, kind, p.np, p.cue.form if p.cue.form != "quoted saying" else s[p.cue.start:p.cue.end],
                         p.cue.start, source, sent=si))
            d.used_cues.add(p.cue.start)


_HEADLINE = re.compile(r"^([^:\n]{2,80}?):\s+(\S.{8,})$")
_HEADLINE_BAD = {"q", "question", "reporter", "wow", "revealed", "confirmed", "shocking", "poll", "report", "reports",
                 "just", "new", "now", "here", "this", "these", "why", "how", "what", "who", "when", "where", "live", "watch", "analysis", "update", "updates", "breaking", "video", "photos", "read",
                 "listen", "opinion", "explainer", "comment", "editorial", "exclusive", "review", "timeline",
                 "factbox", "q&a", "note", "source", "sources", "photo", "picture", "image", "warning",
                 "correction", "related", "see", "also", "more", "by", "with", "and", "or", "in", "on", "at",
                 "the", "a", "an", "date", "published", "updated", "topics", "tags", "share", "follow",
                 "email", "tel", "telephone", "url", "http", "https"}


_TRANSCRIPT = re.compile(r"^((?:[A-Z][A-Z.’'\-]*\s){0,3}[A-Z][A-Z.’'\-]+)\s?:\s+(\S.*)$")
_TRANSCRIPT_TITLES = {"MR", "MR.", "MS", "MS.", "MRS", "MRS.", "DR", "DR.", "GEN", "GEN.", "ADM", "ADM.", "COL", "COL.",
                      "SEN", "SEN.", "REP", "REP.", "AMB", "AMB.", "PROF", "PROF.", "LT", "LT.", "MAJ", "MAJ."}
_NOT_SPEAKERS = {"Q", "QUESTION", "QUESTIONS", "REPORTER", "JOURNALIST", "AUDIENCE", "NOTE", "EDITOR", "UPDATE",
                 "BREAKING", "WATCH", "LIVE", "READ", "MORE", "SOURCE", "SOURCES", "PHOTO", "VIDEO", "CORRECTION",
                 "WARNING", "BYLINE", "DATELINE", "LENGTH", "SECTION", "HEADLINE", "BODY", "ANALYSIS", "OPINION",
                 "TRANSCRIPT", "EXCLUSIVE", "UPDATED", "PUBLISHED", "AP", "AFP", "REUTERS"}


def _transcripts(d: _Doc) -> None:
    """Briefing and interview transcripts: 'MR MILLER: We have been clear ...' (any length)."""
    s = d.s
    for a, b in d.paras:
        if s[a:a + 1].isupper() is False or ":" not in s[a:min(b, a + 40)]:
            continue
        m = _TRANSCRIPT.match(s, a, b)
        if not m:
            continue
        words = m.group(1).split()
        if words[0].rstrip(".") in _NOT_SPEAKERS or m.group(1).rstrip(".") in _NOT_SPEAKERS:
            continue
        while words and words[0] in _TRANSCRIPT_TITLES and len(words) > 1:
            words = words[1:]
        name = " ".join(w.capitalize() if w.isupper() else w for w in words)
        if len(name) < 2 or not any(ch.isalpha() for ch in name):
            continue
        c0 = m.start(2)
        c1 = _strip_end(s, c0, b)
        if c1 - c0 < 3 or any(c.start < c1 and c0 < c.end for c in d.cands):
            continue
        for g in d.segs:
            if c0 <= g.open and g.close <= c1 + 1 and g.cand == -1:
                g.cand = -2
        np = NP(m.start(1), m.end(1), name, "name", "", m.start(1))
        _add(d, Cand(c0, c1, "direct", np, ":", m.end(1), None, sent=d.sent_of(c0)))
        d.claimed.append((c0, c1))


def _continuations(d: _Doc) -> None:
    """A whole quoted sentence with no attribution of its own continues the quote just before it
    (of any kind: '... Guterres said the toll was a grim milestone. “I once again urge ...”')."""
    s = d.s
    if not d.cands:
        return
    by_end = _EndOrder(d)
    for g in d.segs:
        if g.cand != -1 or g.unclosed and g.chain < 0:
            continue
        if len(s[g.c0:g.c1].split()) < 3:
            continue
        sp = d.sents[d.sent_of(g.open)]
        if s[max(sp.start, d.paras[g.para][0]):g.open].strip(" ,:;—–-\"'“‘"):
            continue  # not at the start of its sentence: a scare quote or title
        # the quote's last sentence (a closing mark set off by a space can open the next one in the splitter)
        se = d.sents[d.sent_of(max(g.c0, min(g.c1, len(s)) - 1))].end
        if se > g.close and d.cues_in(g.close, min(se, g.close + 200)):
            continue  # it has an attribution of its own that was not understood: better none than a wrong one
        ci = by_end.before(g.open)
        if ci is None:
            continue
        c = d.cands[ci]
        cpara = bisect.bisect_right(d.para_starts, c.start) - 1
        if g.para - cpara > 1 or c.np is None and c.inherit < 0:
            continue
        # nothing but narrative without quotes between them: at most one sentence
        if d.sent_of(g.open) - d.sent_of(max(c.end - 1, 0)) > 2:
            continue
        by_end.continue_with(g, ci)


_TITLE_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "is",
                "from", "into", "over", "vs", "via", "per", "off", "up"}
_TITLE_CUT = re.compile(r"\s+(?:As|While|After|Amid|Before|Despite|Ahead Of|But)\s+[A-Z]|\s[|–—]\s|\s-\s")


def _title_case(words: list[str]) -> bool:
    big = [w for w in words if w.lower() not in _TITLE_SMALL and w[:1].isalpha()]
    return len(big) >= 3 and sum(w[:1].isupper() for w in big) >= 0.85 * len(big)


def _title_headlines(d: _Doc) -> None:
    """Title-case headlines with a reporting verb: 'Mayor Says Bridge Will Reopen By June',
    'Governor Calls For Calm, Blames Rivals'. The cue finder skips capitalised verbs mid-sentence
    (they are usually names: 'Said', 'Hail'), so headlines get their own pass."""
    s = d.s
    spans = sorted((c.start, c.end) for c in d.cands)
    for a, b in d.paras:
        if b - a > 240 or b - a < 12:
            continue
        words = s[a:b].split()
        if len(words) < 4 or not _title_case(words) or not any(
                w[:1].isupper() and w.lower().strip(",.:;!?’'\"") in L.CUE_FORMS for w in words[1:]):
            continue  # cheap test on the raw words first: most paragraphs are not headlines
        toks = d.toks(a, b)
        if len(toks) < 4 or len(toks) > 40 or not _title_case([t.text for t in toks if t.text[:1].isalpha()]):
            continue
        for ti in range(1, len(toks) - 1):
            t = toks[ti]
            form = t.low
            if not t.text[:1].isupper() or t.text.isupper():
                continue
            tj = ti + 1
            if form in _MULTI_SECOND and toks[tj].low in _MULTI_SECOND[form] and f"{form} {toks[tj].low}" in L.CUE_FORMS:
                form, tj = f"{form} {toks[tj].low}", tj + 1
            elif form not in L.CUE_FORMS or form in L.WEAK_FORMS or form in L.GERUNDS or form in ("called", "call", "calls"):
                continue
            if _tense(form) not in ("3sg", "past"):
                continue  # a bare 'Joke' or 'Demand' in a headline is a noun
            i = _skip_adverbs_back(toks, ti - 1)
            if i < 0:
                break
            np = np_ending_at(s, toks, i, allow_appos=False)
            if np is None or np.kind not in ("name", "desc", "org", "source"):
                break
            fs = np.full_start if np.full_start >= 0 else np.start
            k = next((x for x, u in enumerate(toks) if u.start >= fs), 0)
            if k > 0 and toks[k - 1].text not in (":", "—", "–", "|", "-"):
                break
            if tj >= len(toks):
                break
            first = toks[tj].low
            if first in _CONTENT_BAD_START and not (first == "to" and form in _TO_VERBS):
                break  # 'Responds To Question ...': what follows is not the statement
            c0 = toks[tj].start
            c1 = b
            m = _TITLE_CUT.search(s, c0, b)
            if m:
                c1 = m.start()
            # ', Calls Trump Remarks Troubling': a second headline verb starts a new statement
            for x in range(tj + 1, len(toks) - 1):
                if toks[x].text == "," and toks[x + 1].low in L.CUE_FORMS and toks[x + 1].start < c1:
                    c1 = toks[x].start
                    break
            c1 = _strip_end(s, c0, c1)
            if c1 - c0 < 3 or len(s[c0:c1].split()) < 2:
                break
            x = bisect.bisect_left(spans, (a, -1))  # earlier candidates, by start: stay linear
            if any(cs < c1 and c0 < ce for cs, ce in spans[max(0, x - 1):bisect.bisect_left(spans, (b, -1), x)]):
                break
            gi = bisect.bisect_left(d.seg_open, c0)
            while gi < len(d.segs) and d.segs[gi].open <= c1:
                g = d.segs[gi]
                if g.close <= c1 + 1 and g.cand == -1:
                    g.cand = -2
                gi += 1
            _add(d, Cand(c0, c1, "headline", np, form, t.start, None, sent=d.sent_of(c0)))
            d.claimed.append((c0, c1))
            break


def _headlines(d: _Doc) -> None:
    s = d.s
    for pi, (a, b) in enumerate(d.paras):
        line = s[a:b]
        if b - a > 220 or ":" not in line:
            continue
        if line.rstrip()[-1:] in ".!?" and len(line.split()) > 25:
            continue
        m = _HEADLINE.match(line)
        if not m:
            continue
        head = m.group(1).strip()
        if any(ch.isdigit() for ch in head[:3]) or head.lower().split()[0] in _HEADLINE_BAD:
            continue
        toks = tokens(s, a, a + m.end(1))
        if not toks or len(toks) > 8:
            continue
        k = next((k for k in range(1, len(toks) - 1) if toks[k].low == "to"), 0)
        if k and toks[k - 1].low not in L.PERSON_NOUNS and toks[k + 1].text[:1].isupper():
            toks = toks[:k]  # 'Clinton to Planned Parenthood: ...': the speaker, then whom it is said to
        np = np_ending_at(s, toks, len(toks) - 1, allow_appos=False)
        if np is None or np.kind not in ("name", "desc", "org") or np.full_start != toks[0].start:
            continue
        c0 = a + m.start(2)
        c1 = _strip_end(s, c0, b)
        if any(c.start < c1 and c0 < c.end for c in d.cands):
            continue
        _add(d, Cand(c0, c1, "headline", np, ":", a + m.end(1), None, sent=d.sent_of(c0)))


def _covered_at(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Does one of the (sorted, mostly disjoint) candidate spans cover ``pos``? A statement the
    other rules found already."""
    k = bisect.bisect_right(starts, pos)
    return any(x <= pos < y for x, y in spans[max(0, k - 3):k])


def _verb_after(toks: list[Tok], pos: int) -> bool:
    """Is there a lower-case word after ``pos`` among ``toks``, a verb for the subject before it
    ('Dr Sayed spoke to us: ...'; not a bare label, 'MR MILLER: ...')?"""
    return any(t.start >= pos and t.text.isalpha() and t.text.islower() for t in toks)


_COLON_FIRST_PERSON = re.compile(r":[ \t]+(?=(?:I|We|My|Our|I'm|I’m|We're|We’re|I've|I’ve|We've|We’ve)\b)")
_ANY_MARK = re.compile(r"[\"“”«»„]")
_MAX_UNMARKED_SENTENCES = 15


def _unmarked_speech(d: _Doc) -> None:
    """'Dr Amal Sayed spoke to us from the clinic: I stay in the ward. We take turns to rest.': a
    person's words in the first person after a colon, printed without quotation marks, are theirs,
    sentence by sentence while they stay in the first person (on a page flattened into one
    paragraph, the narrative picks up where they stop)."""
    s = d.s
    if ":" not in s:
        return
    spans = sorted((c.start, c.end) for c in d.cands)
    starts = [x for x, _ in spans]
    for m in _COLON_FIRST_PERSON.finditer(s):
        colon, a = m.start(), m.end()
        if d.in_quote(colon) or (colon and s[colon - 1].isdigit()) or _covered_at(spans, starts, a):
            continue
        si = d.sent_of(colon)
        sp = d.sents[si]
        toks = d.toks(sp.start, colon)
        if not toks:
            continue
        np = _clause_subject(d, toks, len(toks))
        if np is None or not (np.kind == "name" or np.kind == "pronoun" and np.text.lower() in ("he", "she", "they")
                              or np.kind == "desc" and np.text.lower().split()[-1] in L.PERSON_NOUNS):
            continue
        if not _verb_after(toks, np.end):
            continue  # 'MR MILLER: We ...', 'Rep. Hale: I ...': a transcript turn or a headline, theirs to read
        para_end = d.paras[bisect.bisect_right(d.para_starts, a) - 1][1] if d.paras else len(s)
        b, kk = a, d.sent_of(a)

        def theirs(k: int, n: int) -> bool | None:
            """Sentence k of the run: True (first person), False (may be theirs), None (not theirs)."""
            if k >= len(d.sents) or d.sents[k].start >= para_end:
                return None
            x0, x1 = max(a, d.sents[k].start), min(d.sents[k].end, para_end)
            if _ANY_MARK.search(s, x0, x1) or _THIRD_CUE.search(s, x0, x1) and n:
                return None
            return n == 0 or _FIRST_PERSON.search(s, x0, x1) is not None

        n = 0
        while n < _MAX_UNMARKED_SENTENCES:
            t = theirs(kk, n)
            if t is None or t is False and theirs(kk + 1, n + 1) is not True:
                break  # one sentence without 'I' or 'we' stays theirs only if the next has it again
            b = min(d.sents[kk].end, para_end)
            kk += 1
            n += 1
        b = _strip_end(s, a, b)
        k = bisect.bisect_right(starts, a)
        if b - a < 12 or (kk < len(d.sents) and k < len(starts) and starts[k] < b):
            continue
        _add(d, Cand(a, b, "direct", np, ":", colon, None, sent=d.sent_of(a)))


_NAMING = re.compile(r"(?:so-called|called|dubbed|known as|titled|entitled|named|the words?|slogans?|hashtag|chants?|"
                     r"banners?|signs?|reading|read|labelled|labeled|branded|described as|term|phrase)\W*$", re.I)


_PASSIVE_NAMING = re.compile(r"\b(?:is|was|were|are|been|being)\s+(?:\w+ly\s+)?(?:described|called|labelled|labeled|branded|"
                             r"dismissed|denounced|condemned|hailed|criticised|criticized)\s+as(?:\s+(?:an?|the))?\W*$", re.I)
_BY_AGENT = re.compile(r"[”\"’']?(?:\s+and\s+[“\"][^”\"]{0,120}[”\"])?,?\s+by\s+")


def _subject_fragments(d: _Doc) -> None:
    """'Cardinal Venti made a "renewed appeal for calm on every side ..."', 'Its stated goal is to
    "end the blockade"': words in quotation marks inside a sentence whose subject is a person or a
    body, with no cue, are that subject's (three words at least; not a name given to something)."""
    s = d.s
    spans = sorted((c.start, c.end) for c in d.cands)
    starts = [a for a, _ in spans]
    by_sent: dict[int, list[Cand]] = {}
    for c in d.cands:
        if c.np is not None and c.kind in ("indirect", "mixed", "direct"):
            by_sent.setdefault(c.sent, []).append(c)
    for gi, g in enumerate(d.segs):
        if g.cand != -1 or g.unclosed or g.chain >= 0:
            continue
        body = s[g.c0:g.c1]
        words = body.split()
        if len(words) < 3 or _title_case(words) or body[:1].isupper() and len(words) < 5:
            continue
        if _covered_at(spans, starts, g.c0):
            continue
        sp = d.sents[d.sent_of(g.open)]
        if sp.start >= g.open:
            continue
        if _PASSIVE_NAMING.search(s, max(sp.start, g.open - 40), g.open):
            _named_by_agent(d, gi, sp.end)  # 'It is described as "a turning point" by Omar Farid'
            continue
        if _NAMING.search(s, max(sp.start, g.open - 30), g.open):
            continue
        toks = d.toks(sp.start, g.open)
        if len(toks) < 2:
            continue
        before = [c for c in by_sent.get(d.sent_of(g.open), ()) if c.cue_pos < g.open]
        if before:
            np = max(before, key=lambda c: c.cue_pos).np  # 'X said the camp posed an "intolerable fire risk"'
        else:
            np = _nearest_subject(d, toks)
            if np is None:
                continue
        g.cand = _add(d, Cand(g.c0, g.c1, "direct", np, None, np.end, None, sent=d.sent_of(g.c0)))


def subject_fragment(c: Cand) -> bool:
    """Quoted words that ``_subject_fragments`` gave to a sentence's subject: a direct quote with no
    cue of its own (every other direct quote has one)."""
    return c.kind == "direct" and c.cue is None


def _named_by_agent(d: _Doc, gi: int, sent_end: int) -> None:
    """'It is described as "a game-changer" and "a new chapter" by Omar Farid': the agent after
    'by' speaks the quoted words (the second of two joined by 'and' too)."""
    s, g = d.s, d.segs[gi]
    agent = _BY_AGENT.match(s, g.close + 1, sent_end)
    if agent is None:
        return
    atoks = d.toks(agent.end(), sent_end)
    np, _ = np_starting_at(s, atoks, 0) if atoks else (None, 0)
    if np is None or np.kind == "pronoun" or not _speaking_subject(np):
        return
    g.cand = _add(d, Cand(g.c0, g.c1, "direct", np, None, np.start, None, sent=d.sent_of(g.c0)))
    nxt = d.segs[gi + 1] if gi + 1 < len(d.segs) else None
    if nxt is not None and nxt.cand == -1 and re.fullmatch(r"\W*\s+and\s+\W*", s[g.close:nxt.open + 1]):
        nxt.cand = _add(d, Cand(nxt.c0, nxt.c1, "direct", np, None, np.start, None, sent=d.sent_of(nxt.c0)))


_CLAUSE_BREAKS = {",", ";", ":", "—", "–", "while", "but", "and", "whereas", "as", "when", "after", "because", "before"}


def _nearest_subject(d: _Doc, toks: list[Tok]) -> NP | None:
    """The subject of the clause that holds the quoted words: the nearest clause start before them
    with a speaking subject and a verb after it ('Brown criticized Clinton, Hillary shot back, "..."'
    → Hillary), else the sentence's own subject."""
    s = d.s
    for k in range(len(toks) - 2, 0, -1):
        if toks[k - 1].low not in _CLAUSE_BREAKS:
            continue
        np, nj = np_starting_at(s, toks, k)
        if np is not None and _speaking_subject(np) and nj < len(toks) and _verb_after(toks[nj:], 0):
            return np
    np = _clause_subject(d, toks, len(toks))
    return np if np is not None and _speaking_subject(np) and _verb_after(toks, np.end) else None


def _speaking_subject(np: NP) -> bool:
    """A subject that can have said the quoted words: a full name, a known body or country, or a
    description of a person or body ('the minister', 'the agency'); not a lone capitalised word
    such as 'Ahead' or 'British'."""
    words = np.text.split()
    head = words[-1].lower()
    if np.kind == "pronoun":
        return head in ("he", "she", "they", "it")
    if np.kind == "name":
        return len(words) >= 2 or bool(np.title) or places().code_of(np.text) is not None or \
            registry().lookup(np.text) is not None
    if np.kind == "org":
        return True
    return np.kind == "desc" and (head in L.HEAD_NOUNS or head in _BODY_HEADS) and head not in L.SOURCE_NOUNS


_BODY_HEADS = {"university", "college", "school", "charity", "union", "council", "court", "company", "firm", "bank",
               "hospital", "club", "band", "campaign"}


def find_candidates(text: str) -> _Doc:
    d = _Doc(text)
    _direct(d)
    _transcripts(d)
    _title_headlines(d)
    _indirect(d)
    _unmarked_speech(d)
    _subject_fragments(d)
    _deferred_continuations(d)
    _continuations(d)
    _headlines(d)
    # drop direct candidates absorbed into a mixed clause
    absorbed = {id(g) for g in d.segs if g.cand == -2}
    if absorbed:
        spans = sorted((c.start, c.end) for c in d.cands if c.kind == "mixed")
        span_starts = [a for a, _ in spans]

        def _covering(x: int, y: int) -> bool:  # by bisection: stays linear on huge inputs
            k = bisect.bisect_right(span_starts, x)
            return any(a <= x and y <= b + 2 for a, b in spans[max(0, k - 4):k])

        keep = []
        for c in d.cands:
            if c.kind in ("direct", "continuation") and _covering(c.start, c.end):
                keep.append(None)
            else:
                keep.append(c)
        # re-index inherit pointers
        remap: dict[int, int] = {}
        out: list[Cand] = []
        for i, c in enumerate(keep):
            if c is not None:
                remap[i] = len(out)
                out.append(c)
        mixed_out = sorted((x.start, j) for j, x in enumerate(out) if x.kind == "mixed")
        mixed_starts = [a for a, _ in mixed_out]

        def mixed_at(x0: int, y0: int) -> int | None:
            k = bisect.bisect_right(mixed_starts, x0)
            for _, j in mixed_out[max(0, k - 4):k]:
                if out[j].start <= x0 and y0 <= out[j].end + 2:
                    return j
            return None

        for i, c in enumerate(keep):
            if c is None:
                # a continuation pointing at a removed candidate points at the mixed one covering it
                old = d.cands[i]
                cover = mixed_at(old.start, old.end)
                if cover is not None:
                    remap[i] = cover
        for c in out:
            if c.inherit >= 0:
                c.inherit = remap.get(c.inherit, -1)
        d.cands = out
    return d
