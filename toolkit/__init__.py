"""Compare how news outlets report the same story: wording, sentiment framing, readability.

Tables flow ``load_corpus`` -> articles -> ``split_sentences`` -> sentences -> ``tokenize``
-> tokens; every analysis takes such tables and returns a new tidy DataFrame.
"""
from __future__ import annotations

import logging

from ._offline import use_offline_cmudict

use_offline_cmudict()

from .cleaning import Cleaned, clean_article  # noqa: E402
from .corpus import ARTICLE_COLUMNS, CorpusError, CorpusWarning, load_corpus, rejected  # noqa: E402
from .overview import corpus_summary, join_articles, removed_lines  # noqa: E402
from .reading_level import (  # noqa: E402
    MEASURES, describe_ease, describe_grade, readability, readability_by_group, reading_summary,
    sentence_readability, text_readability,
)
from .segment import quote_spans, split_sentences, tokenize  # noqa: E402
from . import plots  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "ARTICLE_COLUMNS",
    "MEASURES",
    "Cleaned",
    "CorpusError",
    "CorpusWarning",
    "clean_article",
    "corpus_summary",
    "describe_ease",
    "describe_grade",
    "join_articles",
    "load_corpus",
    "plots",
    "readability",
    "readability_by_group",
    "reading_summary",
    "rejected",
    "removed_lines",
    "sentence_readability",
    "quote_spans",
    "split_sentences",
    "text_readability",
    "tokenize",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
