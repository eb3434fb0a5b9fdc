"""An analysis as :func:`toolkit.analyze` runs it: a :class:`Step`.

The engine cuts a corpus into chunks of articles. For each chunk it runs every step's
``article`` function (the per-article tables: one row a sentence, a mention, a quotation …),
then every step's ``partial`` function (what the corpus-level table needs of the chunk,
grouped by the column compared, in counts or rows that add up over chunks), and once all
chunks are done, every step's ``combine`` function on the partials of all chunks put
together (the corpus-level tables: one row a group and term, a group and speaker …). The
per-article tables and the partials of a chunk are cached; a re-run with another grouping
recomputes only the partials.

An analysis module declares its step next to its functions; ``toolkit.pipeline.STEPS`` lists
them, in the order they run (a step reads the per-article tables of the steps before it).
Adding an analysis is a step in its module and a line in that list.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import group_codes

__all__ = ["Step", "group_of", "sentence_step"]

Tables = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Step:
    """One analysis, for the engine.

    Attributes
    ----------
    name
        What the step is called in messages.
    makes, article
        The per-article tables the step adds, and ``article(chunk, tables) -> {name: table}``
        that makes them from the chunk's articles and the per-article tables of the steps
        before it.
    partials, partial
        The names of the step's partials, and ``partial(tables, chunk, by) -> {name: table}``
        that makes them from the chunk's per-article tables (group with :func:`group_of`).
        Partials of all chunks are concatenated in article order before ``combine``.
    gives, combine
        The corpus-level tables, and ``combine(partials, by) -> {name: table}``. A name in
        both ``makes`` and ``gives`` is a per-article table that the corpus-level result
        replaces (readability: one row an article, with its group).
    on_worker
        ``combine`` may run on a worker process while the engine does the others: long in
        Python, with partials small enough to send.
    reduce
        For partials that add up (counts): ``reduce(tables) -> table`` adds up a list of them
        into one, in any order, without changing what ``combine`` makes of them; the engine
        then keeps them added up as chunks arrive, instead of holding every chunk's.
    """

    name: str
    makes: tuple[str, ...] = ()
    article: Callable[[pd.DataFrame, Tables], dict[str, pd.DataFrame]] | None = None
    partials: tuple[str, ...] = ()
    partial: Callable[[Tables, pd.DataFrame, str], dict[str, pd.DataFrame]] | None = None
    gives: tuple[str, ...] = ()
    combine: Callable[[Tables, str], dict[str, pd.DataFrame]] | None = None
    on_worker: bool = False
    reduce: Mapping[str, Callable[[list[pd.DataFrame]], pd.DataFrame]] | None = None

    def __post_init__(self) -> None:
        for names, function, what in ((self.makes, self.article, "article"), (self.partials, self.partial, "partial"),
                                      (self.gives, self.combine, "combine")):
            if bool(names) != (function is not None):
                raise ValueError(f"step {self.name}: {what} and the names of what it makes go together")


def sentence_step(name: str, table: str, function: Callable[[pd.DataFrame], pd.DataFrame], **more) -> Step:
    """A step whose per-article table ``table`` is ``function`` of the chunk's sentences
    (``more``: the step's partial and combine, if any)."""
    def article(chunk: pd.DataFrame, tables: Tables) -> dict[str, pd.DataFrame]:
        return {table: function(tables["sentences"])}

    return Step(name, makes=(table,), article=article, **more)


def group_of(table: pd.DataFrame, by: str, chunk: pd.DataFrame) -> np.ndarray:
    """The group (the ``by`` value, "(unknown)" when missing) of each row of a per-article
    table of ``chunk``, as an object array."""
    codes, labels = group_codes(table, by, chunk, "analyze")
    return labels[codes]
