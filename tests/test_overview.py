"""What a corpus holds, per group: toolkit.overview."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.schema import UNKNOWN_GROUP


@pytest.fixture()
def articles():
    return pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "outlet": ["Beta", "Alpha", "Beta", None],
        "published": pd.to_datetime(["2024-03-02", "2024-03-01", "2024-03-05", None]),
        "text": ["one two three", "one two", "one two three four five", "one"],
        "removed": [["Share this"], [], ["Sign up", "Ad"], []],
        "removed_rule": [["promotion"], [], ["promotion", "repeated in 5 articles of Beta"], []],
    })


def test_corpus_summary_counts_each_group_largest_first(articles):
    before = articles.copy()
    table = toolkit.corpus_summary(articles)
    assert table["group"].tolist() == ["Beta", UNKNOWN_GROUP, "Alpha"]  # then by name: "(" sorts before "A"
    beta = table.set_index("group").loc["Beta"]
    assert beta["n_articles"] == 2 and beta["n_words"] == 8 and beta["median_words"] == 4
    assert beta["first_published"] == pd.Timestamp("2024-03-02") and beta["last_published"] == pd.Timestamp("2024-03-05")
    assert beta["n_removed_lines"] == 3
    assert table["n_articles"].sum() == len(articles), "an article without a group is counted, as (unknown)"
    assert table.set_index("group").loc[UNKNOWN_GROUP, "n_articles"] == 1
    pd.testing.assert_frame_equal(articles, before)


def test_groups_of_one_size_are_in_name_order(articles):
    table = toolkit.corpus_summary(articles)
    ones = table[table["n_articles"] == 1]["group"].tolist()
    assert ones == sorted(ones)
    assert toolkit.largest_groups(articles, n=2) == ["Beta", UNKNOWN_GROUP]
    assert toolkit.largest_groups(articles, n=10) == ["Beta", UNKNOWN_GROUP, "Alpha"]


def test_shown_groups_says_which_part_a_figure_shows(articles):
    assert toolkit.shown_groups(articles, ["Beta"]) == \
        "the largest 1 of 3 groups by outlet, with their articles: Beta (2)"
    everything = toolkit.shown_groups(articles, ["Beta", "Alpha", UNKNOWN_GROUP])
    assert everything.startswith("all 3 groups by outlet") and "Alpha (1)" in everything


def test_removed_lines_one_row_a_line_with_its_rule(articles):
    lines = toolkit.removed_lines(articles)
    assert lines[["article_id", "n", "line"]].values.tolist() == [["a", 0, "Share this"], ["c", 0, "Sign up"],
                                                                  ["c", 1, "Ad"]]
    assert lines["rule"].tolist() == ["promotion", "promotion", "repeated in 5 articles of Beta"]
    assert lines["group"].tolist() == ["Beta", "Beta", "Beta"]


def test_join_articles_adds_columns_it_lacks_and_keeps_the_rest(articles):
    table = pd.DataFrame({"article_id": ["a", "c", "zz"], "outlet": ["kept", "kept", "kept"], "x": [1, 2, 3]})
    joined = toolkit.join_articles(table, articles, ["outlet", "published"])
    assert joined["outlet"].tolist() == ["kept"] * 3, "a column the table has is left as it is"
    assert joined["published"].iloc[0] == pd.Timestamp("2024-03-02") and pd.isna(joined["published"].iloc[2])
    assert "published" not in table
    with pytest.raises(ValueError, match="join_articles"):
        toolkit.join_articles(table.drop(columns="article_id"), articles)


def test_readable_articles_name_each_article_by_group_and_title(sample):
    from conftest import AFP_ID, BRUSSELS_ID

    table = pd.DataFrame({"article_id": [AFP_ID, BRUSSELS_ID], "sentence_id": [1, 2],
                          "found_in": [[BRUSSELS_ID], [AFP_ID, AFP_ID]]})
    before = table.copy(deep=True)
    shown = toolkit.readable_articles(table, sample, title_chars=20)
    pd.testing.assert_frame_equal(table, before)
    assert list(shown.columns) == ["outlet", "title", "sentence_id", "found_in", "article_id"]
    assert shown["outlet"].tolist() == ["AFP", "24brussels"] and shown["found_in"].tolist() == ["24brussels", "AFP"]
    assert all(len(t) <= 20 for t in shown["title"]) and shown["title"].str.endswith("…").any()
    assert shown["article_id"].tolist() == [AFP_ID, BRUSSELS_ID]
