"""The table contract: the tables the analyses pass on, what each must hold, which group a
row belongs to, and what a word is when the words of an article are counted.

Every function of the toolkit takes and returns tidy tables (pandas DataFrames):

- **articles**, one row an article: :data:`ARTICLE_COLUMNS` (from :func:`toolkit.load_corpus`;
  a manifest's or a record's further fields are kept as further columns, any of which can
  group the comparison);
- **sentences**, one row a sentence: :data:`SENTENCE_COLUMNS` (:func:`toolkit.split_sentences`);
- **tokens**, one row a token: :data:`TOKEN_COLUMNS` (:func:`toolkit.tokenize`).

A function checks the columns it reads with :func:`require_columns`, finds the group of each
row with :func:`group_column` (its own column, or its article's), and names a missing group
:data:`UNKNOWN_GROUP`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["ARTICLE_COLUMNS", "SENTENCE_COLUMNS", "TOKEN_COLUMNS", "UNKNOWN_GROUP", "group_codes", "group_column",
           "group_labels",
           "require_columns", "word_counts"]

ARTICLE_COLUMNS = ("article_id", "outlet", "story", "title", "published", "published_raw", "byline", "dateline",
                   "credit", "url", "text", "source", "removed", "removed_rule")
SENTENCE_COLUMNS = ("article_id", "sentence_id", "paragraph", "start", "end", "text", "quote")
TOKEN_COLUMNS = ("article_id", "sentence_id", "token_id", "start", "end", "text", "lower", "is_word", "is_stop")
UNKNOWN_GROUP = "(unknown)"  # the group of a row whose grouping value is missing

# A word, where an article's words are counted (its length, a group's total): a run of
# letters, digits or underscores. Readability counts words as textstat does (its
# ``lexicon_count``), so that its numbers are textstat's; tokens carry ``is_word``.
_WORD = re.compile(r"\w+")


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], function: str) -> None:
    """Raise ValueError naming the first column of ``columns`` missing from ``frame``."""
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"{function}: the table has no column {column!r} "
                             f"(it has {', '.join(map(str, frame.columns))})")


def group_labels(values: pd.Series) -> pd.Series:
    """Grouping values as strings, a missing one named :data:`UNKNOWN_GROUP`."""
    codes, labels = _label_codes(values)
    return pd.Series(pd.Series(labels, dtype=object).astype(str).array.take(codes), index=values.index,
                     name=values.name)


def _label_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """Each value's position in the labels of the distinct values (an object array ending in
    :data:`UNKNOWN_GROUP`, the label of a missing value): a group column holds few distinct
    values over many rows, so each is made a string once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = np.asarray(uniques, dtype=object)
    if values.dtype == object and not all(isinstance(value, str) for value in distinct):
        # equal values of other types are one value here but two labels (1 and 1.0): label each row
        named = pd.Series(values, dtype=object)
        codes, distinct = pd.factorize(named.where(named.notna(), None).map(lambda v: v if v is None else str(v)),
                                       use_na_sentinel=True)
    labels = np.array([str(value) for value in np.asarray(distinct, dtype=object)] + [UNKNOWN_GROUP], dtype=object)
    return np.where(codes < 0, len(labels) - 1, codes), labels


def group_codes(table: pd.DataFrame, by: str, articles: pd.DataFrame | None, function: str) \
        -> tuple[np.ndarray, np.ndarray]:
    """:func:`group_column` as codes and labels: ``labels[codes]`` is each row's group."""
    if by in table.columns:
        return _label_codes(table[by])
    if articles is None:
        raise ValueError(f"{function}: the table has no column {by!r}; pass articles= to join it by article_id")
    require_columns(articles, ("article_id", by), function)
    codes, ids = pd.factorize(table["article_id"])
    lookup = articles.drop_duplicates("article_id").set_index("article_id")[by].reindex(ids)
    group, labels = _label_codes(lookup)
    return group[codes] if len(codes) else np.zeros(0, dtype=np.intp), labels


def group_column(table: pd.DataFrame, by: str, articles: pd.DataFrame | None, function: str) -> pd.Series:
    """The ``by`` value of each row of ``table``: its own column, or joined from
    ``articles`` (any table with ``article_id`` and ``by``) by ``article_id``; missing values
    are named :data:`UNKNOWN_GROUP`. ``function`` names the caller in the error for a
    missing column."""
    codes, labels = group_codes(table, by, articles, function)
    return pd.Series(pd.Series(labels, dtype=object).astype(str).array.take(codes), index=table.index,
                     name=by if by in table.columns else None)


def word_counts(texts: pd.Series) -> pd.Series:
    """The number of words in each text (0 for a missing one), as integers (also for no texts)."""
    return pd.Series([len(_WORD.findall(text)) if isinstance(text, str) else 0 for text in texts],
                     index=texts.index, dtype="int64")
