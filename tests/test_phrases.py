"""PhraseFinder finds what one big alternation finds, in the same order (it only skips the
positions where no phrase can start)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit._phrases import FirstMatches, PhraseFinder, lower_words

WORDS = ["said", "Said", "say", "according to", "according", "to", "U.S.", "US", "so-called", "so", "it's",
         "Kyiv", "Kyiv's", "the", "no", "not", "attack", "attacked", "É", "état"]
PIECES = WORDS + [" ", "  ", ",", ".", "-", "'", "’", "\n", "x", "9", "(", "\"", "é",
                  "ſaid", "İt", "ıt"]  # letters a case-insensitive regex reads as "s" and "i"
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
CLASSES = [(r"\w", r"\w"), (r"\w'’\-", r"\w'’\-"), (r"\w.", r"\w"), (r"\w'’", r"\w'’")]


def alternation(chosen, before, after, flags):
    ordered = sorted(dict.fromkeys(chosen), key=len, reverse=True)
    return re.compile(f"(?<![{before}])(?:" + "|".join(re.escape(p) for p in ordered) + f")(?![{after}])", flags)


@settings(max_examples=400, deadline=None)
@given(phrases, texts, st.sampled_from(CLASSES), st.booleans())
def test_same_matches_as_the_alternation(chosen, text, classes, ignore_case):
    before, after = classes
    finder = PhraseFinder(chosen, before=before, after=after, ignore_case=ignore_case)
    pattern = alternation(chosen, before, after, re.IGNORECASE if ignore_case else 0)
    assert list(finder.finditer(text)) == [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("ABC"), phrases, min_size=1), texts)
def test_first_match_per_label_as_search(lexicon, text):
    found = FirstMatches(lexicon, before=r"\w.", after=r"\w").search(text)
    for label, chosen in lexicon.items():
        m = alternation(chosen, r"\w.", r"\w", 0).search(text)
        assert found.get(label) == ((m.start(), m.end(), m.group()) if m else None)


def test_a_phrase_not_starting_with_a_word_character_falls_back():
    finder = PhraseFinder(["#metoo", "said"], ignore_case=True)
    assert [m[2] for m in finder.finditer("They said #MeToo.")] == ["said", "#MeToo"]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(WORDS))
def test_lower_words_hold_every_word_a_case_insensitive_regex_finds(text, word):
    first = re.match(r"\w+", word)
    if first is None:
        return
    wanted = first.group().lower()
    if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", text, re.IGNORECASE):
        assert wanted in lower_words(text)
