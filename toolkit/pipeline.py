"""The whole analysis of a corpus in one call: on every core, cached, in chunks.

:func:`analyze` cuts the articles into chunks and, in worker processes, runs on each chunk
the per-article analyses (sentences, tokens, sentence sentiment, actors, loaded language,
frames, quotations, agency, attribution verbs, readability) and reduces each chunk to the
counts the corpus-level analyses need (term counts per group, the evidence for name
variants, attribution verbs, quoted words per speaker). The corpus-level tables
(distinctive terms, name variants, attribution verbs, share of voice, sentiment and
readability per group) are then computed from those counts, which add up over chunks: so no
step needs all the tokens at once, and the tables equal those of calling each function on
the whole corpus.

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

import hashlib
import logging
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np
import pandas as pd

from . import caching
from ._parallel import process_pool, worker_count
from ._tables import Gathered, concat_tables
from .framing import actor_mentions, agency, loaded_language, news_frames, sentence_sentiment, sentiment_summary
from .names import _name_evidence, combine_evidence, variants_from_evidence
from .outlets import own_names
from .reading_level import readability, readability_by_group
from .schema import group_column, require_columns
from .segment import compact_tokens, split_sentences, tokenize
from .speech import _verb_hits, _voice_counts, quotes, verbs_from_hits, voice_from_counts
from .terms import distinctive_from_counts, term_counts

log = logging.getLogger(__name__)

__all__ = ["CORPUS_LEVEL", "PER_ARTICLE", "Analysis", "analyze", "read_articles"]

CHUNK_SIZE = 100  # articles a chunk on average: a task's overhead is small, the cores stay balanced
MAX_CHUNK = 2  # a chunk ends at latest after MAX_CHUNK * chunk_size articles
PROGRESS_FROM = 5000  # show a progress bar by default from this many articles

PER_ARTICLE = ("sentences", "tokens", "sentiment", "actors", "loaded_language", "frames", "quotes", "agency",
               "attributions", "readability")
CORPUS_LEVEL = ("distinctive_terms", "name_variants", "attribution_verbs", "share_of_voice", "sentiment_by_group",
                "readability_by_group")
# Per chunk and grouping: counts that add up over chunks, and the small per-article tables
# the corpus-level steps read.
PARTIALS = ("term_counts", "group_articles", "group_names", "name_spellings", "name_lower", "name_context",
            "verb_counts", "voice_counts", "sentiment_values", "readability")


# --- the work on one chunk --------------------------------------------------------------------

def article_tables(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The per-article tables of :data:`PER_ARTICLE` for a table of articles (readability
    without a group column: it is added per grouping)."""
    sentences = split_sentences(chunk)
    scored = sentence_sentiment(sentences)
    return {
        "sentences": sentences,
        "tokens": compact_tokens(tokenize(sentences)),
        "sentiment": scored[["article_id", "sentence_id", "neg", "neu", "pos", "compound"]],
        "actors": actor_mentions(sentences),
        "loaded_language": loaded_language(sentences),
        "frames": news_frames(sentences),
        "quotes": quotes(sentences),
        "agency": agency(sentences),
        "attributions": _verb_hits(sentences),
        "readability": readability(chunk, by="article_id"),
    }


