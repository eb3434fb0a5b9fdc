"""Figures: one function a figure, each taking a tidy table and returning the Figure.

Figures stay legible on corpora with dozens of groups: only the ``top`` largest groups are
drawn, sorted, and the title says how many were left out.
"""
from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.category import StrCategoryFormatter
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, Formatter, FuncFormatter

from .schema import group_labels, require_columns, word_counts

MAX_POINTS = 300  # points drawn per group; boxes summarise all of them
# The narrowest axis a readability measure is drawn on, in its own units: grade levels differ
# by whole grades (4 = a span from "grade 9" to "grade 13"); Flesch reading ease runs 0-100.
MIN_SPAN_GRADES = 4.0
MIN_CELL_MENTIONS = 5  # a heatmap cell of fewer mentions is greyed: a mean of two sentences is not a stance
MIN_SPAN = {"flesch_reading_ease": 20.0, "difficult_words": 20.0, "reading_time": 10.0, "lix": 10.0, "rix": 2.0,
            "mcalpine_eflaw": 10.0}

__all__ = ["actor_heatmap", "article_lengths", "attribution_classes", "coverage", "distinctive_terms", "frame_shares",
           "drawn_literally", "literal_text", "readability_by_group", "readable_tables", "sentence_lengths", "sentiment_arc", "sentiment_distribution",
           "share_of_voice"]

TABLE_PRECISION = 3  # digits after the point a table shows (the tables themselves keep every digit)
TABLE_ROWS = 1000  # rows a notebook's table holds before pandas cuts it ("…"); a report's page shows 15 of them


def readable_tables(*, max_colwidth: int = 120) -> None:
    """Set pandas to show tables for reading in a notebook: numbers to
    ``TABLE_PRECISION`` digits, text cut at ``max_colwidth`` characters, up to ``TABLE_ROWS``
    rows (a report's page shows the first rows, with a filter and a button for the rest) and
    no line of dimensions. Only the display changes: the tables and the CSVs keep every digit."""
    pd.set_option("display.precision", TABLE_PRECISION)
    pd.set_option("display.max_colwidth", max_colwidth)
    pd.set_option("display.max_rows", TABLE_ROWS)
    pd.set_option("display.min_rows", TABLE_ROWS)
    pd.set_option("display.show_dimensions", False)

def literal_text(fig: plt.Figure) -> plt.Figure:
    """Make every text of ``fig`` that comes from the data show as written: matplotlib reads
    a text holding two ``$`` as mathematics (an outlet named ``$\\bad$`` stops the figure
    being drawn at all). Titles, labels, legends and notes are marked plain text; the tick
    labels of named categories (outlets, terms, speakers) have their ``$`` escaped as they
    are drawn; numeric tick labels, which may write powers of ten as mathematics, are left
    as they are. Every figure function of this module draws through :func:`drawn_literally`."""
    if getattr(fig, "_literal_text", False):
        return fig
    default = bool(plt.rcParams["text.parse_math"])
    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.offsetText.set_parse_math(default)
            ticks.add(id(axis.offsetText))
            for tick in [*axis.majorTicks, *axis.minorTicks]:
                for label in (tick.label1, tick.label2):
                    label.set_parse_math(default)
                    ticks.add(id(label))
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                shown = get()
                if isinstance(shown, (FixedFormatter, FuncFormatter, StrCategoryFormatter)):  # (names, not numbers)
                    put(_Literal(shown))
    for text in fig.findobj(Text):
        if id(text) not in ticks:
            text.set_parse_math(False)
    fig._literal_text = True
    return fig


def drawn_literally(function, *args, **kwargs) -> plt.Figure:
    """``function(*args, **kwargs)``'s figure, drawn with no text read as mathematics (its
    layout is computed while it is drawn, so the texts must be plain from the start), then
    made so for good by :func:`literal_text`."""
    with plt.rc_context({"text.parse_math": False}):
        fig = function(*args, **kwargs)
    return literal_text(fig)


def _escape(text: str) -> str:
    return str(text).replace("$", r"\$")


