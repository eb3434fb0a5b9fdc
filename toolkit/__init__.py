"""Compare how news outlets report the same story: wording, sentiment framing, readability.

Tables flow ``load_corpus`` -> articles -> ``split_sentences`` -> sentences -> ``tokenize``
-> tokens; every analysis takes such tables and returns a new tidy DataFrame.
"""
from __future__ import annotations

import logging
from importlib import metadata as _metadata

from ._offline import offline_when_imported

offline_when_imported()

from .caching import cache_entries, prune_cache  # noqa: E402
from .cleaning import Cleaned, clean_article  # noqa: E402
from .corpus import ARTICLE_COLUMNS, CorpusError, CorpusWarning, load_corpus, rejected  # noqa: E402
from .alignment import align_sentences, align_story, alignment_html, pick_pair, reuse_summary  # noqa: E402
from .framing import (  # noqa: E402
    actor_mentions, actor_sentiment, agency, frame_summary, loaded_language, loaded_sentences, news_frames,
    sentence_sentiment,
    sentiment_summary, sentiment_words,
)
from .findings import headline_findings, result_tables  # noqa: E402
from .names import name_variants  # noqa: E402
from .overview import (  # noqa: E402
    corpus_summary, join_articles, largest_groups, readable_articles, removed_lines, shown_groups,
)
from .pipeline import Analysis, analyze, read_articles  # noqa: E402
from .speech import attribution_verbs, quotes, resolve_speakers, share_of_voice  # noqa: E402
from .outlets import own_names  # noqa: E402
from .stories import coverage, match_stories, one_sided_stories, select_story, story_terms  # noqa: E402
from .terms import distinctive_terms, kwic  # noqa: E402
from .explorer import Explorer, explore, explorer_data, write_explorer  # noqa: E402
from .reading_level import (  # noqa: E402
    MEASURES, describe_ease, describe_grade, readability, readability_by_group, reading_summary,
    sentence_readability, text_readability,
)
from .segment import compact_tokens, quote_spans, split_sentences, tokenize  # noqa: E402
from . import plots  # noqa: E402

try:  # the version is written once, in pyproject.toml
    __version__ = _metadata.version("newsframe-toolkit")
except _metadata.PackageNotFoundError:  # a source tree that was not installed
    __version__ = "0+unknown"

__all__ = [
    "ARTICLE_COLUMNS",
    "Analysis",
    "MEASURES",
    "Cleaned",
    "actor_mentions",
    "actor_sentiment",
    "agency",
    "align_sentences",
    "analyze",
    "align_story",
    "alignment_html",
    "attribution_verbs",
    "cache_entries",
    "CorpusError",
    "CorpusWarning",
    "clean_article",
    "compact_tokens",
    "corpus_summary",
    "coverage",
    "describe_ease",
    "distinctive_terms",
    "Explorer",
    "explore",
    "explorer_data",
    "frame_summary",
    "headline_findings",
    "write_explorer",
    "describe_grade",
    "join_articles",
    "kwic",
    "largest_groups",
    "readable_articles",
    "load_corpus",
    "loaded_language",
    "loaded_sentences",
    "match_stories",
    "name_variants",
    "news_frames",
    "one_sided_stories",
    "own_names",
    "pick_pair",
    "plots",
    "prune_cache",
    "readability",
    "readability_by_group",
    "reading_summary",
    "rejected",
    "removed_lines",
    "resolve_speakers",
    "result_tables",
    "select_story",
    "reuse_summary",
    "sentence_readability",
    "shown_groups",
    "sentence_sentiment",
    "sentiment_summary",
    "sentiment_words",
    "share_of_voice",
    "quote_spans",
    "quotes",
    "read_articles",
    "split_sentences",
    "story_terms",
    "text_readability",
    "tokenize",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
