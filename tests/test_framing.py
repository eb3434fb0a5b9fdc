"""Sentiment framing: VADER per sentence, actors, loaded language, frames, agency."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import toolkit

BRUSSELS, AFP = "000_a1d604bcc0e88a65", "001_9945b7762ff2502c"


def _sentences(*texts):
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))],
                             "outlet": [f"o{i}" for i in range(len(texts))], "text": list(texts)})
    return articles, toolkit.split_sentences(articles)


def test_plain_lexicon_equals_vader(sample):
    sentences = toolkit.split_sentences(sample)
    scored = toolkit.sentence_sentiment(sentences, lexicon="vader")
    vader = SentimentIntensityAnalyzer()
    for row in scored.itertuples():
        expected = vader.polarity_scores(row.text)
        assert (row.neg, row.neu, row.pos, row.compound) == (expected["neg"], expected["neu"], expected["pos"],
                                                             expected["compound"])


@pytest.mark.parametrize("lexicon", ["vader", "news"])
def test_sentences_without_rated_words_score_as_vader_scores_them(lexicon):
    """Sentences without a word VADER rates skip VADER; the scores stay VADER's own."""
    texts = ["The committee met on Tuesday.", "It is OK.", "ok", "A :) B", "No.", "Is it ?", "x y z",
             "The meeting was (good) today.", "Kind of a meeting.", "He said 'no' again", "Meeting 👍 today",
             "WHAT the hell", "The 'war' ended.", "In Kyiv, 42 km away.", "...", "N/A"]
    sentences = pd.DataFrame({"article_id": "a", "sentence_id": range(len(texts)), "text": texts})
    scored = toolkit.sentence_sentiment(sentences, lexicon=lexicon)
    from toolkit._vader import analyzer as made  # (VADER's analyser with the lexicon under test)

    analyzer = made(lexicon)
    for row in scored.itertuples():
        expected = analyzer.polarity_scores(row.text)
        assert (row.neg, row.neu, row.pos, row.compound) == tuple(expected.values()), row.text


@pytest.mark.parametrize("sentence, sign", [
    ("Heavy shelling caused casualties in the city.", -1),
    ("Airstrikes hit the village overnight.", -1),
    ("The ceasefire held and the town was liberated.", 1),
    ("The minister opened a new hospital and residents were delighted.", 1),
    ("The committee met on Tuesday.", 0),
])
def test_news_words_shift_scores_in_the_right_direction(sentence, sign):
    _, sentences = _sentences(sentence)
    compound = toolkit.sentence_sentiment(sentences)["compound"].iloc[0]
    assert (compound > 0.05) if sign > 0 else (compound < -0.05) if sign < 0 else abs(compound) < 0.05


def test_negation_is_explained():
    _, sentences = _sentences("The talks were not a failure.")
    words = toolkit.sentiment_words(sentences)
    assert words.set_index("word").loc["failure", "negated"]


def test_summary_with_spread(sample):
    scored = toolkit.sentence_sentiment(toolkit.split_sentences(sample))
    summary = toolkit.sentiment_summary(scored, articles=sample).set_index("group")
    assert set(summary.index) == {"24brussels", "AFP"}
    for column in ("n_sentences", "mean_compound", "median_compound", "sd_compound", "q1", "q3", "share_negative"):
        assert column in summary
    per_article = toolkit.sentiment_summary(scored, by="article_id")
    assert set(per_article["group"]) == {BRUSSELS, AFP}
    assert (summary["q1"] <= summary["q3"]).all()


def test_actor_sentiment_uses_metonyms(sample):
    scored = toolkit.sentence_sentiment(toolkit.split_sentences(sample))
    mentions = toolkit.actor_mentions(scored)
    kremlin = scored[scored["text"].str.contains("Kremlin") & ~scored["text"].str.contains("Russia")]
    assert set(mentions.merge(kremlin[["article_id", "sentence_id"]])["actor"]) >= {"Russia"}
    table = toolkit.actor_sentiment(scored, articles=sample)
    assert {"Russia", "Ukraine"} <= set(table["actor"])
    custom = toolkit.actor_sentiment(scored, articles=sample, actors={"Istanbul talks": ["Istanbul"]})
    assert "Istanbul talks" in set(custom["actor"])
    _, lower = _sentences("Give us a break, she said.")
    assert toolkit.actor_mentions(lower).empty  # "us" is not the US


