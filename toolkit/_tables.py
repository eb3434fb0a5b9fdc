"""Putting tables of corpus chunks together, and keeping them as Parquet files."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Gathered", "concat_tables", "read_tables", "table_file", "write_files"]

# Category columns that must keep one vocabulary between them (so that they compare).
SHARED_CATEGORIES = (("text", "lower"),)


def concat_tables(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat`` of tables of one kind, keeping category columns categories (the union
    of the parts' categories, in order of first appearance) instead of falling back to
    objects."""
    frames = [f for f in frames if f is not None]
    if not frames:
        return pd.DataFrame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    first = frames[0]
    categorical = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)]
    if not categorical:  # (dropping no columns from each part costs a copy of its index)
        return pd.concat(frames, ignore_index=True)[list(first.columns)]
    frames = [_object_categories(f, categorical) for f in frames]
    out = pd.concat([f.drop(columns=categorical) for f in frames], ignore_index=True)
    for group in _category_groups(categorical):
        # the union of the parts' categories, in order of first appearance; then each
        # part's codes mapped into it (cheap: categories are few, codes are integers)
        union = pd.unique(np.concatenate([np.asarray(f[c].cat.categories, dtype=object) for c in group
                                          for f in frames]))
        dtype = pd.CategoricalDtype(pd.Index(union, dtype=object))
        for c in group:
            out[c] = _recode(frames, c, dtype)
    return out[list(first.columns)]


def _category_groups(categorical: list[str]) -> list[tuple[str, ...]]:
    """The category columns by vocabulary: the groups of :data:`SHARED_CATEGORIES` all
    present, then each other column alone."""
    groups = [g for g in SHARED_CATEGORIES if all(c in categorical for c in g)]
    return groups + [(c,) for c in categorical if not any(c in g for g in groups)]


class Gathered:
    """Tables of one kind arriving in any order, each with its place: :meth:`result` is
    :func:`concat_tables` of them in the order of their places. The vocabularies of their
    category columns are merged as each table arrives (a dictionary lookup for each
    category), so that once the last one is in only integer work is left."""

    def __init__(self, count: int) -> None:
        self.frames: list[pd.DataFrame | None] = [None] * count
        self.codes: list[dict[str, np.ndarray] | None] = [None] * count
        self.vocabularies: dict[tuple[str, ...], dict] = {}

    def add(self, place: int, frame: pd.DataFrame) -> None:
        self.frames[place] = frame
        categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
        codes = {}
        for group in _category_groups(categorical):
            vocabulary = self.vocabularies.setdefault(group, {})
            known: list[tuple[pd.Index, np.ndarray]] = []
            for c in group:
                categories = frame[c].cat.categories
                mapped = next((m for other, m in known if other is categories), None)
                if mapped is None:
                    mapped = np.fromiter((vocabulary.setdefault(v, len(vocabulary)) for v in categories.tolist()),
                                         dtype=np.int64, count=len(categories))
                    known.append((categories, mapped))
                codes[c] = mapped  # the place in ``vocabulary`` of each of the column's categories
        self.codes[place] = codes

    def result(self) -> pd.DataFrame:
        frames = [f for f in self.frames if f is not None]
        if len(frames) < 2:
            return concat_tables(frames)
        first = frames[0]
        categorical = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)]
        if not categorical or any(set(codes) != set(categorical) for codes in self.codes if codes is not None):
            return concat_tables(frames)  # no categories, or parts that differ in which: the general way
        codes = [c for c in self.codes if c is not None]
        out = pd.concat([f.drop(columns=categorical) for f in frames], ignore_index=True)
        for group in _category_groups(categorical):
            values = np.empty(len(self.vocabularies[group]), dtype=object)
            values[:] = list(self.vocabularies[group])
            # The categories in order of first appearance over the parts in order, column by
            # column of the group, as concat_tables puts them.
            sequence = np.concatenate([part[c] for c in group for part in codes])
            _, first_at = np.unique(sequence, return_index=True)
            ordered = sequence[np.sort(first_at)]
            rank = np.full(len(values), -1, dtype=np.int64)
            rank[ordered] = np.arange(len(ordered))
            dtype = pd.CategoricalDtype(pd.Index(values[ordered], dtype=object))
            for c in group:
                pieces = [_mapped(f[c].cat.codes.to_numpy(), rank[part[c]]) for f, part in zip(frames, codes)]
                out[c] = pd.Categorical.from_codes(np.concatenate(pieces), dtype=dtype)
        return out[list(first.columns)]


