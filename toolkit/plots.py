"""Figures: one function a figure, each taking a tidy table and returning the Figure.

Figures stay legible on corpora with dozens of groups: only the ``top`` largest groups are
drawn, sorted, and the title says how many were left out.
"""
from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .segment import require_columns

__all__ = ["article_lengths", "attribution_classes", "distinctive_terms", "readability_by_group", "sentence_lengths",
           "share_of_voice"]

_WORD = re.compile(r"\w+")


def _top_groups(values: pd.Series, top: int) -> tuple[list[str], int]:
    counts = values.value_counts()
    keep = list(counts.index[:top])
    return keep, max(0, len(counts) - len(keep))


def article_lengths(articles: pd.DataFrame, *, by: str = "outlet", top: int = 20) -> plt.Figure:
    """Box plot of article length in words for each group (the ``top`` groups by article
    count), sorted by median length; every article drawn as a point."""
    require_columns(articles, (by, "text"), "article_lengths")
    frame = pd.DataFrame({
        "group": articles[by].astype("object").where(articles[by].notna(), "(unknown)").astype(str),
        "words": articles["text"].fillna("").map(lambda t: len(_WORD.findall(t))),
    })
    keep, left_out = _top_groups(frame["group"], top)
    frame = frame[frame["group"].isin(keep)]
    order = frame.groupby("group")["words"].median().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * max(1, len(order))))
    data = [frame.loc[frame["group"] == g, "words"].to_numpy() for g in order]
    if order:
        ax.boxplot(data, vert=False, widths=0.6, showfliers=False)
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


def _group_labels(values: pd.Series) -> pd.Series:
    return values.astype("object").where(values.notna(), "(unknown)").astype(str)


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
    labels = _group_labels(frame[by])
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
    title = f"{measure.replace('_', ' ').capitalize()} by {by}: articles (dots), median and 95% interval (red)"
    if left_out:
        title += f"\nlargest {len(rows)} of {len(rows) + left_out} groups"
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def sentence_lengths(sentence_scores: pd.DataFrame, *, by: str = "outlet", top: int = 20, max_words: int = 80) -> plt.Figure:
    """Distribution of sentence length (words) by group: a box a group, sorted by median, with
    the share of sentences over 30 words in the label."""
    require_columns(sentence_scores, (by, "n_words"), "plots.sentence_lengths")
    frame = sentence_scores[sentence_scores["n_words"] > 0]
    labels = _group_labels(frame[by])
    keep, left_out = _top_groups(labels, top)
    frame, labels = frame[labels.isin(keep)], labels[labels.isin(keep)]
    order = frame.groupby(labels)["n_words"].median().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * max(1, len(order))))
    data = [frame.loc[labels == g, "n_words"].clip(upper=max_words).to_numpy() for g in order]
    if order:
        ax.boxplot(data, vert=False, widths=0.6, showfliers=True, flierprops={"markersize": 2, "alpha": 0.4})
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


def distinctive_terms(terms: pd.DataFrame, *, groups: list[str] | None = None, top: int = 10) -> plt.Figure:
    """The ``top`` terms of each group by z-score, one panel a group (at most the groups
    named, in that order; default: the first six)."""
    require_columns(terms, ("group", "term", "z", "count"), "plots.distinctive_terms")
    groups = list(groups) if groups is not None else list(dict.fromkeys(terms["group"]))[:6]
    groups = [g for g in groups if (terms["group"] == g).any()]
    if not groups:
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "no terms to compare (one group, or no words)", ha="center", va="center")
        ax.set_axis_off()
        return fig
    fig, axes = _facets(len(groups), height=0.32 * top + 1.2)
    for ax, g in zip(axes, groups):
        part = terms[terms["group"] == g].nlargest(top, "z").iloc[::-1]
        ax.barh(part["term"], part["z"], color="tab:blue")
        for y, (z, c) in enumerate(zip(part["z"], part["count"])):
            ax.text(z, y, f" {c}", va="center", fontsize=8, color="#444")
        ax.set_title(str(g), fontsize=10)
        ax.set_xlabel("z (log-odds / s.e.)")
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle("Distinctive terms: each group against the rest (number = times used)", fontsize=11)
    fig.tight_layout()
    return fig


_CLASS_COLOURS = {"neutral": "#9ecae1", "other": "#fdd0a2", "loaded": "#e6550d"}


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
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, fontsize=9)
    ax.set_title("How speech is attributed: neutral (said, told), other (stressed, declared), loaded (claimed, insisted)",
                 fontsize=10, pad=24)
    fig.tight_layout()
    return fig


def share_of_voice(voices: pd.DataFrame, *, groups: list[str] | None = None, top: int = 8) -> plt.Figure:
    """Who is quoted: each group's ``top`` speakers by share of quoted words."""
    require_columns(voices, ("group", "speaker", "share", "quoted_words"), "plots.share_of_voice")
    groups = list(groups) if groups is not None else list(dict.fromkeys(voices["group"]))[:6]
    groups = [g for g in groups if (voices["group"] == g).any()]
    if not groups:
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "no direct quotations found", ha="center", va="center")
        ax.set_axis_off()
        return fig
    fig, axes = _facets(len(groups), height=0.32 * top + 1.2)
    for ax, g in zip(axes, groups):
        part = voices[voices["group"] == g].nlargest(top, "quoted_words").iloc[::-1]
        ax.barh(part["speaker"], part["share"], color="tab:purple")
        for y, (share, words) in enumerate(zip(part["share"], part["quoted_words"])):
            ax.text(share, y, f" {words}", va="center", fontsize=8, color="#444")
        ax.set_xlim(0, 1)
        ax.set_title(str(g), fontsize=10)
        ax.set_xlabel("share of quoted words")
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle("Share of voice: who each group quotes (number = quoted words)", fontsize=11)
    fig.tight_layout()
    return fig
