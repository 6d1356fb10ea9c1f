"""Weak supervision: labelling functions (LFs) that vote silver stance labels for extracted quotes.

Each LF is a keyword/pattern rule for one label, in the spirit of the CAMEO/PLOVER event codes
(CAMEO 0x4 "consult", 0x43 "mediate", 0x35x/0871 "appeal for / declare ceasefire", 0x33/073
"appeal for / provide humanitarian aid", 0x11x/0x12x "disapprove, accuse, criticise" a party):
it votes +1 for its label, -1 against it (a rejection of a ceasefire, an even-handed
condemnation), or abstains (0). A label is kept when its +1 votes reach ``min_votes`` and outnumber
its -1 votes; support-for-party also needs a target, voted by the LFs that name the party.

The rules were written from the label definitions of ../shared/ANNOTATION.md and general
knowledge of diplomatic wording, and checked against the project's own gold corpus (train + dev
splits only) — never against the BBC holdout files, which ``build_silver`` refuses to read.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from stance.labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import datasets
    import numpy as np

__all__ = [
    "LabelingFunction", "LABELING_FUNCTIONS", "LFStat", "WeakReport", "apply_lfs", "weak_labels", "lf_stats",
    "label_stats", "gold_eval", "build_silver", "default_silver_sources", "find_party", "speaker_side",
]

C, H, M, S = LABELS  # pro-ceasefire, humanitarian, mediation, support-for-party

# Parties, with the side a supporter of each takes and the side its condemnation supports.
_PARTIES: tuple[tuple[str, str], ...] = (
    ("hamas", r"hamas|qassam|al-qassam"),
    ("hezbollah", r"hezbollah|hizbollah"),
    ("houthis", r"houthis?|ansar allah"),
    ("israel", r"israel\w*|idf|netanyahu|the jewish state|zionis\w*|tel aviv"),
    ("palestine", r"palestin\w*|gaza\w*|west bank|the occupied territor\w*"),
    ("russia", r"russia\w*|moscow|kremlin|putin"),
    ("ukraine", r"ukrain\w*|kyiv|kiev|zelensk\w*"),
    ("rsf", r"rsf|rapid support forces"),
    ("saf", r"saf|sudanese (?:armed forces|army)|sudan's army"),
)
_PARTY_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _PARTIES) + r")\b", re.I)
_PARTY_ALT = "|".join(p for _, p in _PARTIES)
SIDE_OF = {"hamas": "palestine", "hezbollah": "lebanon", "houthis": "houthis", "israel": "israel",
           "palestine": "palestine", "russia": "russia", "ukraine": "ukraine", "rsf": "rsf", "saf": "saf"}
AGAINST = {"hamas": "israel", "hezbollah": "israel", "houthis": None, "israel": "palestine", "palestine": "israel",
           "russia": "ukraine", "ukraine": "russia", "rsf": "saf", "saf": "rsf"}


#: The side a speaker of each affiliation speaks for, for rules whose target is the speaker's own side.
AFFILIATION_SIDE = {"ISR": "israel", "PSE": "palestine", "HAMAS": "palestine", "PIJ": "palestine", "UKR": "ukraine",
                    "RUS": "russia", "ARM": "armenia", "AZE": "azerbaijan", "COD": "drc", "RWA": "rwanda", "M23": "m23",
                    "LBN": "lebanon", "HEZBOLLAH": "lebanon", "IRN": "iran", "HOUTHIS": "houthis"}


def speaker_side(affiliation: str | Sequence[str] | None) -> str | None:
    """The party a speaker of ``affiliation`` ("ISR", "CHN;RUS", ["PSE"]) is a side of, when it is one."""
    if not affiliation:
        return None
    codes = re.split(r"[;+]", affiliation) if isinstance(affiliation, str) else list(affiliation)
    sides = {AFFILIATION_SIDE[c] for c in codes if c in AFFILIATION_SIDE}
    return sides.pop() if len(sides) == 1 else None


def find_party(text: str) -> str | None:
    """The first party named in ``text`` (a key of SIDE_OF), or None."""
    m = _PARTY_RE.search(text)
    return m.lastgroup if m else None


@dataclass(frozen=True)
class LabelingFunction:
    """One rule: where ``pattern`` matches the quote (or its context), vote ``polarity`` on ``label``.

    ``target`` for support-for-party: a fixed party, ``"side"`` (the side of the party the match
    names), ``"against"`` (the opponent of the party named, e.g. condemning Hamas → israel), or
    ``"speaker"`` (the speaker's own side, from its affiliation: "we will defend ourselves").
    """

    name: str
    label: str
    polarity: int
    pattern: str
    target: str | None = None
    scope: str = "quote"
    description: str = ""

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"LF {self.name}: unknown label {self.label!r}")
        if self.polarity not in (1, -1):
            raise ValueError(f"LF {self.name}: polarity must be +1 or -1")
        object.__setattr__(self, "_re", re.compile(self.pattern, re.I))

    def __call__(self, quote: str, context: str = "", affiliation: Any = None) -> tuple[int, str | None]:
        """``(vote, target)``: vote in {-1, 0, +1}; target only for a +1 support-for-party vote."""
        text = quote if self.scope == "quote" else context or quote
        m = self._re.search(text)  # type: ignore[attr-defined]
        if not m:
            return 0, None
        if self.label != S or self.polarity < 0:
            return self.polarity, None
        if self.target == "speaker":
            side = speaker_side(affiliation)
            return (1, side) if side else (0, None)
        if self.target in ("side", "against"):
            named = next((g for g, v in m.groupdict().items() if v), None)
            party = _PARTY_RE.match(m.group(named)).lastgroup if named else find_party(m.group(0))  # type: ignore[union-attr]
            party = party or find_party(quote) or find_party(context)
            if party is None:
                return 0, None
            tgt = SIDE_OF[party] if self.target == "side" else AGAINST[party]
            return (1, tgt) if tgt else (0, None)
        return 1, self.target


_CEASEFIRE = (r"(?:cease-?fires?|truces?|armistice|cessation of (?:all )?hostilities|"
              r"(?:halt|end|stop|pause) (?:to|of|in) (?:the |all )?(?:fighting|hostilities|war|bloodshed|violence|killing)|"
              r"silenc\w* the guns|lay down (?:their |your |our )?(?:arms|weapons))")
_P = rf"(?P<p>{_PARTY_ALT})"

LABELING_FUNCTIONS: tuple[LabelingFunction, ...] = (
    # ---- pro-ceasefire (CAMEO 0354/0871: appeal for / agree to ceasefire)
    LabelingFunction("c_appeal", C, 1,
                     r"\b(?:call\w*|urg\w*|press\w*|push\w*|demand\w*|appeal\w*|need\w*|want\w*|support\w*|welcom\w*|"
                     r"back\w*|favou?r\w*|work\w* (?:toward|towards|for)|achiev\w*|secur\w*|reach\w*|agree\w*|"
                     r"accept\w*|hop\w*|must|should|time for|restor\w*|extend\w*|renew\w*|respect\w*|uphold)\b"
                     rf"[^.;]{{0,60}}?\b{_CEASEFIRE}", description="a verb of appeal/support before a ceasefire noun"),
    LabelingFunction("c_qualified", C, 1,
                     r"\b(?:immediate|lasting|permanent|sustainable|durable|sustained|comprehensive|complete|genuine|"
                     r"unconditional|urgent|general|nationwide|humanitarian)\s+(?:and\s+\w+\s+)?"
                     r"(?:cease-?fire|truce|cessation of hostilities)", description="'an immediate/lasting ceasefire'"),
    LabelingFunction("c_deescalate", C, 1,
                     r"\b(?:de-?escalat\w*|restraint|avoid\w* (?:any |further |a |an )?(?:escalation|spillover|wider war)|"
                     r"prevent\w* (?:a |any |further |the )?(?:wider |regional |further )?(?:escalation|spillover|conflagration)|"
                     r"(?:return to|restore|restoring|keep the) calm|calm(?:ing)? (?:the situation|tensions)|"
                     r"lower(?:ing)? (?:the )?(?:temperature|tensions))", description="de-escalation, restraint, calm"),
    LabelingFunction("c_end_war", C, 1,
                     r"\b(?:end|ending|stop|stopping|halt|halting)\s+(?:to\s+)?(?:this |the |all )?"
                     r"(?:war|fighting|hostilities|bloodshed|killing|violence|bombardment|bombing)\b",
                     description="end/stop the war or the fighting"),
    LabelingFunction("c_reject", C, -1,
                     r"\b(?:no|not an?|reject\w*|refus\w*|oppos\w*|against|won't|will not|would not|cannot|can't|"
                     r"rul\w* out|premature)\b[^.;]{0,30}?\b(?:cease-?fire|truce)|"
                     r"cease-?fire (?:now )?(?:would|will) (?:only )?(?:reward|benefit|help|embolden|allow)",
                     description="no / rejecting / opposing a ceasefire"),
    LabelingFunction("c_until_victory", C, -1,
                     r"\b(?:until|till|before)\b[^.;]{0,40}?\b(?:victory|destroy\w*|eliminat\w*|defeat\w*|dismantl\w*|"
                     r"crush\w*|wiped out|achiev\w* (?:all )?(?:our|its|their) (?:goals|objectives|aims))|"
                     r"\b(?:will|shall|would) (?:not|never) stop\b|\bfight (?:on|to the end)|\btotal victory",
                     description="fighting until victory"),
    LabelingFunction("c_pause_not_ceasefire", C, -1,
                     r"\bpauses?\b[^.;]{0,40}\bnot (?:a |an )?(?:general |full |permanent )?cease-?fire",
                     description="'pauses, not a ceasefire'"),
    # ---- humanitarian (CAMEO 0233/073: appeal for / provide humanitarian aid; 0243 release of persons)
    LabelingFunction("h_aid", H, 1,
                     r"\b(?:humanitarian (?:aid|assistance|access|supplies|corridors?|workers?|convoys?|pauses?|needs|relief|"
                     r"operations?|zones?|law)|aid (?:convoys?|trucks?|lorries|deliver\w*|workers?|agencies|access|supplies|flows?)|"
                     r"(?:food|water|fuel|medicine|medical supplies|electricity|shelter|flour|vaccines?)\b[^.;]{0,40}?"
                     r"\b(?:access|deliver\w*|allow\w*|enter\w*|reach\w*|flow\w*|get in|let in|shortages?|running out|cut off|blocked)|"
                     r"(?:allow|let|get|deliver|bring|send|rush)\w*\s+(?:more\s+|in\s+)*(?:aid|food|water|fuel|medicine|supplies|assistance))",
                     description="aid, supplies and access"),
    LabelingFunction("h_civilians", H, 1,
                     r"\b(?:civilians?|non-?combatants|innocent (?:people|lives|men|women|children|civilians)|"
                     r"women and children|(?:protect\w*|spar\w*|safety of|killing of|deaths? of|suffering of|plight of|"
                     r"harm to|toll on)\b[^.;]{0,30}?\b(?:people|children|population|families|patients|residents))\b",
                     description="civilians and their protection"),
    LabelingFunction("h_ihl", H, 1,
                     r"\b(?:international humanitarian law|humanitarian law|laws? of war|geneva conventions?|"
                     r"proportionality|collective punishment|forced displacement|forcible transfer)",
                     description="international humanitarian law"),
    LabelingFunction("h_captives", H, 1,
                     r"\b(?:releas\w*|free|freeing|freed|return\w*|bring\w* home|exchange of)\b[^.;]{0,40}?"
                     r"\b(?:hostages?|captives?|abductees|detainees|prisoners)|\bhostages?\b",
                     description="hostages, detainees and their release"),
    LabelingFunction("h_crisis", H, 1,
                     r"\b(?:humanitarian (?:catastrophe|crisis|disaster|situation|tragedy|emergency|nightmare)|famine|"
                     r"starv\w*|malnutrition|hunger|disease|cholera|epidemic|hospitals?|wounded|injured|medical care|"
                     r"displaced|homeless|refugees)\b", description="famine, disease, hospitals, displacement"),
    # ---- mediation (CAMEO 04x consult, 043 mediate, 036/0356 express intent to negotiate)
    LabelingFunction("m_talks", M, 1,
                     r"\b(?:negotiat\w*|talks|dialogue|mediat\w*|diplomac\w*|diplomatic (?:solution|efforts?|path|track|"
                     r"channels?|process|push|initiative|means)|consultations|indirect contacts)",
                     description="talks, negotiation, mediation, diplomacy"),
    LabelingFunction("m_proposal", M, 1,
                     r"\b(?:the|a|this|new|latest|revised|ceasefire|hostage|peace|framework|phased|three-phase|bridging|"
                     r"egyptian|qatari|american|us)\s+(?:deal|proposal|framework|plan|roadmap|agreement|offer|accord)\b", description="a deal, proposal or plan on the table"),
    LabelingFunction("m_settlement", M, 1,
                     r"\b(?:two-state solution|two states|political (?:settlement|solution|process|horizon|track|path)|"
                     r"peace (?:process|conference|talks|plan|summit|initiative|deal|efforts?|negotiations|agreement)|"
                     r"lasting peace|just and (?:lasting|comprehensive) peace|comprehensive peace|"
                     r"(?:independent|sovereign|viable) palestinian state)", description="settlement, peace process, two states"),
    LabelingFunction("m_role", M, 1,
                     r"\b(?:constructive role|(?:play|playing|plays)\s+(?:a|an|its|our|their)\s+(?:\w+\s+)?role|good offices|"
                     r"facilitat\w*|broker\w*|go-between|intermediar\w*|shuttle diplomacy|"
                     r"(?:in|maintain\w*|keep\w*|stay\w*)\s+(?:close |constant |intensive |regular |direct )?"
                     r"(?:contact|communication|touch|coordination) with|(?:bring|get) (?:the )?(?:parties|sides) (?:together|to the table)|"
                     r"negotiating table|round of talks|(?:spoke|speak|talked|met|meet|meeting) with (?:both|all) (?:sides|parties))",
                     description="a go-between's role, contact with the parties"),
    LabelingFunction("m_refuse", M, -1,
                     r"\b(?:refus\w* to|will not|won't|cannot|can't|no point in|no room for|reject\w*)\s+(?:\w+\s+){0,2}"
                     r"(?:negotiat\w*|talk to|talks|dialogue)|\bno (?:negotiations|talks)\b",
                     description="refusing to negotiate"),
    # ---- support-for-party (CAMEO 05x/0x1 praise, support; 11x/12x/13x disapprove, accuse, threaten)
    LabelingFunction("s_self_defence", S, 1,
                     rf"\bright (?:of {_P} )?to (?:defend (?:itself|themselves|herself|ourselves|our\w*|its\w*)|self-?defen[cs]e)",
                     target="side", description="a party's right to defend itself"),
    LabelingFunction("s_solidarity", S, 1,
                     rf"\b(?:stand\w*|stood)\s+(?:firmly\s+|resolutely\s+|fully\s+|shoulder to shoulder\s+)?(?:with|by|behind)\s+"
                     rf"(?:the\s+)?(?:people of\s+|brotherly\s+|friendly\s+)?{_P}|"
                     rf"\b(?:solidarity|support|backing)\s+(?:with|for|to)\s+(?:the\s+)?(?:people of\s+|brotherly\s+)?{_P.replace('<p>', '<q>')}|"
                     rf"\b(?:unwavering|ironclad|unshakable|unshakeable|steadfast|unconditional|rock-solid|unequivocal)\s+"
                     rf"(?:support|commitment|solidarity)\b[^.;]{{0,40}}?{_P.replace('<p>', '<r>')}",
                     target="side", description="standing with / solidarity with a party"),
    LabelingFunction("s_palestinian_rights", S, 1,
                     r"\b(?:legitimate|inalienable|national|just|historic)\s+(?:\w+\s+)?rights?\s+of\s+the\s+palestinian|"
                     r"\bpalestinian\w*\b[^.;]{0,30}?\bright\w* (?:to|of) (?:self-determination|statehood|return|a state|an independent state)|"
                     r"\bend(?:ing)? (?:to )?(?:the )?(?:israeli )?occupation|\boccupying (?:power|forces)|\bthe occupation\b|"
                     r"\boccupied (?:palestinian )?territor\w*|\bsettlers?\b|\bsettlement (?:activity|expansion|building)|"
                     r"\bpalestinian (?:cause|state(?:hood)?)\b",
                     target="palestine", description="Palestinian rights, ending the occupation"),
    LabelingFunction("s_epithet_israel", S, 1,
                     r"\bzionist (?:regime|entity|enemy|occupation|aggression|army|forces)|\bgenocidal|\b(?:commit\w*|perpetrat\w*|"
                     r"waging|wages|war of) (?:a |an )?genocide|\bgenocide (?:against|in|on) (?:the )?(?:palestin\w*|gaza)|"
                     r"\bapartheid|\bethnic cleansing",
                     target="palestine", description="epithets for Israel and its war"),
    LabelingFunction("s_epithet_hamas", S, 1,
                     r"\bhamas terroris\w*|\bterroris\w* (?:group|organi[sz]ation)s?\b[^.;]{0,20}\bhamas|"
                     r"\bhamas\b[^.;]{0,30}\b(?:terror\w*|barbar\w*|butcher\w*|savage\w*|atrocit\w*|monsters?|isis)|"
                     r"\bbarbaric (?:attack|terror|massacre)|\bhuman shields",
                     target="israel", description="epithets for Hamas"),
    LabelingFunction("s_ukraine", S, 1,
                     r"\brussia\w*\b[^.;]{0,30}\b(?:aggression|invasion|aggressor|occupiers|war crimes)|"
                     r"\b(?:full-scale|illegal|unprovoked|brutal) (?:invasion|war of aggression)|\baggressor state|"
                     r"\b(?:sovereignty|territorial integrity) of ukraine|\bukraine's (?:sovereignty|territorial integrity)",
                     target="ukraine", description="Russian aggression, Ukraine's sovereignty"),
    LabelingFunction("s_russia", S, 1, r"\bkyiv regime|\bneo-?nazi\w*|\bnazi regime|\bwestern puppets?",
                     target="russia", description="Russian official epithets for Kyiv"),
    LabelingFunction("s_own_side", S, 1,
                     r"\b(?:defend (?:ourselves|our (?:people|country|citizens|land|homeland|sovereignty))|"
                     r"(?:continue|keep) (?:to )?(?:fight|fighting|defend\w*|resist\w*)|(?:will|shall) (?:not|never) "
                     r"(?:stop|surrender|give up|kneel|bow)|total victory|(?:all|until) (?:all )?(?:our|the|its) (?:war )?(?:goals|aims|objectives)|"
                     r"(?:not|never) forget (?:n?or|and never) forgive|our (?:just |legitimate )?cause)",
                     target="speaker", description="a side's own war aims and resolve (target: the speaker's side)"),
    LabelingFunction("s_accuse_acts", S, 1,
                     rf"{_P}\b[^.;]{{0,40}}?\b(?:fired on|opened fire|bomb\w*|massacr\w*|shell\w*|besieg\w*|"
                     r"stole|steal\w*|aggression|invasion|occupation|atrocit\w*|war crimes|crimes against|"
                     r"terror\w*|indiscriminate\w*|deliberately|lies|propaganda)",
                     target="against", description="a named party's attacks, crimes or lies"),
    LabelingFunction("s_condemn", S, 1,
                     r"\b(?:condemn\w*|denounc\w*|accus\w*|blam\w*|slam\w*|decr(?:y|ied|ies)|criticis\w*|criticiz\w*|"
                     rf"hold\w* (?:\w+ )?responsible)\b[^.;]{{0,50}}?\b{_P}",
                     target="against", description="condemning / accusing a party by name"),
    LabelingFunction("s_evenhanded", S, -1,
                     r"\b(?:both sides|all sides|all parties|either side|each side|both parties|from whatever side|"
                     r"whoever (?:is responsible|commits))\b", description="even-handed: both sides, all parties"),
)


# --------------------------------------------------------------------------- applying

def apply_lfs(quotes: Sequence[str], contexts: Sequence[str] | None = None,
              lfs: Sequence[LabelingFunction] = LABELING_FUNCTIONS,
              affiliations: Sequence[Any] | None = None) -> tuple["np.ndarray", list[list[str | None]]]:
    """The vote matrix (quotes × LFs, int8 in {-1, 0, 1}) and the support-for-party target of each vote."""
    import numpy as np

    ctx = contexts if contexts is not None else [""] * len(quotes)
    aff = affiliations if affiliations is not None else [None] * len(quotes)
    if not len(ctx) == len(aff) == len(quotes):
        raise ValueError(f"{len(quotes)} quotes but {len(ctx)} contexts and {len(aff)} affiliations")
    votes = np.zeros((len(quotes), len(lfs)), dtype=np.int8)
    targets: list[list[str | None]] = []
    for i, (q, c, a) in enumerate(zip(quotes, ctx, aff)):
        row_t: list[str | None] = []
        for j, lf in enumerate(lfs):
            v, t = lf(q, c, a)
            votes[i, j] = v
            row_t.append(t)
        targets.append(row_t)
    return votes, targets


def weak_labels(votes: "np.ndarray", targets: Sequence[Sequence[str | None]],
                lfs: Sequence[LabelingFunction] = LABELING_FUNCTIONS,
                min_votes: int = 1) -> list[tuple[list[str], str | None]]:
    """Silver ``(labels, target)`` per quote: a label wins with >= min_votes +1 votes outnumbering -1 votes."""
    from collections import Counter

    cols = {l: [j for j, lf in enumerate(lfs) if lf.label == l] for l in LABELS}
    out = []
    for i in range(votes.shape[0]):
        labels: list[str] = []
        target = None
        for l in LABELS:
            pos = sum(1 for j in cols[l] if votes[i, j] > 0)
            neg = sum(1 for j in cols[l] if votes[i, j] < 0)
            if pos >= min_votes and pos > neg:
                if l == S:
                    tc = Counter(targets[i][j] for j in cols[l] if votes[i, j] > 0 and targets[i][j])
                    if not tc:
                        continue
                    best = max(tc.values())
                    target = sorted(t for t, n in tc.items() if n == best)[0]
                labels.append(l)
        out.append((labels, target))
    return out


@dataclass(frozen=True)
class LFStat:
    """Snorkel-style summary of one LF over ``n`` quotes (counts; rates are count / n).

    overlaps: quotes where another LF of the same label also voted; conflicts: quotes where another
    LF of the same label voted the other way (or, for support-for-party, for another target).
    ``correct``/``precision`` only when gold labels were given.
    """

    name: str
    label: str
    polarity: int
    n: int
    fired: int
    overlaps: int
    conflicts: int
    correct: int | None = None

    @property
    def coverage(self) -> float:
        return self.fired / self.n if self.n else 0.0

    @property
    def precision(self) -> float | None:
        return None if self.correct is None or not self.fired else self.correct / self.fired

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(coverage=self.coverage, precision=self.precision)
        return d


def lf_stats(votes: "np.ndarray", targets: Sequence[Sequence[str | None]],
             lfs: Sequence[LabelingFunction] = LABELING_FUNCTIONS,
             gold: Sequence[tuple[Sequence[str], str | None]] | None = None) -> list[LFStat]:
    """Coverage, overlap and conflict counts of each LF (and precision against ``gold`` when given).

    An LF's vote is correct when gold agrees: +1 and gold has the label (and, for support-for-party,
    the same target); -1 and gold lacks the label.
    """
    n = votes.shape[0]
    out = []
    for j, lf in enumerate(lfs):
        same = [k for k, o in enumerate(lfs) if o.label == lf.label and k != j]
        fired = overlaps = conflicts = 0
        correct = 0 if gold is not None else None
        for i in range(n):
            v = int(votes[i, j])
            if v == 0:
                continue
            fired += 1
            others = [k for k in same if votes[i, k] != 0]
            overlaps += bool(others)
            if any(votes[i, k] == -v or (v > 0 and votes[i, k] > 0 and targets[i][k] != targets[i][j]) for k in others):
                conflicts += 1
            if gold is not None:
                g_labels, g_target = gold[i]
                has = lf.label in g_labels
                ok = (has and (lf.label != S or targets[i][j] == g_target)) if v > 0 else not has
                correct += ok  # type: ignore[operator]
        out.append(LFStat(lf.name, lf.label, lf.polarity, n, fired, overlaps, conflicts, correct))
    return out


def label_stats(silver: Sequence[tuple[Sequence[str], str | None]], votes: "np.ndarray",
                lfs: Sequence[LabelingFunction] = LABELING_FUNCTIONS) -> dict[str, dict[str, int]]:
    """Per label: quotes with a silver label, quotes any LF voted on, quotes with votes both ways."""
    out: dict[str, dict[str, int]] = {}
    for l in LABELS:
        cols = [j for j, lf in enumerate(lfs) if lf.label == l]
        sub = votes[:, cols]
        out[l] = {"silver": sum(l in labs for labs, _ in silver),
                  "covered": int((sub != 0).any(axis=1).sum()),
                  "conflicted": int(((sub > 0).any(axis=1) & (sub < 0).any(axis=1)).sum())}
    out["none"] = {"silver": sum(not labs for labs, _ in silver),
                   "covered": int((votes == 0).all(axis=1).sum()), "conflicted": 0}
    return out


def gold_eval(silver: Sequence[tuple[Sequence[str], str | None]],
              gold: Sequence[tuple[Sequence[str], str | None]]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of silver labels against gold labels, per label (what silver is worth)."""
    out = {}
    for l in LABELS:
        tp = sum(l in s and l in g for (s, _), (g, _) in zip(silver, gold))
        fp = sum(l in s and l not in g for (s, _), (g, _) in zip(silver, gold))
        fn = sum(l not in s and l in g for (s, _), (g, _) in zip(silver, gold))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[l] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}
    return out


