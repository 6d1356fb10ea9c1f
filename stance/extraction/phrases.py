"""Speaker noun phrases found by walking tokens outward from a reporting cue.

No parser: a speaker phrase is a short run of capitalised names, title words, determiners and
speaker nouns ("Qatari State Minister Mohammed bin Abdulaziz al-Khulaifi", "the Russian readout",
"a senior US official"), optionally followed by an apposition between commas. Walking from the
cue outward and stopping at the first word that cannot belong to such a phrase is what keeps
this linear and robust on text without punctuation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from stance.extraction import lexicon as L
from stance.extraction.actors import places, registry

TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Prof|Rev|Adm|Maj|Cmdr|Sens|Reps|Hon|Amb|Gens)\.(?!\w)"
    r"|(?:[A-Z]\.){2,}(?:[’']s\b)?|[A-Z]\.(?=\s[A-Z])"
    r"|\w+(?:[’'\-.&]\w+)*(?:[’'](?:s\b)?)?|[^\w\s]"
)


class Tok:
    """A token of the shadow text (a plain slotted class: millions are made on big inputs)."""

    __slots__ = ("text", "start", "end", "low")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.low = text.lower()

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {self.start}, {self.end})"


@dataclass(frozen=True)
class NP:
    """A speaker phrase: ``start:end`` is the name part; ``title`` the apposition or leading title."""

    start: int
    end: int
    text: str
    kind: str  # "name" | "pronoun" | "desc" | "org" | "source"
    title: str = ""
    full_start: int = -1  # start of the phrase including leading titles/apposition


def tokens(s: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of s[lo:hi]. Between two matches there is only white space (every other character
    is a token), so str.find from the previous end locates each match: faster than match objects."""
    sub = s[lo:hi]
    find = sub.find
    out = []
    pos = 0
    for w in TOKEN.findall(sub):
        i = find(w, pos)
        pos = i + len(w)
        out.append(Tok(w, lo + i, lo + pos))
    return out


_ARABIC_ARTICLE = ("al-", "el-", "ad-", "ash-", "as-", "an-", "ar-", "at-", "az-", "ul-", "bin-", "abu-")


def _is_cap(t: str) -> bool:
    c = t[:1]
    if c.isupper() or (c.isalpha() and not c.islower() and not c.isdigit()):
        return True
    if c == "a" or c == "e" or c == "u" or c == "b":
        for p in _ARABIC_ARTICLE:
            if t.startswith(p) and t[len(p):len(p) + 1].isupper():
                return True
    return False


def _strip_poss(low: str) -> str:
    for suf in ("’s", "'s", "’", "'"):
        if low.endswith(suf):
            return low[: -len(suf)]
    return low


def noun(low: str) -> bool:
    """A listed speaker noun, singular or plural ('candidates', 'agencies')."""
    if low in L.HEAD_NOUNS:
        return True
    if low.endswith("ies") and low[:-3] + "y" in L.HEAD_NOUNS:
        return True
    if low.endswith("es") and low[:-2] in L.HEAD_NOUNS:
        return True
    return low.endswith("s") and low[:-1] in L.HEAD_NOUNS


def _np_word(t: Tok) -> bool:
    """Can this token sit inside a speaker phrase?"""
    x = t.text
    low = t.low
    if not x[:1].isupper() and noun(low):
        return True
    if low in ("and", "&"):
        return True
    if _is_cap(x):
        return _strip_poss(low) not in L.CLAUSE_OPENERS or low in ("state",)
    if low in L.NP_MODIFIERS or low in L.NAME_PARTICLES or low in L.HEAD_NOUNS:
        return True
    base = _strip_poss(low)
    if base in L.HEAD_NOUNS or base in L.NP_MODIFIERS:
        return True
    if "-" in low:
        parts = low.split("-")
        if parts[0] in ("al", "el", "ul", "bin", "abu", "ex", "vice", "under", "co", "deputy") or all(
            p in L.NP_MODIFIERS or p in L.HEAD_NOUNS for p in parts
        ):
            return True
        if x.islower() and len(parts) >= 2 and all(p.isalnum() for p in parts) and _COMPOUND_ADJ.search(low):
            return True  # 'the conservative-leaning newspaper', 'a 71-year-old diplomat', 'a long-time aide'
    if low in (".",):
        return False
    return False


