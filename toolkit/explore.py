"""The term explorer: one self-contained HTML page (``explore.html`` of the report) where a
reader picks two groups, or one group against all the others, sees every frequent term
placed by how often each side uses it and coloured by its log-odds z, searches or clicks a
term and reads the sentences that use it, group by group, with the term marked.

The page works offline: its data (the terms, their counts in each group, the prior of the
log-odds and a sample of the sentences that use each term) is JSON inside the page, drawn
by a short script. The z it shows is :func:`toolkit.distinctive_terms`'s (Monroe, Colaresi &
Quinn 2008, with the corpus as the prior; for two groups the prior scaled to their size, as
``pairwise=True``), computed in the page for the pick; a test compares the two.
"""
from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import group_column, require_columns
from .terms import PRIOR_FLOOR, term_counts

__all__ = ["MAX_TERMS", "CONTEXTS_PER_TERM", "explorer_data", "write_explorer"]

MAX_TERMS = 1500  # terms in the page: the most frequent, and each group's most distinctive
DISTINCTIVE_PER_GROUP = 8  # of each group's distinctive terms, this many are always in the page
CONTEXTS_PER_TERM = 24  # sentences kept for each term, taken in turn from each group that uses it
TEMPLATE = Path(__file__).resolve().parent / "templates" / "explore.html"


def explorer_data(tokens: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                  distinctive: pd.DataFrame | None = None, max_terms: int = MAX_TERMS,
                  contexts: int = CONTEXTS_PER_TERM) -> dict:
    """What the explorer page holds, as plain lists and numbers (JSON-ready).

    Parameters
    ----------
    tokens, sentences, articles
        The tables of :func:`toolkit.analyze` and :func:`toolkit.load_corpus`.
    by
        The column whose values are the groups.
    distinctive
        The ``distinctive_terms`` table: each group's top terms are kept in the page
        however rare they are in the corpus.
    max_terms, contexts
        How many terms the page holds (the most used in the corpus, words and two-word
        phrases, stop words left out), and how many sentences for each.

    Returns
    -------
    dict
        ``groups`` (name, articles, words counted), ``terms`` (text), ``counts`` (for each
        term, pairs of group index and count), ``prior`` (each term's prior count ``a_w``),
        ``a0`` and ``total`` (the prior's and the corpus's total), ``articles`` (group index
        and title of each article a sentence comes from), ``sentences`` (article index and
        text), ``contexts`` (for each term, the indices of its sentences), ``per_term`` and
        ``by``.
    """
    require_columns(articles, ("article_id", by), "explorer_data")
    counts = term_counts(tokens, by=by, articles=articles)
    groups_of_articles = group_column(articles, by, None, "explorer_data")
    sizes = groups_of_articles.value_counts()
    pooled = counts.groupby("term", sort=True)["count"].sum()
    total = float(pooled.sum())
    # the prior as distinctive_from_counts makes it: the corpus's frequency of each term
    a_w_all = total * (pooled / total) + PRIOR_FLOOR if total else pooled.astype(float)
    a_0 = float(a_w_all.sum())
    group_total = counts.groupby("group")["count"].sum()
    group_names = sorted(set(sizes.index) | set(group_total.index), key=lambda g: (-int(sizes.get(g, 0)), str(g)))
    group_index = {g: i for i, g in enumerate(group_names)}

    chosen: list[str] = []
    if distinctive is not None and len(distinctive):
        top = distinctive[distinctive["z"] > 0].groupby("group", sort=False).head(DISTINCTIVE_PER_GROUP)
        # each group's first, then each group's second … (a limit cuts every group alike)
        top = top.assign(rank=top.groupby("group", sort=False).cumcount()).sort_values("rank", kind="stable")
        chosen = [t for t in dict.fromkeys(top["term"].astype(str)) if t in pooled.index]
    frequent = pooled.sort_values(ascending=False, kind="stable").index.astype(str)
    chosen = chosen[:max_terms]
    taken = set(chosen)
    more = [t for t in frequent[:max_terms + len(chosen)] if t not in taken][:max_terms - len(chosen)]
    terms = [*chosen, *more]
    term_index = {t: i for i, t in enumerate(terms)}

    kept = counts[counts["term"].isin(term_index)]
    per_term: list[list[list[int]]] = [[] for _ in terms]
    for group, term, count in zip(kept["group"].tolist(), kept["term"].tolist(), kept["count"].tolist()):
        per_term[term_index[term]].append([group_index[group], int(count)])
    for pairs in per_term:
        pairs.sort()

    article_rows, sentence_rows, context_lists = _contexts(tokens, sentences, articles, by, terms, group_index,
                                                           contexts)
    return {
        "by": by,
        "groups": [{"name": str(g), "articles": int(sizes.get(g, 0)), "words": int(group_total.get(g, 0))}
                   for g in group_names],
        "terms": terms,
        "counts": per_term,
        "prior": [float(a_w_all[t]) for t in terms],
        "a0": a_0,
        "total": total,
        "articles": article_rows,
        "sentences": sentence_rows,
        "contexts": context_lists,
        "per_term": contexts,
    }


