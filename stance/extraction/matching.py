"""The evaluation's matching rule for quote spans and speakers, shared by tests and benchmarks.

A predicted span matches a gold span when their overlap covers at least half of each. Because
"a quote split by its attribution may be one span or two" (ANNOTATION.md), the pieces of one
gold quote count together: every prediction lying at least half inside a gold span is grouped
with it, and the gold is found when the group covers at least half of it (a single prediction
that covers half of the gold and lies half inside it is the plain rule). A speaker is correct
when it names the gold speaker: its full name, surname or a listed alias, as whole words; a bare
pronoun is never correct.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

PRONOUNS = frozenset("he she they it we i you him her them us me his hers its their our who".split())
_GENERIC = frozenset("the a an of and for to in on official officials".split())


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(the|a|an) ", "", s)
    return s


_US = re.compile(r"(?:the\s+)?U\.?S\.?", re.I)


def _is_us(s: str) -> bool:
    """'US', 'U.S.' and 'the US' are the country, though they normalise to the pronoun 'us'."""
    s = s.strip()
    return s[-1:] != "s" and _US.fullmatch(s) is not None


def is_pronoun(s: str | None) -> bool:
    return s is None or (_norm(s) in PRONOUNS and not _is_us(s)) or not _norm(s)


def head_name(name: str) -> str:
    """The name before an apposition: 'Ms. Perino, a White House press secretary' → 'Ms. Perino'."""
    return re.split(r",|\s[—–(]\s?|\(", name.strip(), maxsplit=1)[0].strip()


def surname(name: str) -> str | None:
    toks = [t for t in re.split(r"\s+", head_name(name)) if t]
    while len(toks) >= 2 and toks[-1].lower().rstrip(".,") in ("jr", "sr", "ii", "iii", "iv"):
        toks = toks[:-1]
    if len(toks) >= 2 and toks[-1][:1].isupper():
        return re.sub(r"['’]s?$", "", toks[-1])
    return None


def _contains(hay: str, needle: str) -> bool:
    return bool(needle) and re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", hay) is not None


def names_speaker(pred: str | None, gold: str, aliases: Iterable[str] = ()) -> bool:
    """Does the predicted speaker name the gold speaker (full name, surname or alias)?"""
    if pred is None or is_pronoun(pred):
        return False
    p = "us" if _is_us(pred) else _norm(pred)
    raw = [gold, head_name(gold), *(a for a in aliases if a)]
    keys = {_norm(k) for k in raw}
    sn = surname(gold)
    if sn:
        keys.add(_norm(sn))
    keys = {k for k in keys if k and k not in PRONOUNS}
    if any(_is_us(k) for k in raw):
        keys.add("us")
    for k in keys:
        if p == k or _contains(p, k):
            return True
    # the prediction is a part of the gold phrase ("Shoukry" in "Foreign Minister Sameh Shoukry")
    g = _norm(gold)
    if p not in _GENERIC and not is_pronoun(p) and _contains(g, p):
        return True
    return False


def with_registry_aliases(golds: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold quotes whose speaker the actor registry knows, with that actor's names as listed
    aliases (a speaker is correct when it names the gold speaker 'or a listed alias'): gold 'IDF'
    is named by 'Israel Defense Forces', gold 'UN' by 'United Nations'. Pronouns stay pronouns."""
    from stance.extraction.actors import registry

    reg = registry()
    out = []
    for g in golds:
        sp = g.get("speaker") or ""
        a = None if is_pronoun(sp) else reg.lookup(sp)  # 'who' is no WHO
        out.append({**g, "aliases": [*(g.get("aliases") or ()), a.name, *a.aliases]} if a is not None else g)
    return out


@dataclass
class MatchResult:
    n_pred: int
    n_gold: int
    tp_pred: int  # predictions counted as correct (pieces of a split quote each count)
    tp_gold: int  # gold quotes found
    speaker_ok: int  # found gold quotes whose speaker is named correctly
    speaker_eval: int  # found gold quotes whose speaker can be judged (gold not a bare pronoun)
    pairs: list[tuple[int, list[int]]] = field(default_factory=list)  # gold index -> pred indices
    speaker_hits: dict[int, bool] = field(default_factory=dict)


def _chars(frags: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in frags if int(b) > int(a)]


def _overlap(a: int, b: int, frags: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in frags)


def match(preds: Sequence[Any], golds: Sequence[dict[str, Any]], *, judge_speakers: bool = True) -> MatchResult:
    """Match predicted quotes (objects or dicts with start/end/speaker) to gold quote dicts.

    Gold dicts carry ``start``, ``end``, optionally ``fragments`` (discontinuous content),
    ``speaker`` and ``aliases``.
    """
    def get(x: Any, k: str) -> Any:
        return x[k] if isinstance(x, dict) else getattr(x, k)

    gfr = [_chars(g.get("fragments") or [(g["start"], g["end"])]) for g in golds]
    glen = [sum(b - a for a, b in f) for f in gfr]
    groups: dict[int, list[tuple[int, int]]] = {}
    for pi, p in enumerate(preds):
        a, b = int(get(p, "start")), int(get(p, "end"))
        plen = max(1, b - a)
        best, best_ov = -1, 0
        for gi, f in enumerate(gfr):
            if not f or f[-1][1] <= a or f[0][0] >= b:
                continue
            ov = _overlap(a, b, f)
            if ov * 2 >= plen and ov > best_ov:
                best, best_ov = gi, ov
        if best >= 0:
            groups.setdefault(best, []).append((pi, best_ov))
    res = MatchResult(len(preds), len(golds), 0, 0, 0, 0)
    for gi, members in sorted(groups.items()):
        cov = sum(ov for _, ov in members)
        if cov * 2 < max(1, glen[gi]):
            continue
        res.tp_gold += 1
        res.tp_pred += len(members)
        members.sort(key=lambda x: -x[1])
        res.pairs.append((gi, [pi for pi, _ in members]))
        if judge_speakers:
            g = golds[gi]
            gs = g.get("speaker") or ""
            if is_pronoun(gs) and not g.get("aliases"):
                continue
            res.speaker_eval += 1
            sp = get(preds[members[0][0]], "speaker")
            ok = names_speaker(sp, gs, g.get("aliases") or ())
            res.speaker_hits[gi] = ok
            res.speaker_ok += ok
    return res


@dataclass
class Totals:
    n_pred: int = 0
    n_gold: int = 0
    tp_pred: int = 0
    tp_gold: int = 0
    speaker_ok: int = 0
    speaker_eval: int = 0
    articles: int = 0
    refused: int = 0

    def add(self, r: MatchResult) -> None:
        self.n_pred += r.n_pred
        self.n_gold += r.n_gold
        self.tp_pred += r.tp_pred
        self.tp_gold += r.tp_gold
        self.speaker_ok += r.speaker_ok
        self.speaker_eval += r.speaker_eval
        self.articles += 1

    def scores(self) -> dict[str, float]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sa = self.speaker_ok / self.speaker_eval if self.speaker_eval else 0.0
        return {"precision": p, "recall": r, "f1": f, "speaker_accuracy": sa,
                "n_pred": self.n_pred, "n_gold": self.n_gold, "speaker_judged": self.speaker_eval,
                "articles": self.articles, "refused": self.refused}