#: Hyphenated adjectives that can stand inside a speaker phrase.
_COMPOUND_ADJ = re.compile(r"-(?:old|leaning|based|born|known|wing|time|term|level|ranking|serving|standing|"
                           r"described|appointed|elected|owned|run|backed|affiliated|funded|linked|minded|style)$")


_QUANTIFIERS = {"another", "one", "others", "some", "many", "most", "several", "few", "both", "all", "each",
               "everyone", "everybody", "someone", "somebody", "nobody", "anyone", "none"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "one", "another", "some", "two", "three", "several",
                "many", "our", "this", "that", "these", "those"}


def _unknown_noun(t: Tok) -> bool:
    x = t.text.replace("-", "")
    return x.isalpha() and x.islower() and len(x) > 2 and not L.adverb_like(x) and t.low not in L.NOT_NAMES \
        and t.low not in L.CUE_FORMS and t.low not in _NOT_NOUNS


_NOT_NOUNS = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
              "may", "might", "should", "must", "not", "also", "who", "which", "that", "what", "very", "more",
              "most", "said", "says", "than", "then", "when", "where", "while", "with", "without", "from",
              "into", "onto", "about", "after", "before", "over", "under", "just", "only", "even", "still"}


#: An age used as a description of a person ("the 54-year-old said").
AGE = re.compile(r"\d{1,3}-year-old")


def own_text(toks: list[Tok]) -> bool:
    """'(An earlier version of) this article wrongly reported ...': the outlet's own correction note,
    in which nobody is quoted."""
    return len(toks) >= 2 and toks[-2].low == "this" and toks[-1].low in ("article", "story", "page", "piece")


#: Forms of address before a surname ('Mrs May', 'Dr Tedros').
_HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof".split())
#: Months that are also surnames ('Theresa May', 'Brian May').
_MONTH_SURNAMES = {"may", "june", "april", "august"}


def month_surname(words: Sequence[str]) -> bool:
    """Is the last word a month used as a surname, after a capitalised given name ('Theresa May')?"""
    if len(words) < 2 or words[-1].lower() not in _MONTH_SURNAMES or not words[-2][:1].isupper():
        return False
    prev = words[-2].lower().rstrip(".")
    if prev in _HONORIFICS:
        return True  # 'Mrs May'
    return words[-2].isalpha() and prev not in L.NOT_NAMES and prev not in L.TITLE_WORDS and \
        prev not in ("in", "on", "since", "until", "by", "last", "next", "early", "late", "mid")


def head_kind(toks: list[Tok]) -> str | None:
    """Classify a phrase by its last word: name, pronoun, person/organisation description or source."""
    if not toks:
        return None
    if len(toks) == 1 and toks[0].low in L.PRONOUNS:
        return "pronoun"
    if len(toks) == 1 and toks[0].low in _QUANTIFIERS:
        return "desc"  # 'another said', 'Some argue', 'Many say'
    if len(toks) == 2 and toks[0].low in ("yet", "still") and toks[1].low in _QUANTIFIERS:
        return "desc"
    h = toks[-1]
    if own_text(toks):
        return None
    if AGE.fullmatch(h.low) and len(toks) <= 3:
        return "desc"  # 'the 54-year-old said': a person named before
    for pi in range(1, len(toks) - 1):
        if toks[pi].low in ("of", "for", "to", "in", "at", "on") and not _is_cap(toks[pi - 1].text):
            # 'the US special envoy for Sudan': the head comes before a prepositional place/org
            after = toks[pi + 1:]
            det = bool(after) and after[0].low in ("the", "a")
            if det:
                after = after[1:]
            if after and places().code_of(" ".join(x.text for x in after)) or \
                    det and toks[pi].low in ("for", "of", "at") and _strip_poss(toks[pi - 1].low) in L.PERSON_NOUNS and \
                    (_strip_poss(h.low) in L.ORG_NOUNS or _strip_poss(h.low).rstrip("s") in ("force", "league")):
                # 'a spokeswoman for the group': a person, not the group ('the leader of the opposition
                # Yair Lapid' stays a name with its title)
                h = toks[pi - 1]
            break
    low = _strip_poss(h.low)
    if low in L.SOURCE_NOUNS:
        return "source"
    if low in L.ORG_NOUNS:
        return "org" if not _is_cap(h.text) or low in ("kremlin", "pentagon", "idf") else "name"
    if low in L.PERSON_NOUNS or (noun(low) and not low in L.HEAD_NOUNS and not _is_cap(h.text)):
        return "desc" if not _is_cap(h.text) else "name"
    if _is_cap(h.text) and (_strip_poss(low) not in L.NOT_NAMES or month_surname([t.text for t in toks])) \
            and not h.text.isdigit():
        return "name"
    if _is_cap(h.text) and len(toks) >= 2 and registry().lookup(" ".join(t.text for t in toks)) is not None:
        return "name"  # 'Human Rights Watch', a body whose last word is a common word
    if len(toks) >= 2 and toks[0].low in _DETERMINERS and len(toks) <= 5 and \
            h.text.isalpha() and h.text.islower() and low not in L.NOT_NAMES and not L.adverb_like(low):
        return "desc"
    return None


