"""Wording: distinctive terms, KWIC, name variants, attribution verbs, quotes, alignment."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.names import _spelling_edit, fold_name
from toolkit.terms import distinctive_from_counts

BRUSSELS, AFP = "000_a1d604bcc0e88a65", "001_9945b7762ff2502c"


@pytest.fixture(scope="module")
def tables(sample):
    sentences = toolkit.split_sentences(sample)
    return sample, sentences, toolkit.tokenize(sentences)


def _tokens(groups: dict[str, str]) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": list(groups), "outlet": list(groups), "text": list(groups.values())})
    return toolkit.tokenize(toolkit.split_sentences(articles)), articles


# --- distinctive terms ------------------------------------------------------------------------

def test_log_odds_equals_a_hand_computed_case():
    # group A: "alpha alpha beta", group B: "beta gamma"; unigrams, no stop words involved
    tokens, articles = _tokens({"A": "alpha alpha beta", "B": "beta gamma"})
    out = toolkit.distinctive_terms(tokens, articles=articles, ngrams=(1,)).set_index(["group", "term"])
    # pooled counts alpha 2, beta 2, gamma 1 (N = 5); prior a_w = 1.0 * 5 * (y_w / 5) + 0.01 = y_w + 0.01
    a = {"alpha": 2.01, "beta": 2.01, "gamma": 1.01}
    a0 = sum(a.values())
    # alpha in A (y_i = 2, n_i = 3) against B (y_j = 0, n_j = 2)
    delta = math.log((2 + a["alpha"]) / (3 + a0 - 2 - a["alpha"])) - math.log((0 + a["alpha"]) / (2 + a0 - 0 - a["alpha"]))
    z = delta / math.sqrt(1 / (2 + a["alpha"]) + 1 / (0 + a["alpha"]))
    assert out.loc[("A", "alpha"), "log_odds"] == pytest.approx(delta, rel=1e-12)
    assert out.loc[("A", "alpha"), "z"] == pytest.approx(z, rel=1e-12)
    assert out.loc[("A", "alpha"), "count"] == 2 and out.loc[("A", "alpha"), "count_other"] == 0
    # beta in B (y_i = 1, n_i = 2) against A (y_j = 1, n_j = 3)
    delta_b = math.log((1 + a["beta"]) / (2 + a0 - 1 - a["beta"])) - math.log((1 + a["beta"]) / (3 + a0 - 1 - a["beta"]))
    assert out.loc[("B", "beta"), "log_odds"] == pytest.approx(delta_b, rel=1e-12)


def test_distinctive_terms_on_the_sample(tables):
    articles, _, tokens = tables
    terms = toolkit.distinctive_terms(tokens, articles=articles)
    assert list(terms.columns) == ["group", "term", "n", "count", "count_other", "log_odds", "z"]
    top = terms.groupby("group").head(1).set_index("group")["term"].to_dict()
    assert top == {"24brussels": "zelenskyy", "AFP": "zelensky"}
    assert {"firmly opposed", "tragically"} <= set(terms.loc[terms["group"] == "24brussels", "term"])
    assert "firmly rejected" in set(terms.loc[terms["group"] == "AFP", "term"])
    assert not terms["term"].isin(["the", "of", "and"]).any()


def test_more_than_two_groups_pairwise_and_background():
    tokens, articles = _tokens({"A": "war war peace talks", "B": "talks talks ceasefire", "C": "peace peace war"})
    rest = toolkit.distinctive_terms(tokens, articles=articles)
    assert set(rest["group"]) == {"A", "B", "C"}
    pairs = toolkit.distinctive_terms(tokens, articles=articles, pairwise=True)
    assert set(zip(pairs["group"], pairs["other"])) == {(g, h) for g in "ABC" for h in "ABC" if g != h}
    background = toolkit.distinctive_terms(tokens, articles=articles, background={"war": 1000, "peace": 10})
    assert np.isfinite(background["z"]).all()


def _log_odds_by_the_book(counts: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """Monroe et al.'s z for each group against the rest, term by term in plain Python."""
    summed = counts.groupby(["group", "term"])["count"].sum()
    pooled = summed.groupby(level="term").sum()
    pooled = pooled[pooled >= min_count]
    total = pooled.sum()
    a = {t: total * (c / total) + 0.01 for t, c in pooled.items()}
    a0 = sum(a.values())
    group_total = {g: sum(c for (h, t), c in summed.items() if h == g and t in a) for g in summed.index.levels[0]}
    rows = []
    for (g, t), y_i in summed.items():
        if t not in a:
            continue
        y_j, n_i = pooled[t] - y_i, group_total[g]
        n_j = total - n_i
        delta = (math.log((y_i + a[t]) / (n_i + a0 - y_i - a[t])) - math.log((y_j + a[t]) / (n_j + a0 - y_j - a[t])))
        rows.append((g, t, y_i, y_j, delta, delta / math.sqrt(1 / (y_i + a[t]) + 1 / (y_j + a[t]))))
    return pd.DataFrame(rows, columns=["group", "term", "count", "count_other", "log_odds", "z"])


