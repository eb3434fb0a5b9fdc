"""The term explorer: one self-contained HTML page (``explore.html`` of the report) where a
reader picks two groups, or one group against all the others, sees every frequent term
placed by how often each side uses it and coloured by its log-odds z, searches or clicks a
term and reads the sentences that use it, group by group, with the term marked.

The page works offline: its data (the terms, their counts in each group, the prior of the
log-odds and a sample of the sentences that use each term) is JSON inside the page, drawn
by a short script. The z it shows is :func:`toolkit.distinctive_terms`'s (Monroe, Colaresi &
Quinn 2008, with the corpus as the prior; for two groups the prior scaled to their size, as
``pairwise=True``), computed in the page for the pick; a test compares the two.
"""
from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import group_column, require_columns
from .terms import corpus_prior, term_counts

__all__ = ["CONTEXTS_PER_TERM", "MAX_TERMS", "Explorer", "explore", "explorer_data", "own_name_terms", "term_sentences",
           "write_explorer"]

MAX_TERMS = 1500  # terms in the page: the most frequent, and each group's most distinctive
DISTINCTIVE_PER_GROUP = 8  # of each group's distinctive terms, this many are always in the page
CONTEXTS_PER_TERM = 24  # sentences kept for each term, taken in turn from each group that uses it
TEMPLATE = Path(__file__).resolve().parent / "templates" / "explore.html"


def explorer_data(tokens: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                  distinctive: pd.DataFrame | None = None, max_terms: int = MAX_TERMS,
                  contexts: int = CONTEXTS_PER_TERM) -> dict:
    """What the explorer page holds, as plain lists and numbers (JSON-ready).

    Parameters
    ----------
    tokens, sentences, articles
        The tables of :func:`toolkit.analyze` and :func:`toolkit.load_corpus`.
    by
        The column whose values are the groups.
    distinctive
        The ``distinctive_terms`` table: each group's top terms are kept in the page
        however rare they are in the corpus.
    max_terms, contexts
        How many terms the page holds (the most used in the corpus, words and two-word
        phrases, stop words left out), and how many sentences for each.

    Returns
    -------
    dict
        ``groups`` (name, articles, words counted), ``terms`` (text), ``counts`` (for each
        term, pairs of group index and count), ``prior`` (each term's prior count ``a_w``),
        ``a0`` and ``total`` (the prior's and the corpus's total), ``articles`` (group index
        and title of each article a sentence comes from), ``sentences`` (article index and
        text), ``contexts`` (for each term, the indices of its sentences), ``per_term``,
        ``own`` (for each group, the indices of the terms that are its own name: see
        :func:`own_name_terms`) and ``by``.
    """
    require_columns(articles, ("article_id", by), "explorer_data")
    counts = term_counts(tokens, by=by, articles=articles)
    groups_of_articles = group_column(articles, by, None, "explorer_data")
    sizes = groups_of_articles.value_counts()
    pooled = counts.groupby("term", sort=True)["count"].sum()
    a_w_all, a_0, total = corpus_prior(counts)  # the prior distinctive_terms uses
    group_total = counts.groupby("group")["count"].sum()
    group_names = sorted(set(sizes.index) | set(group_total.index), key=lambda g: (-int(sizes.get(g, 0)), str(g)))
    group_index = {g: i for i, g in enumerate(group_names)}

    chosen: list[str] = []
    if distinctive is not None and len(distinctive):
        top = distinctive[distinctive["z"] > 0].groupby("group", sort=False).head(DISTINCTIVE_PER_GROUP)
        # each group's first, then each group's second … (a limit cuts every group alike)
        top = top.assign(rank=top.groupby("group", sort=False).cumcount()).sort_values("rank", kind="stable")
        chosen = [t for t in dict.fromkeys(top["term"].astype(str)) if t in pooled.index]
    frequent = pooled.sort_values(ascending=False, kind="stable").index.astype(str)
    chosen = chosen[:max_terms]
    taken = set(chosen)
    more = [t for t in frequent[:max_terms + len(chosen)] if t not in taken][:max_terms - len(chosen)]
    terms = [*chosen, *more]
    term_index = {t: i for i, t in enumerate(terms)}

    kept = counts[counts["term"].isin(term_index)]
    per_term: list[list[list[int]]] = [[] for _ in terms]
    for group, term, count in zip(kept["group"].tolist(), kept["term"].tolist(), kept["count"].tolist()):
        per_term[term_index[term]].append([group_index[group], int(count)])
    for pairs in per_term:
        pairs.sort()

    article_rows, sentence_rows, context_lists = _contexts(tokens, sentences, articles, by, terms, group_index,
                                                           contexts)
    own = own_name_terms(terms, articles, by=by)
    return {
        "by": by,
        "groups": [{"name": str(g), "articles": int(sizes.get(g, 0)), "words": int(group_total.get(g, 0))}
                   for g in group_names],
        "terms": terms,
        "counts": per_term,
        "prior": [float(a_w_all[t]) for t in terms],
        "a0": a_0,
        "total": total,
        "articles": article_rows,
        "sentences": sentence_rows,
        "contexts": context_lists,
        "per_term": contexts,
        "own": [sorted(own.get(g, ())) for g in group_names],
    }


