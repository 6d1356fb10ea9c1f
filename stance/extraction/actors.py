"""The actor registry and the place table: who a speaker is, and whom they speak for.

Both live in YAML so that adding an envoy or a country is a data change. The installed wheel
carries them at ``stance/_data/`` (pyproject force-includes ``data/*.yaml`` there); a source
checkout reads the repository's ``data/`` folder.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_PKG = Path(__file__).resolve().parent.parent  # stance/


def data_path(name: str) -> Path:
    """Installed copy first (stance/_data/NAME), then the repository's data/NAME."""
    for p in (_PKG / "_data" / name, _PKG.parent / "data" / name):
        if p.is_file():
            return p
    raise FileNotFoundError(f"{name} not found in {_PKG / '_data'} or {_PKG.parent / 'data'}")


def _load_yaml(name: str) -> Any:
    import yaml

    with open(data_path(name), encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    """Case-, accent- and apostrophe-insensitive key: 'Al-Khulaifi' == 'al-khulaifi'."""
    if s.isascii():
        s = s.lower().strip()
        if "  " in s or "\n" in s or "\t" in s:
            s = re.sub(r"\s+", " ", s)
        for art in ("the ", "a ", "an "):
            if s.startswith(art):
                return s[len(art):]
        return s
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'")
    s = re.sub(r"\s+", " ", s).strip().lower()
    s = re.sub(r"^(the|a|an) ", "", s)
    return s


def _strip_poss(s: str) -> str:
    for suf in ("’s", "'s", "’", "'"):
        if s.endswith(suf) and len(s) > len(suf) + 1:
            return s[: -len(suf)]
    return s


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...]
    role: str
    affiliation: str
    kind: str = "person"  # person | org


_WORDS = re.compile(r"[\w’'.\-]+")
_CONNECTORS = frozenset({"of", "and", "the", "for", "de", "al", "el", "du", "la", "le", "y", "d'"})


class Places:
    """Country, demonym, capital and institution words → affiliation code."""

    def __init__(self, table: dict[str, Any]):
        self.exact: dict[str, str] = {}   # case-sensitive (acronyms: "US", "UN", "WHO")
        self.folded: dict[str, str] = {}  # case-insensitive
        self.max_words = 1
        for code, names in table.items():
            code = str(code)
            for n in names or []:
                n = str(n).strip()
                if not n:
                    continue
                self.max_words = max(self.max_words, len(n.split()))
                if n.replace(".", "").isupper() and len(n.replace(".", "")) <= 5:
                    self.exact.setdefault(n, code)
                else:
                    self.folded.setdefault(norm(n), code)
        self.codes = {str(c) for c in table}
        # countries come first in the table, organisations from the UN on
        keys = [str(c) for c in table]
        self.countries = frozenset(keys[:keys.index("UN")] if "UN" in keys else keys)
        self._memo: dict[str, str | None] = {}

    def code_of(self, phrase: str) -> str | None:
        """Code of a whole phrase ("the Kremlin", "Qatari", "Beijing"), possessive allowed."""
        try:
            return self._memo[phrase]
        except KeyError:
            pass
        p = _strip_poss(phrase.strip())
        c = self.exact.get(p) or self.folded.get(norm(p))
        if len(self._memo) < 200_000:
            self._memo[phrase] = c
        return c

    def code_of_token(self, tok: str) -> str | None:
        if not tok[:1].isupper():
            return None
        return self.code_of(tok)

    def find_codes(self, phrase: str) -> list[tuple[int, str]]:
        """All place mentions in a phrase as (char offset, code), longest match first at each word.
        Places start with a capital letter, so only capitalised words open a match."""
        words = [(m.start(), m.end()) for m in _WORDS.finditer(phrase)]
        out: list[tuple[int, str]] = []
        i = 0
        nw = len(words)
        while i < nw:
            a0 = words[i][0]
            if not phrase[a0].isupper():
                i += 1
                continue
            # the longest run of capitalised words and connectors that could form a name
            j = i + 1
            while j < nw and j - i < self.max_words:
                w = phrase[words[j][0]:words[j][1]]
                if not (w[:1].isupper() or w.lower() in _CONNECTORS):
                    break
                j += 1
            hit = None
            for n in range(j - i, 0, -1):
                a, b = a0, words[i + n - 1][1]
                chunk = phrase[a:b]
                if n == 1 and chunk.endswith(".") and chunk.count(".") == 1:
                    chunk = chunk[:-1]
                c = self.code_of(chunk)
                if c:
                    hit = (a, c, n)
                    break
            if hit:
                out.append((hit[0], hit[1]))
                i += hit[2]
            else:
                i += 1
        return out

    _lower_ok = frozenset()

    def first_code(self, phrase: str) -> str | None:
        hits = self.find_codes(phrase)
        return hits[0][1] if hits else None


