"""The analyses as the engine runs them (toolkit.steps, toolkit.pipeline.STEPS)."""
from __future__ import annotations

import ast

import pytest

import toolkit
from toolkit.pipeline import CORPUS_LEVEL, PARTIALS, PER_ARTICLE, STEPS
from toolkit.steps import Step

from conftest import ROOT, SAMPLE


def test_every_step_gives_what_it_declares_and_names_are_unique():
    articles = toolkit.load_corpus(SAMPLE)
    tables, partials = {}, {}
    for step in STEPS:
        if step.article is not None:
            made = step.article(articles, dict(tables))
            assert tuple(made) == step.makes, step.name
            tables.update(made)
    for step in STEPS:
        if step.partial is not None:
            made = step.partial(tables, articles, "outlet")
            assert tuple(made) == step.partials, step.name
            partials.update(made)
    for step in STEPS:
        if step.combine is not None:
            assert tuple(step.combine(partials, "outlet")) == step.gives, step.name
    for names in (PER_ARTICLE, CORPUS_LEVEL, PARTIALS, [step.name for step in STEPS]):
        assert len(set(names)) == len(names)


def test_a_step_declares_its_functions_with_their_tables():
    with pytest.raises(ValueError, match="step counts: partial and the names"):
        Step("counts", partials=("counts",))


def test_no_module_imports_private_names_of_another():
    """A module's private names (a leading underscore) are its own: the engine reaches the
    analyses through their steps. Private modules (toolkit/_*.py) are shared helpers and
    export public names."""
    found = []
    for path in sorted((ROOT / "toolkit").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "__version__":
                        found.append(f"{path.name}: from {'.' * node.level}{node.module or ''} import {alias.name}")
    assert found == []