def _trim(toks: list[Tok]) -> list[Tok]:
    while toks and (toks[0].low in ("and", "&", "of", "for", "on", "to", "-") or toks[0].low in L.NAME_PARTICLES and not _is_cap(toks[0].text) and toks[0].low not in ("al", "el", "bin")):
        toks = toks[1:]
    while toks and (toks[-1].low in ("and", "&", "of", "for", "on", "to", "the", "a", "an") or toks[-1].low in L.NAME_PARTICLES and toks[-1].low not in ("al",)):
        toks = toks[:-1]
    return toks


_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_CONJUNCTIVE = frozenset({"and", "&", "after", "before", "since", "until", "than", "like"})
#: Words that may stand before a determiner inside one phrase ('head of the agency', 'Lammy and an aide').
_BEFORE_DET = frozenset({"of", "for", "to", "on", "and", "&", "at", "in", "with", "from", "by", "across", "around",
                         "throughout", "near", "inside", "outside", "within", "into", "over", "under", "about",
                         "against", "among", "between", "behind", "beyond", "like", "than", "via", "per", "along",
                         "toward", "towards", "without", "during", "after", "before", "since", "until", "upon"})


def _collect_back(toks: list[Tok], i: int, max_len: int = 12) -> int:
    """Index of the first token of the phrase that ends at toks[i]."""
    j = i
    while j - 1 >= 0 and i - j < max_len:
        p = toks[j - 1]
        if not _np_word(p):
            break
        if toks[j].low in ("the", "a", "an") and p.low not in _BEFORE_DET:
            break  # 'In a statement the ministry said': the determiner opens the phrase
        if p.low in ("and", "&"):
            # only between two phrase words: "Zhai and Bogdanov", "Israel and Hamas officials"
            if j - 2 < 0 or not _np_word(toks[j - 2]) or toks[j - 2].low in ("and", "&"):
                break
            if toks[j].low in ("a", "an") and j - 3 >= 0 and (any(ch.isdigit() for ch in toks[j - 3].text) or
                                                             toks[j - 3].low in ("at", "in", "on", "by", "from", "with", "to", "of")):
                break  # '... called at 14:10 BST and a spokesman said': a new clause, not 'Lammy and an aide'
            left = toks[j - 2]
            if not (_is_cap(left.text) or _strip_poss(left.low) in L.HEAD_NOUNS):
                break
        if p.low in ("of", "for", "to", "on") and not (_is_cap(toks[j].text) or toks[j].low in ("the", "a", "an") or toks[j].low in L.HEAD_NOUNS):
            break
        if p.low in ("of", "for", "to", "on") and j - 2 >= 0 and not (_strip_poss(toks[j - 2].low) in L.HEAD_NOUNS or _is_cap(toks[j - 2].text)):
            break
        # a possessive ends a phrase unless what follows is a noun it owns
        j -= 1
    return j