def test_distinctive_from_counts_adds_up_rows_in_any_order():
    rng = np.random.default_rng(7)
    terms = ["war", "peace", "talks", "kyiv", "kiev", "firmly rejected", "firmly opposed", "é"]
    for trial in range(30):
        n = int(rng.integers(8, 80))
        counts = pd.DataFrame({"group": rng.choice(["AFP", "BBC", "CNN"], n), "term": rng.choice(terms, n),
                               "count": rng.integers(1, 9, n)})
        counts["n"] = counts["term"].str.count(" ") + 1
        for min_count in (1, 6):
            got = distinctive_from_counts(counts.sample(frac=1, random_state=trial), min_count=min_count,
                                          min_term_chars=1)
            expected = _log_odds_by_the_book(counts, min_count)
            if counts["group"].nunique() < 2 or expected.empty:
                assert got.empty
                continue
            merged = got.merge(expected, on=["group", "term"], suffixes=("", "_book"), validate="1:1")
            assert len(merged) == len(got) == len(expected)
            assert (merged["count"] == merged["count_book"]).all()
            assert (merged["count_other"] == merged["count_other_book"]).all()
            np.testing.assert_allclose(merged["z"], merged["z_book"], rtol=1e-12)
            np.testing.assert_allclose(merged["log_odds"], merged["log_odds_book"], rtol=1e-12)
            # sorted by group, then z from the highest (ties by term)
            keys = list(zip(got["group"], -got["z"], got["term"]))
            assert keys == sorted(keys)
            assert (got["n"] == got["term"].str.count(" ") + 1).all()
            top = distinctive_from_counts(counts, min_count=min_count, top=2, min_term_chars=1)
            pd.testing.assert_frame_equal(top, got.groupby("group").head(2).reset_index(drop=True))


@pytest.mark.parametrize("groups", [{"A": "only one group here"}, {"A": "", "B": "   "}, {"A": "the of and", "B": "the"}])
def test_degenerate_inputs_give_an_empty_well_formed_table(groups):
    articles = pd.DataFrame({"article_id": list(groups), "outlet": list(groups), "text": list(groups.values())})
    tokens = toolkit.tokenize(toolkit.split_sentences(articles))
    out = toolkit.distinctive_terms(tokens, articles=articles)
    assert out.empty and "z" in out.columns


def test_missing_group_column_is_a_clear_error(tables):
    _, _, tokens = tables
    with pytest.raises(ValueError, match="outlet"):
        toolkit.distinctive_terms(tokens)


# --- KWIC -------------------------------------------------------------------------------------

def test_kwic(tables):
    _, _, tokens = tables
    hits = toolkit.kwic(tokens, "firmly", window=3)
    assert hits["right"].tolist() == ["opposed the prospect", "rejected the possibility"]
    assert hits["left"].tolist() == ["Russia has", "Russia has"]
    two = toolkit.kwic(tokens, "firmly rejected")
    assert len(two) == 1 and two.loc[0, "keyword"] == "firmly rejected"
    assert toolkit.kwic(tokens, "absent-everywhere").empty
    assert len(toolkit.kwic(tokens, ["Zelensky", "Zelenskyy"])) == 7