def test_loaded_language_on_the_sample(sample):
    hits = toolkit.loaded_language(toolkit.split_sentences(sample)).merge(sample[["article_id", "outlet"]])
    tragically = hits[hits["word"].str.lower() == "tragically"]
    assert tragically["outlet"].tolist() == ["24brussels"] and tragically["category"].tolist() == ["editorial"]
    deliberate = hits[hits["word"] == "deliberate"]
    assert deliberate["quoted"].all() and len(deliberate) == 2  # the source's word, in both reports
    text = sample.set_index("article_id")["text"]
    for row in hits.itertuples():
        assert text[row.article_id][row.start:row.end] == row.word


def test_frames_are_indicators_with_their_words(sample):
    sentences = toolkit.split_sentences(sample)
    hits = toolkit.news_frames(sentences)
    assert set(hits["frame"]) <= set(toolkit.framing.FRAMES)
    summary = toolkit.frame_summary(hits, sentences, articles=sample)
    conflict = summary[summary["frame"] == "conflict"].set_index("group")
    assert (conflict["share"] > 0).all() and (conflict["share"] <= 1).all()
    assert "rejected" in conflict.loc["AFP", "words"]


@pytest.mark.parametrize("sentence, voice, agent", [
    ("Three people were killed overnight.", "passive_no_agent", None),
    ("Three people were killed by a missile.", "passive_agent", "a missile"),
    ("Russian forces attacked the city.", "active", "Russian forces"),
    ("The heavily damaged city was quiet.", None, None),
])
def test_agency(sentence, voice, agent):
    _, sentences = _sentences(sentence)
    found = toolkit.agency(sentences)
    if voice is None:
        assert found.empty
    else:
        assert found["voice"].tolist() == [voice] and found["agent"].iloc[0] == agent


AGENCY_PIECES = ["Three", "people", "were", "WAS", "waſ", "İs", "killed", "KILLED", "hit", "by", "a", "missile",
                 "the", "heavily", "damaged", "forces", "attacked", "city", "got", "struck", "Russia", "not"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(AGENCY_PIECES), max_size=12).map(" ".join), min_size=1, max_size=5))
def test_agency_skips_only_sentences_the_patterns_cannot_match(texts):
    from toolkit import framing

    sentences = pd.DataFrame({"article_id": "a", "sentence_id": range(len(texts)), "text": texts})
    skipping = toolkit.agency(sentences)
    # every sentence scanned: its words as if it held every word the patterns need
    everything = framing._PASSIVE_NEEDS | framing._HARM_NEEDS  # (private by design: the words of the filter)
    original = framing.lower_words
    try:
        framing.lower_words = lambda text: everything
        scanning = toolkit.agency(sentences)
    finally:
        framing.lower_words = original
    pd.testing.assert_frame_equal(skipping, scanning)


def test_empty_and_degenerate_inputs():
    _, sentences = _sentences("")
    assert toolkit.sentence_sentiment(sentences).empty
    assert toolkit.actor_sentiment(toolkit.sentence_sentiment(sentences)).empty
    assert toolkit.frame_summary(toolkit.news_frames(sentences), sentences, by="article_id").empty


VADER_WORDS = ["good", "GOOD", "bad", "BAD", "great", "killed", "not", "no", "No", "never", "so", "this", "without",
               "doubt", "but", "But", "least", "at", "very", "VERY", "kind", "of", "sort", "the", "shit", "bomb",
               "bus", "stop", "kiss", "death", "yeah", "right", "or", "nor", "isn't", "hardly", "extremely",
               "cut", "mustard", "war", "peace", "attack", "love", "hate", "Russia", "said", "!", "?", "!!", "??",
               ":)", ":(", "good!", "(bad)", "“great”", "n't", "ok", "lol", "a", "I", "WAR", "😁", "die", "for", "to"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(VADER_WORDS), max_size=14), st.sampled_from(["vader", "news"]))
def test_sentence_scores_are_vader_s_to_the_last_digit(words, lexicon):
    # the fast scorer equals polarity_scores with either lexicon (the news rules, tested
    # below, are off in the scorer itself); lexicon="vader" is polarity_scores exactly
    from toolkit._vader import analyzer as made, scorer  # (the units under test: the fast scorer against VADER's)

    text = " ".join(words)
    analyzer = made(lexicon)
    expected = analyzer.polarity_scores(text)
    expected = (expected["neg"], expected["neu"], expected["pos"], expected["compound"])
    assert scorer(analyzer)(text) == expected, text
    if lexicon == "vader":
        assert toolkit.framing._scorer("vader")(text) == expected, text  # (private by design: the scorer framing uses)


