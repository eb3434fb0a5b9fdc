"""The analysis of :func:`toolkit.analyze` on a Dask cluster, for corpora beyond one machine.

The corpus is a Parquet dataset (the articles table's columns; a file, a folder or a glob,
anywhere Dask can read) or a ``dask.dataframe`` of articles. Each partition is analysed on a
worker, in chunks, by the same code as :func:`toolkit.analyze`; the workers send back the
counts the corpus-level tables need (small), and, with ``output=``, write the per-article
tables to ``output/<table>/part-<partition>-<chunk>.parquet`` instead of sending them (the
folder must be one every worker and the client can reach: a shared disk, or an object
store path). The corpus-level tables are computed on the client from the counts; all
tables equal those of :func:`toolkit.analyze` over the same articles.

Usage::

    from distributed import Client
    import toolkit.cluster

    client = Client("tcp://scheduler:8786")  # or LocalCluster() on one machine
    result = toolkit.cluster.analyze_dask("s3://bucket/corpus/", client=client, output="s3://bucket/tables/")
    result["distinctive_terms"]              # in memory, on the client
    result.files("tokens")                   # Parquet files, for dask.dataframe.read_parquet
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .pipeline import (CHUNK_SIZE, PER_ARTICLE, Analysis, ChunkResult, article_tables, assemble, chunk_bounds,
                       chunk_partials)
from .schema import require_columns

__all__ = ["analyze_dask"]


def _partition(part: pd.DataFrame, index: int, by: str, output: str | None, chunk_size: int) -> list[ChunkResult]:
    """Every chunk of one partition: its per-article tables (or none, written to files),
    partials and files."""
    require_columns(part, ("article_id", "text"), "analyze_dask")
    if by not in part:
        raise ValueError(f"analyze_dask: the articles have no column {by!r}")
    part = part.reset_index(drop=True)
    out = []
    for number, (start, stop) in enumerate(chunk_bounds(part["article_id"].tolist(), chunk_size) or [(0, 0)]):
        chunk = part.iloc[start:stop]
        tables = article_tables(chunk)
        partials = chunk_partials(tables, chunk, by)
        if output is None:
            out.append(ChunkResult(tables, partials, {}))
            continue
        files = {}
        for name in PER_ARTICLE:
            path = f"{output.rstrip('/')}/{name}/part-{index:05d}-{number:04d}.parquet"
            if "://" not in path:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            tables[name].to_parquet(path, index=False)
            files[name] = [path]
        out.append(ChunkResult({}, partials, files))
    return out


def analyze_dask(
    articles,
    *,
    by: str = "outlet",
    client=None,
    output: str | os.PathLike | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Analysis:
    """:func:`toolkit.analyze` with Dask: each partition of ``articles`` on a worker.

    Parameters
    ----------
    articles
        A Parquet corpus (path, folder or glob; read with ``dask.dataframe.read_parquet``)
        or a ``dask.dataframe.DataFrame`` of articles.
    client
        A ``distributed.Client``; default: Dask's current scheduler.
    output
        A folder for the per-article tables, written by the workers; default: they are sent
        to the client and held in memory.

    Returns
    -------
    Analysis
        As :func:`toolkit.analyze`: per-article tables (in memory, or read from ``output``
        when asked for) and the corpus-level tables.
    """
    import dask
    import dask.dataframe as dd

    frame = articles if isinstance(articles, dd.DataFrame) else dd.read_parquet(str(articles))
    target = str(output) if output is not None else None
    tasks = [dask.delayed(_partition)(part, i, by, target, chunk_size) for i, part in enumerate(frame.to_delayed())]
    if client is not None:
        partitions = client.gather(client.compute(tasks))
    else:
        partitions = dask.compute(*tasks)
    results = [chunk for partition in partitions for chunk in partition]
    return assemble(results, by, in_memory=output is None)
