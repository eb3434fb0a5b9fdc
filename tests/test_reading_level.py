"""readability: textstat's numbers exactly, lexical diversity, group spread, bad input."""
from __future__ import annotations

import math
import random
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from conftest import AFP, BRUSSELS
from toolkit.reading_level import MATTR_WINDOW, MEASURES, MTLD_THRESHOLD, _words, hyphen_points  # (_words: textstat's word rule, under test)

textstat.set_lang("en_US")
TEXTSTAT = {m: getattr(textstat, m) for m in MEASURES if m != "text_standard"}
TEXTSTAT["text_standard"] = lambda t: textstat.text_standard(t, float_output=True)
COUNTS = {"n_words": textstat.lexicon_count, "n_sentences": textstat.sentence_count,
          "n_syllables": textstat.syllable_count, "n_chars": textstat.char_count,
          "n_letters": textstat.letter_count, "n_polysyllable_words": textstat.polysyllabcount}

HAND_WRITTEN = [
    "The cat sat on the mat.",
    "Russia rejected the plan",
    "Notwithstanding considerable institutional countervailing pressures, the administration's "
    "unprecedented constitutional reinterpretation precipitated extraordinary international consternation.",
    "He said 3.5% of U.S. GDP went to Dr. Smith's firm on Jan. 5, 2024; the other 96.5% did not.",
    "DON'T stop. It's fine. They're here, aren't they? We'll see. I'd say so. You've won!",
    "Prices rose 100,000 times in 1923 and 1,000,000 times in 1924 — 81-year-old Ms. O'Brien recalls.",
    "“We view such discussions negatively,“ he said. ‘Root causes’ — he added — matter… really?!",
    "Élysée officials met Zelenskyy’s aides in Kyiv; Peskov’s remarks were noted. Naïve? Perhaps.",
    "One. Two. Three. Four. Five. Six words here now. Yes no. A b c d e.",
    "word " * 120 + ".",
    "A sentence with no end and many words that just keep going on and on without a full stop at all " * 8,
    "123 456 789 1011 1213.",
    "Yes!",
    "e-mail x-ray co-operate re-elect well-known state-of-the-art twenty-one",
    "'quoted' ''double'' rock'n'roll ma'am y'all 'tis o'clock Hawai'i",
    "Tab\tseparated\nnew line\u00a0non-breaking\u2003em-space text. Second sentence here.",
    "The ministry described these attacks as a deliberate policy. " * 30,
]


def _seed_texts() -> list[str]:
    articles = toolkit.load_corpus([BRUSSELS, AFP])
    texts = []
    for text in articles["text"]:
        paragraphs = text.split("\n\n")
        texts.append(text)
        texts.extend(paragraphs)
        texts.extend("\n\n".join(paragraphs[i:i + 3]) for i in range(0, len(paragraphs), 3))
    return texts


VARIED = HAND_WRITTEN + _seed_texts()


def test_there_are_at_least_fifty_varied_texts():
    assert len(VARIED) >= 50


@pytest.mark.parametrize("text", VARIED, ids=lambda t: t[:30])
def test_every_measure_equals_textstat(text):
    ours = toolkit.text_readability(text)
    for name, function in {**TEXTSTAT, **COUNTS}.items():
        assert ours[name] == pytest.approx(function(text), rel=1e-12, abs=1e-12), name


def test_allsides_articles_equal_textstat(allsides):
    scores = toolkit.readability(allsides.head(150))
    for row, text in zip(scores.to_dict("records"), allsides["text"].head(150)):
        for name, function in TEXTSTAT.items():
            assert row[name] == pytest.approx(function(text), rel=1e-12, abs=1e-12), name


def test_readability_table(sample):
    scores = toolkit.readability(sample)
    assert list(scores.columns[:3]) == ["article_id", "outlet", "flesch_reading_ease"]
    for column in ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                   "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula",
                   "difficult_words", "text_standard", "n_words", "n_sentences", "n_syllables",
                   "words_per_sentence", "type_token_ratio", "mattr", "mtld", "note"):
        assert column in scores
    assert scores["note"].isna().all()
    assert scores["text_standard"].between(1, 18).all()


def test_cleaning_keeps_furniture_out_of_the_scores(sample):
    scores = toolkit.readability(sample).set_index("article_id")
    brussels = sample.set_index("article_id").loc["000_a1d604bcc0e88a65", "text"]
    raw = BRUSSELS.read_text(encoding="utf-8")
    assert scores.loc["000_a1d604bcc0e88a65", "n_words"] == textstat.lexicon_count(brussels)
    assert scores.loc["000_a1d604bcc0e88a65", "n_words"] < textstat.lexicon_count(raw) - 60


