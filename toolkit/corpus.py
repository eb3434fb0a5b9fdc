"""Loading articles from files into the ``articles`` table.

One call, :func:`load_corpus`, reads a file, a folder (recursively), a glob, a list of these,
or a manifest CSV; understands .txt, .html/.htm, .json, .jsonl, .csv and .parquet; maps the
usual field names of news exports; cleans scraped text (see :mod:`toolkit.cleaning`); and
accounts for every input: each one is either loaded or rejected with a reason.
"""
from __future__ import annotations

import csv
import glob as globlib
import hashlib
import io
import json
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pyarrow import ArrowException

from . import caching
from ._parallel import process_pool, worker_count
from ._text import NotText, decode_bytes
from .cleaning import MIN_REPEAT_ARTICLES, clean_article, remove_repeated_lines
from .outlets import name_forms, url_forms
from .schema import ARTICLE_COLUMNS

log = logging.getLogger(__name__)

__all__ = ["ARTICLE_COLUMNS", "CorpusError", "CorpusWarning", "load_corpus", "rejected"]

MIN_ARTICLE_WORDS = 50  # fewer words after cleaning: a photo caption, a teaser or a failed extraction

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".pq"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
MANIFEST_NAME = "manifest.csv"  # a manifest at the top of a folder is used, not loaded as articles

# Field names tried, in order, for each column when a record does not say (case-insensitive).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content_original", "body", "content", "article", "article_text", "full_text", "maintext"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site_name", "source_name", "publication", "newspaper"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publish_date", "published_at", "publishedat", "pub_date", "date_published", "datetime"),
    "url": ("url", "link"),
    "byline": ("byline", "author", "authors"),
    "article_id": ("article_id", "id", "doc_id", "uuid"),
    "story": ("story", "story_id", "event", "event_id"),
    "dateline": ("dateline",),
    "credit": ("credit",),
}
# Containers of records in JSON exports ({"articles": [...]} and the like).
RECORD_LISTS = ("articles", "records", "data", "items", "results", "documents", "docs")


class CorpusError(ValueError):
    """An input could not be loaded; the message names the input and the reason."""


class CorpusWarning(UserWarning):
    """Some inputs were rejected; the message names each one and why."""


