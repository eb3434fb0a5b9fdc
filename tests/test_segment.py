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


# --- cost proportional to the text's length ---------------------------------------------------

def test_a_run_without_sentence_ends_comes_in_pieces_no_longer_than_the_limit():
    from toolkit.segment import MAX_SENTENCE_CHARS

    words = " ".join(f"word{i}" for i in range(4_000))  # about 35,000 characters, no sentence end
    blob = "x" * (2 * MAX_SENTENCE_CHARS + 123)
    text = f"A normal sentence. Another one follows it.\n\n{words}\n\n{blob}"
    sentences = toolkit.split_sentences(_articles(text))
    assert sentences["text"].tolist()[:2] == ["A normal sentence.", "Another one follows it."]
    assert (sentences["end"] - sentences["start"]).max() <= MAX_SENTENCE_CHARS
    assert (sentences["text"].str.len() == sentences["end"] - sentences["start"]).all()
    spaced = sentences[sentences["paragraph"] == 1]
    assert len(spaced) > 1 and " ".join(spaced["text"]) == words  # cut at spaces, nothing lost
    assert all(text[end] == " " for end in spaced["end"].iloc[:-1])
    pieces = sentences[sentences["paragraph"] == 2]["text"].tolist()
    assert pieces == [blob[:MAX_SENTENCE_CHARS], blob[MAX_SENTENCE_CHARS:2 * MAX_SENTENCE_CHARS],
                      blob[2 * MAX_SENTENCE_CHARS:]]


def _reference_paragraph_quotes(text, start, end):
    """quote_spans' paragraph rule as first written: a single opening mark is looked up
    in every span of double marks."""
    from toolkit.segment import _DOUBLE_MARK, _SINGLE_MARK, _AFTER_CLOSING, _BEFORE_OPENING, _role

    spans, open_at = [], None
    for m in _DOUBLE_MARK.finditer(text, start, end):
        pos = m.start()
        role = _role(text, pos, start, end)
        if role == "either":
            role = "close" if open_at is not None else "open"
        if role == "open":
            if open_at is not None:
                spans.append((open_at + 1, pos))
            open_at = pos
        elif open_at is not None:
            spans.append((open_at + 1, pos))
            open_at = None
    if open_at is not None:
        spans.append((open_at + 1, end))
    if "‘" not in text[start:end]:
        return sorted(sp for sp in spans if sp[1] > sp[0])
    inside, open_at = spans[:], None
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        if m.group() == "‘":
            if (i == start or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING) and \
                    not any(a <= i < b for a, b in inside):
                open_at = i
        elif open_at is not None:
            after = text[i + 1] if i + 1 < end else " "
            if after.isspace() or after in _AFTER_CLOSING:
                spans.append((open_at + 1, i))
                open_at = None
    return sorted(sp for sp in spans if sp[1] > sp[0])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a ‘’“”\"(.,", max_size=60))
def test_single_marks_found_by_bisection_as_by_looking_at_every_span(text):
    from toolkit.segment import _paragraph_quotes

    assert _paragraph_quotes(text, 0, len(text)) == _reference_paragraph_quotes(text, 0, len(text))


def test_a_long_run_of_joined_words_is_tokenised_as_its_pieces():
    run = "+".join(f"w{i}" for i in range(20_000))  # no e-mail address: every "+" a token of its own
    tokens = toolkit.tokenize(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "text": [run]}))
    assert tokens["text"].tolist() == [piece for i in range(20_000) for piece in (f"w{i}", "+")][:-1]
    assert (tokens["end"] - tokens["start"] == tokens["text"].str.len()).all()


@pytest.mark.parametrize("local, whole", [("jane.doe", True), ("a" * 64, True), ("a" * 65, False)])
def test_an_address_has_a_local_part_of_64_characters_at_most(local, whole):
    text = f"Write to {local}@example.org today."
    tokens = toolkit.tokenize(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "text": [text]}))
    assert (f"{local}@example.org" in tokens["text"].tolist()) == whole
