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


def test_figures_do_not_mislead():
    import numpy as np

    # frames: every frame, a zero as a tick, the legend in the bars' order (top down)
    frames = pd.DataFrame({"group": ["A", "A", "B"], "frame": ["conflict", "economic", "conflict"],
                           "share": [0.3, 0.1, 0.2]})
    ax = plots.frame_shares(frames).axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f.replace("_", " ") for f in toolkit.framing.FRAMES]
    bars = [p for p in ax.patches if p.get_width() > 0]
    tops = {round(p.get_y(), 3): p.get_facecolor() for p in bars}
    assert ax.yaxis_inverted() and sorted(tops)[0] == round(bars[0].get_y(), 3), "the first frame's bar is on top"
    assert sum(len(c.get_offsets()) for c in ax.collections) == 7, "the 7 zero shares are drawn as ticks"
    # readability: two articles 0.4 grades apart are not drawn across the whole axis
    scores = pd.DataFrame({"outlet": ["A", "B"], "flesch_kincaid_grade": [15.55, 15.96]})
    summary = pd.DataFrame({"group": ["A", "B"], "measure": "flesch_kincaid_grade", "median": [15.55, 15.96],
                            "ci_low": [np.nan] * 2, "ci_high": [np.nan] * 2, "n_articles": [1, 1]})
    low, high = plots.readability_by_group(scores, summary).axes[0].get_xlim()
    assert high - low >= plots.MIN_SPAN_GRADES
    # actors: a cell of two mentions is not coloured as if it were a stance
    actors = pd.DataFrame({"group": ["A", "A", "B", "B"], "actor": ["x", "y", "x", "y"],
                           "mean_score": [0.5, -0.5, 0.1, 0.3], "n_mentions": [2, 30, 12, 1]})
    fig = plots.actor_heatmap(actors)
    image = fig.axes[0].images[0].get_array()
    assert image.mask.sum() == 2 and "grey: fewer than 5" in fig.axes[0].get_title()
    # coverage: a colour legend, and what several outlines mean
    table = pd.DataFrame({"story": ["s", "s"], "group": ["A", "B"], "n_articles": [1, 3], "first": [True, True],
                          "n_groups": [2, 2]})
    fig = plots.coverage(table)
    assert len(fig.axes) == 2 and "a tie" in fig.axes[0].get_title()
    # counts written at the bars' ends stay inside the frame
    terms = pd.DataFrame({"group": ["A"] * 3, "term": ["x", "y", "z"], "z": [5.0, 3.0, 2.5], "count": [1234, 56, 7]})
    fig = plots.distinctive_terms(terms)
    fig.canvas.draw()
    frame = fig.axes[0].get_window_extent()
    assert all(t.get_window_extent().x1 <= frame.x1 for t in fig.axes[0].texts)


def test_the_alignment_strikes_what_its_caption_says_is_struck():
    alignment = pd.DataFrame({"relation": ["rewritten"], "a_text": ["firmly opposed"], "b_text": ["firmly rejected"]})
    page = toolkit.alignment_html(alignment)
    assert "<del>" in page and "del{background:#f7c6c6;text-decoration:line-through}" in page


def test_coverage_rows_say_what_each_story_is_about():
    table = pd.DataFrame({"story": ["story-0001", "story-0001"], "group": ["A", "B"], "n_articles": [1, 1],
                          "first": [True, False], "n_groups": [2, 2]})
    about = pd.Series({"story-0001": "peacekeepers, zelensky, moscow, troops"})
    assert _labels(plots.coverage(table, story_labels=about).axes[0]) == [
        "story-0001: peacekeepers, zelensky, moscow, troops"]


BAD = r"$\undefinedmacro$ News"  # two dollars: matplotlib would read it as mathematics, and fail
PRICE = "Costs $5, then $x^2$"


def _drawn_texts(fig) -> list[tuple[str, object]]:
    """Every visible text of ``fig`` once drawn, as matplotlib renders it: (text, math?)."""
    import io

    from matplotlib.text import Text

    fig.savefig(io.BytesIO(), format="png")  # the draw that would fail on mathematics
    return [t._preprocess_math(t.get_text()) for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _figures_of_hostile_names():
    names = [BAD, PRICE]
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": names, "text": ["One two three. Four five."] * 2})
    scores = pd.DataFrame({"outlet": names, "flesch_kincaid_grade": [8.0, 9.0]})
    summary = pd.DataFrame({"group": names, "measure": "flesch_kincaid_grade", "median": [8.0, 9.0],
                            "ci_low": [7.0, 8.0], "ci_high": [9.0, 10.0], "n_articles": [1, 1]})
    per_group = pd.DataFrame({"group": names, "term": [BAD, PRICE], "z": [3.0, 2.5], "count": [4, 5],
                              "speaker": [PRICE, BAD], "share": [0.5, 0.4], "quoted_words": [10, 8],
                              "class": ["loaded", "neutral"], "actor": [BAD, PRICE], "mean_score": [0.2, -0.3],
                              "n_mentions": [6, 7], "frame": ["conflict", "economic"]})
    scored = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "compound": [0.1, -0.2, 0.3]})
    coverage = pd.DataFrame({"story": ["s1", "s1"], "group": names, "n_articles": [1, 1], "first": [True, False],
                             "n_groups": [2, 2]})
    yield plots.article_lengths(articles)
    yield plots.readability_by_group(scores, summary)
    yield plots.sentence_lengths(pd.DataFrame({"outlet": names, "n_words": [12, 40]}))
    yield plots.distinctive_terms(per_group)
    yield plots.attribution_classes(per_group)
    yield plots.share_of_voice(per_group)
    yield plots.sentiment_arc(scored, labels=pd.Series({"a": BAD, "b": PRICE}))
    yield plots.sentiment_distribution(scored, by=pd.Series([BAD, BAD, PRICE]))
    yield plots.actor_heatmap(per_group)
    yield plots.frame_shares(per_group.assign(share=[0.2, 0.1]))
    yield plots.coverage(coverage, labels=pd.Series({BAD: PRICE}), story_labels=pd.Series({"s1": BAD}))
    from toolkit.explorer import _term_plot

    yield _term_plot(pd.DataFrame({"term": [BAD, PRICE], "count_a": [5, 1], "count_b": [1, 5], "rate_a": [50.0, 1.0],
                                   "rate_b": [1.0, 50.0], "z": [3.0, -3.0]}), BAD, PRICE, chosen=BAD)


def test_labels_from_the_data_are_drawn_as_written():
    import matplotlib.pyplot as plt

    for fig in _figures_of_hostile_names():
        texts = _drawn_texts(fig)
        shown = " | ".join(text for text, _ in texts)
        assert not any(math for text, math in texts if "$" in text and ("News" in text or "Costs" in text)), shown
        assert BAD in shown or PRICE in shown, f"{fig.axes[0].get_title()}: {shown}"
        plt.close(fig)


def test_numbers_keep_their_formatting():
    """Escaping is for names: a logarithmic axis still writes its powers of ten as mathematics."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.loglog([1, 1000], [1, 1000])
    plots.literal_text(fig)
    assert any(math for text, math in _drawn_texts(fig) if "10^" in text)
    plt.close(fig)