def own_name_terms(terms: list[str], articles: pd.DataFrame, *, by: str = "outlet", groups: list | None = None,
                   forms: pd.DataFrame | None = None) -> dict[str, set[int]]:
    """For each group (of ``groups``, default all), which of ``terms`` are its own name
    (:func:`toolkit.own_names`, or the table of it given as ``forms``): a term equal to one of
    its forms, or holding a form that names it in itself as a run of its words ("cnn", "told
    cnn", "usa today"). A group's own name says who published, not how it reported: the
    explorer marks these terms."""
    from .outlets import own_names

    if not len(terms) or (forms is None and by not in articles):
        return {}
    forms = own_names(articles, by=by) if forms is None else forms
    if groups is not None:
        forms = forms[forms["group"].astype(str).isin({str(g) for g in groups})]
    at = {t: i for i, t in enumerate(terms)}
    holding: dict[str, list[int]] = {}  # a word -> the phrases (terms of several words) holding it
    for i, term in enumerate(terms):
        if " " in term:
            for word in set(term.split()):
                holding.setdefault(word, []).append(i)
    out: dict[str, set[int]] = {}
    for group, form, whole in forms[["group", "form", "whole"]].itertuples(index=False):
        found = out.setdefault(str(group), set())
        if form in at:
            found.add(at[form])
        if whole and form:
            padded = f" {form} "
            found.update(i for i in holding.get(form.split()[0], ()) if padded in f" {terms[i]} ")
    return out


def _contexts(tokens: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, by: str, terms: list[str],
              group_index: Mapping[str, int], per_term: int) -> tuple[list, list, list[list[int]]]:
    """Sentences that use each term: up to ``per_term``, taken in turn from each group that
    uses it (its first uses in article order), each sentence kept once."""
    require_columns(sentences, ("article_id", "sentence_id", "text"), "explorer_data")
    uses = _uses(tokens, {t: i for i, t in enumerate(terms)})
    group_of = articles.drop_duplicates("article_id").set_index("article_id")
    uses["group"] = group_column(uses, by, group_of.reset_index()[["article_id", by]], "explorer_data").map(
        group_index).to_numpy()
    # in turn from each group: the first use of each group, then the second of each …
    uses["turn"] = uses.groupby(["term", "group"], sort=False).cumcount()
    uses = uses[uses["turn"] < per_term].sort_values(["term", "turn", "group"], kind="stable")
    uses = uses.groupby("term", sort=False).head(per_term)

    uses = uses.reset_index(drop=True)
    kept = uses.drop_duplicates(["article_id", "sentence_id"])[["article_id", "sentence_id"]].reset_index(drop=True)
    kept["row"] = np.arange(len(kept))
    texts = kept.merge(sentences[["article_id", "sentence_id", "text"]].astype({"article_id": object}),
                       on=["article_id", "sentence_id"], how="left")
    article_names = list(dict.fromkeys(kept["article_id"].tolist()))
    article_at = {a: i for i, a in enumerate(article_names)}
    titles = group_of["title"] if "title" in group_of else pd.Series(dtype=object)
    groups = group_column(pd.DataFrame({"article_id": article_names}), by,
                          group_of.reset_index()[["article_id", by]], "explorer_data").map(group_index)
    article_rows = [[int(g), _plain(titles.get(a))] for a, g in zip(article_names, groups.tolist())]
    sentence_rows = [[article_at[a], _plain(t)] for a, t in zip(texts["article_id"].tolist(), texts["text"].tolist())]
    uses = uses.merge(kept, on=["article_id", "sentence_id"]).sort_values(["term", "turn", "group"], kind="stable")
    lists: list[list[int]] = [[] for _ in terms]
    for term, row in zip(uses["term"].tolist(), uses["row"].tolist()):
        lists[term].append(int(row))
    return article_rows, sentence_rows, lists


