"""Property-based robustness: no string makes the extractor raise, and offsets always hold."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.extraction import extract_quotes
from stance.types import Quote

# Pieces that stress the rules: every quotation mark, reporting cues, names, HTML remnants,
# zero-width and bidi controls, right-to-left script, line breaks and stray punctuation.
PIECES = [
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "''", " ", " ", " ", "\n", "\n\n", "\r\n", ".", ",",
    ":", ";", "?", "!", "—", "-", "(", ")", "said", "says", "told reporters", "according to", "was quoted as saying",
    "urged", "called for", "he", "she", "they", "it", "the minister", "the readout", "officials", "Shoukry",
    "Sameh Shoukry", "Zhai", "Al-Khulaifi", "Mr.", "U.S.", "Qatari", "the Kremlin", "Beijing", "and", "that",
    "We want peace", "The war must end", "<p>", "</p>", "<br/>", "&quot;", "&amp;", "&#8220;", "&nbsp;",
    "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u00ad", "السلام", "שלום", "مرحبا بكم", "🙂", "\t", "\x00",
]

texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map(" ".join) | st.text(max_size=300)


def _valid(text: str, quotes: list[Quote]) -> None:
    assert isinstance(quotes, list)
    last = (-1, -1)
    for q in quotes:
        assert isinstance(q, Quote)
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.kind in {"direct", "indirect", "mixed", "according-to", "continuation", "headline"}
        assert q.speaker
        assert q.affiliation is None or all(c and c == c.upper() for c in q.affiliation.split(";"))
        assert (q.start, q.end) >= last
        last = (q.start, q.end)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_never_raises_and_offsets_hold(text: str) -> None:
    _valid(text, extract_quotes(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join), st.integers(1, 4))
def test_prefix_does_not_break_offsets(text: str, n: int) -> None:
    """The same article behind a prefix of junk: offsets still index the caller's string."""
    body = "“We want peace,” Shoukry said. " + text
    padded = ("\u200b<p> " * n) + body
    _valid(padded, extract_quotes(padded))


def test_large_inputs_stay_linear() -> None:
    unit = ("“The crossing must open,” Shoukry told reporters in Cairo. "
            "Zhai said China was ready to help, according to the readout.\n\n")
    small = unit * 200            # ~25 KB
    big = unit * 4000             # ~500 KB
    t0 = time.perf_counter(); n_small = len(extract_quotes(small)); t_small = time.perf_counter() - t0
    t0 = time.perf_counter(); qs = extract_quotes(big); t_big = time.perf_counter() - t0
    _valid(big, qs)
    assert len(qs) == 20 * n_small
    assert t_big < 20 * t_small * 3 + 1.0, (t_small, t_big)  # linear, with slack for a shared CPU


def test_pathological_strings() -> None:
    for text in ['"' * 50_000, "“" * 20_000 + "”" * 20_000, "said " * 40_000, "a" * 200_000,
                 "he said, " * 20_000, ("Ab " * 30_000), "\u200b" * 10_000, "<p>" * 10_000,
                 "'" + "x'" * 20_000, ":" * 10_000, "\n" * 10_000]:
        t0 = time.perf_counter()
        _valid(text, extract_quotes(text))
        assert time.perf_counter() - t0 < 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts)
def test_with_a_tagger_never_raises_and_offsets_hold(eager_tagger, text: str) -> None:
    """The hybrid edits the rules' spans: the same guarantees must hold after every edit."""
    _valid(text, extract_quotes(text, tagger=eager_tagger))


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def eager_tagger(tiny_tagger_dir):
    """The tiny tagger with a policy that lets it do everything as often as it can."""
    from stance.extraction.learned import AttributionTagger, HybridPolicy

    return AttributionTagger.load(tiny_tagger_dir).with_policy(
        HybridPolicy(extend=True, add=True, drop=True, min_add_score=0.0, max_drop_score=0.5, min_add_chars=1))
