"""Loading articles from files into the ``articles`` table.

One call, :func:`load_corpus`, reads a file, a folder (recursively), a glob, a list of these,
or a manifest CSV; understands .txt, .html/.htm, .json, .jsonl, .csv and .parquet; maps the
usual field names of news exports; cleans scraped text (see :mod:`toolkit.cleaning`); and
accounts for every input: each one is either loaded or rejected with a reason.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import stat
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pyarrow import ArrowException

from . import caching
from ._dates import date_notes, parse_dates
from ._files import (CsvRow, Unclosed, csv_header, decode_repaired, expand_pattern, is_glob, printable, read_csv,
                     walk)
from ._parallel import process_pool, worker_count
from ._text import NotText
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
MAX_NESTING = 100  # levels of lists and objects in a record: an export nests a few (a list of authors)

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

def _expand(source: Any, inputs: _Inputs) -> tuple[list[Path], list[Path]]:
    """Return (files, manifests found at the top of given folders). A path that exists is
    read as a path, glob characters or not; otherwise one with glob characters is a pattern.
    A path or pattern that names nothing, and a folder that cannot be read, is rejected."""
    items = list(source) if isinstance(source, (list, tuple, set)) else [source]
    files: list[Path] = []
    manifests: list[Path] = []

    def unreadable(folder: Path, exc: OSError) -> None:
        inputs.reject(printable(folder), f"cannot read the folder ({_os_reason(exc)}): "
                                         "the files in it, if any, are not loaded")

    for item in items:
        s = os.fsdecode(os.fspath(item))
        found = _look_up(s)
        if isinstance(found, str):
            inputs.reject(printable(s), found)
            continue
        if found and os.path.isdir(s):
            top = Path(s) / MANIFEST_NAME
            for f in walk(Path(s), unreadable):
                (manifests if f == top else files).append(f)
            continue
        if found:
            files.append(Path(s))
            continue
        if not is_glob(s):
            inputs.reject(printable(s), "no such file or folder")
            continue
        matches = expand_pattern(s, unreadable)
        if not matches:
            inputs.reject(printable(s), "the pattern matches no file")
        named: set[Path] = set()  # (a file below two folders the pattern matches is named once)
        for m in matches:
            for f in (walk(m, unreadable) if os.path.isdir(m) else [m]):
                if f not in named:
                    named.add(f)
                    files.append(f)
    return files, manifests


def _look_up(path: str) -> bool | str:
    """Whether ``path`` names something (a broken link too), or why that cannot be known."""
    try:
        os.lstat(path)
        return True
    except FileNotFoundError:
        return False
    except OSError as exc:  # (a folder on the way that cannot be read, a name too long …)
        return f"cannot read ({_os_reason(exc)})"
    except ValueError:
        return "not a path (it holds a NUL character)"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def _common_root(paths: list[Path]) -> Path:
    parents = [str(p.absolute().parent) for p in paths]
    if not parents:
        return Path(".")
    try:
        return Path(os.path.commonpath(parents))
    except ValueError:  # paths on different drives
        return Path(".")


# --- reading one file -----------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        kind = stat.S_IFMT(os.stat(path).st_mode)
        if kind != stat.S_IFREG and kind != stat.S_IFDIR:  # a pipe or a device would block or never end
            raise _Rejection(f"not a regular file ({_FILE_KINDS.get(kind, 'a special file')})")
        return path.read_bytes()
    except IsADirectoryError:
        raise _Rejection("is a folder, not a file") from None
    except PermissionError:
        raise _Rejection("permission denied") from None
    except OSError as exc:
        raise _Rejection(f"cannot read: {exc.strerror or exc}") from None


_FILE_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
               stat.S_IFSOCK: "a socket"}


def _read_text(path: Path, notes: list[str]) -> str:
    """The text of a file; what decoding repaired (bytes that are not UTF-8 in a UTF-8 file)
    is added to ``notes``."""
    try:
        text, _, repairs = decode_repaired(_read_bytes(path))
    except NotText as exc:
        raise _Rejection(str(exc)) from None
    if not text.strip():
        raise _Rejection("no text (the file holds only whitespace)")
    notes.extend(repairs)
    return text


def _too_deep(text: str) -> str:
    """Why JSON that exhausts the parser's recursion is rejected, with how deep it nests."""
    depth = deepest = 0
    for match in _JSON_NESTING.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return f"JSON nested {deepest} levels deep, too deep to read (an article record nests a few)"


