"""Training quotes that nearly repeat an evaluation quote are left out (stance.data.decontam)."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from stance.data.decontam import near_duplicates, words

HELD = [
    "The ministry said the crossing would reopen on Tuesday for fuel and medicine.",
    "We will not stop until every hostage is home",
    "Stop the war",
]


def test_reordered_and_lightly_edited_repeats_are_found() -> None:
    train = [
        "the crossing would reopen on Tuesday for fuel and medicine, the ministry said",  # reordered
        "We will not stop until every last hostage is home.",  # one word added, punctuation differs
        "The talks in Doha will resume next week with both delegations present.",  # unrelated
        "Stop the war!",  # a short slogan, exactly the same words
        "Stop the war now",  # short, not the same words
    ]
    assert near_duplicates(train, HELD) == [0, 1, 3]


def test_threshold_decides_and_is_checked() -> None:
    train = ["the crossing would reopen on Tuesday for fuel", "aid lorries queued at the crossing on Tuesday"]
    assert near_duplicates(train, HELD, threshold=0.5) == [0]
    assert near_duplicates(train, HELD, threshold=0.95) == []
    with pytest.raises(ValueError, match="threshold"):
        near_duplicates(train, HELD, threshold=0)


def test_words_ignore_case_and_punctuation() -> None:
    assert words("“Stop—the WAR,” they said.") == {"stop", "the", "war", "they", "said"}
    assert near_duplicates(["", "   "], HELD) == []


def test_training_leaves_out_repeats_of_dev_and_held_out(tiny_config, tmp_path: Path) -> None:
    from stance.data.gold import read_gold_jsonl
    from stance.training.train import load_splits

    base = load_splits(dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, decontaminate=None)))
    assert base["repeats"] == []
    dev_quote = base["dev"][0].quote
    # an extra training article that repeats a dev quote, and one whose quote a held-out file repeats
    rec = read_gold_jsonl(tiny_config.data.gold)[0]
    text = f"The envoy said {dev_quote}. Another official said the convoy of forty lorries left the depot at dawn."
    a, b = text.index(dev_quote), text.index("the convoy")
    q = {"kind": "indirect", "speaker": "An envoy", "affiliation": ["UN"], "labels": [], "target": None}
    extra = dict(rec, id="x-1", text=text, quotes=[dict(q, start=a, end=a + len(dev_quote), text=dev_quote),
                                                   dict(q, start=b, end=len(text) - 1, text=text[b:-1])])
    htext = "Lorries: the convoy of forty lorries left the depot at dawn, he said."
    held = dict(rec, id="h-1", text=htext, quotes=[dict(q, start=9, end=58, text=htext[9:58])])
    ep, hp = tmp_path / "extra.jsonl", tmp_path / "held.jsonl"
    ep.write_text(json.dumps(extra) + "\n", encoding="utf-8")
    hp.write_text(json.dumps(held) + "\n", encoding="utf-8")
    data = dataclasses.replace(tiny_config.data, extra_train=str(ep), decontaminate=0.5, held_out=str(hp))
    got = load_splits(dataclasses.replace(tiny_config, data=data))
    left_out = {e.quote for e in got["repeats"]}
    assert dev_quote in left_out and any(x.startswith("the convoy") for x in left_out)
    assert all(e.quote not in left_out for e in got["train"])
    assert got["dev"] == base["dev"] and got["test"] == base["test"]