@pytest.mark.parametrize("text, sign", [
    # topical senses in news are not feelings
    ("The Senate voted on support for the bill.", 0),
    ("The party leaders met the justice minister on security.", 0),
    ("No date has been set for the talks.", 0),
    ("It looks like the House will vote.", 0),
    # a verb of decrease reverses what follows it in its clause
    ("The decision further diminishes hopes for a peace agreement.", -1),
    ("The ceasefire eased tensions in the region.", 1),
    # VADER's own rules stay
    ("The talks were not a success.", -1),
    ("Supporters said they love the plan.", 1),
])
def test_news_sentiment_reads_news_senses(text, sign):
    _, sentences = _sentences(text)
    compound = toolkit.sentence_sentiment(sentences)["compound"].iloc[0]
    assert np.sign(round(compound, 3)) == sign, compound
    words = toolkit.sentiment_words(sentences)
    assert not set(words["word"]) & {"support", "party", "justice", "security", "no", "like"}



# --- sentiment toward each actor ---------------------------------------------------------------

ACTORS = {"Smith": ["Smith"], "Jones": ["Jones"], "Chick-fil-A": ["Chick-fil-A"]}


def _mentions(*texts: str, actors=ACTORS) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "outlet": "o", "text": list(texts)})
    return toolkit.actor_mentions(toolkit.split_sentences(articles), actors=actors)


def test_two_actors_in_one_sentence_get_opposite_scores():
    found = _mentions("Critics slammed Smith for the failed rollout, while Jones won praise for rescuing the program.")
    by_actor = found.set_index("actor")
    assert by_actor.loc["Smith", "label"] == "negative" and by_actor.loc["Smith", "score"] < 0
    assert by_actor.loc["Jones", "label"] == "positive" and by_actor.loc["Jones", "score"] > 0
    assert "slammed" in by_actor.loc["Smith", "evidence"] and "praise" in by_actor.loc["Jones", "evidence"]
    assert set(found.columns) >= {"start", "end", "p_negative", "p_neutral", "p_positive"}
    assert np.allclose(found[["p_negative", "p_neutral", "p_positive"]].sum(axis=1), 1.0)


def test_evidence_names_words_of_stance_not_stop_words_or_forms_of_address():
    from toolkit._resources import word_list
    from toolkit.targets import target_model
    from toolkit.terms import HONORIFICS

    model = target_model()
    named = {w for w in model.words if w is not None}
    plain = word_list("stopwords") | HONORIFICS
    assert named and not any(all(part in plain for part in w.split()) for w in named)
    assert {"slammed", "praise"} <= named  # words that do carry a stance stay nameable
    found = _mentions("Mr. Smith was slammed over the failed rollout after critics spoke about it.")
    words = {item.rsplit(" (", 1)[0] for item in found["evidence"].iloc[0].split(", ")}
    assert found["label"].iloc[0] == "negative" and "slammed" in words
    assert not words & {"mr", "over", "about", "after", "the"}
    # the words of a pair of neighbouring tokens, not its punctuation (", accused" is "accused"):
    # a comma in an evidence word would split it in the per-outlet lists
    assert not [w for w in named if any(not any(ch.isalpha() for ch in part) for part in w.split())]
    assert "accused" in named


def test_aliases_match_in_any_case_and_spelling_but_acronyms_as_written():
    found = _mentions("Chick-fil-A opened a store in Boston. Fans of chick fil a queued, and CHICK-FIL-A sold out.",
                      "Tell us what you think. The US economy grew.")
    assert found[found["actor"] == "Chick-fil-A"]["alias"].tolist() == ["Chick-fil-A", "chick fil a", "CHICK-FIL-A"]
    assert found[found["actor"] == "United States"]["alias"].tolist() == ["US"]


def test_callers_aliases_win_over_the_shipped_table():
    found = _mentions("Trump praised the deal.", actors={"Donald Trump": ["Trump"]})
    assert found["actor"].tolist() == ["Donald Trump"]


