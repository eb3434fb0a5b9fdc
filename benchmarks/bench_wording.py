"""Speed of distinctive_terms and align_sentences, each next to a simple baseline.

Run by hand: ``python benchmarks/bench_wording.py`` (needs the AllSides sample beside the
project). Targets: distinctive_terms by outlet over the sample under 5 s; align_sentences on
two articles of about 1,000 words under 0.5 s.

Baselines, timed in the same run: the same log-odds formula computed with Counters in plain
Python (the way one would write it from the paper; its numbers are checked against the
toolkit's), and sentence pairing by difflib's ratio over every pair of sentences.
"""
from __future__ import annotations

import math
import time
import warnings
from collections import Counter
from difflib import SequenceMatcher

import pandas as pd

from _corpus import ALLSIDES, ROOT  # noqa: E402  (beside this script)


def baseline_log_odds(tokens: pd.DataFrame, outlet: dict[str, str]) -> dict[tuple[str, str], float]:
    """Unigram log-odds z of each outlet against the rest, from Counters (prior = pooled counts)."""
    counts: dict[str, Counter] = {}
    for article_id, lower, word, stop in zip(tokens["article_id"], tokens["lower"], tokens["is_word"], tokens["is_stop"]):
        if word and not stop:
            counts.setdefault(outlet[article_id], Counter())[lower] += 1
    pooled = sum(counts.values(), Counter())
    total = sum(pooled.values())
    prior = {w: c + 0.01 for w, c in pooled.items()}
    a0 = sum(prior.values())
    z = {}
    for group, own in counts.items():
        n_i = sum(own.values())
        for w, y_i in own.items():
            y_j, n_j = pooled[w] - y_i, total - n_i
            d = math.log((y_i + prior[w]) / (n_i + a0 - y_i - prior[w])) - math.log((y_j + prior[w]) / (n_j + a0 - y_j - prior[w]))
            z[(group, w)] = d / math.sqrt(1 / (y_i + prior[w]) + 1 / (y_j + prior[w]))
    return z


def baseline_alignment(a: list[str], b: list[str]) -> list[tuple[int, int, float]]:
    scores = sorted(((SequenceMatcher(None, x.split(), y.split()).ratio(), i, j) for i, x in enumerate(a)
                     for j, y in enumerate(b)), reverse=True)
    used_a, used_b, pairs = set(), set(), []
    for score, i, j in scores:
        if score >= 0.3 and i not in used_a and j not in used_b:
            pairs.append((i, j, score))
            used_a.add(i)
            used_b.add(j)
    return pairs


def main() -> None:
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(ALLSIDES if ALLSIDES.exists() else ROOT / "data" / "sample")
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)

    start = time.perf_counter()
    ours = toolkit.distinctive_terms(tokens, articles=articles, ngrams=(1,))
    t_ours_uni = time.perf_counter() - start
    start = time.perf_counter()
    toolkit.distinctive_terms(tokens, articles=articles)
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs = baseline_log_odds(tokens, articles.set_index("article_id")["outlet"].to_dict())
    t_base = time.perf_counter() - start
    worst = max(abs(z - theirs[(g, t)]) for g, t, z in zip(ours["group"], ours["term"], ours["z"]))
    print(f"distinctive_terms by outlet ({len(articles)} articles, {articles['outlet'].nunique()} outlets, "
          f"{len(tokens)} tokens)")
    print(f"  toolkit, unigrams + bigrams   {t_ours:6.2f} s")
    print(f"  toolkit, unigrams             {t_ours_uni:6.2f} s")
    print(f"  Counter baseline, unigrams    {t_base:6.2f} s   ratio {t_base / t_ours_uni:.1f}x; "
          f"largest z difference {worst:.2g}")

    words = articles["text"].str.split().str.len()
    pair = articles[(words > 950) & (words < 1100)].head(2)["article_id"].tolist()
    if len(pair) == 2:
        part = sentences[sentences["article_id"].isin(pair)]
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            toolkit.align_sentences(part, *pair)
            best = min(best, time.perf_counter() - start)
        a = part.loc[part["article_id"] == pair[0], "text"].tolist()
        b = part.loc[part["article_id"] == pair[1], "text"].tolist()
        start = time.perf_counter()
        baseline_alignment(a, b)
        t_diff = time.perf_counter() - start
        print(f"align_sentences on two articles of {words[articles['article_id'].isin(pair)].tolist()} words "
              f"({len(a)} and {len(b)} sentences)")
        print(f"  toolkit (best of 5)           {best:6.3f} s")
        print(f"  difflib all-pairs baseline    {t_diff:6.3f} s")


if __name__ == "__main__":
    main()
