"""`stance score`: readers, crash-safe writers, the local engine and the CLI.

The texts below are invented for these tests (never taken from ../shared).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from stance.labels import LABELS
from stance.scoring.predictor import ScoredDoc
from stance.scoring.readers import Fields, InputError, count_records, detect_format, iter_records
from stance.scoring.writers import COLUMNS, OutputError, Sink, read_progress

ARTICLES = [
    "Talks resume\n\n“We call on both sides to agree an immediate ceasefire,” Foreign Minister Anna Berg said on "
    "Monday. She said aid convoys must be allowed to reach the hospitals in the north.",
    "The market opened late on Tuesday because of a power cut. Traders said little.",
    "“Our envoy will host both delegations for talks in the capital next week,” the prime minister, Omar Haddad, "
    "told reporters. Haddad added that the hostages must be released without conditions.",
    "Envoy visits region\n\nThe United Nations secretary-general, Lena Ortiz, said the fighting had to stop and "
    "that food and water must reach civilians. “There is no time to lose,” she said.",
]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_jsonl(path: Path, n: int = 4) -> Path:
    rows = [json.dumps({"id": f"d{i}", "date": f"2023-10-{10 + i:02d}", "text": ARTICLES[i % len(ARTICLES)]})
            for i in range(n)]
    return write_jsonl(path, rows)


def messy_jsonl(path: Path) -> Path:
    """Every kind of bad record, between good ones; line 4 is blank (not a record)."""
    return write_jsonl(path, [
        json.dumps({"id": "a", "text": ARTICLES[0], "date": "2023-10-10"}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "b", "body": "no text field"}),
        "",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps({"id": "e", "text": "x" * 500}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "f", "text": ARTICLES[1]}),
        json.dumps({"text": ARTICLES[2]}),
    ])


# --------------------------------------------------------------------------- readers


def test_jsonl_reader_names_every_bad_record(tmp_path: Path) -> None:
    recs = list(iter_records(messy_jsonl(tmp_path / "in.jsonl"), Fields(max_chars=400)))
    assert [r.ordinal for r in recs] == list(range(1, 10))
    by_line = {r.where["line"]: r for r in recs}
    assert 4 not in by_line  # the blank line is not a record
    assert by_line[1].error is None and by_line[1].doc_id == "a" and by_line[1].date == "2023-10-10"
    assert by_line[2].error.startswith("invalid JSON")
    assert by_line[3].error == "missing field 'text'" and by_line[3].doc_id == "b"
    assert by_line[5].error == "field 'text' is not text (got int)"
    assert by_line[6].error == "empty text in field 'text'"
    assert by_line[7].error == "text has 500 characters, over --max-chars 400"
    assert by_line[8].error == "not a JSON object (got list)"
    assert by_line[9].error is None
    assert by_line[10].error is None and by_line[10].doc_id == "in.jsonl:10"  # no id: named by its place
    assert count_records(tmp_path / "in.jsonl") == 9


def test_skip_counts_records_not_lines(tmp_path: Path) -> None:
    path = messy_jsonl(tmp_path / "in.jsonl")
    assert [r.ordinal for r in iter_records(path, skip=4)] == [5, 6, 7, 8, 9]
    assert [r.where["line"] for r in iter_records(path, skip=4)] == [6, 7, 8, 9, 10]


def test_csv_parquet_and_txt_folder_read_alike(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"doc": "n1", "when": "2023-11-01", "body": ARTICLES[0]}, {"doc": "n2", "when": "", "body": ""},
            {"doc": "n3", "when": "2023-11-03", "body": ARTICLES[2]}]
    with open(tmp_path / "in.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["doc", "when", "body"])
        w.writeheader()
        w.writerows(rows)
    pq.write_table(pa.Table.from_pylist([{**r, "body": r["body"] or None} for r in rows]), tmp_path / "in.parquet")
    folder = tmp_path / "txt"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['doc']}.txt").write_text(r["body"], encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    (folder / "n4.txt").write_bytes(b"\xff\xfe broken")

    f = Fields(text="body", id="doc", date="when")
    csv_recs = list(iter_records(tmp_path / "in.csv", f))
    pq_recs = list(iter_records(tmp_path / "in.parquet", f))
    txt_recs = list(iter_records(folder, f))
    assert [r.doc_id for r in csv_recs] == [r.doc_id for r in pq_recs] == ["n1", "n2", "n3"]
    assert [r.doc_id for r in txt_recs] == ["n1", "n2", "n3", "n4"]
    assert csv_recs[0].text == pq_recs[0].text == txt_recs[0].text == ARTICLES[0]
    assert csv_recs[1].error == "empty text in field 'body'" and csv_recs[1].where == {"row": 2, "line": 5}
    assert pq_recs[1].error == "field 'body' is not text (got null)" and pq_recs[1].where == {"row": 2}
    assert txt_recs[1].error == "empty text in field 'body'" and txt_recs[1].where == {"file": "n2.txt"}
    assert txt_recs[3].error.startswith("invalid UTF-8")
    assert csv_recs[2].date == pq_recs[2].date == "2023-11-03"
    assert count_records(tmp_path / "in.parquet") == 3 and count_records(folder) == 4


def test_unreadable_inputs_fail_with_names(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        detect_format(tmp_path / "missing.jsonl")
    (tmp_path / "x.xml").write_text("<a/>")
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format(tmp_path / "x.xml")
    (tmp_path / "in.csv").write_text("id,body\n1,hello\n")
    with pytest.raises(InputError, match="no column 'text'.*--text-field"):
        list(iter_records(tmp_path / "in.csv"))


# --------------------------------------------------------------------------- writers


def _doc(ordinal: int, n_quotes: int = 1, error: str | None = None) -> ScoredDoc:
    rows = tuple({
        "doc_id": f"d{ordinal}", "date": None, "start": i, "end": i + 5, "text": "hello", "kind": "direct",
        "speaker": "Someone" if i else None, "actor": None, "affiliation": None, "source": None,
        "labels": ["humanitarian"] if i else [], "scores": {l: 0.25 for l in LABELS}, "target": None, "model": "m",
    } for i in range(n_quotes))
    return ScoredDoc(ordinal, {"line": ordinal}, f"d{ordinal}", None, () if error else rows, error)


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_sink_resume_cuts_uncommitted_tail(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    opts = {"input": "x", "model": "m"}
    sink = Sink(out, opts)
    sink.write(_doc(1, 2))
    sink.write(_doc(2, 0))
    sink.commit(2)
    sink.write(_doc(3, 3))  # written, never committed: a crash here
    sink.write(_doc(4, error="invalid JSON"))
    sink.abort()

    with pytest.raises(OutputError, match="--resume.*--overwrite"):
        Sink(out, opts)
    with pytest.raises(OutputError, match="option 'model'"):
        Sink(out, {**opts, "model": "other"}, resume=True)
    again = Sink(out, opts, resume=True)
    assert again.records_done == 2 and again.counts.records == 2
    again.write(_doc(3, 3))
    again.write(_doc(4, error="invalid JSON"))
    again.commit(4)
    counts = again.finish()
    assert (counts.records, counts.docs, counts.docs_without_quotes, counts.quotes, counts.errors) == (4, 3, 1, 5, 1)

    if suffix == ".jsonl":
        rows = [json.loads(l) for l in out.read_text().splitlines()]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        assert pq.read_schema(out).names == list(COLUMNS)
        assert not Path(f"{out}.parts").exists()
    assert [(r["doc_id"], r["start"]) for r in rows] == [("d1", 0), ("d1", 1), ("d3", 0), ("d3", 1), ("d3", 2)]
    assert all(list(r) == list(COLUMNS) for r in rows)
    docs = [json.loads(l) for l in Path(f"{out}.docs.jsonl").read_text().splitlines()]
    assert [(d["doc_id"], d["quotes"]) for d in docs] == [("d1", 2), ("d2", 0), ("d3", 3)]
    errors = [json.loads(l) for l in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert errors == [{"record": 4, "line": 4, "doc_id": "d4", "reason": "invalid JSON"}]
    assert read_progress(out)["complete"] is True
    assert Sink(out, opts, resume=True).complete  # resuming a finished run does nothing


def test_sink_refuses_resume_without_progress_and_bad_suffix(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("{}\n")
    with pytest.raises(OutputError, match="progress.json is missing"):
        Sink(out, {}, resume=True)
    with pytest.raises(OutputError, match=r"\.jsonl or \.parquet"):
        Sink(tmp_path / "out.csv", {})
    Sink(out, {}, overwrite=True).finish()
    assert out.read_text() == ""


# --------------------------------------------------------------------------- engine (real tiny model)


@pytest.fixture(scope="module")
def predictor(tiny_model_dir: Path):
    from stance.scoring.predictor import ScoringPredictor

    return ScoringPredictor(str(tiny_model_dir), batch_size=8)


def _lines(path: Path | str) -> list[dict]:
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines()]


def test_predictor_columnar_batches_match_records(predictor, tmp_path: Path) -> None:
    import numpy as np

    from stance.scoring.predictor import decode_results, encode_chunk

    recs = list(iter_records(messy_jsonl(tmp_path / "in.jsonl"), Fields(max_chars=400)))
    direct = predictor.score_chunk(recs)
    assert [d.ordinal for d in direct] == [r.ordinal for r in recs]
    cells = [encode_chunk(0, recs[:4]), encode_chunk(1, recs[4:])]
    out = predictor({"chunk": np.array([c["chunk"] for c in cells]),
                     "records": np.array([c["records"] for c in cells], dtype=object)})
    assert out["chunk"].tolist() == [0, 1]
    via_batches = decode_results(out["results"][0]) + decode_results(out["results"][1])
    assert [d.ordinal for d in via_batches] == [d.ordinal for d in direct]
    assert [d.error for d in via_batches] == [d.error for d in direct]
    assert sum(len(d.rows) for d in direct) > 0
    for a, b in zip(via_batches, direct):
        assert [(r["start"], r["end"], r["labels"]) for r in a.rows] == [(r["start"], r["end"], r["labels"]) for r in b.rows]
        for ra, rb in zip(a.rows, b.rows):
            assert ra["scores"] == pytest.approx(rb["scores"], abs=1e-8)  # other batches, other padding


def test_nothing_is_lost_and_rows_are_complete(predictor, tmp_path: Path) -> None:
    from stance.scoring.engine import score_local

    src = messy_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    s = score_local(src, out, predictor, fields=Fields(max_chars=400), chunk_size=3, progress=False)
    c = s.counts
    assert c.records == 9 == c.docs + c.errors and c.errors == 6
    rows, docs, errors = _lines(out), _lines(f"{out}.docs.jsonl"), _lines(f"{out}.errors.jsonl")
    assert sorted(d["record"] for d in docs + errors) == list(range(1, 10))  # each record exactly once
    assert sum(d["quotes"] for d in docs) == len(rows) == c.quotes > 0
    assert [e["line"] for e in errors] == [2, 3, 5, 6, 7, 8]
    text = {r.doc_id: r.text for r in iter_records(src, Fields(max_chars=400)) if r.error is None}
    for r in rows:
        assert list(r) == list(COLUMNS)
        assert text[r["doc_id"]][r["start"]:r["end"]] == r["text"]
        assert set(r["labels"]) <= set(LABELS) and list(r["scores"]) == list(LABELS)
        assert (r["target"] is not None) == ("support-for-party" in r["labels"])
        assert r["model"] == predictor.model_name
    assert any(r["speaker"] for r in rows)


class _Interrupt:
    """The real predictor, with Ctrl-C pressed while the ``at``-th chunk is being scored."""

    def __init__(self, inner, at: int) -> None:
        self.inner, self.at, self.calls = inner, at, 0
        self.model_name = inner.model_name

    def score_chunk(self, records):
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt
        return self.inner.score_chunk(records)


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_resume_after_interruption_equals_one_run(predictor, tmp_path: Path, suffix: str) -> None:
    from stance.scoring.engine import score_local

    src = good_jsonl(tmp_path / "in.jsonl", 10)
    whole, parts = tmp_path / f"whole{suffix}", tmp_path / f"parts{suffix}"
    score_local(src, whole, predictor, chunk_size=2, progress=False)
    with pytest.raises(KeyboardInterrupt):
        score_local(src, parts, _Interrupt(predictor, 2), chunk_size=2, progress=False)
    assert read_progress(parts)["records_done"] == 2
    with pytest.raises(KeyboardInterrupt):
        score_local(src, parts, _Interrupt(predictor, 3), chunk_size=2, progress=False, resume=True)
    assert read_progress(parts)["records_done"] == 6
    if suffix == ".jsonl":
        with open(parts, "ab") as fh:  # a torn line, as from a kill in mid-write
            fh.write(b'{"doc_id": "d9", "tex')
    s = score_local(src, parts, predictor, chunk_size=2, progress=False, resume=True)
    assert s.counts.records == 10 and s.counts.docs == 10
    for side in ("", ".docs.jsonl", ".errors.jsonl"):
        if side or suffix == ".jsonl":
            assert Path(f"{parts}{side}").read_bytes() == Path(f"{whole}{side}").read_bytes(), side
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(parts).to_pylist() == pq.read_table(whole).to_pylist()
    again = score_local(src, parts, predictor, chunk_size=2, progress=False, resume=True)
    assert again.already_complete and again.counts == s.counts


def test_cli_scores_a_txt_folder_and_refuses_to_clobber(tiny_model_dir: Path, tmp_path: Path, capsys) -> None:
    import pyarrow.parquet as pq

    from stance.cli import main

    folder = tmp_path / "articles"
    folder.mkdir()
    for i, a in enumerate(ARTICLES):
        (folder / f"art-{i}.txt").write_text(a, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "scores.parquet"
    args = ["score", str(folder), "-o", str(out), "--model", str(tiny_model_dir), "--no-progress", "--skip", "1"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "4 records = 3 documents scored" in printed and "+ 1 errors; 1 skipped by --skip" in printed
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS) and table.num_rows > 0
    assert set(table.column("doc_id").to_pylist()) <= {"art-1", "art-2", "art-3"}
    assert _lines(f"{out}.errors.jsonl") == [{"record": 5, "file": "empty.txt", "doc_id": "empty",
                                               "reason": "empty text in field 'text'"}]
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(args + ["--resume"]) == 0 and "already complete" in capsys.readouterr().out
    assert main(["score", str(folder), "-o", str(tmp_path / "x.csv"), "--model", str(tiny_model_dir)]) == 2
    assert ".jsonl or .parquet" in capsys.readouterr().err


def test_scoring_with_the_tagger_keeps_every_record_and_its_own_run_options(
        tiny_model_dir: Path, tiny_tagger_dir: Path, tmp_path: Path) -> None:
    from stance.scoring.engine import score
    from stance.scoring.writers import OutputError

    src = good_jsonl(tmp_path / "in.jsonl", 6)
    out = tmp_path / "tagged.jsonl"
    s = score(src, out, model=str(tiny_model_dir), tagger=str(tiny_tagger_dir), chunk_size=2, progress=False)
    assert s.counts.records == 6 and s.counts.docs == 6
    assert read_progress(out)["options"]["extractor"].startswith("rules+tagger@")
    for row in _lines(out):
        assert set(COLUMNS) <= set(row)
    # a resume must extract the same way: the rules alone are another run
    with pytest.raises((OutputError, ValueError), match="extractor"):
        score(src, out, model=str(tiny_model_dir), chunk_size=2, progress=False, resume=True)
    plain = tmp_path / "plain.jsonl"
    score(src, plain, model=str(tiny_model_dir), chunk_size=2, progress=False)
    assert "extractor" not in read_progress(plain)["options"]
