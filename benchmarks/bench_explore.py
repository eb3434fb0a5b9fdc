"""The explorer over a corpus: the size of explore.html and how long headless Chromium takes
to show it, and how long the explorer in JupyterLab takes to redraw after a pick.

Run by hand: ``python benchmarks/bench_explore.py [CORPUS]`` (default: the AllSides sample
beside the project, else the sample). Targets: ``explore.html`` under 10 MB and shown in
under 2 s; the term plot redrawn in under 0.5 s after a pick.

The page records, when its first drawing is done, the milliseconds since the browser started
loading it (``document.body.dataset.ready``); Chromium prints the page after running its
scripts (``--dump-dom``), five times, and the median is printed. The redraw is timed in this
process: ``Explorer.set`` for five picks (the views and the figure made again, as in a
kernel) and the figure written as the PNG the kernel sends, median and slowest.
"""
from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _corpus import corpus_path  # noqa: E402  (beside this script)


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import toolkit

    source = corpus_path()
    with tempfile.TemporaryDirectory(prefix="bench-explore-") as folder:
        cache = Path(folder) / "cache"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            articles = toolkit.load_corpus(source, cache=cache)
        analysis = toolkit.analyze(articles, cache=cache, progress=False)
        started = time.perf_counter()
        page = toolkit.write_explorer(Path(folder) / "explore.html", analysis["tokens"], analysis["sentences"],
                                      articles, distinctive=analysis["distinctive_terms"])
        made = time.perf_counter() - started
        size = page.stat().st_size / 1e6
        print(f"corpus: {source} ({len(articles)} articles)")
        print(f"explore.html: {size:.2f} MB (target < 10 MB), made in {made:.1f} s")
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if browser is None:
            print("  Chromium not found: load time not measured")
        else:
            shown = []
            for run in range(5):
                dom = subprocess.run(
                    [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={Path(folder) / f'profile{run}'}", "--dump-dom", page.as_uri()],
                    capture_output=True, text=True, timeout=120).stdout
                found = re.search(r'data-ready="(\d+)"', dom)
                if found:
                    shown.append(int(found.group(1)) / 1000)
            if shown:
                print(f"  shown after {statistics.median(shown):.2f} s (median of {len(shown)}; target < 2 s): "
                      + ", ".join(f"{s:.2f}" for s in shown))
            else:
                print("  the page did not finish drawing")

        groups = toolkit.largest_groups(articles, n=4)
        explorer = toolkit.explore(articles, analysis)
        explorer.figure.savefig(io.BytesIO(), format="png")  # shown once when the cell runs, as in a kernel
        picks = [dict(a=groups[0]), dict(a=groups[1]), dict(b=groups[2]), dict(a=groups[3], b=None), dict(a=groups[0])]
        seconds = []
        for pick in picks:
            started = time.perf_counter()
            explorer.set(**pick)
            explorer.figure.savefig(io.BytesIO(), format="png")  # what the kernel sends JupyterLab
            seconds.append(time.perf_counter() - started)
        print(f"explorer redraw after a pick (views, figure and its PNG): median {statistics.median(seconds):.2f} s, "
              f"slowest {max(seconds):.2f} s (target < 0.5 s)")


if __name__ == "__main__":
    sys.exit(main())