def _closing_bracket(text: str, start: int) -> int | None:
    """Where the list or object that opens at ``start`` ends (brackets in strings not
    counted), or None where it does not open there or never closes."""
    if text[start:start + 1] not in ("[", "{"):
        return None
    depth = 0
    for match in _JSON_NESTING.finditer(text, start):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
        elif bracket in "]}":
            depth -= 1
            if depth == 0:
                return match.end()
    return None


_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _records_from_json(text: str) -> tuple[list[Any], bool]:
    """The records of a JSON document, and whether it was a single object."""
    try:
        data = json.loads(text)
    except RecursionError:
        salvaged = _salvage_list(text)
        if salvaged is None:
            raise _Rejection(_too_deep(text)) from None
        return salvaged, False
    except ValueError as exc:  # (JSONDecodeError; or a number of more than 4300 digits)
        salvaged = _salvage_list(text)
        if salvaged is None:
            raise _Rejection(_json_error(exc)) from None
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
        except json.JSONDecodeError as exc:
            records.append(_Rejection(f"invalid JSON: {exc.msg}"))
        except (RecursionError, ValueError) as exc:  # well formed, but too deep, or a number too long
            records.append(_Rejection("JSON nested too deep to read (an article record nests a few levels)"
                                      if isinstance(exc, RecursionError) else f"invalid JSON: {exc}"))
            end = _closing_bracket(text, position)  # (its brackets are balanced: step over it whole)
            if end is not None:
                position = end
                continue
        else:
            records.append(record)
            position = end
            continue
        following = _NEXT_RECORD.search(text, position + 1)
        if following is None:
            break
        position = following.end()
    return records if any(not isinstance(r, _Rejection) for r in records) else None


def _records(path: Path, notes: list[str]) -> Iterator[tuple[str, Any]]:
    """Yield (where in the file, record) for a record file ("" for a file that holds one
    record); a record that cannot be parsed is yielded as a _Rejection so the caller counts
    it; what reading repaired is added to ``notes``."""
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
    text = _read_text(path, notes)
    if suffix in {".json", ".jsonl", ".ndjson"}:
        escaped = _SURROGATE_ESCAPE.search(text) is not None
        replaced = [0]  # lone surrogates replaced, over the file
        for where, record in _json_records(text, suffix):
            if escaped and not isinstance(record, _Rejection) and _nesting(record) <= MAX_NESTING:
                record = _without_surrogates(record, replaced)
            yield where, record
        if replaced[0]:
            notes.append(f"{replaced[0]} lone UTF-16 surrogate{'s' if replaced[0] != 1 else ''} (a \\ud800-\\udfff "
                         "escape not part of a pair) replaced with U+FFFD")
        return
    delimiter = "\t" if suffix == ".tsv" else ","
    try:
        header, rows = read_csv(text, delimiter)
    except (csv.Error, ValueError) as exc:  # (ValueError: the header row's quotation mark never closes)
        raise _Rejection(f"invalid CSV: {exc}") from None
    if not header:
        raise _Rejection("CSV without a header row")
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        notes.append(f"the header names {', '.join(repr(n) for n in twice)} more than once: of such columns "
                     "only the last is read")
    for row in rows:
        where = f"line {row.number}"
        if not isinstance(row, CsvRow):
            yield where, _Rejection(_unclosed_reason(row))
        elif len(row.fields) > len(header):
            yield where, _Rejection(f"more fields than the header has ({len(header)})")
        else:
            yield where, dict(zip(header, row.fields + [None] * (len(header) - len(row.fields))))


