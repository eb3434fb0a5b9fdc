"""How the cost of analysing one article grows with its length, against the smallest size
measured in the same run.

Run by hand: ``python benchmarks/bench_linear.py [--sizes 0.25,0.5,1,2,5] [--lines 10000,40000,200000,1000000,2000000]
[--before REV] [--timeout SECONDS]``.

Three measurements, each size in a fresh Python process (so the peak memory printed is that
process's own largest resident size, as ``getrusage`` reports it, every import included):

1. one article of synthetic news-like prose (``_synthetic.news_text``: varied sentences with
   quotations, speakers, names, numbers; the set of people named grows with the text) of
   each size in MB, written to a ``.txt`` file: ``load_corpus`` + ``analyze`` on one worker;
2. an article of a few paragraphs holding one line without spaces (random letters and a
   final period) of each length in characters: ``load_corpus`` + ``analyze``;
3. ``readability`` of that line alone, as the only text of a one-row articles table.

Each process first analyses a tiny article (2 KB), not timed, so that the time printed is
that of the article alone, without importing and loading dictionaries and models. Printed per
size: seconds, peak MB, MB above the peak after that first article (what the article itself
needs), and the growth: (seconds / seconds of the smallest size) / (size / smallest size),
about 1 where the cost grows in proportion to the length and growing with the size where it
grows faster. Targets: a 5 MB article in under 30 s and 1,000 MB; a line of two million
characters in seconds.

With ``--before REV`` (a git revision of this project, such as ``771f145``), the same
measurements run for REV too, checked out in a temporary git worktree, each stopped after
``--timeout`` seconds (default 300): printed as "> 300".
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from _before import worktree  # noqa: E402  (beside this script)
from _corpus import ROOT  # noqa: E402

HERE = Path(__file__).resolve().parent

# One measurement, in a child process: its seconds and its own peak resident memory.
MEASURE = """
import json, os, resource, sys, tempfile, time, warnings
sys.path.insert(0, sys.argv[1])
from _synthetic import news_text
warnings.simplefilter("ignore")
import pandas as pd
import toolkit
kind, size = sys.argv[2], int(sys.argv[3])
if kind == "article":
    text = news_text(size)
else:
    import random
    rng = random.Random(size)
    line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size))
    # (the line ends in a period: to readability it is a sentence of its own, as a blob
    # between two paragraphs usually is)
    text = news_text(3_000) + "\\n\\n" + line + ".\\n\\n" + news_text(3_000, seed=1)
with tempfile.TemporaryDirectory() as folder:
    # first a tiny article, not timed: imports, dictionaries and models loaded
    path = os.path.join(folder, "tiny.txt")
    with open(path, "w", encoding="utf-8") as out:
        out.write(news_text(2000, seed=2))
    toolkit.analyze(toolkit.load_corpus(path), workers=1, progress=False)
    warm_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    path = os.path.join(folder, "article.txt")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    started = time.perf_counter()
    if kind == "readability":
        rows = len(toolkit.readability(pd.DataFrame({"article_id": ["a"], "text": [line]})))
    else:
        articles = toolkit.load_corpus(path)
        rows = len(toolkit.analyze(articles, workers=1, progress=False)["tokens"])
    seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "warm_mb": warm_mb, "rows": rows}))
"""


def measure(folder: str, kind: str, size: int, timeout: float) -> dict | None:
    """Seconds and peak MB of one measurement with the project checked out in ``folder``;
    None when it did not finish within ``timeout`` seconds."""
    try:
        done = subprocess.run([sys.executable, "-c", MEASURE, str(HERE), kind, str(size)], cwd=folder,
                              env=dict(os.environ, PYTHONPATH=folder), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        sys.exit(f"{kind} of {size:,} failed in {folder}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(title: str, unit: str, sizes: list[int], found: dict[int, dict | None], timeout: float) -> None:
    print(title)
    print(f"  {unit:>12} {'seconds':>9} {'peak MB':>8} {'MB above':>9} {'growth':>7}")
    base = None
    for size in sizes:
        result = found[size]
        label = f"{size / 1e6:g} MB" if unit == "size" else f"{size:,}"
        if result is None:
            print(f"  {label:>12} {'> %g' % timeout:>9}")
            continue
        seconds = max(result["seconds"], 1e-3)
        if base is None:
            base = (size, seconds)
        growth = (seconds / base[1]) / (size / base[0])
        print(f"  {label:>12} {seconds:9.2f} {result['peak_mb']:8.0f} {result['peak_mb'] - result['warm_mb']:9.0f} "
              f"{growth:7.2f}")


def run(folder: str, label: str, sizes: list[int], lines: list[int], timeout: float) -> dict[str, dict]:
    print(f"--- {label}")
    results = {}
    for kind, title, unit, values in (
            ("article", "one article of news-like prose: load_corpus + analyze (one worker)", "size", sizes),
            ("line", "an article with a line of N characters without spaces: load_corpus + analyze", "characters",
             lines),
            ("readability", "readability of the line alone", "characters", lines)):
        found = {}
        for size in values:
            found[size] = measure(folder, kind, size, timeout)
            if found[size] is None:  # (longer ones would not finish either)
                found.update({bigger: None for bigger in values if bigger > size})
                break
        table(title, unit, values, found, timeout)
        results[kind] = found
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2,5", help="article sizes in MB")
    parser.add_argument("--lines", default="10000,40000,200000,1000000,2000000",
                        help="lengths of the line without spaces, in characters")
    parser.add_argument("--before", default=None, help="a git revision to measure too")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a measurement is given up")
    args = parser.parse_args()
    sizes = [int(float(s) * 1e6) for s in args.sizes.split(",")]
    lines = [int(s) for s in args.lines.split(",")]
    if args.before:
        with worktree(args.before) as folder:
            run(folder, f"before ({args.before})", sizes, lines, args.timeout)
    after = run(str(ROOT), "this tree", sizes, lines, args.timeout)
    largest, longest = after["article"].get(max(sizes)), after["line"].get(max(lines))
    if largest is not None:
        met = largest["seconds"] < 30 and largest["peak_mb"] < 1000
        print(f"target: {max(sizes) / 1e6:g} MB in under 30 s and 1,000 MB: {largest['seconds']:.1f} s, "
              f"{largest['peak_mb']:.0f} MB ({'met' if met else 'not met'})")
    if longest is not None:
        print(f"a line of {max(lines):,} characters: {longest['seconds']:.1f} s through load_corpus + analyze, "
              f"{after['readability'][max(lines)]['seconds']:.1f} s for readability alone")


if __name__ == "__main__":
    main()