@pytest.mark.parametrize("text, note", [
    ("", "no words"), ("   \n ", "no words"), ("—", "no words"),
    ("Word", "only 1 words"), ("12 34 56", "only 3 words"),
    ("word " * 50_000, "sentence ends were not found"),
])
def test_bad_input_gives_finite_numbers_or_missing_with_a_reason(text, note):
    scores = toolkit.readability(pd.DataFrame({"article_id": ["x"], "outlet": ["o"], "text": [text]}))
    row = scores.iloc[0]
    assert note in row["note"]
    for measure in MEASURES:
        assert math.isfinite(row[measure]) or (row["n_words"] == 0 and math.isnan(row[measure]))


def _reference_diversity(words):
    n = len(words)
    ttr = len(set(words)) / n
    if n <= MATTR_WINDOW:
        mattr = ttr
    else:
        mattr = sum(len(set(words[s:s + MATTR_WINDOW])) for s in range(n - MATTR_WINDOW + 1)) \
            / (n - MATTR_WINDOW + 1) / MATTR_WINDOW

    def factors(seq):
        count, types, tokens = 0.0, set(), 0
        for w in seq:
            tokens += 1
            types.add(w)
            if len(types) / tokens <= MTLD_THRESHOLD:
                count, types, tokens = count + 1, set(), 0
        return count + ((1 - len(types) / tokens) / (1 - MTLD_THRESHOLD) if tokens else 0)

    forward, backward = factors(words), factors(words[::-1])
    mtld = (n / forward + n / backward) / 2 if forward > 0 and backward > 0 else math.nan
    return ttr, mattr, mtld


@pytest.mark.parametrize("seed", range(25))
def test_lexical_diversity_equals_the_plain_definitions(seed):
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.randint(1, 300))]
    words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 700))]
    ours = toolkit.text_readability(" ".join(words) + ".")
    expected = _reference_diversity(words)
    for got, want in zip((ours["type_token_ratio"], ours["mattr"], ours["mtld"]), expected):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-9)


def test_batch_and_single_text_agree():
    texts = VARIED[:20]
    batch = toolkit.readability(pd.DataFrame({"article_id": [str(i) for i in range(20)], "text": texts}))
    for row, text in zip(batch.to_dict("records"), texts):
        single = toolkit.text_readability(text)
        for name in MEASURES + ("mtld", "mattr"):
            assert row[name] == pytest.approx(single[name], nan_ok=True)


def test_hyphen_points_equal_pyphen():
    from pyphen import Pyphen

    pyphen = Pyphen(lang="en_US")
    rng = random.Random(3)
    words = {w for text in VARIED for w in _words(text.lower())}
    words |= {"".join(rng.choice("abcdefghijklmnopqrstuvwxyzéü'") for _ in range(rng.randint(1, 18)))
              for _ in range(2000)}
    assert [hyphen_points(w) for w in sorted(words)] == [len(pyphen.positions(w)) for w in sorted(words)]


def test_group_medians_with_bootstrap_intervals():
    rng = np.random.default_rng(1)
    scores = pd.DataFrame({
        "outlet": ["A"] * 40 + ["B"] * 40 + ["C"],
        "flesch_kincaid_grade": np.r_[rng.normal(8, 1, 40), rng.normal(12, 1, 40), [10.0]],
        "note": pd.Series([None] * 81, dtype="string"),
    })
    table = toolkit.readability_by_group(scores, measures=["flesch_kincaid_grade"], n_boot=500)
    rows = table.set_index("group")
    assert list(table.columns) == ["group", "measure", "n_articles", "median", "ci_low", "ci_high", "q1", "q3",
                                   "min", "max"]
    for group in ("A", "B"):
        assert rows.loc[group, "ci_low"] <= rows.loc[group, "median"] <= rows.loc[group, "ci_high"]
        assert rows.loc[group, "q1"] <= rows.loc[group, "median"] <= rows.loc[group, "q3"]
    assert rows.loc["A", "ci_high"] < rows.loc["B", "ci_low"]  # clearly different groups do not overlap
    assert math.isnan(rows.loc["C", "ci_low"]) and rows.loc["C", "n_articles"] == 1
    again = toolkit.readability_by_group(scores, measures=["flesch_kincaid_grade"], n_boot=500)
    pd.testing.assert_frame_equal(table, again)  # deterministic with the default seed


