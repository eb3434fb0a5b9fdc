"""Run the notebooks over a corpus and write an HTML report.

``python -m toolkit report SOURCE --out DIR`` executes every notebook in ``notebooks/`` with
``TOOLKIT_CORPUS`` pointing at SOURCE, writes each executed notebook as HTML (figures
inline), and an ``index.html`` that links them. A failing cell stops the run with a message
that names the notebook and the cell.
"""
from __future__ import annotations

import html
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["NotebookError", "default_notebooks_dir", "run_report"]

CELL_TIMEOUT = 1800  # seconds one cell may run: a large corpus takes minutes, not hours
CORPUS_VARIABLE = "TOOLKIT_CORPUS"


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook and the cell."""


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the project this package was installed from."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def _failing_cell(nb) -> tuple[int, str, str]:
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return index, first, f"{output.get('ename')}: {output.get('evalue')}"
    return -1, "", "unknown error"


def execute_notebook(path: Path, corpus: Path, *, timeout: int = CELL_TIMEOUT):
    """Execute one notebook with ``TOOLKIT_CORPUS`` set; return the executed notebook."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get(CORPUS_VARIABLE)
    os.environ[CORPUS_VARIABLE] = str(corpus)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    except CellExecutionError:
        index, first, error = _failing_cell(nb)
        raise NotebookError(f"{path.name}: cell {index} ({first!r}) failed: {error}") from None
    finally:
        if previous is None:
            os.environ.pop(CORPUS_VARIABLE, None)
        else:
            os.environ[CORPUS_VARIABLE] = previous
    return nb


def _to_html(nb) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return body


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def _index_page(corpus: Path, entries: list[tuple[str, str, float]]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(href, quote=True)}">{html.escape(title)}</a>'
        f' <span class="t">({seconds:.1f} s)</span></li>'
        for href, title, seconds in entries
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News comparison report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
.t{{color:#777;font-size:.9em}} code{{background:#f3f3f3;padding:0 .2em}}</style></head>
<body><h1>News comparison report</h1>
<p>Corpus: <code>{html.escape(str(corpus))}</code></p>
<h2>Notebooks</h2><ol>
{items}
</ol></body></html>
"""


def run_report(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    notebooks: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Execute every notebook on ``source`` and write the HTML report into ``out``.

    Returns the path of ``index.html``. Raises :class:`NotebookError` naming the notebook
    and cell when a cell fails, and ``FileNotFoundError`` when the corpus or the notebooks
    folder does not exist.
    """
    say = progress or log.info
    corpus = Path(source).resolve()
    if not corpus.exists() and not any(ch in str(source) for ch in "*?["):
        raise FileNotFoundError(f"report: the corpus {source} does not exist")
    folder = Path(notebooks) if notebooks else default_notebooks_dir()
    paths = sorted(folder.glob("[0-9]*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"report: no numbered notebooks (NN-name.ipynb) in {folder}")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for n, path in enumerate(paths, start=1):
        say(f"[{n}/{len(paths)}] {path.name} …")
        started = time.perf_counter()
        nb = execute_notebook(path, corpus)
        seconds = time.perf_counter() - started
        target = out_dir / f"{path.stem}.html"
        target.write_text(_to_html(nb), encoding="utf-8")
        say(f"[{n}/{len(paths)}] {path.name} done in {seconds:.1f} s -> {target}")
        entries.append((target.name, _title(nb, path.stem), seconds))
    index = out_dir / "index.html"
    index.write_text(_index_page(corpus, entries), encoding="utf-8")
    say(f"report: {index}")
    return index