def _contexts(tokens: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, by: str, terms: list[str],
              group_index: Mapping[str, int], per_term: int) -> tuple[list, list, list[list[int]]]:
    """Sentences that use each term: up to ``per_term``, taken in turn from each group that
    uses it (its first uses in article order), each sentence kept once."""
    require_columns(sentences, ("article_id", "sentence_id", "text"), "explorer_data")
    lower = tokens["lower"].astype(object).to_numpy()
    word = tokens["is_word"].to_numpy(dtype=bool)
    article = tokens["article_id"].astype(object).to_numpy()
    sentence = tokens["sentence_id"].to_numpy(dtype=np.int64)
    position = tokens["token_id"].to_numpy(dtype=np.int64)
    found = []
    wanted = {t: i for i, t in enumerate(terms)}
    single = pd.Series(lower).isin(wanted).to_numpy() & word
    found.append(pd.DataFrame({"term": pd.Series(lower[single]).map(wanted).to_numpy(),
                               "article_id": article[single], "sentence_id": sentence[single],
                               "order": np.flatnonzero(single)}))
    phrases = [t.split(" ") for t in terms if " " in t]
    if len(lower) > 1 and phrases:
        # adjacent words of one sentence whose first and second words begin and end a wanted phrase
        firsts, seconds = {p[0] for p in phrases}, {p[-1] for p in phrases}
        adjacent = ((article[1:] == article[:-1]) & (sentence[1:] == sentence[:-1])
                    & (position[1:] == position[:-1] + 1) & word[1:] & word[:-1]
                    & pd.Series(lower[:-1]).isin(firsts).to_numpy() & pd.Series(lower[1:]).isin(seconds).to_numpy())
        at = np.flatnonzero(adjacent)
        pairs = pd.Series([f"{a} {b}" for a, b in zip(lower[at].tolist(), lower[at + 1].tolist())], dtype=object)
        hit = pairs.isin(wanted).to_numpy()
        found.append(pd.DataFrame({"term": pairs[hit].map(wanted).to_numpy(), "article_id": article[at[hit]],
                                   "sentence_id": sentence[at[hit]], "order": at[hit]}))
    uses = pd.concat(found, ignore_index=True).sort_values("order", kind="stable")
    uses = uses.drop_duplicates(["term", "article_id", "sentence_id"])
    group_of = articles.drop_duplicates("article_id").set_index("article_id")
    uses["group"] = group_column(uses, by, group_of.reset_index()[["article_id", by]], "explorer_data").map(
        group_index).to_numpy()
    # in turn from each group: the first use of each group, then the second of each …
    uses["turn"] = uses.groupby(["term", "group"], sort=False).cumcount()
    uses = uses[uses["turn"] < per_term].sort_values(["term", "turn", "group"], kind="stable")
    uses = uses.groupby("term", sort=False).head(per_term)

    uses = uses.reset_index(drop=True)
    kept = uses.drop_duplicates(["article_id", "sentence_id"])[["article_id", "sentence_id"]].reset_index(drop=True)
    kept["row"] = np.arange(len(kept))
    texts = kept.merge(sentences[["article_id", "sentence_id", "text"]].astype({"article_id": object}),
                       on=["article_id", "sentence_id"], how="left")
    article_names = list(dict.fromkeys(kept["article_id"].tolist()))
    article_at = {a: i for i, a in enumerate(article_names)}
    titles = group_of["title"] if "title" in group_of else pd.Series(dtype=object)
    groups = group_column(pd.DataFrame({"article_id": article_names}), by,
                          group_of.reset_index()[["article_id", by]], "explorer_data").map(group_index)
    article_rows = [[int(g), _plain(titles.get(a))] for a, g in zip(article_names, groups.tolist())]
    sentence_rows = [[article_at[a], _plain(t)] for a, t in zip(texts["article_id"].tolist(), texts["text"].tolist())]
    uses = uses.merge(kept, on=["article_id", "sentence_id"]).sort_values(["term", "turn", "group"], kind="stable")
    lists: list[list[int]] = [[] for _ in terms]
    for term, row in zip(uses["term"].tolist(), uses["row"].tolist()):
        lists[term].append(int(row))
    return article_rows, sentence_rows, lists


def _plain(value) -> str:
    return value if isinstance(value, str) else ""


def _script_json(data: dict) -> str:
    """JSON that can stand inside a <script> element: nothing in it can close the element or
    open a comment, whatever the articles say."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_explorer(path: str | os.PathLike[str], tokens: pd.DataFrame, sentences: pd.DataFrame,
                   articles: pd.DataFrame, *, by: str = "outlet", distinctive: pd.DataFrame | None = None,
                   title: str = "Term explorer", back: str | None = "index.html") -> Path:
    """Write the explorer page for these tables to ``path`` (see :func:`explorer_data`);
    ``back`` is the link to the report's index (None: no link). Returns the path."""
    data = explorer_data(tokens, sentences, articles, by=by, distinctive=distinctive)
    page = TEMPLATE.read_text(encoding="utf-8")
    nav = f'<a href="{html.escape(back, quote=True)}">&larr; Report index</a>' if back else ""
    page = page.replace("{{TITLE}}", html.escape(title)).replace("{{NAV}}", nav) \
        .replace("{{DATA}}", _script_json(data))
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target
