"""Validation of gold records (the JSONL format of ../shared/ANNOTATION.md).

Every gold file the project reads goes through here, so a bad offset or an unknown label stops the
build with the file, line and field that are wrong instead of silently training on garbage.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from stance.labels import KINDS, LABELS

__all__ = ["GoldSchemaError", "ValidationReport", "record_errors", "validate_record", "validate_file", "read_jsonl_records"]

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
_TARGET = re.compile(r"^[a-z][a-z0-9-]*$")
_SUPPORT = "support-for-party"


class GoldSchemaError(ValueError):
    """A gold record that breaks the format; the message names file, line and field."""


@dataclass(frozen=True)
class ValidationReport:
    """What ``validate_file`` found: records read, and every error as 'file:line: field ...: why'."""

    path: str
    records: int
    quotes: int
    errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _quote_errors(text: str, q: Any, i: int) -> Iterator[tuple[str, str]]:
    f = f"quotes[{i}]"
    if not isinstance(q, dict):
        yield f, f"must be an object, got {type(q).__name__}"
        return
    for key in ("start", "end", "text", "kind", "speaker", "affiliation", "labels", "target"):
        if key not in q:
            yield f"{f}.{key}", "missing"
    start, end = q.get("start"), q.get("end")
    if "start" in q and not _is_int(start):
        yield f"{f}.start", f"must be an integer, got {start!r}"
    if "end" in q and not _is_int(end):
        yield f"{f}.end", f"must be an integer, got {end!r}"
    if _is_int(start) and _is_int(end):
        if not 0 <= start < end <= len(text):
            yield f"{f}.start", f"span ({start}, {end}) not inside the text of {len(text)} characters"
        elif "text" in q and text[start:end] != q["text"]:
            yield f"{f}.text", f"text[{start}:{end}] is {text[start:end][:60]!r}, not {str(q['text'])[:60]!r}"
    if "kind" in q and q["kind"] not in KINDS:
        yield f"{f}.kind", f"{q['kind']!r} is not one of {', '.join(KINDS)}"
    if "speaker" in q and not (isinstance(q["speaker"], str) and q["speaker"].strip()):
        yield f"{f}.speaker", f"must be a non-empty string, got {q['speaker']!r}"
    if "aliases" in q and not (isinstance(q["aliases"], list) and all(isinstance(a, str) for a in q["aliases"])):
        yield f"{f}.aliases", "must be a list of strings"
    aff = q.get("affiliation", [])
    if not isinstance(aff, list):
        yield f"{f}.affiliation", f"must be a list of codes, got {aff!r}"
    else:
        for c in aff:
            if not (isinstance(c, str) and _CODE.match(c)):
                yield f"{f}.affiliation", f"{c!r} is not an upper-case ISO3 or organisation code"
    labels = q.get("labels", [])
    if not isinstance(labels, list):
        yield f"{f}.labels", f"must be a list, got {labels!r}"
        labels = []
    else:
        for lab in labels:
            if lab not in LABELS:
                yield f"{f}.labels", f"{lab!r} is not one of {', '.join(LABELS)}"
        if len(set(map(str, labels))) != len(labels):
            yield f"{f}.labels", f"duplicate labels {labels!r}"
    target = q.get("target")
    if _SUPPORT in labels:
        if not (isinstance(target, str) and _TARGET.match(target)):
            yield f"{f}.target", f"support-for-party needs a lower-case target party, got {target!r}"
    elif target is not None:
        yield f"{f}.target", f"must be null without support-for-party, got {target!r}"
    if "optional" in q and not isinstance(q["optional"], bool):
        yield f"{f}.optional", f"must be true or false, got {q['optional']!r}"


def record_errors(rec: Any) -> Iterator[tuple[str, str]]:
    """Every ``(field, why)`` wrong with one gold record, in field order."""
    if not isinstance(rec, dict):
        yield "record", f"must be a JSON object, got {type(rec).__name__}"
        return
    if not (isinstance(rec.get("id"), str) and rec["id"].strip()):
        yield "id", f"must be a non-empty string, got {rec.get('id')!r}"
    text = rec.get("text")
    if not isinstance(text, str):
        yield "text", f"must be a string, got {type(text).__name__}"
        return
    quotes = rec.get("quotes")
    if not isinstance(quotes, list):
        yield "quotes", f"must be a list, got {type(quotes).__name__}"
        return
    if "meta" in rec and not isinstance(rec["meta"], dict):
        yield "meta", "must be an object"
    for i, q in enumerate(quotes):
        yield from _quote_errors(text, q, i)


def _fmt(path: str, line: int, rec: Any, fld: str, why: str) -> str:
    rid = rec.get("id") if isinstance(rec, dict) else None
    return f"{path}:{line}: record {rid!r} field {fld!r}: {why}"


def validate_record(rec: Any, path: str = "<record>", line: int = 0) -> dict[str, Any]:
    """Return ``rec`` unchanged, or raise GoldSchemaError on its first error."""
    for fld, why in record_errors(rec):
        raise GoldSchemaError(_fmt(path, line, rec, fld, why))
    return rec


def _parsed_lines(path: str | Path) -> Iterator[tuple[int, Any, str | None]]:
    """``(line, object, None)`` or ``(line, None, why)`` for each non-blank line: one bad line stops nothing."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line), None
            except json.JSONDecodeError as exc:
                yield n, None, f"{path}:{n}: field 'json': not valid JSON ({exc.msg} at column {exc.colno})"


def read_jsonl_records(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line_number, parsed_object)`` for each non-blank line; a bad JSON line raises naming its line."""
    for n, obj, err in _parsed_lines(path):
        if err:
            raise GoldSchemaError(err)
        yield n, obj


def validate_file(path: str | Path, *, raise_first: bool = True) -> ValidationReport:
    """Check every record of a gold JSONL file, and that article ids are unique.

    With ``raise_first`` (default) the first error raises; otherwise all are collected.
    """
    p = str(path)
    errors: list[str] = []
    seen: dict[str, int] = {}
    n_rec = n_q = 0
    for line, rec, err in _parsed_lines(p):
        n_rec += 1
        found = [err] if err else [_fmt(p, line, rec, fld, why) for fld, why in record_errors(rec)]
        if isinstance(rec, dict) and isinstance(rec.get("id"), str):
            if rec["id"] in seen:
                found.append(_fmt(p, line, rec, "id", f"duplicate article id (first on line {seen[rec['id']]})"))
            seen.setdefault(rec["id"], line)
        if isinstance(rec, dict) and isinstance(rec.get("quotes"), list):
            n_q += len(rec["quotes"])
        if found and raise_first:
            raise GoldSchemaError(found[0])
        errors.extend(found)
    return ValidationReport(p, n_rec, n_q, tuple(errors))