def _make(toks: list[Tok], s: str, title: str = "", full_start: int = -1) -> NP | None:
    toks = _trim(toks)
    if not toks:
        return None
    kind = head_kind(toks)
    if kind is None:
        return None
    if kind == "pronoun" and len(toks) != 1:
        return None
    # a lone sentence-initial capitalised common word ("Officials") is a description, fine;
    # a lone title word ("President") without a name is a description too.
    a, b = toks[0].start, toks[-1].end
    text = s[a:b]
    if kind == "name":
        sp = _split_name(toks)
        if sp is not None and _known_body(toks, s):
            sp = None  # 'Israel Defense Forces', 'Palestine Red Crescent Society': one name, no title
        if sp is not None:
            k, suffix = sp
            joint = _joint_holders(toks, k, suffix, s, full_start if full_start >= 0 else a)
            if joint is not None:
                return joint
            rest = toks[k: len(toks) - suffix]
            nb = rest[-1].end
            ttl = s[toks[0].start: toks[k - 1].end] if k > 0 else ""
            if suffix:
                ttl = (ttl + " " + s[toks[len(toks) - suffix].start: b]).strip()
            title = (ttl + (", " + title if title else "")).strip(", ")
            return NP(rest[0].start, nb, s[rest[0].start:nb], "name", title, a if full_start < 0 else full_start)
        if all(_strip_poss(t.low) in L.TITLE_WORDS or t.low in ("the", "a", "an") for t in toks):
            kind = "desc"
    if kind in ("desc", "org", "source", "name") and toks[0].low in ("the", "a", "an") and len(toks) > 1:
        a2 = toks[1].start
        return NP(a2, b, s[a2:b], kind, title, a if full_start < 0 else full_start)
    return NP(a, b, text, kind, title, a if full_start < 0 else full_start)


def _joint_holders(toks: list[Tok], k: int, suffix: int, s: str, fs: int) -> NP | None:
    """'King Abdullah and President Sisi', "Jordan's King Abdullah and Egypt's President Sisi": two
    office-holders named with their titles speak together ('Abdullah and Sisi'); the split name
    would keep only the second."""
    x = next((x for x in range(k - 1, 0, -1) if toks[x].low in ("and", "&")), None)
    if x is None or x + 1 >= k:
        return None
    left = _split_name(toks[:x])
    if left is None or left[1] or left[0] == 0:
        return None
    lk = left[0]
    if not any(_strip_poss(t.low).rstrip(".") in L.TITLE_WORDS for t in toks[x + 1:k]):
        return None  # a title must open the second holder too
    lname, rest = toks[lk:x], toks[k:len(toks) - suffix]
    text = s[lname[0].start:lname[-1].end] + " and " + s[rest[0].start:rest[-1].end]
    title = s[toks[0].start:toks[lk - 1].end] + " and " + s[toks[x + 1].start:toks[k - 1].end]
    return NP(lname[0].start, rest[-1].end, text, "name", title, fs)


def _known_body(toks: list[Tok], s: str) -> bool:
    """Is the whole phrase (without a leading article) an organisation the registry knows?"""
    if toks[0].low in ("the", "a", "an"):
        toks = toks[1:]
    if len(toks) < 2:
        return False
    a = registry().lookup(s[toks[0].start:toks[-1].end])
    return a is not None and a.kind == "org"


#: Titles that stand right before a person's name ('Prime Minister', 'Mr', 'Gen.').
_PERSON_TITLES = _HONORIFICS | {"president", "minister", "secretary", "king", "queen", "emir", "prince", "sheikh", "gen",
                               "general", "senator", "sen", "rep", "gov", "governor", "mayor", "chancellor", "premier",
                               "ambassador", "envoy", "pope", "judge"}
#: An outlet's name can end in 'of <place>' ('The Times of Israel', 'Voice of America').
_OUTLET_HEADS = L.MEDIA_TAILS | {"voice", "mirror", "star"}


