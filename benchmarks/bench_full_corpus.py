"""Load and analyse a corpus the size of the one the AllSides sample comes from (37,554 articles).

Run by hand: ``python benchmarks/bench_full_corpus.py [CORPUS_JSONL] [--copies 19] [--workers 2]
[--same-outlets] [--on-disk]``.

The full corpus is not on this machine, so this builds one of the same shape: the sample's
JSON records, ``--copies`` times (19 × 2,000 = 38,000 records), each copy with fresh ids and
its outlet names marked with the copy's number. (Marking the outlets keeps what cleaning by
repetition sees per outlet as it is in the sample: unmarked, every paragraph would recur
19 times in its outlet, and cleaning keeps only those that read as sentences of a report.
It also makes 19 times as many groups, so the corpus-level steps do more work than on the
real corpus. ``--same-outlets`` keeps the outlets' names: as many groups as the sample, each
19 times the size.)

Then, in a fresh process: ``load_corpus`` on that file and ``analyze`` on ``--workers``
processes, no cache (``--on-disk``: the per-article tables kept in a cache folder and not
in memory, ``in_memory=False``). Printed: seconds, articles per second, and memory: the peak resident
size of the main process and of the largest worker, their sum over the workers as an upper
bound of the whole, and the peak of the memory of the process and all its workers at the
same moment (their proportional set sizes added up, read from /proc five times a second, on
Linux: a page that forked workers share with the main process counts once, not in each). Targets: under
3 minutes and under 8 GB on two cores.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ALLSIDES, ROOT  # noqa: E402  (beside this script)

RUN = """
import json, resource, sys, time, warnings
import toolkit
warnings.simplefilter("ignore")
started = time.perf_counter()
articles = toolkit.load_corpus(sys.argv[1])
loaded = time.perf_counter()
cache = sys.argv[3] or None
analysis = toolkit.analyze(articles, workers=int(sys.argv[2]), progress=False, cache=cache, in_memory=cache is None)
done = time.perf_counter()
print(json.dumps({"articles": len(articles), "rejected": len(toolkit.rejected(articles)),
                  "tokens": len(analysis.read("tokens", columns=["token_id"])), "load_s": loaded - started, "analyze_s": done - loaded,
                  "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build(source: Path, copies: int, target: Path, same_outlets: bool = False) -> int:
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                twin = dict(record, ID=f"{record.get('ID', '')}~{copy}")
                if copy and not same_outlets:
                    twin["source"] = f"{record.get('source', '')} ~{copy}"
                out.write(json.dumps(twin) + "\n")
    return len(records) * copies


def tree_memory_mb(root: int) -> float:
    """The memory of process ``root`` and all its descendants now, in MB: the sum of their
    proportional set sizes (Linux /proc; shared pages divided among the processes sharing them)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:")) * 1024
        except (OSError, IndexError, ValueError, StopIteration):
            continue
    return total / 2**20


def run_watched(command: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``command``; its result and the peak of its process tree's memory (MB, see
    :func:`tree_memory_mb`)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, text=True)
        peak = 0.0
        while process.poll() is None:
            if os.path.isdir("/proc"):
                peak = max(peak, tree_memory_mb(process.pid))
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, out.read(), err.read()), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ALLSIDES))
    parser.add_argument("--copies", type=int, default=19)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--same-outlets", action="store_true", help="keep the outlets' names in every copy")
    parser.add_argument("--on-disk", action="store_true", help="analyze(in_memory=False) with a cache folder")
    args = parser.parse_args()
    source = Path(args.corpus)
    if not source.exists():
        sys.exit(f"no corpus at {source} (a JSON-lines file of articles, such as the AllSides sample)")
    with tempfile.TemporaryDirectory(prefix="bench-full-") as folder:
        path = Path(folder) / "corpus.jsonl"
        n = build(source, args.copies, path, args.same_outlets)
        cache = str(Path(folder) / "cache") if args.on_disk else ""
        result, together = run_watched([sys.executable, "-c", RUN, str(path), str(args.workers), cache])
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    got = json.loads(result.stdout.strip().splitlines()[-1])
    seconds = got["load_s"] + got["analyze_s"]
    bound = got["main_mb"] + args.workers * got["worker_mb"]
    print(f"{n:,} records ({args.copies} copies of {source.name}); {got['articles']:,} articles loaded, "
          f"{got['rejected']:,} rejected; {got['tokens']:,} tokens; {args.workers} workers; "
          f"{'outlets as in the sample' if args.same_outlets else 'outlets marked per copy'}; "
          f"per-article tables {'on disk' if args.on_disk else 'in memory'}")
    print(f"  load {got['load_s']:.1f} s + analyze {got['analyze_s']:.1f} s = {seconds:.1f} s "
          f"({got['articles'] / seconds:.0f} articles/s; target under 180 s)")
    print(f"  peak memory: main process {got['main_mb']:,.0f} MB, largest worker {got['worker_mb']:,.0f} MB; "
          f"at most {bound:,.0f} MB in all; measured together (proportional set sizes), at most {together:,.0f} MB at one moment "
          f"(target under 8,192 MB)")


if __name__ == "__main__":
    main()
