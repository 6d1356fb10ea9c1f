"""Constructions added in the second PolNeAR train recall pass, each on invented sentences: party
tags and locative words between a subject and its cue, adjuncts before a 'that' clause, relative
clauses whose subject is the relative pronoun, direct quotes with 'according to' after them, a
name and a colon before a quote, quotes that complete a clause, noun-phrase objects of act verbs,
and uses of cue words that report nothing."""
from __future__ import annotations

import pytest
from test_extraction_constructions import checked, only

from stance.extraction import extract_quotes
from stance.types import Quote


def one_quote(text: str, fragment: str) -> Quote:
    """The one quote of ``text`` that holds ``fragment`` (all offsets checked)."""
    return only(checked(text), fragment)


def reported(text: str, speaker: str, content: str) -> None:
    """Exactly one quote holds ``content``, as its whole text, spoken by ``speaker``."""
    q = one_quote(text, content)
    assert q.speaker == speaker and q.text == content


@pytest.mark.parametrize("text, speaker, content", [
    ("Sen. Ada Kline, R-Ore., said the levy would be repealed by spring.", "Ada Kline",
     "the levy would be repealed by spring"),
    ("Rosa Vint, a farmer from Selma, Ala., said she could no longer sell at a loss.", "Rosa Vint",
     "she could no longer sell at a loss"),
    ("Her volunteers here said they had knocked on every door in the county.", "Her volunteers",
     "they had knocked on every door in the county"),
    ("Rep. Omar Tull, D-Minn., appearing on a morning show after the vote, said the bill was dead.", "Omar Tull",
     "the bill was dead"),
    ("Paul Brandt, a creative writing teacher, said he would march again next year.", "Paul Brandt",
     "he would march again next year"),
])
def test_subject_past_tags_and_locatives(text: str, speaker: str, content: str) -> None:
    reported(text, speaker, content)


def test_quote_speaker_past_a_party_tag() -> None:
    text = ('"We have said this for a year, so let me be plain," Senate leader Ruth Ames, R-Ky., said. '
            '"Nobody in this chamber will vote for it."')
    qs = checked(text)
    assert [q.speaker for q in qs] == ["Ruth Ames", "Ruth Ames"]
    assert [q.kind for q in qs] == ["direct", "continuation"]


@pytest.mark.parametrize("text, content", [
    ("The mayor said in the third of a series of posts that the bridge would stay closed.",
     "the bridge would stay closed"),
    ("Lind testified, for example, that she had never seen the contract.", "she had never seen the contract"),
    ("Farmers say by 61%-30% that the subsidy should be kept.", "the subsidy should be kept"),
])
def test_that_clause_after_an_adjunct(text: str, content: str) -> None:
    qs = checked(text)
    assert only(qs, content).text == content


def test_adjunct_search_stops_at_a_verb() -> None:
    # 'What I would say is that ...': the clause after 'is' is not reached across a verb
    text = "What I would say is that we keep talking to everyone."
    assert [q.text for q in extract_quotes(text)] == []


@pytest.mark.parametrize("text, speaker, content", [
    ("The council passed the rule, which critics said was unfair to small shops.", "critics",
     "was unfair to small shops"),
    ("They pointed to Dray, a trader who prosecutors say is tied to the cartel.", "prosecutors",
     "is tied to the cartel"),
])
def test_relative_pronoun_as_subject_of_the_report(text: str, speaker: str, content: str) -> None:
    reported(text, speaker, content)


def test_direct_quote_with_according_to_after_it() -> None:
    text = "“The audit found gaps in every ledger,” according to the watchdog."
    qs = checked(text)
    assert len(qs) == 1 and qs[0].speaker == "watchdog"
    assert qs[0].text.startswith("The audit found gaps")


def test_name_and_colon_before_a_quote() -> None:
    text = ("The result does not surprise the pollster Dana Wirth: “Late deciders always break for the "
            "challenger.” Wirth has run the poll since 2004.")
    q = one_quote(text, "Late deciders")
    assert q.speaker == "Dana Wirth" and q.kind == "direct"


def test_colon_after_an_addressee_is_not_the_speaker() -> None:
    text = 'He wrote to Mr. Pell: "The deal is off."'
    qs = extract_quotes(text)
    assert all(q.speaker != "Pell" for q in qs)


@pytest.mark.parametrize("text, content", [
    ('The new tariff is "a tax on every family," Borg said.', 'The new tariff is "a tax on every family,'),
    ("Teachers at the school are “very, very tired,” the union leader said.",
     "Teachers at the school are “very, very tired,"),
])
def test_quote_completing_a_clause_gives_the_whole_clause(text: str, content: str) -> None:
    qs = checked(text)
    assert len(qs) == 1
    assert qs[0].kind == "mixed" and qs[0].text == content


def test_quote_after_comma_lead_stays_direct() -> None:
    text = 'With the polls still open, "we are confident of a win," Borg said.'
    qs = extract_quotes(text)
    assert len(qs) == 1 and qs[0].kind == "direct" and qs[0].text == "we are confident of a win,"


