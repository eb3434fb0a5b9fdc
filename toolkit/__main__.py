"""Command line: ``python -m toolkit report SOURCE --out DIR``."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run every notebook over a corpus into an HTML report")
    report.add_argument("source", help="a file, folder, glob or manifest CSV of articles")
    report.add_argument("--out", default="reports", help="folder for the HTML report (default: reports)")
    report.add_argument("--notebooks", default=None, help="folder of notebooks (default: the project's notebooks/)")
    report.add_argument("--by", default="outlet", help="the column to compare by (default: outlet)")
    report.add_argument("--cache", default=None,
                        help="folder for analysed tables, reused when the corpus is unchanged (default: OUT/.cache)")
    args = parser.parse_args(argv)

    from .report import NotebookError, run_report

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        run_report(args.source, args.out, notebooks=args.notebooks, progress=progress, by=args.by, cache=args.cache)
    except (NotebookError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