class _Rejection(Exception):
    """An input set aside: why (``reason``), and which (``input``: a path, a path and its
    record, a pattern). Raised where an input is read (the reader knows why, its caller
    names the input) and kept, in input order, by :class:`_Inputs`."""

    def __init__(self, reason: str, input: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.input = input


# --- finding the inputs ---------------------------------------------------------------------

def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def _walk(folder: Path) -> Iterator[Path]:
    """Files below ``folder`` in a stable order; hidden entries skipped; links to folders are
    not followed (so a link loop cannot trap us)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _expand(source: Any, inputs: _Inputs) -> tuple[list[Path], list[Path]]:
    """Return (files, manifests found at the top of given folders); a path or pattern that
    names nothing is rejected."""
    items = list(source) if isinstance(source, (list, tuple, set)) else [source]
    files: list[Path] = []
    manifests: list[Path] = []
    for item in items:
        s = os.fspath(item)
        if _is_glob(s):
            matches = sorted(globlib.glob(s, recursive=True))
            if not matches:
                inputs.reject(s, "the pattern matches no file")
            for m in matches:
                p = Path(m)
                if p.is_dir():
                    files.extend(_walk(p))
                elif not p.name.startswith("."):
                    files.append(p)
            continue
        p = Path(s)
        if p.is_dir():
            top = p / MANIFEST_NAME
            for f in _walk(p):
                if f == top:
                    manifests.append(f)
                else:
                    files.append(f)
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            inputs.reject(s, "no such file or folder")
    return files, manifests


def _common_root(paths: list[Path]) -> Path:
    parents = [str(p.absolute().parent) for p in paths]
    if not parents:
        return Path(".")
    return Path(os.path.commonpath(parents))


# --- reading one file -----------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise _Rejection("is a folder, not a file") from None
    except PermissionError:
        raise _Rejection("permission denied") from None
    except OSError as exc:
        raise _Rejection(f"cannot read: {exc.strerror or exc}") from None


def _read_text(path: Path) -> str:
    try:
        text, _ = decode_bytes(_read_bytes(path))
    except NotText as exc:
        raise _Rejection(str(exc)) from None
    if not text.strip():
        raise _Rejection("no text (the file holds only whitespace)")
    return text


def _records_from_json(text: str) -> tuple[list[Any], bool]:
    """The records of a JSON document, and whether it was a single object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        salvaged = _salvage_list(text)
        if salvaged is None:
            raise _Rejection(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        return salvaged, False
    if isinstance(data, list):
        return data, False
    if isinstance(data, dict):
        for key in RECORD_LISTS:
            value = next((v for k, v in data.items() if k.lower() == key), None)
            if isinstance(value, list) and (not value or isinstance(value[0], dict)):
                return value, False
        return [data], True
    raise _Rejection(f"JSON holds a {type(data).__name__}, not an article record or a list of them")


_NEXT_RECORD = re.compile(r"\}\s*,\s*(?=\{)")


def _salvage_list(text: str) -> list[Any] | None:
    """The records of a JSON list in which some records are broken: each record that parses
    is kept, each one that does not becomes a _Rejection naming it; None when the text is not a
    list of objects at all."""
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    if not text.startswith("[", position):
        return None
    position += 1
    records: list[Any] = []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        try:
            record, end = decoder.raw_decode(text, position)
            records.append(record)
            position = end
        except json.JSONDecodeError as exc:
            records.append(_Rejection(f"invalid JSON: {exc.msg}"))
            following = _NEXT_RECORD.search(text, position + 1)
            if following is None:
                break
            position = following.end()
    return records if any(not isinstance(r, _Rejection) for r in records) else None


def _records(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield (where in the file, record) for a record file ("" for a file that holds one
    record); a record that cannot be parsed is yielded as a _Rejection so the caller counts it."""
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        data = _read_bytes(path)  # read once; permission and existence errors named like the others
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises several types for broken files
            raise _Rejection(f"not a readable Parquet file: {exc}") from None
        for i, rec in enumerate(frame.to_dict("records"), start=1):
            yield f"row {i}", rec
        return
    text = _read_text(path)
    if suffix == ".json":
        records, single = _records_from_json(text)
        for i, rec in enumerate(records, start=1):
            yield ("" if single else f"record {i}"), rec
    elif suffix in {".jsonl", ".ndjson"}:
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"line {i}", json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"line {i}", _Rejection(f"invalid JSON at column {exc.colno}: {exc.msg}")
    else:  # csv / tsv
        delimiter = "\t" if suffix == ".tsv" else ","
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
            rows = list(reader)
        except csv.Error as exc:
            raise _Rejection(f"invalid CSV: {exc}") from None
        if not reader.fieldnames:
            raise _Rejection("CSV without a header row")
        for i, row in enumerate(rows, start=2):
            if None in row:
                yield f"line {i}", _Rejection(f"more fields than the header has ({len(reader.fieldnames)})")
            else:
                yield f"line {i}", row


def _html_record(path: Path) -> dict[str, Any]:
    import trafilatura
    from trafilatura.utils import decode_file

    data = _read_bytes(path)
    if not data.strip():
        raise _Rejection("empty file (0 bytes)" if not data else "no text (the file holds only whitespace)")
    try:
        decode_bytes(data)
    except NotText as exc:
        raise _Rejection(str(exc)) from None
    html = decode_file(data)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    if doc is None:
        raise _Rejection("HTML page without article text that could be extracted")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not text.strip():
        raise _Rejection("HTML page without article text that could be extracted")
    return {
        "text": text,
        "title": meta.get("title"),
        "outlet": meta.get("sitename") or meta.get("hostname"),
        "published": meta.get("date"),
        "url": meta.get("url"),
        "byline": meta.get("author"),
    }


# --- records to article rows ----------------------------------------------------------------

def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    if isinstance(value, str) and not value.strip():
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else len(value) == 0
    except (TypeError, ValueError):
        return False


def _as_text(value: Any) -> str | None:
    """Flatten a field value to a string: lists of names joined, {"name": …} objects named."""
    if _blank(value):
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
        return _as_text(value)
    if isinstance(value, (list, tuple)):
        parts = [_as_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    return str(value).strip()


def _map_fields(record: Mapping[str, Any], columns: Mapping[str, str] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a record into (known columns, extra fields)."""
    lower = {str(k).lower(): k for k in record}
    known: dict[str, Any] = {}
    used: set[str] = set()
    for column, names in FIELD_NAMES.items():
        if columns and column in columns:
            key = columns[column]
            if key not in record:
                raise _Rejection(f"has no field {key!r} (named by columns= for {column!r})")
            known[column], _ = record[key], used.add(key)
            continue
        present = [lower[n] for n in names if n in lower and lower[n] not in used]
        chosen = next((k for k in present if not _blank(record[k])), present[0] if present else None)
        if chosen is not None:
            known[column] = record[chosen]
            used.add(chosen)
    other_texts = {lower[n] for n in FIELD_NAMES["text"] if n in lower}
    extra = {str(k): v for k, v in record.items() if k not in used and k not in other_texts}
    return known, extra


@dataclass
class _Row:
    label: str
    default_id: str
    fields: dict[str, Any]
    extra: dict[str, Any]


PARALLEL_FROM = 400  # records from which cleaning runs on several processes


def _article_or_reason(row: _Row) -> dict[str, Any] | _Rejection:
    try:
        return _article(row)
    except _Rejection as exc:
        return exc


def _make_articles(records: list[_Row], workers: int | None) -> list[dict[str, Any] | _Rejection]:
    """:func:`_article` of each record (or why it is rejected), in order; on ``workers``
    processes (default every core) when there are many."""
    workers = worker_count(workers)
    if workers == 1 or len(records) < PARALLEL_FROM:
        return [_article_or_reason(r) for r in records]
    with process_pool(workers) as pool:
        return list(pool.map(_article_or_reason, records, chunksize=max(1, len(records) // (8 * workers))))


class _Inputs:
    """What becomes of each input, in input order: a record to make into an article, or a
    rejection. Counts the inputs (each path or pattern that names nothing, each file
    rejected whole, each record). With ``raising`` (``on_error="raise"``), the first
    rejection raises :class:`CorpusError`, and each record is cleaned as it comes, so that
    the first bad input is the one named."""

    def __init__(self, raising: bool) -> None:
        self.raising = raising
        self.count = 0
        self.rejections: list[_Rejection] = []
        self.rows: list[dict[str, Any]] = []  # the articles made so far
        self._waiting: list[_Row | _Rejection] = []  # in input order, until the records are cleaned
        self._ids: dict[str, str] = {}  # article id -> the input it was loaded from

    def reject(self, input: str, reason: str, *, counted: bool = False) -> None:
        """Reject ``input`` (``counted``: an input counted already, a record that cleaning rejects)."""
        self.count += not counted
        rejection = _Rejection(reason, input)
        if self.raising:
            raise CorpusError(f"{input}: {reason}")
        if self._waiting and not counted:
            self._waiting.append(rejection)  # (its place among records still to clean)
        else:
            self.rejections.append(rejection)

    def record(self, row: _Row) -> None:
        self.count += 1
        if self.raising:
            self._accept(row, _article_or_reason(row))
        else:
            self._waiting.append(row)

    def make_articles(self, workers: int | None) -> list[dict[str, Any]]:
        """Clean every waiting record (on several processes when there are many) and keep the
        articles, rejecting records without text and ids seen before; the articles made."""
        waiting, self._waiting = self._waiting, []
        made = iter(_make_articles([e for e in waiting if isinstance(e, _Row)], workers))
        for event in waiting:
            if isinstance(event, _Rejection):
                self.rejections.append(event)
            else:
                self._accept(event, next(made))
        return self.rows

    def _accept(self, row: _Row, article: dict[str, Any] | _Rejection) -> None:
        if isinstance(article, _Rejection):
            self.reject(row.label, article.reason, counted=True)
            return
        aid = article["article_id"]
        if aid in self._ids:
            self.reject(row.label, f"duplicate article_id {aid!r} (already loaded from {self._ids[aid]})", counted=True)
            return
        self._ids[aid] = row.label
        self.rows.append(article)


def _no_text_field(record: Mapping[str, Any]) -> str:
    """Why a record has no text: the field names looked for, and the record's own."""
    fields = [str(k) for k in record]
    shown = ", ".join(repr(f) for f in fields[:12]) + (f" and {len(fields) - 12} more" if len(fields) > 12 else "")
    return ("no text field (looked for a field named " + ", ".join(FIELD_NAMES["text"])
            + f"; the record's fields are {shown or 'none'}: name the one holding the text with columns=)")


def _article(row: _Row) -> dict[str, Any]:
    f = row.fields
    raw = f.get("text")
    if _blank(raw):
        raise _Rejection("no text (its text field is empty)")
    if not isinstance(raw, str):
        raise _Rejection(f"the text field holds a {type(raw).__name__}, not a string")
    title = _as_text(f.get("title"))
    cleaned = clean_article(raw, title=title)
    if not cleaned.text.strip():
        raise _Rejection("no text left after removing page furniture")
    out = {
        "article_id": _as_text(f.get("article_id")) or row.default_id,
        "outlet": _as_text(f.get("outlet")) or cleaned.credit,
        "story": _as_text(f.get("story")),
        "title": cleaned.title,
        "published": _as_text(f.get("published")) or cleaned.date,
        "byline": _as_text(f.get("byline")) or cleaned.byline,
        "dateline": _as_text(f.get("dateline")) or cleaned.dateline,
        "credit": _as_text(f.get("credit")) or cleaned.credit,
        "url": _as_text(f.get("url")),
        "text": cleaned.text,
        "source": row.label,
        "removed": list(cleaned.removed),
        "removed_rule": list(cleaned.rules),
    }
    out.update(row.extra)
    return out


def _remove_repeated(rows: list[dict[str, Any]], min_articles: int) -> None:
    """Take out of each row's text the lines its outlet repeats (page furniture found by
    repetition), adding them to ``removed`` with their rule and in text order."""
    groups = [row.get("outlet") for row in rows]
    names: dict[Any, set[str]] = {}
    hosts: dict[Any, set[str]] = {}
    for row, group in zip(rows, groups):
        if group not in names:
            names[group] = name_forms(group) if isinstance(group, str) else set()
            hosts[group] = set()
        url = row.get("source_url") or row.get("url")
        if isinstance(url, str) and len(hosts[group]) < MAX_HOSTS:
            host = url.split("//")[-1].split("/")[0]
            if host not in hosts[group]:
                hosts[group].add(host)
                names[group] |= url_forms(url)
    results = remove_repeated_lines([row["text"] for row in rows], groups, names, min_articles=min_articles)
    for row, (text, removed) in zip(rows, results):
        if not removed:
            continue
        row["text"] = text
        pairs = list(zip(row["removed"], row["removed_rule"])) + removed  # the article's own, then the repeated
        row["removed"] = [line for line, _ in pairs]
        row["removed_rule"] = [rule for _, rule in pairs]


MAX_HOSTS = 5  # web hosts an outlet's own names are taken from (its articles share a few)


def _long_enough(rows: list[dict[str, Any]], min_words: int, inputs: _Inputs) -> list[dict[str, Any]]:
    """The rows with at least ``min_words`` words of text; the others are rejected."""
    if min_words <= 0:
        return rows
    kept = []
    for row in rows:
        text = row["text"]
        if text.count(" ") + text.count("\n\n") + 1 >= min_words:  # (single-spaced: words are the gaps and one)
            kept.append(row)
            continue
        n = len(text.split())
        if n < min_words:
            inputs.reject(row["source"], f"{n} word{'s' if n != 1 else ''} after cleaning (fewer than {min_words}): "
                                         "a caption or a failed extraction?", counted=True)
        else:
            kept.append(row)
    return kept


# --- manifest -------------------------------------------------------------------------------

def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Manifest rows keyed by the resolved path of the file each one describes."""
    try:
        text, _ = decode_bytes(path.read_bytes())
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (OSError, NotText, csv.Error) as exc:
        raise CorpusError(f"{path}: cannot read the manifest: {exc}") from None
    if not rows or "path" not in rows[0]:
        raise CorpusError(f"{path}: a manifest needs a 'path' column")
    out = {}
    for row in rows:
        target = (path.parent / row["path"]).resolve()
        out[str(target)] = {k: v for k, v in row.items() if k != "path" and k is not None and not _blank(v)}
    return out


def _is_manifest(path: Path) -> bool:
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), [])
    except OSError:
        return False
    names = {h.strip().lower() for h in header}
    return "path" in names and not names & set(FIELD_NAMES["text"])


# --- the public function --------------------------------------------------------------------

def load_corpus(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    manifest: str | os.PathLike[str] | Literal[False] | None = None,
    columns: Mapping[str, str] | None = None,
    on_error: Literal["warn", "raise"] = "warn",
    workers: int | None = None,
    cache: str | os.PathLike[str] | None = None,
    min_words: int = MIN_ARTICLE_WORDS,
    repeated_lines: int | None = MIN_REPEAT_ARTICLES,
) -> pd.DataFrame:
    """Load articles into the ``articles`` table.

    Parameters
    ----------
    source
        A file, a folder (read recursively; hidden files skipped), a glob pattern, a list of
        any of these, or a manifest CSV (a ``path`` column and no text column).
        Formats: ``.txt``, ``.html``/``.htm`` (text and metadata extracted offline),
        ``.json`` (one record, a list, or ``{"articles": [...]}``), ``.jsonl``, ``.csv``,
        ``.parquet``.
    manifest
        A CSV with a ``path`` column (relative to the manifest) and any of ``outlet``,
        ``story``, ``published``, ``url``, ``title`` … Its values override what is found in
        the files. A ``manifest.csv`` at the top of a folder is used by default; pass
        ``manifest=False`` to ignore it.
    columns
        Which record field holds which column, where the automatic mapping (see
        ``FIELD_NAMES``) guesses wrong: ``{"text": "story_body", "outlet": "paper"}``.
    on_error
        ``"warn"``: load what can be loaded and issue one :class:`CorpusWarning` naming every
        rejected input and the reason. ``"raise"``: raise :class:`CorpusError` at the first.
    workers
        Processes that clean the texts of a large corpus (default: every core; 1: none).
    cache
        A folder (the one given to :func:`toolkit.analyze` will do) where the loaded table
        is kept as Parquet, keyed on the bytes of every input file, the options and the
        toolkit's code: loading the same files again reads it back instead of cleaning
        every text (rejections are reported again). Any change to a file loads afresh.
    min_words
        Reject a record with fewer words than this once cleaned ("12 words after cleaning: a
        caption or a failed extraction?"); 0 keeps every record with text.
    repeated_lines
        Remove, as page furniture, lines that recur in this many articles of one outlet and
        do not read as reporting (see :func:`toolkit.cleaning.remove_repeated_lines`);
        None or 0 turns it off.

    Returns
    -------
    pandas.DataFrame
        One row an article: ``article_id``, ``outlet``, ``story``, ``title``, ``published``
        (datetime, NaT where absent or unparseable), ``byline``, ``dateline``, ``credit``,
        ``url``, ``text`` (cleaned; all offsets index into it), ``source`` (file and record),
        ``removed`` (lines of page furniture taken out of the text), ``removed_rule`` (the
        rule that took out each of them, in the same order), then any other fields of the
        records. ``attrs["n_inputs"]`` counts the inputs and ``attrs["rejected"]`` lists
        the rejected ones; ``len(df) + len(attrs["rejected"]) == attrs["n_inputs"]``.
    """
    _check_options(on_error, min_words, repeated_lines)
    inputs = _Inputs(raising=on_error == "raise")
    sources, files, meta = _find_inputs(source, manifest, inputs)
    store = key = None
    if cache is not None:
        options = {"columns": sorted((columns or {}).items()), "min_words": min_words, "repeated_lines": repeated_lines}
        store, key = caching.Store(cache), _load_key(sources, files, meta, options, inputs.rejections)
        kept = _read_loaded(store, key)
        if kept is not None:
            articles, n_inputs, rejections = kept
            if inputs.raising and rejections:
                raise CorpusError(f"{rejections[0].input}: {rejections[0].reason}")
            return _report(articles, n_inputs, rejections, "read back from the cache")
    listed = set(meta)  # the manifests' files not yet found among the inputs
    for path, label, stem, real in _distinct_files(files, listed, inputs):
        _read_file(path, label, stem, meta.get(real, {}), columns, inputs)
    for missing in sorted(listed):
        inputs.reject(missing, "listed in the manifest but not found among the inputs")
    rows = inputs.make_articles(workers)
    if repeated_lines:
        _remove_repeated(rows, repeated_lines)
    rows = _long_enough(rows, min_words, inputs)
    articles = _frame(rows)
    if store is not None:
        _keep_loaded(store, key, articles, inputs.rejections)
    return _report(articles, inputs.count, inputs.rejections, "loaded")


def _check_options(on_error: str, min_words: Any, repeated_lines: Any) -> None:
    if on_error not in ("warn", "raise"):
        raise ValueError(f"load_corpus: on_error must be 'warn' or 'raise', not {on_error!r}")
    if not isinstance(min_words, int) or min_words < 0:
        raise ValueError(f"load_corpus: min_words must be a whole number of 0 or more, not {min_words!r}")
    if repeated_lines is not None and (not isinstance(repeated_lines, int) or repeated_lines < 0
                                       or repeated_lines == 1):
        raise ValueError("load_corpus: repeated_lines must be None, 0 (off) or a number of articles of 2 or more, "
                         f"not {repeated_lines!r}")


def _find_inputs(source: Any, manifest: Any, inputs: _Inputs) -> tuple[list[Any], list[Path], dict[str, dict[str, Any]]]:
    """The sources as given (a manifest given as the source replaced by its files), the files
    they name, and the manifests' rows by the resolved path of their file: a manifest passed
    as ``manifest``, then those given as the source, then (``manifest`` None) those found at
    the top of a folder."""
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    meta: dict[str, dict[str, Any]] = {}
    if manifest not in (None, False):
        meta.update(_read_manifest(Path(manifest)))
    for given in [s for s in sources if Path(s).is_file() and _is_manifest(Path(s))]:
        sources.remove(given)
        rows = _read_manifest(Path(given))
        meta.update(rows)
        sources.extend(rows)  # the manifest's files are the source
    files, found_manifests = _expand(sources, inputs)
    if manifest is None:
        for found in found_manifests:
            meta.update(_read_manifest(found))
    return sources, files, meta


def _real_path(path: Path) -> str:
    try:
        return str(path.resolve(strict=False))
    except (OSError, RuntimeError):  # a link loop
        return str(path)


def _distinct_files(files: list[Path], listed: set[str], inputs: _Inputs) -> Iterator[tuple[Path, str, str, str]]:
    """``(path, label, stem, real path)`` of each file to read: files named twice and files
    of a type the toolkit does not read are rejected; ``listed`` loses each file it holds.
    The stem (the path below the files' common folder, without suffix) is the default
    article id; the real path is what the manifests' rows are keyed by."""
    root = _common_root(files)
    seen: dict[str, str] = {}
    for path in files:
        label, real = str(path), _real_path(path)
        listed.discard(real)
        if real in seen:
            inputs.reject(label, f"listed twice (already loaded as {seen[real]})")
            continue
        seen[real] = label
        if path.suffix.lower() not in SUFFIXES:
            inputs.reject(label, f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                 f"supported: {', '.join(sorted(SUFFIXES))}")
            continue
        try:
            rel = path.absolute().relative_to(root)
        except ValueError:
            rel = Path(path.name)
        yield path, label, rel.with_suffix("").as_posix(), real


def _read_file(path: Path, label: str, stem: str, file_meta: Mapping[str, Any], columns: Mapping[str, str] | None,
               inputs: _Inputs) -> None:
    """Hand each record of one file to ``inputs`` (with its manifest row's values), or
    reject the file whole."""
    try:
        records = list(_file_records(path, label, stem, columns))
    except _Rejection as exc:
        inputs.reject(label, exc.reason)
        return
    if not records:
        inputs.reject(label, "no records in the file")
        return
    for record in records:
        if isinstance(record, _Rejection):
            inputs.reject(record.input, record.reason)
            continue
        if file_meta:
            record.fields.update({k: v for k, v in file_meta.items() if k in FIELD_NAMES})
            record.extra.update({k: v for k, v in file_meta.items() if k not in FIELD_NAMES})
        inputs.record(record)


def _file_records(path: Path, label: str, stem: str, columns: Mapping[str, str] | None) \
        -> Iterator[_Row | _Rejection]:
    """The records of one file, each a :class:`_Row` or the :class:`_Rejection` of that
    record; raises :class:`_Rejection` for a file that cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield _Row(label, stem, {"text": _read_text(path)}, {})
        return
    if suffix in HTML_SUFFIXES:
        yield _Row(label, stem, _html_record(path), {})
        return
    for where, record in _records(path):
        record_label = f"{label} {where}" if where else label
        if isinstance(record, _Rejection):
            yield _Rejection(record.reason, record_label)
        elif not isinstance(record, Mapping):
            yield _Rejection(f"a record must be an object with named fields, not a {type(record).__name__}",
                             record_label)
        else:
            try:
                known, extra = _map_fields(record, columns)
            except _Rejection as exc:
                yield _Rejection(exc.reason, record_label)
                continue
            if "text" not in known:
                yield _Rejection(_no_text_field(record), record_label)
                continue
            yield _Row(record_label, f"{stem}#{where.split()[-1]}" if where else stem, known, extra)


def _report(articles: pd.DataFrame, n_inputs: int, rejections: list[_Rejection], how: str) -> pd.DataFrame:
    """``articles`` with its accounting in ``attrs``; one warning naming every rejection."""
    articles.attrs["n_inputs"] = n_inputs
    articles.attrs["rejected"] = [{"input": r.input, "reason": r.reason} for r in rejections]
    if rejections:
        lines = "\n".join(f"  {r.input}: {r.reason}" for r in rejections)
        message = (f"load_corpus: loaded {len(articles)} of {n_inputs} inputs; "
                   f"rejected {len(rejections)}:\n{lines}")
        log.warning(message)
        warnings.warn(CorpusWarning(message), stacklevel=3)
    log.info("load_corpus: %d articles from %d inputs (%s)", len(articles), n_inputs, how)
    return articles


# --- keeping a loaded corpus ----------------------------------------------------------------

def _load_key(sources: list[Any], files: list[Path], meta: Mapping[str, Any], options: Mapping[str, Any],
              rejections: list[_Rejection]) -> str:
    """A hash of everything a load depends on: the toolkit's code, the options, the
    manifests' rows, each input's name and bytes."""
    digest = hashlib.blake2b(caching.code_fingerprint().encode(), digest_size=16)
    for part in (repr([os.fspath(s) for s in sources]), repr(sorted((k, sorted(v.items())) for k, v in meta.items())),
                 repr(sorted(options.items())), repr([(r.input, r.reason) for r in rejections])):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for path in files:
        digest.update(f"{path}\0{path.absolute()}\0".encode("utf-8", "surrogatepass"))
        try:
            digest.update(path.read_bytes() if path.is_file() else b"\1not a file")
        except OSError as exc:
            digest.update(f"\1{exc!r}".encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _keep_loaded(store: caching.Store, key: str, articles: pd.DataFrame, rejections: list[_Rejection]) -> None:
    """Keep a loaded table in the cache under ``key``, unless a column holds mixed Python values that
    Parquet would not give back as they are (then the next load cleans again)."""
    mixed = [c for c in articles.columns if c not in ("removed", "removed_rule") and articles[c].dtype == object]
    if mixed:
        log.info("load_corpus: not cached, the columns %s hold mixed values", mixed)
        return
    rejected = pd.DataFrame({"input": [r.input for r in rejections], "reason": [r.reason for r in rejections]},
                            dtype="string")
    try:
        store.write("articles", key, {"articles": articles, "rejected": rejected})
    except (OSError, ValueError, TypeError, ArrowException) as exc:
        log.info("load_corpus: not cached (%s)", exc)


def _read_loaded(store: caching.Store, key: str) -> tuple[pd.DataFrame, int, list[_Rejection]] | None:
    """What :func:`_keep_loaded` wrote, with the count of inputs (every one loaded or
    rejected), or None."""
    try:
        tables = store.read("articles", key, ("articles", "rejected"))
    except (OSError, ValueError, ArrowException):
        return None
    if tables is None:
        return None
    articles = tables["articles"]
    for column in ("removed", "removed_rule"):
        articles[column] = [list(lines) for lines in articles[column]]
    articles.attrs.clear()
    rejections = [_Rejection(r.reason, r.input) for r in tables["rejected"].itertuples(index=False)]
    return articles, len(articles) + len(rejections), rejections


def _parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in any common form; empty or unparseable values become NaT.
    Times with a zone are converted to UTC; all values come back without a zone."""
    def one(v: Any) -> pd.Timestamp:
        if _blank(v):
            return pd.NaT
        try:
            ts = pd.Timestamp(v) if not isinstance(v, str) else pd.to_datetime(v, format="mixed")
        except (ValueError, TypeError, OverflowError):
            return pd.NaT
        if ts is pd.NaT:
            return ts
        return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts

    cache: dict[Any, pd.Timestamp] = {}
    # Strings are parsed in one call (the same parser, value by value, in compiled code); a
    # zone converts to UTC, as above; what a nanosecond timestamp cannot hold becomes NaT.
    texts = list({v for v in values if isinstance(v, str) and not _blank(v)})
    try:
        parsed = pd.to_datetime(pd.Series(texts, dtype="object"), format="mixed", errors="coerce", utc=True)
        parsed = parsed.dt.tz_localize(None).astype("datetime64[us]")
        in_range = parsed.between(pd.Timestamp.min, pd.Timestamp.max)
        cache.update(zip(texts, parsed.where(in_range, pd.NaT).astype("datetime64[ns]")))
    except (ValueError, TypeError, OverflowError):
        pass  # value by value below
    out = []
    for v in values:
        key = v if isinstance(v, (str, int, float)) or v is None else repr(v)
        if key not in cache:
            cache[key] = one(v)
        out.append(cache[key])
    return pd.Series(pd.to_datetime(pd.Series(out, dtype="object"), errors="coerce"), index=values.index).astype("datetime64[ns]")


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ARTICLE_COLUMNS:
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), dtype="object")
    extras = [c for c in frame.columns if c not in ARTICLE_COLUMNS]
    frame = frame[list(ARTICLE_COLUMNS) + extras]
    frame["published"] = _parse_dates(frame["published"])
    for column in ("article_id", "outlet", "story", "title", "byline", "dateline", "credit", "url", "text", "source"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)


def rejected(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs :func:`load_corpus` rejected, as a table with ``input`` and ``reason``."""
    return pd.DataFrame(articles.attrs.get("rejected", []), columns=["input", "reason"])