# --------------------------------------------------------------------------- building silver data

@dataclass(frozen=True)
class WeakReport:
    """Everything a silver build measured: reading, extraction, dedup, LFs and labels."""

    raw: Any  # stance.data.raw.RawReport
    lfs: tuple[LFStat, ...]
    labels: dict[str, dict[str, int]]
    kept: int
    min_votes: int
    sources: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"raw": self.raw.to_dict(), "lfs": [s.to_dict() for s in self.lfs], "labels": self.labels,
                "kept": self.kept, "min_votes": self.min_votes, "sources": list(self.sources)}

    def format(self) -> str:
        lines = [self.raw.summary(), "",
                 f"{'LF':<24}{'label':<19}{'pol':>4}{'fired':>8}{'cover':>8}{'overlap':>9}{'conflict':>9}"]
        for s in self.lfs:
            lines.append(f"{s.name:<24}{s.label:<19}{s.polarity:>+4d}{s.fired:>8d}{s.coverage:>8.3f}"
                         f"{s.overlaps:>9d}{s.conflicts:>9d}")
        lines += ["", f"{'label':<19}{'silver':>8}{'covered':>9}{'conflicted':>11}"]
        for l, c in self.labels.items():
            lines.append(f"{l:<19}{c['silver']:>8d}{c['covered']:>9d}{c['conflicted']:>11d}")
        return "\n".join(lines)


