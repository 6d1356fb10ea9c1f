"""scripts/agreement.py: a blind sample, and kappa of a second pass; scripts/build_data.py card blocks."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from stance.data.gold import compile_gold

from test_data_gold import MARKUP

REPO = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def tiny_gold(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(MARKUP, encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    compile_gold(src, out)
    return out


def test_sample_is_blind_fixed_and_refuses_to_overwrite(tiny_gold, tmp_path):
    ag = _script("agreement")
    out = tmp_path / "sample.jsonl"
    assert ag.main(["sample", "--gold", str(tiny_gold), "-o", str(out), "--fraction", "0.4"]) == 0
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(rows) == 2 and all(set(r) == {"id", "quote", "context", "speaker"} for r in rows)
    first = out.read_text()
    assert ag.main(["sample", "--gold", str(tiny_gold), "-o", str(out)]) == 1  # exists: kept
    assert ag.main(["sample", "--gold", str(tiny_gold), "-o", str(out), "--fraction", "0.4", "--force"]) == 0
    assert out.read_text() == first  # same seed, same sample


def test_score_kappa_exact_match_and_target(tiny_gold, tmp_path, capsys):
    ag = _script("agreement")
    # gold: t-001:0 C | t-001:1 H | t-001:2 S:israel | t-001:3 C,M | t-002:0 none
    second = [
        {"id": "t-001:0", "labels": ["pro-ceasefire"], "target": None},
        {"id": "t-001:1", "labels": ["humanitarian"], "target": None},
        {"id": "t-001:2", "labels": ["support-for-party"], "target": "palestine"},
        {"id": "t-001:3", "labels": ["mediation"], "target": None},
        {"id": "t-002:0", "labels": [], "target": None},
    ]
    sp = tmp_path / "second.jsonl"
    sp.write_text("\n".join(json.dumps(r) for r in second) + "\n")
    out = tmp_path / "agreement.json"
    assert ag.main(["score", "--gold", str(tiny_gold), "--second", str(sp), "--sample", str(tmp_path / "none"),
                    "-o", str(out)]) == 0
    a = json.loads(out.read_text())
    assert a["n"] == 5 and a["exact_match"] == 0.8
    # pro-ceasefire: first [1,0,0,1,0], second [1,0,0,0,0]: po 0.8, pe 0.4*0.2+0.6*0.8 = 0.56 → kappa 0.545
    assert a["per_label"]["pro-ceasefire"]["kappa"] == pytest.approx(0.5455, abs=1e-4)
    assert a["per_label"]["humanitarian"]["kappa"] == 1.0
    assert a["target"] == {"both_support": 1, "agreement": 0.0}
    sp.write_text('{"id": "t-001:0", "labels": ["peace"], "target": null}\n')
    with pytest.raises(SystemExit, match=r"second\.jsonl:1: field 'labels'"):
        ag.main(["score", "--gold", str(tiny_gold), "--second", str(sp), "-o", str(out)])
    sp.write_text('{"id": "t-001:2", "labels": ["support-for-party"], "target": null}\n')
    with pytest.raises(SystemExit, match="field 'target'"):
        ag.main(["score", "--gold", str(tiny_gold), "--second", str(sp), "-o", str(out)])


def test_card_blocks_are_replaced_and_prose_kept():
    bd = _script("build_data")
    doc = "intro\n<!-- BEGIN generated:size -->\nold\n<!-- END generated:size -->\noutro\n"
    assert bd.replace_section(doc, "size", "new") == "intro\n<!-- BEGIN generated:size -->\nnew\n<!-- END generated:size -->\noutro\n"
    with pytest.raises(SystemExit, match="generated:splits"):
        bd.replace_section(doc, "splits", "x")
    card = (REPO / "data" / "README.md").read_text()
    for name in ("size", "splits", "agreement"):
        assert f"<!-- BEGIN generated:{name} -->" in card and f"<!-- END generated:{name} -->" in card
