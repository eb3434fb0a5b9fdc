"""Which words each group uses that the others do not: log-odds with an informative prior.

:func:`distinctive_terms` is the weighted log-odds ratio with an informative Dirichlet prior
of Monroe, Colaresi & Quinn (2008), "Fightin' Words": for a term w, a group i and the rest j,

    delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
    var(delta_w) ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
    z_w = delta_w / sqrt(var(delta_w))

where y_wi is the count of w in group i, n_i the group's total count, a_w the prior count of w
and a_0 the sum of the prior counts. The prior is a_w = prior_scale * N * pi_w (+ a floor of
``PRIOR_FLOOR``), where N is the number of terms counted in the whole comparison and pi_w the
background frequency of w: the pooled counts of all groups by default, or counts the user
passes. The prior pulls rare terms towards zero, so a word used once by one outlet does not
outrank a word it used ten times; z measures how sure the difference is.

References:
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict.
    Political Analysis, 16(4), 372-403.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import permutations

import numpy as np
import pandas as pd

from . import outlets
from .schema import group_column, require_columns
from .steps import Step, group_of

__all__ = ["compare_groups", "corpus_prior", "distinctive_from_counts", "distinctive_terms", "kwic", "term_counts"]

PRIOR_FLOOR = 0.01  # prior count for a term absent from the background, so no log of zero
MIN_TERM_ARTICLES = 3  # a term one group uses must come from this many of its articles (or all, if fewer)
MAX_ONE_ARTICLE_SHARE = 0.5  # ... and no one of them may account for more than this share of its uses
NESTED_SHARE = 0.5  # a phrase holding this share of a word's uses in a group is the same evidence as the word
NESTED_MIN_COUNT = 2  # ... when the group uses the word more than once (a single use says nothing of that)
# Forms of address are house style ("Mr. Trump" in the Times, "Trump" elsewhere), not news.
HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "messrs", "mme", "mlle"})
PARTY_TAG = re.compile(r"^[dri]-[a-z.]{1,6}$")  # "(R-Tenn.)", "(D-N.Y.)": party and state after a name


def term_counts(tokens: pd.DataFrame, *, by: str = "outlet", articles: pd.DataFrame | None = None,
                ngrams: tuple[int, ...] = (1, 2), drop_stop_words: bool = True) -> pd.DataFrame:
    """Counts of terms per group: unigrams of words (lower case) and bigrams of adjacent words
    in one sentence. With ``drop_stop_words``, unigrams that are stop words and bigrams that
    hold one are left out.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``term``, ``n`` (1 or 2 words), ``count``, ``n_articles`` (the articles
        of the group that use the term: counts that add up over parts of a corpus split by
        article) and ``max_in_article`` (the most times one of them uses it: the largest of
        the parts' values).
    """
    require_columns(tokens, ("article_id", "sentence_id", "token_id", "lower", "is_word", "is_stop"), "term_counts")
    frame = tokens
    group_codes, groups = pd.factorize(group_column(tokens, by, articles, "term_counts"))
    groups = np.asarray(groups, dtype=object)
    word_codes, vocabulary = pd.factorize(frame["lower"])
    word = frame["is_word"].to_numpy(dtype=bool)
    stop = frame["is_stop"].to_numpy(dtype=bool)
    keep = word & ~stop if drop_stop_words else word
    vocabulary = np.asarray(vocabulary, dtype=object)
    size = len(vocabulary) + 1
    article = pd.factorize(frame["article_id"])[0].astype(np.int64)
    parts = []

    def spread(group_of: np.ndarray, article_of: np.ndarray, term_of: np.ndarray, width: int,
               values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (group, term) key of ``values``: the articles that use the term, and the
        most times one article uses it."""
        per_article, uses = np.unique(article_of * width + term_of, return_counts=True)  # (article, term)
        article_group = np.zeros(int(article.max()) + 1 if len(article) else 0, dtype=np.int64)
        article_group[article_of] = group_of  # an article belongs to one group
        keys = article_group[per_article // width] * width + per_article % width
        found, where, n = np.unique(keys, return_inverse=True, return_counts=True)
        most = np.zeros(len(found), dtype=np.int64)
        np.maximum.at(most, where, uses)
        at = np.searchsorted(found, values)
        return n[at], most[at]

    # Count on integer codes (group, word) and (group, word, next word); strings are built
    # only for the distinct terms at the end.
    if 1 in ngrams:
        key = group_codes[keep].astype(np.int64) * size + word_codes[keep]
        values, n = np.unique(key, return_counts=True)
        used, most = spread(group_codes[keep], article[keep], word_codes[keep].astype(np.int64), size, values)
        parts.append(pd.DataFrame({"group": groups[values // size], "term": vocabulary[values % size],
                                   "n": 1, "count": n, "n_articles": used, "max_in_article": most}))
    if 2 in ngrams and len(frame) > 1:
        sentence = frame["sentence_id"].to_numpy()
        token = frame["token_id"].to_numpy()
        adjacent = ((article[1:] == article[:-1]) & (sentence[1:] == sentence[:-1])
                    & (token[1:] == token[:-1] + 1) & keep[1:] & keep[:-1])
        pair = word_codes[:-1][adjacent].astype(np.int64) * size + word_codes[1:][adjacent]
        key_pairs, pair_code = np.unique(pair, return_inverse=True)
        key = group_codes[:-1][adjacent].astype(np.int64) * len(key_pairs) + pair_code
        values, n = np.unique(key, return_counts=True)
        used, most = spread(group_codes[:-1][adjacent], article[:-1][adjacent], pair_code.astype(np.int64),
                            max(1, len(key_pairs)), values)
        which = key_pairs[values % max(1, len(key_pairs))]
        names = pd.Series(vocabulary[which // size], dtype="string") + " " + pd.Series(vocabulary[which % size], dtype="string")
        parts.append(pd.DataFrame({"group": groups[values // max(1, len(key_pairs))],
                                   "term": names.to_numpy(dtype=object), "n": 2, "count": n, "n_articles": used,
                                   "max_in_article": most}))
    if not parts:
        return pd.DataFrame(columns=["group", "term", "n", "count", "n_articles", "max_in_article"])
    return pd.concat(parts, ignore_index=True)


def _log_odds(y_i: np.ndarray, n_i: np.ndarray, y_j: np.ndarray, n_j: np.ndarray, a_w: np.ndarray,
              a_0: float) -> tuple[np.ndarray, np.ndarray]:
    delta = (np.log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
             - np.log((y_j + a_w) / (n_j + a_0 - y_j - a_w)))
    variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
    return delta, delta / np.sqrt(variance)


def distinctive_terms(
    tokens: pd.DataFrame,
    *,
    by: str = "outlet",
    articles: pd.DataFrame | None = None,
    ngrams: tuple[int, ...] = (1, 2),
    pairwise: bool = False,
    background: Mapping[str, float] | pd.Series | None = None,
    prior_scale: float = 1.0,
    min_count: int = 1,
    drop_stop_words: bool = True,
    top: int | None = None,
    min_articles: int = MIN_TERM_ARTICLES,
    exclude_own_names: bool = True,
    exclude_honorifics: bool = True,
    merge_nested: bool = True,
    min_term_chars: int = 2,
) -> pd.DataFrame:
    """Terms each group uses more than the others, by weighted log-odds (Monroe et al. 2008).

    The scores are computed on every term; by default the table then leaves out what is
    not about the news (each can be turned off):

    * ``min_articles``: terms a group uses in fewer of its articles than this (or than all of
      its articles, when it has fewer), or of whose uses one article holds more than
      ``MAX_ONE_ARTICLE_SHARE``: one article using a word many times is that article's
      subject, not the group's wording;
    * ``min_term_chars``: terms without a word this long ("o" of a ticker, "m" of "p.m");
    * ``exclude_own_names``: the group's own name and web domain, alone or inside a phrase
      ("cnn", "told cnn", "fox news", "nytimes.com"), and the names in its bylines ("michael
      barbaro") (see :func:`toolkit.outlets.own_names`; needs ``articles``);
    * ``exclude_honorifics``: terms holding a form of address ("mr", "said mr") or a party
      and state tag ("r-tenn");
    * ``merge_nested``: of a word and a two-word phrase that holds it, where the phrase makes
      up at least ``NESTED_SHARE`` of the word's uses in the group ("usa" in "usa today") and
      the word is used more than once, only the phrase is kept; both go when either is the group's own name.

    Parameters
    ----------
    tokens
        The ``tokens`` table; the ``by`` column is joined from ``articles`` when absent.
    by
        The column whose values are the groups (outlet by default; any column of articles).
    pairwise
        False: each group against all the others pooled. True: each ordered pair of groups,
        with the other group named in ``other``.
    background
        Term counts to take the prior from (a mapping or Series, term -> count), such as a
        large reference corpus; default: the pooled counts of the groups compared.
    prior_scale
        The prior's total weight as a multiple of the number of terms counted (1.0: as much
        weight as the data; smaller: less shrinkage of rare terms).
    min_count
        Leave out terms counted fewer times than this over all groups.
    top
        Keep the ``top`` terms of each group (or pair) by z.

    Returns
    -------
    pandas.DataFrame
        ``group`` (and ``other`` when pairwise), ``term``, ``n`` (words in the term),
        ``count`` (in the group), ``count_other``, ``log_odds`` (delta), ``z``; one row for
        each term the group uses, sorted by group and z, highest first. Empty (with these
        columns) when there is only one group or no words.
    """
    if prior_scale <= 0:
        raise ValueError("distinctive_terms: prior_scale must be positive")
    counts = term_counts(tokens, by=by, articles=articles, ngrams=ngrams, drop_stop_words=drop_stop_words)
    group_of = group_column(tokens, by, articles, "distinctive_terms")
    sizes = pd.Series(tokens["article_id"].to_numpy(), index=group_of.to_numpy()).groupby(level=0).nunique()
    names = None
    if exclude_own_names:
        source = articles if articles is not None and by in articles else None
        if source is None and by in tokens and "article_id" in tokens:
            source = tokens.drop_duplicates("article_id")
        if source is not None:
            names = outlets.own_names(source, by=by)
    return distinctive_from_counts(counts, pairwise=pairwise, background=background, prior_scale=prior_scale,
                                   min_count=min_count, top=top, min_articles=min_articles, group_articles=sizes,
                                   own_names=names, exclude_honorifics=exclude_honorifics, merge_nested=merge_nested,
                                   min_term_chars=min_term_chars)


def _corpus_prior(term: np.ndarray, count: np.ndarray, n_terms: int) -> tuple[np.ndarray, np.ndarray, float, float]:
    """The corpus as the prior (as :func:`distinctive_from_counts` makes it without a
    background): each term's pooled count, its prior count ``a_w``, their total ``a_0`` and
    the corpus's total, summed over the terms in the order they first occur."""
    pooled = np.bincount(term, weights=count, minlength=n_terms)
    present, first = np.unique(term, return_index=True)
    in_order = present[np.argsort(first, kind="stable")]
    total = float(pooled[in_order].sum())
    a_w = total * (pooled / total) + PRIOR_FLOOR if total else pooled.astype(float)
    return pooled, a_w, float(a_w[in_order].sum()), total


def corpus_prior(counts: pd.DataFrame) -> tuple[pd.Series, float, float]:
    """The prior of the log-odds with the corpus as background, from a :func:`term_counts`
    table: each term's prior count (a Series by term, sorted), the prior's total and the
    corpus's total of counts (what a page computing the z itself needs)."""
    require_columns(counts, ("group", "term", "n", "count"), "corpus_prior")
    _, term, _, count, _, _, terms = _summed(counts)
    _, a_w, a_0, total = _corpus_prior(term, count, len(terms))
    return pd.Series(a_w, index=pd.Index(terms, name="term")), a_0, total


def compare_groups(counts: pd.DataFrame, a: object, b: object | None = None, *, min_count: int = 1) -> pd.DataFrame:
    """Every term, group ``a`` against group ``b`` (None: all the other groups together),
    before any term is left out: the z of :func:`distinctive_from_counts` for ``a`` against
    the rest, and its ``pairwise=True`` z for two groups (the corpus's prior scaled to the
    two groups' size). What the term explorer shows for a pick.

    Parameters
    ----------
    counts
        A :func:`term_counts` table (``group``, ``term``, ``n``, ``count``) of the corpus.
    min_count
        Leave out the terms the two sides use fewer times together (the prior still comes
        from every term, so the z of a term kept does not change).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``n``, ``count_a``, ``count_b``, ``rate_a`` and ``rate_b`` (uses per
        10,000 terms of the side), ``log_odds`` and ``z``; one row a term either side uses,
        the most distinctive of ``a`` first.
    """
    require_columns(counts, ("group", "term", "n", "count"), "compare_groups")
    columns = ["term", "n", "count_a", "count_b", "rate_a", "rate_b", "log_odds", "z"]
    group, term, n_words, count, _, groups, terms = _summed(counts)
    if len(count) == 0:
        return pd.DataFrame(columns=columns)
    groups = list(groups)
    if a not in groups or (b is not None and b not in groups):
        missing = a if a not in groups else b
        raise ValueError(f"compare_groups: no group {missing!r} in the counts")
    pooled, a_w, a_0, total = _corpus_prior(term, count, len(terms))
    group_total = np.bincount(group, weights=count, minlength=len(groups))
    words = np.zeros(len(terms), dtype=np.int64)
    words[term] = n_words
    y_a = np.bincount(term[group == groups.index(a)], weights=count[group == groups.index(a)], minlength=len(terms))
    n_a = float(group_total[groups.index(a)])
    if b is None:
        y_b, n_b, prior, prior_0 = pooled - y_a, total - n_a, a_w, a_0
    else:
        at = group == groups.index(b)
        y_b = np.bincount(term[at], weights=count[at], minlength=len(terms))
        n_b = float(group_total[groups.index(b)])
        pair_total = n_a + n_b  # (in the order of _pairwise's arithmetic, so the z is the same to the bit)
        prior, prior_0 = a_w * pair_total / total, a_0 * pair_total / total
    used = np.flatnonzero((y_a + y_b) >= max(1, min_count))
    delta, z = _log_odds(y_a[used], n_a, y_b[used], n_b, prior[used], prior_0)
    order = np.lexsort((used, -z))  # by z, then by term (the terms' codes are in sorted order)
    used, delta, z = used[order], delta[order], z[order]
    return pd.DataFrame({"term": np.asarray(terms, dtype=object)[used], "n": words[used],
                         "count_a": y_a[used].astype(np.int64), "count_b": y_b[used].astype(np.int64),
                         "rate_a": 1e4 * y_a[used] / n_a if n_a else 0.0,
                         "rate_b": 1e4 * y_b[used] / n_b if n_b else 0.0, "log_odds": delta, "z": z})


def distinctive_from_counts(
    counts: pd.DataFrame,
    *,
    pairwise: bool = False,
    background: Mapping[str, float] | pd.Series | None = None,
    prior_scale: float = 1.0,
    min_count: int = 1,
    top: int | None = None,
    min_articles: int = MIN_TERM_ARTICLES,
    group_articles: Mapping[object, int] | pd.Series | None = None,
    own_names: pd.DataFrame | None = None,
    exclude_honorifics: bool = True,
    merge_nested: bool = True,
    min_term_chars: int = 2,
) -> pd.DataFrame:
    """:func:`distinctive_terms` from a table of :func:`term_counts` (``group``, ``term``,
    ``n``, ``count``, and ``n_articles`` for ``min_articles`` to apply), such as the summed
    counts of a corpus's chunks; the same table. Rows of one group and term are added up,
    and the order of the rows does not matter. ``group_articles`` gives the articles of each
    group (without it a group's largest ``n_articles`` stands in); ``own_names`` is a table
    of :func:`toolkit.outlets.own_names` (``group``, ``form``, ``whole``)."""
    if prior_scale <= 0:
        raise ValueError("distinctive_terms: prior_scale must be positive")
    require_columns(counts, ("group", "term", "n", "count"), "distinctive_from_counts")
    columns = ["group"] + (["other"] if pairwise else []) + ["term", "n", "count", "count_other", "log_odds", "z"]
    group, term, n_words, count, used, groups, terms = _summed(counts)
    if len(count) == 0 or len(np.unique(group)) < 2:
        return pd.DataFrame(columns=columns)
    # Work on integer codes: term t is terms[t], group g is groups[g]. The pooled counts
    # are summed over the terms in the order they first occur (group by group), as a pandas
    # groupby would, so the prior's total a_0 is the same to the last bit.
    pooled = np.bincount(term, weights=count, minlength=len(terms)).astype(np.int64)
    if min_count > 1:
        kept = pooled[term] >= min_count
        group, term, n_words, count = group[kept], term[kept], n_words[kept], count[kept]
        used = used[kept] if used is not None else None
        if not kept.any():
            return pd.DataFrame(columns=columns)
    present, first = np.unique(term, return_index=True)
    in_order = present[np.argsort(first, kind="stable")]
    total = float(pooled[in_order].sum())
    if background is None:
        frequency = pooled / total
    else:
        bg = pd.Series(background, dtype=float)
        frequency = (bg / bg.sum()).reindex(terms).fillna(0.0).to_numpy()
    a_w_all = prior_scale * total * frequency + PRIOR_FLOOR
    a_0 = float(a_w_all[in_order].sum())
    group_total = np.bincount(group, weights=count, minlength=len(groups))
    a_w = a_w_all[term]

    if not pairwise:
        y_i = count.astype(float)
        n_i = group_total[group]
        y_j = pooled[term].astype(float) - y_i
        n_j = total - n_i
        delta, z = _log_odds(y_i, n_i, y_j, n_j, a_w, a_0)
        order = np.lexsort((term, -z, group))
        out = pd.DataFrame({"group": groups.take(group[order]), "term": terms.take(term[order]),
                            "n": n_words[order], "count": count[order], "count_other": y_j[order].astype(np.int64),
                            "log_odds": delta[order], "z": z[order]})
        keep = _about_the_news(out, None if used is None else used[order], min_articles, group_articles, own_names,
                               exclude_honorifics, merge_nested, min_term_chars=min_term_chars)
        out = out[keep].reset_index(drop=True) if not keep.all() else out
        if top is not None:
            out = out.groupby("group", sort=False).head(top)
        return out.reset_index(drop=True)
    counts = pd.DataFrame({"group": groups.take(group), "term": terms.take(term), "n": n_words, "count": count})
    out = _pairwise(counts, pd.Series(a_w_all[in_order], index=terms.take(in_order)), a_0,
                    pd.Series(group_total.astype(np.int64), index=groups), total)
    out = out.sort_values(["group", "other", "z", "term"], ascending=[True, True, False, True], kind="stable")
    if used is not None:
        index = pd.MultiIndex.from_arrays([groups.take(group), terms.take(term)])
        wanted = pd.MultiIndex.from_frame(out[["group", "term"]])
        used_out = np.column_stack([pd.Series(used[:, k], index=index).reindex(wanted).to_numpy() for k in (0, 1)])
    else:
        used_out = None
    keep = _about_the_news(out, used_out, min_articles, group_articles, own_names, exclude_honorifics, merge_nested,
                           pair_keys=["group", "other"], min_term_chars=min_term_chars)
    out = out[keep]
    if top is not None:
        out = out.groupby(["group", "other"], sort=False).head(top)
    return out[columns].reset_index(drop=True)


def _about_the_news(out: pd.DataFrame, used: np.ndarray | None, min_articles: int,
                    group_articles: Mapping[object, int] | pd.Series | None, own_names: pd.DataFrame | None,
                    exclude_honorifics: bool, merge_nested: bool, pair_keys: list[str] | None = None,
                    min_term_chars: int = 2) -> np.ndarray:
    """Which rows of a distinctive-terms table to show (see :func:`distinctive_terms`)."""
    keep = np.ones(len(out), dtype=bool)
    if not len(out):
        return keep
    terms = out["term"].astype(str).to_numpy()
    groups = out["group"].to_numpy(dtype=object)
    # (a test of the term alone is made once a distinct term: a term recurs in many groups)
    codes, distinct = pd.factorize(terms)
    distinct = distinct.tolist()
    if min_term_chars > 1:  # not "o" (of a ticker "FB.O"), "m" (of "p.m")
        keep &= np.array([any(len(w) >= min_term_chars for w in t.split()) for t in distinct], dtype=bool)[codes]
    if used is not None and min_articles > 1:
        n_articles, most = used[:, 0], used[:, 1]
        if group_articles is not None:
            size = pd.Series(group_articles).reindex(groups).fillna(0).to_numpy()
        else:
            size = pd.Series(n_articles).groupby(groups).transform("max").to_numpy()
        needed = np.minimum(min_articles, np.maximum(size, 1))
        keep &= n_articles >= needed
        counts = out["count"].to_numpy()
        keep &= (needed < 2) | (most <= MAX_ONE_ARTICLE_SHARE * counts)  # not one article many times
    if exclude_honorifics:
        keep &= ~np.array([any(w.rstrip(".") in HONORIFICS or PARTY_TAG.match(w) for w in t.split()) for t in distinct],
                          dtype=bool)[codes]
    own = np.zeros(len(out), dtype=bool)
    if own_names is not None and len(own_names):
        own = _own_name_terms(groups, terms, out["count"].to_numpy(), own_names, codes, distinct)
    if merge_nested:
        keys = pair_keys or ["group"]
        frame = out[keys + ["term", "count", "z"]].assign(row=np.arange(len(out)), ok=keep)
        words = frame[~frame["term"].astype(str).str.contains(" ")]
        phrases = frame[frame["term"].astype(str).str.count(" ") == 1]
        if len(words) and len(phrases):
            split = phrases["term"].astype(str).str.split(" ", n=1, expand=True)
            pairs = pd.concat([phrases.assign(word=split[0]), phrases.assign(word=split[1])], ignore_index=True)
            pairs = pairs.merge(words.rename(columns={"term": "word"}), on=keys + ["word"], suffixes=("", "_w"))
            pairs = pairs[(pairs["count"] >= NESTED_SHARE * pairs["count_w"]) & (pairs["count_w"] >= NESTED_MIN_COUNT)]
            for p, w, ok_p, ok_w in pairs[["row", "row_w", "ok", "ok_w"]].itertuples(index=False):
                if own[p] or own[w]:
                    own[p] = own[w] = True
                elif ok_p and ok_w:
                    keep[w] = False  # the phrase says more than the word it mostly accounts for
    return keep & ~own


def _own_name_terms(groups: np.ndarray, terms: np.ndarray, counts: np.ndarray, own_names: pd.DataFrame,
                    codes: np.ndarray, distinct: list[str]) -> np.ndarray:
    """Which terms are a group's own name: a term equal to one of its forms, or holding, as a
    run of its words, a form that is a name in itself (``whole``), or a word of such a name
    that the group mostly uses inside the name ("usa" of "usa today" stands for the name in
    "told usa"). ``codes`` and ``distinct``: ``terms`` factorised."""
    whole: dict[object, set[str]] = {}
    alone: dict[object, set[str]] = {}
    for g, form, is_whole in own_names[["group", "form", "whole"]].itertuples(index=False):
        (whole if is_whole else alone).setdefault(g, set()).add(form)
    # the counts of the words and pairs of words of the groups' whole names, where they are terms
    asked = {(g, key) for g, forms in whole.items() for form in forms
             for words in [form.split()] for key in (*words, *(f"{a} {b}" for a, b in zip(words, words[1:])))}
    count: dict[tuple[object, str], float] = {}
    if asked:
        rows = np.flatnonzero(pd.Series(terms).isin({term for _, term in asked}).to_numpy())
        for g, term, n in zip(groups[rows].tolist(), terms[rows].tolist(), counts[rows].tolist()):
            if (g, term) in asked:
                count[(g, term)] = n
    for g, forms in whole.items():
        for form in list(forms):
            words = form.split()
            for first, second in zip(words, words[1:]):
                inside = count.get((g, f"{first} {second}"), 0)
                forms.update(word for word in (first, second)
                             if inside and inside >= NESTED_SHARE * count.get((g, word), 0))
    # A term can be a group's own name only if it is some group's form, or all the words of
    # a run of it are words of some group's whole name: tested once a distinct term.
    any_form = set().union(*alone.values(), *whole.values())
    name_words = {word for forms in whole.values() for form in forms for word in form.split()}
    candidate = np.array([t in any_form or (bool(name_words) and any(w in name_words for w in t.split()))
                          for t in distinct], dtype=bool)
    out = np.zeros(len(terms), dtype=bool)
    for i in np.flatnonzero(candidate[codes]).tolist():
        g, term = groups[i], terms[i]
        names = whole.get(g)
        if term in alone.get(g, ()) or (names and term in names):
            out[i] = True
        elif names:
            words = term.split()
            out[i] = any(" ".join(words[a:b]) in names for a in range(len(words)) for b in range(a + 1, len(words) + 1))
    return out


def _summed(counts: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """The rows of a term counts table added up by group and term, sorted by group then term
    (rows without a group are left out): codes of group and term, words in the term, count,
    articles using it with the most uses in one of them (two columns; None without an
    ``n_articles`` column), and the groups and terms the codes stand for (sorted)."""
    known = counts["group"].notna().to_numpy() & counts["term"].notna().to_numpy()
    if not known.all():
        counts = counts[known]
    group, groups = pd.factorize(counts["group"], sort=True)
    term, terms = pd.factorize(counts["term"], sort=True)
    width = max(1, len(terms))
    key = group.astype(np.int64) * width + term
    order = np.argsort(key, kind="stable")
    key = key[order]
    has_spread = "n_articles" in counts
    if len(key) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, (np.zeros((0, 2), dtype=np.int64) if has_spread else None), groups, terms
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    count = np.add.reduceat(counts["count"].to_numpy(dtype=np.int64)[order], starts)
    used = None
    if has_spread:  # articles using the term add up; the most uses in one article is the largest
        most = counts["max_in_article"] if "max_in_article" in counts else counts["count"]
        used = np.column_stack([np.add.reduceat(counts["n_articles"].to_numpy(dtype=np.int64)[order], starts),
                                np.maximum.reduceat(most.to_numpy(dtype=np.int64)[order], starts)])
    n_words = counts["n"].to_numpy(dtype=np.int64)[order][starts]
    key = key[starts]
    return key // width, key % width, n_words, count, used, groups, terms


def _pairwise(counts: pd.DataFrame, a_w_all: pd.Series, a_0: float, group_total: pd.Series,
              total: float) -> pd.DataFrame:
    """Log-odds of each ordered pair of groups, the prior scaled to the pair's size."""
    wide = counts.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0)
    n_words = counts.drop_duplicates("term").set_index("term")["n"]
    parts = []
    for g, h in permutations(wide.columns, 2):
        used = wide[g] > 0
        y_i = wide.loc[used, g].to_numpy(dtype=float)
        y_j = wide.loc[used, h].to_numpy(dtype=float)
        pair_total = float(group_total[g] + group_total[h])
        prior = a_w_all.reindex(wide.index[used]).to_numpy() * pair_total / total
        delta, z = _log_odds(y_i, float(group_total[g]), y_j, float(group_total[h]), prior, a_0 * pair_total / total)
        parts.append(pd.DataFrame({"group": g, "other": h, "term": wide.index[used],
                                   "n": n_words.reindex(wide.index[used]).to_numpy(), "count": y_i.astype(np.int64),
                                   "count_other": y_j.astype(np.int64), "log_odds": delta, "z": z}))
    return pd.concat(parts, ignore_index=True)


def kwic(tokens: pd.DataFrame, term: str | list[str], *, window: int = 5) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``window`` tokens either side.

    ``term`` matches case-insensitively, whole tokens; several words ("firmly rejected")
    match a run of tokens; a list of terms matches any of them. Contexts stay within the
    article and are rebuilt with the article's own spacing (from the token offsets).

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id``, ``token_id`` (of the first matched token),
        ``left``, ``keyword`` (as written), ``right``; empty with these columns when the term
        does not occur.
    """
    require_columns(tokens, ("article_id", "sentence_id", "token_id", "start", "end", "text", "lower"), "kwic")
    if window < 0:
        raise ValueError("kwic: window must be 0 or more")
    terms = [term] if isinstance(term, str) else list(term)
    from .segment import tokenize as _tokenize

    queries = []
    for t in terms:
        q = _tokenize(pd.DataFrame({"article_id": ["q"], "sentence_id": [0], "start": [0], "text": [t]}))
        if len(q):
            queries.append(q["lower"].tolist())
    columns = ["article_id", "sentence_id", "token_id", "left", "keyword", "right"]
    if not queries or tokens.empty:
        return pd.DataFrame(columns=columns)
    lower = tokens["lower"].to_numpy(dtype=object)
    article = tokens["article_id"].to_numpy(dtype=object)
    texts = tokens["text"].to_numpy(dtype=object)
    starts = tokens["start"].to_numpy()
    ends = tokens["end"].to_numpy()
    rows = []
    for query in queries:
        k = len(query)
        hits = np.flatnonzero(lower == query[0])
        for i in hits:
            j = i + k
            if j > len(lower) or list(lower[i:j]) != query or len(set(article[i:j])) != 1:
                continue
            a = article[i]
            lo = i
            while lo > 0 and i - lo < window and article[lo - 1] == a:
                lo -= 1
            hi = j
            while hi < len(lower) and hi - j < window and article[hi] == a:
                hi += 1
            rows.append((a, tokens["sentence_id"].iat[i], tokens["token_id"].iat[i],
                         _join(texts, starts, ends, lo, i), _join(texts, starts, ends, i, j),
                         _join(texts, starts, ends, j, hi)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["article_id", "token_id"], kind="stable").reset_index(drop=True)


def _join(texts: np.ndarray, starts: np.ndarray, ends: np.ndarray, lo: int, hi: int) -> str:
    """Tokens lo..hi-1 with a space where the article had white space between them."""
    parts = []
    for k in range(lo, hi):
        if k > lo and starts[k] > ends[k - 1]:
            parts.append(" ")
        parts.append(texts[k])
    return "".join(parts)


# --- the step of toolkit.analyze (see toolkit.steps) --------------------------------------------

def _step_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    """Term counts per group, articles per group, and the forms under which each group names
    itself: all add up over chunks."""
    return {"term_counts": term_counts(tables["tokens"], by=by, articles=chunk),
            "group_articles": pd.Series(group_of(chunk, by, chunk)).value_counts(dropna=True).rename_axis("group")
                                .rename("n_articles").reset_index(),
            "group_names": outlets.own_names(chunk, by=by)}


def _step_combine(partials, by: str) -> dict[str, pd.DataFrame]:
    sizes = partials["group_articles"].groupby("group")["n_articles"].sum()
    names = partials["group_names"].drop_duplicates(["group", "form"])
    return {"distinctive_terms": distinctive_from_counts(partials["term_counts"], group_articles=sizes, own_names=names)}


def add_term_counts(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Term counts tables (of :func:`term_counts`) added up into one: a row a group and term,
    ``count`` and ``n_articles`` summed, ``max_in_article`` the largest (as
    :func:`distinctive_from_counts` adds them up, so that it gives the same table)."""
    counts = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    group, term, n_words, count, used, groups, terms = _summed(counts)
    return pd.DataFrame({"group": np.asarray(groups, dtype=object)[group], "term": np.asarray(terms, dtype=object)[term],
                         "n": n_words, "count": count, "n_articles": used[:, 0], "max_in_article": used[:, 1]})


STEP = Step("distinctive terms", partials=("term_counts", "group_articles", "group_names"), partial=_step_partial,
            gives=("distinctive_terms",), combine=_step_combine, reduce={"term_counts": add_term_counts})