class _Literal(Formatter):
    """A tick formatter that shows what another one gives, with ``$`` escaped."""

    def __init__(self, inner: Formatter) -> None:
        self.inner = inner

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        return _escape(self.inner(x, pos))

    def format_ticks(self, values) -> list[str]:
        return [_escape(label) for label in self.inner.format_ticks(values)]

    def get_offset(self) -> str:
        return self.inner.get_offset()


def _literal(function):
    """Draw ``function``'s figure through :func:`drawn_literally`."""
    @functools.wraps(function)
    def drawn(*args, **kwargs):
        return drawn_literally(function, *args, **kwargs)
    return drawn


def _empty_figure(message: str) -> plt.Figure:
    """A small figure that says there is nothing to draw, and why."""
    fig, ax = plt.subplots(figsize=(6, 2))
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return fig


def _top_groups(values: pd.Series, top: int) -> tuple[list[str], int]:
    counts = values.value_counts()
    keep = list(counts.index[:top])
    return keep, max(0, len(counts) - len(keep))


@_literal
def article_lengths(articles: pd.DataFrame, *, by: str = "outlet", top: int = 20) -> plt.Figure:
    """Box plot of article length in words for each group (the ``top`` groups by article
    count), sorted by median length; every article drawn as a point."""
    require_columns(articles, (by, "text"), "article_lengths")
    frame = pd.DataFrame({
        "group": group_labels(articles[by]),
        "words": word_counts(articles["text"]),
    })
    keep, left_out = _top_groups(frame["group"], top)
    frame = frame[frame["group"].isin(keep)]
    order = frame.groupby("group")["words"].median().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * max(1, len(order))))
    data = [frame.loc[frame["group"] == g, "words"].to_numpy() for g in order]
    if order:
        ax.boxplot(data, orientation="horizontal", widths=0.6, showfliers=False)
        for i, values in enumerate(data, start=1):
            ax.scatter(values, [i] * len(values), s=12, alpha=0.6, color="tab:blue", zorder=3)
        ax.set_yticks(range(1, len(order) + 1), order)
    else:
        ax.text(0.5, 0.5, "no articles", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("article length (words)")
    title = f"Article length by {by}"
    if left_out:
        title += f" (largest {len(keep)} of {len(keep) + left_out} groups)"
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


@_literal
def readability_by_group(scores: pd.DataFrame, summary: pd.DataFrame, *, measure: str = "flesch_kincaid_grade",
                         by: str = "outlet", top: int = 20) -> plt.Figure:
    """Each group's articles as dots, its median as a bar with the bootstrap interval, sorted
    by median; only articles without a ``note`` are drawn (the ones the summary used)."""
    require_columns(scores, (by, measure), "plots.readability_by_group")
    require_columns(summary, ("group", "measure", "median", "ci_low", "ci_high", "n_articles"),
                    "plots.readability_by_group")
    rows = summary[summary["measure"] == measure].sort_values("n_articles", ascending=False, kind="stable")
    left_out = max(0, len(rows) - top)
    rows = rows.head(top).sort_values("median", kind="stable")
    frame = scores if "note" not in scores else scores[scores["note"].isna()]
    labels = group_labels(frame[by])
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * max(1, len(rows))))
    for y, row in enumerate(rows.itertuples(), start=1):
        values = frame.loc[labels == row.group, measure].dropna().to_numpy()
        jitter = (np.arange(len(values)) % 7 - 3) * 0.04
        ax.scatter(values, y + jitter, s=10, alpha=0.35, color="tab:gray", zorder=2)
        ax.plot([row.median, row.median], [y - 0.3, y + 0.3], color="tab:red", lw=2.5, zorder=3)
        if np.isfinite(row.ci_low):
            ax.plot([row.ci_low, row.ci_high], [y, y], color="tab:red", lw=1.2, zorder=3)
    ax.set_yticks(range(1, len(rows) + 1), [f"{g} (n={n})" for g, n in zip(rows["group"], rows["n_articles"])])
    if not len(rows):
        ax.text(0.5, 0.5, "no articles to score", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel(measure.replace("_", " "))
    span = MIN_SPAN.get(measure, MIN_SPAN_GRADES)
    low, high = ax.get_xlim()
    if len(rows) and high - low < span:  # a gap of a few tenths of a grade must not fill the figure
        middle = (low + high) / 2
        ax.set_xlim(middle - span / 2, middle + span / 2)
    title = f"{measure.replace('_', ' ').capitalize()} by {by}: articles (dots), median and 95% interval (red)"
    if left_out:
        title += f"\nlargest {len(rows)} of {len(rows) + left_out} groups"
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


@_literal
def sentence_lengths(sentence_scores: pd.DataFrame, *, by: str = "outlet", top: int = 20, max_words: int = 80) -> plt.Figure:
    """Distribution of sentence length (words) by group: a box a group, sorted by median, with
    the share of sentences over 30 words in the label."""
    require_columns(sentence_scores, (by, "n_words"), "plots.sentence_lengths")
    frame = sentence_scores[sentence_scores["n_words"] > 0]
    labels = group_labels(frame[by])
    keep, left_out = _top_groups(labels, top)
    frame, labels = frame[labels.isin(keep)], labels[labels.isin(keep)]
    order = frame.groupby(labels)["n_words"].median().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * max(1, len(order))))
    data = [frame.loc[labels == g, "n_words"].clip(upper=max_words).to_numpy() for g in order]
    if order:
        ax.boxplot(data, orientation="horizontal", widths=0.6, showfliers=True, flierprops={"markersize": 2, "alpha": 0.4})
        long_share = [float((d > 30).mean()) for d in data]
        ax.set_yticks(range(1, len(order) + 1), [f"{g} ({s:.0%} > 30 words)" for g, s in zip(order, long_share)])
    else:
        ax.text(0.5, 0.5, "no sentences", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel(f"words per sentence (longer than {max_words} drawn at {max_words})")
    title = f"Sentence length by {by}"
    if left_out:
        title += f" (largest {len(keep)} of {len(keep) + left_out} groups)"
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def _facets(n: int, *, width: float = 4.2, height: float = 3.2, columns: int = 3):
    columns = max(1, min(columns, n))
    rows = max(1, -(-n // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _faceted_bars(table: pd.DataFrame, *, label: str, value: str, note: str, rank: str, groups: list[str] | None,
                  top: int, colour: str, empty: str, xlabel: str, title: str, xlim: tuple | None = None) -> plt.Figure:
    """One horizontal bar chart a group: its ``top`` rows by ``rank``, ``note`` written at
    each bar's end (at most the groups named, in that order; default: the first six)."""
    groups = list(groups) if groups is not None else list(dict.fromkeys(table["group"]))[:6]
    groups = [g for g in groups if (table["group"] == g).any()]
    if not groups:
        return _empty_figure(empty)
    fig, axes = _facets(len(groups), height=0.32 * top + 1.2)
    for ax, g in zip(axes, groups):
        part = table[table["group"] == g].nlargest(top, rank).iloc[::-1]
        ax.barh(part[label], part[value], color=colour)
        for y, (x, n) in enumerate(zip(part[value], part[note])):
            ax.text(x, y, f" {n}", va="center", fontsize=8, color="#444")
        if xlim:
            ax.set_xlim(*xlim)
        else:  # room at the right for the numbers written at the bars' ends
            low, high = ax.get_xlim()
            ax.set_xlim(low, high + 0.18 * (high - low))
        ax.set_title(str(g), fontsize=10)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


@_literal
def distinctive_terms(terms: pd.DataFrame, *, groups: list[str] | None = None, top: int = 10) -> plt.Figure:
    """The ``top`` terms of each group by z-score, one panel a group (at most the groups
    named, in that order; default: the first six)."""
    require_columns(terms, ("group", "term", "z", "count"), "plots.distinctive_terms")
    return _faceted_bars(terms, label="term", value="z", note="count", rank="z", groups=groups, top=top,
                         colour="tab:blue", empty="no terms to compare (one group, or no words)",
                         xlabel="z (log-odds / s.e.)",
                         title="Distinctive terms: each group against the rest (number = times used)")


_CLASS_COLOURS = {"neutral": "#9ecae1", "other": "#fdd0a2", "loaded": "#e6550d"}


@_literal
def attribution_classes(verbs: pd.DataFrame, *, groups: list[str] | None = None) -> plt.Figure:
    """Share of each group's attribution verbs that are neutral, other or loaded (stacked)."""
    require_columns(verbs, ("group", "class", "count"), "plots.attribution_classes")
    table = verbs.groupby(["group", "class"])["count"].sum().unstack(fill_value=0)
    if groups is not None:
        table = table.reindex([g for g in groups if g in table.index])
    table = table.reindex(columns=[c for c in _CLASS_COLOURS if c in table.columns])
    shares = table.div(table.sum(axis=1), axis=0).fillna(0)
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * max(1, len(shares))))
    left = np.zeros(len(shares))
    for cls in shares.columns:
        ax.barh(shares.index.astype(str), shares[cls], left=left, color=_CLASS_COLOURS[cls], label=cls)
        left += shares[cls].to_numpy()
    for y, total in enumerate(table.sum(axis=1)):
        ax.text(1.01, y, f"n={int(total)}", va="center", fontsize=8)
    if shares.empty:
        ax.text(0.5, 0.5, "no attribution verbs found", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the group's attribution verbs")
    if len(shares.columns):
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, fontsize=9)
    ax.set_title("How speech is attributed: neutral (said, told), other (stressed, declared), loaded (claimed, insisted)",
                 fontsize=10, pad=24)
    fig.tight_layout()
    return fig