def _unclosed_reason(row: Unclosed) -> str:
    """Why a row with a quotation mark that does not close where a field can end is set aside."""
    how = ("never closes" if not row.closed else
           f"is closed only on line {row.closed}, by a mark with text right after it (most likely the opening mark "
           "of a later field)")
    after = (f"the line after it, which would have been read as its text, is read as a row" if row.lines_after == 1
             else f"the {row.lines_after} lines after it, which would have been read as its text, are read as rows")
    return f"a quotation mark opened on line {row.line} of the file {how}: this row is set aside, and {after}"


def _json_records(text: str, suffix: str) -> Iterator[tuple[str, Any]]:
    if suffix == ".json":
        records, single = _records_from_json(text)
        for i, rec in enumerate(records, start=1):
            yield ("" if single else f"record {i}"), rec
        return
    # Lines end at \n (or \r\n; \r in a file without \n): JSON strings may hold U+2028 and
    # other characters that str.splitlines would also break at.
    for i, line in enumerate(text.split("\n" if "\n" in text or "\r" not in text else "\r"), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {i}", json.loads(line)
        except RecursionError:
            yield f"line {i}", _Rejection(_too_deep(line))
        except ValueError as exc:
            yield f"line {i}", _Rejection(_json_error(exc, with_line=False))


def _json_error(exc: ValueError, with_line: bool = True) -> str:
    if not isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc}"
    return (f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}" if with_line
            else f"invalid JSON at column {exc.colno}: {exc.msg}")