# --- name variants ----------------------------------------------------------------------------

def test_name_variants_on_the_sample(tables):
    articles, _, tokens = tables
    variants = toolkit.name_variants(tokens, articles=articles)
    zelensky = variants[variants["canonical"] == "Zelensky"].set_index("variant")
    assert zelensky.loc["Zelenskyy", "group"] == "24brussels" and zelensky.loc["Zelenskyy", "count"] == 4
    assert zelensky.loc["Zelensky", "group"] == "AFP" and zelensky.loc["Zelensky", "count"] == 3
    assert "Lugansk" in set(variants["variant"]) and "Chernigiv" in set(variants["variant"])


@pytest.mark.parametrize("a, b, same", [
    ("Zelenskyy", "Zelensky", True), ("Luhansk", "Lugansk", True), ("Kharkiv", "Kharkov", True),
    ("Sergei", "Sergey", True), ("López", "Lopez", True), ("O’Rourke", "O'Rourke", True),
    ("Gill", "Hill", False), ("Paris", "Parish", False), ("Russia", "Russian", False),
])
def test_fold_name(a, b, same):
    assert (fold_name(a) == fold_name(b)) is same


def test_detection_user_aliases_and_inflections():
    tokens, articles = _tokens({
        "A": "Officials met Navalnyy and Zelenskiy in Kyiv. Later Navalnyy left. Russia and Russian troops.",
        "B": "Officials met Navalny and Zelensky in Kiev. Later Navalny left. Russia and Russian troops.",
    })
    variants = toolkit.name_variants(tokens, articles=articles, aliases={"Kyiv": ["Kyjiw"]})
    canon = variants.groupby("canonical")["variant"].agg(set).to_dict()
    assert canon["Navalny"] == {"Navalny", "Navalnyy"} and canon["Kyiv"] == {"Kyiv", "Kiev"}
    assert "Russian" not in set(variants["variant"])


@pytest.mark.parametrize("a, b, same", [
    ("lindsey", "lindsay", True), ("stacey", "stacy", True), ("mahmoud", "mahmud", True),
    ("hillary", "hilary", True), ("gadhafi", "gadafi", True), ("nikolas", "nicolas", True),
    ("ivanka", "ivana", False), ("boston", "bolton", False), ("carlson", "carson", False),
])
def test_one_letter_apart_as_spellings_are(a, b, same):
    assert _spelling_edit(a, b) is same and _spelling_edit(b, a) is same


def test_detection_keeps_relatives_and_short_words_apart():
    tokens, articles = _tokens({
        "A": "Hillary Clinton spoke. Later Hillary Clinton left. Ivanka Trump came. Ivanka Trump spoke. "
             "A Lego set. The Lego box.",
        "B": "Hilary Clinton spoke. Later Hilary Clinton left. Ivana Trump came. Ivana Trump spoke. "
             "Gillis Leho left. Leho said so.",
    })
    variants = toolkit.name_variants(tokens, articles=articles)
    canon = variants.groupby("canonical")["variant"].agg(set).to_dict()
    assert canon == {"Hilary": {"Hilary", "Hillary"}}  # not Ivana ~ Ivanka, nor Lego ~ Leho


# --- attribution and quotes -------------------------------------------------------------------

def test_attribution_verbs_on_the_sample(tables):
    articles, sentences, _ = tables
    verbs = toolkit.attribution_verbs(sentences, articles=articles)
    by_group = verbs.groupby("group")["verb"].agg(set).to_dict()
    assert {"stated", "remarked", "declared", "noted"} <= by_group["24brussels"]
    assert {"said", "stated", "described", "confirmed", "emphasized"} <= by_group["AFP"]
    remarked = verbs[(verbs["group"] == "24brussels") & (verbs["verb"] == "remarked")].iloc[0]
    assert remarked["count"] == 2 and remarked["class"] == "other"
    assert verbs.groupby("group")["share"].sum().round(9).eq(1).all()
    classes = toolkit.attribution_verbs(sentences, articles=articles, per="class")
    assert set(classes["class"]) <= {"neutral", "loaded", "other"}


