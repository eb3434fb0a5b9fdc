"""Sentence sentiment: toolkit.sentence_sentiment against plain VADER, sentences per second.

Run by hand: ``python benchmarks/bench_sentiment.py [CORPUS]`` (default: the AllSides sample
beside the project). Target: at least 25,000 sentences/s on one core. The baseline is VADER's
own ``polarity_scores`` called on each sentence, in the same run; best of three runs each.
"""
from __future__ import annotations

import time
import warnings

from _corpus import corpus_path  # noqa: E402  (beside this script)


def main() -> None:
    source = corpus_path()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sentences = toolkit.split_sentences(toolkit.load_corpus(source))
    texts = sentences["text"].tolist()
    vader = SentimentIntensityAnalyzer()
    toolkit.sentence_sentiment(sentences.head(10))  # load the lexicon once
    ours = plain = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        toolkit.sentence_sentiment(sentences)
        ours = min(ours, time.perf_counter() - start)
        start = time.perf_counter()
        [vader.polarity_scores(t) for t in texts]
        plain = min(plain, time.perf_counter() - start)
    n = len(texts)
    print(f"corpus: {source} ({n} sentences)")
    print(f"toolkit.sentence_sentiment  {n / ours:9.0f} sentences/s  ({ours:.2f} s)")
    print(f"plain VADER                 {n / plain:9.0f} sentences/s  ({plain:.2f} s)")
    print(f"ratio toolkit / plain VADER: {plain / ours:.2f}")


if __name__ == "__main__":
    main()
