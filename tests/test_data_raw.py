"""Raw corpora → articles → deduplicated quotes: nothing good is lost, bad records are named."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.data.raw import RawRecordError, dedup_quotes, load_raw, normalise, raw_quotes

GOOD = [
    {"id": "a1", "title": "One", "date": "2024-01-02", "text": "The minister said talks would resume.\u2028Second line."},
    {"id": "a2", "text": "“We need water and fuel now,” the mayor said."},
    {"id": 3, "text": "Plain text with an integer id."},
]


def _jsonl_with_broken_lines(tmp_path: Path) -> Path:
    p = tmp_path / "raw.jsonl"
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False).encode(),        # 1 good (contains U+2028)
        b'{"id": "x1", "text": "unterminated',                   # 2 bad json
        json.dumps(GOOD[1], ensure_ascii=False).encode(),        # 3 good
        b"",                                                     # 4 blank: ignored
        b'{"id": "x2", "text": "bad byte \xff here"}',           # 5 bad utf-8
        b'{"id": "x3", "body": "no text field"}',                # 6 missing text
        b'{"id": "x4", "text": 42}',                             # 7 wrong type
        b'["not", "an", "object"]',                              # 8 not an object
        json.dumps(GOOD[2]).encode(),                            # 9 good
        b'{"id": "x5", "text": "   "}',                          # 10 empty text
        json.dumps({"id": "a2", "text": "Same id again."}).encode(),  # 11 good, duplicate id
    ]
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


def test_strict_stops_at_first_bad_record_naming_file_line_field(tmp_path):
    p = _jsonl_with_broken_lines(tmp_path)
    with pytest.raises(RawRecordError, match=rf"^{p}:2: field 'json'"):
        load_raw(p)


def test_skip_invalid_keeps_every_good_line_and_counts_the_rest(tmp_path):
    p = _jsonl_with_broken_lines(tmp_path)
    ds, rep = load_raw(p, skip_invalid=True, return_report=True)
    assert ds["id"] == ["a1", "a2", "3", "a2~2"]
    assert ds["line"] == [1, 3, 9, 11]
    assert ds["text"][0] == GOOD[0]["text"]  # U+2028 did not split the record
    assert (rep.read, rep.kept, rep.invalid, rep.renamed) == (10, 4, 6, 1)
    assert rep.read == rep.kept + rep.invalid
    fields = [e.split("field ")[1].split(":")[0] for e in rep.errors]
    assert fields == ["'json'", "'encoding'", "'text'", "'text'", "'record'", "'text'"]
    assert [e.split(": ")[0] for e in rep.errors] == [f"{p}:{n}" for n in (2, 5, 6, 7, 8, 10)]


def test_csv_parquet_txt_folder_and_dataset_inputs(tmp_path):
    import datasets
    import pandas as pd

    csv = tmp_path / "raw.csv"
    csv.write_text('id,text\nc1,"A quote\nspanning two lines, said X."\nc2,ok text,EXTRA\nc3,last one\n', encoding="utf-8")
    ds, rep = load_raw(csv, skip_invalid=True, return_report=True)
    assert ds["id"] == ["c1", "c3"] and ds["line"] == [2, 5] and "\n" in ds["text"][0]
    assert rep.invalid == 1 and rep.errors[0].startswith(f"{csv}:4: field 'columns'")
    with pytest.raises(RawRecordError, match="field 'body': no such column"):
        load_raw(csv, text_field="body")

    pq = tmp_path / "raw.parquet"
    pd.DataFrame({"doc": ["p1", "p2"], "body": ["First text.", None]}).to_parquet(pq)
    ds, rep = load_raw(pq, text_field="body", id_field="doc", skip_invalid=True, return_report=True)
    assert ds["id"] == ["p1"] and rep.invalid == 1 and "row 2: field 'body': missing" in rep.errors[0]

    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "b.txt").write_text("Second article.", encoding="utf-8")
    (folder / "a.txt").write_text("First article.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\xff\xfe broken")
    (folder / "notes.md").write_text("ignored")
    ds, rep = load_raw(folder, skip_invalid=True, return_report=True)
    assert ds["id"] == ["a", "b"] and rep.invalid == 1 and "c.txt:1: field 'encoding'" in rep.errors[0]

    mem = datasets.Dataset.from_dict({"content": ["x y z", "u v w"], "key": ["m1", "m2"]})
    assert load_raw(mem, text_field="content", id_field="key")["id"] == ["m1", "m2"]
    mem.save_to_disk(str(tmp_path / "saved"))
    assert load_raw(tmp_path / "saved", text_field="content", id_field="key")["text"] == ["x y z", "u v w"]
    with pytest.raises(RawRecordError, match="field 'text': no such column"):
        load_raw(mem)
    assert load_raw([csv, pq], skip_invalid=True, text_field="text", limit=1)["id"] == ["c1"]


def test_normalise_ignores_case_quotes_accents_and_punctuation():
    assert normalise("“Ceasefire NOW!”  said Café") == normalise('"ceasefire now" said cafe')


def test_near_duplicates_are_dropped_first_occurrence_wins():
    base = ("We call on all parties to allow aid convoys to reach the north of the strip without any "
            "further delay, because families there have gone without food for days")
    texts = [
        base,
        "Something entirely different about the weather in the capital this week",
        base.upper() + "!",                                  # exact after normalisation
        base.replace("without any further delay", "without further delay"),  # near (Jaccard ~0.8+)
        "We call on all parties to talk",                    # shares a prefix only
        base.replace("because", "since"),
    ]
    rep = dedup_quotes(texts, threshold=0.8)
    assert rep == [0, 1, 0, 0, 4, 0]
    assert dedup_quotes(texts, threshold=1.0) == [0, 1, 0, 3, 4, 5]
    assert dedup_quotes(texts) == dedup_quotes(list(texts))  # deterministic
    with pytest.raises(ValueError):
        dedup_quotes(texts, threshold=0)


def _extractor():
    try:
        from stance.extraction import extract_quotes
    except ImportError:
        pytest.skip("stance.extraction.extract_quotes is not available yet")
    return extract_quotes


WIRE = ("Aid chief urges access\n\n"
        "GENEVA — “Trucks must be allowed to reach the hospitals in the north before it is too late,” "
        "the UN aid chief, Maria Lund, told reporters on Tuesday. She said the agency would keep talking to both sides.")


def test_raw_quotes_extracts_and_dedups_wire_copy(tmp_path):
    extract = _extractor()
    p = tmp_path / "wire.jsonl"
    rows = [{"id": "w1", "text": WIRE}, {"id": "w2", "text": WIRE.replace("Tuesday", "Wednesday")}, "{bad"]
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    ds, rep = raw_quotes(p, skip_invalid=True, return_report=True)
    n_first = len(extract(WIRE))
    assert n_first >= 1
    assert rep.invalid == 1 and rep.kept == 2
    assert rep.quotes + rep.duplicates == n_first + len(extract(rows[1]["text"]))
    assert rep.duplicates >= 1 and set(ds["doc_id"]) == {"w1"}
    for r in ds:
        art = WIRE
        assert art[r["start"]:r["end"]] == r["quote"] and r["quote"] in r["context"] or len(r["quote"]) > 400
    ds_all = raw_quotes(p, skip_invalid=True, dedup=False)
    assert len(ds_all) == rep.quotes + rep.duplicates
