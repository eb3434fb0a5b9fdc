"""Figures from tidy tables: toolkit.plots."""
from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

import toolkit
from toolkit import plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def analysed(sample):
    return sample, toolkit.analyze(sample, workers=1, progress=False)


def _labels(ax, axis: str = "y") -> list[str]:
    return [t.get_text() for t in (ax.get_yticklabels() if axis == "y" else ax.get_xticklabels())]


def test_article_lengths_one_row_a_group_shortest_median_first(sample):
    fig = plots.article_lengths(sample)
    ax = fig.axes[0]
    assert _labels(ax) == ["AFP", "24brussels"]  # AFP's report is the shorter
    assert ax.get_title() == "Article length by outlet" and ax.get_xlabel() == "article length (words)"
    many = pd.DataFrame({"outlet": [f"O{i}" for i in range(30)], "text": ["a b c"] * 30})
    assert "(largest 20 of 30 groups)" in plots.article_lengths(many).axes[0].get_title()


def test_no_articles_draw_a_figure_that_says_so(sample):
    fig = plots.article_lengths(sample.iloc[0:0])
    assert [t.get_text() for t in fig.axes[0].texts] == ["no articles"]


def test_distinctive_terms_one_panel_a_group(analysed):
    _, analysis = analysed
    fig = plots.distinctive_terms(analysis["distinctive_terms"])
    assert [ax.get_title() for ax in fig.axes] == ["24brussels", "AFP"]
    assert "zelensky" in _labels(fig.axes[1]) and "zelenskyy" in _labels(fig.axes[0])


def test_readability_by_group_shows_each_group(analysed):
    sample, analysis = analysed
    fig = plots.readability_by_group(analysis["readability"], analysis["readability_by_group"])
    assert sorted(_labels(fig.axes[0])) == ["24brussels (n=1)", "AFP (n=1)"]
    assert fig.axes[0].get_xlabel() == "flesch kincaid grade"


def test_no_attribution_verbs_draw_a_figure_that_says_so_without_warnings():
    import warnings

    empty = pd.DataFrame({"group": [], "class": [], "count": []})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (matplotlib warned of a legend with nothing in it)
        fig = plots.attribution_classes(empty)
    assert [t.get_text() for t in fig.axes[0].texts] == ["no attribution verbs found"]
    assert fig.axes[0].get_legend() is None


def test_coverage_of_one_story_with_a_long_group_name_fits_without_warnings():
    import warnings

    table = pd.DataFrame({"story": ["s1", "s1"], "group": ["AFP", "<b>Evil</b> <img src=x onerror=alert(3)> " * 3],
                          "n_articles": [1, 1], "first": [True, False], "n_groups": [2, 2]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (tight_layout warned that the labels could not fit)
        fig = plots.coverage(table)
    labels = sorted(_labels(fig.axes[0], "x"), key=len)
    assert labels[0] == "AFP" and len(labels[1]) == 32 and labels[1].endswith("…")


def test_readable_tables_round_for_display_only():
    table = pd.DataFrame({"share": [0.320594, 1 / 3], "outlet": ["A", "B"]})
    with pd.option_context("display.precision", 6, "display.max_rows", 60):
        plots.readable_tables(max_colwidth=50)
        shown = table._repr_html_()
        assert "0.321" in shown and "0.320594" not in shown and pd.get_option("display.max_rows") >= 1000
    assert table["share"].iloc[0] == 0.320594
    pd.reset_option("display.max_colwidth"), pd.reset_option("display.min_rows"), pd.reset_option("display.show_dimensions")
