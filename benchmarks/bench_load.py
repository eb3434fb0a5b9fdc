"""Load + split + tokenise a corpus: articles per second and peak memory, against a baseline.

Run by hand (not in CI): ``python benchmarks/bench_load.py [CORPUS]``. By default it uses the
2,000-article AllSides sample when it sits beside the project (../shared/corpora/…), else the
sample corpus. The baseline, timed in the same run on the same texts, is what one would write
with NLTK alone and offline: an untrained Punkt splitter and the Treebank word tokenizer with
character spans, one sentence at a time, into a DataFrame.
"""
from __future__ import annotations

import resource
import time
import warnings

import pandas as pd

from _corpus import ROOT, corpus_path  # noqa: E402  (beside this script)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(texts: list[str]) -> int:
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    splitter, words = PunktSentenceTokenizer(), TreebankWordTokenizer()
    rows = []
    for i, text in enumerate(texts):
        for s, e in splitter.span_tokenize(text):
            for a, b in words.span_tokenize(text[s:e]):
                rows.append((i, s + a, s + b, text[s + a:s + b]))
    return len(pd.DataFrame(rows, columns=["article", "start", "end", "text"]))


def main() -> None:
    source = corpus_path()
    import toolkit

    toolkit.tokenize(toolkit.split_sentences(toolkit.load_corpus(ROOT / "data" / "sample")))  # warm the lazy resources
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        articles = toolkit.load_corpus(source, workers=1)  # one core, as the aim is stated
    t1 = time.perf_counter()
    sentences = toolkit.split_sentences(articles)
    t2 = time.perf_counter()
    tokens = toolkit.tokenize(sentences)
    t3 = time.perf_counter()
    n = len(articles)
    toolkit_peak = peak_mib()
    print(f"corpus: {source} ({n} articles, {len(sentences)} sentences, {len(tokens)} tokens)")
    print(f"load      {t1 - t0:6.2f} s  {n / (t1 - t0):8.0f} articles/s")
    print(f"split     {t2 - t1:6.2f} s  {n / (t2 - t1):8.0f} articles/s")
    print(f"tokenise  {t3 - t2:6.2f} s  {n / (t3 - t2):8.0f} articles/s")
    print(f"toolkit   {t3 - t0:6.2f} s  {n / (t3 - t0):8.0f} articles/s   peak RSS {toolkit_peak:.0f} MiB, "
          f"tokens table {tokens.memory_usage(deep=True).sum() / max(1, len(tokens)):.0f} bytes/token")

    texts = articles["text"].tolist()
    t4 = time.perf_counter()
    n_base = baseline(texts)
    t5 = time.perf_counter()
    print(f"baseline  {t5 - t4:6.2f} s  {n / (t5 - t4):8.0f} articles/s   (split + tokenise only, {n_base} tokens; "
          f"raw texts already in memory)")
    print(f"ratio (toolkit split+tokenise vs baseline): {(t5 - t4) / (t3 - t1):.2f}x; "
          f"(toolkit incl. loading and cleaning vs baseline): {(t5 - t4) / (t3 - t0):.2f}x")


if __name__ == "__main__":
    main()
