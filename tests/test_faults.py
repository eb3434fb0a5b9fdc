"""Faults around a run: a report killed or failing half-way, a damaged cache, no space, no
permission, an output folder in the wrong place. Each ends in one clear line, never in a
report that mixes two runs or in processes left behind."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import toolkit
from toolkit.caching import CacheWarning, Store

from conftest import ROOT, SAMPLE
from test_report import _tiny_notebook

psutil = pytest.importorskip("psutil")


def _corpus(folder: Path, copies: int) -> Path:
    """``copies`` articles made from the sample's two (each its own outlet and wording), as a
    JSON-lines file in ``folder``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    rows = []
    for n in range(copies):
        text = texts[n % 2]
        paragraphs = text.split("\n\n")
        rows.append({"id": f"a{n}", "outlet": f"Outlet {n % 7}", "title": f"Story {n}",
                     "text": "\n\n".join(paragraphs[n % len(paragraphs):] + paragraphs[:n % len(paragraphs)])
                     + f"\n\nA closing line numbered {n} says the council met on day {n}."})
    path = folder / "articles.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    return path


def _sleeping_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Slow"),
                                         nbformat.v4.new_code_cell("import time\ntime.sleep(120)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "01-slow.ipynb")


def _report(corpus: Path, out: Path, notebooks: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(out), "--notebooks", str(notebooks),
            "--min-words", "0", *extra]


def _descendants_when(process: subprocess.Popen, ready, limit: float = 120.0) -> list:
    """The process's descendants once ``ready(descendants)`` holds (polled)."""
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, "the report ended before it could be stopped"
        try:
            found = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            found = []
        if ready(found):
            return found
        time.sleep(0.02)
    raise AssertionError("the report never reached the point to stop it at")


def _gone(processes: list, limit: float = 15.0) -> list:
    """Those of ``processes`` still running after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    alive = processes
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.1)
    return alive


def _is_worker(child) -> bool:
    try:
        return "ipykernel" not in " ".join(child.cmdline())
    except psutil.Error:
        return False


def _is_kernel(child) -> bool:
    try:
        return "ipykernel" in " ".join(child.cmdline())
    except psutil.Error:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "Ctrl-C"])
@pytest.mark.parametrize("when", ["tables", "notebooks"])
def test_a_killed_report_leaves_no_process_and_the_previous_report_whole(tmp_path, how, when):
    """Also Ctrl-C: the report ends at once (exit 130) and removes what it wrote."""
    corpus = _corpus(tmp_path, 4)
    tiny, slow = tmp_path / "tiny", tmp_path / "slow"
    _tiny_notebook(tiny)
    _sleeping_notebook(slow)
    out = tmp_path / "out"
    first = subprocess.run(_report(corpus, out, tiny), capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    # The second run: another corpus (so that it computes) and, for "notebooks", a notebook that sleeps.
    other = tmp_path / "other"
    other.mkdir()
    corpus2 = _corpus(other, 260)
    process = subprocess.Popen(_report(corpus2, out, tiny if when == "tables" else slow, "--execute-all"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # (as in a terminal)
    try:
        ready = (lambda found: any(_is_worker(c) for c in found)) if when == "tables" else \
            (lambda found: any(_is_kernel(c) for c in found))
        children = _descendants_when(process, ready)
        time.sleep(0.3)  # (the kernel's own start, for "notebooks")
        children = psutil.Process(process.pid).children(recursive=True) or children
        process.send_signal(how)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert not _gone(children), f"left running after {how.name}: {[c.pid for c in children if c.is_running()]}"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before, "the previous report is whole"
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    if how == signal.SIGINT:
        assert process.returncode == 130 and not left, "Ctrl-C: the run removes what it wrote"
    else:
        assert left, "what the killed run left is there"

    again = subprocess.run(_report(corpus, out, tiny), capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert again.returncode == 0, again.stderr
    assert ("did not finish (stopped or failed)" in again.stderr) == (how != signal.SIGINT), again.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_workers_end_with_their_parent(tmp_path):
    """The pool's workers themselves: their parent killed while they work, they end too."""
    script = tmp_path / "pool.py"
    script.write_text(textwrap.dedent("""
        import os, sys, time
        from toolkit._parallel import process_pool
        pool = process_pool(2)
        futures = [pool.submit(time.sleep, 300) for _ in range(2)]
        time.sleep(1.0)
        print(" ".join(str(p) for p in pool._processes), flush=True)
        time.sleep(300)
    """))
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        pids = [int(p) for p in process.stdout.readline().split()]
        assert len(pids) == 2
        workers = [psutil.Process(p) for p in pids]
        process.kill()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert not _gone(workers, 10.0)


def test_a_failed_run_leaves_the_previous_report_and_nothing_else(tmp_path):
    from toolkit.report import NotebookError, run_report

    corpus = _corpus(tmp_path, 4)
    good, bad = tmp_path / "good", tmp_path / "bad"
    _tiny_notebook(good)
    _tiny_notebook(bad, extra="\nraise ValueError('broken on purpose')")
    out = tmp_path / "out"
    run_report(corpus, out, notebooks=good, min_words=0, jobs=1, progress=lambda _: None)
    (out / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(NotebookError, match="broken on purpose"):
        run_report(corpus, out, notebooks=bad, min_words=0, jobs=1, progress=lambda _: None)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # a run that finishes replaces the report's own files and keeps the others (the cache, the user's)
    run_report(corpus, out, notebooks=good, min_words=0, jobs=1, progress=lambda _: None)
    assert (out / "notes.txt").read_text() == "mine" and (out / ".cache").is_dir()
    assert sorted(p.name for p in out.iterdir()) == [".cache", "01-tiny.html", "explore.html", "index.html",
                                                    "notes.txt", "tables"]
    # a run stopped while it moved its files in: the next one says the report may mix two runs, and mends it
    (out / ".report-being-replaced").write_text("x")
    said: list[str] = []
    run_report(corpus, out, notebooks=good, min_words=0, jobs=1, progress=said.append)
    assert any("may mix two runs" in line for line in said) and not (out / ".report-being-replaced").exists()


# --- the cache heals -------------------------------------------------------------------------

def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if how == "truncated" else b"not parquet at all " * 40)


@pytest.mark.parametrize("how", ["truncated", "garbage"])
@pytest.mark.parametrize("kind", ["articles", "chunks", "corpus"])
def test_a_damaged_cache_entry_is_removed_and_computed_again(tmp_path, kind, how):
    corpus = _corpus(tmp_path, 6)
    cache = tmp_path / "cache"
    articles = toolkit.load_corpus(corpus, cache=cache, min_words=0)
    expected = toolkit.analyze(articles, cache=cache, progress=False, workers=1)
    entries = toolkit.cache_entries(cache)
    for folder in entries.loc[entries["kind"] == kind, "path"]:
        for file in sorted(Path(folder).rglob("*.parquet")):
            _damage(file, how)
    if kind == "chunks":  # (the whole corpus kept is read without its chunks)
        for folder in entries.loc[entries["kind"] == "corpus", "path"]:
            shutil.rmtree(folder)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        again = toolkit.load_corpus(corpus, cache=cache, min_words=0)
        result = toolkit.analyze(again, cache=cache, progress=False, workers=1)
    said = [str(w.message) for w in seen if issubclass(w.category, CacheWarning)]
    assert said and all(f"the entry {kind}/" in s and "it was removed and is computed again" in s for s in said)
    pd.testing.assert_frame_equal(again, articles)
    for name in ("tokens", "sentences", "distinctive_terms"):
        pd.testing.assert_frame_equal(result[name], expected[name])
    # and the third run reads the healed cache without a word
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        toolkit.analyze(toolkit.load_corpus(corpus, cache=cache, min_words=0), cache=cache, progress=False, workers=1)


def test_a_damaged_chunk_then_a_changed_corpus(tmp_path):
    corpus = _corpus(tmp_path, 6)
    cache = tmp_path / "cache"
    articles = toolkit.load_corpus(corpus, cache=cache, min_words=0)
    toolkit.analyze(articles, cache=cache, progress=False, workers=1, chunk_size=2)
    entries = toolkit.cache_entries(cache)
    for folder in entries.loc[entries["kind"] == "chunks", "path"]:
        for file in Path(folder).rglob("*.parquet"):
            _damage(file, "garbage")
    changed = articles.iloc[:5]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        result = toolkit.analyze(changed, cache=cache, progress=False, workers=1, chunk_size=2)
    assert any(issubclass(w.category, CacheWarning) for w in seen)
    fresh = toolkit.analyze(changed, progress=False, workers=1, chunk_size=2)
    pd.testing.assert_frame_equal(result["tokens"], fresh["tokens"])


def test_a_damaged_page_is_executed_again(tmp_path):
    from toolkit.report import run_report

    corpus = _corpus(tmp_path, 4)
    tiny = tmp_path / "tiny"
    _tiny_notebook(tiny)
    out = tmp_path / "out"
    run_report(corpus, out, notebooks=tiny, min_words=0, jobs=1, progress=lambda _: None)
    for folder in toolkit.cache_entries(out / ".cache").query("kind == 'pages'")["path"]:
        for file in Path(folder).rglob("*.parquet"):
            _damage(file, "truncated")
    said: list[str] = []
    with pytest.warns(CacheWarning, match="pages/"):
        run_report(corpus, out, notebooks=tiny, min_words=0, jobs=1, progress=said.append)
    assert any("01-tiny.ipynb done in" in line for line in said)


def test_store_discard_names_the_entry(tmp_path):
    store = Store(tmp_path)
    store.write("corpus", "a" * 32, {"t": pd.DataFrame({"x": [1]})})
    (store.entry("corpus", "a" * 32) / "t.parquet").write_bytes(b"PAR1")
    with pytest.warns(CacheWarning, match=f"corpus/{'a' * 32} in {tmp_path}"):
        assert store.read("corpus", "a" * 32, ["t"]) is None
    assert not store.entry("corpus", "a" * 32).exists()


# --- the environment: one line, not a traceback ------------------------------------------------

def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.mark.parametrize("code, said", [(errno.ENOSPC, "no space left on the device holding"),
                                        (errno.EACCES, "cannot write"), (errno.EROFS, "cannot write")])
def test_a_write_that_fails_is_one_line(tmp_path, monkeypatch, capsys, code, said):
    from toolkit import __main__ as cli
    from toolkit import report

    def no_room(tables, folder):
        raise OSError(code, os.strerror(code), str(folder / "corpus.csv"))

    monkeypatch.setattr(report, "write_tables", no_room)
    corpus = _corpus(tmp_path, 4)
    tiny = tmp_path / "tiny"
    _tiny_notebook(tiny)
    assert cli.main(["report", str(corpus), "--out", str(tmp_path / "out"), "--notebooks", str(tiny),
                     "--min-words", "0"]) == 1
    err = capsys.readouterr().err
    assert said in err and "corpus.csv" in err and "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [err.splitlines()[-2]]
    with pytest.raises(OSError):
        cli.main(["report", str(corpus), "--out", str(tmp_path / "out"), "--notebooks", str(tiny),
                  "--min-words", "0", "--debug"])


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system (tmpfs), where this machine lets a test mount one."""
    mount = tmp_path / "small"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs Linux and root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(tmp_path, small_disk):
    corpus = _corpus(tmp_path, 60)
    tiny = tmp_path / "tiny"
    _tiny_notebook(tiny)
    (small_disk / "filler").write_bytes(b"\0" * (1024 * 1024 + 512 * 1024))  # a quarter of a megabyte left
    result = _cli(["report", str(corpus), "--out", str(small_disk / "out"), "--notebooks", str(tiny),
                   "--min-words", "0"], tmp_path)
    assert result.returncode == 1
    assert "error: no space left on the device holding" in result.stderr and "Traceback" not in result.stderr
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".out.")]


def test_a_read_only_output_is_one_line(tmp_path, small_disk):
    corpus = _corpus(tmp_path, 4)
    (small_disk / "out").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = _cli(["report", str(corpus), "--out", str(small_disk / "out"), "--min-words", "0"], tmp_path)
    assert result.returncode == 1, result.stderr
    assert "error: cannot write" in result.stderr and "Traceback" not in result.stderr


def test_the_output_inside_the_corpus_is_refused(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in SAMPLE.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    result = _cli(["report", str(corpus), "--out", str(corpus / "report")], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"--out {corpus / 'report'} is inside the corpus folder" in result.stderr
    assert not (corpus / "report").exists()
    (tmp_path / "a-file").write_text("x")
    cache = _cli(["report", str(corpus), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "a-file")], tmp_path)
    assert cache.returncode == 1 and "--cache" in cache.stderr and "is a file, not a folder" in cache.stderr
    assert "Traceback" not in cache.stderr and "--debug" not in cache.stderr


def test_an_empty_corpus_is_one_message(tmp_path):
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text('{"headline": "no text"}\n', encoding="utf-8")
    result = _cli(["report", str(corpus), "--out", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: no article loaded: 0 of 1 inputs" in result.stderr


# --- safe CSVs ---------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://example.invalid/x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\tTabbed", "\rReturned"]


def test_the_report_csvs_show_formulas_as_text_and_the_parquet_keeps_them(tmp_path):
    import csv

    from toolkit.findings import result_tables
    from toolkit.report import FORMULA_STARTS, write_tables

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    articles = pd.DataFrame({"article_id": [f"a{n}" for n in range(6)], "outlet": [FORMULAS[n] for n in range(6)],
                             "title": [FORMULAS[(n + 1) % 6] for n in range(6)],
                             "text": [f'{FORMULAS[n][:12]} "We stand firm," said {FORMULAS[n]} on Monday. ' + texts[n % 2]
                                      for n in range(6)]})
    tables = result_tables(articles, workers=1)
    names = write_tables(tables, tmp_path / "tables")
    seen_formulas = 0
    for name in names:
        with open(tmp_path / "tables" / name, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows, f"{name} has its header"
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or _number(cell), (name, cell)
                seen_formulas += cell.startswith("'") and cell[1:] in FORMULAS
        exact = pd.read_parquet(tmp_path / "tables" / name.replace(".csv", ".parquet"))
        pd.testing.assert_frame_equal(exact, tables[name[:-4]].reset_index(drop=True), check_dtype=False,
                                      check_categorical=False)
    assert seen_formulas >= 6, "the formulas are there, as text"


def _number(cell: str) -> bool:
    """A number written by pandas (negative ones begin with "-", and stay numbers)."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_report_says_what_loading_repaired(tmp_path):
    from toolkit.report import run_report

    corpus = tmp_path / "articles"
    corpus.mkdir()
    for path in SAMPLE.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    mixed = (SAMPLE / "001_9945b7762ff2502c.txt").read_bytes() + "\nLe caf\xe9 <b>ferm\xe9</b>.\n".encode("cp1252")
    (corpus / "mixed.txt").write_bytes(mixed)
    tiny = tmp_path / "tiny"
    _tiny_notebook(tiny)
    said: list[str] = []
    index = run_report(corpus, tmp_path / "out", notebooks=tiny, min_words=0, jobs=1, progress=said.append)
    assert any("note on what loaded" in line for line in said)
    assert any("mixed.txt" in line and "Windows-1252" in line for line in said)
    page = index.read_text(encoding="utf-8")
    assert "1 note on what loaded" in page and "mixed.txt" in page and "Windows-1252" in page