def test_bootstrap_medians_are_numpys():
    from toolkit.reading_level import _row_medians  # (the unit under test: a faster median, against numpy's)

    rng = np.random.default_rng(2)
    for n in range(1, 40):
        samples = rng.integers(0, 5, size=(64, n)) + rng.random((64, n)).round(1)
        np.testing.assert_array_equal(_row_medians(samples), np.median(samples, axis=1))


def test_sentence_readability(sample):
    sentences = toolkit.split_sentences(sample)
    per_sentence = toolkit.sentence_readability(sentences)
    assert len(per_sentence) == len(sentences)
    first = per_sentence.iloc[0]
    text = sentences["text"].iloc[0]
    assert first["n_words"] == textstat.lexicon_count(text)
    assert first["n_syllables"] == textstat.syllable_count(text)
    assert first["flesch_kincaid_grade"] == pytest.approx(
        0.39 * first["n_words"] + 11.8 * first["n_syllables"] / first["n_words"] - 15.59)


def test_inputs_not_mutated_and_missing_column(sample):
    before = sample.copy(deep=True)
    toolkit.readability(sample)
    pd.testing.assert_frame_equal(sample, before)
    with pytest.raises(ValueError, match="readability.*'text'"):
        toolkit.readability(pd.DataFrame({"article_id": ["a"]}))


def test_reading_summary_in_plain_words():
    summary = pd.DataFrame({
        "group": ["A", "A", "B", "B"], "measure": ["flesch_kincaid_grade", "flesch_reading_ease"] * 2,
        "n_articles": [10, 10, 1, 1], "median": [12.4, 45.0, 7.0, 75.0],
        "ci_low": [11.0, 40.0, math.nan, math.nan], "ci_high": [13.0, 50.0, math.nan, math.nan],
    })
    table = toolkit.reading_summary(summary)
    assert table["group"].tolist() == ["A", "B"]
    assert table.loc[0, "reads_like"] == "high school (ages 14-18)" and table.loc[0, "ease_words"] == "difficult"
    assert table.loc[1, "grade_ci"] == "–" and table.loc[1, "ease_words"] == "fairly easy"
    assert toolkit.reading_summary(summary, top=1)["group"].tolist() == ["A"]
    assert toolkit.describe_grade(math.nan) == "not measured"


# --- cost proportional to the text's length ---------------------------------------------------

# The toolkit's first test of a run for three words, a regular expression whose backtracking
# costs the square of a long word's length; _sentences reads the chunks instead.
_TEXTSTAT_THREE_WORDS = re.compile(r"\w\S*\s+(?:[^\w\s]+\s+)*\S*\w\S*\s+(?:[^\w\s]+\s+)*\S*\w")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1_-.,'’ \n\u00a0é—", max_size=40))
def test_three_words_as_the_regular_expression_found_them(run):
    from toolkit.reading_level import _three_words

    assert _three_words(run) == (_TEXTSTAT_THREE_WORDS.search(run) is not None)


def test_hyphen_points_of_long_words_equal_pyphen_with_few_lookups_a_letter(monkeypatch):
    """Each position tries substrings only while they begin a pattern: a bounded number of
    look-ups a letter, however long the word (Pyphen tries up to 28 at every position)."""
    from pyphen import Pyphen

    from toolkit import reading_level

    pyphen = Pyphen(lang="en_US")
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)) for n in (300, 1_000, 3_000)]
    words.append("a" * 2_000)
    prefixes = reading_level._pattern_prefixes(reading_level._resources()[1].hd.patterns)

    class Counted(frozenset):
        lookups = 0

        def __contains__(self, item):
            Counted.lookups += 1
            return frozenset.__contains__(self, item)

    counted = Counted(prefixes)
    monkeypatch.setattr(reading_level, "_pattern_prefixes", lambda patterns: counted)
    for word in words:
        Counted.lookups = 0
        assert hyphen_points(word) == len(pyphen.positions(word))
        assert Counted.lookups <= 8 * (len(word) + 2)


def test_a_line_without_spaces_counts_as_textstat_counts_it():
    rng = random.Random(11)
    line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789.,-/") for _ in range(400))
    text = "A short report on the budget was read today. " + line + " Then it ended with three words."
    ours = toolkit.text_readability(text)
    for name, function in {**TEXTSTAT, **COUNTS}.items():
        assert ours[name] == pytest.approx(function(text), rel=1e-12, abs=1e-12), name
