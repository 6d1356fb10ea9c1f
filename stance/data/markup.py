"""The project's corpus markup: articles written with inline quote annotations.

Writers annotate where they write, so offsets are computed, never typed by hand::

    === id: w1-001 | genre: wire | date: 2023-10-19 | conflict: israel-hamas | outlet: Harbour Wire
    Egypt urges truce as aid convoy waits
    "[[There must be an immediate ceasefire|direct|Sameh Shoukry|EGY|C,H]]," Shoukry told reporters.

``[[content|kind|speaker|affiliation|labels]]`` or with a sixth field ``aliases`` (``;``-separated).
``kind`` is one of stance.labels.KINDS, with a trailing ``?`` for an optional quote.
``affiliation`` joins several codes with ``+``. ``labels`` is ``-`` for none, else comma-separated
codes ``C`` (pro-ceasefire), ``H`` (humanitarian), ``M`` (mediation), ``S:<target>``
(support-for-party, with the party whose side is taken, e.g. ``S:israel``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from stance.labels import KINDS, LABEL_CODES, LABELS

_HEADER = re.compile(r"^===\s*(.*)$")
_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,14}$")
_TARGET = re.compile(r"^[a-z][a-z0-9-]*$")
_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "president", "minister", "prime", "foreign", "secretary", "general"}


class MarkupError(ValueError):
    """A malformed annotation; the message names the file, line and field."""


def _where(path: str, line: int, field: str) -> str:
    return f"{path}:{line}: field {field!r}"


def _default_aliases(speaker: str) -> list[str]:
    out = [speaker]
    toks = speaker.split()
    if len(toks) >= 2 and toks[-1][:1].isupper() and toks[0].lower() not in {"the"}:
        out.append(toks[-1])
    return out


def _parse_labels(raw: str, where: str) -> tuple[list[str], str | None]:
    raw = raw.strip()
    if raw in {"", "-"}:
        return [], None
    labels: set[str] = set()
    target = None
    for part in raw.split(","):
        part = part.strip()
        code, _, tgt = part.partition(":")
        if code not in LABEL_CODES:
            raise MarkupError(f"{where}: unknown label code {code!r} (use C, H, M, S:<target> or -)")
        labels.add(LABEL_CODES[code])
        if code == "S":
            if not _TARGET.match(tgt):
                raise MarkupError(f"{where}: support-for-party needs a target, e.g. S:israel (got {part!r})")
            if target is not None and tgt != target:
                raise MarkupError(f"{where}: one support-for-party target per quote (got S:{target} and {part!r}); "
                                  "a quote has one target, the side it takes")
            target = tgt
        elif tgt:
            raise MarkupError(f"{where}: only S takes a target (got {part!r})")
    return [l for l in LABELS if l in labels], target


def parse_article(body: str, header: dict[str, str], path: str = "<string>", first_line: int = 1) -> dict[str, Any]:
    """Turn one marked-up article into a gold record of ../shared/ANNOTATION.md's format."""
    text_parts: list[str] = []
    quotes: list[dict[str, Any]] = []
    pos = 0
    out_len = 0
    for m in _MARK.finditer(body):
        before = body[pos : m.start()]
        text_parts.append(before)
        out_len += len(before)
        line = first_line + body.count("\n", 0, m.start())
        fields = m.group(1).split("|")
        if len(fields) not in (5, 6):
            raise MarkupError(f"{_where(path, line, 'quote')}: expected 5 or 6 '|'-separated fields, got {len(fields)}")
        content, kind, speaker, aff, labels_raw = (f.strip() if i else f for i, f in enumerate(fields[:5]))
        optional = kind.endswith("?")
        kind = kind.rstrip("?")
        if kind not in KINDS:
            raise MarkupError(f"{_where(path, line, 'kind')}: {kind!r} is not one of {KINDS}")
        if not content.strip():
            raise MarkupError(f"{_where(path, line, 'content')}: empty quote")
        if not speaker:
            raise MarkupError(f"{_where(path, line, 'speaker')}: empty speaker")
        codes = [c.strip() for c in aff.split("+") if c.strip()]
        for c in codes:
            if not _CODE.match(c):
                raise MarkupError(f"{_where(path, line, 'affiliation')}: {c!r} is not an upper-case code")
        labels, target = _parse_labels(labels_raw, _where(path, line, "labels"))
        aliases = _default_aliases(speaker)
        if len(fields) == 6:
            aliases += [a.strip() for a in fields[5].split(";") if a.strip() and a.strip() not in aliases]
        quotes.append(
            {"start": out_len, "end": out_len + len(content), "text": content, "kind": kind,
             "speaker": speaker, "aliases": aliases, "affiliation": codes, "labels": labels,
             "target": target, "optional": optional}
        )
        text_parts.append(content)
        out_len += len(content)
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{_where(path, first_line, 'text')}: unbalanced [[ ]] in article {header.get('id')!r}")
    # Strip leading/trailing blank space while keeping offsets right.
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    for q in quotes:
        q["start"] -= lead
        q["end"] -= lead
        assert text[q["start"] : q["end"]] == q["text"]
    rec = {"id": header["id"], "text": text, "quotes": quotes}
    rec["meta"] = {k: v for k, v in header.items() if k != "id"}
    return rec


def _parse_header(raw: str, path: str, line: int) -> dict[str, str]:
    header: dict[str, str] = {}
    for part in raw.split("|"):
        if not part.strip():
            continue
        k, sep, v = part.partition(":")
        if not sep:
            raise MarkupError(f"{_where(path, line, 'header')}: {part.strip()!r} is not 'key: value'")
        header[k.strip()] = v.strip()
    if not header.get("id"):
        raise MarkupError(f"{_where(path, line, 'id')}: article header without an id")
    return header


def parse_markup(source: str, path: str = "<string>") -> Iterator[dict[str, Any]]:
    """Yield the gold records of a markup file's articles, in order."""
    lines = source.splitlines(keepends=True)
    header: dict[str, str] | None = None
    body: list[str] = []
    start = 0
    for i, line in enumerate(lines, 1):
        m = _HEADER.match(line.rstrip("\n"))
        if m:
            if header is not None:
                yield parse_article("".join(body), header, path, start)
            header, body, start = _parse_header(m.group(1), path, i), [], i + 1
        elif header is not None:
            body.append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            raise MarkupError(f"{_where(path, i, 'header')}: text before the first '=== id: ...' line")
    if header is not None:
        yield parse_article("".join(body), header, path, start)


def compile_markup(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Parse every file; refuse duplicate article ids across files."""
    records: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for p in sorted(Path(x) for x in paths):
        for rec in parse_markup(p.read_text(encoding="utf-8"), str(p)):
            if rec["id"] in seen:
                raise MarkupError(f"{p}: duplicate article id {rec['id']!r} (first in {seen[rec['id']]})")
            seen[rec["id"]] = str(p)
            records.append(rec)
    return records


def main(argv: list[str] | None = None) -> int:
    """python -m stance.data.markup FILE... : check files, print a one-line summary each."""
    import sys

    args = argv if argv is not None else sys.argv[1:]
    out = None
    if "-o" in args:
        i = args.index("-o")
        out = args[i + 1]
        args = args[:i] + args[i + 2 :]
    recs = compile_markup(args)
    nq = sum(len(r["quotes"]) for r in recs)
    counts = {l: sum(l in q["labels"] for r in recs for q in r["quotes"]) for l in LABELS}
    none = sum(not q["labels"] for r in recs for q in r["quotes"])
    print(f"{len(recs)} articles, {nq} quotes, none={none}, " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
