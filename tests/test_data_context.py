"""quote_context: the same deterministic window at training and inference time."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stance.data.context import SHORT_SENTENCE, context_span, quote_context

ARTICLE = (
    "Talks resume in Doha\n\n"
    "DOHA, March 3 — Negotiators met again on Sunday. "
    "Mr. Haddad, the envoy, said the two delegations had agreed to keep talking through the week "
    "and would come back to the lists of detainees once the technical teams had finished in Cairo. "
    "“We are not there yet,” he said. “But the gap is narrower than it was.”\n\n"
    "Aid agencies described the situation in the north as desperate, with bakeries closed for a fifth day "
    "and water trucks unable to reach the coastal road because of the damage left by weeks of shelling."
)


def _span(sub: str) -> tuple[int, int]:
    i = ARTICLE.index(sub)
    return i, i + len(sub)


def test_context_is_the_quote_sentence():
    s, e = _span("the two delegations had agreed to keep talking through the week")
    ctx = quote_context(ARTICLE, s, e)
    # The abbreviation "Mr." does not end the sentence, and the previous sentence is not needed.
    assert ctx.startswith("Mr. Haddad, the envoy, said")
    assert ctx.endswith("finished in Cairo.")


def test_short_sentence_gets_previous_sentence():
    s, e = _span("We are not there yet,")
    ctx = quote_context(ARTICLE, s, e)
    assert ctx.startswith("Mr. Haddad")  # the previous sentence names the speaker
    assert ctx.endswith("he said.")
    assert len("“We are not there yet,” he said.") < SHORT_SENTENCE


def test_headline_line_is_its_own_sentence():
    s, e = _span("Talks resume in Doha")
    assert quote_context(ARTICLE, s, e) == "Talks resume in Doha"


def test_multi_sentence_span_is_kept_whole():
    s, e = _span("We are not there yet,” he said. “But the gap")
    ctx = quote_context(ARTICLE, s, e)
    assert ARTICLE[s:e] in ctx
    assert ctx.endswith("than it was.”")


def test_trimmed_to_max_chars_around_span_at_word_boundaries():
    s, e = _span("bakeries closed")
    ctx = quote_context(ARTICLE, s, e, max_chars=60)
    assert len(ctx) <= 60 and "bakeries closed" in ctx
    cs, ce = context_span(ARTICLE, s, e, max_chars=60)
    assert ARTICLE[cs - 1] == " " and ARTICLE[ce] == " "


def test_span_longer_than_max_chars_is_cut():
    assert quote_context("x" * 1000, 0, 1000, max_chars=50) == "x" * 50


def test_bad_span_raises():
    import pytest

    with pytest.raises(ValueError, match="out of range"):
        quote_context("short", 2, 99)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!\n“”\"AZ")), min_size=1, max_size=300), st.data(),
       st.integers(min_value=5, max_value=500))
def test_context_is_a_substring_containing_the_span(text, data, max_chars):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    cs, ce = context_span(text, start, end, max_chars)
    assert ce - cs <= max_chars
    assert cs <= start and (ce >= end or ce - cs == max_chars)
    assert quote_context(text, start, end, max_chars) == text[cs:ce]
    assert context_span(text, start, end, max_chars) == (cs, ce)  # deterministic
