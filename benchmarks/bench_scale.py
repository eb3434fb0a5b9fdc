"""The toolkit against the naive approach, on the AllSides sample and on a corpus ten times
its size, in one run; and the toolkit on two cores, from a cache, and in chunks.

Run by hand: ``python benchmarks/bench_scale.py [CORPUS] [--scale 10]``.

The naive approach is what a user writes today, offline: for each article, nltk's Punkt
sentence splitter (untrained, as nltk builds it) and nltk's word tokenizer on each sentence,
VADER on each sentence, and textstat's functions one by one on the article (``text_standard``
as a number). The toolkit's
path for the same work is ``split_sentences``, ``tokenize``, ``sentence_sentiment`` (VADER's
own lexicon) and ``readability``; ``analyze`` does all of that and every other analysis.

Each measurement runs in a fresh Python process (so the peak memory printed is that step's
own: the largest resident size of the process, and of its worker processes). Printed:
articles/s, the ratios, peak memory, and bytes a token. The numbers are checked equal:
every readability measure of every article against textstat's function, every sentence's
VADER scores against ``SentimentIntensityAnalyzer.polarity_scores``, and the tables of two
cores against those of one. On the sample, one core and two cores run five times each,
alternately, and the fastest run of each is compared (the machine's speed drifts by a
quarter between runs); every run is printed.
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _corpus import ALLSIDES, ROOT  # noqa: E402  (beside this script)


def load(source: str, scale: int):
    import pandas as pd

    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(source)
    if scale > 1:  # the corpus ten times: each article again under another id
        articles = pd.concat([articles.assign(article_id=articles["article_id"] + f"~{k}") for k in range(scale)],
                             ignore_index=True)
    return articles


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB (Linux: KB)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def naive(articles) -> dict:
    import textstat
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import toolkit

    punkt, words, vader = PunktSentenceTokenizer(), NLTKWordTokenizer(), SentimentIntensityAnalyzer()
    out = []
    start = time.perf_counter()
    n_tokens = 0
    for text in articles["text"].tolist():
        sentences = punkt.tokenize(text)
        tokens = [words.tokenize(s) for s in sentences]
        n_tokens += sum(len(t) for t in tokens)
        scores = [vader.polarity_scores(s) for s in sentences]
        grades = {m: getattr(textstat, m)(text, **({"float_output": True} if m == "text_standard" else {}))
                  for m in toolkit.MEASURES}
        out.append((len(sentences), scores, grades))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tokens": n_tokens, "sentences": sum(o[0] for o in out),
            "grades": [o[2] for o in out]}


def toolkit_same_work(articles) -> dict:
    import toolkit

    start = time.perf_counter()
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)
    scored = toolkit.sentence_sentiment(sentences, lexicon="vader")
    scores = toolkit.readability(articles)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tokens": len(tokens), "sentences": len(sentences), "scored": scored,
            "scores": scores, "plain_bytes_per_token": tokens.memory_usage(deep=True).sum() / max(1, len(tokens))}


def step(name: str, source: str, scale: int, cache: str | None) -> dict:
    """One measurement, in this (fresh) process."""
    articles = load(source, scale)
    import toolkit

    toolkit.analyze(articles.head(20), workers=1, progress=False)  # lexicons and caches loaded, once
    n = len(articles)
    result: dict = {"articles": n}
    if name == "naive":
        run = naive(articles)
        result.update(seconds=run["seconds"], tokens=run["tokens"], sentences=run["sentences"])
        result["peak_mb"], result["worker_peak_mb"] = peak_mb()  # the naive run's own, before the check
        # the same numbers: every textstat measure equals the toolkit's
        same = toolkit_same_work(articles.head(2000))
        mismatched = 0
        for grades, row in zip(run["grades"], same["scores"].itertuples(index=False)):
            for measure, value in grades.items():
                mine = getattr(row, measure)
                if row.n_words and not (mine == value or (isinstance(mine, float) and math.isclose(mine, value))):
                    mismatched += 1
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()
        scored = same["scored"]
        vader_mismatch = sum(tuple(vader.polarity_scores(r.text).values()) != (r.neg, r.neu, r.pos, r.compound)
                             for r in scored.itertuples(index=False))
        result.update(readability_mismatches=mismatched, compared_articles=len(same["scores"]),
                      measures=len(toolkit.MEASURES),
                      vader_mismatches=int(vader_mismatch), compared_sentences=len(scored))
    elif name == "same_work":
        run = toolkit_same_work(articles)
        result.update(seconds=run["seconds"], tokens=run["tokens"], sentences=run["sentences"],
                      plain_bytes_per_token=run["plain_bytes_per_token"])
    elif name in ("analyze_1", "analyze_2"):
        workers = 1 if name == "analyze_1" else 2
        start = time.perf_counter()
        tables = toolkit.analyze(articles, workers=workers, progress=False)
        result["seconds"] = time.perf_counter() - start
        tokens = tables["tokens"]
        result.update(tokens=len(tokens), bytes_per_token=tokens.memory_usage(deep=True).sum() / max(1, len(tokens)))
        digest = {k: _digest(v) for k, v in tables.items()}
        result["digest"] = digest
    elif name == "chunked":
        start = time.perf_counter()
        tables = toolkit.analyze(articles, workers=2, cache=cache, in_memory=False, progress=False)
        result["seconds"] = time.perf_counter() - start
        result["digest"] = {k: _digest(tables[k]) for k in tables if k != "tokens" and k != "sentences"}
    elif name == "end_to_end":  # load + analyze on two cores, then the same again, both with the cache
        timings = {}
        for label in ("cold", "warm"):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fresh = toolkit.load_corpus(source, cache=cache)
            tables = toolkit.analyze(fresh, workers=2, cache=cache, progress=False)
            total_rows = sum(len(tables[k]) for k in tables)  # every table read
            timings[label] = time.perf_counter() - start
        result.update(seconds=timings["cold"], rerun_seconds=timings["warm"], rows=total_rows)
    if "peak_mb" not in result:
        result["peak_mb"], result["worker_peak_mb"] = peak_mb()
    return result


def _digest(table) -> str:
    """A fingerprint of a table's values (tokens as plain strings), to compare two runs."""
    import hashlib

    import pandas as pd

    plain = table.astype({c: "string" for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})
    return hashlib.sha256(pd.util.hash_pandas_object(plain.astype(str), index=False).values.tobytes()).hexdigest()[:16]


