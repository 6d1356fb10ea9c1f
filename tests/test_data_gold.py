"""The gold corpus as quote-level datasets, compiled from markup, split by article."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.data.context import quote_context
from stance.data.gold import compile_gold, hash_split, load_gold, read_gold_jsonl
from stance.data.markup import MarkupError
from stance.data.schema import GoldSchemaError
from stance.data.splits import article_strata, extend_splits, make_splits, write_splits
from stance.labels import LABELS

MARKUP = """\
=== id: t-001 | genre: wire | date: 2024-01-02 | conflict: israel-hamas | outlet: Test Wire
Envoy urges calm

The envoy said [[both sides should step back from the brink|indirect|Lena Ortiz|UN|C]]. "[[Fuel has to get in,|direct|Lena Ortiz|UN|H|the envoy]]" she told reporters.
"[[We stand with Israel.|direct|Tom Reed|USA|S:israel]]" Reed said, adding [[the talks would resume on Monday|indirect|Tom Reed|USA|M,C]].
=== id: t-002 | genre: readout | date: 2024-01-03 | conflict: ukraine-russia | outlet: Test Post
Ministers meet

[[The meeting lasted two hours.|according-to|Foreign ministry|UKR|-]] according to the ministry.
"""


def _write_src(tmp_path: Path, text: str = MARKUP) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "a.txt").write_text(text, encoding="utf-8")
    return src


def test_compile_and_load_tiny_corpus(tmp_path):
    src = _write_src(tmp_path)
    out = tmp_path / "gold" / "corpus.jsonl"
    records, report = compile_gold(src, out)
    assert (report.articles, report.quotes) == (2, 5) and out.is_file()
    assert read_gold_jsonl(out) == records
    dd = load_gold(out, splits=None)
    assert set(dd) == {"train", "dev", "test"}
    rows = {r["id"]: r for split in dd.values() for r in split}
    assert set(rows) == {f"t-001:{i}" for i in range(4)} | {"t-002:0"}
    r = rows["t-001:3"]
    assert r["doc_id"] == "t-001" and r["quote"] == "the talks would resume on Monday"
    assert r["labels"] == [1.0, 0.0, 1.0, 0.0] and r["label_names"] == ["pro-ceasefire", "mediation"]
    assert r["target"] is None and r["affiliation"] == "USA" and r["kind"] == "indirect" and r["optional"] is False
    assert rows["t-001:2"]["target"] == "israel" and rows["t-001:2"]["labels"][LABELS.index("support-for-party")] == 1.0
    assert rows["t-002:0"]["labels"] == [0.0] * 4 and rows["t-002:0"]["label_names"] == []
    rec = records[0]
    q = rec["quotes"][1]
    assert rows["t-001:1"]["context"] == quote_context(rec["text"], q["start"], q["end"])
    # every article lands where its hash says, all quotes of one article together
    for name, split in dd.items():
        assert all(hash_split(d) == name for d in split["doc_id"])


def test_splits_file_decides_and_unlisted_articles_warn(tmp_path):
    src = _write_src(tmp_path)
    out = tmp_path / "corpus.jsonl"
    compile_gold(src, out)
    sp = tmp_path / "splits.json"
    sp.write_text(json.dumps({"train": [], "dev": ["t-002"], "test": []}))
    with pytest.warns(UserWarning, match="not in"):
        dd = load_gold(out, sp)
    assert dd["dev"]["doc_id"] == ["t-002"]
    sp.write_text(json.dumps({"train": ["t-001"], "dev": ["t-002"], "test": ["t-001"]}))
    with pytest.raises(GoldSchemaError, match="also in"):
        load_gold(out, sp)


def test_compile_strict_names_line_and_skip_invalid_keeps_the_rest(tmp_path):
    bad = MARKUP.replace("|UN|C]]", "|un|C]]") + (
        "=== id: t-003 | conflict: sudan\nTitle\n\n[[Talks now.|direct|A Person|SDN|M]] he said.\n")
    src = _write_src(tmp_path, bad)
    with pytest.raises(MarkupError, match=r"a\.txt:4: field 'affiliation'"):
        compile_gold(src, tmp_path / "x.jsonl")
    records, report = compile_gold(src, tmp_path / "x.jsonl", skip_invalid=True)
    assert [r["id"] for r in records] == ["t-002", "t-003"]
    assert len(report.skipped) == 1 and "a.txt:4: field 'affiliation'" in report.skipped[0]


def test_real_gold_loads_with_every_label_in_every_split(gold_path):
    dd = load_gold(gold_path)
    ids = [i for s in dd.values() for i in s["id"]]
    assert len(ids) == len(set(ids))
    docs = {s: set(dd[s]["doc_id"]) for s in dd}
    assert not (docs["train"] & docs["dev"] or docs["train"] & docs["test"] or docs["dev"] & docs["test"])
    for name, split in dd.items():
        labels = split["labels"]
        assert all(len(v) == len(LABELS) for v in labels)
        for j, lab in enumerate(LABELS):
            assert any(v[j] == 1.0 for v in labels), f"{lab} missing from {name}"
        sfp = LABELS.index("support-for-party")
        assert all((v[sfp] == 1.0) == (t is not None) for v, t in zip(labels, split["target"]))


def _synthetic(n: int = 60) -> list[dict]:
    """Articles with controlled label sets; one rare label present in only 3 articles."""
    recs = []
    for i in range(n):
        labs = [[LABELS[i % 3]], []]
        if i % 20 == 0:
            labs.append(["support-for-party"])
        quotes = [{"labels": l, "target": "x" if "support-for-party" in l else None} for l in labs]
        recs.append({"id": f"d{i:03d}", "quotes": quotes, "meta": {"conflict": "a" if i % 4 else "b"}})
    return recs


def test_iterative_stratification_spreads_rare_labels_and_is_deterministic(tmp_path):
    recs = _synthetic()
    s1, s2 = make_splits(recs), make_splits(list(reversed(recs)))
    assert s1 == s2  # order of input does not matter; seed fixed
    assert sorted(sum(s1.values(), [])) == sorted(r["id"] for r in recs)
    assert [len(s1[k]) for k in ("train", "dev", "test")] == [42, 9, 9]
    strata = {r["id"]: article_strata(r) for r in recs}
    for name, ids in s1.items():  # the label in 3 articles reaches every split
        assert any("support-for-party" in strata[d] for d in ids), name
        assert any("conflict:b" in strata[d] for d in ids), name
    doc = write_splits(recs, tmp_path / "splits.json")
    assert json.loads((tmp_path / "splits.json").read_text())["train"] == s1["train"] == doc["train"]
    assert doc["labels_missing"] == {}
    assert make_splits(recs, seed=1) != s1


def test_committed_splits_cover_the_gold_corpus(gold_path):
    sp = gold_path.parent / "splits.json"
    if not sp.is_file():
        pytest.skip("data/gold/splits.json not built yet")
    data = json.loads(sp.read_text())
    listed = sorted(data["train"] + data["dev"] + data["test"])
    assert len(listed) == len(set(listed))
    gold_ids = sorted(r["id"] for r in read_gold_jsonl(gold_path))
    assert listed == gold_ids, "splits.json is stale: rerun `stance data build gold`"
    added = set(data.get("added", []))  # written after the split was fixed: all in one split
    assert not added or all(d in data[data["added_to"]] for d in added)
    base = {s: [d for d in data[s] if d not in added] for s in ("train", "dev", "test")}
    n = sum(map(len, base.values()))
    assert abs(len(base["train"]) / n - 0.70) < 0.05 and abs(len(base["test"]) / n - 0.15) < 0.05


def test_extending_splits_keeps_dev_and_test_and_puts_new_articles_in_train(tmp_path):
    recs = _synthetic()
    old, new = recs[:40], recs[40:]
    doc = write_splits(old, tmp_path / "splits.json")
    grown = write_splits(old[5:] + new, tmp_path / "splits.json", previous=doc)
    gone = {r["id"] for r in old[:5]}
    for s in ("dev", "test"):
        assert grown[s] == [d for d in doc[s] if d not in gone]
    assert set(grown["added"]) == {r["id"] for r in new} and grown["added_to"] == "train"
    assert {r["id"] for r in new} <= set(grown["train"])
    assert sorted(sum((grown[s] for s in ("train", "dev", "test")), [])) == sorted(r["id"] for r in old[5:] + new)
    assert json.loads((tmp_path / "splits.json").read_text())["added"] == grown["added"]
    with pytest.raises(ValueError, match="new articles must go to one of"):
        extend_splits(recs, doc, new_to="holdout")


def test_two_support_targets_in_one_quote_are_refused(tmp_path):
    bad = MARKUP.replace("|UN|C]]", "|UN|S:israel,S:palestine]]")
    src = _write_src(tmp_path, bad)
    with pytest.raises(MarkupError, match=r"a\.txt:4: field 'labels': one support-for-party target per quote"):
        compile_gold(src, tmp_path / "x.jsonl")
