"""Command line: ``python -m toolkit report SOURCE --out DIR`` runs every notebook into an HTML
report; ``python -m toolkit cache DIR`` shows what a cache folder holds and prunes it."""
from __future__ import annotations

import argparse
import os
import sys

HELP = """Compare how news outlets report the same stories: wording, sentiment framing,
readability, quotations and stories, over a folder of articles.

Run "python -m toolkit report --help" for the report's options and the formats it reads.
"""

REPORT_HELP = """Load a corpus, run every analysis once and every notebook over it, and write an
HTML report into --out: index.html (headline findings per group, figures, links), one
page a notebook, and the result tables as CSV in tables/.

SOURCE is a file, a folder (read recursively), a glob pattern or a manifest CSV:
  .txt              one article a file (outlet, title and date taken from the text)
  .html, .htm       saved web pages (text and metadata extracted offline)
  .json, .jsonl     records: one object, a list, {"articles": [...]}, or one a line
  .csv, .tsv        one record a row
  .parquet          one record a row
  manifest CSV      a "path" column (relative to the CSV) and any of outlet, story,
                    published, url, title, which override what the files say

A record's fields are matched to columns by name (text, body, content …; outlet,
source, publisher …). Where the names differ, say which field holds what:
  --column text="Story Body" outlet=Publisher

examples:
  python -m toolkit report data/sample --out reports
  python -m toolkit report articles.csv --out reports/by-leaning --by "Political Leaning"
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsframe-toolkit")
    except PackageNotFoundError:
        return "0+unknown"


def _columns(pairs: list[str] | None) -> dict[str, str] | None:
    """``["text=Story Body", "outlet=paper"]`` -> ``{"text": "Story Body", "outlet": "paper"}``."""
    from .corpus import FIELD_NAMES

    if not pairs:
        return None
    out = {}
    for pair in pairs:
        name, sep, field = pair.partition("=")
        name, field = name.strip(), field.strip()
        if not sep or not name or not field:
            raise ValueError(f"--column takes COLUMN=FIELD (such as text='Story Body'), not {pair!r}")
        if name not in FIELD_NAMES:
            raise ValueError(f"--column: {name!r} is not a column the toolkit fills; the columns are "
                             + ", ".join(FIELD_NAMES))
        out[name] = field
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=HELP,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"newsframe-toolkit {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{report,cache}")
    report = commands.add_parser("report", help="run every notebook over a corpus into an HTML report",
                                 description=REPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("source", nargs="?", help="a file, folder, glob or manifest CSV of articles")
    report.add_argument("--out", default="reports", help="folder for the HTML report (default: reports)")
    report.add_argument("--notebooks", default=None, help="folder of notebooks (default: the project's notebooks/)")
    report.add_argument("--by", default="outlet", help="the column to compare by (default: outlet)")
    report.add_argument("--column", nargs="+", action="extend", default=None, metavar="COLUMN=FIELD",
                        help="the record field that holds a column, where its name is not one the toolkit knows "
                             "(such as text='Story Body' outlet=Publisher)")
    report.add_argument("--min-words", type=int, default=None, metavar="N",
                        help="reject an article with fewer than N words once cleaned (default: 50; 0 keeps all)")
    report.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks run at once, each in its own kernel (default: one a core)")
    report.add_argument("--execute-all", action="store_true",
                        help="execute every notebook, even one whose page the cache holds for the same notebook, "
                             "parameters, articles and software (needed when a notebook reads other files)")
    report.add_argument("--debug", action="store_true",
                        help="on a failure, show the full Python traceback rather than one line")
    report.add_argument("--cache", default=None,
                        help="folder for analysed tables, reused when the corpus is unchanged (default: OUT/.cache); "
                             "what other toolkit versions left there is removed")
    cache = commands.add_parser("cache", help="show what a cache folder holds; with --prune, remove what is not needed",
                                description="Without options, list the entries of a cache folder by toolkit version "
                                            "and kind. --prune removes the entries of other toolkit versions and "
                                            "what interrupted writes left; --max-size and --unused-for also remove "
                                            "this version's least recently used entries.")
    cache.add_argument("folder", help="the cache folder (make report uses reports/.cache)")
    cache.add_argument("--prune", action="store_true", help="remove the entries of other toolkit versions")
    cache.add_argument("--max-size", default=None, help="prune, then remove least recently used entries until the "
                                                        "cache takes at most this much (such as 2GB or 500MB)")
    cache.add_argument("--unused-for", default=None,
                       help="prune, and remove entries not used for this long (such as '30 days' or 12h)")
    cache.add_argument("--dry-run", action="store_true", help="tell what would be removed, remove nothing")
    args = parser.parse_args(argv)
    if args.command == "cache":
        return _cache(args)

    pairs = list(args.column or [])
    if args.source is None and pairs and "=" not in pairs[-1]:
        args.source = pairs.pop()  # "--column text=body corpus.csv": the corpus came after the pairs
    if args.source is None:
        report.error("the following arguments are required: source")
    try:
        columns = _columns(pairs)
    except ValueError as exc:
        report.error(str(exc))
    import warnings

    from .corpus import CorpusError
    from .report import NotebookError, ReportError, run_report

    if not args.debug:  # a warning is one line: what happened and what was done
        warnings.formatwarning = lambda message, category, *rest, **kw: f"warning: {message}\n"

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        run_report(args.source, args.out, notebooks=args.notebooks, progress=progress, by=args.by, cache=args.cache,
                   min_words=args.min_words, jobs=args.jobs, reuse_pages=not args.execute_all, columns=columns,
                   command=["python", "-m", "toolkit", *(sys.argv[1:] if argv is None else argv)])
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"report: stopped; {args.out} holds the report before this run, as it was", file=sys.stderr, flush=True)
        os._exit(130)  # (not waiting for the notebooks still running: their kernels end with this process)
    except (NotebookError, FileNotFoundError, CorpusError, ReportError, OSError, MemoryError) as exc:
        if args.debug:
            raise
        print(f"error: {_failure(exc, args.out, args.cache)}", file=sys.stderr)
        if isinstance(exc, MemoryError) or getattr(exc, "errno", None) is not None:  # (the system's error, not ours)
            print("(run again with --debug for the details)", file=sys.stderr)
        return 1
    return 0


def _failure(exc: BaseException, out: str, cache: str | None) -> str:
    """One line (or the reasons of an empty corpus) that says what failed and what to do;
    ``out`` and ``cache`` are the report's folders (named when the error does not say which
    file it was)."""
    import errno

    if isinstance(exc, MemoryError):
        return "out of memory. Analyse the corpus in parts, or on a machine with more memory."
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
        where = exc.filename or (f"{os.path.abspath(out)} or {os.path.abspath(cache)}" if cache
                                 else os.path.abspath(out))
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return (f"no space left on the device holding {where}. Free some space, or write the report "
                    "(--out) and the cache (--cache) to a disk with room; the previous report is unchanged.")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"cannot write {where}: {exc.strerror or 'permission denied'}. Choose folders you can "
                    "write to with --out (and --cache).")
        return f"{exc.strerror or exc} ({where})"
    text = str(exc)
    for code, advice in (("[Errno 28]", "no space left on the device. Free some space, or move --out and --cache"),
                         ("[Errno 13]", "permission denied. Choose folders you can write to (--out, --cache)")):
        if code in text:  # (a notebook's cell that failed for want of space or permission)
            return f"{text}\n  {advice}."
    return text


def _cache(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .caching import cache_entries, entries_text, human_size, prune_cache, summarize

    if not Path(args.folder).is_dir():
        print(f"error: the cache folder {args.folder} does not exist", file=sys.stderr)
        return 1
    pruning = args.prune or args.max_size is not None or args.unused_for is not None
    try:
        entries = (prune_cache(args.folder, max_bytes=args.max_size, unused_for=args.unused_for, dry_run=args.dry_run)
                   if pruning else cache_entries(args.folder))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = summarize(entries)
    print(f"{args.folder}: {entries_text(len(entries))}, {human_size(entries['bytes'].sum())}")
    for row in summary.itertuples(index=False):
        line = f"  {row.version}{' (this version)' if row.current else ''}  {row.kind}: " \
               f"{entries_text(row.entries)}, {human_size(row.bytes)}"
        if row.removed:
            line += f"; {'would remove' if args.dry_run else 'removed'} {row.removed}, {human_size(row.removed_bytes)}"
        print(line)
    if pruning:
        removed = entries["removed"]
        print(f"{'would remove' if args.dry_run else 'removed'} {entries_text(int(removed.sum()))} "
              f"({human_size(entries.loc[removed, 'bytes'].sum())}); kept {entries_text(int((~removed).sum()))} "
              f"({human_size(entries.loc[~removed, 'bytes'].sum())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
