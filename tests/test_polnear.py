"""PolNeAR brat loader: synthetic standoff always, the real corpus when ../shared is present."""
from __future__ import annotations

from pathlib import Path

import pytest

from stance.data.polnear import Attribution, default_root, is_speech, load_polnear, parse_ann, polnear_dataset, speech_gold

TEXT = "The envoy said the talks would resume. Polls show voters are tired.\nShe added: \"We are close.\""


def _sp(s: str, after: int = 0) -> str:
    i = TEXT.index(s, after)
    return f"{i} {i + len(s)}"


_Q = TEXT.index('"We')
ANN = "\n".join([
    f"T1\tSource {_sp('The envoy')}\tThe envoy",
    f"T2\tCue {_sp('said')}\tsaid",
    f"T3\tContent {_sp('the talks would resume')}\tthe talks would resume",
    f"T4\tAttribution {_sp('said')}\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    f"T5\tSource {_sp('Polls')}\tPolls",
    f"T6\tCue {_sp('show')}\tshow",
    f"T7\tContent {_sp('voters are tired')}\tvoters are tired",
    f"T8\tAttribution {_sp('show')}\tshow",
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    f"T9\tSource {_sp('She')}\tShe",
    f"T10\tCue {_sp('added:')}\tadded:",
    f"T11\tContent {_Q} {_Q + 7};{_Q + 7} {len(TEXT)}\t\"We are close.\"",
    "multi-line entity text continues here",
    "#1\tAnnotatorNotes T11\ta note",
    f"T12\tAttribution {_sp('added:')}\tadded:",
    "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9",
    "T13\tCue 0 3\tThe",
    "E4\tAttribution-no-source:T13 Cue:T13",
])


def test_parse_ann_relations_spans_and_speech_selection() -> None:
    attrs = parse_ann(ANN, TEXT, "synthetic.ann")
    assert len(attrs) == 4
    envoy, polls, she = [a for a in attrs if a.content]
    assert envoy.source_text == "The envoy" and envoy.cue_text == "said"
    assert TEXT[slice(*envoy.content_span)] == "the talks would resume"
    assert she.content == ((_Q, _Q + 7), (_Q + 7, len(TEXT))) and TEXT[slice(*she.content_span)] == '"We are close."'
    assert envoy.speech and she.speech and not polls.speech  # 'show' is a finding, not speech
    assert not [a for a in attrs if not a.content][0].speech


def test_is_speech_quoted_content_counts() -> None:
    a = Attribution(((0, 5),), ((6, 10),), ((11, 12),), "“Yes”", "believes", "he", "Attribution")
    assert is_speech(a)


def _real_root() -> Path:
    root = default_root()
    if not (root / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR not found at {root} (../shared is not on this machine)")
    return root


def test_real_dev_split_loads_with_valid_offsets() -> None:
    root = _real_root()
    arts = load_polnear("dev", root)
    assert len(arts) == len({a.name for a in arts}) >= 80
    n_speech = 0
    for art in arts:
        for a in art.attributions:
            for x, y in a.content + a.cue + a.source:
                assert 0 <= x < y <= len(art.text), (art.name, x, y)
        gold = speech_gold(art)
        n_speech += len(gold)
        for g in gold:
            assert art.text[g["start"]:g["end"]] == g["text"] and g["speaker"]
    assert n_speech > 1000


def test_polnear_dataset_rows() -> None:
    root = _real_root()
    ds = polnear_dataset("dev", root)
    assert len(ds) > 1000
    assert {"article", "content", "content_start", "content_end", "source", "cue", "speech", "context"} <= set(ds.column_names)
    row = ds[0]
    assert row["content"] and row["content"] in row["context"] or row["content_start"] < row["context_start"]


def test_bad_split_is_refused() -> None:
    with pytest.raises(ValueError, match="split"):
        load_polnear("holdout")


@pytest.mark.parametrize("cue, speech", [
    ("pointed out", True), ("cautioned", True), ("reminded", True), ("voiced", True), ("decried", True),
    ("pointed to", False), ("agreed", False), ("estimated", False), ("thinks", False),
])
def test_is_speech_completed_communication_verbs(cue: str, speech: bool) -> None:
    a = Attribution(((10, 30),), ((0, 5),), ((0, 3),), "the plan will fail", cue, "Lee", "Attribution")
    assert is_speech(a) is speech