def test_an_articles_verdict_is_neutral_unless_the_evidence_is_clear():
    texts = ["Critics slammed Smith for the failed rollout. Smith was blamed for the disastrous collapse of the "
             "program. Smith met officials on Tuesday. Observers accused Smith of lying about the losses.",
             "Smith met officials on Tuesday. Critics slammed Smith for the failed rollout. Smith spoke to reporters "
             "at noon. Smith will travel to Denver next week. Smith has two children."]
    articles = pd.DataFrame({"article_id": ["clear", "mixed"], "outlet": "o", "text": texts})
    scored = toolkit.sentence_sentiment(toolkit.split_sentences(articles))
    verdicts = toolkit.actor_sentiment(scored, articles=articles, actors=ACTORS, per="article").set_index("article_id")
    assert verdicts.loc["clear", "verdict"] == "negative" and verdicts.loc["clear", "n_negative"] >= 3
    assert verdicts.loc["mixed", "verdict"] == "neutral"
    groups = toolkit.actor_sentiment(scored, articles=articles, actors=ACTORS)
    assert list(groups.columns) == ["group", "actor", "n_mentions", "n_sentences", "n_articles", "mean_score",
                                    "share_negative", "share_positive", "mean_compound", "evidence"]
    assert groups.set_index("actor").loc["Smith", "n_mentions"] == 9


# --- loaded language ---------------------------------------------------------------------------

def test_loaded_words_are_explained_and_quoted_ones_are_the_speakers():
    _, sentences = _sentences("Republicans slammed the radical proposal, which critics called a sham. "
                              "The minister reportedly met the delegation on Tuesday. "
                              "“This is a disgraceful witch hunt,” the senator said. "
                              "The council approved the budget on Tuesday.")
    hits = toolkit.loaded_language(sentences).set_index("word")
    assert hits.loc["slammed", "category"] == "judging verb" and hits.loc["radical", "category"] == "label"
    assert hits.loc["sham", "category"] == "derogatory" and hits.loc["slammed", "loaded"]
    assert hits.loc["reportedly", "category"] == "hedge" and not hits.loc["reportedly", "loaded"]  # a hedge
    assert hits.loc["disgraceful", "quoted"] and not hits.loc["disgraceful", "loaded"]  # the senator's word
    assert set(hits["source"]) <= {"toolkit/data/loaded_language.txt", "subjectivity lexicon (Pattern, via textblob)"}
    flags = toolkit.loaded_sentences(sentences)
    assert flags["loaded"].tolist() == [True, False, False, False]
    assert flags["n_loaded"].tolist() == [3, 0, 0, 0] and flags["n_hedges"].tolist() == [0, 1, 0, 0]
    assert flags["n_quoted"].tolist()[2] == 2 and flags["words"].iloc[0] == "slammed, radical, sham"


def test_strongly_subjective_adjectives_are_loaded_and_topical_senses_are_not():
    _, sentences = _sentences("It was a disgusting and terrible decision. The defendant pleaded guilty on Monday. "
                              "The kind of support the bill needs is unclear.")
    hits = toolkit.loaded_language(sentences)
    assert {"disgusting", "terrible"} <= set(hits.loc[hits["category"] == "subjective", "word"])
    assert not set(hits["word"].str.lower()) & {"guilty", "kind", "support"}


# --- cost proportional to the text's length ---------------------------------------------------

def _reference_agency(sentences):
    """agency as first written: every word before each harm verb read again for it."""
    import re

    from toolkit.framing import _AUXILIARIES, _BE, _HARM_NEEDS, _PASSIVE_NEEDS, _WORD, HARM_VERBS, PASSIVE
    from toolkit._phrases import lower_words

    rows = []
    for article_id, sentence_id, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        words = lower_words(text)
        passive = not _PASSIVE_NEEDS.isdisjoint(words)
        if not passive and _HARM_NEEDS.isdisjoint(words):
            continue
        passive_spans = []
        for m in PASSIVE.finditer(text) if passive else ():
            has_agent = m.group("agent") is not None
            rows.append((article_id, sentence_id, "passive_agent" if has_agent else "passive_no_agent",
                         m.group("verb").lower(), (m.group("by") or "").strip() or None, m.group(0), text))
            passive_spans.append((m.start("verb"), m.end("verb")))
        for m in HARM_VERBS.finditer(text):
            if any(a <= m.start() < b for a, b in passive_spans):
                continue
            before = text[:m.start()].rstrip()
            previous = (_WORD.findall(before) or [""])[-1].lower()
            if re.search(rf"\b{_BE}\s*(?:\w+ly\s*)?$", before, re.IGNORECASE) \
                    or previous in ("the", "a", "an", "its", "their", "his", "her") or previous.endswith("ly"):
                continue
            found = [w for w in _WORD.findall(before) if w.lower() not in _AUXILIARIES]
            rows.append((article_id, sentence_id, "active", m.group("verb").lower(), " ".join(found[-3:]) or None,
                         text[max(0, m.start() - 40):m.end() + 30].strip(), text))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "voice", "verb", "agent", "phrase", "text"])


