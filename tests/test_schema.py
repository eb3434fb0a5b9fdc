"""The table contract (toolkit.schema): the columns of the tables, their checks, the group of a row."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.schema import (SENTENCE_COLUMNS, TOKEN_COLUMNS, UNKNOWN_GROUP, group_column, require_columns,
                            word_counts)

from conftest import SAMPLE


def test_the_tables_have_the_contract_columns():
    articles = toolkit.load_corpus(SAMPLE)
    sentences = toolkit.split_sentences(articles)
    assert tuple(sentences.columns) == SENTENCE_COLUMNS
    assert tuple(toolkit.tokenize(sentences).columns) == TOKEN_COLUMNS
    assert set(toolkit.schema.ARTICLE_COLUMNS) <= set(articles.columns)


def test_a_missing_column_is_named_with_the_function_and_what_the_table_has():
    with pytest.raises(ValueError, match=r"share_of_voice: the table has no column 'speaker' \(it has article_id, x\)"):
        require_columns(pd.DataFrame({"article_id": [1], "x": [2]}), ("article_id", "speaker"), "share_of_voice")


def test_the_group_of_a_row_is_its_own_or_its_articles_and_a_missing_one_is_unknown():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["AFP", None, "AFP"]})
    rows = pd.DataFrame({"article_id": ["c", "b", "a", "zz"]}, index=[10, 11, 12, 13])
    groups = group_column(rows, "outlet", articles, "test")
    assert groups.tolist() == ["AFP", UNKNOWN_GROUP, "AFP", UNKNOWN_GROUP] and groups.index.tolist() == [10, 11, 12, 13]
    assert group_column(articles, "outlet", None, "test").tolist() == ["AFP", "(unknown)", "AFP"]
    with pytest.raises(ValueError, match="test: the table has no column 'desk'; pass articles="):
        group_column(rows, "desk", None, "test")


def test_words_are_counted_one_way_for_lengths_and_totals():
    texts = pd.Series(["Kyiv's 2 firmly-opposed — claims.", None, ""])
    assert word_counts(texts).tolist() == [6, 0, 0]
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "X"], "text": ["one two three", "four five"]})
    assert toolkit.corpus_summary(articles)["n_words"].tolist() == [5]