@_literal
def share_of_voice(voices: pd.DataFrame, *, groups: list[str] | None = None, top: int = 8) -> plt.Figure:
    """Who is quoted: each group's ``top`` speakers by share of quoted words."""
    require_columns(voices, ("group", "speaker", "share", "quoted_words"), "plots.share_of_voice")
    return _faceted_bars(voices, label="speaker", value="share", note="quoted_words", rank="quoted_words",
                         groups=groups, top=top, colour="tab:purple", empty="no direct quotations found",
                         xlabel="share of quoted words",
                         title="Share of voice: who each group quotes (number = quoted words)")


@_literal
def sentiment_arc(scored: pd.DataFrame, *, labels: pd.Series | None = None, groups: list[str] | None = None,
                  max_articles: int = 6, bins: int = 10) -> plt.Figure:
    """Sentence sentiment through the article. With few articles, one line an article
    (sentence by sentence); with more, each group's mean compound by position in the article
    (tenths), so a user sees whether outlets open or close darker."""
    require_columns(scored, ("article_id", "sentence_id", "compound"), "plots.sentiment_arc")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ids = list(dict.fromkeys(scored["article_id"]))
    label = (lambda a: f"{labels.get(a, a)} ({a})") if labels is not None else str
    if len(ids) <= max_articles:
        for aid in ids:
            part = scored[scored["article_id"] == aid].sort_values("sentence_id")
            ax.plot(np.arange(1, len(part) + 1), part["compound"], marker="o", ms=3, lw=1.2, label=label(aid))
        ax.set_xlabel("sentence")
    else:
        frame = scored.copy()
        frame["position"] = frame.groupby("article_id")["sentence_id"].rank(pct=True, method="first")
        frame["bin"] = np.minimum((frame["position"] * bins).astype(int), bins - 1)
        group = labels.reindex(frame["article_id"]).to_numpy() if labels is not None else np.array(["all"] * len(frame))
        frame["group"] = group
        for g in (groups or list(dict.fromkeys(group))[:6]):
            part = frame[frame["group"] == g].groupby("bin")["compound"].mean()
            ax.plot((part.index + 0.5) / bins * 100, part.to_numpy(), marker="o", ms=3, lw=1.2, label=str(g))
        ax.set_xlabel("position in the article (%)")
    ax.axhline(0, color="#888", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("compound (VADER)")
    ax.set_title("Sentiment through the article (below 0: negative sentences)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


@_literal
def sentiment_distribution(scored: pd.DataFrame, *, by: pd.Series, groups: list[str] | None = None) -> plt.Figure:
    """Distribution of sentence compound scores by group (box and points), with the share of
    negative sentences in the label."""
    require_columns(scored, ("compound",), "plots.sentiment_distribution")
    labels = group_labels(pd.Series(by.to_numpy(), index=scored.index))
    order = [g for g in (groups or list(labels.value_counts().index[:20])) if (labels == g).any()]
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * max(1, len(order))))
    data = [scored.loc[labels == g, "compound"].to_numpy() for g in order]
    if order:
        ax.boxplot(data, orientation="horizontal", widths=0.6, showfliers=False)
        for y, values in enumerate(data, start=1):
            shown = values[:: max(1, len(values) // MAX_POINTS)]  # a readable number of points
            jitter = (np.arange(len(shown)) % 7 - 3) * 0.04
            ax.scatter(shown, y + jitter, s=8, alpha=0.35, color="tab:gray", zorder=3)
        ax.set_yticks(range(1, len(order) + 1),
                      [f"{g} ({float((d <= -0.05).mean()):.0%} negative)" for g, d in zip(order, data)])
    else:
        ax.text(0.5, 0.5, "no sentences", ha="center", va="center", transform=ax.transAxes)
    ax.axvline(0, color="#888", lw=0.8)
    ax.set_xlabel("sentence compound score (-1 most negative, +1 most positive)")
    ax.set_title("How dark each group's sentences are")
    fig.tight_layout()
    return fig


@_literal
def actor_heatmap(actors: pd.DataFrame, *, groups: list[str] | None = None, top: int = 10) -> plt.Figure:
    """Mean sentiment toward each actor (columns) in each group (rows), from the scores of
    its mentions (:func:`toolkit.actor_sentiment`); each cell gives the number of mentions."""
    require_columns(actors, ("group", "actor", "mean_score", "n_mentions"), "plots.actor_heatmap")
    if actors.empty:
        return _empty_figure("no actor of the actor table is mentioned")
    keep = actors.groupby("actor")["n_mentions"].sum().astype(float).nlargest(top).index.tolist()
    table = actors[actors["actor"].isin(keep)]
    values = table.pivot(index="group", columns="actor", values="mean_score")
    counts = table.pivot(index="group", columns="actor", values="n_mentions")
    if groups is not None:
        values = values.reindex([g for g in groups if g in values.index])
        counts = counts.reindex(values.index)
    values, counts = values.reindex(columns=keep), counts.reindex(columns=keep)
    fig, ax = plt.subplots(figsize=(max(5.5, 1.2 + 0.9 * len(keep)), 1.4 + 0.5 * max(1, len(values))))
    if values.size:
        shown = values.to_numpy(dtype=float)
        few = np.nan_to_num(counts.to_numpy(dtype=float)) < MIN_CELL_MENTIONS
        colours = plt.get_cmap("RdBu").with_extremes(bad="#eeeeee")  # grey: too few mentions to colour, or none
        image = ax.imshow(np.where(few, np.nan, shown), cmap=colours, vmin=-0.6, vmax=0.6, aspect="auto")
        for (i, j), v in np.ndenumerate(shown):
            if np.isfinite(v):
                ax.text(j, i, f"{v:+.2f}\nn={int(counts.iat[i, j])}", ha="center", va="center", fontsize=7,
                        color="#888" if few[i, j] else "black")
        ax.set_xticks(range(len(keep)), keep, rotation=30, ha="right")
        ax.set_yticks(range(len(values)), values.index)
        fig.colorbar(image, ax=ax, label="mean sentiment toward the actor", shrink=0.8)
    else:
        ax.text(0.5, 0.5, "no actor mentioned", ha="center", va="center", transform=ax.transAxes)
    ax.set_title(f"Sentiment toward each actor, mentions scored one by one\n(grey: fewer than {MIN_CELL_MENTIONS} "
                 "mentions, too few to colour)", fontsize=9)
    fig.tight_layout()
    return fig


@_literal
def frame_shares(frames: pd.DataFrame, *, groups: list[str] | None = None) -> plt.Figure:
    """Share of each group's sentences carrying each generic frame (lexicon indicator)."""
    require_columns(frames, ("group", "frame", "share"), "plots.frame_shares")
    from .framing import FRAMES

    table = frames.pivot(index="group", columns="frame", values="share").fillna(0)
    if len(table):  # every frame, one no group's sentences carry too (its bars at zero)
        table = table.reindex(columns=[*FRAMES,
                                       *[f for f in table.columns if f not in FRAMES]], fill_value=0.0)
    if groups is not None:
        table = table.reindex([g for g in groups if g in table.index]).fillna(0)
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.5 * max(1, len(table))))
    height = 0.8 / max(1, len(table.columns))
    # the first frame at the top of each group's cluster (the axis runs downwards), as in the legend
    for k, frame in enumerate(table.columns):
        y = np.arange(len(table)) + k * height
        bars = ax.barh(y, table[frame], height=height, label=frame.replace("_", " "))
        zero = table[frame].to_numpy() == 0
        if zero.any():  # a zero is drawn as a short tick, not left out
            ax.scatter(np.zeros(int(zero.sum())), y[zero], marker="|", s=60, linewidths=2, zorder=3, clip_on=False,
                       color=bars.patches[0].get_facecolor())
    ax.set_yticks(np.arange(len(table)) + 0.4 - height / 2, table.index)
    ax.invert_yaxis()  # groups from the top, in the order given
    ax.set_xlim(left=-0.015 * max(float(table.to_numpy().max()) if table.size else 1.0, 0.01))  # ticks off the axis line
    if table.empty:
        ax.text(0.5, 0.5, "no frame indicators found", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("share of the group's sentences with an indicator of the frame (a tick: none)")
    ax.set_title("Generic news frames (indicator words; not a validated coding)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


@_literal
def coverage(table: pd.DataFrame, *, top_stories: int = 25, top_groups: int = 20,
             labels: pd.Series | None = None, story_labels: pd.Series | None = None) -> plt.Figure:
    """Which groups covered which story: a cell a story and group, dark where the group
    published on the story (the first to publish outlined); stories covered by most groups
    first. ``labels`` (group -> text) adds a label such as a bias rating to each column;
    ``story_labels`` (story -> text, such as its shared terms from
    :func:`toolkit.story_terms`) names each row by what the story is about."""
    require_columns(table, ("story", "group", "n_articles", "first", "n_groups"), "plots.coverage")
    stories = table.drop_duplicates("story").nlargest(top_stories, "n_groups", keep="first")["story"].tolist()
    part = table[table["story"].isin(stories)]
    groups = part.groupby("group")["story"].nunique().sort_values(ascending=False).head(top_groups).index.tolist()
    names = [f"{g} ({labels.get(g)})" if labels is not None and g in labels else str(g) for g in groups]
    names = [n if len(n) <= 32 else n[:31] + "…" for n in names]
    # the column labels run at 60 degrees below the grid: room for the longest, and for the title
    below = 0.06 * max((len(n) for n in names), default=0)
    fig, ax = plt.subplots(figsize=(max(4.5, 2 + 0.45 * len(groups)), 1.8 + below + 0.32 * max(1, len(stories))))
    if not stories or not groups:
        ax.text(0.5, 0.5, "no stories to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    grid = np.zeros((len(stories), len(groups)))
    for row in part.itertuples():
        if row.group in groups:
            i, j = stories.index(row.story), groups.index(row.group)
            grid[i, j] = row.n_articles
            if row.first:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="tab:red", lw=1.5))
    image = ax.imshow(np.minimum(grid, 3), cmap="Blues", vmin=0, vmax=3, aspect="auto")
    bar = fig.colorbar(image, ax=ax, ticks=[0, 1, 2, 3], shrink=0.6, pad=0.02)
    bar.ax.set_yticklabels(["0", "1", "2", "3+"], fontsize=8)
    bar.set_label("articles", fontsize=8)
    ax.set_xticks(range(len(groups)), names, rotation=60, ha="right", fontsize=8)
    rows = [f"{st}: {story_labels.get(st)}" if story_labels is not None and st in story_labels else str(st)
            for st in stories]
    ax.set_yticks(range(len(stories)), [r if len(r) <= 60 else r[:59] + "…" for r in rows], fontsize=8)
    ax.set_title("Coverage: who reported which story\n(red outline: first to publish; "
                 "several: a tie, such as reports of the same date)", fontsize=10)
    fig.tight_layout()
    return fig
