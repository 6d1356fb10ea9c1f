"""`stance data build gold|raw|weak` and `stance data stats` end to end on tiny inputs."""
from __future__ import annotations

import json

import pytest

from stance.cli import main
from stance.data.stats import corpus_stats, format_stats
from stance.labels import LABELS

from test_data_gold import MARKUP


def test_build_gold_then_stats(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(MARKUP, encoding="utf-8")
    out, sp = tmp_path / "corpus.jsonl", tmp_path / "splits.json"
    assert main(["data", "build", "gold", "--src", str(src), "-o", str(out), "--splits", str(sp)]) == 0
    assert "2 articles, 5 quotes" in capsys.readouterr().out
    data = json.loads(sp.read_text())
    assert sorted(data["train"] + data["dev"] + data["test"]) == ["t-001", "t-002"] and data["seed"]

    assert main(["data", "stats", str(out), "--splits", str(sp), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["articles"], s["quotes"], s["none"], s["multi_label"]) == (2, 5, 1, 1)
    assert s["labels"] == {"pro-ceasefire": 2, "humanitarian": 1, "mediation": 1, "support-for-party": 1}
    assert s["kinds"] == {"indirect": 2, "direct": 2, "according-to": 1}
    assert s["affiliations"] == {"UN": 2, "USA": 2, "UKR": 1} and s["targets"] == {"israel": 1}
    assert s["cooccurrence"]["pro-ceasefire"]["mediation"] == 1 and s["cooccurrence"]["mediation"]["mediation"] == 1
    assert sum(c["quotes"] for c in s["splits"].values()) == 5
    assert sum(c["articles"] for c in s["splits"].values()) == 2

    assert main(["data", "stats", str(out), "--splits", ""]) == 0
    table = capsys.readouterr().out
    assert "pro-ceasefire" in table and "co-occurrence" in table


def test_stats_of_quote_rows_with_multi_hot_labels():
    rows = [{"id": "d:0", "doc_id": "d", "quote": "x", "labels": [1.0, 0.0, 0.0, 1.0], "kind": "direct",
             "affiliation": "CHN;RUS", "target": "palestine"},
            {"id": "d:1", "doc_id": "d", "quote": "y", "labels": [0.0] * 4, "kind": "indirect", "affiliation": ""}]
    s = corpus_stats(rows)
    assert (s.articles, s.quotes, s.none, s.multi_label) == (1, 2, 1, 1)
    assert s.labels[LABELS[0]] == 1 and s.affiliations == {"CHN": 1, "RUS": 1}
    assert "support-for-party" in format_stats(s)


def test_build_raw_cli_skip_invalid(tmp_path, capsys):
    try:
        from stance.extraction import extract_quotes  # noqa: F401
    except ImportError:
        pytest.skip("stance.extraction.extract_quotes is not available yet")
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "1", "text": "“Let the aid in,” the mayor, Ana Ruiz, said on Monday."}\n{oops\n')
    out = tmp_path / "q.jsonl"
    with pytest.raises(Exception, match=r"in\.jsonl:2: field 'json'"):
        main(["data", "build", "raw", str(p), "-o", str(out)])
    assert main(["data", "build", "raw", str(p), "-o", str(out), "--skip-invalid"]) == 0
    assert "invalid 1" in capsys.readouterr().out
    assert main(["data", "build", "weak", str(p), "-o", str(tmp_path / "w.jsonl"), "--skip-invalid",
                 "--stats", str(tmp_path / "lf.json")]) == 0
    assert json.loads((tmp_path / "lf.json").read_text())["raw"]["invalid"] == 1


def test_public_surface_resolves():
    import stance.data as sd

    for name in sd.__all__:
        assert getattr(sd, name) is not None, name
    with pytest.raises(AttributeError):
        sd.no_such_thing  # noqa: B018