def chunk_partials(tables: Mapping[str, pd.DataFrame], chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    """What the corpus-level steps need of one chunk, grouped by ``by`` (see :data:`PARTIALS`)."""
    def group(table: pd.DataFrame) -> np.ndarray:
        return group_column(table, by, chunk, "analyze").to_numpy(dtype=object)

    tokens = tables["tokens"]
    evidence = _name_evidence(tokens, pd.Series(group(tokens), index=tokens.index))
    hits = tables["attributions"]
    verb_counts = pd.DataFrame({"group": group(hits), "verb": hits["verb"].to_numpy(dtype=object),
                                "lemma": hits["lemma"].to_numpy(dtype=object),
                                "class": hits["class"].to_numpy(dtype=object)}) \
        .groupby(["group", "verb", "lemma", "class"], sort=True).size().rename("count").reset_index()
    quoted = tables["quotes"]
    sentiment = tables["sentiment"]
    scores = tables["readability"]
    with_group = scores.copy()
    if by != "article_id":
        lookup = chunk.drop_duplicates("article_id").set_index("article_id")[by]
        with_group.insert(1, by, lookup.reindex(scores["article_id"]).reset_index(drop=True))
    group_of_article = group(chunk)
    return {
        "term_counts": term_counts(tokens, by=by, articles=chunk),
        "group_articles": pd.Series(group_of_article).value_counts(dropna=True).rename_axis("group")
                            .rename("n_articles").reset_index(),
        "group_names": own_names(chunk, by=by),
        "name_spellings": evidence["spellings"],
        "name_lower": evidence["lower"],
        "name_context": evidence["context"],
        "verb_counts": verb_counts,
        "voice_counts": _voice_counts(quoted.assign(group=group(quoted))),
        "sentiment_values": pd.DataFrame({"article_id": sentiment["article_id"].to_numpy(), by: group(sentiment),
                                          "compound": sentiment["compound"].to_numpy(),
                                          "neg": sentiment["neg"].to_numpy(), "pos": sentiment["pos"].to_numpy()}),
        "readability": with_group,
    }


def _corpus_step(name: str, partials: Mapping[str, pd.DataFrame], by: str) -> pd.DataFrame:
    if name == "distinctive_terms":
        sizes = partials["group_articles"].groupby("group")["n_articles"].sum()
        names = partials["group_names"].drop_duplicates(["group", "form"])
        return distinctive_from_counts(partials["term_counts"], group_articles=sizes, own_names=names)
    if name == "name_variants":
        evidence = {"spellings": partials["name_spellings"], "lower": partials["name_lower"],
                    "context": partials["name_context"]}
        return variants_from_evidence(combine_evidence([evidence]))
    if name == "attribution_verbs":
        return verbs_from_hits(partials["verb_counts"])
    if name == "share_of_voice":
        return voice_from_counts(partials["voice_counts"])
    if name == "sentiment_by_group":
        return sentiment_summary(partials["sentiment_values"], by=by)
    if name == "readability_by_group":
        return readability_by_group(partials["readability"], by=by)
    raise KeyError(name)


# The steps run on the workers when there are any, and the partials each reads (what is sent
# to a worker for it): long in Python but with small inputs. Distinctive terms, as long, stays
# here: its counts are the largest partial, slower to send than to use.
_STEP_INPUTS = {"name_variants": ("name_spellings", "name_lower", "name_context"),
                "readability_by_group": ("readability",), "sentiment_by_group": ("sentiment_values",)}


def corpus_tables(partials: Mapping[str, pd.DataFrame], by: str, pool: ProcessPoolExecutor | None = None,
                  meanwhile: Callable[[], None] | None = None) -> dict[str, pd.DataFrame]:
    """The corpus-level tables of :data:`CORPUS_LEVEL` from the chunks' partials put
    together. With a ``pool``, the steps of ``_STEP_INPUTS`` run on its workers while this
    process does the others and calls ``meanwhile``."""
    futures = {}
    if pool is not None:
        for name, inputs in _STEP_INPUTS.items():
            futures[name] = pool.submit(_corpus_step, name, {k: partials[k] for k in inputs}, by)
    out = {name: _corpus_step(name, partials, by) for name in CORPUS_LEVEL if name not in futures}
    if meanwhile is not None:
        meanwhile()
    out.update({name: future.result() for name, future in futures.items()})
    return {name: out[name] for name in CORPUS_LEVEL}


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
        -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict[str, list[Path]]]:
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
    return kept, partials, files


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
    bar = None
    if progress is True or (progress is None and (total is None or total >= PROGRESS_FROM)):
        bar = progress = _Bar(total)
    elif progress is False:
        progress = None
    store = caching.Store(cache) if cache is not None else None
    started = time.perf_counter()

    results: list[tuple] = []
    gathered: dict[str, Gathered] | None = None
    done = 0

    def finished(index: int, result: tuple, size: int) -> None:
        nonlocal done
        results[index] = result
        if gathered is not None:  # the per-article tables put together as they come
            for name, table in gathered.items():
                table.add(index, result[0][name])
        done += size
        if progress:
            progress(done, total)

    chunks = list(_chunks(batches, by, chunk_size)) if total is not None else None
    corpus_key = None
    if store is not None and chunks is not None:
        # The whole corpus seen before (same articles, grouping and code): read, don't compute.
        keys = [_chunk_key(chunk) for chunk in chunks]
        corpus_key = _corpus_key(keys, chunks, by)
        cached = _cached_corpus(store, corpus_key, keys, in_memory)
        if cached is not None:
            if progress:
                progress(total, total)
            if bar is not None:
                bar.close()
            log.info("analyze: %d articles read from the cache in %.1f s", total, time.perf_counter() - started)
            return cached

    pool = process_pool(workers) if workers > 1 else None
    try:
        if chunks is not None:
            results = [None] * len(chunks)
            if in_memory:
                gathered = {name: Gathered(len(chunks)) for name in PER_ARTICLE if name != "readability"}
        if pool is not None and chunks is not None:
            # All chunks known: the largest first, so that no core waits at the end for one.
            futures = {pool.submit(_run_chunk, chunks[i], by, store, in_memory): i
                       for i in sorted(range(len(chunks)), key=lambda i: -len(chunks[i]))}
            for future in as_completed(futures):
                finished(futures[future], future.result(), len(chunks[futures[future]]))
        else:
            # Chunks as they are cut from the batches, a few per worker in flight at most.
            pending: list[tuple[int, int, Future]] = []
            for place, chunk in enumerate(chunks if chunks is not None else _chunks(batches, by, chunk_size)):
                if chunks is None:
                    results.append(None)
                if pool is None:
                    finished(place, _run_chunk(chunk, by, store, in_memory), len(chunk))
                    continue
                pending.append((place, len(chunk), pool.submit(_run_chunk, chunk, by, store, in_memory)))
                while len(pending) >= 2 * workers or (pending and pending[0][2].done()):
                    index, size, future = pending.pop(0)
                    finished(index, future.result(), size)
            for index, size, future in pending:
                finished(index, future.result(), size)
        if bar is not None:
            bar.close()
            bar = None
        log.info("analyze: %d articles in %d chunks on %d workers, %.1f s", done, len(results), workers,
                 time.perf_counter() - started)
        analysis = assemble(results, by, in_memory, pool, gathered)
        if corpus_key is not None:  # all tables when they are in memory anyway: a re-run reads one file each
            store.write("corpus", corpus_key,
                        {name: analysis[name] for name in (analysis if in_memory else _CORPUS_CACHED)})
        return analysis
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()