def test_continuation_after_an_abbreviation_ends_the_sentence() -> None:
    text = ('"They will be wrong," Ian Holt, a spokesman, said in an interview in Fresno, Calif. '
            '"This goes all the way to the convention."')
    qs = checked(text)
    assert [q.kind for q in qs] == ["direct", "continuation"]
    assert qs[1].speaker == "Ian Holt"


def test_quote_after_an_adjunct_and_comma() -> None:
    text = "Mr. Vane mocked the plan, saying at one point, ''Shouting louder will fix nothing.'' The hall fell silent."
    q = one_quote(text, "Shouting louder will fix nothing.")
    assert q.speaker == "Vane"


@pytest.mark.parametrize("text, content", [
    ("Hale blasted Corbin and defended Lutz in an interview with a local paper.", "Corbin"),
    ("The minister condemned the raid during a press conference in Tunis.", "the raid"),
    ("Ruiz praised Okafor in a speech at the convention on Monday.", "Okafor"),
])
def test_act_verb_object_ends_before_setting_and_second_verb(text: str, content: str) -> None:
    qs = checked(text)
    assert [q.text for q in qs] == [content]


@pytest.mark.parametrize("text", [
    "The minister condemned the attack on the embassy in Tunis.",
    "Hale accused Corbin on Monday of hiding the report.",
    "Ruiz urged the council to meet in Tunis during the holiday.",
])
def test_act_verb_object_keeps_its_own_modifiers(text: str) -> None:
    qs = extract_quotes(text)
    assert len(qs) == 1
    assert qs[0].text.endswith(text.rstrip(".").split()[-1])


@pytest.mark.parametrize("text", [
    "Lutz leads Hale by roughly 270 pledged delegates as the season ends.",
    "The figures include pledged delegates and party leaders.",
    "Hale wrote the letter in March to the county clerk.",
    "She also wrote a children's book.",
    "Mr. Ruiz called Dana Wirth. She did not pick up.",
])
def test_cue_words_that_report_nothing(text: str) -> None:
    assert [q.text for q in extract_quotes(text)] == []


def test_letter_with_its_content_is_still_a_statement() -> None:
    text = "Hale wrote a letter to the board asking it to delay the vote."
    assert extract_quotes(text), "the letter's request is reported"


def test_called_with_a_quoted_label() -> None:
    text = "Ms. Orr attacked the regional boards, which she called “a closed shop for insiders.”"
    q = one_quote(text, "a closed shop for insiders")
    assert q.speaker == "Orr"


def test_called_as_a_name_is_not_a_quote() -> None:
    assert extract_quotes('He joined a club called "Blue Harbour" in 2010.') == []


@pytest.mark.parametrize("text, speaker", [
    ('"These are hard days for us," speechwriter Rona Veil wrote.', "Rona Veil"),
    ('"These are hard days for us," former Senate speechwriter Rona Veil said.', "Rona Veil"),
])
def test_role_without_determiner_before_the_name(text: str, speaker: str) -> None:
    qs = checked(text)
    assert len(qs) == 1 and qs[0].speaker == speaker


@pytest.mark.parametrize("text, speaker, content", [
    ("Ms. Dorn was quick to point out that the fund had never lost money.", "Dorn", "the fund had never lost money"),
    ("Rural voters were slightly more likely to say they trusted the mayor.", "Rural voters",
     "they trusted the mayor"),
    ("Several banks are taking pains to say they are not backing any candidate.", "Several banks",
     "they are not backing any candidate"),
])
def test_saying_verb_after_an_adjective_catenative(text: str, speaker: str, content: str) -> None:
    reported(text, speaker, content)


@pytest.mark.parametrize("text", ["She is expected to announce her plan on Monday.", "He was said to be furious."])
def test_to_infinitive_cues_that_are_not_statements(text: str) -> None:
    assert extract_quotes(text) == []


def test_possessive_claim_with_that_clause() -> None:
    text = "Nobody has confirmed Mr. Voss's claim that the ballots were moved overnight."
    qs = checked(text)
    assert any(q.text == "the ballots were moved overnight" and q.speaker == "Mr. Voss" for q in qs), \
        [(q.text, q.speaker) for q in qs]


def test_pronoun_claim_resolves_to_the_person() -> None:
    text = "Gina Marsh spoke in Dayton. She repeated her promise last week that the plant would stay open."
    qs = extract_quotes(text)
    q = only(qs, "the plant would stay open")
    assert q.speaker == "Gina Marsh"


def test_quoted_reason_before_a_cue_with_its_own_clause() -> None:
    text = "Citing “family reasons,” the mayor’s spokesman told reporters that she would skip the gala."
    qs = checked(text)
    assert [q.text for q in qs] == ["she would skip the gala"]
    assert "spokesman" in qs[0].speaker
