"""Distinctive terms (the log-odds of Monroe et al. 2008) and keywords in context: toolkit.terms."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.terms import distinctive_from_counts
from conftest import tokens_of

# --- distinctive terms ------------------------------------------------------------------------

def test_log_odds_equals_a_hand_computed_case():
    # group A: "alpha alpha beta", group B: "beta gamma"; unigrams, no stop words involved
    tokens, articles = tokens_of({"A": "alpha alpha beta", "B": "beta gamma"})
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
    tokens, articles = tokens_of({"A": "war war peace talks", "B": "talks talks ceasefire", "C": "peace peace war"})
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
