"""The report against the analysis it is built on: cold, and again from its cache.

Run by hand: ``python benchmarks/bench_report.py [CORPUS]`` (default: the AllSides sample
beside the project, else the sample corpus). In one run, each step in a fresh process with
its own new folders:

1. ``analyze`` alone: ``load_corpus`` and ``analyze`` on every core, no cache;
2. the report, cold: ``python -m toolkit report CORPUS`` into a new folder (new cache);
3. the report again over the same folder: everything it can read from the cache (the
   tables, and each page, whose notebook, parameters and articles are unchanged);
4. the report again with ``--execute-all``: the tables from the cache, every notebook executed.

Targets: the cold report at most the time of ``analyze`` alone plus 30 s (what the
notebooks add: starting kernels, drawing, writing pages), and the re-run under 15 s.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ROOT, corpus_path  # noqa: E402  (beside this script)

ANALYZE = """
import sys, warnings, toolkit
warnings.simplefilter("ignore")
articles = toolkit.load_corpus(sys.argv[1])
analysis = toolkit.analyze(articles)
print(len(articles))
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … failed:\n{result.stderr[-2000:]}")
    return seconds


def main() -> None:
    corpus = corpus_path().resolve()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        out = Path(folder) / "report"
        alone = timed([sys.executable, "-c", ANALYZE, str(corpus)])
        cold = timed([sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(out)])
        warm = timed([sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(out)])
        executed = timed([sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(out), "--execute-all"])
    print(f"corpus: {corpus}")
    print(f"  load + analyze alone      {alone:6.1f} s")
    print(f"  report, cold              {cold:6.1f} s   (analyze + {cold - alone:.1f} s; target at most + 30 s)")
    print(f"  report, from its cache    {warm:6.1f} s   (target under 15 s)")
    print(f"  again, --execute-all      {executed:6.1f} s   (tables from the cache, every notebook executed)")


if __name__ == "__main__":
    main()
