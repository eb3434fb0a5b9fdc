"""Figures: one function a figure, each taking a tidy table and returning the Figure.

Figures stay legible on corpora with dozens of groups: only the ``top`` largest groups are
drawn, sorted, and the title says how many were left out.
"""
from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd

from .segment import require_columns

__all__ = ["article_lengths"]

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