def _object_categories(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with the categories of ``columns`` as objects (a table read back from
    Parquet has string categories, one made in memory object ones: they must agree to be
    put together)."""
    changed = {}
    for c in columns:
        values = frame[c]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("category")
        if values.cat.categories.dtype != object:
            values = pd.Series(pd.Categorical.from_codes(values.cat.codes.to_numpy(),
                                                         categories=pd.Index(values.cat.categories, dtype=object)),
                               index=frame.index)
        changed[c] = values
    return frame.assign(**changed) if changed else frame


def _recode(frames: Sequence[pd.DataFrame], column: str, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """The ``column`` of every frame as one categorical of ``dtype`` (whose categories hold
    those of every frame)."""
    categories = pd.Index(dtype.categories)
    codes = [_mapped(f[column].cat.codes.to_numpy(), categories.get_indexer(f[column].cat.categories)) for f in frames]
    return pd.Categorical.from_codes(np.concatenate(codes), dtype=dtype)


def _mapped(own: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    """Category codes ``own`` through ``mapping`` (old code -> new code); -1 stays -1."""
    return np.where(own < 0, -1, mapping[np.maximum(own, 0)]) if len(mapping) else own


def table_file(directory: Path, name: str) -> Path:
    """Where the table ``name`` of a folder of tables is kept."""
    return Path(directory) / f"{name}.parquet"


def write_files(directory: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write each table to its file in ``directory`` (an existing folder). Writing a cache
    entry all or nothing is :meth:`toolkit.caching.Store.write`."""
    for name, table in tables.items():
        table.to_parquet(table_file(directory, name), index=False)


def read_tables(directory: Path, names: Sequence[str], threads: int = 1) -> dict[str, pd.DataFrame] | None:
    """The tables ``names`` written by :func:`write_files`, or None when the directory is
    not there (or lacks one of them). Category columns come back with object categories,
    and those of :data:`SHARED_CATEGORIES` with one vocabulary, as they were written."""
    directory = Path(directory)
    paths = [table_file(directory, name) for name in names]
    if not all(p.is_file() for p in paths):
        return None
    if threads > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=threads) as pool:  # reading Parquet frees the interpreter
            frames = list(pool.map(pd.read_parquet, paths))
    else:
        frames = [pd.read_parquet(p) for p in paths]
    return {name: _as_written(frame) for name, frame in zip(names, frames)}


def _as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """A table read back from Parquet with object categories, as :func:`concat_tables`
    makes them. Columns of a :data:`SHARED_CATEGORIES` group come back each with the whole
    shared vocabulary: then one object copy of it serves them all, without the union and
    recoding (a third of a second for the tokens of the AllSides sample)."""
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not categorical:
        return frame
    changed = {}
    for group in _category_groups(categorical):
        first = frame[group[0]].cat.categories
        if not all(frame[c].cat.categories.equals(first) for c in group[1:]):
            return concat_tables([frame, frame.iloc[0:0]])  # the general way
        dtype = pd.CategoricalDtype(pd.Index(np.asarray(first, dtype=object), dtype=object))
        for c in group:
            changed[c] = pd.Categorical.from_codes(frame[c].cat.codes.to_numpy(), dtype=dtype)
    return frame.assign(**changed)
