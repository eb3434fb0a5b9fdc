"""Sentiment toward actors and loaded language over a corpus, against an earlier revision.

Run by hand: ``python benchmarks/bench_framing.py [CORPUS] [--before REV]`` (default corpus: the
AllSides sample beside the project; default REV: ``f286cc0``, main before target-dependent
sentiment). In one run, three rounds alternating, one core each: the time of
``actor_sentiment`` (every mention found and scored, then the table per outlet) plus
``loaded_language`` over the corpus's sentences, for REV (checked out in a temporary
worktree) and for this tree; sentences are split and scored beforehand and not timed. Target:
this tree at no less than half the speed of REV.
"""
from __future__ import annotations

import json
import sys
import time
import warnings

from _before import before_option, fastest_stages  # beside this script
from _corpus import corpus_path


def stage_times(source) -> dict[str, float]:
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(source)
    scored = toolkit.sentence_sentiment(toolkit.split_sentences(articles))
    toolkit.actor_sentiment(scored.head(50), articles=articles)  # load the tables and models once
    toolkit.loaded_language(scored.head(50))
    started = time.perf_counter()
    actors = toolkit.actor_sentiment(scored, articles=articles)
    middle = time.perf_counter()
    toolkit.loaded_language(scored)
    done = time.perf_counter()
    return {"actor_sentiment": middle - started, "loaded_language": done - middle, "rows": float(len(actors))}


def main() -> None:
    if "--stages" in sys.argv:
        sys.argv.remove("--stages")
        print(json.dumps(stage_times(corpus_path())))
        return
    revision = before_option("f286cc0")
    source = corpus_path()
    best = fastest_stages(revision, __file__, str(source), "--stages")
    print(f"corpus: {source}; one core, fastest of 3 alternating rounds")
    for stage in ("actor_sentiment", "loaded_language"):
        print(f"  {stage:16} before ({revision}) {best['before'][stage]:6.2f} s   after {best['after'][stage]:6.2f} s")
    before = best["before"]["actor_sentiment"] + best["before"]["loaded_language"]
    after = best["after"]["actor_sentiment"] + best["after"]["loaded_language"]
    print(f"together: before {before:.2f} s, after {after:.2f} s; speed after / before {before / after:.2f} "
          f"(target at least 0.50)")


if __name__ == "__main__":
    main()