def _plain(value) -> str:
    return value if isinstance(value, str) else ""


def _script_json(data: dict) -> str:
    """JSON that can stand inside a <script> element: nothing in it can close the element or
    open a comment, whatever the articles say."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_explorer(path: str | os.PathLike[str], tokens: pd.DataFrame, sentences: pd.DataFrame,
                   articles: pd.DataFrame, *, by: str = "outlet", distinctive: pd.DataFrame | None = None,
                   title: str = "Term explorer", back: str | None = "index.html") -> Path:
    """Write the explorer page for these tables to ``path`` (see :func:`explorer_data`);
    ``back`` is the link to the report's index (None: no link). Returns the path."""
    data = explorer_data(tokens, sentences, articles, by=by, distinctive=distinctive)
    page = TEMPLATE.read_text(encoding="utf-8")
    nav = f'<a href="{html.escape(back, quote=True)}">&larr; Report index</a>' if back else ""
    page = page.replace("{{TITLE}}", html.escape(title)).replace("{{NAV}}", nav) \
        .replace("{{DATA}}", _script_json(data))
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target


# --- in JupyterLab: the explorer as widgets ---------------------------------------------------

VIEWS = ("terms", "sentiment", "framing", "readability", "alignment")
ALL_OTHERS = "(all the others)"
ALL_STORIES = "(every story)"
SHOWN_ROWS = 12  # rows of each view's table
MAX_GROUPING_VALUES = 60  # a column with more distinct values is not offered for grouping
MAX_PLOTTED = 4000  # terms drawn in the term plot: the most used, and all beyond chance
MIN_TERM_USES = 2  # a term the two sides use once between them is left out of the pick (half the terms; z near 0)


def term_sentences(tokens: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, term: str, *,
                   by: str = "outlet") -> pd.DataFrame:
    """Every sentence that uses ``term`` (a word, or two words, in lower case as the tokens'
    ``lower``): ``group``, ``article_id``, ``title``, ``sentence_id`` and ``text``, in article
    order."""
    uses = _uses(tokens, {term: 0})
    columns = ["group", "article_id", "title", "sentence_id", "text"]
    if uses.empty:
        return pd.DataFrame(columns=columns)
    found = uses.merge(sentences[["article_id", "sentence_id", "text"]].astype({"article_id": object}),
                       on=["article_id", "sentence_id"])
    info = articles.drop_duplicates("article_id")
    found["group"] = group_column(found, by, info[["article_id", by]], "term_sentences").to_numpy()
    titles = info.set_index("article_id")["title"] if "title" in info else pd.Series(dtype=object)
    found["title"] = [_plain(titles.get(a)) for a in found["article_id"]]
    return found[columns].reset_index(drop=True)


