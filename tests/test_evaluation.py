"""Evaluation: metrics against hand-computed values, calibration helpers, baselines, the report,
the CLI and the generated model card."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stance.evaluation.metrics import compute_metrics, expected_calibration_error, fit_temperature, tune_thresholds
from stance.labels import LABELS, TARGETS
from stance.training.train import Example


# ---------------------------------------------------------------- metrics
def test_metrics_match_hand_computation() -> None:
    y = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    p = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]])
    m = compute_metrics(y, p, target_true=[None, None, None, "israel"], target_pred=["x", "x", "x", "israel"])
    pc = m.per_label["pro-ceasefire"]
    assert (pc.precision, pc.recall, pc.f1, pc.support) == (1.0, 0.5, pytest.approx(2 / 3), 2)
    sfp = m.per_label["support-for-party"]
    assert (sfp.precision, sfp.recall) == (0.5, 1.0)
    assert m.macro_f1 == pytest.approx((2 / 3 + 1 + 1 + 2 / 3) / 4)
    assert m.micro_f1 == pytest.approx(2 * 4 / (2 * 4 + 1 + 1))  # tp 4, fp 1, fn 1
    assert m.exact_match == pytest.approx(0.5)
    assert m.target_accuracy == 1.0 and m.target_support == 1 and m.ece is None


def test_ece_known_values() -> None:
    assert expected_calibration_error(np.array([1, 0]), np.array([1.0, 0.0])) == 0.0
    # all scores 0.75 in one bin, half positive: |0.5 - 0.75|
    assert expected_calibration_error(np.array([1, 0, 1, 0]), np.full(4, 0.75)) == pytest.approx(0.25)
    # two bins, each perfectly calibrated on average
    y = np.array([[1, 0, 0, 0, 1, 1, 1, 1, 1, 0]])
    p = np.array([[0.25] * 4 + [0.85] * 6])
    assert expected_calibration_error(y, p) == pytest.approx(abs(0.25 - 0.25) * 0.4 + abs(5 / 6 - 0.85) * 0.6)


def test_temperature_recovers_a_known_scale() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, size=(4000, 4))
    y = (rng.random(z.shape) < 1 / (1 + np.exp(-z / 2.5))).astype(float)  # true temperature 2.5
    assert fit_temperature(z, y) == pytest.approx(2.5, rel=0.1)


def test_thresholds_find_the_separating_cut() -> None:
    y = np.array([[0], [0], [0], [1], [1], [1]] * 5)
    p = np.array([[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]] * 5)
    t = tune_thresholds(y, p, tolerance=0.0)
    assert 0.3 < t[0] <= 0.7 and t[0] == pytest.approx(0.5, abs=0.01)  # middle of the perfect plateau
    assert tune_thresholds(np.zeros((4, 1), int), np.full((4, 1), 0.9))[0] == 0.5  # no positives: keep 0.5


# ---------------------------------------------------------------- baselines (invented sentences)
def _ex(quote: str, labels: tuple[int, ...], target: str | None = None, speaker: str | None = None) -> Example:
    from stance.training.train import target_index

    return Example(quote, None, speaker, tuple(float(x) for x in labels), target_index(target) if labels[3] else -100)


_SYNTH = [
    _ex("We demand an immediate truce and a halt to the fighting.", (1, 0, 0, 0)),
    _ex("The guns must fall silent through a lasting ceasefire.", (1, 0, 0, 0)),
    _ex("Food and medicine must reach the civilians now.", (0, 1, 0, 0)),
    _ex("Hostages must be freed and hospitals protected.", (0, 1, 0, 0)),
    _ex("We are ready to host talks between the two delegations.", (0, 0, 1, 0)),
    _ex("Negotiations on the proposal continue in the capital.", (0, 0, 1, 0)),
    _ex("Israel has every right to defend itself.", (0, 0, 0, 1), "israel"),
    _ex("We stand in solidarity with the Palestinian people.", (0, 0, 0, 1), "palestine"),
    _ex("The meeting starts at nine tomorrow.", (0, 0, 0, 0)),
    _ex("Markets rallied on the oil price.", (0, 0, 0, 0)),
]


def test_keyword_baseline_fires_on_its_words() -> None:
    from stance.evaluation.baselines import KeywordBaseline

    b = KeywordBaseline().fit(_SYNTH, _SYNTH)
    p, t = b.predict_proba(_SYNTH)
    assert p.shape == (len(_SYNTH), len(LABELS)) and set(np.unique(p)) <= {0.0, 1.0}
    assert p[0, 0] == 1 and p[2, 1] == 1 and p[4, 2] == 1 and p[6, 3] == 1
    assert p[8].sum() == 0 and p[9].sum() == 0
    assert TARGETS[t[6].argmax()] == "israel" and TARGETS[t[7].argmax()] == "palestine"
    assert not b.probabilistic


def test_tfidf_baseline_learns_the_training_set() -> None:
    from stance.evaluation.baselines import TfidfLogRegBaseline

    b = TfidfLogRegBaseline().fit(_SYNTH * 3, _SYNTH)
    p, t = b.predict_proba(_SYNTH)
    y = np.array([e.labels for e in _SYNTH])
    assert ((p >= b.thresholds) == y.astype(bool)).mean() > 0.9
    assert np.allclose(t.sum(1), 1.0) and "C" in b.params


# ---------------------------------------------------------------- report, CLI, model card
@pytest.fixture(scope="module")
def tiny_report(tiny_model_dir: Path) -> dict:
    from stance.evaluation.report import run_evaluation

    return run_evaluation(tiny_model_dir, baselines=["keywords", "tfidf-logreg"], progress=False)


def test_report_has_every_system_metric_and_breakdown(tiny_report: dict) -> None:
    r = tiny_report
    assert set(r["systems"]) == {"fine-tuned", "fine-tuned (quote only)", "keywords", "tfidf-logreg"}
    for name, s in r["systems"].items():
        m = s["metrics"]
        assert m["n"] == r["n_quotes"] > 0
        assert set(m["per_label"]) == set(LABELS)
        for key in ("macro_f1", "micro_f1", "exact_match", "target_accuracy"):
            assert 0.0 <= m[key] <= 1.0, (name, key)
        assert sum(g["n"] for g in s["by_kind"].values()) == r["n_quotes"]
        assert sum(g["n"] for g in s["by_affiliation"].values()) == r["n_quotes"]
    assert r["systems"]["keywords"]["metrics"]["ece"] is None
    assert 0.0 <= r["systems"]["fine-tuned"]["metrics"]["ece"] <= 1.0
    checks = r["checks"]
    assert checks["margin_over_best_baseline"]["best_baseline"] in ("keywords", "tfidf-logreg")
    assert checks["margin_over_best_baseline"]["value"] == pytest.approx(
        r["systems"]["fine-tuned"]["metrics"]["macro_f1"]
        - max(r["systems"][b]["metrics"]["macro_f1"] for b in ("keywords", "tfidf-logreg")))
    json.dumps(r)  # JSON-able


def test_report_is_deterministic(tiny_model_dir: Path, tiny_report: dict) -> None:
    from stance.evaluation.report import run_evaluation

    again = run_evaluation(tiny_model_dir, baselines=["keywords"], progress=False)
    assert again["systems"]["fine-tuned"]["metrics"] == tiny_report["systems"]["fine-tuned"]["metrics"]
    assert again["systems"]["keywords"]["metrics"] == tiny_report["systems"]["keywords"]["metrics"]
    with pytest.raises(ValueError, match="unknown baseline"):
        run_evaluation(tiny_model_dir, baselines=["zero-shot"], progress=False)


def test_model_card_is_filled_from_the_report(tiny_report: dict, tmp_path: Path) -> None:
    from stance.evaluation.model_card import write_model_card

    path = write_model_card(tiny_report, tmp_path / "card.md")
    text = path.read_text()
    for section in ("## Intended use and users", "## Out of scope", "## Training data", "## Evaluation",
                    "### Per label, with thresholds", "## Limitations", "## Known failure cases", "## Bias and risks",
                    "## How to reproduce", "judges no person"):
        assert section in text, section
    m = tiny_report["systems"]["fine-tuned"]["metrics"]
    assert f"**{m['macro_f1']:.3f}**" in text
    assert f"{tiny_report['systems']['tfidf-logreg']['metrics']['macro_f1']:.3f}" in text
    assert tiny_report["model"]["name"] in text


def test_model_card_keeps_the_extraction_section_across_rewrites(tiny_report: dict, tmp_path: Path) -> None:
    from stance.evaluation.model_card import set_block, write_model_card

    path = write_model_card(tiny_report, tmp_path / "card.md")
    card = set_block(path.read_text(), "extraction", "## Quote extraction\n\n| a | b |\nFIRSTBODY")
    assert card.index("## Quote extraction") < card.index("## Limitations") and "FIRSTBODY" in card
    card = set_block(card, "extraction", "## Quote extraction\n\nsecond")
    assert "second" in card and "FIRSTBODY" not in card and card.count("BEGIN extraction") == 1
    path.write_text(card)
    text = write_model_card(tiny_report, path).read_text()
    assert "second" in text and text.count("## Quote extraction") == 1
    assert text.index("## Quote extraction") < text.index("## Limitations")


def test_evaluate_cli_writes_json(tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from stance.cli import main

    out = tmp_path / "eval.json"
    assert main(["evaluate", str(tiny_model_dir), "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "macro-F1" in text and "by quote kind" in text and "targets of the issue" in text
    assert json.loads(out.read_text())["systems"]["fine-tuned"]["metrics"]["n"] > 0
    assert main(["evaluate", str(tmp_path / "nothing-here"), "--quiet"]) == 2
    assert "no stance model" in capsys.readouterr().err


def test_evaluate_metric_wrapper_agrees() -> None:
    from stance.evaluation.hf_metric import StanceMetric

    y = [[1, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    p = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]]
    out = StanceMetric().compute(predictions=p, references=y)
    ref = compute_metrics(np.array(y), np.array(p))
    assert out["macro_f1"] == pytest.approx(ref.macro_f1) and out["pro-ceasefire/recall"] == 0.5
    assert "ece" not in out


def test_extra_slice_is_scored_by_every_system(tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A second gold file (here: three invented articles) is scored with the already fitted systems."""
    from stance.cli import main

    recs = []
    for i, (quote, labels, target) in enumerate([("We call for an immediate truce.", ["pro-ceasefire"], None),
                                                 ("Aid must reach the children.", ["humanitarian"], None),
                                                 ("We stand with Israel.", ["support-for-party"], "israel")]):
        text = f"The minister said: {quote} Talks go on."
        start = text.index(quote)
        recs.append({"id": f"slice-{i}", "text": text, "quotes": [{
            "start": start, "end": start + len(quote), "text": quote, "kind": "direct", "speaker": "The minister",
            "aliases": ["The minister"], "affiliation": ["XYZ"], "labels": labels, "target": target, "optional": False}]})
    gold = tmp_path / "slice.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    out = tmp_path / "eval.json"
    assert main(["evaluate", str(tiny_model_dir), "--baselines", "keywords,tfidf-logreg", "--quiet", "--slice", f"real={gold}", "--out", str(out)]) in (0,)
    rep = json.loads(out.read_text())
    sl = rep["slices"]["real"]
    assert sl["n_quotes"] == 3 and set(sl["systems"]) >= {"fine-tuned", "keywords", "tfidf-logreg"}
    assert "slice real" in capsys.readouterr().out
    assert main(["evaluate", str(tiny_model_dir), "--quiet", "--slice", "real"]) == 2


