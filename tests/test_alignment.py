"""Sentence alignment of two reports and the pair to align: toolkit.alignment."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from conftest import AFP_ID, BRUSSELS_ID

# --- alignment --------------------------------------------------------------------------------

def test_alignment_of_the_sample(tables):
    _, sentences, _ = tables
    alignment = toolkit.align_sentences(sentences, BRUSSELS_ID, AFP_ID)
    a_ids = set(sentences.loc[sentences["article_id"] == BRUSSELS_ID, "sentence_id"])
    b_ids = set(sentences.loc[sentences["article_id"] == AFP_ID, "sentence_id"])
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
    named = toolkit.reuse_summary(alignment, ids=("a", "b"))
    assert named["article_id"].tolist() == ["a", "b"]
    pd.testing.assert_frame_equal(named.drop(columns="article_id").set_index("side"), summary)
    with pytest.raises(ValueError, match="no sentences for article 'zzz'"):
        toolkit.align_sentences(sentences, "a", "zzz")


def test_align_story_and_pick_pair(tables):
    articles, sentences, _ = tables
    story = toolkit.align_story(sentences, [BRUSSELS_ID, AFP_ID])
    assert len(story) == len(sentences)
    kept = story[story["text"].str.startswith("\u201cWe view")]
    assert kept["n_same"].tolist() == [1, 1]
    assert toolkit.pick_pair(articles) == (BRUSSELS_ID, AFP_ID)
    assert toolkit.pick_pair(articles.head(1)) is None
    assert toolkit.pick_pair(articles.drop(columns="story")) == (BRUSSELS_ID, AFP_ID)  # matched as one story


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
