"""The result tables of a corpus and the headline findings per group, for the report.

:func:`result_tables` runs every analysis of the toolkit once over a corpus and returns the
tidy tables by name; :func:`headline_findings` condenses them into one row a group: what it
emphasised, whom it quoted, how it attributes speech, how dark and how hard to read it is.
"""
from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd

from .alignment import REUSE_COLUMNS, align_sentences, pick_pair, reuse_summary
from .caching import Store, articles_digest, derived_key
from .framing import actor_sentiment, frame_summary, sentiment_summary
from .overview import corpus_summary
from .pipeline import analyze
from .schema import require_columns

__all__ = ["headline_findings", "result_tables"]

TOP_TERMS = 5  # distinctive terms named per group in the findings
RESULT_TABLES = ("corpus", "rejected", "distinctive_terms", "name_variants", "attribution_verbs", "quotes",
                 "share_of_voice", "sentiment_by_group", "sentiment_by_article", "actor_sentiment", "loaded_language",
                 "frames", "readability", "readability_by_group", "alignment", "reuse")  # result_tables's keys


def result_tables(articles: pd.DataFrame, *, by: str = "outlet", cache: str | os.PathLike | None = None,
                  workers: int | None = None) -> dict[str, pd.DataFrame]:
    """Every analysis once over ``articles``, by ``by``: a dict of tidy tables.

    The analyses run through :func:`toolkit.analyze` (on ``workers`` processes, every core
    by default). With ``cache`` a directory, the tables are kept there, and a later call
    over the same articles (every column and value) by the same column reads them back.

    Keys: ``corpus``, ``rejected``, ``distinctive_terms``, ``name_variants``,
    ``attribution_verbs``, ``quotes``, ``share_of_voice``, ``sentiment_by_group``,
    ``sentiment_by_article``, ``actor_sentiment``, ``loaded_language``, ``frames``,
    ``readability``, ``readability_by_group``, ``alignment`` and ``reuse`` (of the pair
    :func:`toolkit.pick_pair` chooses; empty when there is none).
    """
    require_columns(articles, ("article_id", "text"), "result_tables")
    if by not in articles:
        raise ValueError(f"result_tables: the articles have no column {by!r}")
    if cache is None:
        return _result_tables(articles, by, None, workers)
    store = Store(cache)
    key = derived_key("result tables", articles_digest(articles), by)
    kept = store.read("corpus", key, RESULT_TABLES, threads=4)
    if kept is not None:
        return kept
    tables = _result_tables(articles, by, cache, workers)
    store.write("corpus", key, tables)
    return tables


def _result_tables(articles: pd.DataFrame, by: str, cache: str | os.PathLike | None, workers: int | None) \
        -> dict[str, pd.DataFrame]:
    analysis = analyze(articles, by=by, cache=cache, workers=workers)
    sentences = analysis["sentences"]
    scored = sentences.merge(analysis["sentiment"], on=["article_id", "sentence_id"], how="left")
    quoted = analysis["quotes"]
    loaded = analysis["loaded_language"]
    pair = pick_pair(articles, by=by, cache=cache)
    alignment = align_sentences(sentences, *pair) if pair else pd.DataFrame(
        columns=["a_article", "b_article", "a_sentence", "b_sentence", "similarity", "relation", "substitutions",
                 "a_text", "b_text"])  # (no pair: a table with the columns, so its CSV has a header)
    if pair:
        alignment.insert(0, "b_article", pair[1])
        alignment.insert(0, "a_article", pair[0])
    terms = analysis["distinctive_terms"]
    return {
        "corpus": corpus_summary(articles, by=by),
        "rejected": pd.DataFrame(articles.attrs.get("rejected", []), columns=["input", "reason"]),
        "distinctive_terms": terms.groupby("group", sort=False).head(50).reset_index(drop=True),
        "name_variants": analysis["name_variants"],
        "attribution_verbs": analysis["attribution_verbs"],
        "quotes": quoted.merge(articles[["article_id", by]], on="article_id", how="left")
                        .astype({"article_id": quoted["article_id"].dtype}),
        "share_of_voice": analysis["share_of_voice"],
        "sentiment_by_group": analysis["sentiment_by_group"],
        "sentiment_by_article": sentiment_summary(scored, by="article_id"),
        "actor_sentiment": actor_sentiment(scored, by=by, articles=articles, mentions=analysis["actors"]),
        "loaded_language": frame_summary(loaded[~loaded["quoted"]], sentences, by=by, articles=articles,
                                         column="category"),
        "frames": frame_summary(analysis["frames"], sentences, by=by, articles=articles),
        "readability": analysis["readability"],
        "readability_by_group": analysis["readability_by_group"],
        "alignment": alignment,
        "reuse": reuse_summary(alignment, ids=pair) if pair else pd.DataFrame(columns=list(REUSE_COLUMNS)),
    }


def _first(values: pd.Series, default: str = "") -> str:
    return str(values.iloc[0]) if len(values) else default


def headline_findings(tables: dict[str, pd.DataFrame], *, top: int | None = 15) -> pd.DataFrame:
    """One row a group (the ``top`` largest): the findings a reader looks for first.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``articles``, ``distinctive words`` (its top terms against the rest),
        ``most quoted`` (the person with the largest share of its quoted words), ``loaded verbs`` (share of its
        attribution verbs that are loaded, with the commonest), ``mean sentiment`` (mean
        sentence compound) and ``negative sentences`` (share), ``grade`` (median
        Flesch-Kincaid grade).
    """
    corpus = tables["corpus"]
    groups = corpus["group"].tolist()[:top] if top else corpus["group"].tolist()
    terms, voices, verbs = tables["distinctive_terms"], tables["share_of_voice"], tables["attribution_verbs"]
    sentiment = tables["sentiment_by_group"].set_index("group")
    grades = tables["readability_by_group"]
    grades = grades[grades["measure"] == "flesch_kincaid_grade"].set_index("group") if len(grades) else grades
    rows = []
    for group in groups:
        mine = terms[terms["group"] == group].head(TOP_TERMS) if len(terms) else terms
        voice = voices[(voices["group"] == group) & (voices["speaker_kind"] == "person")].head(1) \
            if len(voices) else voices
        own = verbs[verbs["group"] == group] if len(verbs) else verbs
        loaded = own[own["class"] == "loaded"] if len(own) else own
        rows.append({
            "group": group,
            "articles": int(corpus.loc[corpus["group"] == group, "n_articles"].iloc[0]),
            "distinctive words": ", ".join(mine["term"]) if len(mine) else "(one group: nothing to compare)",
            "most quoted": (f"{_first(voice['speaker'])} ({float(voice['share'].iloc[0]):.0%} of quoted words)"
                            if len(voice) else "(no direct quotations)"),
            "loaded verbs": (f"{float(loaded['count'].sum() / own['count'].sum()):.0%}"
                             + (f" ({', '.join(loaded['verb'].head(3))})" if len(loaded) else "")
                             if len(own) else "(no attribution verbs)"),
            "mean sentiment": round(float(sentiment.loc[group, "mean_compound"]), 3) if group in sentiment.index else math.nan,
            "negative sentences": (f"{float(sentiment.loc[group, 'share_negative']):.0%}"
                                   if group in sentiment.index else "–"),
            "grade": round(float(grades.loc[group, "median"]), 1) if len(grades) and group in grades.index else np.nan,
        })
    return pd.DataFrame(rows, columns=["group", "articles", "distinctive words", "most quoted", "loaded verbs",
                                       "mean sentiment", "negative sentences", "grade"])
