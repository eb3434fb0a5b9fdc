"""The term explorer's data and page: toolkit.explore."""
from __future__ import annotations

import json
import re

import pandas as pd

import toolkit
from toolkit.terms import term_counts

from conftest import HOSTILE


def _data(tables, **options):
    articles, sentences, tokens = tables
    return toolkit.explorer_data(tokens, sentences, articles, **options)


def test_counts_are_the_corpus_counts_and_each_context_uses_its_term(tables):
    articles, sentences, tokens = tables
    data = _data(tables)
    counts = term_counts(tokens, by="outlet", articles=articles).set_index(["group", "term"])["count"]
    names = [g["name"] for g in data["groups"]]
    assert names == ["24brussels", "AFP"] or sorted(names) == ["24brussels", "AFP"]
    for t, term in enumerate(data["terms"]):
        for g, n in data["counts"][t]:
            assert counts[(names[g], term)] == n
    assert "zelenskyy" in data["terms"] and "zelensky" in data["terms"]
    for t, term in enumerate(data["terms"]):
        assert 0 < len(data["contexts"][t]) <= data["per_term"]
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w).replace("'", "['’‘]") for w in term.split()) + r"(?!\w)"
        for i in data["contexts"][t]:
            article, text = data["sentences"][i]
            assert re.search(pattern, text, re.IGNORECASE), (term, text)
            group = data["articles"][article][0]
            assert any(g == group for g, _ in data["counts"][t])  # the sentence's group uses the term


def test_the_prior_is_distinctive_terms_own(tables):
    articles, _, tokens = tables
    data = _data(tables)
    counts = term_counts(tokens, by="outlet", articles=articles)
    pooled = counts.groupby("term")["count"].sum()
    assert data["total"] == pooled.sum()
    assert all(abs(data["prior"][t] - (pooled[term] + 0.01)) < 1e-9 for t, term in enumerate(data["terms"]))
    assert abs(data["a0"] - (pooled.sum() + 0.01 * len(pooled))) < 1e-6


def test_contexts_come_in_turn_from_each_group(tables):
    data = _data(tables, contexts=2)
    both = [t for t, pairs in enumerate(data["counts"]) if len(pairs) == 2 and min(n for _, n in pairs) >= 2]
    assert both
    for t in both:
        groups = [data["articles"][data["sentences"][i][0]][0] for i in data["contexts"][t]]
        assert sorted(groups) == [0, 1], data["terms"][t]  # one from each group before a second from either


def test_a_limit_on_terms_keeps_each_group_s_distinctive_ones_first(tables):
    articles, sentences, tokens = tables
    analysis = toolkit.analyze(articles, workers=1, progress=False)
    data = toolkit.explorer_data(tokens, sentences, articles, distinctive=analysis["distinctive_terms"], max_terms=10)
    top = analysis["distinctive_terms"].query("z > 0").groupby("group").head(3)["term"]
    assert len(data["terms"]) == 10 and set(top) <= set(data["terms"])


def test_article_text_cannot_leave_the_page_s_data(tmp_path, tables):
    articles, _, _ = tables
    hostile = pd.DataFrame({"article_id": ["h1", "h2"], "outlet": ["<b>Evil</b></script>", "Plain"],
                            "title": ["</script><script>alert(5)</script>", "Fine"],
                            "text": [HOSTILE + " The attack was repelled </script><!-- again.", HOSTILE]})
    sentences = toolkit.split_sentences(hostile)
    tokens = toolkit.tokenize(sentences)
    before = hostile.copy(deep=True)
    page = toolkit.write_explorer(tmp_path / "explore.html", tokens, sentences, hostile).read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(hostile, before)
    data_block = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_block and ">" not in data_block
    data = json.loads(data_block)
    assert data["groups"][0]["name"] in ("<b>Evil</b></script>", "Plain")
    assert "</script><script>alert(5)</script>" in {a[1] for a in data["articles"]}


EXPLORER_CELLS = [
    """import toolkit
articles = toolkit.load_corpus(CORPUS)
analysis = toolkit.analyze(articles, workers=1, progress=False)
explorer = toolkit.explore(articles, analysis)""",
    # one group against the rest
    """explorer.set(a="AFP", b=None)
terms = explorer.tables["terms"]
assert terms["z"].is_monotonic_decreasing and "zelensky" in terms.head(10)["term"].tolist()
assert "AFP against all the others" in explorer.output.value""",
    # two groups, a term in context
    """explorer.set(a="24brussels", b="AFP", term="zelenskyy")
assert explorer.tables["terms"].iloc[0]["term"] == "zelenskyy"
assert set(explorer.tables["contexts"]["group"]) == {"24brussels"}
assert "<mark>Zelenskyy</mark>" in explorer.output.value
for view in ("sentiment", "framing", "readability"):
    explorer.set(view=view)
    assert len(explorer.tables[view]) and f"<h4>{view}:" in explorer.output.value""",
    # one story: the two reports aligned
    """explorer.set(story="russia-rejects-eu-peacekeepers", view="alignment")
assert len(explorer.tables["alignment"]) > 10 and "nf-align" in explorer.output.value
explorer""",
]


def test_the_explorer_runs_in_a_kernel_for_two_groups_one_against_the_rest_and_a_story(tmp_path):
    import nbformat

    from toolkit.report import execute_notebook

    from conftest import SAMPLE

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in EXPLORER_CELLS]
    path = tmp_path / "explorer.ipynb"
    nbformat.write(notebook, path)
    executed = execute_notebook(path, SAMPLE)  # raises, naming the cell, if an assertion fails
    shown = executed.cells[-1].outputs[-1]["data"]
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert "explore.html holds the term explorer" in shown["text/plain"]


def test_a_pick_of_the_explorer_is_the_counts_compared(tables):
    articles, _, tokens = tables
    analysis = toolkit.analyze(articles, workers=1, progress=False)
    explorer = toolkit.explore(articles, analysis).set(a="AFP", b="24brussels")
    counts = term_counts(tokens, by="outlet", articles=articles)
    expected = toolkit.terms.compare_groups(counts, "AFP", "24brussels", min_count=2)
    every = toolkit.terms.compare_groups(counts, "AFP", "24brussels").set_index("term")
    assert len(every) > len(expected)
    pd.testing.assert_frame_equal(every.loc[expected["term"]].reset_index(), expected)  # the same z for a term kept
    pd.testing.assert_frame_equal(explorer.tables["terms"].drop(columns="own_name"), expected)
    assert not explorer.tables["terms"]["own_name"].any()  # neither outlet's name is among its words
    import pytest

    with pytest.raises(ValueError, match="no story 'nope'"):
        explorer.set(story="nope")


def test_a_group_s_own_name_is_marked():
    articles = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["CNN", "USA Today"],
                             "url": ["https://edition.cnn.com/a", "https://www.usatoday.com/b"]})
    own = toolkit.explorer.own_name_terms(["cnn", "told cnn", "usa today", "today", "said", "usa"], articles)
    assert own["CNN"] >= {0, 1} and 4 not in own["CNN"]
    assert 2 in own["USA Today"] and 4 not in own["USA Today"]