def measure(name: str, source: str, scale: int, cache: str | None = None) -> dict:
    command = [sys.executable, __file__, source, "--step", name, "--scale", str(scale)]
    if cache:
        command += ["--cache", cache]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"step {name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(ALLSIDES if ALLSIDES.exists() else ROOT / "data" / "sample"))
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5, help="runs of one and of two cores on the sample")
    parser.add_argument("--step")
    parser.add_argument("--cache")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.corpus, args.scale, args.cache)))
        return

    print(f"corpus: {args.corpus}")
    for scale in (1, args.scale):
        runs = {name: measure(name, args.corpus, scale) for name in ("naive", "same_work")}
        # One core against two, alternately (this machine's speed drifts): the fastest run of each.
        repeats = args.repeats if scale == 1 else 1
        timed: dict[str, list[dict]] = {"analyze_1": [], "analyze_2": []}
        for _ in range(repeats):
            for name in timed:
                timed[name].append(measure(name, args.corpus, scale))
        for name, done in timed.items():
            runs[name] = min(done, key=lambda r: r["seconds"])
        with tempfile.TemporaryDirectory() as cache:
            runs["chunked"] = measure("chunked", args.corpus, scale, cache)
        n = runs["naive"]["articles"]
        print(f"\n== {n:,} articles ({'the sample' if scale == 1 else f'{scale} times the sample'})")
        for name, label in (("naive", "naive (nltk + VADER + textstat one by one)"),
                            ("same_work", "toolkit, the same work, one core"),
                            ("analyze_1", "toolkit analyze(), everything, 1 core"),
                            ("analyze_2", "toolkit analyze(), everything, 2 cores"),
                            ("chunked", "toolkit analyze(), 2 cores, tables on disk")):
            r = runs[name]
            print(f"{label:46s} {r['seconds']:8.1f} s {n / r['seconds']:8.0f} articles/s   peak "
                  f"{r['peak_mb']:6.0f} MB (workers {r['worker_peak_mb']:5.0f} MB)")
        naive_rate = n / runs["naive"]["seconds"]
        print(f"same work, toolkit / naive (one core): {n / runs['same_work']['seconds'] / naive_rate:.1f}x")
        print(f"everything, toolkit on one core / naive: {n / runs['analyze_1']['seconds'] / naive_rate:.1f}x")
        ratio = runs["analyze_1"]["seconds"] / runs["analyze_2"]["seconds"]
        each = "; ".join(f"{cores} {', '.join(format(r['seconds'], '.1f') for r in timed[name])} s"
                         for name, cores in (("analyze_1", "1 core"), ("analyze_2", "2 cores")))
        print(f"two cores / one core: {ratio:.2f}x"
              + (f" (fastest of {repeats} alternate runs each: {each})" if repeats > 1 else ""))
        equal = all(r["digest"] == runs["analyze_1"]["digest"] for done in timed.values() for r in done)
        chunked = all(runs["chunked"]["digest"][k] == v for k, v in runs["analyze_1"]["digest"].items()
                      if k in runs["chunked"]["digest"])
        print(f"tables of 2 cores equal those of 1: {'yes' if equal else 'NO'}; "
              f"tables kept on disk equal: {'yes' if chunked else 'NO'}")
        print(f"bytes a token: {runs['same_work']['plain_bytes_per_token']:.1f} as tokenize() returns them, "
              f"{runs['analyze_1']['bytes_per_token']:.1f} compact (analyze)")
        r = runs["naive"]
        measures = r["compared_articles"] * r["measures"]
        print(f"numbers equal: readability {measures - r['readability_mismatches']:,}"
              f"/{measures:,} article measures equal to textstat; VADER "
              f"{r['compared_sentences'] - r['vader_mismatches']:,}/{r['compared_sentences']:,} sentences equal")
        print(f"sentences: naive Punkt {runs['naive']['sentences']:,}, toolkit {runs['same_work']['sentences']:,}; "
              f"tokens: nltk {runs['naive']['tokens']:,}, toolkit {runs['same_work']['tokens']:,}")
    with tempfile.TemporaryDirectory() as cache:
        e2e = measure("end_to_end", args.corpus, 1, cache)
    print(f"\nend to end (load + analyze, 2 cores), the sample: {e2e['seconds']:.1f} s; "
          f"re-run from the cache, every table read: {e2e['rerun_seconds']:.2f} s")


if __name__ == "__main__":
    main()