class Registry:
    """Canonical actors by every name they go by. Ambiguous surnames map to nobody."""

    def __init__(self, entries: list[dict[str, Any]]):
        self.actors: list[Actor] = []
        self.by_key: dict[str, Actor] = {}
        self._memo: dict[str, Actor | None] = {}
        auto: dict[str, list[Actor]] = {}
        for i, e in enumerate(entries):
            for req in ("name", "affiliation"):
                if not e.get(req):
                    raise ValueError(f"actors.yaml entry {i}: missing field {req!r}")
            a = Actor(
                name=str(e["name"]),
                aliases=tuple(str(x) for x in e.get("aliases") or ()),
                role=str(e.get("role") or ""),
                affiliation=str(e["affiliation"]),
                kind=str(e.get("kind") or "person"),
            )
            self.actors.append(a)
            for key in (a.name, *a.aliases):
                self.by_key.setdefault(norm(key), a)
            if a.kind == "person" and e.get("surname", True) is not False:
                toks = a.name.split()
                if len(toks) >= 2:
                    auto.setdefault(norm(toks[-1]), []).append(a)
        for k, lst in auto.items():
            if k not in self.by_key and len({x.name for x in lst}) == 1:
                self.by_key[k] = lst[0]

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, name: str | None) -> Actor | None:
        if not name:
            return None
        try:
            return self._memo[name]
        except KeyError:
            pass
        k = norm(_strip_poss(name))
        a = self.by_key.get(k)
        if a is None and " " in k:
            k2 = re.sub(r"^(mr|mrs|ms|dr|sen|rep|gov|gen)\.? ", "", k)
            a = self.by_key.get(k2)
        if len(self._memo) < 200_000:
            self._memo[name] = a
        return a


@lru_cache(maxsize=1)
def places() -> Places:
    p = Places(_load_yaml("places.yaml") or {})
    return p


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry(_load_yaml("actors.yaml") or [])


def affiliation_of(name: str | None, context: str = "") -> tuple[str | None, str | None]:
    """(actor, affiliation) for a speaker name and its title/description.

    Registry first (a name we know), then the description ("Qatari State Minister" → QAT),
    then the name itself when it is a place or institution ("Beijing", "the Kremlin").
    Joint speakers ("Zhai and Bogdanov") get every distinct code, joined with ';'.
    """
    if not name:
        return None, None
    reg = registry()
    pl = places()
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", name) if p.strip()]
    if len(parts) > 1 and all(reg.lookup(p) or pl.code_of(p) or p[:1].isupper() for p in parts):
        codes: list[str] = []
        actors: list[str] = []
        for p in parts:
            act, code = affiliation_of(p, "")
            if act:
                actors.append(act)
            if code and code not in codes:
                codes.append(code)
        if codes:
            actor = actors[0] if len(actors) == 1 and len(parts) == 1 else None
            return actor, ";".join(codes)
    a = reg.lookup(name)
    if a:
        return a.name, a.affiliation
    if context:
        c = pl.first_code(context)
        if c:
            return None, c
    c = pl.code_of(name)
    if c:
        return None, c
    c = pl.first_code(name)
    return None, c
