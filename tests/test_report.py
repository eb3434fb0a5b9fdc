"""The main job: python -m toolkit report SOURCE --out DIR."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

import toolkit

from conftest import OTHER_VERSION_ENTRY, ROOT, SAMPLE


def test_report_writes_html_for_each_notebook_and_an_index(sample_report):
    out, corpus, result = sample_report
    assert result.returncode == 0, result.stderr
    names = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for name in names:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "data:image/png;base64" in page
        assert f'href="{name}.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert "[1/" in result.stderr and "done in" in result.stderr
    kept = toolkit.cache_entries(out / ".cache")
    assert set(kept["kind"]) == {"articles", "chunks", "corpus", "pages"}, "tables and pages are kept for a re-run"
    assert kept["current"].all() and not (out / OTHER_VERSION_ENTRY).exists()
    assert "cache: removed 1 entry of other toolkit versions (4.0 KB)" in result.stderr
    assert "without encryption" not in result.stderr, "the kernels talk over local sockets, not TCP"
    assert "Parent appears to have exited" not in result.stderr, "each kernel is shut down after its notebook"


def test_a_rerun_takes_unchanged_pages_from_the_cache(sample_report, tmp_path):
    out, corpus, _ = sample_report
    names = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    again = tmp_path / "again"  # (another folder, the same cache: the shared report stays as it was)
    pages = {name: (out / f"{name}.html").read_bytes() for name in names}
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(again),
                             "--cache", str(out / ".cache")], capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("unchanged: its page from the cache") == len(names) and "done in" not in result.stderr
    assert pages == {name: (again / f"{name}.html").read_bytes() for name in names}
    assert "unchanged, from the cache" in (again / "index.html").read_text(encoding="utf-8")


def _tiny_notebook(folder: Path, extra: str = "") -> None:
    """One notebook that loads the corpus and prints what it was run with (a kernel, no figures)."""
    parameters = nbformat.v4.new_code_cell("CORPUS = CACHE = None\nMIN_WORDS = 50\nBY = 'outlet'")
    parameters.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Tiny"), parameters,
        nbformat.v4.new_code_cell("import toolkit\narticles = toolkit.load_corpus(CORPUS, cache=CACHE, min_words=MIN_WORDS)\n"
                                  f"print('articles', len(articles), 'by', BY){extra}")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "01-tiny.ipynb")


def test_a_page_is_executed_again_when_what_it_depends_on_changes(tmp_path):
    from toolkit.report import run_report

    _, corpus = _degenerate_corpora(tmp_path)
    notebooks = tmp_path / "nbs"
    _tiny_notebook(notebooks)

    def run(**options) -> str:
        said: list[str] = []
        run_report(corpus, tmp_path / "out", notebooks=notebooks, progress=said.append, min_words=0, jobs=1,
                   **options)
        kept = "unchanged: its page from the cache" in " ".join(said)
        assert kept != any("done in" in line for line in said)
        return "kept" if kept else "executed"

    page = tmp_path / "out" / "01-tiny.html"
    assert run() == "executed" and "articles 3 by outlet" in _page_text(page)
    assert run() == "kept" and "articles 3 by outlet" in _page_text(page)
    assert run(by="desk") == "executed" and "articles 3 by desk" in _page_text(page)
    assert run(by="desk") == "kept"
    assert run(by="desk", reuse_pages=False) == "executed"
    (corpus / "d.txt").write_text("Lambda mu nu xi omicron.\n")  # a new article (not in the manifest)
    assert run(by="desk") == "executed" and "articles 4 by desk" in _page_text(page)
    _tiny_notebook(notebooks, extra="\nprint('edited')")
    assert run(by="desk") == "executed" and "edited" in _page_text(page)


def test_a_failing_cell_is_named_and_the_exit_code_is_not_zero(tmp_path):
    notebooks = tmp_path / "nbs"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "01-corpus.ipynb", notebooks / "01-corpus.ipynb")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Broken"),
                                         nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("raise RuntimeError('boom here')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "02-broken.ipynb")
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(SAMPLE), "--out", str(tmp_path / "out"),
                             "--notebooks", str(notebooks)], capture_output=True, text=True, timeout=900)
    assert result.returncode != 0
    assert "02-broken.ipynb: cell 2" in result.stderr and "boom here" in result.stderr


def test_the_index_says_when_with_which_version_and_command_it_was_made(sample_report):
    out, corpus, _ = sample_report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"by newsframe-toolkit {toolkit.__version__} with <code>python -m toolkit report {corpus} --out {out}</code>" \
        in index
    assert re.search(r"Made \d{4}-\d\d-\d\d \d\d:\d\d UTC", index)


def test_a_corpus_that_loads_nothing_says_why_and_which_option_helps(tmp_path):
    corpus = tmp_path / "odd.csv"
    words = " ".join(["word"] * 60)
    corpus.write_text(f'Story Body,Publisher\n"{words}",Foo\n"{words} more",Bar\n', encoding="utf-8")
    run = [sys.executable, "-m", "toolkit", "report"]
    result = subprocess.run([*run, str(corpus), "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no article loaded: 0 of 2 inputs; rejected 2" in result.stderr
    assert "the record's fields are 'Story Body', 'Publisher'" in result.stderr and "--column text=FIELD" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()
    # told which fields hold the text and the outlet (before or after the corpus), it loads them
    result = subprocess.run([*run, "--column", "text=Story Body", "outlet=Publisher", str(corpus), "--out",
                             str(tmp_path / "out"), "--min-words", "10"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "2 articles from 2 groups" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    overview = _page_text(tmp_path / "out" / "01-corpus.html")
    assert "COLUMNS = {'text': 'Story Body', 'outlet': 'Publisher'}" in overview and "Foo" in overview


def test_command_line_version_help_and_bad_options():
    run = [sys.executable, "-m", "toolkit"]
    version = subprocess.run([*run, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == f"newsframe-toolkit {toolkit.__version__}"
    helped = subprocess.run([*run, "report", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "``" not in helped and ".jsonl" in helped and "manifest CSV" in helped and "--column" in helped
    bad = subprocess.run([*run, "report", "x.csv", "--column", "txt=body"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "'txt' is not a column the toolkit fills" in bad.stderr
    bad = subprocess.run([*run, "report", "x.csv", "--column", "text"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--column takes COLUMN=FIELD" in bad.stderr


def test_a_missing_corpus_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(tmp_path / "nope"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "does not exist" in result.stderr


def _degenerate_corpora(root):
    one = root / "one-article"
    one.mkdir()
    (one / "afp.txt").write_bytes((SAMPLE / "001_9945b7762ff2502c.txt").read_bytes())
    apart = root / "nothing-in-common"
    apart.mkdir()
    (apart / "a.txt").write_text("Alpha beta gamma delta epsilon.\n")
    (apart / "b.txt").write_text("Zeta eta theta iota kappa.\n")
    (apart / "c.txt").write_text("\u2014 \u2026 \u2014\n")  # an article with no words
    (apart / "manifest.csv").write_text("path,outlet,desk\na.txt,A,Desk one\nb.txt,B,Desk two\nc.txt,C,Desk three\n")
    return [one, apart]


def _page_text(path) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_every_notebook_runs_to_the_end_on_degenerate_corpora(tmp_path, monkeypatch):
    """Also: ``by`` and the other options reach every notebook, as a cell of parameters, with
    relative paths made absolute (the notebooks run in their own folder)."""
    from toolkit.report import run_report

    one, apart = _degenerate_corpora(tmp_path)
    index = run_report(one, tmp_path / "out-one", min_words=0, jobs=1)  # these articles are a few words
    assert len(list(index.parent.glob("0*.html"))) == len(list((ROOT / "notebooks").glob("0*.ipynb")))
    wording = (tmp_path / "out-one" / "02-wording.html").read_text(encoding="utf-8")
    assert "no story in this corpus has reports from two different groups" in wording

    monkeypatch.chdir(tmp_path)
    index = run_report(apart, "out-apart", min_words=0, by="desk", cache="relative-cache")
    pages = sorted(index.parent.glob("0*.html"))
    assert len(pages) == len(list((ROOT / "notebooks").glob("0*.ipynb")))
    cache = (tmp_path / "relative-cache").resolve()
    for page in pages:
        text = _page_text(page)
        assert "Parameters of this run (set by the report)" in text, page.name
        assert "BY = 'desk'" in text and "MIN_WORDS = 0" in text and f"CACHE = {str(cache)!r}" in text, page.name
        assert f"CORPUS = {str(apart.resolve())!r}" in text, page.name
    for page in ("00-overview", "01-corpus", "02-wording", "04-readability"):  # tables and captions by desk
        assert "Desk two" in _page_text(index.parent / f"{page}.html"), page
    assert "Desk two" in _page_text(index) and "(by desk)" in _page_text(index)
    assert not (ROOT / "notebooks" / "relative-cache").exists(), "the notebooks used the report's cache folder"


def test_a_page_key_changes_with_each_thing_the_page_depends_on(tmp_path, monkeypatch):
    import toolkit.report as report

    notebook = ROOT / "notebooks" / "01-corpus.ipynb"
    parameters = report.notebook_parameters(SAMPLE, cache=tmp_path, by="outlet")
    key = report.page_key(notebook, parameters, "digest")
    assert key == report.page_key(notebook, dict(parameters), "digest")
    assert key != report.page_key(ROOT / "notebooks" / "02-wording.ipynb", parameters, "digest")
    assert key != report.page_key(notebook, {**parameters, "BY": "desk"}, "digest")
    assert key != report.page_key(notebook, parameters, "other articles")
    templates = tmp_path / "templates"
    shutil.copytree(report.TEMPLATES, templates)
    monkeypatch.setattr(report, "TEMPLATES", templates)
    assert key == report.page_key(notebook, parameters, "digest")
    (templates / "offline" / "index.html.j2").write_text("{# another page #}", encoding="utf-8")
    assert key != report.page_key(notebook, parameters, "digest")


def test_parameters_go_after_the_tagged_cell_or_first():
    from toolkit.report import inject_parameters

    tagged = nbformat.v4.new_code_cell("BY = 'outlet'")
    tagged.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), tagged,
                                         nbformat.v4.new_code_cell("print(BY)")])
    inject_parameters(nb, {"BY": "Political Leaning", "MIN_WORDS": 0})
    cell = nb.cells[2]
    assert cell.metadata["tags"] == ["injected-parameters"]
    namespace = {}
    exec(cell.source, namespace)
    assert namespace["BY"] == "Political Leaning" and namespace["MIN_WORDS"] == 0
    nbformat.validate(nb)

    untagged = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    inject_parameters(untagged, {"BY": "desk"})
    assert untagged.cells[0].metadata["tags"] == ["injected-parameters"] and untagged.cells[1].source == "x = 1"