@pytest.mark.parametrize("sentence, verbs", [
    ("The company added 3,000 jobs last year.", []),
    ("The attack claimed 10 lives.", []),
    ("Officials confirmed cases in three states.", []),
    ("\u201cWe will not back down,\u201d he added.", ["added"]),
    ("She claimed that the vote was rigged.", ["claimed"]),
    ("The minister insisted the plan would work.", ["insisted"]),
    ("Power was cut, as stated by the authorities.", ["stated"]),
    ("Talks stalled, according to two officials.", ["according to"]),
])
def test_attribution_verbs_need_speech_when_ambiguous(sentence, verbs):
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "outlet": ["o"], "text": [sentence]}))
    sentences["outlet"] = "o"
    assert toolkit.attribution_verbs(sentences)["verb"].tolist() == verbs


def test_quotes_and_speakers_on_the_sample(tables):
    _, sentences, _ = tables
    quoted = toolkit.quotes(sentences)
    speaker = {(r.article_id, r.text[:20]): r.speaker for r in quoted.itertuples()}
    assert speaker[(BRUSSELS, "We view such discuss")] == "Dmitry Peskov"  # "he stated": the person named before
    # "he remarked" after "Zelenskyy accused": the full name the article gives
    assert speaker[(BRUSSELS, "The Russians are cur")] == "Volodymyr Zelenskyy"
    assert speaker[(AFP, "We view such discuss")] == "Dmitry Peskov"  # "Peskov said": one name per person
    assert speaker[(AFP, "The Russians are cur")] == "Volodymyr Zelensky"
    assert speaker[(AFP, "one of the most impo")] == "Dmitry Peskov"  # "according to Peskov"
    assert speaker[(AFP, "negative signals reg")] == "Volodymyr Zelensky"  # not "Russia", the one accused
    assert speaker[(AFP, "Russians attacked en")] == "Ukraine’s energy ministry"
    kinds = dict(zip(quoted["speaker"], quoted["speaker_kind"]))
    assert kinds["Dmitry Peskov"] == kinds["Volodymyr Zelensky"] == "person"
    assert kinds["Ukraine’s energy ministry"] == "organisation"
    texts = sentences.groupby("article_id")  # offsets index the article text
    for row in quoted.itertuples():
        assert row.n_words >= 3 and row.end > row.start


def test_quotes_tolerate_straight_and_mismatched_marks():
    text = ('"This is a straight quote here," said Jane Smith. \u201cAnd a curly one follows now,\u201c she added. '
            '\u201cUnclosed quotations run to the end of the paragraph')
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    quoted = toolkit.quotes(sentences)
    assert quoted["text"].tolist() == ["This is a straight quote here,", "And a curly one follows now,",
                                       "Unclosed quotations run to the end of the paragraph"]
    assert quoted["speaker"].tolist() == ["Jane Smith", "Jane Smith", "Jane Smith"]


def test_share_of_voice(tables):
    articles, sentences, _ = tables
    voices = toolkit.share_of_voice(toolkit.quotes(sentences), articles=articles)
    brussels = voices[voices["group"] == "24brussels"].set_index("speaker")
    assert brussels.loc["Dmitry Peskov", "n_quotes"] == 2  # "Dmitry Peskov" and "Peskov" are one speaker
    assert list(voices.columns) == ["group", "speaker", "speaker_kind", "n_quotes", "quoted_words", "share"]
    assert voices.groupby("group")["share"].sum().round(9).eq(1).all()
    assert toolkit.share_of_voice(toolkit.quotes(sentences.iloc[:0])).empty


