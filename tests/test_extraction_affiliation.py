"""Speakers and affiliations on news-style constructions (sentences written for these tests).

GUIDELINES §3-4: a speaker resolves to the most specific name the article gives; the affiliation
is whom they speak for, and with nothing else to go by, the country they speak from.
"""
from __future__ import annotations

import pytest
from test_extraction_constructions import only

from stance.extraction import extract_quotes


def test_resident_speaks_from_the_country_the_story_is_set_in() -> None:
    text = ("About 300 people marched through Leeds on Saturday to demand a ceasefire in Gaza. "
            "The march ended outside the town hall, one of several held across Yorkshire and in Manchester. "
            "“We will be back every week until the bombing stops,” said Tom Baxter, who organised it.")
    q = only(extract_quotes(text), "back every week")
    assert q.speaker == "Tom Baxter" and q.affiliation == "GBR", q


def test_person_introduced_in_a_gaza_town_speaks_for_pse() -> None:
    text = ("Israel said its troops had widened the operation, and Israeli officials said more strikes would follow. "
            "Omar Haddad, who fled to Rafah in December, said the tents were flooded and there was no bread.")
    q = only(extract_quotes(text), "the tents were flooded")
    assert q.speaker == "Omar Haddad" and q.affiliation == "PSE", q


def test_acronym_speaker_takes_the_name_the_article_spells_out() -> None:
    text = ("The World Food Programme (WFP) said its convoy had waited for nine hours. "
            "WFP said it needed a second crossing to reach the north.")
    qs = extract_quotes(text)
    for frag in ("its convoy had waited", "a second crossing"):
        q = only(qs, frag)
        assert q.speaker == "World Food Programme" and q.affiliation == "WFP", q


def test_known_body_with_a_place_in_its_name_is_not_split() -> None:
    q = only(extract_quotes("The Israel Defense Forces said it had struck 40 targets overnight."), "40 targets")
    assert q.speaker == "Israel Defense Forces" and q.affiliation == "ISR", q


@pytest.mark.parametrize("text,frag,speaker,code", [
    ("Hamas rejected the latest draft on Monday. The group said it would not give up its weapons.",
     "give up its weapons", "Hamas", "HAMAS"),
    ("In a statement, the World Food Programme described the queues at the crossing. "
     "The agency said it had not been able to deliver flour for a week.", "deliver flour", "World Food Programme", "WFP"),
    ("Students set up tents outside Oxford University on Monday. "
     "The university said talks with the students would go on.", "talks with the students", "Oxford University", "GBR"),
])
def test_generic_head_names_the_body_named_before(text: str, frag: str, speaker: str, code: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.speaker == speaker and q.affiliation == code, q


def test_she_is_not_resolved_to_a_man_called_mr() -> None:
    text = ("Dana Levi met Mark Brand in London last week. "
            "Mr Brand told reporters the talks had stalled. "
            "“We wait for news every single day,” she said.")
    q = only(extract_quotes(text), "We wait for news")
    assert q.speaker == "Dana Levi", q


def test_outlet_is_not_the_person_a_pronoun_refers_to() -> None:
    text = ("Sara Malik has slept in the camp since Monday. "
            "BBC News spoke to students there on Wednesday. "
            "“We will stay until the university listens,” she said.")
    q = only(extract_quotes(text), "We will stay")
    assert q.speaker == "Sara Malik", q


def test_description_resolved_by_the_registry_role() -> None:
    text = ("Lord David Cameron arrived in Kyiv on Thursday. "
            "The foreign secretary said British support would continue for as long as it took.")
    q = only(extract_quotes(text), "British support would continue")
    assert q.speaker == "David Cameron" and q.affiliation == "GBR", q


def test_official_named_in_the_next_sentence() -> None:
    text = ("Germany's foreign minister says only talks can end the war. "
            "“There is no other way out of this,” Annalena Baerbock told reporters in Brussels.")
    q = only(extract_quotes(text), "only talks can end the war")
    assert q.speaker == "Annalena Baerbock" and q.affiliation == "DEU", q


@pytest.mark.parametrize("text,frag,code", [
    ("Israel struck targets overnight. Biden administration officials said there would be no American support for a reply.",
     "no American support", "USA"),
    ("Israel rejected the figures. A UN-backed assessment said last month that famine was imminent in the north.",
     "famine was imminent", "UN"),
    ("Israel said it hit a command post. At least 14 people were killed, the Hamas-run government media office said.",
     "14 people were killed", "HAMAS"),
])
def test_owner_named_at_the_start_of_a_description(text: str, frag: str, code: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.affiliation == code, q


def test_registry_company_speaks_for_its_country() -> None:
    q = only(extract_quotes("Maersk said its ships would keep avoiding the Red Sea for now."), "avoiding the Red Sea")
    assert q.affiliation == "DNK", q



@pytest.mark.parametrize("text,frag,speaker", [
    # a description that ends in a place, then the name between commas
    ("Aid convoys reached the north on Monday. Reflecting on the week, a farmer who now lives in the town "
     "of Jenin, Omar Haddad, told Reuters: “We have nothing left here.”", "nothing left here", "Omar Haddad"),
    # 'the humanitarian organisation': the body named before
    ("The Palestine Red Crescent Society says five people were killed. "
     "The humanitarian organisation said the forces had targeted its building.", "targeted its building",
     "Palestine Red Crescent Society"),
    # a one-word name after a lay title takes the pronoun
    ("Our reporters have just spoken to student Lena who has been at the protests. "
     "“We were only shining a light on the camp,” she says.", "shining a light", "Lena"),
    # 'the territory' is the one named before
    ("Strikes hit Gaza on Monday. About 40 people were killed in the camp overnight, "
     "according to the territory's Hamas-run health ministry.", "40 people", "Gaza's Hamas-run health ministry"),
    # an apposition left open before the verb names the person
    ("Hospitals in the north are full. Leila Haddad, the UN Development Programme's (UNDP) representative for "
     "Yemen says that the missions found the wards “in ruins”.", "missions found", "Leila Haddad"),
])
def test_speaker_resolved_to_the_name(text: str, frag: str, speaker: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.speaker == speaker, q