def test_annotator_reference_scores_the_second_pass(tmp_path: Path) -> None:
    from stance.evaluation.report import annotator_reference

    text = "He said: We want a truce. Then: Send food."
    q1, q2 = "We want a truce.", "Send food."
    rec = {"id": "a1", "text": text, "quotes": [
        {"start": text.index(q1), "end": text.index(q1) + len(q1), "text": q1, "kind": "direct", "speaker": "He",
         "aliases": ["He"], "affiliation": ["XYZ"], "labels": ["pro-ceasefire"], "target": None, "optional": False},
        {"start": text.index(q2), "end": text.index(q2) + len(q2), "text": q2, "kind": "direct", "speaker": "He",
         "aliases": ["He"], "affiliation": ["XYZ"], "labels": ["humanitarian"], "target": None, "optional": False}]}
    (tmp_path / "gold").mkdir()
    (tmp_path / "agreement").mkdir()
    gold = tmp_path / "gold" / "corpus.jsonl"
    gold.write_text(json.dumps(rec) + "\n")
    assert annotator_reference(gold) is None
    (tmp_path / "agreement" / "second_pass.jsonl").write_text(
        json.dumps({"id": "a1:0", "labels": ["pro-ceasefire"], "target": None}) + "\n"
        + json.dumps({"id": "a1:1", "labels": [], "target": None}) + "\n")
    ref = annotator_reference(gold)
    assert ref["n_quotes"] == 2 and ref["exact_match"] == 0.5 and ref["per_label_f1"]["pro-ceasefire"] == 1.0