def test_a_speaker_some_quotations_show_to_be_a_person_is_one_in_any_order():
    # one article calls him "Rep. Buck McKeon" (a person), another just "McKeon" (unknown);
    # the engine sums the parts of a corpus in another order than the whole: the same kind
    from toolkit.speech import voice_from_counts

    quoted = pd.DataFrame({"article_id": ["a", "b", "c"], "speaker": ["McKeon", "McKeon", "Ann Lee"],
                           "speaker_kind": ["unknown", "person", "person"], "n_words": [10, 5, 7],
                           "outlet": ["X", "X", "X"]})
    whole = toolkit.share_of_voice(quoted)
    assert whole.set_index("speaker").loc["McKeon", "speaker_kind"] == "person"
    # the counts of two parts of the corpus, as analyze puts them together: the part where
    # McKeon is unknown first, then the reverse
    parts = pd.DataFrame({"group": ["X", "X", "X"], "speaker": ["McKeon", "McKeon", "Ann Lee"],
                          "speaker_kind": ["unknown", "person", "person"], "n_quotes": [1, 1, 1],
                          "quoted_words": [10, 5, 7]})
    for order in (parts, parts.iloc[::-1].reset_index(drop=True)):
        pd.testing.assert_frame_equal(voice_from_counts(order), whole)


# --- alignment --------------------------------------------------------------------------------

def test_alignment_of_the_sample(tables):
    _, sentences, _ = tables
    alignment = toolkit.align_sentences(sentences, BRUSSELS, AFP)
    a_ids = set(sentences.loc[sentences["article_id"] == BRUSSELS, "sentence_id"])
    b_ids = set(sentences.loc[sentences["article_id"] == AFP, "sentence_id"])
    assert set(alignment["a_sentence"].dropna()) == a_ids and set(alignment["b_sentence"].dropna()) == b_ids

    def row(a_text=None, b_text=None):
        mask = pd.Series(True, index=alignment.index)
        if a_text:
            mask &= alignment["a_text"].fillna("").str.contains(a_text, regex=False)
        if b_text:
            mask &= alignment["b_text"].fillna("").str.contains(b_text, regex=False)
        return alignment[mask]

    view = row("We view such discussions negatively", "We view such discussions negatively")
    assert view["relation"].tolist() == ["same"]
    assert row("81-year-old woman")["relation"].tolist() == ["only_a"]
    assert row(b_text="Security guarantees for Ukraine remain")["relation"].tolist() == ["only_b"]
    opening = row("firmly opposed").iloc[0]
    assert opening["relation"] == "paraphrase"
    assert {"opposed → rejected", "Zelenskyy → Zelensky"} <= set(opening["substitutions"])
    split = row("Russians attacked energy")
    assert len(split) == 2 and split["b_sentence"].nunique() == 2  # one sentence pairs with two


def test_alignment_handles_reordering_and_identical_articles():
    text_a = "The vote failed on Monday. Protesters gathered outside parliament. The minister resigned in the evening."
    text_b = "The minister resigned in the evening. The vote failed on Monday."
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["a", "b"], "text": [text_a, text_b]}))
    alignment = toolkit.align_sentences(sentences, "a", "b")
    assert alignment["relation"].tolist() == ["same", "only_a", "same"]
    assert alignment["b_sentence"].tolist()[::2] == [1, 0]
    itself = toolkit.align_sentences(sentences, "a", "a")
    assert (itself["relation"] == "same").all()
    summary = toolkit.reuse_summary(alignment).set_index("side")
    assert summary.loc["b", "share_reused"] == 1.0 and summary.loc["a", "n_only"] == 1
    with pytest.raises(ValueError, match="no sentences for article 'zzz'"):
        toolkit.align_sentences(sentences, "a", "zzz")


def test_align_story_and_pick_pair(tables):
    articles, sentences, _ = tables
    story = toolkit.align_story(sentences, [BRUSSELS, AFP])
    assert len(story) == len(sentences)
    kept = story[story["text"].str.startswith("\u201cWe view")]
    assert kept["n_same"].tolist() == [1, 1]
    assert toolkit.pick_pair(articles) == (BRUSSELS, AFP)
    assert toolkit.pick_pair(articles.head(1)) is None
    assert toolkit.pick_pair(articles.drop(columns="story")) == (BRUSSELS, AFP)  # matched as one story


