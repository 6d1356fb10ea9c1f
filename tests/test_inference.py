"""`stance.predict` and `stance.analyze` on the real tiny model (its predictions mean nothing; the
contracts do: shapes, thresholds, targets, speakers, order, immutability, errors).

Sentences are invented for these tests.
"""
from __future__ import annotations

import numpy as np
import pytest

import stance
from stance.data.context import quote_context
from stance.inference.api import context_chars, get_model
from stance.labels import LABELS
from stance.types import Prediction, Quote

SAID = "“We call on all sides to agree an immediate ceasefire,” Zhai said."
ARTICLE = (
    "Envoy presses for truce\n\n“We call on all sides to agree an immediate ceasefire,” the special envoy, Zhai Jun, "
    "told reporters in Cairo on Monday. He said food and medicine must reach the families in the north. "
    "The talks will continue next week, according to the foreign ministry."
)
OTHER = "“Our doors remain open for dialogue,” Foreign Minister Anna Berg said. She added that aid must flow."


def _consistent(labels: tuple[str, ...], scores: dict[str, float], target: str | None, model) -> None:
    assert isinstance(labels, tuple) and list(scores) == list(LABELS)
    assert all(0.0 <= p <= 1.0 for p in scores.values())
    th = dict(zip(model.labels, model.thresholds))
    assert labels == tuple(l for l in LABELS if scores[l] >= th[l])
    assert (target is not None) == ("support-for-party" in labels)
    if target is not None:
        assert target in model.targets


def test_predict_single_and_batch(tiny_model) -> None:
    one = stance.predict("Aid must reach the hospitals now.", tiny_model)
    assert isinstance(one, Prediction) and one.text == "Aid must reach the hospitals now."
    _consistent(one.labels, one.scores, one.target, tiny_model)
    assert list(one.target_scores) == list(tiny_model.targets)
    assert sum(one.target_scores.values()) == pytest.approx(1.0)
    texts = ["Talks will resume in Doha.", "Aid must reach the hospitals now.", "The meeting starts at ten."]
    many = stance.predict(texts, model=tiny_model, batch_size=2)
    assert [p.text for p in many] == texts
    assert many[1].scores == pytest.approx(one.scores, abs=1e-8)  # same input, another batch
    assert stance.predict(tuple(texts), model=tiny_model)[0].labels == many[0].labels


def test_threshold_overrides_the_tuned_ones(tiny_model) -> None:
    every = stance.predict("Aid must reach the hospitals now.", tiny_model, threshold=0.0)
    assert every.labels == LABELS and every.target == max(every.target_scores, key=every.target_scores.get)
    assert stance.predict("Aid must reach the hospitals now.", tiny_model, threshold=1.0).labels == ()
    for bad in (1.5, -0.1, "0.5", True):
        with pytest.raises(ValueError, match="threshold"):
            stance.predict("x", tiny_model, threshold=bad)


def test_named_speaker_fills_attribution_and_classifies_the_span(tiny_model) -> None:
    p = stance.predict(SAID, tiny_model)
    assert p.speaker == "Zhai" and p.actor == "Zhai Jun" and p.affiliation == "CHN"
    (q,) = stance.extract_quotes(SAID)
    lp, _ = tiny_model.predict_proba([q.text], [quote_context(SAID, q.start, q.end, context_chars(tiny_model))], [q.speaker])
    assert [p.scores[l] for l in LABELS] == pytest.approx(lp[0].tolist(), abs=1e-8)
    whole, _ = tiny_model.predict_proba([SAID], [SAID], [None])
    # The span, not the sentence, was classified (the tiny model's outputs differ little, but they differ).
    assert np.abs(lp[0] - whole[0]).max() > 1e-8
    bare = stance.predict("Aid must reach the hospitals now.", tiny_model)
    assert bare.speaker is None and bare.actor is None and bare.affiliation is None


def test_bad_and_empty_input(tiny_model) -> None:
    assert stance.predict([], tiny_model) == []
    empty = stance.predict("", tiny_model)
    assert empty.labels == () and empty.target is None and set(empty.scores.values()) == {0.0}
    mixed = stance.predict(["", "Aid must flow."], tiny_model)
    assert mixed[0].labels == () and mixed[1].scores != mixed[0].scores
    for bad, what in ((42, "int"), (b"bytes", "bytes"), (None, "NoneType"), ({"text": "x"}, "dict")):
        with pytest.raises(TypeError, match=f"str or a list of str, got {what}"):
            stance.predict(bad, tiny_model)
    with pytest.raises(TypeError, match="item 1 is int"):
        stance.predict(["fine", 3], tiny_model)
    with pytest.raises(TypeError, match="analyze"):
        stance.analyze(7, tiny_model)
    with pytest.raises(TypeError, match="StanceModel"):
        stance.predict("x", model=object())


def test_analyze_fills_quotes_with_training_context(tiny_model) -> None:
    before = stance.extract_quotes(ARTICLE)
    quotes = stance.analyze(ARTICLE, tiny_model)
    assert len(quotes) == len(before) >= 2
    for q, raw in zip(quotes, before):
        assert isinstance(q, Quote) and q is not raw
        assert (q.start, q.end, q.text, q.speaker, q.kind) == (raw.start, raw.end, raw.text, raw.speaker, raw.kind)
        assert ARTICLE[q.start:q.end] == q.text
        _consistent(q.labels, q.scores, q.target, tiny_model)
        assert raw.labels == () and raw.scores == {}  # the caller's quotes are untouched
    lp, _ = tiny_model.predict_proba([q.text for q in before],
                                     [quote_context(ARTICLE, q.start, q.end, context_chars(tiny_model)) for q in before],
                                     [q.speaker for q in before])
    assert np.allclose([[q.scores[l] for l in LABELS] for q in quotes], lp, rtol=0, atol=1e-8)


def test_analyze_batches_across_articles(tiny_model) -> None:
    batch = stance.analyze([ARTICLE, "No one said anything today.", OTHER], tiny_model)
    assert len(batch) == 3 and batch[1] == []
    for got, alone in ((batch[0], stance.analyze(ARTICLE, tiny_model)), (batch[2], stance.analyze(OTHER, tiny_model))):
        assert [q.text for q in got] == [q.text for q in alone]
        for a, b in zip(got, alone):
            assert a.scores == pytest.approx(b.scores, abs=1e-8)
    assert stance.analyze([], tiny_model) == []


def test_model_methods_and_default_model_loaded_once(tiny_default_home, tiny_model) -> None:
    assert tiny_model(SAID).scores == tiny_model.predict(SAID).scores == stance.predict(SAID, tiny_model).scores
    assert [q.text for q in tiny_model.analyze(ARTICLE)] == [q.text for q in stance.analyze(ARTICLE, tiny_model)]
    first = get_model()
    assert get_model() is first and get_model(str(tiny_default_home / "models" / "default")) is first
    p = stance.predict(SAID)  # no model: the default one
    assert p.scores == pytest.approx(stance.predict(SAID, tiny_model).scores, abs=1e-8)
