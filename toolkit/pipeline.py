"""The whole analysis of a corpus in one call: on every core, cached, in chunks.

:func:`analyze` cuts the articles into chunks and, in worker processes, runs on each chunk
the per-article analyses (sentences, tokens, sentence sentiment, actors, loaded language,
frames, quotations, agency, attribution verbs, readability) and reduces each chunk to the
counts the corpus-level analyses need (term counts per group, the evidence for name
variants, attribution verbs, quoted words per speaker). The corpus-level tables
(distinctive terms, name variants, attribution verbs, share of voice, sentiment and
readability per group) are then computed from those counts, which add up over chunks: so no
step needs all the tokens at once, and the tables equal those of calling each function on
the whole corpus. Each analysis says what it does at each stage in a :class:`toolkit.steps.Step`
declared in its own module; :data:`STEPS` lists them, and the engine loops over that list.

With ``cache=`` a directory, each chunk's tables are kept there as Parquet files, named by
a hash of the chunk's articles (ids and texts) and of the toolkit's code and version; a
re-run reads what is there and computes only chunks whose articles changed. Chunk
boundaries depend on the articles' ids, not their positions, so an article added or changed
leaves the other chunks as they were. Each version of the toolkit keeps its files in a folder
of its own in the cache; :func:`toolkit.prune_cache` removes those of other versions and the
least recently used (see :mod:`toolkit.caching`).

With ``in_memory=False`` the per-article tables stay in those files and are read when asked
for (``result["tokens"]``, or ``result.read("tokens", columns=[...])``): corpora larger
than memory are processed chunk by chunk; ``articles`` may then be an iterable of article
tables (such as :func:`read_articles` over a Parquet corpus), never held all at once.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from . import caching, framing, names, reading_level, segment, speech, terms
from ._parallel import process_pool, worker_count
from ._tables import Gathered, concat_tables
from .schema import require_columns
from .steps import Step

log = logging.getLogger(__name__)

__all__ = ["CORPUS_LEVEL", "PER_ARTICLE", "STEPS", "Analysis", "ChunkResult", "analyze", "read_articles"]

CHUNK_SIZE = 100  # articles a chunk on average: a task's overhead is small, the cores stay balanced
MAX_CHUNK = 2  # a chunk ends at latest after MAX_CHUNK * chunk_size articles
PROGRESS_FROM = 5000  # show a progress bar by default from this many articles

# The steps, in the order they run (a step reads the per-article tables of those before it);
# each is declared in its own module (see toolkit.steps).
STEPS: tuple[Step, ...] = (
    segment.STEP, terms.STEP, names.STEP, framing.SENTIMENT_STEP, framing.ACTORS_STEP, framing.LOADED_STEP,
    framing.FRAMES_STEP, speech.QUOTES_STEP, framing.AGENCY_STEP, speech.ATTRIBUTION_STEP, reading_level.STEP,
)
_BY_NAME = {step.name: step for step in STEPS}

PER_ARTICLE = tuple(name for step in STEPS for name in step.makes)
CORPUS_LEVEL = tuple(name for step in STEPS for name in step.gives if name not in PER_ARTICLE)
PARTIALS = tuple(name for step in STEPS for name in step.partials)
# per-article tables that a corpus-level result replaces (kept per chunk without a group)
_REPLACED = tuple(name for step in STEPS for name in step.gives if name in PER_ARTICLE)
_GATHERED = tuple(name for name in PER_ARTICLE if name not in _REPLACED)  # put together from the chunks
_CORPUS_CACHED = tuple(name for step in STEPS for name in step.gives)  # kept per corpus (the rest per chunk)


ADD_UP_ROWS = 1_000_000  # partials that add up are added up once this many rows wait (and twice as many as last time)
_ADDING = {name: add for step in STEPS for name, add in (step.reduce or {}).items()}


class _AddedUp:
    """The partials that add up (a step's ``reduce``), taken from each chunk's result as it
    arrives and kept added up: a corpus's term counts, held chunk by chunk, would be many
    times the size of their sum."""

    def __init__(self) -> None:
        self.waiting: dict[str, list[pd.DataFrame]] = {name: [] for name in _ADDING}
        self.rows = dict.fromkeys(_ADDING, 0)
        self.after = dict.fromkeys(_ADDING, ADD_UP_ROWS)

    def add(self, partials: dict[str, pd.DataFrame]) -> None:
        for name, add in _ADDING.items():
            table = partials.pop(name)
            self.waiting[name].append(table)
            self.rows[name] += len(table)
            if self.rows[name] >= self.after[name] and len(self.waiting[name]) > 1:
                self.waiting[name] = [add(self.waiting[name])]
                self.rows[name] = len(self.waiting[name][0])
                self.after[name] = max(ADD_UP_ROWS, 2 * self.rows[name])

    def result(self) -> dict[str, pd.DataFrame]:
        return {name: (_ADDING[name](tables) if len(tables) > 1 else tables[0])
                for name, tables in self.waiting.items() if tables}


class ChunkResult(NamedTuple):
    """What the engine keeps of one chunk: its per-article tables (none when they stay on
    disk), its partials, and the files that hold its per-article tables in the cache."""

    tables: dict[str, pd.DataFrame]
    partials: dict[str, pd.DataFrame]
    files: dict[str, list]


# --- the work on one chunk --------------------------------------------------------------------

def article_tables(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The per-article tables of :data:`PER_ARTICLE` for a table of articles: every step's
    ``article`` in turn."""
    tables: dict[str, pd.DataFrame] = {}
    for step in STEPS:
        if step.article is not None:
            tables.update(step.article(chunk, MappingProxyType(tables)))
    return tables


def chunk_partials(tables: Mapping[str, pd.DataFrame], chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    """What the corpus-level steps need of one chunk, grouped by ``by`` (see :data:`PARTIALS`)."""
    partials: dict[str, pd.DataFrame] = {}
    view = MappingProxyType(dict(tables))
    for step in STEPS:
        if step.partial is not None:
            partials.update(step.partial(view, chunk, by))
    return partials


def _combine(name: str, partials: Mapping[str, pd.DataFrame], by: str) -> dict[str, pd.DataFrame]:
    """Step ``name``'s corpus-level tables (a function a worker process can be sent)."""
    return _BY_NAME[name].combine(partials, by)


def corpus_tables(partials: Mapping[str, pd.DataFrame], by: str, pool: ProcessPoolExecutor | None = None,
                  meanwhile: Callable[[], None] | None = None) -> dict[str, pd.DataFrame]:
    """The corpus-level tables (:data:`CORPUS_LEVEL`, and those of :data:`_REPLACED`) from
    the chunks' partials put together. With a ``pool``, the steps marked ``on_worker`` run
    on its workers (sent only their own partials) while this process does the others and
    calls ``meanwhile``."""
    futures = {}
    if pool is not None:
        for step in STEPS:
            if step.combine is not None and step.on_worker:
                futures[step.name] = pool.submit(_combine, step.name, {k: partials[k] for k in step.partials}, by)
    out: dict[str, pd.DataFrame] = {}
    for step in STEPS:
        if step.combine is not None and step.name not in futures:
            out.update(step.combine(partials, by))
    if meanwhile is not None:
        meanwhile()
    for future in futures.values():
        out.update(future.result())
    return {name: out[name] for name in (*CORPUS_LEVEL, *_REPLACED)}


# --- keys and the cache -----------------------------------------------------------------------

def _chunk_key(chunk: pd.DataFrame) -> str:
    digest = hashlib.sha256(caching.code_fingerprint().encode())
    for article_id, text in zip(chunk["article_id"].tolist(), chunk["text"].tolist()):
        digest.update(f"{article_id}\0".encode())
        digest.update(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else b"\1")
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _group_key(content_key: str, chunk: pd.DataFrame, by: str) -> str:
    digest = hashlib.sha256(f"{content_key}\0{by}\0".encode())
    for value in chunk[by].tolist():
        digest.update(f"{value!r}\0".encode())
    for column in ("outlet", "url", "source_url", "byline"):  # what the groups' own names come from
        if column in chunk and column != by:
            digest.update(f"{column}\0{chunk[column].tolist()!r}\0".encode())
    return digest.hexdigest()[:16]


def chunk_bounds(article_ids: list[str], chunk_size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of each chunk. Past half of ``chunk_size`` articles, a chunk ends
    after an article whose id hashes to 0 modulo half of ``chunk_size`` (so where chunks end
    depends on the ids, not on positions: an article added or changed alters its own chunk,
    rarely the next), and at latest at ``MAX_CHUNK`` times ``chunk_size``. Chunks average
    about ``chunk_size`` articles."""
    half = max(1, chunk_size // 2)
    bounds, start = [], 0
    for i, article_id in enumerate(article_ids):
        size = i + 1 - start
        if (size >= half and zlib.crc32(str(article_id).encode()) % half == 0) or size >= MAX_CHUNK * chunk_size:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(article_ids):
        bounds.append((start, len(article_ids)))
    return bounds


def _run_chunk(chunk: pd.DataFrame, by: str, store: caching.Store | None, in_memory: bool) \
        -> ChunkResult:
    """Per-article tables (none when not ``in_memory``), partials, and the files that hold
    the per-article tables in the cache."""
    tables = partials = None
    files = {}
    if store is not None:
        content = _chunk_key(chunk)
        grouping = f"by-{_group_key(content, chunk, by)}"
        partials = store.read("chunks", content, PARTIALS, part=grouping, mark=False)
        if in_memory or partials is None:
            tables = store.read("chunks", content, PER_ARTICLE, mark=False)
        if tables is None and (in_memory or partials is None):
            tables = article_tables(chunk)
            store.write("chunks", content, tables)
        if partials is None:
            partials = chunk_partials(tables, chunk, by)
            store.write("chunks", content, partials, part=grouping)
        store.mark_used("chunks", [content])
        files = {name: [path] for name, path in store.files("chunks", content, PER_ARTICLE).items()}
    else:
        tables = article_tables(chunk)
        partials = chunk_partials(tables, chunk, by)
    kept = {name: tables[name] for name in PER_ARTICLE} if in_memory else {}
    return ChunkResult(kept, partials, files)


# --- the result -------------------------------------------------------------------------------

class Analysis(Mapping):
    """The tables of :func:`analyze`, by name: a read-only mapping of DataFrames. Tables kept
    on disk (``in_memory=False``) are read from their Parquet files when first asked for;
    :meth:`read` reads chosen columns without keeping them, :meth:`files` lists the files."""

    def __init__(self, tables: dict[str, pd.DataFrame], files: dict[str, list] | None = None) -> None:
        self._tables = dict(tables)
        self._files = dict(files or {})
        self._order = [n for n in (*PER_ARTICLE, *CORPUS_LEVEL) if n in self._tables or n in self._files]
        self._order += [n for n in self._tables if n not in self._order]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            if name not in self._files:
                raise KeyError(name)
            self._tables[name] = self.read(name)
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def files(self, name: str) -> list:
        """The Parquet files (paths, or URLs of an object store) that hold table ``name``
        (empty for a table held in memory)."""
        return list(self._files.get(name, []))

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` (only ``columns``, when given) read afresh from its files."""
        if name in self._tables and name not in self._files:
            table = self._tables[name]
            return table[columns] if columns is not None else table
        if name not in self._files:
            raise KeyError(name)
        return concat_tables([pd.read_parquet(p, columns=columns) for p in self._files[name]])

    def __repr__(self) -> str:
        where = ", ".join(f"{n} ({'memory' if n in self._tables else 'disk'})" for n in self._order)
        return f"Analysis({where})"


# --- the driver -------------------------------------------------------------------------------

class _Bar:
    """A one-line progress bar on standard error."""

    def __init__(self, total_articles: int | None) -> None:
        self.total = total_articles
        self.started = time.perf_counter()

    def __call__(self, done_articles: int, total_articles: int | None) -> None:
        seconds = time.perf_counter() - self.started
        if total_articles:
            filled = int(30 * done_articles / total_articles)
            sys.stderr.write(f"\ranalyze [{'#' * filled}{'.' * (30 - filled)}] {done_articles:,}/{total_articles:,} "
                             f"articles, {seconds:.0f} s")
        else:
            sys.stderr.write(f"\ranalyze: {done_articles:,} articles, {seconds:.0f} s")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def read_articles(path: str | os.PathLike, *, batch_size: int = 10_000, columns: list[str] | None = None) \
        -> Iterator[pd.DataFrame]:
    """A Parquet corpus (a file or a folder of files with the articles table's columns), as
    tables of ``batch_size`` articles: input for :func:`analyze` that never holds the whole
    corpus."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(path), format="parquet")
    for batch in dataset.to_batches(batch_size=batch_size, columns=columns):
        if batch.num_rows:
            yield batch.to_pandas()


def _batches(articles: pd.DataFrame | Iterable[pd.DataFrame]) -> tuple[Iterable[pd.DataFrame], int | None]:
    if isinstance(articles, pd.DataFrame):
        return [articles], len(articles)
    return articles, None


def analyze(
    articles: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    by: str = "outlet",
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    cache: str | os.PathLike | None = None,
    in_memory: bool = True,
    progress: Callable[[int, int | None], None] | bool | None = None,
) -> Analysis:
    """Every analysis of the toolkit over ``articles``, per-article work on ``workers``
    processes (default: every core).

    Parameters
    ----------
    articles
        The articles table, or an iterable of articles tables (batches of a corpus too large
        for memory; see :func:`read_articles`).
    by
        The column of the articles whose values are the groups compared.
    cache
        A directory for the tables of each chunk (Parquet, created when missing); a re-run
        over unchanged articles reads them instead of computing. See
        :func:`toolkit.prune_cache` to keep it small.
    in_memory
        False: the per-article tables stay in ``cache`` and are read when asked for, so no
        more than a few chunks' tokens are in memory at any time.
    progress
        A callable ``progress(done_articles, total_articles)`` (total None when unknown),
        True or False for a progress bar on standard error; by default a bar from
        ``PROGRESS_FROM`` articles on.

    Returns
    -------
    Analysis
        A mapping of DataFrames: the per-article tables of :data:`PER_ARTICLE` (in article
        order; tokens in compact dtypes, see :func:`toolkit.segment.compact_tokens`) and the
        corpus-level ``distinctive_terms``, ``name_variants``, ``attribution_verbs``,
        ``share_of_voice``, ``sentiment_by_group`` and ``readability_by_group``.
    """
    if not in_memory and cache is None:
        raise ValueError("analyze: in_memory=False keeps the tables on disk and needs cache= (a directory)")
    if chunk_size < 1:
        raise ValueError("analyze: chunk_size must be 1 or more")
    workers = worker_count(workers)
    batches, total = _batches(articles)
    report, bar = _progress(progress, total)
    store = caching.Store(cache) if cache is not None else None
    started = time.perf_counter()
    chunks = list(_chunks(batches, by, chunk_size)) if total is not None else None
    corpus_key = None
    try:
        if store is not None and chunks is not None:
            # The whole corpus seen before (same articles, grouping and code): read, don't compute.
            corpus_key, cached = _whole_corpus(store, chunks, by, in_memory)
            if cached is not None:
                if report:
                    report(total, total)
                log.info("analyze: %d articles read from the cache in %.1f s", total, time.perf_counter() - started)
                return cached
        collected = _Collected(None if chunks is None else len(chunks), in_memory, report, total)
        run = functools.partial(_run_chunk, by=by, store=store, in_memory=in_memory)
        pool = process_pool(workers) if workers > 1 else None
        try:
            if pool is not None and chunks is not None:
                finished = _largest_first(pool, chunks, run)
            else:
                finished = _in_order(pool, chunks if chunks is not None else _chunks(batches, by, chunk_size), run,
                                     workers)
            for index, result, size in finished:
                collected.add(index, result, size)
            if bar is not None:
                bar.close()
                bar = None
            log.info("analyze: %d articles in %d chunks on %d workers, %.1f s", collected.done,
                     len(collected.results), workers, time.perf_counter() - started)
            analysis = assemble(collected.results, by, in_memory, pool, collected.gathered, collected.added_up.result())
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if corpus_key is not None:  # all tables when they are in memory anyway: a re-run reads one file each
            store.write("corpus", corpus_key,
                        {name: analysis[name] for name in (analysis if in_memory else _CORPUS_CACHED)})
        return analysis
    finally:
        if bar is not None:
            bar.close()


def _progress(progress: Callable[[int, int | None], None] | bool | None, total: int | None) \
        -> tuple[Callable[[int, int | None], None] | None, _Bar | None]:
    """What reports progress (``progress(done, total)``, or None) and the bar to close, if
    it is one: a bar when asked for, or by default from ``PROGRESS_FROM`` articles."""
    if progress is True or (progress is None and (total is None or total >= PROGRESS_FROM)):
        bar = _Bar(total)
        return bar, bar
    return (None if progress is False or progress is None else progress), None


def _whole_corpus(store: caching.Store, chunks: list[pd.DataFrame], by: str, in_memory: bool) \
        -> tuple[str, Analysis | None]:
    """The key of the whole corpus in the cache, and its analysis when it is there."""
    keys = [_chunk_key(chunk) for chunk in chunks]
    key = _corpus_key(keys, chunks, by)
    return key, _cached_corpus(store, key, keys, in_memory)


def _largest_first(pool: ProcessPoolExecutor, chunks: list[pd.DataFrame], run: Callable[[pd.DataFrame], ChunkResult]) \
        -> Iterator[tuple[int, ChunkResult, int]]:
    """``(index, result, articles)`` of every chunk as it finishes, all submitted at once, the
    largest first (so that no core waits at the end for one)."""
    futures = {pool.submit(run, chunks[i]): i for i in sorted(range(len(chunks)), key=lambda i: -len(chunks[i]))}
    for future in as_completed(futures):
        index = futures[future]
        yield index, future.result(), len(chunks[index])


def _in_order(pool: ProcessPoolExecutor | None, chunks: Iterable[pd.DataFrame],
              run: Callable[[pd.DataFrame], ChunkResult], workers: int) -> Iterator[tuple[int, ChunkResult, int]]:
    """``(index, result, articles)`` of every chunk, chunks taken as they are cut from the
    batches, with a few per worker in flight at most (here, without a pool)."""
    pending: deque[tuple[int, int, Future]] = deque()
    for place, chunk in enumerate(chunks):
        if pool is None:
            yield place, run(chunk), len(chunk)
            continue
        pending.append((place, len(chunk), pool.submit(run, chunk)))
        while len(pending) >= 2 * workers or (pending and pending[0][2].done()):
            index, size, future = pending.popleft()
            yield index, future.result(), size
    for index, size, future in pending:
        yield index, future.result(), size


class _Collected:
    """The chunks' results as they arrive: kept in article order, their per-article tables
    put together (all chunks known and in memory), their partials that add up added up,
    and progress reported."""

    def __init__(self, n_chunks: int | None, in_memory: bool, report: Callable[[int, int | None], None] | None,
                 total: int | None) -> None:
        self.results: list[ChunkResult | None] = [None] * n_chunks if n_chunks is not None else []
        self.gathered = {name: Gathered(n_chunks) for name in _GATHERED} \
            if n_chunks is not None and in_memory else None
        self.added_up = _AddedUp()
        self.report, self.total, self.done = report, total, 0

    def add(self, index: int, result: ChunkResult, size: int) -> None:
        self.added_up.add(result.partials)  # (takes the partials that add up out of the result)
        if index >= len(self.results):
            self.results.extend([None] * (index + 1 - len(self.results)))
        self.results[index] = result
        if self.gathered is not None:
            for name, table in self.gathered.items():
                table.add(index, result.tables[name])
        self.done += size
        if self.report:
            self.report(self.done, self.total)


def _corpus_key(keys: list[str], chunks: list[pd.DataFrame], by: str) -> str:
    """A hash of the chunks' keys and groups."""
    digest = hashlib.sha256(f"{by}\0".encode())
    for content, chunk in zip(keys, chunks):
        digest.update(f"{content}\0{_group_key(content, chunk, by)}\0".encode())
    return digest.hexdigest()[:32]


def _cached_corpus(store: caching.Store, key: str, chunk_keys: list[str], in_memory: bool) -> Analysis | None:
    """The analysis of a corpus read back from the cache (the entry ``corpus``/``key``, and
    its chunks' entries), or None when any of it is missing."""
    if in_memory:
        whole = store.read("corpus", key, (*PER_ARTICLE, *CORPUS_LEVEL), threads=4)
        if whole is not None:
            store.mark_used("chunks", chunk_keys)  # the chunks too: a changed article reuses the others
            return Analysis(whole)
    tables = store.read("corpus", key, _CORPUS_CACHED, mark=False)
    if tables is None:
        return None
    names = list(_GATHERED)
    of_chunks = [store.files("chunks", chunk, names) for chunk in chunk_keys]
    files = {name: [paths[name] for paths in of_chunks] for name in names}
    if not all(path.is_file() for paths in files.values() for path in paths):
        return None
    store.mark_used("corpus", [key])
    store.mark_used("chunks", chunk_keys)
    if not in_memory:
        return Analysis(tables, files)
    from concurrent.futures import ThreadPoolExecutor

    try:
        with ThreadPoolExecutor(max_workers=4) as threads:  # Parquet reading leaves the interpreter free
            for name, paths in files.items():
                tables[name] = concat_tables(list(threads.map(pd.read_parquet, paths)))
    except MemoryError:
        raise
    except Exception:  # a damaged chunk: remove those that cannot be read; the corpus is computed again
        for chunk in chunk_keys:
            store.read("chunks", chunk, names, mark=False)
        return None
    return Analysis(tables)


def _chunks(batches: Iterable[pd.DataFrame], by: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The chunks of each batch of articles, in order (an empty corpus: one empty chunk)."""
    empty, last = True, None
    for batch in batches:
        require_columns(batch, ("article_id", "text"), "analyze")
        if by not in batch:
            raise ValueError(f"analyze: the articles have no column {by!r}")
        for start, stop in chunk_bounds(batch["article_id"].tolist(), chunk_size):
            empty = False
            yield batch.iloc[start:stop]
        last = batch
    if empty:
        yield last.iloc[0:0] if last is not None else pd.DataFrame(columns=["article_id", "text", by])


def assemble(results: list[ChunkResult], by: str, in_memory: bool, pool: ProcessPoolExecutor | None = None,
             gathered: Mapping[str, Gathered] | None = None,
             added_up: Mapping[str, pd.DataFrame] | None = None) -> Analysis:
    """The :class:`Analysis` from each chunk's result, in article order; per-article tables
    already being put together are taken from ``gathered``, and partials already added up
    over the chunks from ``added_up``."""
    added_up = added_up or {}
    partials = {name: added_up[name] if name in added_up else concat_tables([r.partials[name] for r in results])
                for name in PARTIALS}
    tables = {}
    files: dict[str, list] = {}

    def per_article() -> None:
        for name in _GATHERED:
            if in_memory and gathered is not None and name in gathered:
                tables[name] = gathered[name].result()
            elif in_memory:
                tables[name] = concat_tables([r.tables[name] for r in results])
            else:
                files[name] = [path for r in results for path in r.files[name]]

    tables.update(corpus_tables(partials, by, pool, meanwhile=per_article))
    return Analysis(tables, files)