def test_two_unrelated_reports_are_not_a_pair(tables):
    articles, _, _ = tables
    other = ("The Norwegian parliament in Oslo approved a budget that raises fisheries subsidies in Tromso and "
             "Bodo, finance minister Vedum said on Friday. The Storting vote passed by a narrow margin after a long "
             "debate about oil revenue and the pension fund.")
    unrelated = pd.DataFrame({"article_id": ["brussels", "oslo"], "outlet": ["24brussels", "NRK"],
                              "text": [articles["text"].iloc[0], other]})
    assert toolkit.pick_pair(unrelated) is None
    named = unrelated.assign(story=["ukraine", "budget"])
    assert toolkit.pick_pair(named) is None


def test_alignment_html_escapes_article_text():
    hostile = "He wrote <script>alert(1)</script> and <img src=x onerror=alert(2)> today."
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["a", "b"], "text": [hostile, "Something else entirely."]}))
    page = toolkit.alignment_html(toolkit.align_sentences(sentences, "a", "b"), a_label="<b>A</b>")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;A&lt;/b&gt;" in page


@pytest.mark.parametrize("sentence, speaker", [
    ("\u201cWe will look at every option on the table,\u201d longtime adviser Roger Stone said.", "Roger Stone"),
    ("\u201cThe plan is dead on arrival in the Senate,\u201d the energy ministry said.", "energy ministry"),
])
def test_speaker_is_the_name_a_phrase_ends_with(sentence, speaker):
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [sentence]}))
    assert toolkit.quotes(sentences)["speaker"].tolist() == [speaker]


def test_honorifics_are_titles_not_names():
    text = "\u201cWe will not accept this deal at all,\u201d said Mr. Trump. \u201cIt is a fair offer,\u201d Ms. Pelosi said."
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    assert toolkit.quotes(sentences)["speaker"].tolist() == ["Trump", "Pelosi"]
    assert toolkit.quotes(sentences)["speaker_kind"].tolist() == ["person", "person"]


def _quotes_of(*texts: str) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "outlet": "o", "text": list(texts)})
    return toolkit.quotes(toolkit.split_sentences(articles))


@pytest.mark.parametrize("text, speaker, kind", [
    # titles, offices, forms of address and party tags are not part of a name
    ("“We will not be moved on this question at all,” President Donald Trump said.", "Donald Trump", "person"),
    ("“The vote will happen in the spring,” House Speaker Paul Ryan said on Tuesday.", "Paul Ryan", "person"),
    ("“This is a matter for the courts alone,” said White House Counsel Don McGahn.", "Don McGahn", "person"),
    ("“The wealthy should pay their share now,” said Sen. Bernie Sanders D-VT.", "Bernie Sanders", "person"),
    # an appositive and a place after "of" are stepped over; a day after "said" is no name
    ("“It's my fear that we are on the verge of becoming a surveillance state,” Rep. John Conyers of Michigan, "
     "the ranking Democrat on the judiciary panel, said Thursday.", "John Conyers", "person"),
    # an office with "of" before the name
    ("“We will not be moved on this at all,” said Secretary of State Condoleezza Rice on Tuesday.",
     "Condoleezza Rice", "person"),
    ("“The plan is sound and we back it fully,” Secretary of Homeland Security Kirstjen Nielsen said.",
     "Kirstjen Nielsen", "person"),
    ("“I am proud of what my father built here,” said Donald J. Trump on Monday.", "Donald J Trump", "person"),
    # organisations
    ("“We take these reports very seriously indeed,” the Justice Department said.", "Justice Department",
     "organisation"),
    ("“No comment on an ongoing investigation,” the FBI said in a statement.", "FBI", "organisation"),
    # never a speaker: a document, a number, a day
    ("“The working group determined that extending the date should not be considered,” the report said.",
     "(unattributed)", "unknown"),
    ("“Many relocated to other places during the pandemic,” the 300-page report said.", "(unattributed)", "unknown"),
])
def test_speakers_are_names_of_people_or_organisations(text, speaker, kind):
    quoted = _quotes_of(text)
    assert quoted[["speaker", "speaker_kind"]].values.tolist() == [[speaker, kind]]


