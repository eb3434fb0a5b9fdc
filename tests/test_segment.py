"""split_sentences and tokenize: boundaries, quotes, offsets."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit


def _articles(*texts):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts)})


def _sentences(text):
    return toolkit.split_sentences(_articles(text))["text"].tolist()


@pytest.mark.parametrize("text, expected", [
    ("The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
    ("Dr. Smith arrived on Jan. 5 at 3.5 p.m. sharp. He left.", ["Dr. Smith arrived on Jan. 5 at 3.5 p.m. sharp.", "He left."]),
    ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
    ("Sen. Warren and Gov. Newsom met in Washington, D.C. on Monday.",
     ["Sen. Warren and Gov. Newsom met in Washington, D.C. on Monday."]),
    ("It cost $3.5 million. That was 2.5% more.", ["It cost $3.5 million.", "That was 2.5% more."]),
    ("He paused... then spoke. Nobody answered.", ["He paused... then spoke.", "Nobody answered."]),
    ("“We view such discussions negatively,” he stated. Peskov added more.",
     ["“We view such discussions negatively,” he stated.", "Peskov added more."]),
    ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
    ('He said: "It is over." Then he left.', ['He said: "It is over."', "Then he left."]),
    ("Was it worth it? Nobody knows! Maybe.", ["Was it worth it?", "Nobody knows!", "Maybe."]),
    ("The war — now in its fourth year — goes on. Talks stalled.",
     ["The war — now in its fourth year — goes on.", "Talks stalled."]),
    ("Putin-Zelenskyy meeting\n\nZelenskyy has stressed the need.", ["Putin-Zelenskyy meeting", "Zelenskyy has stressed the need."]),
    ("A line without an end\nAnother line.", ["A line without an end", "Another line."]),
])
def test_sentence_boundaries(text, expected):
    assert _sentences(text) == expected


def test_no_sentence_crosses_a_paragraph_and_paragraphs_are_counted():
    s = toolkit.split_sentences(_articles("One. Two\n\nThree is here. Four.\nFive"))
    assert s["text"].tolist() == ["One.", "Two", "Three is here.", "Four.", "Five"]
    assert s["paragraph"].tolist() == [0, 0, 1, 1, 2]
    assert s["sentence_id"].tolist() == [0, 1, 2, 3, 4]


def test_quote_flag():
    text = ("“We view such discussions negatively,“ Peskov said. He described the “root causes” of the war. "
            "“The Russians are sending negative signals. They are not serious,” he said.")
    s = toolkit.split_sentences(_articles(text))
    assert s["quote"].tolist() == [True, False, True, True]


def test_quote_spans_tolerate_mismatched_marks():
    text = "“We view such discussions negatively,“ Peskov said when asked."
    (start, end), = toolkit.quote_spans(text)
    assert text[start:end] == "We view such discussions negatively,"
    text = "He said “it is over and done” and \"we go home now\" and ‘single marks here’."
    assert [text[a:b] for a, b in toolkit.quote_spans(text)] == ["it is over and done", "we go home now",
                                                                 "single marks here"]
    assert toolkit.quote_spans("Ukraine’s forces and the Russians’ plans.") == []


def test_sample_sentences_and_offsets(sample):
    sentences = toolkit.split_sentences(sample)
    texts = sample.set_index("article_id")["text"]
    for row in sentences.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    afp = sentences[sentences["article_id"] == "001_9945b7762ff2502c"]
    assert "“We view such discussions negatively,“ Peskov said when asked about potential European peacekeeping forces." \
        in afp["text"].tolist()


@pytest.mark.parametrize("text, tokens", [
    ("In the U.S., Russia’s troops don't stay.", ["In", "the", "U.S.", ",", "Russia", "’s", "troops", "do", "n't", "stay", "."]),
    ("An 81-year-old woman; 100,000 homes; 3.5% and 2022.", ["An", "81-year-old", "woman", ";", "100,000", "homes", ";",
                                                               "3.5%", "and", "2022", "."]),
    ("“Root causes” — O’Brien…", ["“", "Root", "causes", "”", "—", "O’Brien", "…"]),
    ("See https://example.org/a?b=1. Mail a@b.org or @afp #Ukraine", ["See", "https://example.org/a?b=1", ".", "Mail",
                                                                     "a@b.org", "or", "@afp", "#Ukraine"]),
    ("Wait... what -- now", ["Wait", "...", "what", "--", "now"]),
])
def test_tokens(text, tokens):
    t = toolkit.tokenize(toolkit.split_sentences(_articles(text)))
    assert t["text"].tolist() == tokens


def test_token_columns_and_flags():
    t = toolkit.tokenize(toolkit.split_sentences(_articles("The Élysée said it wasn’t Kyiv’s plan. Then @afp wrote.")))
    row = t.set_index("text")
    assert row.loc["Élysée", "is_word"] and not row.loc["’s", "is_word"] and not row.loc["@afp", "is_word"]
    assert row.loc["The", "is_stop"] and row.loc["n’t", "is_stop"] and row.loc["’s", "is_stop"]
    assert row.loc["n’t", "lower"] == "n't" and not row.loc["Kyiv", "is_stop"]
    assert t["token_id"].tolist() == list(range(len(t)))
    assert t["sentence_id"].tolist() == [0] * 10 + [1] * 4
    assert list(t.columns) == ["article_id", "sentence_id", "token_id", "start", "end", "text", "lower", "is_word", "is_stop"]


def test_token_offsets_index_the_article_text(sample):
    tokens = toolkit.tokenize(toolkit.split_sentences(sample))
    texts = sample.set_index("article_id")["text"]
    for row in tokens.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    for _, group in tokens.groupby("article_id"):
        assert group["token_id"].tolist() == list(range(len(group)))


def test_tokenize_a_filtered_sentence_table():
    sentences = toolkit.split_sentences(_articles("One two. Three four.", "Five six."))
    tokens = toolkit.tokenize(sentences[sentences["sentence_id"] == 1])
    assert tokens["text"].tolist() == ["Three", "four", "."]
    assert tokens["start"].tolist() == [9, 15, 19]


def test_empty_tables_and_missing_columns():
    empty = toolkit.split_sentences(_articles())
    assert list(empty.columns) == ["article_id", "sentence_id", "paragraph", "start", "end", "text", "quote"]
    assert len(toolkit.tokenize(empty)) == 0
    assert len(toolkit.split_sentences(_articles("", "   "))) == 0
    with pytest.raises(ValueError, match="split_sentences.*'text'"):
        toolkit.split_sentences(pd.DataFrame({"article_id": ["x"]}))
    with pytest.raises(ValueError, match="tokenize.*'start'"):
        toolkit.tokenize(pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "text": ["a"]}))


def test_inputs_are_not_mutated(sample):
    before = sample.copy(deep=True)
    sentences = toolkit.split_sentences(sample)
    s_before = sentences.copy(deep=True)
    toolkit.tokenize(sentences)
    pd.testing.assert_frame_equal(sample, before)
    pd.testing.assert_frame_equal(sentences, s_before)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_offsets_hold_on_arbitrary_unicode(text):
    sentences = toolkit.split_sentences(_articles(text))
    previous_end = 0
    for row in sentences.itertuples():
        assert text[row.start:row.end] == row.text and row.start >= previous_end and row.text.strip()
        assert "\n" not in row.text
        previous_end = row.end
    tokens = toolkit.tokenize(sentences)
    for row in tokens.itertuples():
        assert text[row.start:row.end] == row.text and row.text and not row.text.isspace()


# The splitter runs NLTK's Punkt through a loop of its own with a memo of verdicts; both must
# give exactly what NLTK's own generators give with the same parameters.
_PIECES = ["said", "Mr", "Gen", "St", "The", "But", "Kyiv", "Zelenskyy", "É", "a", "I", "U", "e", "No", "xx",
           "ww", "U.S", "3", "1990s", ".", "..", "?", "!", "!!", '"', "'", "“", "”", "’", ")", "(", "]", "--",
           "—", ":", ";", ",", " ", " ", " ", "  ", "\t"]


def _upstream_and_ours():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from toolkit.segment import _punkt  # (the unit under test: our Punkt against NLTK's with the same parameters)

    ours = _punkt()
    upstream = PunktSentenceTokenizer(ours._params, lang_vars=ours._lang_vars, token_cls=ours._Token)
    return upstream, ours


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_sentence_spans_equal_nltk_punkt(text):
    upstream, ours = _upstream_and_ours()
    assert list(ours.span_tokenize(text)) == list(upstream.span_tokenize(text))
    assert list(ours.span_tokenize(text)) == list(upstream.span_tokenize(text))  # from the memo


def test_sentence_spans_equal_nltk_punkt_on_the_sample(sample):
    upstream, ours = _upstream_and_ours()
    lines = [line for text in sample["text"] for line in text.split("\n")]
    assert [list(ours.span_tokenize(ln)) for ln in lines] == [list(upstream.span_tokenize(ln)) for ln in lines]


def test_verdict_stand_ins_are_plain_words():
    _, ours = _upstream_and_ours()
    for stand_in in ("xx", "ww"):
        assert stand_in not in ours._params.sent_starters and stand_in not in ours._params.abbrev_types
    assert not ours._params.collocations and not any(ours._params.ortho_context.values())


def test_tokenising_in_slices_gives_what_one_slice_gives(sample, monkeypatch):
    from toolkit import segment

    sentences = toolkit.split_sentences(sample)
    whole = toolkit.tokenize(sentences)
    monkeypatch.setattr(segment, "_SLICE", 3)
    pd.testing.assert_frame_equal(toolkit.tokenize(sentences), whole)


@pytest.mark.parametrize("texts", [(), ("",), ("One two. Three four.", "Five six, seven’s eight!"), None])
def test_compact_tokenize_equals_compact_tokens_of_tokenize(texts, sample):
    articles = sample if texts is None else _articles(*texts)
    sentences = toolkit.split_sentences(articles)
    made = toolkit.tokenize(sentences, compact=True)
    expected = toolkit.compact_tokens(toolkit.tokenize(sentences))
    pd.testing.assert_frame_equal(made, expected, check_exact=True)
    for column in ("article_id", "text", "lower"):  # the same categories in the same order
        assert made[column].cat.categories.tolist() == expected[column].cat.categories.tolist()
