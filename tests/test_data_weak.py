"""Labelling functions, silver labels and their statistics (all on the project's own sentences)."""
from __future__ import annotations

import json

import pytest

from stance.data.weak import (LABELING_FUNCTIONS, LabelingFunction, apply_lfs, build_silver, gold_eval,
                              label_stats, lf_stats, speaker_side, weak_labels)
from stance.labels import LABELS

C, H, M, S = LABELS

CASES = [  # (quote, affiliation, expected silver labels, expected target)
    ("We call for an immediate ceasefire and for fuel to be allowed into the enclave", "EGY", {C, H}, None),
    ("There will be no ceasefire until our goals are achieved", "ISR", {S}, "israel"),
    ("We want humanitarian pauses, not a ceasefire", "USA", {H}, None),
    ("Qatar will keep its channels open and continue to mediate between the parties", "QAT", {M}, None),
    ("We stand with the Palestinian people and their legitimate rights", "TUR", {S}, "palestine"),
    ("Hamas terrorists must release every hostage", "DEU", {S, H}, "israel"),
    ("We condemn the killing of civilians on both sides", "FRA", {H}, None),
    ("The committee will meet again on Thursday at ten", "UN", set(), None),
    ("Ukraine's sovereignty and territorial integrity are not up for debate", "POL", {S}, "ukraine"),
]


@pytest.mark.parametrize("quote, aff, labels, target", CASES)
def test_rules_on_own_sentences(quote, aff, labels, target):
    votes, targets = apply_lfs([quote], [quote], affiliations=[aff])
    (got, tgt), = weak_labels(votes, targets)
    assert set(got) == labels and tgt == target


def test_label_needs_more_positive_than_negative_votes_and_min_votes():
    lfs = (LabelingFunction("a", C, 1, r"truce"), LabelingFunction("b", C, 1, r"calm"),
           LabelingFunction("c", C, -1, r"\bno truce"))
    votes, targets = apply_lfs(["a truce and calm", "no truce", "no truce but calm", "truce"], lfs=lfs)
    assert votes.tolist() == [[1, 1, 0], [1, 0, -1], [1, 1, -1], [1, 0, 0]]
    assert [l for l, _ in weak_labels(votes, targets, lfs)] == [[C], [], [C], [C]]
    assert [l for l, _ in weak_labels(votes, targets, lfs, min_votes=2)] == [[C], [], [C], []]


def test_support_without_a_target_is_dropped():
    lfs = (LabelingFunction("own", S, 1, r"defend ourselves", target="speaker"),)
    votes, targets = apply_lfs(["we will defend ourselves"] * 2, lfs=lfs, affiliations=["ISR", "CHN"])
    assert votes[:, 0].tolist() == [1, 0]  # no side for a CHN speaker: the rule abstains
    assert weak_labels(votes, targets, lfs) == [([S], "israel"), ([], None)]
    assert speaker_side("CHN;RUS") == "russia" and speaker_side(["UKR", "RUS"]) is None


def test_lf_stats_add_up():
    quotes = [q for q, *_ in CASES] * 2
    votes, targets = apply_lfs(quotes, quotes, affiliations=[a for _, a, *_ in CASES] * 2)
    gold = [(sorted(l), t) for _, _, l, t in CASES] * 2
    stats = lf_stats(votes, targets, gold=gold)
    assert [s.name for s in stats] == [lf.name for lf in LABELING_FUNCTIONS]
    for j, s in enumerate(stats):
        assert s.n == len(quotes) and s.fired == int((votes[:, j] != 0).sum())
        assert s.coverage == pytest.approx(s.fired / s.n)
        assert 0 <= s.conflicts <= s.overlaps <= s.fired and 0 <= s.correct <= s.fired
    silver = weak_labels(votes, targets)
    ls = label_stats(silver, votes)
    assert sum(1 for labs, _ in silver if labs) + ls["none"]["silver"] == len(quotes)
    for lab in LABELS:
        cols = [j for j, lf in enumerate(LABELING_FUNCTIONS) if lf.label == lab]
        assert ls[lab]["silver"] <= ls[lab]["covered"] == int((votes[:, cols] != 0).any(axis=1).sum())
    ev = gold_eval(silver, gold)
    assert all(ev[l]["precision"] == 1.0 and ev[l]["recall"] == 1.0 for l in LABELS)


def test_rules_beat_chance_on_the_gold_train_split(gold_path):
    """What silver is worth: measured on gold train only (never test, never BBC holdout)."""
    from stance.data.gold import load_gold

    tr = load_gold(gold_path)["train"]
    votes, targets = apply_lfs(tr["quote"], tr["context"], affiliations=tr["affiliation"])
    silver = weak_labels(votes, targets)
    ev = gold_eval(silver, list(zip(tr["label_names"], tr["target"])))
    for lab in LABELS:
        base = ev[lab]["support"] / len(tr)
        assert ev[lab]["precision"] > max(0.5, 1.5 * base), (lab, ev[lab])


def test_build_silver_refuses_holdout(tmp_path):
    d = tmp_path / "bbc"
    d.mkdir()
    (d / "holdout_x.jsonl").write_text('{"id": "1", "text": "x"}\n')
    with pytest.raises(ValueError, match="holdout"):
        build_silver(d)
    with pytest.raises(ValueError, match="holdout"):
        build_silver([d / "holdout_x.jsonl"])


def test_build_silver_end_to_end(tmp_path):
    try:
        from stance.extraction import extract_quotes  # noqa: F401
    except ImportError:
        pytest.skip("stance.extraction.extract_quotes is not available yet")
    text = ("Envoy presses for truce\n\n"
            "“We need an immediate ceasefire so that food and medicine can reach the children of the north,” "
            "the envoy, Sara Holm, told reporters in Oslo on Monday. The committee will meet again on Friday, she said.")
    p = tmp_path / "raw.jsonl"
    p.write_text(json.dumps({"id": "r1", "text": text}) + "\n{broken\n")
    ds, rep = build_silver(p, skip_invalid=True)
    assert rep.raw.invalid == 1 and rep.raw.kept == 1 and len(ds) == rep.kept == rep.raw.quotes
    assert sum(rep.labels[l]["silver"] for l in ("none",)) + sum(1 for r in ds if r["label_names"]) == len(ds)
    for r in ds:
        assert len(r["labels"]) == 4 and [l for l, v in zip(LABELS, r["labels"]) if v] == r["label_names"]
        assert (r["target"] is not None) == (S in r["label_names"])
    assert any(C in r["label_names"] for r in ds)
    assert "fired" in rep.format() and json.dumps(rep.to_dict())