def test_one_name_per_person_within_an_article():
    text = ("President Donald Trump spoke to reporters on the lawn of the White House on Monday morning.\n\n"
            "“We are going to win this one very easily,” Mr. Trump said.\n\n"
            "“It is going to be a big week for the country,” Trump added later.\n\n"
            "“I think the numbers are very good for us,” the president said. “Really good,” he said.")
    quoted = _quotes_of(text)
    assert quoted["speaker"].tolist()[:2] == ["Donald Trump", "Donald Trump"]
    assert set(quoted["speaker_kind"]) <= {"person", "unknown"}


def test_a_pronoun_with_nothing_to_refer_to_is_no_speaker():
    quoted = _quotes_of("“We will keep fighting for every single vote in this state,” she said.")
    assert quoted["speaker"].tolist() == ["(unattributed)"]


def test_a_surname_alone_becomes_the_full_name_the_corpus_gives_it():
    texts = ["“The economy is doing great right now,” President Trump said on Monday.",
             "“We will build the wall and it will be beautiful,” said Donald Trump, the Republican nominee.",
             "“I have nothing more to say about this matter,” Donald Trump told reporters.",
             "“I would not vote for that bill in any form,” said Sen. Bernie Sanders.",
             "“The briefing is over for today, thank you all,” said press secretary Sarah Sanders.",
             "“The plan is a disgrace to working people,” Sanders said."]
    quoted = _quotes_of(*texts)
    voices = toolkit.share_of_voice(quoted, articles=pd.DataFrame({"article_id": [f"a{i}" for i in range(6)],
                                                                    "outlet": ["o"] * 6}))
    speakers = dict(zip(voices["speaker"], voices["n_quotes"]))
    assert speakers["Donald Trump"] == 3  # "President Trump" in a0 resolves across the corpus
    assert "Trump" not in speakers
    assert speakers["Sanders"] == 1  # two people share the surname: left as it is
    resolved = toolkit.resolve_speakers(quoted)
    assert resolved.loc[0, "speaker"] == "Donald Trump" and resolved.loc[0, "speaker_kind"] == "person"


def test_middle_initials_do_not_split_a_person():
    quoted = _quotes_of("“We will win this state and then the next,” said Donald J. Trump on Tuesday.",
                        "“The rally will go ahead as it was planned,” Donald Trump said.",
                        "“I am proud of what my father built here,” said Donald Trump Jr. on Monday.")
    assert toolkit.resolve_speakers(quoted)["speaker"].tolist() == ["Donald Trump", "Donald Trump", "Donald Trump Jr"]


# --- distinctive terms that are about the news ---------------------------------------------------

def _outlets_corpus() -> pd.DataFrame:
    cnn = ["Senators told CNN on Monday that the border bill would pass before the recess, and the "
           "White House said the wall money was settled.",
           "The border bill cleared a key vote, a Senate aide told CNN, as the wall money stayed in it.",
           "Mr. Smith said the border bill and the wall money would reach the floor this week, CNN learned."]
    fox = ["The tariff fight with Beijing deepened as soybean farmers in Iowa counted their losses, Fox News "
           "reported, and Mr. Lee warned of more.",
           "Soybean farmers asked for tariff relief as Beijing cut its orders, Mr. Lee told Fox News.",
           "Tariff relief for soybean farmers moved ahead in the House, a farm lobbyist told Fox News."]
    rows = [(f"c{i}", "CNN (Web News)", "Ann Roe", "https://www.cnn.com/x", t) for i, t in enumerate(cnn)]
    rows += [(f"f{i}", "Fox Online News", "Bo Diaz", "https://www.foxnews.com/y", t) for i, t in enumerate(fox)]
    rows += [("c3", "CNN (Web News)", "Ann Roe", "https://www.cnn.com/z",
              "Ann Roe contributed reporting on the border bill from the Capitol on Tuesday morning.")]
    return pd.DataFrame(rows, columns=["article_id", "outlet", "byline", "url", "text"])


