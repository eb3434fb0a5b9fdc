"""What a corpus holds: per-group counts and what cleaning removed."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .cleaning import rule_family
from .schema import group_column, require_columns, word_counts

__all__ = ["corpus_summary", "group_column", "join_articles", "largest_groups", "readable_articles", "removed_lines"]

def corpus_summary(articles: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """One row a group: how many articles, how long, over which dates, how much was removed.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n_articles``, ``n_words`` (total), ``median_words``, ``first_published``,
        ``last_published``, ``n_removed_lines``; sorted by ``n_articles``, largest first.
        Articles whose ``by`` value is missing are counted under ``"(unknown)"``.
    """
    require_columns(articles, (by, "text"), "corpus_summary")
    words = word_counts(articles["text"])
    published = articles["published"] if "published" in articles else pd.Series(pd.NaT, index=articles.index)
    removed = articles["removed"].map(lambda r: len(r) if isinstance(r, (list, tuple, np.ndarray)) else 0) \
        if "removed" in articles else pd.Series(0, index=articles.index)
    frame = pd.DataFrame({
        "group": group_column(articles, by, None, "corpus_summary"),
        "n_words": words, "published": published, "removed": removed,
    })
    out = frame.groupby("group", sort=False).agg(
        n_articles=("n_words", "size"), n_words=("n_words", "sum"), median_words=("n_words", "median"),
        first_published=("published", "min"), last_published=("published", "max"),
        n_removed_lines=("removed", "sum"),
    ).reset_index()
    return out.sort_values(["n_articles", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)


def removed_lines(articles: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Every line cleaning took out of an article, one row a line.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``group`` (the ``by`` column), ``n`` (0, 1, … within the article),
        ``line``, ``rule`` (why it was removed; missing for tables loaded without rules) and
        ``family`` (the rule without the counts and names of a rule of repetition).
    """
    require_columns(articles, ("article_id", "removed"), "removed_lines")
    groups = articles[by] if by in articles else pd.Series(pd.NA, index=articles.index)
    rules = articles["removed_rule"] if "removed_rule" in articles else pd.Series(None, index=articles.index)
    rows = []
    for aid, group, lines, why in zip(articles["article_id"], groups, articles["removed"], rules):
        if not isinstance(lines, (list, tuple, np.ndarray)):
            continue
        why = list(why) if isinstance(why, (list, tuple, np.ndarray)) and len(why) == len(lines) else [None] * len(lines)
        rows.extend((aid, group, n, line, rule) for n, (line, rule) in enumerate(zip(lines, why)))
    out = pd.DataFrame(rows, columns=["article_id", "group", "n", "line", "rule"])
    out["family"] = [rule_family(r) if isinstance(r, str) else None for r in out["rule"]]
    return out


def join_articles(table: pd.DataFrame, articles: pd.DataFrame, columns: str | list[str] = "outlet") -> pd.DataFrame:
    """``table`` with columns of ``articles`` joined by ``article_id`` (a new table; missing
    values where an article is unknown). Columns ``table`` already has are left as they are."""
    columns = [columns] if isinstance(columns, str) else list(columns)
    require_columns(table, ("article_id",), "join_articles")
    require_columns(articles, ["article_id", *columns], "join_articles")
    wanted = [c for c in columns if c not in table.columns]
    lookup = articles[["article_id", *wanted]].drop_duplicates("article_id")
    return table.merge(lookup, on="article_id", how="left", validate="many_to_one")


def readable_articles(table: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                      title_chars: int = 70) -> pd.DataFrame:
    """``table`` for reading (a new table): each row's article named by its group and its
    title (cut at ``title_chars``) in the first two columns and its ``article_id`` moved to the
    last; a column holding lists of article ids (such as ``found_in``) given as the groups of
    those articles, each once. The rows and the other columns are as they were."""
    require_columns(table, ("article_id",), "readable_articles")
    require_columns(articles, ("article_id", by), "readable_articles")
    info = articles.drop_duplicates("article_id").set_index("article_id")
    group_of = pd.Series(group_column(info.reset_index(), by, None, "readable_articles").to_numpy(), index=info.index)
    out = table.copy()
    if by not in out.columns:
        out[by] = out["article_id"].map(group_of).to_numpy()
    titles = info["title"] if "title" in info else pd.Series(dtype=object)
    out["title"] = [(t if len(t) <= title_chars else t[:title_chars - 1] + "…") if isinstance(t, str) else ""
                    for t in out["article_id"].map(titles)]
    for column in out.columns:
        values = out[column]
        if values.dtype == object and len(values) and values.map(lambda v: isinstance(v, (list, tuple))).all():
            out[column] = [", ".join(dict.fromkeys(str(group_of.get(a, a)) for a in ids)) for ids in values]
    middle = [c for c in out.columns if c not in (by, "title", "article_id")]
    return out[[by, "title", *middle, "article_id"]].reset_index(drop=True)


def largest_groups(articles: pd.DataFrame, *, by: str = "outlet", n: int = 6) -> list[str]:
    """The ``n`` groups with the most articles, largest first (for faceted figures)."""
    require_columns(articles, (by,), "largest_groups")
    counts = group_column(articles, by, None, "largest_groups").value_counts()
    return sorted(counts.index, key=lambda g: (-counts[g], g))[:n]


def shown_groups(articles: pd.DataFrame, groups: list[str], *, by: str = "outlet") -> str:
    """What subset of the groups a figure shows, in words computed from the articles:
    "the largest 6 of 143 groups by outlet (CNN (Web News) 143 articles … Reuters 48)"."""
    require_columns(articles, (by,), "shown_groups")
    counts = group_column(articles, by, None, "shown_groups").value_counts()
    total = len(counts)
    listed = ", ".join(f"{g} ({int(counts.get(g, 0))})" for g in groups)
    if len(groups) >= total:
        return f"all {total} groups by {by}, with their articles: {listed}"
    return f"the largest {len(groups)} of {total} groups by {by}, with their articles: {listed}"
