"""Stand-off gold: offsets and labels in the repository, text read from a shared corpus at run time."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stance.data.standoff import StandoffError, is_standoff, load_standoff, to_standoff, write_standoff

REPO = Path(__file__).resolve().parents[1]
#: Invented texts (never from ../shared), standing in for a shared news corpus.
TEXTS = {
    "doc-1": 'Envoy presses for calm\n\n"We need a truce before the holiday," the envoy said on Monday.',
    "doc-2": "The agency said fuel for the hospitals would run out within two days.",
}


def _shared(tmp_path: Path) -> Path:
    root = tmp_path / "shared"
    (root / "corpora" / "news").mkdir(parents=True)
    with open(root / "corpora" / "news" / "open.jsonl", "w", encoding="utf-8") as f:
        for i, t in TEXTS.items():
            f.write(json.dumps({"id": i, "date": "2024-01-02", "type": "article", "title": "t", "text": t}) + "\n")
    return root


def _gold() -> list[dict]:
    out = []
    for i, (quote, labels, kind) in {"doc-1": ("We need a truce before the holiday,", ["pro-ceasefire"], "direct"),
                                     "doc-2": ("fuel for the hospitals would run out within two days", ["humanitarian"],
                                               "indirect")}.items():
        s = TEXTS[i].index(quote)
        out.append({"id": i, "text": TEXTS[i], "meta": {}, "quotes": [{
            "start": s, "end": s + len(quote), "text": quote, "kind": kind, "speaker": "The envoy", "aliases": ["The envoy"],
            "affiliation": ["UN"], "labels": labels, "target": None, "optional": False}]})
    return out


def test_round_trip_keeps_no_text_and_restores_the_records(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    path = write_standoff(_gold(), "news/open.jsonl", tmp_path / "slice.jsonl")
    raw = path.read_text(encoding="utf-8")
    assert "truce before" not in raw and "fuel for the hospitals" not in raw  # no sentence is stored
    assert is_standoff(path)
    assert load_standoff(path, shared) == _gold()


def test_changed_text_missing_corpus_and_bad_offsets_are_named(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    recs = to_standoff(_gold(), "news/open.jsonl")
    bad = [dict(recs[0], text_sha256="0" * 64), recs[1]]
    p = tmp_path / "bad.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in bad) + "\n")
    with pytest.raises(StandoffError, match=r"bad.jsonl:1: record 'doc-1' field 'text_sha256'"):
        load_standoff(p, shared)
    with pytest.raises(StandoffError, match="field 'corpus'.*STANCE_SHARED"):
        load_standoff(p, tmp_path / "nowhere")
    q = dict(recs[1]["quotes"][0], end=10_000)
    p.write_text(json.dumps(dict(recs[1], quotes=[q])) + "\n")
    with pytest.raises(StandoffError, match="record 'doc-2' quote 0 field 'start'/'end'"):
        load_standoff(p, shared)


def test_build_script_finds_offsets_from_quoted_strings(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    ann = tmp_path / "ann.jsonl"
    ann.write_text(json.dumps({"doc_id": "doc-1", "quotes": [
        {"quote": "We need a truce before the holiday,", "occurrence": 1, "kind": "direct", "optional": False,
         "speaker": "The envoy", "affiliation": "UN", "labels": ["pro-ceasefire"], "target": None}]}) + "\n")
    out = tmp_path / "slice.jsonl"
    r = subprocess.run([sys.executable, str(REPO / "scripts/build_real_slice.py"), str(ann), "--corpus", "news/open.jsonl",
                        "--shared", str(shared), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (rec,) = load_standoff(out, shared)
    q = rec["quotes"][0]
    assert rec["text"][q["start"]:q["end"]] == q["text"] == "We need a truce before the holiday,"
    ann.write_text(json.dumps({"doc_id": "doc-1", "quotes": [dict(q, quote="words that are not there")]}) + "\n")
    r = subprocess.run([sys.executable, str(REPO / "scripts/build_real_slice.py"), str(ann), "--corpus", "news/open.jsonl",
                        "--shared", str(shared), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode != 0 and "quote 0 field 'quote': not found" in r.stderr


def test_committed_real_slice_resolves_when_the_shared_corpus_is_there() -> None:
    from stance.data.standoff import shared_root

    path = REPO / "data" / "real" / "bbc_open.jsonl"
    if not path.is_file():
        pytest.skip("no real-news slice committed")
    if not (shared_root() / "corpora" / "bbc").is_dir():
        pytest.skip("../shared is not here (a user's machine): the slice cannot be assembled")
    recs = load_standoff(path)
    assert recs and all(r["text"][q["start"]:q["end"]] == q["text"] for r in recs for q in r["quotes"])
