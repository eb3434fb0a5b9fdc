"""Load + split + tokenise a corpus: articles per second and peak memory, against a baseline.

Run by hand (not in CI): ``python benchmarks/bench_load.py [CORPUS] [--before REV]``. By default it uses the
2,000-article AllSides sample when it sits beside the project (../shared/corpora/…), else the
sample corpus. The baseline, timed in the same run on the same texts, is what one would write
with NLTK alone and offline: an untrained Punkt splitter and the Treebank word tokenizer with
character spans, one sentence at a time, into a DataFrame.

With ``--before REV`` (a git revision of this project, such as ``f286cc0``, main before
furniture by repetition and speaker resolution), the same run also measures that revision,
checked out in a temporary worktree, three rounds alternating with this one, one core each:
load, split and tokenise, and the quotations with their speakers. It prints what the newer
code adds (cleaning by repetition, speaker resolution) as a share of the older load + split
+ tokenise; the target is at most 20%.
"""
from __future__ import annotations

import json
import resource
import sys
import time
import warnings

import pandas as pd

from _before import before_option, fastest_stages  # beside this script
from _corpus import ROOT, corpus_path


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


def stage_times(source) -> dict[str, float]:
    """One core: seconds to load, split, tokenise and find the quotations with speakers (and
    to resolve speakers across the corpus, where the toolkit does)."""
    import toolkit

    toolkit.tokenize(toolkit.split_sentences(toolkit.load_corpus(ROOT / "data" / "sample")))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        articles = toolkit.load_corpus(source, workers=1)
    t1 = time.perf_counter()
    sentences = toolkit.split_sentences(articles)
    t2 = time.perf_counter()
    toolkit.tokenize(sentences)
    t3 = time.perf_counter()
    quoted = toolkit.quotes(sentences)
    t4 = time.perf_counter()
    if hasattr(toolkit, "resolve_speakers"):
        toolkit.resolve_speakers(quoted)
    t5 = time.perf_counter()
    return {"load": t1 - t0, "split": t2 - t1, "tokenise": t3 - t2, "quotes": t4 - t3, "resolve": t5 - t4}


def compare_with(revision: str, source) -> None:
    """The stages of ``revision`` and of this tree, three rounds alternating; the fastest of each."""
    best = fastest_stages(revision, __file__, str(source), "--stages")
    print(f"\nbefore ({revision}) and after, one core, fastest of 3 alternating rounds:")
    for stage in ("load", "split", "tokenise", "quotes", "resolve"):
        print(f"  {stage:9} {best['before'].get(stage, 0.0):6.2f} s  {best['after'].get(stage, 0.0):6.2f} s")
    base = sum(best["before"][k] for k in ("load", "split", "tokenise"))
    after = sum(best["after"][k] for k in ("load", "split", "tokenise", "quotes", "resolve"))
    before = sum(best["before"][k] for k in ("load", "split", "tokenise", "quotes"))
    print(f"added by the newer code (load + split + tokenise + quotations and speakers): {after - before:+.2f} s, "
          f"{(after - before) / base:.0%} of the older load + split + tokenise ({base:.2f} s); target at most 20%")


def main() -> None:
    if "--stages" in sys.argv:
        sys.argv.remove("--stages")
        print(json.dumps(stage_times(corpus_path())))
        return
    before = before_option(None)
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
    seconds = {True: [], False: []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):  # alternating, the fastest of each
            for repeated in (True, False):
                t6 = time.perf_counter()
                toolkit.load_corpus(source, workers=1, **({} if repeated else {"repeated_lines": None}))
                seconds[repeated].append(time.perf_counter() - t6)
    with_it, without = min(seconds[True]), min(seconds[False])
    print(f"cleaning by repetition: {with_it - without:+.2f} s (load with it {with_it:.2f} s, without {without:.2f} s, "
          f"fastest of 3 alternating)")
    if before:
        compare_with(before, source)


if __name__ == "__main__":
    main()
