"""PolNeAR (Newell, Margolin and Ruths, LREC 2018): attributions in US political news, brat standoff.

``load_polnear(split)`` returns articles with their attributions (source, cue, content spans as
character offsets into the article text). ``polnear_dataset(split)`` flattens them into a
``datasets.Dataset`` of attribution examples for the data layer.

"Speech" attributions (what the quote extractor is scored on) are those whose cue contains a verb
of communication or judgement (say, tell, write, ask, warn, urge, call, deny, praise, condemn ...
see SPEECH_CUE_WORDS), "according to" or a colon, or whose content is in quotation marks.
PolNeAR also annotates attributions of belief, perception, intention and data ("he thinks",
"polls show", "she wants", "his attacks on", "endorsed Clinton"), which are not statements and
are left out. The list of communication verbs was completed with verbs that the rule plainly
covers but the first list missed ("pointed out", cautioned, reminded, reaffirmed, assured, pleaded,
clarified, informed, voiced, expressed; and the judgement verbs decried, lambasted, assailed,
applauded, rebuked, proclaimed, peers of the listed slammed, blasted, praised, condemned). Verbs
that often report no statement stay out (agreed, blamed, estimated, signalled, welcomed). Only
attributions with an annotated source are kept for scoring: an extractor of attributed quotes
cannot be asked for a speaker the article does not give. The corpus is read from
``../shared/corpora/polnear`` (or ``$STANCE_POLNEAR``); its texts are never copied here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

Spans = tuple[tuple[int, int], ...]

#: Communication verbs and phrases (lemmas and inflections) that make an attribution "speech".
SPEECH_CUE_WORDS: frozenset[str] = frozenset(
    """say says said saying tell tells told telling add adds added adding note notes noted noting
    write writes wrote written writing tweet tweets tweeted tweeting post posts posted posting
    ask asks asked asking announce announces announced announcing state states stated stating
    declare declares declared declaring explain explains explained explaining argue argues argued
    arguing claim claims claimed claiming warn warns warned warning urge urges urged urging
    call calls called calling stress stresses stressed stressing insist insists insisted insisting
    suggest suggests suggested suggesting acknowledge acknowledges acknowledged acknowledging
    admit admits admitted admitting confirm confirms confirmed confirming deny denies denied denying
    report reports reported reporting reply replies replied replying respond responds responded
    responding answer answers answered answering recall recalls recalled recalling describe
    describes described describing accuse accuses accused accusing criticize criticizes criticized
    criticizing criticise criticises criticised blast blasts blasted slam slams slammed
    praise praises praised praising promise promises promised promising pledge pledges pledged
    vow vows vowed vowing predict predicts predicted predicting concede concedes conceded conceding
    contend contends contended allege alleges alleged alleging assert asserts asserted asserting
    maintain maintains maintained remark remarks remarked comment comments commented commenting
    complain complains complained complaining mention mentions mentioned mentioning repeat repeats
    repeated reiterate reiterates reiterated emphasize emphasizes emphasized emphasise emphasised
    joke jokes joked quip quipped boast boasts boasted shout shouted yell yelled scream screamed
    chant chanted whisper whispered testify testifies testified demand demands demanded demanding
    threaten threatens threatened condemn condemns condemned denounce denounces denounced dismiss
    dismisses dismissed reject rejects rejected lament laments lamented observe observes observed
    indicate indicates indicated reveal reveals revealed disclose discloses disclosed conclude
    concludes concluded questioned retort retorted counter countered quote quoted according :
    caution cautions cautioned cautioning remind reminds reminded reminding reaffirm reaffirms reaffirmed
    reaffirming assure assures assured assuring plead pleads pleaded pleading clarify clarifies clarified
    inform informs informed voice voices voiced voicing express expresses expressed expressing decry
    decries decried lambaste lambastes lambasted assail assails assailed applaud applauds applauded
    rebuke rebukes rebuked proclaim proclaims proclaimed""".split()
)
_POINT_OUT = re.compile(r"\bpoint(?:s|ed|ing)?\s+out\b")

_QUOTE_CHARS = "\"“”«»„"


@dataclass(frozen=True)
class Attribution:
    """One annotated attribution: spans are character offsets into the article text."""

    content: Spans
    cue: Spans
    source: Spans
    content_text: str
    cue_text: str
    source_text: str
    relation: str  # "Attribution" or "Attribution-no-source"

    @property
    def content_span(self) -> tuple[int, int]:
        return (min(a for a, _ in self.content), max(b for _, b in self.content)) if self.content else (0, 0)

    @property
    def speech(self) -> bool:
        return is_speech(self)


@dataclass(frozen=True)
class Article:
    name: str
    split: str
    annotator: str
    text: str
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)


def is_speech(a: Attribution) -> bool:
    """A statement rather than a belief or a data finding: communication cue, or quoted content."""
    if not a.content:
        return False
    cue = a.cue_text.lower().replace("’", "'")
    words = re.findall(r"[a-z]+|:", cue)
    if any(w in SPEECH_CUE_WORDS for w in words) or _POINT_OUT.search(cue):
        return True
    return any(ch in a.content_text for ch in _QUOTE_CHARS)


def default_root() -> Path:
    env = os.environ.get("STANCE_POLNEAR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for base in (here.parents[2].parent / "shared", Path("/work/shared"), Path.cwd().parent / "shared"):
        p = base / "corpora" / "polnear"
        if p.is_dir():
            return p
    return here.parents[2].parent / "shared" / "corpora" / "polnear"


def _spans(raw: str, where: str) -> Spans:
    out = []
    for part in raw.split(";"):
        a, _, b = part.strip().partition(" ")
        try:
            out.append((int(a), int(b)))
        except ValueError as exc:
            raise ValueError(f"{where}: bad span {part!r}") from exc
    return tuple(out)


def parse_ann(ann: str, text: str, where: str = "<ann>") -> tuple[Attribution, ...]:
    """Parse one brat .ann file against its text; relations become Attribution records."""
    ents: dict[str, tuple[str, Spans]] = {}
    rels: list[tuple[str, dict[str, list[str]]]] = []
    for n, line in enumerate(ann.split("\n"), 1):
        if not line or line[0] not in "TE":
            continue  # notes (#), and continuation lines of multi-line entity text
        cols = line.split("\t")
        if len(cols) < 2 or not re.match(r"^[TE]\d+$", cols[0]):
            continue
        if line[0] == "T":
            typ, _, raw = cols[1].partition(" ")
            if not raw:
                continue
            ents[cols[0]] = (typ, _spans(raw, f"{where}:{n}"))
        else:
            parts = cols[1].split()
            if not parts:
                continue
            rel = parts[0].split(":")[0]
            args: dict[str, list[str]] = {}
            for p in parts[1:]:
                role, _, ref = p.partition(":")
                role = re.sub(r"\d+$", "", role)
                args.setdefault(role, []).append(ref)
            rels.append((rel, args))
    out = []
    n_text = len(text)

    def spans_of(refs: list[str]) -> Spans:
        acc: list[tuple[int, int]] = []
        for r in refs:
            if r in ents:
                acc.extend((max(0, a), min(n_text, b)) for a, b in ents[r][1] if b > a)
        return tuple(sorted(acc))

    def text_of(sp: Spans) -> str:
        return " … ".join(text[a:b] for a, b in sp)

    for rel, args in rels:
        if not rel.startswith("Attribution"):
            continue
        c, q, s = spans_of(args.get("Content", [])), spans_of(args.get("Cue", [])), spans_of(args.get("Source", []))
        out.append(Attribution(c, q, s, text_of(c), text_of(q), text_of(s), rel))
    out.sort(key=lambda a: a.content_span)
    return tuple(out)


def _annotator_files(d: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {}
    for p in sorted((d / "attributions").glob("*.ann")):
        stem, _, ann = p.stem.rpartition("_")
        files.setdefault(stem, []).append(p)
    return files


def load_polnear(split: str = "train", root: str | Path | None = None, *, all_annotators: bool = False) -> list[Article]:
    """Articles of a split with their attributions; one annotator per article (the first by name)."""
    if split not in ("train", "dev", "test"):
        raise ValueError(f"split must be 'train', 'dev' or 'test', got {split!r}")
    base = Path(root) if root is not None else default_root()
    d = base / split
    if not (d / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR split {split!r} not found at {d} (set STANCE_POLNEAR or provide ../shared)")
    out: list[Article] = []
    for stem, anns in sorted(_annotator_files(d).items()):
        tp = d / "text" / f"{stem}.txt"
        if not tp.is_file():
            continue
        text = tp.read_text(encoding="utf-8")
        for ap in anns if all_annotators else anns[:1]:
            attrs = parse_ann(ap.read_text(encoding="utf-8"), text, str(ap))
            out.append(Article(stem, split, ap.stem.rpartition("_")[2], text, attrs))
    return out


def speech_gold(article: Article) -> list[dict[str, Any]]:
    """Gold quotes for scoring an extractor: speech attributions that name a source."""
    out = []
    for a in article.attributions:
        if not a.speech or not a.source or not a.content:
            continue
        start, end = a.content_span
        out.append({"start": start, "end": end, "fragments": [list(x) for x in a.content],
                    "text": article.text[start:end], "speaker": a.source_text, "cue": a.cue_text})
    return out


def speech_records(split: str, root: str | Path | None = None, names: set[str] | None = None) -> list[dict[str, Any]]:
    """``{id, text, quotes}`` per article, gold quotes as ``speech_gold``: what extractors are scored on
    (only the articles in ``names`` when given)."""
    return [{"id": a.name, "text": a.text, "quotes": speech_gold(a)} for a in load_polnear(split, root)
            if names is None or a.name in names]


def _context(text: str, a: int, b: int) -> tuple[str, int]:
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    hi = len(text) if hi < 0 else hi
    return text[lo:hi], lo


def iter_examples(split: str, root: str | Path | None = None) -> Iterator[dict[str, Any]]:
    for art in load_polnear(split, root):
        for i, a in enumerate(art.attributions):
            if not a.content:
                continue
            cs, ce = a.content_span
            lo = min([cs] + [x for x, _ in a.source + a.cue])
            hi = max([ce] + [y for _, y in a.source + a.cue])
            ctx, off = _context(art.text, lo, hi)
            ss = (a.source[0][0], a.source[-1][1]) if a.source else (-1, -1)
            qs = (a.cue[0][0], a.cue[-1][1]) if a.cue else (-1, -1)
            yield {
                "id": f"{art.name}#{i}", "article": art.name, "annotator": art.annotator,
                "context": ctx, "context_start": off,
                "content": art.text[cs:ce], "content_start": cs, "content_end": ce,
                "source": a.source_text, "source_start": ss[0], "source_end": ss[1],
                "cue": a.cue_text, "cue_start": qs[0], "cue_end": qs[1],
                "speech": a.speech, "quoted": any(ch in a.content_text for ch in _QUOTE_CHARS),
                "has_source": bool(a.source),
            }


def polnear_dataset(split: str = "train", root: str | Path | None = None) -> Any:
    """A ``datasets.Dataset`` of PolNeAR attribution examples (one row per attribution)."""
    import datasets

    rows = list(iter_examples(split, root))
    if not rows:
        raise ValueError(f"PolNeAR split {split!r} has no attributions")
    return datasets.Dataset.from_list(rows)