_CORPUS_CACHED = ("readability", *CORPUS_LEVEL)  # the tables kept per corpus (the rest are kept per chunk)


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
    names = [name for name in PER_ARTICLE if name != "readability"]
    of_chunks = [store.files("chunks", chunk, names) for chunk in chunk_keys]
    files = {name: [paths[name] for paths in of_chunks] for name in names}
    if not all(path.is_file() for paths in files.values() for path in paths):
        return None
    store.mark_used("corpus", [key])
    store.mark_used("chunks", chunk_keys)
    if not in_memory:
        return Analysis(tables, files)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as threads:  # Parquet reading leaves the interpreter free
        for name, paths in files.items():
            tables[name] = concat_tables(list(threads.map(pd.read_parquet, paths)))
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


def assemble(results: list[tuple], by: str, in_memory: bool, pool: ProcessPoolExecutor | None = None,
             gathered: Mapping[str, Gathered] | None = None) -> Analysis:
    """The :class:`Analysis` from each chunk's (per-article tables, partials, files), in
    article order; per-article tables already being put together are taken from
    ``gathered``."""
    partials = {name: concat_tables([r[1][name] for r in results]) for name in PARTIALS}
    tables = {}
    files: dict[str, list] = {}

    def per_article() -> None:
        for name in PER_ARTICLE:
            if name == "readability":  # one row an article: always in memory, with the group column
                tables[name] = partials["readability"]
            elif in_memory and gathered is not None and name in gathered:
                tables[name] = gathered[name].result()
            elif in_memory:
                tables[name] = concat_tables([r[0][name] for r in results])
            else:
                files[name] = [path for r in results for path in r[2][name]]

    tables.update(corpus_tables(partials, by, pool, meanwhile=per_article))
    return Analysis(tables, files)
