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

__all__ = ["article_lengths", "readability_by_group", "sentence_lengths"]

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