def _uses(tokens: pd.DataFrame, wanted: Mapping[str, int]) -> pd.DataFrame:
    """Where the tokens use the terms of ``wanted`` (term -> index): ``term`` (the index),
    ``article_id``, ``sentence_id`` and ``order`` (the token's row), one row a sentence and
    term, in token order."""
    lower = tokens["lower"].astype(object).to_numpy()
    word = tokens["is_word"].to_numpy(dtype=bool)
    article = tokens["article_id"].astype(object).to_numpy()
    sentence = tokens["sentence_id"].to_numpy(dtype=np.int64)
    position = tokens["token_id"].to_numpy(dtype=np.int64)
    found = []
    single = pd.Series(lower).isin(wanted).to_numpy() & word
    found.append(pd.DataFrame({"term": pd.Series(lower[single]).map(wanted).to_numpy(),
                               "article_id": article[single], "sentence_id": sentence[single],
                               "order": np.flatnonzero(single)}))
    phrases = [t.split(" ") for t in wanted if " " in t]
    if len(lower) > 1 and phrases:
        # adjacent words of one sentence whose first and second words begin and end a wanted phrase
        firsts, seconds = {p[0] for p in phrases}, {p[-1] for p in phrases}
        adjacent = ((article[1:] == article[:-1]) & (sentence[1:] == sentence[:-1])
                    & (position[1:] == position[:-1] + 1) & word[1:] & word[:-1]
                    & pd.Series(lower[:-1]).isin(firsts).to_numpy() & pd.Series(lower[1:]).isin(seconds).to_numpy())
        at = np.flatnonzero(adjacent)
        pairs = pd.Series([f"{a} {b}" for a, b in zip(lower[at].tolist(), lower[at + 1].tolist())], dtype=object)
        hit = pairs.isin(wanted).to_numpy()
        found.append(pd.DataFrame({"term": pairs[hit].map(wanted).to_numpy(), "article_id": article[at[hit]],
                                   "sentence_id": sentence[at[hit]], "order": at[hit]}))
    uses = pd.concat(found, ignore_index=True).sort_values("order", kind="stable")
    return uses.drop_duplicates(["term", "article_id", "sentence_id"]).reset_index(drop=True)


