"""The whole analysis of a corpus in one call, on every core.

:func:`analyze` splits the articles into chunks and runs the per-article analyses
(sentences, tokens, sentence sentiment, actors, loaded language, frames, quotations,
agency, readability) on each chunk in a worker process, then the corpus-level ones
(distinctive terms, name variants, attribution verbs, share of voice, summaries) on the
combined tables. Chunks are combined in article order, so the tables equal those of the
one-core path (``workers=1``) row for row.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from .framing import actor_mentions, agency, loaded_language, news_frames, sentence_sentiment, sentiment_summary
from .names import name_variants
from .reading_level import readability, readability_by_group
from .segment import require_columns, split_sentences, tokenize
from .speech import attribution_verbs, quotes, share_of_voice
from .terms import distinctive_terms

log = logging.getLogger(__name__)

__all__ = ["PER_ARTICLE", "analyze"]

CHUNK_SIZE = 250  # articles a task: large enough that a task's overhead is small, small enough to balance
PER_ARTICLE = ("sentences", "tokens", "sentiment", "actors", "loaded_language", "frames", "quotes", "agency",
               "readability")


def _per_article(chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    sentences = split_sentences(chunk)
    scored = sentence_sentiment(sentences)
    return {
        "sentences": sentences,
        "tokens": tokenize(sentences),
        "sentiment": scored[["article_id", "sentence_id", "neg", "neu", "pos", "compound"]],
        "actors": actor_mentions(sentences),
        "loaded_language": loaded_language(sentences),
        "frames": news_frames(sentences),
        "quotes": quotes(sentences),
        "agency": agency(sentences),
        "readability": readability(chunk, by=by),
    }


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def analyze(
    articles: pd.DataFrame,
    *,
    by: str = "outlet",
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every analysis of the toolkit over ``articles``, per-article work on ``workers``
    processes (default: every core).

    Parameters
    ----------
    progress
        Called as ``progress(done, total)`` after each chunk of articles.

    Returns
    -------
    dict of pandas.DataFrame
        The per-article tables of :data:`PER_ARTICLE` (in article order) and the corpus-level
        ``distinctive_terms``, ``name_variants``, ``attribution_verbs``, ``share_of_voice``,
        ``sentiment_by_group`` and ``readability_by_group``.
    """
    require_columns(articles, ("article_id", "text"), "analyze")
    if by not in articles:
        raise ValueError(f"analyze: the articles have no column {by!r}")
    workers = workers or os.cpu_count() or 1
    chunks = [articles.iloc[i:i + chunk_size] for i in range(0, len(articles), chunk_size)] or [articles]
    started = time.perf_counter()
    parts: list[dict[str, pd.DataFrame]] = []
    if workers == 1 or len(chunks) == 1:
        for n, chunk in enumerate(chunks, start=1):
            parts.append(_per_article(chunk, by))
            if progress:
                progress(n, len(chunks))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context()) as pool:
            for n, part in enumerate(pool.map(_per_article, chunks, [by] * len(chunks)), start=1):
                parts.append(part)
                if progress:
                    progress(n, len(chunks))
    tables = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in PER_ARTICLE}
    log.info("analyze: %d articles in %d chunks on %d workers, %.1f s", len(articles), len(chunks), workers,
             time.perf_counter() - started)
    sentences, tokens = tables["sentences"], tables["tokens"]
    scored = sentences.merge(tables["sentiment"], on=["article_id", "sentence_id"], how="left")
    tables.update({
        "distinctive_terms": distinctive_terms(tokens, by=by, articles=articles),
        "name_variants": name_variants(tokens, by=by, articles=articles),
        "attribution_verbs": attribution_verbs(sentences, by=by, articles=articles),
        "share_of_voice": share_of_voice(tables["quotes"], by=by, articles=articles),
        "sentiment_by_group": sentiment_summary(scored, by=by, articles=articles),
        "readability_by_group": readability_by_group(tables["readability"], by=by),
    })
    return tables