_AGENCY_WORDS = ["killed", "attacked", "was", "were badly", "had", "has also", "the", "Russia", "troops", "quickly",
                 "by NATO", ",", "x" * 300, "forces of the army", "  ", "—", "damaged", "destroyed"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_AGENCY_WORDS), min_size=1, max_size=60).map(" ".join))
def test_agency_reads_near_each_verb_what_it_read_before_it(text):
    _, sentences = _sentences(text)
    pd.testing.assert_frame_equal(toolkit.agency(sentences), _reference_agency(sentences), check_dtype=False)


def _reference_but_walk(sentiments, at):
    for position in range(len(sentiments)):
        value = sentiments[position]
        first = sentiments.index(value)
        if first < at:
            sentiments[first] = value * 0.5
        elif first > at:
            sentiments[first] = value * 1.5


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0, 0.0, 1.5, -2.0, 0.75, 3.0, -1.0, 2.25]), min_size=1, max_size=200), st.floats(0, 1))
def test_but_walk_on_long_sentences_is_vaders(values, where):
    from toolkit._vader import _but_walk

    at = int(where * (len(values) - 1))
    expected, ours = list(values), list(values)
    _reference_but_walk(expected, at)
    _but_walk(ours, at)
    assert ours == expected and [type(v) for v in ours] == [type(v) for v in expected]


def test_a_mention_in_a_run_without_sentence_ends_is_scored_on_the_words_near_it():
    from toolkit.targets import CONTEXT_TOKENS, MAX_SENTENCE_TOKENS, TOKEN

    filler = "the committee slammed the plan and praised the deal in the capital on a cold day"
    text = " ".join([filler] * 30 + ["NATO warned"] + [filler] * 30 + ["Russia was blamed"] + [filler] * 30)
    tokens = list(TOKEN.finditer(text))
    assert len(tokens) > MAX_SENTENCE_TOKENS
    long_run = toolkit.actor_mentions(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [text]}))
    assert long_run["actor"].tolist() == ["NATO", "Russia"]
    for mention in long_run.itertuples():
        first = next(k for k, t in enumerate(tokens) if t.start() == mention.start)
        low, high = max(0, first - CONTEXT_TOKENS), min(len(tokens), first + CONTEXT_TOKENS + 1)
        stretch = text[tokens[low].start():tokens[high - 1].end()]
        alone = toolkit.actor_mentions(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [stretch]}))
        row = alone[alone["actor"] == mention.actor].iloc[0]
        assert (row["p_negative"], row["p_neutral"], row["p_positive"], row["evidence"]) == \
            (mention.p_negative, mention.p_neutral, mention.p_positive, mention.evidence)


@pytest.mark.parametrize("lexicon", ["vader", "news"])
def test_sentences_with_emojis_score_as_polarity_scores(lexicon):
    """An emoji is read as its description and the sentence scored by VADER's rules alone, as
    ``polarity_scores`` does, but in one pass (``polarity_scores`` costs the square of a
    sentence's length)."""
    import random

    from toolkit._vader import analyzer
    from toolkit.framing import _scorer

    vader, score = analyzer(lexicon), _scorer(lexicon)
    emojis = sorted(k for k in vader.emojis if len(k) == 1)
    rng = random.Random(5)
    texts = [f"Great news{e} but the plan FAILED {e}{e} today!" for e in emojis]
    words = "the deal was not good but hopes rose sharply and officials were very happy hardly sad".split()
    texts += [" ".join(rng.choice(words + emojis[:40]) for _ in range(rng.randint(1, 300))) for _ in range(40)]
    for text in texts:
        expected = vader.polarity_scores(text)
        assert score(text) == (expected["neg"], expected["neu"], expected["pos"], expected["compound"]), text