# A JSON escape of a UTF-16 surrogate: only these put lone surrogates (which no UTF-8 text,
# Parquet file or terminal takes) into Python strings.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any, replaced: list[int]) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD,
    counted in ``replaced[0]``; ``value`` itself is left as it is."""
    if isinstance(value, str):
        fixed, n = _SURROGATE.subn("\ufffd", value)
        replaced[0] += n
        return fixed
    if isinstance(value, dict):
        return {_without_surrogates(k, replaced): _without_surrogates(v, replaced) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v, replaced) for v in value]
    return value


def _nesting(value: Any) -> int:
    """How many levels of lists and objects ``value`` holds (0 for a plain value), counted
    without recursion."""
    if isinstance(value, dict) and not any(isinstance(v, (dict, list, tuple)) for v in value.values()):
        return 1  # (a record of plain fields: most of them)
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, (list, tuple)):
            continue
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list, tuple)))
    return deepest


def _html_record(path: Path, notes: list[str]) -> dict[str, Any]:
    import trafilatura
    from trafilatura.utils import decode_file

    data = _read_bytes(path)
    if not data.strip():
        raise _Rejection("empty file (0 bytes)" if not data else "no text (the file holds only whitespace)")
    try:
        decoded, _, repairs = decode_repaired(data)
    except NotText as exc:
        raise _Rejection(str(exc)) from None
    if repairs and _western_or_no_charset(data):
        html = decoded  # partly UTF-8, partly Windows-1252 (or cut short): repaired as a text file is
        notes.extend(repairs)
    else:
        html = decode_file(data)  # (which honours the page's own charset)
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


_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WESTERN = {"utf-8", "utf8", "windows-1252", "cp1252", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


def _western_or_no_charset(data: bytes) -> bool:
    """Whether a page declares no charset, or UTF-8 or Windows-1252 (or its subsets): only
    then are bytes that are not UTF-8 read as Windows-1252."""
    declared = _CHARSET.search(data, 0, 4096)
    return declared is None or declared.group(1).decode("ascii").lower() in _WESTERN


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
    except RecursionError:  # (records are checked for nesting; this is the last guard)
        return _Rejection("a field nested too deep to read")
    except Exception as exc:  # a failure of the toolkit's own on this record: it is named, the others load
        log.exception("load_corpus: making an article of %s failed", row.label)
        return _Rejection(f"could not be made an article, an error in the toolkit ({type(exc).__name__}: {exc}); "
                          "please report it")


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
        self.notes: list[dict[str, str]] = []  # what was repaired in inputs loaded: {"input", "note"}
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

    def note(self, input: str, note: str) -> None:
        """Say what was repaired in ``input`` (which is loaded, so not counted here)."""
        self.notes.append({"input": input, "note": note})

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
        "published": _as_text(f.get("published")) or cleaned.date,  # (parsed in _frame, this kept as published_raw)
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

def _read_manifest(path: Path, inputs: _Inputs) -> dict[str, dict[str, Any]]:
    """Manifest rows keyed by the resolved path of the file each one describes. A manifest
    that cannot be read, and a row that cannot be used (no path, more fields than the
    header, a quotation mark that never closes), is rejected by name; the other rows count."""
    label = printable(path)
    try:
        text, _, repairs = decode_repaired(_read_bytes(path))
        header, rows = read_csv(text)
    except _Rejection as exc:
        inputs.reject(label, f"cannot read the manifest: {exc.reason}")
        return {}
    except (NotText, csv.Error, ValueError) as exc:
        inputs.reject(label, f"cannot read the manifest: {exc}")
        return {}
    for repair in repairs:
        inputs.note(label, repair)
    names = [h.strip().lower() for h in header or []]
    if "path" not in names:
        inputs.reject(label, "a manifest needs a 'path' column")
        return {}
    at = names.index("path")
    out = {}
    for row in rows:
        where = f"{label} line {row.number}"
        if not isinstance(row, CsvRow):
            inputs.reject(where, _unclosed_reason(row))
        elif len(row.fields) > len(header):
            inputs.reject(where, f"a manifest row with {len(row.fields)} fields, more than the header's {len(header)}")
        elif len(row.fields) <= at or _blank(row.fields[at]):
            inputs.reject(where, f"a manifest row without a path (it has {len(row.fields)} field"
                                 f"{'s' if len(row.fields) != 1 else ''}, the header {len(header)})")
        else:
            target = _real_path(path.parent / row.fields[at])
            out[target] = {k: v for i, (k, v) in enumerate(zip(header, row.fields)) if i != at and not _blank(v)}
    return out


def _is_manifest(path: Path) -> bool:
    if path.suffix.lower() != ".csv":
        return False
    names = {h.strip().lower() for h in csv_header(path)}
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
        every text (rejections and notes are reported again). Any change to a file loads
        afresh.
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
        (datetime, NaT where absent or unreadable; see :mod:`toolkit._dates`),
        ``published_raw`` (the date as the input wrote it, kept whether or not it could be
        read), ``byline``, ``dateline``, ``credit``, ``url``, ``text`` (cleaned; all offsets
        index into it), ``source`` (file and record), ``removed`` (lines of page furniture
        taken out of the text), ``removed_rule`` (the rule that took out each of them, in the
        same order), then any other fields of the records. ``attrs["n_inputs"]`` counts the
        inputs and ``attrs["rejected"]`` lists the rejected ones (``input``, ``reason``);
        ``len(df) + len(attrs["rejected"]) == attrs["n_inputs"]``. ``attrs["notes"]`` lists
        what was repaired or is uncertain in what loaded (``input``, ``note``): bytes not
        UTF-8 in a UTF-8 file, a file cut inside a character, lone surrogates in JSON, dates
        that could not be read or could be day-first or month-first. The warning names
        both.
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
            return _report(articles, n_inputs, rejections, _read_notes(store, key), "read back from the cache")
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
        _keep_notes(store, key, inputs.notes)
    return _report(articles, inputs.count, inputs.rejections, inputs.notes, "loaded")


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
    sources = [source] if isinstance(source, (str, bytes, os.PathLike)) else list(source)
    meta: dict[str, dict[str, Any]] = {}
    if manifest not in (None, False):
        meta.update(_read_manifest(_path(manifest), inputs))
    for given in [s for s in sources if _is_file(s) and _is_manifest(_path(s))]:
        sources.remove(given)
        rows = _read_manifest(_path(given), inputs)
        meta.update(rows)
        sources.extend(rows)  # the manifest's files are the source
    files, found_manifests = _expand(sources, inputs)
    if manifest is None:
        for found in found_manifests:
            meta.update(_read_manifest(found, inputs))
    return sources, files, meta


def _path(source: str | bytes | os.PathLike[str]) -> Path:
    return Path(os.fsdecode(os.fspath(source)))


def _is_file(source: Any) -> bool:
    try:
        return os.path.isfile(os.fspath(source))
    except TypeError:
        return False


def _real_path(path: Path) -> str:
    try:
        return str(path.resolve(strict=False))
    except (OSError, RuntimeError, ValueError):  # a link loop; a NUL character
        return str(path.absolute())


def _distinct_files(files: list[Path], listed: set[str], inputs: _Inputs) -> Iterator[tuple[Path, str, str, str]]:
    """``(path, label, stem, real path)`` of each file to read: files named twice and files
    of a type the toolkit does not read are rejected; ``listed`` loses each file it holds.
    The stem (the path below the files' common folder, without suffix) is the default
    article id; the real path is what the manifests' rows are keyed by. Label and stem are
    printable: a name that is not UTF-8 has its bytes escaped (``caf\\xe9.txt``)."""
    root = _common_root(files)
    seen: dict[str, str] = {}
    for path in files:
        label, real = printable(path), _real_path(path)
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
        yield path, label, printable(rel.with_suffix("").as_posix()), real


def _read_file(path: Path, label: str, stem: str, file_meta: Mapping[str, Any], columns: Mapping[str, str] | None,
               inputs: _Inputs) -> None:
    """Hand each record of one file to ``inputs`` (with its manifest row's values), or
    reject the file whole; what reading repaired is noted."""
    notes: list[str] = []
    try:
        records = list(_file_records(path, label, stem, columns, notes))
    except _Rejection as exc:
        inputs.reject(label, exc.reason)
        return
    except Exception as exc:  # a failure of the toolkit's own on this input: it is named, the others load
        log.exception("load_corpus: reading %s failed", label)
        inputs.reject(label, f"could not be read, an error in the toolkit ({type(exc).__name__}: {exc}); "
                             "please report it")
        return
    if not records:
        inputs.reject(label, "no records in the file")
        return
    for note in notes:
        inputs.note(label, note)
    for record in records:
        if isinstance(record, _Rejection):
            inputs.reject(record.input, record.reason)
            continue
        if file_meta:
            record.fields.update({k: v for k, v in file_meta.items() if k in FIELD_NAMES})
            record.extra.update({k: v for k, v in file_meta.items() if k not in FIELD_NAMES})
        inputs.record(record)


def _file_records(path: Path, label: str, stem: str, columns: Mapping[str, str] | None, notes: list[str]) \
        -> Iterator[_Row | _Rejection]:
    """The records of one file, each a :class:`_Row` or the :class:`_Rejection` of that
    record; raises :class:`_Rejection` for a file that cannot be read at all. What reading
    repaired is added to ``notes``."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield _Row(label, stem, {"text": _read_text(path, notes)}, {})
        return
    if suffix in HTML_SUFFIXES:
        yield _Row(label, stem, _html_record(path, notes), {})
        return
    for where, record in _records(path, notes):
        record_label = f"{label} {where}" if where else label
        if isinstance(record, _Rejection):
            yield _Rejection(record.reason, record_label)
        elif not isinstance(record, Mapping):
            yield _Rejection(f"a record must be an object with named fields, not a {type(record).__name__}",
                             record_label)
        elif _nesting(record) > MAX_NESTING:
            yield _Rejection(f"its fields nest lists or objects more than {MAX_NESTING} levels deep: "
                             "not an article record", record_label)
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


def _report(articles: pd.DataFrame, n_inputs: int, rejections: list[_Rejection], notes: list[dict[str, str]],
            how: str) -> pd.DataFrame:
    """``articles`` with its accounting in ``attrs``; one warning naming every rejection, and
    what was repaired or is uncertain in what loaded (``notes``, and the dates)."""
    notes = list(notes) + date_notes(articles)
    articles.attrs["n_inputs"] = n_inputs
    articles.attrs["rejected"] = [{"input": r.input, "reason": r.reason} for r in rejections]
    articles.attrs["notes"] = notes
    if rejections or notes:
        message = f"load_corpus: loaded {len(articles)} of {n_inputs} inputs"
        if rejections:
            message += f"; rejected {len(rejections)}:\n" + "\n".join(f"  {r.input}: {r.reason}" for r in rejections)
        if notes:
            message += (f"\n{len(notes)} note{'s' if len(notes) != 1 else ''} on what loaded (repaired, or "
                        "uncertain):\n" + "\n".join(f"  {n['input']}: {n['note']}" for n in notes))
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


NOTES = "notes"  # the part of a loaded corpus's cache entry that keeps what loading repaired


def _keep_notes(store: caching.Store, key: str, notes: list[dict[str, str]]) -> None:
    """Keep, beside a loaded table kept under ``key``, the notes of its load, so that a load
    read back from the cache says what the first one said. Written only where there are
    notes, after the table (an entry is written whole or not at all; a part written first
    would stop the table's own write)."""
    if not notes or not store.files("articles", key, ("articles",))["articles"].exists():
        return
    table = pd.DataFrame({"input": [n["input"] for n in notes], "note": [n["note"] for n in notes]}, dtype="string")
    try:
        store.write("articles", key, {"notes": table}, part=NOTES)
    except (OSError, ValueError, TypeError, ArrowException) as exc:
        log.info("load_corpus: the notes of the load not cached (%s)", exc)


def _read_notes(store: caching.Store, key: str) -> list[dict[str, str]]:
    """What :func:`_keep_notes` kept under ``key`` (none where it kept nothing)."""
    try:
        tables = store.read("articles", key, ("notes",), part=NOTES, mark=False)
    except (OSError, ValueError, ArrowException):
        return []
    if tables is None:
        return []
    return [{"input": r.input, "note": r.note} for r in tables["notes"].itertuples(index=False)]


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


STRING_COLUMNS = ("article_id", "outlet", "story", "title", "published_raw", "byline", "dateline", "credit", "url",
                  "text", "source")


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    try:
        frame = pd.DataFrame(rows)
    except UnicodeEncodeError:  # a lone surrogate that came past the readers: replaced, not fatal
        frame = pd.DataFrame([_without_surrogates(row, [0]) for row in rows])
    for column in ARTICLE_COLUMNS:
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), dtype="object")
    frame["published_raw"] = frame["published"]
    extras = [c for c in frame.columns if c not in ARTICLE_COLUMNS]
    frame = frame[list(ARTICLE_COLUMNS) + extras]
    frame["published"] = parse_dates(frame["published_raw"], frame["outlet"])
    for column in STRING_COLUMNS:
        try:
            frame[column] = frame[column].astype("string")
        except UnicodeEncodeError:
            frame[column] = frame[column].map(lambda v: _without_surrogates(v, [0])).astype("string")
    return frame.reset_index(drop=True)


def rejected(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs :func:`load_corpus` rejected, as a table with ``input`` and ``reason``."""
    return pd.DataFrame(articles.attrs.get("rejected", []), columns=["input", "reason"])
