"""Constructions added after the PolNeAR train error analysis, each on invented sentences: long
appositions and relative clauses between subject and cue, coordinated cues, 'according to' any
source, title-case headlines, asides before a quote, and cue words used as nouns."""
from __future__ import annotations

import pytest

from stance.extraction import extract_quotes
from stance.types import Quote


def only(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, f"expected one quote containing {fragment!r}, got {[q.text for q in quotes]}"
    return hits[0]


def offsets_ok(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text, speaker", [
    ("Peter Lang, 61, said he had been willing to wait for the new budget.", "Peter Lang"),
    ("Anna Roy, the director of Open Ledger, a watchdog that has sued the city, said that the damage is done.",
     "Anna Roy"),
    ("Sen. Mark Hale (D-Ore.), said after a lunch that he had not read the plan.", "Mark Hale"),
    ("Several donors — including bankers, lawyers and doctors — said the plan was dead.", "Several donors"),
    ("Residents who live near the plant said the smell was getting worse.", "Residents"),
    ("Supporters of the bill, on the other hand, argued that it would save money.", "Supporters"),
    ("The state's treasurer, Maria Olsen, a Democrat, said Tuesday that she had voted for the measure.",
     "Maria Olsen"),
])
def test_subject_past_a_long_modifier(text: str, speaker: str) -> None:
    qs = extract_quotes(text)
    offsets_ok(text, qs)
    assert len(qs) == 1, [q.text for q in qs]
    assert qs[0].speaker == speaker
    assert qs[0].kind == "indirect"


def test_apposition_keeps_the_title_for_affiliation() -> None:
    text = "Omar Haddad, Jordan's ambassador to the UN, a veteran of several missions, said the talks had failed."
    q = only(extract_quotes(text), "the talks had failed")
    assert q.speaker == "Omar Haddad"
    assert q.affiliation == "JOR"


def test_phrase_grammar_still_wins_at_clause_start() -> None:
    text = "The US special envoy for Sudan, Tom Perriello, said the talks would resume."
    q = only(extract_quotes(text), "the talks would resume")
    assert q.speaker == "Tom Perriello"


def test_two_cues_sharing_a_subject_keep_both_contents() -> None:
    text = "Morgan said the board had started calling its members, but said the final vote was still weeks away."
    qs = extract_quotes(text)
    offsets_ok(text, qs)
    a = only(qs, "the board had started calling its members")
    b = only(qs, "the final vote was still weeks away")
    assert a is not b and a.end <= b.start
    assert a.speaker == b.speaker == "Morgan"
    assert "final vote" not in a.text


def test_object_verb_followed_by_that_keeps_the_determiner() -> None:
    text = "Morgan warned that the final vote was still weeks away."
    q = only(extract_quotes(text), "final vote")
    assert q.text.startswith("the final vote")


def test_but_that_continues_the_same_statement() -> None:
    text = "Ellis said that the union had backed the deal, but that many members were still unhappy."
    q = only(extract_quotes(text), "the union had backed the deal")
    assert q.text.endswith("many members were still unhappy")
    text2 = "Ellis said she had received several offers, but her rival disputed that."
    q2 = only(extract_quotes(text2), "several offers")
    assert "rival" not in q2.text


@pytest.mark.parametrize("text, source, content", [
    ("The mayor won the runoff by nine points, according to early returns.", "early returns",
     "The mayor won the runoff by nine points"),
    ("According to recent data from the census bureau, the town shrank by a third.",
     "recent data from the census bureau", "the town shrank by a third"),
])
def test_according_to_any_named_source(text: str, source: str, content: str) -> None:
    qs = extract_quotes(text)
    offsets_ok(text, qs)
    q = only(qs, content)
    assert q.text == content
    assert q.speaker == source
    assert q.kind == "according-to"


def test_according_to_plan_names_nobody() -> None:
    assert extract_quotes("The launch went ahead according to plan.") == []


@pytest.mark.parametrize("text, speaker, content", [
    ("Mayor Says Bridge Will Reopen By June As Repairs Drag On", "Mayor", "Bridge Will Reopen By June"),
    ("Senate Leader Warns Budget Talks Could Collapse", "Senate Leader", "Budget Talks Could Collapse"),
    ("Opposition Leader Vows To Fight On", "Opposition Leader", "To Fight On"),
])
def test_title_case_headline_with_a_cue(text: str, speaker: str, content: str) -> None:
    qs = extract_quotes(text)
    assert len(qs) == 1
    assert qs[0].kind == "headline"
    assert qs[0].text == content
    assert qs[0].speaker == speaker


@pytest.mark.parametrize("text", [
    "Lakers Beat Celtics In Overtime Thriller",
    "Senator Responds To Question About Wages With A Joke",
    "Comedian Makes Wife Joke At Charity Dinner",
])
def test_title_case_lines_without_a_statement(text: str) -> None:
    assert extract_quotes(text) == []


def test_right_attribution_past_a_long_apposition() -> None:
    text = "“We have waited long enough,” Ann Roy, 55, a retired teacher from the valley, said on Monday."
    q = only(extract_quotes(text), "We have waited long enough")
    assert q.kind == "direct"
    assert q.speaker == "Ann Roy"


def test_aside_between_cue_and_quote() -> None:
    text = "When the crowd booed, Kemp joked, again putting on a heavy accent, “Well, that went well!”"
    q = only(extract_quotes(text), "that went well")
    assert q.speaker == "Kemp"
    assert q.kind == "direct"


@pytest.mark.parametrize("text", [
    "It was his real voice that carried the day, and he knew it.",
    "The ministry made a fresh appeal for calm on Monday.",
])
def test_cue_word_used_as_a_noun(text: str) -> None:
    assert extract_quotes(text) == []


def test_cue_word_as_verb_after_a_speaker_noun() -> None:
    text = "The senior official reports that the talks have stalled."
    q = only(extract_quotes(text), "the talks have stalled")
    assert q.speaker == "senior official"
