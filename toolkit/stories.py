"""Which articles report the same event, and which outlets covered which story.

:func:`match_stories` groups articles by event:

1. Each article becomes a TF-IDF vector of its content words (title counted twice, stop
   words out, names folded across spellings), with capitalised names weighted
   ``NAME_WEIGHT`` times, since the same event is told with the same people and places.
   Each word is weighted by its inverse document frequency, so that words in many articles
   count little; none is left out for being common, since the words the reports of one
   event share are common wherever that event is a large part of the corpus.
2. Two articles are linked when the cosine of their vectors is at least ``LINK_THRESHOLD``
   and, where both have dates, they were published at most ``window_days`` apart; where one
   has no date, the cosine must be at least ``UNDATED_LINK_THRESHOLD``.
3. Links are taken from the strongest down; two groups merge only when the average
   similarity between all their members stays at least ``MERGE_THRESHOLD`` and their dated
   members all lie within ``window_days`` of each other, so that a chain of pairwise links
   (or an undated article between two dates) does not join different events.

Each article gets a ``story`` id and a ``story_confidence``: its mean similarity to the other
members of its story (missing for an article alone in its story). Stories the input already
names (a ``story`` column, from a manifest or the records) are kept as they are.
:func:`story_terms` explains a story by the words its members share.
"""
from __future__ import annotations

import math
import os
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd

from ._resources import word_list
from .names import fold_name
from .schema import group_labels, require_columns

__all__ = ["coverage", "match_stories", "one_sided_stories", "select_story", "story_terms"]

LINK_THRESHOLD = 0.3  # cosine of two articles' TF-IDF vectors to report the same event
UNDATED_LINK_THRESHOLD = 0.5  # without a date to place it, an article joins a story on closer wording only
MERGE_THRESHOLD = 0.2  # average similarity that must hold between two groups to merge them
NAME_WEIGHT = 2.0  # names (capitalised words) count double: events are told with the same names
WINDOW_DAYS = 3  # articles on one event are published within days of each other
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _vectors(articles: pd.DataFrame):
    from scipy import sparse

    stop = word_list("stopwords")
    rows, columns, values = [], [], []
    vocabulary: dict[str, int] = {}
    titles = articles["title"] if "title" in articles else pd.Series("", index=articles.index)
    for i, (title, text) in enumerate(zip(titles.fillna("").astype(str), articles["text"].fillna("").astype(str))):
        counts: Counter[str] = Counter()
        for piece, times in ((title, 2), (text, 1)):
            for m in _WORD.finditer(piece):
                word = m.group()
                lower = word.lower()
                if lower in stop or len(lower) < 3:
                    continue
                if word[0].isupper():
                    name = not _starts_sentence(piece, m.start())
                    counts[_fold(word)] += times * (NAME_WEIGHT if name else 1.0)
                else:
                    counts[lower] += times
        for term, count in counts.items():
            rows.append(i)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(count)
    n = len(articles)
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(n, len(vocabulary)), dtype=float)
    df = np.bincount(matrix.indices, minlength=len(vocabulary))
    # Every word counts, weighted by how rare it is in the corpus: a fixed ceiling on the
    # share of articles a word may be in would drop the words that the reports of one event
    # share whenever that event is a large part of the corpus (five reports among fifty).
    idf = np.log((n + 1) / (df + 1)) + 1
    matrix = matrix.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    matrix = sparse.diags(1 / norms) @ matrix
    terms = np.empty(len(vocabulary), dtype=object)
    for term, index in vocabulary.items():
        terms[index] = term
    return matrix.tocsr(), terms, idf


_fold = lru_cache(maxsize=None)(fold_name)  # the same names recur across a corpus


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (capitalised for that reason alone)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?“\""