def _split_name(toks: list[Tok]) -> tuple[int, int] | None:
    """Split 'South Africa's foreign minister Naledi Pandor' into title + name: the name is the
    run of capitalised words at the end that are neither titles, places nor possessives.
    Returns (index where the name starts, number of trailing 'of <Place>' tokens) or None."""
    pl = places()
    end = len(toks)
    suffix = 0
    # 'Vanessa Frazier of Malta': a trailing 'of <place>' belongs to the title
    if end >= 3 and toks[end - 2].low == "of" and pl.code_of(toks[end - 1].text) and toks[end - 3].low not in _OUTLET_HEADS:
        suffix = 2  # (not 'The Times of Israel', 'Voice of America': an outlet's name)
        end -= 2
    j = end
    while j - 1 >= 0:
        x = toks[j - 1]
        low = x.low
        if low in L.NAME_PARTICLES and low not in ("of", "for", "and", "&", "on", "to") and j < end:
            j -= 1
            continue
        if not _is_cap(x.text) or low.endswith(("’s", "'s")) or _strip_poss(low) in L.TITLE_WORDS:
            break
        if pl.code_of(x.text) and end - j >= 2:
            break  # 'Irish Taoiseach Leo Varadkar': a place before a two-word name is a title
        j -= 1
    if j >= end or j == 0 and not suffix:
        return None
    if j >= 1 and toks[j - 1].low in ("of", "for", "and", "&", "to"):
        return None  # 'Organisation of Islamic Cooperation' is one name; 'an adviser to Bill Clinton' no name
    q = j - 1
    while q >= 0 and _strip_poss(toks[q].low).rstrip(".") in L.TITLE_WORDS and not pl.code_of(toks[q].text):
        q -= 1
    while q >= 1 and pl.code_of(toks[q].text) and toks[q - 1].low in ("to", "for"):
        q -= 1  # 'a spokesperson for UN Secretary General Antonio Guterres'
    if 1 <= q < j - 1 and toks[q].low in ("to", "for") and toks[q - 1].low in L.PERSON_NOUNS and \
            toks[j - 1].low.rstrip(".") in _PERSON_TITLES:
        return None  # 'a spokesman for Prime Minister Rishi Sunak': the name is the principal's
    rest = toks[j:end]
    if all(_strip_poss(t.low) in L.TITLE_WORDS or t.low in L.NAME_PARTICLES for t in rest):
        return None
    return j, suffix


_CONTRACTED = re.compile(r"^(he|she|they|we|i|you|it|He|She|They|We|I|You|It)[’'](?:s|ve|d|ll|re)$")
_PARENTHETICAL = {"who", "whose", "which", "when", "while", "after", "before", "asked", "speaking", "in", "at", "including",
                  "on", "during", "like", "as", "unlike", "however", "meanwhile", "for", "too", "though",
                  "writing", "responding", "interviewed", "appearing", "addressing", "standing", "testifying"}


def _is_place(name: str) -> bool:
    """A country or town ('Rafah', 'Jenin'), not an organisation."""
    pl = places()
    return pl.code_of(name) in pl.countries


#: Two-word asides between commas: 'NAME, of course, said', 'NAME, by contrast, said'.
_PAREN_PAIRS = {("of", "course"), ("by", "contrast"), ("by", "comparison"), ("for", "instance"), ("in", "turn")}


def _parenthetical(appos: Sequence[Tok]) -> bool:
    return appos[0].low in _PARENTHETICAL or (len(appos) == 2 and (appos[0].low, appos[1].low) in _PAREN_PAIRS)


def _after_preposition(toks: list[Tok], base: NP) -> bool:
    """'... lives in the city of Rafah', 'one pastor supporting Mr. Cruz': the name closes a
    description's prepositional or participle phrase."""
    st = base.full_start if base.full_start >= 0 else base.start
    for k, t in enumerate(toks):
        if t.start == st:
            if k == 0:
                return False
            p = toks[k - 1]
            return p.low in ("in", "of", "from", "at", "near", "for", "with") or \
                (p.text.islower() and p.low.endswith("ing") and p.low not in L.CUE_FORMS and k > 1 and toks[k - 2].text.isalpha())
    return False


_INDEFINITE = frozenset({"a", "an", "another", "one", "fellow"})
_INDEFINITE_BEFORE = re.compile(r"(?:^|\s)(?:a|an|another|one|fellow)\s+$", re.I)


def indefinite(s: str, np: NP) -> bool:
    """'Another Tory', 'A Conservative': a capitalised noun counted off, a description, not a name."""
    return np.text.split()[0].lower() in _INDEFINITE or \
        _INDEFINITE_BEFORE.search(s, max(0, np.start - 10), np.start) is not None