def _marked(text: str, term: str) -> str:
    """``text`` as escaped HTML with each use of ``term`` (its words, any case) in <mark>."""
    import re

    words = [re.escape(w).replace("'", "['’‘]") for w in term.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    out, at = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[at:m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def _table_html(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p><i>nothing to show for this pick</i></p>"
    return table.to_html(index=False, escape=True, border=0, float_format=lambda v: f"{v:.3f}")


class Explorer:
    """The explorer in JupyterLab (see :func:`explore`): widgets that pick the grouping, two
    groups or one against the rest, and a story, and views that follow the pick. The views'
    tables are in :attr:`tables` (``terms``, ``contexts``, ``sentiment``, ``framing``,
    ``readability``, ``alignment``); :meth:`set` changes the pick from code."""

    def __init__(self, articles: pd.DataFrame, analysis: Mapping[str, pd.DataFrame] | None = None, *,
                 by: str = "outlet", view: str = "terms", cache: str | os.PathLike | None = None) -> None:
        import ipywidgets as widgets

        if view not in VIEWS:
            raise ValueError(f"explore: view must be one of {', '.join(VIEWS)}")
        require_columns(articles, ("article_id", "text", by), "explore")
        from .pipeline import analyze

        self.articles = articles
        self.analysis = analysis if analysis is not None else analyze(articles, by=by, cache=cache, progress=False)
        self._cache = cache
        self._stories: pd.Series | None = None
        self._counts: dict[tuple[str, str | None], pd.DataFrame] = {}
        self._own: dict[tuple[str, str | None], dict[str, set[str]]] = {}  # each group's own-name terms
        self.tables: dict[str, pd.DataFrame] = {}
        self.figure = None
        groupings = [by] + [c for c in articles.columns if c != by and c not in ("article_id", "text", "title", "url",
                                                                                 "source", "removed", "removed_rule")
                            and articles[c].dtype == object and 2 <= articles[c].nunique() <= MAX_GROUPING_VALUES]
        self.by = widgets.Dropdown(options=groupings, value=by, description="group by")
        self.a = widgets.Dropdown(description="compare")
        self.b = widgets.Dropdown(description="with")
        self.story = widgets.Dropdown(options=[ALL_STORIES], value=ALL_STORIES, description="story",
                                      layout=widgets.Layout(width="40em"))
        self.term = widgets.Combobox(placeholder="type or pick a term", description="term", ensure_option=False)
        self.view = widgets.ToggleButtons(options=list(VIEWS), value=view)
        self.plot = widgets.Output()
        self.output = widgets.HTML()
        self._busy = False
        self._fill_groups()
        for control in (self.a, self.b, self.story, self.view):
            control.observe(lambda _: self.refresh(), names="value")
        self.by.observe(lambda _: (self._fill_groups(), self.refresh()), names="value")
        self.term.observe(lambda _: self.refresh(), names="value")
        self.box = widgets.VBox([widgets.HBox([self.by, self.a, self.b]), widgets.HBox([self.story, self.term]),
                                 self.view, self.plot, self.output])
        self.refresh()

    # -- the pick --------------------------------------------------------------------------

    def set(self, **values) -> Explorer:
        """Change the pick (``by``, ``a``, ``b``: a group or None for all the others, ``story``:
        a story id or None, ``term``, ``view``) and recompute the views once."""
        self._busy = True
        try:
            if "by" in values:
                self.by.value = values.pop("by")
                self._fill_groups()
            if "story" in values:
                story = values.pop("story")
                self._story_options()
                known = [value for _, value in self.story.options]
                if story is not None and story not in known:
                    raise ValueError(f"explore: no story {story!r} reported by two groups")
                self.story.value = ALL_STORIES if story is None else story
            if "b" in values:
                b = values.pop("b")
                self.b.value = ALL_OTHERS if b is None else b
            for name, value in values.items():
                if name not in ("a", "term", "view"):
                    raise TypeError(f"explore: no option {name!r}")
                getattr(self, name).value = value
        finally:
            self._busy = False
        self.refresh()
        return self

    def _groups(self) -> pd.Series:
        return group_column(self.articles, self.by.value, None, "explore")

    def _fill_groups(self) -> None:
        sizes = self._groups().value_counts()
        names = [str(g) for g in sizes.index]
        labels = [(f"{g} ({n})", g) for g, n in zip(names, sizes.tolist())]
        busy, self._busy = self._busy, True
        self.a.options = labels
        self.a.value = names[0] if names else None
        self.b.options = [(ALL_OTHERS, ALL_OTHERS)] + labels
        self.b.value = ALL_OTHERS
        self._busy = busy

    def _story_options(self) -> None:
        if len(self.story.options) > 1 or self._stories is not None:
            return
        from .stories import match_stories

        table = self.articles if "story" in self.articles and self.articles["story"].notna().all() \
            else match_stories(self.articles, cache=self._cache)
        self._stories = table.set_index("article_id")["story"]
        groups = self._groups().set_axis(self.articles["article_id"])
        spread = pd.DataFrame({"story": self._stories, "group": groups.reindex(self._stories.index)})
        n_groups = spread.groupby("story")["group"].nunique()
        shared = n_groups[n_groups >= 2].sort_values(ascending=False, kind="stable").head(100)
        titles = self.articles.set_index("article_id")["title"] if "title" in self.articles else pd.Series(dtype=object)
        labels = [(ALL_STORIES, ALL_STORIES)]
        for story, n in shared.items():
            first = next((_plain(titles.get(a)) for a in self._stories.index[self._stories == story]), "")
            labels.append((f"{story}: {first[:70]} ({n} groups)", story))
        busy, self._busy = self._busy, True
        self.story.options = labels
        self.story.value = ALL_STORIES
        self._busy = busy

    def _picked(self) -> pd.DataFrame:
        """The articles of the pick's story (all of them for every story)."""
        if self.story.value in (None, ALL_STORIES) or self._stories is None:
            return self.articles
        ids = set(self._stories.index[self._stories == self.story.value])
        return self.articles[self.articles["article_id"].isin(ids)]

    def _side(self, articles: pd.DataFrame, side: str) -> pd.DataFrame:
        groups = group_column(articles, self.by.value, None, "explore")
        if side == "a":
            return articles[(groups == self.a.value).to_numpy()]
        if self.b.value == ALL_OTHERS:
            return articles[(groups != self.a.value).to_numpy()]
        return articles[(groups == self.b.value).to_numpy()]

    def _rows(self, name: str, articles: pd.DataFrame) -> pd.DataFrame:
        table = self.analysis[name]
        ids = set(articles["article_id"])
        return table[table["article_id"].astype(object).isin(ids)]

    # -- the views ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the view of the current pick (called when a widget changes)."""
        if self._busy or self.a.value is None:
            return
        if self.story.value == ALL_STORIES and self.view.value == "alignment":
            self._story_options()
        picked = self._picked()
        self._terms(picked)
        view = self.view.value
        body = self._term_contexts(picked) + (self._terms_view() if view == "terms" else getattr(self, f"_{view}")(picked))
        name = html.escape(self.a.value)
        other = html.escape("all the others" if self.b.value == ALL_OTHERS else self.b.value)
        self.output.value = f"<h4>{html.escape(view)}: {name} against {other}</h4>{body}"

    def _terms(self, picked: pd.DataFrame) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        from .terms import compare_groups

        key = (self.by.value, None if self.story.value == ALL_STORIES else self.story.value)
        if key not in self._counts:
            tokens = self._rows("tokens", picked)
            counts = term_counts(tokens, by=self.by.value, articles=picked)
            # categories: each pick compares the same counts, coded once
            self._counts[key] = counts.astype({"group": "category", "term": "category"})
        counts = self._counts[key]
        b = None if self.b.value == ALL_OTHERS else self.b.value
        present = set(counts["group"].cat.categories[np.unique(counts["group"].cat.codes)])
        if self.a.value not in present or (b is not None and b not in present):
            scores = pd.DataFrame(columns=["term", "n", "count_a", "count_b", "rate_a", "rate_b", "log_odds", "z",
                                           "own_name"])
        else:
            scores = compare_groups(counts, self.a.value, b, min_count=MIN_TERM_USES)
            if key not in self._own:  # each group's own-name terms, found once for the pick's counts
                terms = counts["term"].cat.categories.tolist()
                found = own_name_terms(terms, picked, by=self.by.value)
                self._own[key] = {g: {terms[i] for i in at} for g, at in found.items()}
            own = self._own[key]
            mine = own.get(self.a.value, set()) | (own.get(b, set()) if b is not None else set())
            scores = scores.assign(own_name=scores["term"].isin(mine).to_numpy())
        self.tables["terms"] = scores
        self.term.options = tuple(scores["term"].head(40)) + tuple(scores["term"].tail(40)[::-1])
        self.plot.clear_output(wait=True)
        with self.plot:
            self.figure = _term_plot(scores, self.a.value, "all the others" if b is None else b, self.term.value)
            display(self.figure)
        plt.close(self.figure)  # (shown in the explorer, not again below the cell)

    def _term_contexts(self, picked: pd.DataFrame) -> str:
        term = (self.term.value or "").strip().lower()
        if not term:
            self.tables["contexts"] = pd.DataFrame(columns=["group", "article_id", "title", "sentence_id", "text"])
            return "<p>Type or pick a term to read the sentences that use it.</p>"
        found = term_sentences(self._rows("tokens", picked), self._rows("sentences", picked), picked, term,
                               by=self.by.value)
        self.tables["contexts"] = found
        if found.empty:
            return f"<p>No sentence of this pick uses “{html.escape(term)}”.</p>"
        parts = [f"<p>“{html.escape(term)}”: {len(found)} sentences</p>"]
        order = found["group"].value_counts().index
        for group in order:
            rows = found[found["group"] == group]
            parts.append(f"<h5>{html.escape(str(group))}: {len(rows)} sentences</h5><ul>")
            parts += [f"<li>{_marked(t, term)} <small>{html.escape(title)}</small></li>"
                      for t, title in zip(rows["text"].head(SHOWN_ROWS), rows["title"].head(SHOWN_ROWS))]
            parts.append("</ul>")
        return "".join(parts)

    def _terms_view(self) -> str:
        scores = self.tables["terms"]
        columns = ["term", "count_a", "count_b", "z", "own_name"]
        top = scores.head(SHOWN_ROWS)[columns]
        bottom = scores.tail(SHOWN_ROWS).iloc[::-1][columns]
        return (f"<div style='display:flex;gap:2em'><div><b>more used by {html.escape(self.a.value)}</b>"
                f"{_table_html(top)}</div><div><b>more used by the other side</b>{_table_html(bottom)}</div></div>")

    def _sentiment(self, picked: pd.DataFrame) -> str:
        from .framing import sentiment_words

        side = self._side(picked, "a")
        scored = self._rows("sentiment", side).merge(
            self._rows("sentences", side)[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
        darkest = scored.nsmallest(SHOWN_ROWS, "compound")
        words = sentiment_words(darkest)
        negative = words[words["valence"] < 0]
        why = negative.groupby(["article_id", "sentence_id"])["word"].agg(", ".join)
        darkest = darkest.assign(words=[why.get((a, s), "") for a, s in zip(darkest["article_id"], darkest["sentence_id"])])
        self.tables["sentiment"] = darkest[["article_id", "sentence_id", "compound", "words", "text"]].reset_index(drop=True)
        return "<p>Its darkest sentences, and the words that made them dark:</p>" + \
            _table_html(self.tables["sentiment"][["compound", "words", "text"]])

    def _framing(self, picked: pd.DataFrame) -> str:
        side = self._side(picked, "a")
        loaded = self._rows("loaded_language", side)
        if "loaded" in loaded:
            loaded = loaded[loaded["loaded"].astype(bool)]
        texts = self._rows("sentences", side)[["article_id", "sentence_id", "text"]]
        rows = loaded.merge(texts, on=["article_id", "sentence_id"])
        common = rows["word"].str.lower().value_counts()
        rows = rows.assign(uses=rows["word"].str.lower().map(common)).sort_values(["uses", "word"], ascending=[False, True],
                                                                                 kind="stable")
        self.tables["framing"] = rows[["word", "category", "uses", "article_id", "sentence_id", "text"]] \
            .drop_duplicates(["word"]).head(SHOWN_ROWS).reset_index(drop=True)
        items = "".join(f"<li><b>{html.escape(w)}</b> ({c}, {n} uses): {_marked(t, w.lower())}</li>"
                        for w, c, n, t in self.tables["framing"][["word", "category", "uses", "text"]]
                        .itertuples(index=False))
        return "<p>Its loaded words (not quoted, not hedged), each in context:</p>" + \
            (f"<ul>{items}</ul>" if items else "<p><i>none</i></p>")

    def _readability(self, picked: pd.DataFrame) -> str:
        from .reading_level import sentence_readability

        side = self._side(picked, "a")
        sentences = self._rows("sentences", side)
        graded = sentence_readability(sentences).merge(sentences[["article_id", "sentence_id", "text"]],
                                                      on=["article_id", "sentence_id"])
        hardest = graded.dropna(subset=["flesch_kincaid_grade"]).nlargest(SHOWN_ROWS, "flesch_kincaid_grade")
        self.tables["readability"] = hardest[["article_id", "sentence_id", "flesch_kincaid_grade", "n_words",
                                              "text"]].reset_index(drop=True)
        return "<p>Its hardest sentences (Flesch-Kincaid grade of the sentence alone):</p>" + \
            _table_html(self.tables["readability"][["flesch_kincaid_grade", "n_words", "text"]])

    def _alignment(self, picked: pd.DataFrame) -> str:
        from .alignment import align_sentences, alignment_html

        if self.story.value == ALL_STORIES:
            self.tables["alignment"] = pd.DataFrame()
            return "<p>Pick a story that both sides reported to align their reports sentence by sentence.</p>"
        a, b = self._side(picked, "a"), self._side(picked, "b")
        if a.empty or b.empty:
            self.tables["alignment"] = pd.DataFrame()
            return "<p>Only one side reported this story: nothing to align.</p>"
        ids = [a["article_id"].iloc[0], b["article_id"].iloc[0]]
        sentences = self._rows("sentences", picked)
        self.tables["alignment"] = align_sentences(sentences, *ids)
        labels = [str(group_column(x.head(1), self.by.value, None, "explore").iloc[0]) for x in (a, b)]
        return alignment_html(self.tables["alignment"], a_label=labels[0], b_label=labels[1])

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/plain"] = ("(In JupyterLab this cell shows the explorer: pick two groups or one against the "
                                "rest, a story and a term. In the report, explore.html holds the term explorer.)")
        return bundle


def _term_plot(scores: pd.DataFrame, a: str, b: str, chosen: str | None):
    """Each term placed by its uses per 10,000 terms on each side, coloured by z (terms and
    names drawn as written, :func:`toolkit.plots.drawn_literally`)."""
    from .plots import drawn_literally

    return drawn_literally(_draw_term_plot, scores, a, b, chosen)


def _draw_term_plot(scores: pd.DataFrame, a: str, b: str, chosen: str | None):
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm

    fig, ax = plt.subplots(figsize=(7, 6))
    if scores.empty:
        ax.text(0.5, 0.5, "no terms to compare for this pick", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    if len(scores) > MAX_PLOTTED:  # the most used terms, and every term beyond chance
        used = (scores["count_a"] + scores["count_b"]).to_numpy()
        keep = used >= np.sort(used)[-MAX_PLOTTED]
        scores = scores[keep | (scores["z"].abs() >= 2).to_numpy()].reset_index(drop=True)
    floor = 0.05
    x = np.maximum(scores["rate_a"].to_numpy(dtype=float), floor)
    y = np.maximum(scores["rate_b"].to_numpy(dtype=float), floor)
    z = scores["z"].to_numpy(dtype=float)
    cmap = LinearSegmentedColormap.from_list("sides", ["#2c7bb6", "#d9d9d9", "#d95f02"])
    order = np.argsort(np.abs(z))
    points = ax.scatter(x[order], y[order], c=z[order], cmap=cmap, norm=TwoSlopeNorm(0, -6, 6), s=12, lw=0)
    top = max(x.max(), y.max()) * 1.3
    ax.plot([floor, top], [floor, top], color="#bbb", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(floor * 0.8, top)
    ax.set_ylim(floor * 0.8, top)
    for i in [*range(min(8, len(z))), *range(max(0, len(z) - 8), len(z))]:
        if abs(z[i]) >= 2:
            ax.annotate(str(scores["term"].iloc[i]), (x[i], y[i]), fontsize=8, xytext=(3, 3),
                        textcoords="offset points")
    if chosen and chosen in set(scores["term"]):
        i = int(np.flatnonzero(scores["term"].to_numpy() == chosen)[0])
        ax.scatter([x[i]], [y[i]], s=80, facecolors="none", edgecolors="black", lw=1.5)
    ax.set_xlabel(f"uses per 10,000 terms: {a}")
    ax.set_ylabel(f"uses per 10,000 terms: {b}")
    fig.colorbar(points, ax=ax, label="z: blue, more used by the second side; orange, by the first")
    fig.subplots_adjust(left=0.12, right=0.98, bottom=0.1, top=0.97)  # (fixed: a layout pass costs half a second)
    return fig


class _Elsewhere:
    """What stands for the explorer where nobody can use it (a page of the report)."""

    def __init__(self, view: str) -> None:
        self.view = view

    def _repr_html_(self) -> str:
        return (f"<p><i>In JupyterLab this cell opens the explorer on its {html.escape(self.view)} view: pick two "
                "groups, or one against the rest, a story and a term. In the report, "
                "<a href='explore.html'>explore.html</a> holds the term explorer.</i></p>")

    def __repr__(self) -> str:
        return f"(the explorer, {self.view} view: open this notebook in JupyterLab)"


def explore(articles: pd.DataFrame, analysis: Mapping[str, pd.DataFrame] | None = None, *, by: str = "outlet",
            view: str = "terms", cache: str | os.PathLike | None = None, show: bool = True) -> Explorer | _Elsewhere:
    """The explorer, in JupyterLab: pick the grouping column, a group and another (or all the
    others) and optionally a story; a term plot (each term placed by how often each side uses
    it, coloured by its log-odds z) and a term to read in every sentence that uses it, group
    by group; and a view of the pick: ``"terms"``, ``"sentiment"`` (the first side's darkest
    sentences and the words that made them dark), ``"framing"`` (its loaded words in
    context), ``"readability"`` (its hardest sentences) or ``"alignment"`` (two reports of
    the story, sentence by sentence). ``analysis``: the tables of :func:`toolkit.analyze`
    (computed when not given). ``show=False`` (the report's pages, where nobody can pick)
    computes nothing and shows where the explorer is instead."""
    if not show:
        if view not in VIEWS:
            raise ValueError(f"explore: view must be one of {', '.join(VIEWS)}")
        return _Elsewhere(view)
    return Explorer(articles, analysis, by=by, view=view, cache=cache)
