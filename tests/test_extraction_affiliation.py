"""Speakers and affiliations on news-style constructions (sentences written for these tests).

GUIDELINES §3-4: a speaker resolves to the most specific name the article gives; the affiliation
is whom they speak for, and with nothing else to go by, the country they speak from.
"""
from __future__ import annotations

import pytest
from test_extraction_constructions import only

from stance.extraction import extract_quotes


@pytest.mark.parametrize("text,frag,speaker,code", [
    pytest.param("About 300 people marched through Leeds on Saturday to demand a ceasefire in Gaza. "
                 "The march ended outside the town hall, one of several held across Yorkshire and in Manchester. "
                 "“We will be back every week until the bombing stops,” said Tom Baxter, who organised it.",
                 "back every week", "Tom Baxter", "GBR", id="resident-speaks-from-the-country-the-story-is-set-in"),
    pytest.param("Israel said its troops had widened the operation, and Israeli officials said more strikes would follow. "
                 "Omar Haddad, who fled to Rafah in December, said the tents were flooded and there was no bread.",
                 "the tents were flooded", "Omar Haddad", "PSE", id="person-introduced-in-a-gaza-town-speaks-for-pse"),
    pytest.param("The Israel Defense Forces said it had struck 40 targets overnight.", "40 targets",
                 "Israel Defense Forces", "ISR", id="known-body-with-a-place-in-its-name-is-not-split"),
    pytest.param("Lord David Cameron arrived in Kyiv on Thursday. "
                 "The foreign secretary said British support would continue for as long as it took.",
                 "British support would continue", "David Cameron", "GBR", id="description-resolved-by-the-registry-role"),
    pytest.param("Germany's foreign minister says only talks can end the war. "
                 "“There is no other way out of this,” Annalena Baerbock told reporters in Brussels.",
                 "only talks can end the war", "Annalena Baerbock", "DEU", id="official-named-in-the-next-sentence"),
    # a generic head ('the group', 'the agency', 'the university') names the body named before
    ("Hamas rejected the latest draft on Monday. The group said it would not give up its weapons.",
     "give up its weapons", "Hamas", "HAMAS"),
    ("In a statement, the World Food Programme described the queues at the crossing. "
     "The agency said it had not been able to deliver flour for a week.", "deliver flour", "World Food Programme", "WFP"),
    ("Students set up tents outside Oxford University on Monday. "
     "The university said talks with the students would go on.", "talks with the students", "Oxford University", "GBR"),
])
def test_speaker_and_affiliation(text: str, frag: str, speaker: str, code: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.speaker == speaker and q.affiliation == code, q


def test_acronym_speaker_takes_the_name_the_article_spells_out() -> None:
    text = ("The World Food Programme (WFP) said its convoy had waited for nine hours. "
            "WFP said it needed a second crossing to reach the north.")
    qs = extract_quotes(text)
    for frag in ("its convoy had waited", "a second crossing"):
        q = only(qs, frag)
        assert q.speaker == "World Food Programme" and q.affiliation == "WFP", q


@pytest.mark.parametrize("text,frag,code", [
    # the owner named at the start of a description
    ("Israel struck targets overnight. Biden administration officials said there would be no American support for a reply.",
     "no American support", "USA"),
    ("Israel rejected the figures. A UN-backed assessment said last month that famine was imminent in the north.",
     "famine was imminent", "UN"),
    ("Israel said it hit a command post. At least 14 people were killed, the Hamas-run government media office said.",
     "14 people were killed", "HAMAS"),
    pytest.param("Maersk said its ships would keep avoiding the Red Sea for now.", "avoiding the Red Sea", "DNK",
                 id="registry-company-speaks-for-its-country"),
])
def test_affiliation(text: str, frag: str, code: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.affiliation == code, q


@pytest.mark.parametrize("text,frag,speaker", [
    pytest.param("Dana Levi met Mark Brand in London last week. Mr Brand told reporters the talks had stalled. "
                 "“We wait for news every single day,” she said.", "We wait for news", "Dana Levi",
                 id="she-is-not-resolved-to-a-man-called-mr"),
    pytest.param("Sara Malik has slept in the camp since Monday. BBC News spoke to students there on Wednesday. "
                 "“We will stay until the university listens,” she said.", "We will stay", "Sara Malik",
                 id="outlet-is-not-the-person-a-pronoun-refers-to"),
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
    pytest.param("The Red Cross had asked for access since May. A Red Cross spokesperson said the convoy was "
                 "waiting at the border. The teams would try again at dawn, they added.", "try again at dawn",
                 "Red Cross spokesperson", id="singular-they-is-the-spokesperson-just-quoted"),
    pytest.param("Los Angeles Mayor Carla Mendes opened the new clinic on Monday. "
                 "The mayor said the city would hire forty more nurses by spring.", "forty more nurses",
                 "Carla Mendes", id="title-after-a-place-of-several-words"),
])
def test_speaker_resolved_to_the_name(text: str, frag: str, speaker: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.speaker == speaker, q


@pytest.mark.parametrize("text,frag,not_speaker", [
    pytest.param("Arab League Secretary-General Omar Farid flew to Cairo on Sunday. Talks resumed on Monday, "
                 "and the OIC's secretary-general said the bloc backed the plan.", "bloc backed the plan",
                 "Omar Farid", id="another-body's-secretary-general"),
    pytest.param("The council met on Friday. Israel's ambassador in Geneva said the text was one-sided. "
                 "The Palestinian envoy, Rami Nasser, welcomed the vote.", "text was one-sided", "Rami Nasser",
                 id="named-next-from-another-country"),
])
def test_description_not_resolved_to_someone_else(text: str, frag: str, not_speaker: str) -> None:
    q = only(extract_quotes(text), frag)
    assert q.speaker != not_speaker, q
