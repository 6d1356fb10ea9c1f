"""Quote extraction and speaker attribution on invented examples, one per kind of ANNOTATION.md."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stance.extraction import extract_quotes
from stance.extraction.actors import affiliation_of, data_path, places, registry
from stance.extraction.matching import match, names_speaker, with_registry_aliases
from stance.types import Quote

ROOT = Path(__file__).resolve().parents[1]


def find(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def absent(quotes: list[Quote], fragment: str) -> None:
    assert not [q for q in quotes if fragment in q.text], f"{fragment!r} should not be a quote: {quotes}"


def check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text


# -- direct quotes ---------------------------------------------------------------------------

@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“")])
def test_direct_quote_marks(open_: str, close: str) -> None:
    text = f"{open_}There must be an immediate ceasefire,{close} Shoukry told reporters in Cairo."
    qs = extract_quotes(text)
    check_offsets(text, qs)
    q = find(qs, "immediate ceasefire")
    assert q.kind == "direct"
    assert q.speaker == "Shoukry" and q.actor == "Sameh Shoukry" and q.affiliation == "EGY"
    assert q.cue == "told"
    assert "Shoukry told" not in q.text


def test_direct_attribution_before_with_colon_and_inverted_after() -> None:
    text = ("Jordanian Foreign Minister Ayman Safadi said: “Civilians are paying the price.”\n\n"
            "“We will keep pushing for a truce,” said the Qatari prime minister.")
    qs = extract_quotes(text)
    check_offsets(text, qs)
    a = find(qs, "paying the price")
    assert a.speaker == "Ayman Safadi" and a.affiliation == "JOR"
    b = find(qs, "pushing for a truce")
    assert "prime minister" in b.speaker.lower() and b.affiliation == "QAT"


def test_split_quote_both_halves_attributed() -> None:
    text = "“The situation is catastrophic,” Lazzarini said, “and it is getting worse by the hour.”"
    qs = extract_quotes(text)
    check_offsets(text, qs)
    first, second = find(qs, "catastrophic"), find(qs, "worse by the hour")
    assert first.speaker == second.speaker == "Lazzarini"
    assert first.affiliation == "UNRWA" and first.actor == "Philippe Lazzarini"


def test_multi_paragraph_quote_reopened_at_each_paragraph() -> None:
    text = ("Volker Türk, the UN human rights chief, said: “Collective punishment is a war crime.\n\n"
            "“Hostages must be released immediately and unconditionally.\n\n"
            "“Aid must be allowed in without delay.”\n\n"
            "The meeting ended without agreement.")
    qs = extract_quotes(text)
    check_offsets(text, qs)
    for frag in ("Collective punishment", "Hostages must be released", "Aid must be allowed"):
        q = find(qs, frag)
        assert q.speaker == "Volker Türk" and q.affiliation == "OHCHR", q
    assert find(qs, "Hostages must").kind == "continuation"
    absent(qs, "meeting ended")


def test_continuation_sentence_takes_previous_speaker() -> None:
    text = ("“We are ready to host talks,” Majed al-Ansari told a briefing in Doha. "
            "“Both sides know our doors are open.”\n\nOther news followed.")
    qs = extract_quotes(text)
    q = find(qs, "doors are open")
    assert q.kind == "continuation" and q.speaker == "Majed al-Ansari" and q.affiliation == "QAT"


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = ("Officials opened the so-called “humanitarian corridor” on Monday. "
            "The documentary “Life Under Siege” premiered in London.")
    qs = extract_quotes(text)
    absent(qs, "humanitarian corridor")
    absent(qs, "Life Under Siege")


def test_unattributed_full_quote_with_no_earlier_speaker_is_dropped() -> None:
    assert extract_quotes("“Nobody knows what comes next.”") == []


# -- indirect, mixed, according-to -------------------------------------------------------------

@pytest.mark.parametrize("verb", ["said", "told reporters", "stressed", "warned", "insisted", "argued",
                                  "noted", "added", "reiterated", "emphasised", "acknowledged", "claimed"])
def test_indirect_after_reporting_verbs(verb: str) -> None:
    text = f"Egyptian Foreign Minister Sameh Shoukry {verb} that the crossing would stay open for aid trucks."
    qs = extract_quotes(text)
    check_offsets(text, qs)
    q = find(qs, "crossing would stay open")
    assert q.kind == "indirect" and q.speaker == "Sameh Shoukry" and q.affiliation == "EGY"
    assert not q.text.startswith("that")


@pytest.mark.parametrize("sentence, fragment, cue", [
    ("Guterres urged all parties to respect international humanitarian law.", "respect international humanitarian law", "urged"),
    ("Josep Borrell called for a humanitarian pause to let aid into Gaza.", "humanitarian pause", "called for"),
    ("The Arab League denounced the strikes on refugee camps.", "strikes on refugee camps", "denounced"),
    ("Both Beijing and Moscow favoured an early end to hostilities.", "early end to hostilities", "favoured"),
])
def test_indirect_acts(sentence: str, fragment: str, cue: str) -> None:
    q = find(extract_quotes(sentence), fragment)
    assert q.cue == cue


def test_sentence_final_attribution_with_readout_as_source() -> None:
    text = ("Zhai met Russia’s foreign ministry officials in Moscow. "
            "Both capitals backed a swift halt to the fighting, the Russian readout said.")
    qs = extract_quotes(text)
    q = find(qs, "swift halt to the fighting")
    assert q.kind == "indirect" and q.affiliation == "RUS"
    assert q.source and "readout" in q.source
    assert "readout" not in q.speaker and "foreign ministry" in q.speaker


def test_mixed_quote_is_one_span_with_the_quoted_phrase() -> None:
    text = "Safadi said the kingdom would keep pushing “day and night” for the war to stop."
    q = find(extract_quotes(text), "kingdom would keep pushing")
    assert q.kind == "mixed" and "day and night" in q.text and q.speaker == "Safadi" and q.affiliation == "JOR"


@pytest.mark.parametrize("text", [
    "According to the ministry, more than 200 trucks crossed into Gaza on Sunday.",
    "More than 200 trucks crossed into Gaza on Sunday, according to the ministry.",
])
def test_according_to_front_and_back(text: str) -> None:
    q = find(extract_quotes(text), "200 trucks crossed")
    assert q.kind == "according-to" and q.speaker == "ministry" and q.cue == "according to"
    assert "according" not in q.text.lower()


def test_according_to_names_the_source_of_a_reported_statement() -> None:
    text = "According to the Chinese readout, Al-Khulaifi said Qatar was ready to strengthen communication."
    q = find(extract_quotes(text), "Qatar was ready")
    assert q.speaker == "Al-Khulaifi" and q.affiliation == "QAT" and q.source == "Chinese readout"


def test_quoted_as_saying_keeps_speaker_and_source_apart() -> None:
    text = "“We share the same position,” Zhai was quoted as saying in the Chinese foreign ministry readout."
    q = find(extract_quotes(text), "same position")
    assert q.speaker == "Zhai" and q.actor == "Zhai Jun" and q.affiliation == "CHN"
    assert q.source == "Chinese foreign ministry readout" and "quoted" in q.cue


def test_headline_speaker_colon_statement() -> None:
    text = "Xi Jinping: China and Russia will defend ‘justice’\n\nThe two leaders met in Beijing."
    q = find(extract_quotes(text), "will defend")
    assert q.kind == "headline" and q.speaker == "Xi Jinping" and q.affiliation == "CHN"
    assert not [x for x in extract_quotes(text) if x.text == "justice"]


# -- speakers ----------------------------------------------------------------------------------

def test_pronoun_resolves_to_the_subject_of_an_earlier_sentence() -> None:
    text = ("Ayman Safadi met Qatari officials in Doha on Monday. "
            "He said the war had to end before more civilians were killed.")
    q = find(extract_quotes(text), "war had to end")
    assert q.speaker == "Ayman Safadi" and q.affiliation == "JOR"


def test_description_resolves_to_earlier_mention_with_that_title() -> None:
    text = ("Egyptian Foreign Minister Sameh Shoukry arrived in Amman on Sunday. "
            "The minister said Egypt would never accept the displacement of Palestinians.")
    q = find(extract_quotes(text), "never accept the displacement")
    assert q.speaker == "Sameh Shoukry" and q.affiliation == "EGY"


def test_surname_resolves_to_full_name_and_title_gives_affiliation() -> None:
    text = ("On Thursday Zhai met Qatari State Minister Mohammed bin Abdulaziz al-Khulaifi, his host in Doha. "
            "Al-Khulaifi said Qatar valued the part that Beijing was playing.")
    q = find(extract_quotes(text), "valued the part")
    assert q.speaker == "Mohammed bin Abdulaziz al-Khulaifi" and q.affiliation == "QAT"


def test_unknown_speaker_gets_affiliation_from_description_and_apposition() -> None:
    text = ("Nadia Haddad, Jordan’s envoy to the talks, said the proposal was a good basis for a deal. "
            "A senior Israeli official said the army would continue its operations.")
    qs = extract_quotes(text)
    a = find(qs, "good basis")
    assert a.speaker == "Nadia Haddad" and a.actor is None and a.affiliation == "JOR"
    b = find(qs, "army would continue")
    assert "official" in b.speaker and b.affiliation == "ISR"


def test_institutions_governments_and_anonymous_sources_speak() -> None:
    text = ("The Kremlin said the talks had been useful. "
            "Beijing has repeatedly called for a ceasefire. "
            "Diplomats said a deal could come within days.")
    qs = extract_quotes(text)
    assert find(qs, "talks had been useful").affiliation == "RUS"
    assert find(qs, "ceasefire").affiliation == "CHN"
    assert find(qs, "deal could come").speaker.lower() == "diplomats"


def test_joint_speakers_of_different_affiliations_join_codes() -> None:
    text = "Zhai and Bogdanov said Moscow and Beijing shared the same position on the conflict."
    q = find(extract_quotes(text), "shared the same position")
    assert q.speaker == "Zhai and Bogdanov" and q.affiliation == "CHN;RUS"


def test_offsets_index_the_original_string_with_html_and_invisible_characters() -> None:
    text = "<p>&ldquo;We\u200b want peace,&rdquo; Shoukry\u00a0said.</p>\n<p>Abbas\u200d said the siege must end.</p>"
    qs = extract_quotes(text)
    check_offsets(text, qs)
    assert any("peace" in q.text for q in qs) and any("siege must end" in q.text for q in qs)


def test_type_error_names_what_was_expected() -> None:
    for bad in (None, b"bytes", 3, ["text"]):
        with pytest.raises(TypeError, match="str"):
            extract_quotes(bad)  # type: ignore[arg-type]


def test_empty_and_blank() -> None:
    assert extract_quotes("") == [] and extract_quotes(" \n\t ") == []


# -- registry, places, matching rule, CLI -------------------------------------------------------

def test_registry_and_places_load_with_enough_entries() -> None:
    assert data_path("actors.yaml").is_file() and data_path("places.yaml").is_file()
    reg = registry()
    assert len(reg) >= 150
    for a in reg.actors:
        assert a.affiliation == a.affiliation.upper() and a.name
    assert reg.lookup("Netanyahu").affiliation == "ISR"
    assert reg.lookup("al-khulaifi").name == "Mohammed bin Abdulaziz al-Khulaifi"
    pl = places()
    assert pl.code_of("Qatari") == "QAT" and pl.code_of("the Kremlin") == "RUS" and pl.code_of("Beijing") == "CHN"
    for code in ("UN", "EU", "ICRC", "WHO", "UNRWA", "HAMAS"):
        assert code in pl.codes
    assert pl.code_of("us") is None and pl.code_of("US") == "USA"
    assert affiliation_of("Israel's ambassador") == (None, "ISR")


def test_matching_rule() -> None:
    gold = [{"start": 10, "end": 30, "speaker": "Sameh Shoukry"}]
    assert match([{"start": 12, "end": 32, "speaker": "Shoukry"}], gold).tp_gold == 1
    assert match([{"start": 0, "end": 60, "speaker": "Shoukry"}], gold).tp_gold == 0  # covers gold, but gold < half of it
    r = match([{"start": 10, "end": 18, "speaker": "he"}, {"start": 20, "end": 30, "speaker": "he"}], gold)
    assert r.tp_gold == 1 and r.tp_pred == 2 and r.speaker_ok == 0  # split pieces count; pronoun never correct
    assert names_speaker("Egyptian Foreign Minister Sameh Shoukry", "Sameh Shoukry")
    assert names_speaker("Shoukry", "Sameh Shoukry") and not names_speaker("he", "he")
    assert not names_speaker("Safadi", "Sameh Shoukry")


@pytest.mark.parametrize("pred, gold, aliases, ok", [
    ("US", "US", (), True),
    ("U.S.", "US", (), True),
    ("the US", "United States", ("US",), True),
    ("us", "US", (), False),  # the pronoun, lower case, is never a speaker
    ("We", "US", (), False),
    ("UK", "US", (), False),
])
def test_the_us_is_a_country_not_the_pronoun(pred: str, gold: str, aliases: tuple[str, ...], ok: bool) -> None:
    assert names_speaker(pred, gold, aliases) is ok


def test_cli_extract_file_and_stdin(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("“Aid must flow,” Guterres said. Borrell said the EU backed a pause.", encoding="utf-8")
    env_cmd = [sys.executable, "-m", "stance.cli", "extract"]
    out = subprocess.run(env_cmd + [str(art)], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    rows = [json.loads(l) for l in out.splitlines()]
    assert {r["speaker"] for r in rows} >= {"Guterres", "Borrell"}
    assert all(set(r) >= {"start", "end", "text", "kind", "speaker", "actor", "affiliation", "source", "cue"} for r in rows)
    out2 = subprocess.run(env_cmd + ["-"], input=art.read_text(encoding="utf-8"), capture_output=True, text=True,
                          cwd=ROOT, check=True).stdout
    assert out2 == out
    bad = subprocess.run(env_cmd + [str(tmp_path / "missing.txt")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "missing.txt" in bad.stderr


def test_registry_names_count_as_listed_aliases_of_a_gold_speaker() -> None:
    golds = with_registry_aliases([{"start": 0, "end": 9, "speaker": "IDF"}, {"start": 10, "end": 19, "speaker": "who"},
                                   {"start": 20, "end": 29, "speaker": "Anna Berg"}])
    assert names_speaker("Israel Defense Forces", golds[0]["speaker"], golds[0]["aliases"])
    assert "aliases" not in golds[1] and "aliases" not in golds[2]  # a pronoun is never the WHO
    r = match([{"start": 0, "end": 9, "speaker": "Israeli military"}], golds)
    assert r.speaker_ok == 1
