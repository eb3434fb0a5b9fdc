"""Run the notebooks over a corpus and write an HTML report.

``python -m toolkit report SOURCE --out DIR`` executes every notebook in ``notebooks/`` with
the report's parameters (the corpus, the cache folder, the minimum article length, the
column to compare by), writes each executed notebook as HTML (figures inline), and an
``index.html`` that links them. The parameters reach a notebook as a cell placed after its
cell tagged ``parameters`` (papermill's convention; at the top when it has none), so that
the page shows what it was run with. A failing cell stops the run with a message that
names the notebook and the cell.

An executed page is kept in the cache (kind ``pages``) under a key made of everything it
depends on: the notebook's file, its parameters, the loaded articles and rejections, the
toolkit's code (through the cache's version folder) and the versions of Python and of the
packages that draw and convert. A re-run over an unchanged corpus writes the kept page
instead of executing the notebook again; ``reuse_pages=False`` (``--execute-all``) executes
every notebook regardless, as it must when a notebook reads files other than the corpus.
"""
from __future__ import annotations

import errno
import glob
import hashlib
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["NotebookError", "ReportError", "default_notebooks_dir", "execute_notebook", "inject_parameters",
           "notebook_parameters", "page_key", "run_report"]

CELL_TIMEOUT = 1800  # seconds one cell may run: a large corpus takes minutes, not hours
PARAMETERS_TAG = "parameters"  # the notebook's own cell of parameters (papermill's tag)
INJECTED_TAG = "injected-parameters"  # the cell the report adds after it
TEMPLATES = Path(__file__).resolve().parent / "templates"  # the pages' nbconvert template ("offline")


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook and the cell."""


class ReportError(RuntimeError):
    """The report cannot be written where it was asked to be (the message says why)."""


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the project this package was installed from."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def _failing_cell(nb) -> tuple[int, str, str]:
    """The failing cell's index in the notebook as written (the cell of parameters the report
    added not counted), its first line, and the error."""
    cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return index, first, f"{output.get('ename')}: {output.get('evalue')}"
    return -1, "", "unknown error"


def inject_parameters(nb, parameters: dict[str, object]) -> None:
    """Add a cell that sets ``parameters`` (name -> a value with a Python literal) to ``nb``,
    after its first cell tagged ``parameters``, or first when no cell is tagged. The cell
    is tagged ``injected-parameters``."""
    import nbformat

    lines = ["# Parameters of this run (set by the report)"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = [INJECTED_TAG]
    if nb.get("nbformat_minor", 0) < 5:  # (cells have ids from nbformat 4.5)
        cell.pop("id", None)
    tagged = next((i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(tagged + 1, cell)


def notebook_parameters(corpus: Path, *, cache: Path | None = None, min_words: int | None = None,
                        by: str | None = None, columns: dict[str, str] | None = None) -> dict[str, object]:
    """The parameters a notebook is run with (those given), paths made absolute."""
    parameters: dict[str, object] = {"CORPUS": os.path.abspath(corpus)}
    if cache is not None:
        parameters["CACHE"] = str(Path(cache).resolve())
    if min_words is not None:
        parameters["MIN_WORDS"] = int(min_words)
    if by is not None:
        parameters["BY"] = str(by)
    if columns:
        parameters["COLUMNS"] = {str(k): str(v) for k, v in columns.items()}
    parameters["EXPLORE"] = False  # a page cannot be explored: its last cell points to explore.html
    return parameters


def execute_notebook(path: Path, corpus: Path, *, timeout: int = CELL_TIMEOUT, cache: Path | None = None,
                     min_words: int | None = None, by: str | None = None, columns: dict[str, str] | None = None):
    """Execute one notebook with the parameters ``CORPUS`` (and ``CACHE``, ``MIN_WORDS``,
    ``BY`` and ``COLUMNS``, when given) set in a cell of their own (:func:`inject_parameters`);
    return the executed notebook. Relative paths are made absolute first: the notebook runs
    in its own folder."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    inject_parameters(nb, notebook_parameters(corpus, cache=cache, min_words=min_words, by=by, columns=columns))
    try:
        # The kernel talks over local sockets in a private folder, not TCP ports.
        with tempfile.TemporaryDirectory(prefix="toolkit-kernel-") as sockets:
            config = Config()
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = str(Path(sockets) / "kernel")
            client = NotebookClient(nb, config=config, kernel_name="python3", timeout=timeout,
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute()
    except CellExecutionError:
        index, first, error = _failing_cell(nb)
        raise NotebookError(f"{path.name}: cell {index} ({first!r}) failed: {error}") from None
    return nb


_PAGE_PACKAGES = ("ipykernel", "matplotlib", "nbclient", "nbconvert", "numpy", "pandas")


def page_key(path: Path, parameters: dict[str, object], articles: str) -> str:
    """The cache key of a notebook's page: a hash of the notebook's file, its parameters, the
    articles (their :func:`toolkit.caching.articles_digest`), the page template, and the
    versions of Python and of the packages that draw and convert pages (the toolkit's own
    code names the cache's folder)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(articles.encode())
    for template in sorted(TEMPLATES.rglob("*")):
        if template.is_file():
            digest.update(template.relative_to(TEMPLATES).as_posix().encode() + b"\0" + template.read_bytes())
    digest.update(_software().encode())
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _software() -> str:
    """The versions of Python and of the packages that draw and convert pages."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [sys.version]
    for name in _PAGE_PACKAGES:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} -")
    return "\n".join(parts)


