"""The learned attribution tagger: BIO labels, the hybrid policy on the rules' candidates, and a
tiny tagger trained, saved, loaded and used by extract_quotes. Texts are written for these tests."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from stance.extraction import extract_quotes
from stance.extraction.learned import (
    LABELS, TAGGER_FILE, AttributionTagger, HybridPolicy, TaggerConfig, apply_tagger, char_labels, decode,
    policy_grid, token_labels, train_tagger,
)
from stance.extraction.quotes import find_candidates
from stance.extraction.speakers import Resolver

from conftest import TAGGER_DOCS as DOCS_TEXT  # noqa: E402


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


def _probs(text: str, spans: list[tuple[str, str]]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """One-hot token probabilities that tag each (part, phrase) of ``spans`` in ``text``."""
    offs = _words(text)
    part, ids = char_labels(len(text), [(p, text.index(ph), text.index(ph) + len(ph)) for p, ph in spans])
    labs = token_labels(offs, part, ids)
    probs = np.zeros((len(offs), len(LABELS)), dtype=np.float32)
    probs[np.arange(len(offs)), labs] = 1.0
    return probs, offs


def _run(text: str, probs, offs, policy: HybridPolicy | None) -> list[tuple[str, str | None]]:
    d = find_candidates(text)
    if policy is not None:
        apply_tagger(d, probs, offs, policy)
    Resolver(d).run()
    return [(text[c.start:c.end], c.speaker) for c in sorted(d.cands, key=lambda c: c.start)
            if c.speaker and c.end > c.start]  # as extract_quotes, which skips emptied candidates


def test_bio_labels_round_trip_through_decode() -> None:
    text = "Ana Lio said the bridge would reopen soon, and the mayor agreed."
    spans = [("SOURCE", "Ana Lio"), ("CUE", "said"), ("CONTENT", "the bridge would reopen soon")]
    probs, offs = _probs(text, spans)
    got = [(c.part, text[c.start:c.end]) for c in decode(probs, offs)]
    assert got == [(p, ph) for p, ph in spans]
    # two adjacent spans of one part stay two chunks (B after I)
    part, ids = char_labels(9, [("CONTENT", 0, 4), ("CONTENT", 5, 9)])
    assert token_labels([(0, 4), (5, 9), (0, 0)], part, ids) == [1, 1, -100]


def test_extend_sets_the_end_of_a_reported_clause() -> None:
    text = "Marta Quell said the plan was sound, although the money came late. The rest was routine."
    rules = _run(text, None, None, None)
    assert rules == [("the plan was sound", "Marta Quell")]
    probs, offs = _probs(text, [("SOURCE", "Marta Quell"), ("CUE", "said"),
                                ("CONTENT", "the plan was sound, although the money came late")])
    got = _run(text, probs, offs, HybridPolicy(extend=True, add=False))
    assert got == [("the plan was sound, although the money came late", "Marta Quell")]


def test_add_takes_a_statement_no_rule_finds_and_resolves_its_speaker() -> None:
    text = ("Envoy Tomas Reyl met the two delegations in Oslo on Monday. "
            "He floated a plan for a truce along the river. The talks resume next week.")
    assert _run(text, None, None, None) == []
    probs, offs = _probs(text, [("SOURCE", "He"), ("CUE", "floated"), ("CONTENT", "a plan for a truce along the river")])
    assert _run(text, probs, offs, HybridPolicy(add=False)) == []
    got = _run(text, probs, offs, HybridPolicy(add=True, extend=False))
    assert got == [("a plan for a truce along the river", "Tomas Reyl")]
    # a content with no SOURCE near it is not added: a statement needs a speaker
    probs2, offs2 = _probs(text, [("CONTENT", "a plan for a truce along the river")])
    assert _run(text, probs2, offs2, HybridPolicy(add=True)) == []


def test_add_replaces_quoted_words_the_rules_gave_to_the_subject() -> None:
    text = 'Envoy Tomas Reyl met both sides in Oslo. He floated "a truce along the river" for the spring.'
    rules = _run(text, None, None, None)
    assert rules == [("a truce along the river", "Tomas Reyl")]  # quoted words, no cue of their own
    probs, offs = _probs(text, [("SOURCE", "He"), ("CUE", "floated"),
                                ("CONTENT", '"a truce along the river" for the spring')])
    got = _run(text, probs, offs, HybridPolicy(add=True, extend=False))
    assert got == [('"a truce along the river" for the spring', "Tomas Reyl")]


def test_drop_removes_rule_quotes_the_tagger_reads_as_no_content() -> None:
    text = "The committee said the vote would be held on Friday."
    probs, offs = _probs(text, [])
    assert _run(text, probs, offs, HybridPolicy(drop=False, add=False, extend=False)) == \
        [("the vote would be held on Friday", "committee")]
    assert _run(text, probs, offs, HybridPolicy(drop=True, add=False, extend=False, max_drop_score=0.05)) == []


def test_tiny_tagger_trains_saves_loads_and_extracts(tiny_tagger_dir: Path) -> None:
    meta = json.loads((tiny_tagger_dir / TAGGER_FILE).read_text())
    assert meta["labels"] == list(LABELS) and meta["policy"]["add"] is True
    assert meta["training"]["tune_articles"] and meta["training"]["windows"] > 0
    assert (tiny_tagger_dir / "model.safetensors").is_file()
    tagger = AttributionTagger.load(tiny_tagger_dir)
    assert tagger.policy == HybridPolicy(add=True, extend=True)
    text = DOCS_TEXT[0] + "\n\n" + "“We will not wait,” she said. " * 40
    for q in extract_quotes(text, tagger=str(tiny_tagger_dir)):
        assert text[q.start:q.end] == q.text and q.speaker
    chunks = tagger.chunks(text)
    assert all(0 <= c.start < c.end <= len(text) and c.part in ("CONTENT", "SOURCE", "CUE") for c in chunks)
    for bad in ("", " \n", "\u200b\u200b", "«» “ ” \" '"):
        assert isinstance(extract_quotes(bad, tagger=tagger), list)
    with pytest.raises(TypeError, match="str"):
        tagger.chunks(b"bytes")  # type: ignore[arg-type]


def test_a_broken_tagger_directory_is_refused(tiny_tagger_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "t"
    shutil.copytree(tiny_tagger_dir, d)
    (d / "model.safetensors").unlink()
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        AttributionTagger.load(d)
    shutil.rmtree(d)
    shutil.copytree(tiny_tagger_dir, d)
    meta = json.loads((d / TAGGER_FILE).read_text())
    meta["labels"] = ["O", "B-X", "I-X"]
    (d / TAGGER_FILE).write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="labels"):
        AttributionTagger.load(d)
    (d / TAGGER_FILE).unlink()
    with pytest.raises(FileNotFoundError, match=TAGGER_FILE):
        AttributionTagger.load(d)


def test_training_refuses_a_span_outside_its_text_and_a_bad_window() -> None:
    with pytest.raises(ValueError, match=r"'bad'.*span 0"):
        train_tagger(TaggerConfig(encoder="tiny-random-bert"), [("bad", "short text", [("CONTENT", 3, 99)])])
    with pytest.raises(ValueError, match=r"stride \(64\).*max_length \(64\)"):
        train_tagger(TaggerConfig(encoder="tiny-random-bert", max_length=64, stride=64), [])


def _train_script():
    """scripts/train_tagger.py as a module (scripts are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_tagger", Path(__file__).parents[1] / "scripts" / "train_tagger.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_train_script_refuses_unknown_and_mistyped_keys() -> None:
    mod = _train_script()
    cfg = mod.load_config(None, ["--epochs", "3", "--learning_rate", "1e-4"])
    assert cfg.epochs == 3 and cfg.learning_rate == 1e-4
    with pytest.raises(SystemExit, match="unknown tagger config key.*epochz"):
        mod.load_config(None, ["--epochz", "3"])
    with pytest.raises(SystemExit, match="'epochs'.*expected int"):
        mod.load_config(None, ["--epochs", "three"])


def test_cli_extract_with_a_tagger(tiny_tagger_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from stance.cli import main

    art = tmp_path / "a.txt"
    art.write_text(DOCS_TEXT[2], encoding="utf-8")
    assert main(["extract", str(art), "--tagger", str(tiny_tagger_dir)]) == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert lines and all(DOCS_TEXT[2][q["start"]:q["end"]] == q["text"] for q in lines)
    monkeypatch.setenv("STANCE_HOME", str(tmp_path / "home"))
    assert main(["extract", str(art), "--tagger"]) == 2
    assert "train_tagger.py" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match="train_tagger.py"):
        extract_quotes("He said so.", tagger=True)


def test_train_script_trains_tunes_and_saves_on_polnear(tmp_path: Path, capsys) -> None:
    from stance.data.polnear import default_root

    if not (default_root() / "train").is_dir():
        pytest.skip("PolNeAR (../shared/corpora/polnear) is not here")
    mod = _train_script()
    out = tmp_path / "tagger"
    assert mod.main(["--encoder", "tiny-random-bert", "--max_articles", "12", "--epochs", "1", "--tune_fraction", "0.3",
                     "--max_length", "64", "--stride", "16", "--progress", "false", "--output_dir", str(out)]) == 0
    meta = json.loads((out / TAGGER_FILE).read_text())
    assert meta["tuning"]["records"] >= 1 and set(meta["tuning"]) >= {"rules", "chosen", "speaker_floor"}
    assert meta["tuning"]["chosen"]["f1"] >= 0 and HybridPolicy(**meta["policy"]) in policy_grid()
    # the rules change over time: --retune chooses the policy again on the same held-out articles
    (out / TAGGER_FILE).write_text(json.dumps({**meta, "policy": {"extend": False, "add": False, "drop": False}}))
    assert mod.main(["--retune", str(out)]) == 0
    again = json.loads((out / TAGGER_FILE).read_text())
    assert again["policy"] == meta["policy"] and again["tuning"]["records"] == meta["tuning"]["records"]


def test_the_onnx_backend_reads_like_torch_and_is_cached(tiny_tagger_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    d = tmp_path / "t"
    shutil.copytree(tiny_tagger_dir, d)
    torch_t = AttributionTagger.load(d)
    onnx_t = AttributionTagger.load(d, backend="onnx")
    text = " ".join(DOCS_TEXT) * 3
    p1, o1 = torch_t.char_probs(text)
    p2, o2 = onnx_t.char_probs(text)
    assert o1 == o2 and np.abs(p1 - p2).max() < 0.05
    assert sorted(x.name.split(".", 1)[1] for x in (d / "onnx").iterdir()) == ["fp32.onnx", "int8.onnx"]
    assert isinstance(extract_quotes(text, tagger=onnx_t), list)
    with pytest.raises(ValueError, match="backend"):
        AttributionTagger.load(d, backend="tpu")


def test_analyze_labels_the_quotes_the_tagger_finds(tiny_model_dir: Path, tiny_tagger_dir: Path) -> None:
    import stance

    text = " ".join(DOCS_TEXT)
    spans = [(q.start, q.end) for q in stance.extract_quotes(text, tagger=str(tiny_tagger_dir))]
    assert spans == [(q.start, q.end) for q in extract_quotes(text, tagger=str(tiny_tagger_dir))]
    got = stance.analyze(text, model=str(tiny_model_dir), tagger=str(tiny_tagger_dir))
    assert [(q.start, q.end) for q in got] == spans
    assert all(set(q.scores) == {"pro-ceasefire", "humanitarian", "mediation", "support-for-party"} for q in got)