def default_silver_sources(shared: str | Path = "../shared") -> list[Path]:
    """The open BBC files and the White House files: the corpora weak labels may be built from."""
    root = Path(shared) / "corpora"
    files = sorted((root / "bbc").glob("open_*.jsonl")) + sorted((root / "whitehouse").glob("*.jsonl"))
    return files


def _refuse_holdout(source: Any) -> None:
    items = source if isinstance(source, (list, tuple)) else [source]
    for s in items:
        if isinstance(s, (str, Path)):
            p = Path(s)
            names = [p.name] + ([f.name for f in p.iterdir()] if p.is_dir() else [])
            if any("holdout" in n for n in names):
                raise ValueError(f"{p}: BBC holdout files are for evaluation only; never build training data from them")


def build_silver(source: Any, *, text_field: str = "text", id_field: str = "id", skip_invalid: bool = False,
                 dedup: bool = True, threshold: float = 0.8, limit: int | None = None, min_votes: int = 1,
                 keep_unlabelled: bool = True, extractor: Any = None,
                 max_context_chars: int = 400) -> tuple["datasets.Dataset", WeakReport]:
    """Silver quote-level examples of a raw corpus: extract, deduplicate, vote, keep.

    The dataset has the gold columns (id, doc_id, quote, context, speaker, affiliation, kind,
    optional, labels, label_names, target), so it can be concatenated with ``load_gold()['train']``,
    plus ``lfs`` (names of the LFs that voted +1) and ``source``. ``keep_unlabelled=False`` drops
    quotes with no silver label (by default they stay: they are the silver "none" examples).
    """
    import datasets

    from stance.data.gold import gold_features
    from stance.data.raw import raw_quotes

    _refuse_holdout(source)
    qs, raw_report = raw_quotes(source, text_field=text_field, id_field=id_field, skip_invalid=skip_invalid,
                                dedup=dedup, threshold=threshold, limit=limit, extractor=extractor,
                                max_context_chars=max_context_chars, return_report=True)
    quotes, contexts = qs["quote"], qs["context"]
    votes, targets = apply_lfs(quotes, contexts, affiliations=qs["affiliation"])
    silver = weak_labels(votes, targets, min_votes=min_votes)
    stats = tuple(lf_stats(votes, targets))
    rows = []
    for i, (labs, tgt) in enumerate(silver):
        if not labs and not keep_unlabelled:
            continue
        rows.append({
            "id": qs[i]["id"], "doc_id": qs[i]["doc_id"], "quote": quotes[i], "context": contexts[i],
            "speaker": qs[i]["speaker"] or "", "affiliation": qs[i]["affiliation"] or "", "kind": qs[i]["kind"],
            "optional": False, "labels": [1.0 if l in labs else 0.0 for l in LABELS], "label_names": list(labs),
            "target": tgt, "lfs": [lf.name for j, lf in enumerate(LABELING_FUNCTIONS) if votes[i, j] > 0],
            "source": qs[i]["source"] or "",
        })
    feats = gold_features()
    feats["lfs"] = datasets.Sequence(datasets.Value("string"))
    feats["source"] = datasets.Value("string")
    ds = datasets.Dataset.from_dict({k: [r[k] for r in rows] for k in feats}, features=feats)
    srcs = tuple(str(s) for s in (source if isinstance(source, (list, tuple)) else [source]) if isinstance(s, (str, Path)))
    report = WeakReport(raw_report, stats, label_stats(silver, votes), len(rows), min_votes, srcs)
    return ds, report