def _to_html(nb, title: str) -> str:
    """The executed notebook as a page titled ``title``, linking back to the index, with the
    code hidden behind a switch (the template ``offline``)."""
    import copy

    from nbconvert import HTMLExporter

    titled = copy.deepcopy(nb)
    titled.metadata["title"] = title
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(titled)
    return body


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def _figure(fig) -> str:
    """A matplotlib figure as an inline PNG <img>, closed afterwards."""
    import base64
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    alt = html.escape(fig.axes[0].get_title() if fig.axes else "figure", quote=True)
    return f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _run_line(command: list[str] | None) -> str:
    """When, with which version of the toolkit and by which command the report was made."""
    import datetime
    import shlex

    from . import __version__

    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    line = f"Made {when} by newsframe-toolkit {html.escape(__version__)}"
    if command:
        line += f" with <code>{html.escape(shlex.join(command))}</code>"
    return f'<p class="t">{line}.</p>'


def _index_page(corpus: Path, entries: list[tuple[str, str, float | None]], *, articles=None, tables=None,
                by: str = "outlet", table_files: list[str] | None = None, command: list[str] | None = None) -> str:
    from . import plots
    from .findings import headline_findings

    parts = []
    if articles is not None and tables is not None:
        n_groups = articles[by].nunique(dropna=True) if by in articles else 0
        rejected = len(tables["rejected"])
        parts.append(f"<p>{len(articles)} articles from {n_groups} groups (by <code>{html.escape(by)}</code>)"
                     f"{f'; {rejected} inputs rejected (see tables/rejected.csv)' if rejected else ''}.</p>")
        notes = articles.attrs.get("notes", [])
        if notes:
            items = "".join(f"<li>{html.escape(_note_text(n))}</li>" for n in notes)
            parts.append(f"<details><summary>{len(notes)} note{'s' if len(notes) != 1 else ''} on what loaded "
                         f"(repaired, or uncertain)</summary><ul>{items}</ul></details>")
        from .overview import largest_groups, shown_groups

        findings = headline_findings(tables)
        parts.append("<h2>Headline findings</h2>")
        parts.append(f"<p>One row a group, for {html.escape(shown_groups(articles, findings['group'].tolist(), by=by))}"
                     ": the words it uses more than the others (its own name, its bylines and words from fewer "
                     "than three of its articles left out), the person it quotes most, the share of its "
                     "attribution verbs that are loaded (claimed, insisted …), the mean sentiment of its sentences "
                     "(−1 to +1) and the share that are negative, and the median Flesch-Kincaid grade of its "
                     "articles.</p>")
        parts.append(findings.to_html(index=False, escape=True, classes="findings", border=0, na_rep="–"))
        figures = []
        if len(tables["readability_by_group"]):
            figures.append((plots.readability_by_group(tables["readability"], tables["readability_by_group"], by=by,
                                                       top=12), largest_groups(articles, by=by, n=12)))
        if len(tables["attribution_verbs"]):
            shown = findings["group"].head(12).tolist()
            figures.append((plots.attribution_classes(tables["attribution_verbs"], groups=shown), shown))
        if len(tables["frames"]):
            shown = findings["group"].head(8).tolist()
            figures.append((plots.frame_shares(tables["frames"], groups=shown), shown))
        if figures:
            parts.append("<h2>At a glance</h2>")
            parts.extend(f"<figure>{_figure(fig)}<figcaption>Shown: "
                         f"{html.escape(shown_groups(articles, shown, by=by))}.</figcaption></figure>"
                         for fig, shown in figures)
    items = "\n".join(
        f'<li><a href="{html.escape(href, quote=True)}">{html.escape(title)}</a>'
        f' <span class="t">({"unchanged, from the cache" if seconds is None else f"{seconds:.1f} s"})</span></li>'
        for href, title, seconds in entries
    )
    tables_list = "".join(f'<li><a href="tables/{html.escape(name, quote=True)}">{html.escape(name)}</a></li>'
                          for name in (table_files or []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News comparison report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
.t{{color:#777;font-size:.9em}} code{{background:#f3f3f3;padding:0 .2em}}
table.findings{{border-collapse:collapse;font-size:.9em}} table.findings td,table.findings th{{padding:.3em .6em;
border-bottom:1px solid #ddd;text-align:left;vertical-align:top}} figure{{margin:1rem 0}} img{{max-width:100%}}
ul.tables{{columns:3}}</style></head>
<body><h1>News comparison report</h1>
<p>Corpus: <code>{html.escape(str(corpus))}</code></p>
{_run_line(command)}
<p class="explore"><a href="explore.html">Explore the terms</a>: pick two groups, or one against all the others,
see which words each uses more, and read any term in context, group by group.</p>
{"".join(parts)}
<h2>Notebooks</h2><ol>
{items}
</ol>
<h2>Result tables (CSV)</h2>
<p class="t">Each table is also in <code>tables/</code> as Parquet, with every value exact. In the CSVs a text
that begins with = + - @ starts with an apostrophe, so that a spreadsheet shows it rather than runs it.</p>
<ul class="tables">{tables_list}</ul>
</body></html>
"""


def _note_text(note: dict) -> str:
    """A note of :func:`toolkit.load_corpus` (``attrs["notes"]``) as one line: its input, then what it says."""
    return f"{note['input']}: {note['note']}" if note.get("input") else str(note.get("note", ""))


def _nothing_loaded(articles) -> str:
    """Why no article loaded: the inputs counted, the reasons (most frequent first, each with
    its first input), and what to do when the records' text field was not found."""
    from collections import Counter

    rejected = articles.attrs.get("rejected", [])
    n_inputs = articles.attrs.get("n_inputs", len(rejected))
    reasons = Counter(r["reason"] for r in rejected)
    first = {}
    for r in rejected:
        first.setdefault(r["reason"], r["input"])
    lines = [f"no article loaded: 0 of {n_inputs} inputs" + (f"; rejected {len(rejected)}, for:" if rejected else "")]
    for reason, n in reasons.most_common(5):
        lines.append(f"  {n} x {reason} (first: {first[reason]})")
    if len(reasons) > 5:
        lines.append(f"  … and {len(reasons) - 5} other reasons")
    if any(reason.startswith("no text field") for reason in reasons):
        lines.append("Say which field holds each article's text: --column text=FIELD "
                     "(in Python: load_corpus(..., columns={'text': FIELD})).")
    return "\n".join(lines)


def _write_explorer(target: Path, articles, by: str, cache_dir: Path, store, digest: str) -> None:
    """The term explorer page (:func:`toolkit.write_explorer`), kept in the cache with the
    pages: made again only when the articles, the grouping, the code or the page changed."""
    import pandas as pd

    from .caching import derived_key
    from .explorer import TEMPLATE, write_explorer
    from .pipeline import analyze

    key = derived_key("explorer", digest, by, hashlib.sha256(TEMPLATE.read_bytes()).hexdigest())
    kept = store.read("pages", key, ["page"])
    if kept is not None and len(kept["page"]) == 1:
        target.write_text(kept["page"]["html"].iloc[0], encoding="utf-8")
        return
    analysis = analyze(articles, by=by, cache=cache_dir, progress=False)
    write_explorer(target, analysis["tokens"], analysis["sentences"], articles, by=by,
                   distinctive=analysis["distinctive_terms"])
    store.write("pages", key, {"page": pd.DataFrame({"title": ["Term explorer"],
                                                      "html": [target.read_text(encoding="utf-8")]})})


# A spreadsheet reads a cell that begins with one of these as a formula (and may run it:
# =HYPERLINK(…), +cmd|…); the report's CSVs begin such a cell with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``table`` to write as CSV: every text cell (and column name) that begins
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an apostrophe in front,
    so that a spreadsheet shows it as text rather than running it as a formula (OWASP's rule
    for CSV injection). Numbers are left as they are; the Parquet copy of each table keeps
    the exact text."""
    import pandas as pd

    def safe(value):
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    changed = {}
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == object \
                or isinstance(values.dtype, pd.StringDtype):
            text = values.astype(object)
            shown = text.map(safe)
            if not shown.equals(text):
                changed[column] = shown
    out = table.assign(**changed) if changed else table
    if any(isinstance(c, str) and c.startswith(FORMULA_STARTS) for c in out.columns):
        out = out.set_axis([safe(c) for c in out.columns], axis=1)
    return out


def write_tables(tables: dict, folder: Path) -> list[str]:
    """Write each result table into ``folder`` as CSV (:func:`spreadsheet_safe`; an empty
    table as its header) and as Parquet (every value exact, with its type); return the CSV
    files' names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, table in tables.items():
        target = folder / f"{name}.csv"
        spreadsheet_safe(table).to_csv(target, index=False)
        table.to_parquet(folder / f"{name}.parquet", index=False)
        names.append(target.name)
    return names


def _run_all(page: Callable[[int, Path], tuple[str, str, float | None]], paths: list[Path], jobs: int) -> list:
    """``page(n, path)`` for each notebook, ``jobs`` at once (threads: the work is in the
    kernels), in the notebooks' order; the first failure cancels those not yet started and
    is raised."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    if jobs <= 1:
        return [page(n, path) for n, path in enumerate(paths, start=1)]
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(paths)), thread_name_prefix="notebook")
    try:
        futures = [pool.submit(page, n, path) for n, path in enumerate(paths, start=1)]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failed = next((f for f in futures if f in done and f.exception() is not None), None)
        if failed is not None:
            raise failed.exception()
        results = [future.result() for future in futures]
    except BaseException as exc:  # those not started are dropped; on Ctrl-C the running ones are not waited for
        pool.shutdown(wait=isinstance(exc, Exception), cancel_futures=True)
        raise
    pool.shutdown()
    return results


def run_report(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    notebooks: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
    by: str = "outlet",
    cache: str | os.PathLike[str] | None = None,
    min_words: int | None = None,
    jobs: int | None = None,
    reuse_pages: bool = True,
    columns: dict[str, str] | None = None,
    command: list[str] | None = None,
) -> Path:
    """Execute every notebook on ``source`` and write the HTML report into ``out``: one page
    a notebook, ``index.html`` with the headline findings and figures, and the result tables
    as CSV in ``out/tables``. The loaded articles and the analysed tables are cached in
    ``cache`` (default ``out/.cache``), so a re-run over an unchanged corpus reads them;
    what other versions of the toolkit left in that folder is removed at the end.
    ``min_words`` is :func:`toolkit.load_corpus`'s minimum length of an article (default
    ``MIN_ARTICLE_WORDS``); the notebooks load with the same. ``jobs`` notebooks run at
    once, each in its own kernel (default: one a core); they read the analysis from the
    cache, so a kernel mostly draws. A page whose notebook, parameters, articles and
    software are unchanged is taken from the cache unless ``reuse_pages`` is False.
    ``columns`` tells :func:`toolkit.load_corpus` which record field holds which column
    (``{"text": "Story Body"}``); ``command``, the command line that made the report, is
    shown on the index with the date and the toolkit's version.

    The report is written into a folder beside ``out`` (``.<name>.unfinished-<pid>-…``) and
    moved into place only when every page is done: a run that fails or is killed leaves the
    previous report in ``out`` whole, and the next run says so and removes what it left.
    What ``out`` holds besides the report's own files (``index.html``, ``explore.html``,
    the pages ``NN-….html``, ``tables/``), such as the default cache, is left alone.

    Returns the path of ``index.html``. Raises :class:`NotebookError` naming the notebook
    and cell when a cell fails, ``FileNotFoundError`` when the corpus or the notebooks
    folder does not exist, :class:`toolkit.corpus.CorpusError` (with the reasons the
    inputs were rejected) when no article loads, :class:`ReportError` when ``out`` is
    inside the corpus folder, and ``OSError`` when a file cannot be written (no space, no
    permission).
    """
    say = progress or log.info
    from ._files import is_glob, pattern_root

    corpus = Path(source).resolve()
    if not corpus.exists() and not is_glob(str(source)):
        raise FileNotFoundError(f"report: the corpus {source} does not exist")
    folder = Path(notebooks) if notebooks else default_notebooks_dir()
    paths = sorted(folder.glob("[0-9]*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"report: no numbered notebooks (NN-name.ipynb) in {folder}")
    out_dir = Path(os.path.abspath(out))
    _check_out(out_dir, corpus if corpus.exists() else pattern_root(os.path.abspath(source)))
    _unfinished_runs(out_dir, say)
    out_dir.mkdir(parents=True, exist_ok=True)  # (the cache's default home)
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "the report's folder is not writable", str(out_dir))
    cache_dir = (Path(cache) if cache is not None else out_dir / ".cache").resolve()
    if cache_dir.exists() and not cache_dir.is_dir():
        raise ReportError(f"--cache {cache} is a file, not a folder")
    staging = _staging_folder(out_dir)
    try:
        _write_report(staging, corpus, source, paths, say=say, by=by, cache_dir=cache_dir, min_words=min_words,
                      jobs=jobs, reuse_pages=reuse_pages, columns=columns, command=command)
        _move_into_place(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # (gone when moved into place)
    from .caching import entries_text, human_size, prune_cache

    pruned = prune_cache(cache_dir)
    if pruned["removed"].any():
        say(f"cache: removed {entries_text(int(pruned['removed'].sum()))} of other toolkit versions "
            f"({human_size(pruned.loc[pruned['removed'], 'bytes'].sum())}) from {cache_dir}")
    index = out_dir / "index.html"
    say(f"report: {index}")
    return index


def _write_report(out_dir: Path, corpus: Path, source, paths: list[Path], *, say, by: str, cache_dir: Path,
                  min_words: int | None, jobs: int | None, reuse_pages: bool, columns: dict[str, str] | None,
                  command: list[str] | None) -> None:
    """Every file of the report written into ``out_dir`` (a folder of its own, moved into
    place when this returns)."""
    import warnings

    import pandas as pd

    from .caching import CacheWarning, Store, articles_digest
    from .corpus import CorpusError, load_corpus
    from .findings import result_tables

    load_options: dict[str, object] = {} if min_words is None else {"min_words": min_words}
    if columns:
        load_options["columns"] = dict(columns)
    say("tables: loading the corpus and running every analysis …")
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the rejections are listed on the index and in tables/rejected.csv)
        warnings.simplefilter("default", CacheWarning)
        articles = load_corpus(str(corpus) if corpus.exists() else str(source), cache=cache_dir, **load_options)
    if not len(articles):
        raise CorpusError(_nothing_loaded(articles))
    if by not in articles:
        raise NotebookError(f"report: the articles have no column {by!r} to compare by")
    notes = articles.attrs.get("notes", [])
    if notes:  # (what loaded but was repaired or is uncertain: also listed on the index)
        say(f"load: {len(notes)} note{'s' if len(notes) != 1 else ''} on what loaded (repaired, or uncertain):")
        for note in notes[:5]:
            say(f"  {_note_text(note)}")
        if len(notes) > 5:
            say(f"  … and {len(notes) - 5} more, on the index")
    tables = result_tables(articles, by=by, cache=cache_dir)
    table_files = write_tables(tables, out_dir / "tables")
    say(f"tables: {len(table_files)} written in {time.perf_counter() - started:.1f} s")

    store = Store(cache_dir)
    digest = articles_digest(articles)
    _write_explorer(out_dir / "explore.html", articles, by, cache_dir, store, digest)
    say("explorer: written")

    def page(n: int, path: Path) -> tuple[str, str, float | None]:
        target = out_dir / f"{path.stem}.html"
        parameters = notebook_parameters(corpus, cache=cache_dir, min_words=min_words, by=by, columns=columns)
        key = page_key(path, parameters, digest)
        kept = store.read("pages", key, ["page"]) if reuse_pages else None
        if kept is not None and len(kept["page"]) == 1:
            row = kept["page"].iloc[0]
            target.write_text(row["html"], encoding="utf-8")
            say(f"[{n}/{len(paths)}] {path.name} unchanged: its page from the cache")
            return target.name, str(row["title"]), None
        say(f"[{n}/{len(paths)}] {path.name} …")
        started = time.perf_counter()
        nb = execute_notebook(path, corpus, cache=cache_dir, min_words=min_words, by=by, columns=columns)
        seconds = time.perf_counter() - started
        title = _title(nb, path.stem)
        body = _to_html(nb, title)
        target.write_text(body, encoding="utf-8")
        store.write("pages", key, {"page": pd.DataFrame({"title": [title], "html": [body]})})
        say(f"[{n}/{len(paths)}] {path.name} done in {seconds:.1f} s")
        return target.name, title, seconds

    entries = _run_all(page, paths, jobs or os.cpu_count() or 1)
    (out_dir / "index.html").write_text(_index_page(corpus, entries, articles=articles, tables=tables, by=by,
                                                    table_files=table_files, command=command), encoding="utf-8")


_UNFINISHED = ".unfinished-"  # a report being written: ".<out>.unfinished-<pid>-<random>" beside --out
_MOVING = ".report-being-replaced"  # in --out while the finished report's files are moved in (its staging folder)
# The report's own files in --out (replaced by each run); anything else there is kept.
_OWN_FILES = re.compile(r"index\.html|explore\.html|tables|[0-9][^/]*\.html")


def _check_out(out_dir: Path, corpus: Path) -> None:
    """Refuse an output folder inside the corpus folder (the next run would read the report
    as articles), and one that is a file."""
    out_real, corpus_real = Path(os.path.realpath(out_dir)), Path(os.path.realpath(corpus))
    if corpus_real.is_dir() and (out_real == corpus_real or corpus_real in out_real.parents):
        raise ReportError(f"--out {out_dir} is inside the corpus folder {corpus}: the next run would read the report "
                          "as articles. Write the report to a folder outside the corpus.")
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} is a file, not a folder")


def _staging_folder(out_dir: Path) -> Path:
    """A new folder for this run's report: beside ``out_dir`` (``.<name>.unfinished-<pid>-…``),
    or inside it when the folder beside it is on another file system or not writable (the
    files are moved, not copied, into place)."""
    name = f".{out_dir.name}{_UNFINISHED}{os.getpid()}-{uuid.uuid4().hex[:12]}"
    parent = out_dir.parent
    try:
        beside = os.stat(parent).st_dev == os.stat(out_dir).st_dev and os.access(parent, os.W_OK | os.X_OK)
    except OSError:
        beside = False
    staging = (parent if beside else out_dir) / name
    staging.mkdir()  # (with the user's umask, as the files it holds: mkdtemp would make it private)
    return staging


def _unfinished_runs(out_dir: Path, say: Callable[[str], None]) -> None:
    """Tell about, and remove, what an earlier report into ``out_dir`` left when it was
    killed or failed before its files were in place (the report in ``out_dir`` is then the
    one before it, whole); a report another process is still writing is left alone."""
    import datetime

    moving = out_dir / _MOVING
    if moving.is_file():
        say(f"report: the run before this one stopped while it replaced the files of {out_dir}: until this run "
            "ends, that report may mix two runs")
    prefix = f".{out_dir.name}{_UNFINISHED}"
    for folder in (out_dir.parent, out_dir):
        if not folder.is_dir():
            continue
        for leftover in sorted(folder.glob(glob.escape(prefix) + "*")):
            pid = leftover.name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
                say(f"report: another report into {out_dir} is being written (process {pid})")
                continue
            when = datetime.datetime.fromtimestamp(leftover.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            if not moving.is_file():
                say(f"report: the report into {out_dir} started at {when} did not finish (stopped or failed); "
                    f"{out_dir} still holds the report before it. Removing what it left: {leftover.name}")
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # (another user's process)
        return True
    return True


def _move_into_place(staging: Path, out_dir: Path) -> None:
    """Put the finished report of ``staging`` into ``out_dir``, file by file (each file
    replaced at once, ``tables/`` swapped whole, ``index.html`` last); pages of notebooks
    that are gone are removed, and anything else in ``out_dir`` (the cache, the user's files)
    is left alone. While this runs ``out_dir`` holds a marker that the next run looks for."""
    moving = out_dir / _MOVING
    moving.write_text(f"{staging}\n", encoding="utf-8")
    new = sorted(staging.iterdir(), key=lambda entry: (entry.name == "index.html", entry.name))
    names = {entry.name for entry in new}
    for entry in out_dir.iterdir():
        if _OWN_FILES.fullmatch(entry.name) and entry.name not in names:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in new:
        target = out_dir / entry.name
        if entry.is_dir() and (target.exists() or target.is_symlink()):
            os.rename(target, staging / f".replaced-{entry.name}")  # (removed with the staging folder)
        os.replace(entry, target)
    moving.unlink()