def test_a_groups_own_name_staff_and_forms_of_address_are_left_out():
    articles = _outlets_corpus()
    tokens = toolkit.tokenize(toolkit.split_sentences(articles))
    terms = toolkit.distinctive_terms(tokens, articles=articles, min_articles=1)
    shown = set(terms["term"])
    assert not shown & {"cnn", "told cnn", "fox", "fox news", "told fox", "news", "roe", "ann roe", "mr", "said mr"}
    assert {"border bill", "soybean farmers"} <= shown
    everything = set(toolkit.distinctive_terms(tokens, articles=articles, min_articles=1, exclude_own_names=False,
                                               exclude_honorifics=False, merge_nested=False)["term"])
    assert {"cnn", "told cnn", "fox news", "told fox", "ann roe", "mr"} <= everything
    # the scores of the terms shown are those of the full table (the filter only leaves rows out)
    merged = terms.merge(toolkit.distinctive_terms(tokens, articles=articles, min_articles=1, exclude_own_names=False,
                                                   exclude_honorifics=False, merge_nested=False),
                         on=["group", "term"], suffixes=("", "_all"))
    assert len(merged) == len(terms) and np.allclose(merged["z"], merged["z_all"])


def test_a_term_from_one_article_is_that_articles_subject():
    a = "The harbour reopened after the storm. Harbour pilots said the harbour was busy. The harbour master agreed."
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "b1", "b2", "b3"], "outlet": ["A"] * 3 + ["B"] * 3,
        "text": [a + " Ferry fares rose.", "Ferry fares rose again in the city.", "The ferry fares debate went on.",
                 "Rail fares fell in the region.", "Rail fares stayed low.", "Rail fares were cut once more."]})
    tokens = toolkit.tokenize(toolkit.split_sentences(articles))
    shown = set(toolkit.distinctive_terms(tokens, articles=articles)["term"])
    assert "harbour" not in shown  # four uses, all in one article
    assert {"ferry fares", "rail fares"} <= shown  # every article of the group
    assert "harbour" in set(toolkit.distinctive_terms(tokens, articles=articles, min_articles=1)["term"])


def test_a_word_a_phrase_accounts_for_is_the_same_evidence():
    articles = pd.DataFrame({
        "article_id": [f"a{i}" for i in range(3)] + [f"b{i}" for i in range(3)],
        "outlet": ["A"] * 3 + ["B"] * 3,
        "text": ["Hand sanitizer sold out. Hand sanitizer makers hired staff."] * 3
                + ["Train drivers went on strike. Train drivers want pay."] * 3})
    tokens = toolkit.tokenize(toolkit.split_sentences(articles))
    shown = set(toolkit.distinctive_terms(tokens, articles=articles)["term"])
    assert "hand sanitizer" in shown and "sanitizer" not in shown and "hand" not in shown
    assert "sanitizer" in set(toolkit.distinctive_terms(tokens, articles=articles, merge_nested=False)["term"])


def test_on_allsides_no_headline_term_is_an_outlets_own_name(allsides):
    from toolkit.outlets import name_forms

    result = toolkit.analyze(allsides, workers=1, progress=False)
    terms = result["distinctive_terms"]
    for outlet in allsides["outlet"].value_counts().index[:15]:
        top = terms[terms["group"] == outlet]["term"].head(10).tolist()
        assert not [t for t in top for f in name_forms(outlet) if f" {f} " in f" {t} "], (outlet, top)


def test_a_word_never_seen_as_a_person_is_not_made_one():
    table = pd.DataFrame({"speaker": ["Wanda Kos", "Kos", "Trump", "Donald Trump", "Trump"],
                          "speaker_kind": ["person", "unknown", "person", "person", "unknown"]})
    resolved = toolkit.resolve_speakers(table)
    # "Kos" (a blog's name) was never a person; "Trump" was, in another article
    assert resolved["speaker"].tolist() == ["Wanda Kos", "Kos", "Donald Trump", "Donald Trump", "Donald Trump"]
    assert resolved["speaker_kind"].tolist() == ["person", "unknown", "person", "person", "person"]