def match_stories(
    articles: pd.DataFrame,
    *,
    window_days: float = WINDOW_DAYS,
    threshold: float = LINK_THRESHOLD,
    cache: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Group articles that report the same event.

    With ``cache`` a folder, the stories of these articles (every column and value the
    same) with these options are kept there, and read back by a later call: the report's
    pages ask for them several times.

    Returns
    -------
    pandas.DataFrame
        The articles table with ``story`` (kept where the input names one; else
        ``story-0001``, ``story-0002`` … numbered by size, largest first) and
        ``story_confidence`` (mean similarity to the story's other members; 1.0 where the
        story was given; missing for an article alone in its story).
    """
    require_columns(articles, ("article_id", "text"), "match_stories")
    if cache is None:
        return _match_stories(articles, window_days, threshold)
    from .caching import Store, articles_digest, derived_key

    store = Store(cache)
    key = derived_key("stories", articles_digest(articles), float(window_days), float(threshold))
    kept = store.read("corpus", key, ["stories"])
    if kept is not None and len(kept["stories"]) == len(articles):
        found = kept["stories"]
        return articles.assign(story=pd.array(found["story"].to_numpy(dtype=object), dtype="string"),
                               story_confidence=found["story_confidence"].to_numpy(dtype=float))
    out = _match_stories(articles, window_days, threshold)
    store.write("corpus", key, {"stories": out[["story", "story_confidence"]].reset_index(drop=True)})
    return out


def _match_stories(articles: pd.DataFrame, window_days: float, threshold: float) -> pd.DataFrame:
    out = articles.copy()
    given = out["story"].notna() if "story" in out else pd.Series(False, index=out.index)
    todo = out[~given]
    labels = np.arange(len(todo))
    confidence = np.full(len(todo), np.nan)
    if len(todo) > 1:
        matrix, _, _ = _vectors(todo)
        similarity = (matrix @ matrix.T).tocoo()
        dates = pd.to_datetime(todo["published"], errors="coerce") if "published" in todo else pd.Series(pd.NaT, index=todo.index)
        days = (dates - pd.Timestamp("1970-01-01")).dt.total_seconds().to_numpy() / 86400.0
        i, j, s = similarity.row, similarity.col, similarity.data
        upper = (i < j) & (s >= threshold)
        i, j, s = i[upper], j[upper], s[upper]
        gap = np.abs(days[i] - days[j])
        close = np.where(np.isnan(gap), s >= max(threshold, UNDATED_LINK_THRESHOLD), gap <= window_days)
        i, j, s = i[close], j[close], s[close]
        dense = similarity.tocsr()
        parent = list(range(len(todo)))
        members = {k: [k] for k in range(len(todo))}
        first = {k: days[k] for k in range(len(todo))}  # earliest and latest date of each group
        last = dict(first)

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a, b, _ in sorted(zip(i.tolist(), j.tolist(), s.tolist()), key=lambda t: -t[2]):
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            start = np.nanmin([first[ra], first[rb]]) if not (np.isnan(first[ra]) and np.isnan(first[rb])) else np.nan
            end = np.nanmax([last[ra], last[rb]]) if not (np.isnan(last[ra]) and np.isnan(last[rb])) else np.nan
            if not np.isnan(start) and end - start > window_days:
                continue  # the merged story would span more than the window
            block = dense[members[ra]][:, members[rb]]
            if block.sum() / (len(members[ra]) * len(members[rb])) < MERGE_THRESHOLD:
                continue
            parent[rb] = ra
            members[ra].extend(members.pop(rb))
            first[ra], last[ra] = start, end
        labels = np.array([find(k) for k in range(len(todo))])
        for root, group in members.items():
            if len(group) > 1:
                block = dense[group][:, group].toarray()
                np.fill_diagonal(block, 0)
                confidence[group] = block.sum(axis=1) / (len(group) - 1)
    # stable, readable ids: larger stories first, then by first article id
    ids = todo["article_id"].astype(str).to_numpy()
    groups: dict[int, list[int]] = {}
    for k, label in enumerate(labels):
        groups.setdefault(int(label), []).append(k)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(ids[k] for k in g)))
    story = np.empty(len(todo), dtype=object)
    width = max(4, len(str(len(ordered))))
    for number, group in enumerate(ordered, start=1):
        for k in group:
            story[k] = f"story-{number:0{width}d}"
    out["story"] = out["story"].astype("object") if "story" in out else None
    out.loc[todo.index, "story"] = story
    out["story_confidence"] = np.nan
    out.loc[todo.index, "story_confidence"] = confidence
    out.loc[given[given].index, "story_confidence"] = 1.0
    out["story"] = out["story"].astype("string")
    return out


def story_terms(articles: pd.DataFrame, *, stories: list[str] | None = None, top: int = 8) -> pd.DataFrame:
    """The words the members of each story share most (weighted by how rare they are in the
    whole corpus given): why the articles were grouped. ``stories`` limits the output.

    Returns
    -------
    pandas.DataFrame
        ``story``, ``n_articles``, ``terms`` (comma-separated).
    """
    require_columns(articles, ("article_id", "text", "story"), "story_terms")
    matrix, terms, _ = _vectors(articles)
    rows = []
    for story, index in articles.reset_index(drop=True).groupby("story", sort=False).groups.items():
        if stories is not None and story not in stories:
            continue
        block = matrix[list(index)]
        present = np.asarray((block > 0).sum(axis=0)).ravel()
        weight = np.asarray(block.sum(axis=0)).ravel()
        score = weight * (present >= max(1, math.ceil(len(index) / 2)))
        best = np.argsort(-score)[:top]
        rows.append((story, len(index), ", ".join(str(terms[b]) for b in best if score[b] > 0)))
    return pd.DataFrame(rows, columns=["story", "n_articles", "terms"])


def coverage(articles: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Who covered what, and who first: one row a story and group.

    Returns
    -------
    pandas.DataFrame
        ``story``, ``group``, ``n_articles``, ``first_published``, ``first`` (True for the
        group that published first in that story, where dates exist), ``n_groups`` (groups
        covering the story); stories covered by most groups first.
    """
    require_columns(articles, ("article_id", "story", by), "coverage")
    frame = pd.DataFrame({
        "story": articles["story"].astype(str),
        "group": group_labels(articles[by]),
        "published": pd.to_datetime(articles["published"], errors="coerce") if "published" in articles else pd.NaT,
    })
    out = frame.groupby(["story", "group"], sort=False).agg(n_articles=("group", "size"),
                                                              first_published=("published", "min")).reset_index()
    earliest = out.groupby("story")["first_published"].transform("min")
    out["first"] = out["first_published"].notna() & (out["first_published"] == earliest)
    out["n_groups"] = out.groupby("story")["group"].transform("nunique")
    return out.sort_values(["n_groups", "story", "first_published", "group"], ascending=[False, True, True, True],
                           kind="stable").reset_index(drop=True)


def one_sided_stories(articles: pd.DataFrame, *, label: str = "bias_text", by: str = "outlet",
                      min_groups: int = 2) -> pd.DataFrame:
    """Stories covered by at least ``min_groups`` groups, all carrying one value of ``label``
    (a per-outlet label such as a bias rating): the stories only one side covered.

    Returns
    -------
    pandas.DataFrame
        ``story``, ``side`` (the one label value), ``n_groups``, ``groups``, ``n_articles``.
    """
    require_columns(articles, ("story", by, label), "one_sided_stories")
    rows = []
    for story, part in articles.groupby("story", sort=True):
        groups = part[by].dropna().astype(str).unique()
        sides = part[label].dropna().astype(str).unique()
        if len(groups) >= min_groups and len(sides) == 1:
            rows.append((story, sides[0], len(groups), ", ".join(sorted(groups)), len(part)))
    return pd.DataFrame(rows, columns=["story", "side", "n_groups", "groups", "n_articles"]) \
        .sort_values(["n_groups", "story"], ascending=[False, True], kind="stable").reset_index(drop=True)


def select_story(articles: pd.DataFrame, story: str | None) -> pd.DataFrame:
    """The articles of one story (all articles when ``story`` is None); stories are matched
    first when the table has no ``story`` column. Raises ValueError for an unknown story."""
    if story is None:
        return articles
    table = articles if "story" in articles and articles["story"].notna().all() else match_stories(articles)
    chosen = table[table["story"] == story]
    if chosen.empty:
        known = ", ".join(table["story"].dropna().astype(str).unique()[:10])
        raise ValueError(f"select_story: no story {story!r} (stories include: {known})")
    return chosen
