"""Story matching on the AllSides sample: seconds on one core and the groups found.

Run by hand: ``python benchmarks/bench_stories.py [CORPUS]``. Target: under 10 s on one core.
The baseline, in the same run, is the plain approach: the same TF-IDF vectors compared
pair by pair in Python (on the first 300 articles, then scaled to the corpus by the number
of pairs).
"""
from __future__ import annotations

import time
import warnings

import numpy as np

from _corpus import corpus_path  # noqa: E402  (beside this script)


def main() -> None:
    source = corpus_path()
    import toolkit
    from toolkit.stories import _vectors

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(source)
        start = time.perf_counter()
        matched = toolkit.match_stories(articles)
        elapsed = time.perf_counter() - start
    sizes = matched["story"].value_counts()
    print(f"corpus: {source} ({len(articles)} articles)")
    print(f"match_stories: {elapsed:.2f} s; {len(sizes)} stories, {int((sizes > 1).sum())} with two or more "
          f"articles, {int(sizes[sizes > 1].sum())} articles in them; largest {sizes.iloc[0]}")
    head = articles.head(300)
    matrix, _, _ = _vectors(head)
    rows = [matrix.getrow(i).toarray().ravel() for i in range(matrix.shape[0])]
    start = time.perf_counter()
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            float(np.dot(rows[i], rows[j]))
    pairs = len(rows) * (len(rows) - 1) / 2
    per_pair = (time.perf_counter() - start) / pairs
    total_pairs = len(articles) * (len(articles) - 1) / 2
    print(f"pair-by-pair baseline: {per_pair * total_pairs:.1f} s estimated for the corpus "
          f"({per_pair * 1e6:.1f} µs a pair); ratio {per_pair * total_pairs / elapsed:.1f}x")


if __name__ == "__main__":
    main()
