"""Schema validation of every gold file: the compiled corpus, the markup it comes from, the seed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.data.gold import compile_gold
from stance.data.schema import GoldSchemaError, validate_file, validate_record
from stance.labels import KINDS, LABELS

REPO = Path(__file__).resolve().parents[1]
SEED_GOLD = REPO.parent / "shared" / "seeds" / "seed_gold.jsonl"


def _good() -> dict:
    text = "“We want calm,” the envoy said. Aid must flow, she added."
    return {"id": "t-1", "text": text, "meta": {"conflict": "x"}, "quotes": [
        {"start": 1, "end": 13, "text": "We want calm", "kind": "direct", "speaker": "An Envoy",
         "aliases": ["the envoy"], "affiliation": ["UN"], "labels": ["pro-ceasefire"], "target": None, "optional": False},
        {"start": 32, "end": 45, "text": "Aid must flow", "kind": "indirect", "speaker": "An Envoy",
         "aliases": [], "affiliation": ["UN"], "labels": ["humanitarian", "support-for-party"],
         "target": "palestine", "optional": False},
    ]}


def test_compiled_gold_file_is_valid(gold_path):
    report = validate_file(gold_path, raise_first=False)
    assert report.ok, "\n".join(report.errors[:20])
    assert report.records > 0 and report.quotes > 0


def test_markup_sources_compile_and_validate():
    src = REPO / "data" / "corpus" / "src"
    if not any(src.glob("*.txt")):
        pytest.skip("no markup files in data/corpus/src yet")
    records, report = compile_gold(src, out=None)  # strict: the first markup error fails the test
    assert report.articles == len(records) > 0
    for i, rec in enumerate(records, 1):
        validate_record(rec, "compiled markup", i)
        assert all(q["kind"] in KINDS and set(q["labels"]) <= set(LABELS) for q in rec["quotes"])


def test_seed_gold_is_valid():
    if not SEED_GOLD.is_file():
        pytest.skip(f"{SEED_GOLD} not found (../shared is absent on this machine)")
    report = validate_file(SEED_GOLD, raise_first=False)
    assert report.ok, report.errors
    assert report.quotes > 0


@pytest.mark.parametrize("mutate, field, why", [
    (lambda r: r["quotes"][0].update(end=999), "quotes[0].start", "not inside the text"),
    (lambda r: r["quotes"][0].update(text="We want peace"), "quotes[0].text", "not 'We want peace'"),
    (lambda r: r["quotes"][0].update(kind="quoted"), "quotes[0].kind", "not one of"),
    (lambda r: r["quotes"][0].update(labels=["peace"]), "quotes[0].labels", "'peace' is not one of"),
    (lambda r: r["quotes"][1].update(target=None), "quotes[1].target", "needs a lower-case target"),
    (lambda r: r["quotes"][0].update(target="israel"), "quotes[0].target", "must be null"),
    (lambda r: r["quotes"][0].update(affiliation=["un"]), "quotes[0].affiliation", "upper-case"),
    (lambda r: r["quotes"][0].update(affiliation="UN"), "quotes[0].affiliation", "list of codes"),
    (lambda r: r["quotes"][0].update(start="1"), "quotes[0].start", "integer"),
    (lambda r: r["quotes"][0].pop("speaker"), "quotes[0].speaker", "missing"),
    (lambda r: r["quotes"][0].update(optional="no"), "quotes[0].optional", "true or false"),
    (lambda r: r.update(id=""), "id", "non-empty"),
])
def test_errors_name_file_line_and_field(tmp_path, mutate, field, why):
    bad = _good()
    mutate(bad)
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(_good()) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(GoldSchemaError) as exc:
        validate_file(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:3: ") and f"field {field!r}" in msg and why in msg


def test_collects_every_error_and_keeps_reading_after_bad_json(tmp_path):
    p = tmp_path / "gold.jsonl"
    rec2 = _good()
    rec2["quotes"][0]["labels"] = ["nope"]
    rec2["id"] = "t-2"
    p.write_text("\n".join([json.dumps(_good()), "{broken", json.dumps(rec2), json.dumps(_good())]) + "\n")
    report = validate_file(p, raise_first=False)
    assert report.records == 4 and not report.ok
    assert [e.split(": ")[0] for e in report.errors] == [f"{p}:2", f"{p}:3", f"{p}:4"]
    assert "field 'json'" in report.errors[0] and "duplicate article id (first on line 1)" in report.errors[2]


def test_good_record_passes():
    assert validate_record(_good()) == _good()
