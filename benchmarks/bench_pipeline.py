"""toolkit.analyze over the AllSides sample on one core and on every core, in one run.

Run by hand: ``python benchmarks/bench_pipeline.py [CORPUS]``. Prints seconds, articles per
second and the speed-up; the tables of both runs are compared and must be equal.
"""
from __future__ import annotations

import os
import time
import warnings

import pandas as pd

from _corpus import corpus_path  # noqa: E402  (beside this script)


def main() -> None:
    source = corpus_path()
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(source)
    toolkit.analyze(articles.head(20), workers=1)  # load lexicons once
    results, seconds = {}, {}
    for workers in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        results[workers] = toolkit.analyze(articles, workers=workers)
        seconds[workers] = time.perf_counter() - start
    n = len(articles)
    for workers, s in seconds.items():
        print(f"analyze, {workers} worker(s): {s:6.2f} s  {n / s:7.0f} articles/s")
    cores = max(seconds)
    if cores > 1:
        print(f"speed-up on {cores} cores: {seconds[1] / seconds[cores]:.2f}x")
        for name in results[1]:
            pd.testing.assert_frame_equal(results[1][name], results[cores][name], check_dtype=False)
        print("tables equal: yes")


if __name__ == "__main__":
    main()
