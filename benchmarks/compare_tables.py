"""Every table of this tree against those of an earlier revision, on one corpus.

Run by hand: ``python benchmarks/compare_tables.py [CORPUS] --before REV [--by COLUMN]``
(default corpus: the AllSides sample beside the project, else the sample; default REV:
``HEAD``, to check a change not yet committed).

In a fresh process for each side: ``load_corpus`` (the articles, and the rejections with
their reasons), ``analyze`` by ``--by`` on one worker and ``result_tables`` (the report's
tables). Each table of this tree is compared with the same table of REV, cell by cell, with
``pandas.testing.assert_frame_equal`` (floats to its default tolerance); printed: one line a
table, ``equal``, ``values equal`` with the column whose type differs, or what differs. A table only one side has is named as such. The exit code
is 1 when any table differs.
"""
from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from _before import worktree  # noqa: E402  (beside this script)
from _corpus import ALLSIDES, ROOT  # noqa: E402

DUMP = """
import pickle, sys, warnings
warnings.simplefilter("ignore")
import toolkit
articles = toolkit.load_corpus(sys.argv[1])
tables = {"articles": articles, "rejected": toolkit.rejected(articles)}
analysis = toolkit.analyze(articles, by=sys.argv[2], workers=1, progress=False)
tables.update({f"analyze.{name}": analysis[name] for name in analysis})
tables.update({f"result.{name}": table for name, table in toolkit.result_tables(articles, by=sys.argv[2], workers=1).items()})
with open(sys.argv[3], "wb") as out:
    pickle.dump({name: table.reset_index(drop=True) for name, table in tables.items()}, out)
"""


def dump(folder: str, corpus: Path, by: str, target: Path) -> dict:
    subprocess.run([sys.executable, "-c", DUMP, str(corpus), by, str(target)], check=True, cwd=folder,
                   env={"PYTHONPATH": folder, "PATH": "/usr/bin:/bin"})
    with target.open("rb") as fh:
        return pickle.load(fh)


def differences(before: dict, after: dict) -> dict[str, str]:
    """For each table name: "equal", or what differs."""
    import pandas as pd

    found = {}
    for name in sorted(set(before) | set(after)):
        if name not in before or name not in after:
            found[name] = f"only {'after' if name in after else 'before'}"
            continue
        try:
            pd.testing.assert_frame_equal(before[name], after[name], check_categorical=False)
            found[name] = "equal"
        except AssertionError as exc:
            found[name] = " ".join(str(exc).split())[:300]
            try:
                pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False, check_categorical=False)
                found[name] = f"values equal, a column's type differs: {found[name]}"
            except AssertionError:
                pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ALLSIDES if ALLSIDES.exists() else ROOT / "data" / "sample"))
    parser.add_argument("--before", default="HEAD")
    parser.add_argument("--by", default="outlet")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    with tempfile.TemporaryDirectory(prefix="compare-tables-") as scratch:
        with worktree(args.before) as folder:
            before = dump(folder, corpus, args.by, Path(scratch) / "before.pickle")
        after = dump(str(ROOT), corpus, args.by, Path(scratch) / "after.pickle")
    found = differences(before, after)
    print(f"corpus: {corpus}; by {args.by}; {args.before} against this tree")
    for name, verdict in found.items():
        print(f"  {name:36s} {verdict}")
    differing = [n for n, v in found.items() if v != "equal"]
    print(f"{len(found) - len(differing)} of {len(found)} tables equal")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