def np_ending_at(s: str, toks: list[Tok], i: int, allow_appos: bool = True) -> NP | None:
    """The speaker phrase whose last token is toks[i] (after adverbs were skipped by the caller)."""
    if i < 0:
        return None
    t = toks[i]
    if t.low in _SUBJECT_PRONOUNS:
        if i > 0 and toks[i - 1].low in _BEFORE_DET and toks[i - 1].low not in _CONJUNCTIVE:
            return None  # 'several included on it told': an object, not the subject
        return NP(t.start, t.end, t.text, "pronoun", "", t.start)  # 'In a statement it said'
    if t.text == ")" and allow_appos:
        # '(R-SC)', '(D-Minn.)', '(Vt.)': a party/state tag inside the phrase
        for back in range(2, 7):
            if i - back >= 0 and toks[i - back].text == "(":
                return np_ending_at(s, toks, i - back - 1, allow_appos)
        return None
    m = _CONTRACTED.match(t.text)
    if m and i + 1 < len(toks) + 1:
        # "he’s predicted", "they’ve said": the pronoun of a contracted auxiliary
        return NP(t.start, t.start + len(m.group(1)), m.group(1), "pronoun", "", t.start)
    if t.low in L.PRONOUNS and t.low not in ("him", "her", "them"):
        if i - 1 >= 0 and _np_word(toks[i - 1]) and toks[i - 1].low not in ("and",) and not _is_cap(toks[i - 1].text):
            return None
        return NP(t.start, t.end, t.text, "pronoun", "", t.start)
    if t.text in ("”", '"', "’") and i - 1 >= 0 and toks[i - 1].text == "," and allow_appos:
        # 'Humphrey, who calls Trump a “sociopath,” said': the comma sits inside the quote mark
        t = toks[i - 1]
        i -= 1
    if t.text in ("—", "–") and allow_appos:
        j = i - 1
        while j >= 0 and i - j <= 20 and toks[j].text not in ("—", "–", ",", ";", ":", "“", "”", '"'):
            j -= 1
        if j > 0 and toks[j].text == t.text and j < i - 1:
            base = np_ending_at(s, toks, j - 1, allow_appos=False)
            if base is not None and base.kind in ("name", "desc", "org"):
                title = s[toks[j + 1].start: toks[i - 1].end]
                return NP(base.start, base.end, base.text, base.kind, (base.title + ", " + title).strip(", "), base.full_start)
        return None
    if t.text == "," and allow_appos:
        # "Gilad Erdan, Israel's ambassador to the UN, said": apposition between commas
        j = i - 1
        while j >= 0 and i - j <= 24 and toks[j].text not in (",", ";", ":", "(", ")"):
            j -= 1
            if j >= 2 and toks[j].text == ")" and toks[j - 2].text == "(" and toks[j - 1].text.isupper():
                j -= 3  # "the UN Development Programme's (UNDP) envoy": an acronym in brackets
        if j < 0 or toks[j].text != "," or j == i - 1:
            return None
        appos = toks[j + 1: i]
        if _parenthetical(appos):
            pass
        else:
            k = _collect_back(appos, len(appos) - 1, 16)
            if k != 0 or head_kind(_trim(appos)) not in ("desc", "org", "name"):
                # looser: 'the No. 2 Republican in the Senate', 'a registered Republican who spoke ...'
                a0 = appos[0]
                if not (a0.low in ("the", "a", "an", "his", "her", "its", "their") or a0.low.endswith(("’s", "'s")) or
                        _strip_poss(a0.low) in L.TITLE_WORDS or a0.low in ("former", "then", "now")) or \
                        any(x.low in L.CUE_FORMS or x.low in L.FINITE_AUX for x in appos):
                    return None
        base = np_ending_at(s, toks, j - 1, allow_appos=False)
        if base is None or base.kind == "source":
            return None
        if base.kind in ("desc", "org") and not _parenthetical(appos):
            # 'The US special envoy for Sudan, Tom Perriello, said': the apposition is the name
            inner = _make(_trim(list(appos)), s)
            if inner is not None and inner.kind == "name":
                ttl = s[base.full_start if base.full_start >= 0 else base.start: base.end]
                return NP(inner.start, inner.end, inner.text, "name", (ttl + (", " + inner.title if inner.title else "")).strip(", "),
                          base.full_start if base.full_start >= 0 else base.start)
        if base.kind == "name" and not _parenthetical(appos) and (_is_place(base.text) or _after_preposition(toks, base)
                                                                          or base.text[:1].islower()
                                                                          or indefinite(s, base)):
            # 'a man who now lives in the city of Rafah, Omar Haddad, told': the place closes a
            # description and the apposition is the speaker's name; so does a party member
            # counted off ('Another Tory, Mark Denholm, said')
            inner = _make(_trim(list(appos)), s)
            if inner is not None and inner.kind == "name" and len(inner.text.split()) >= 2 and \
                    inner.text[:1].isupper() and places().code_of(inner.text) is None:
                return NP(inner.start, inner.end, inner.text, "name", inner.title, inner.start)
        title = s[appos[0].start: appos[-1].end]
        if _parenthetical(appos):
            title = ""
        full_title = (base.title + ", " + title).strip(", ") if base.title else title
        return NP(base.start, base.end, base.text, base.kind, full_title, base.full_start)
    if not _np_word(t) or t.low in ("and", "&", "of", "for", "to", "on"):
        # 'the Lincoln actor', 'a campaign aide': an unlisted noun right after a determiner phrase
        if t.text.isalpha() and t.text.islower() and len(t.text) > 2 and not L.adverb_like(t.low) and t.low not in L.NOT_NAMES:
            for back in (1, 2, 3):
                k = i - back
                if k < 0:
                    break
                if toks[k].low in _DETERMINERS:
                    if all((_np_word(x) or _unknown_noun(x)) and x.low not in ("and", "of", "for", "to", "on") for x in toks[k + 1: i]):
                        return _make(toks[k: i + 1], s)
                    break
        return None
    j = _collect_back(toks, i)
    for back in (1, 2) if toks[j].low not in ("the", "a", "an") else ():
        # 'a young woman', 'an elderly voter': unlisted adjectives between a determiner and the head
        k = j - back
        if k < 0:
            break
        unlisted = j > k + 1 and all(_unknown_noun(x) and x.low not in L.PRONOUNS for x in toks[k + 1: j])
        if unlisted and toks[k].low in ("a", "an", "the"):
            j = k
            break
        if unlisted and toks[i].low in L.ORG_NOUNS and toks[j].text.islower() and _is_cap(toks[k].text) and \
                (toks[k].low.endswith(("’s", "'s")) or places().code_of(toks[k].text)):
            j = k  # "Ukraine's agriculture ministry", 'the Russian transport ministry': a body's field
            break
        if not _unknown_noun(toks[k]):
            break
    return _make(toks[j: i + 1], s)


