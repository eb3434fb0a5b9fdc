"""Notebooks: committed without outputs, thin, parameterised, and they run on the sample corpus."""
from __future__ import annotations

import ast
import json

import pytest

from conftest import ROOT, SAMPLE

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00-overview.ipynb", "01-corpus.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_and_thin(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in code:
        assert not cell.get("outputs") and not cell.get("execution_count"), "outputs belong in reports/"
        tree = ast.parse("".join(cell["source"]))
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))], \
            "a def, class or lambda in a notebook belongs in toolkit/"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and "TOOLKIT_CORPUS" in "".join(tagged[0]["source"])
    assert nb["cells"][0]["cell_type"] == "markdown" and nb["cells"][-1]["cell_type"] == "markdown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_with_its_defaults(path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("TOOLKIT_CORPUS", raising=False)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "every notebook shows at least one figure"
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_first_notebook_on_the_sample_shows_the_cleaning():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "01-corpus.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "2 articles loaded from 2 inputs; 0 rejected" in text
    assert "Leave a Reply" in text and "24brussels" in text and "MOSCOW" in text
    assert str(SAMPLE.name) in (ROOT / "notebooks" / "01-corpus.ipynb").read_text()