#: Words after which an unlisted word is a verb, not a noun: 'the ministry shut down ...'.
_VERB_NEXT = {"down", "up", "off", "out", "back", "the", "a", "an", "its", "his", "her", "their"}


def np_starting_at(s: str, toks: list[Tok], i: int, max_len: int = 12) -> tuple[NP | None, int]:
    """The speaker phrase starting at toks[i] ("said the Russian foreign ministry"); returns (np, next index)."""
    j = i
    while j < len(toks) and j - i < max_len and _np_word(toks[j]):
        if toks[j].low in ("and", "&") and (j + 1 >= len(toks) or not _np_word(toks[j + 1])):
            break
        if toks[j].low in ("of", "for", "to", "on") and (j + 1 >= len(toks) or not (_is_cap(toks[j + 1].text) or toks[j + 1].low in ("the", "a", "an", "his", "her", "its", "their"))):
            break
        j += 1
    if j < len(toks) and j - i <= 3 and toks[i].low in _DETERMINERS and _unknown_noun(toks[j]) and \
            not (j + 1 < len(toks) and toks[j + 1].low in _VERB_NEXT):
        j += 1  # 'said one owner', 'the Lincoln actor says'; not 'the ministry shut down'
    if j == i:
        return None, i
    np = _make(toks[i:j], s)
    if np is None:
        # try shrinking from the right ("the ministry on Thursday" is cut at 'on' anyway)
        for k in range(j - 1, i, -1):
            np = _make(toks[i:k], s)
            if np is not None:
                return np, k
        return None, i
    # apposition after the name: "said Gilad Erdan, Israel's ambassador to the UN."
    if j < len(toks) and toks[j].text == ",":
        k = j + 1
        while k < len(toks) and k - j <= 16 and _np_word(toks[k]):
            k += 1
        if k > j + 1 and (k >= len(toks) or toks[k].text in (",", ".", ";", ":")):
            appos = _trim(toks[j + 1: k])
            if appos and head_kind(appos) in ("desc", "org", "name") and np.kind == "name":
                title = s[appos[0].start: appos[-1].end]
                np = NP(np.start, np.end, np.text, np.kind, (np.title + ", " + title).strip(", "), np.full_start)
                return np, k
    return np, j
