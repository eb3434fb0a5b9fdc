"""The cache folder of :func:`toolkit.load_corpus` and :func:`toolkit.analyze`: what is in it,
and keeping it small.

Everything a version of the toolkit writes goes into one folder of the cache named after it
(``toolkit-<version>-<hash of its code>``), so the results of other versions, which this one
never reads, are easy to tell apart and remove. In it, ``articles/<key>`` holds a loaded
corpus, ``chunks/<key>`` the tables of one chunk of articles, ``corpus/<key>`` the tables of a
whole analysed corpus, ``pages/<key>`` an executed notebook of the report; each of these is
an *entry*. Reading an entry marks it used (its
folder's modification time), so pruning by size removes the entries used least recently.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ._tables import read_tables, table_file, write_files

log = logging.getLogger(__name__)

__all__ = ["CacheWarning", "Store", "articles_digest", "cache_entries", "derived_key", "prune_cache"]

CACHE_FORMAT = "2"
KINDS = ("articles", "chunks", "corpus", "pages")
UNFINISHED_AFTER = timedelta(hours=1)  # a temporary folder this old belongs to a write that died

_VERSION_FOLDER = re.compile(r"toolkit-[0-9A-Za-z.+_-]+-[0-9a-f]{12}")
_KEY = re.compile(r"[0-9a-f]{32}")
# what Store.write leaves while it writes, beside an entry: ".<key>.<random hex>.tmp"
_TEMPORARY = re.compile(r"\.[0-9a-f]{32}\.[0-9a-f]{32}\.tmp")
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]?)i?b?\s*", re.IGNORECASE)

ENTRY_COLUMNS = ("version", "current", "kind", "key", "files", "bytes", "last_used", "path")


class CacheWarning(UserWarning):
    """A cache entry could not be read; it was removed and its result computed again."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the toolkit's version, code and shipped data: a cached result is reused only
    by the code that made it."""
    from . import __version__

    digest = hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0".encode())
    root = resources.files("toolkit")
    for sub in ("", "data"):
        folder = root.joinpath(sub) if sub else root
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".txt")) and entry.is_file():
                digest.update(f"{sub}/{entry.name}\0".encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


def articles_digest(articles: pd.DataFrame) -> str:
    """A hash of a table of articles: its column names, every value, and the rejections its
    load recorded (``attrs["rejected"]``). Results derived from the whole table (its
    stories, the report's tables and pages) are kept under keys made from it."""
    import json

    digest = hashlib.sha256(json.dumps([str(c) for c in articles.columns]).encode())
    digest.update(pd.util.hash_pandas_object(articles.astype(str), index=False).to_numpy().tobytes())
    digest.update(json.dumps(articles.attrs.get("rejected", []), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def derived_key(*parts: object) -> str:
    """A cache key (32 hex digits) for a result derived from ``parts`` (digests, options)."""
    return hashlib.sha256("\0".join(str(p) for p in parts).encode()).hexdigest()[:32]


def version_name() -> str:
    """The name of the folder of the cache this version of the toolkit writes to."""
    from . import __version__

    return f"toolkit-{__version__}-{code_fingerprint()[:12]}"


def version_folder(cache: str | os.PathLike[str]) -> Path:
    """Where this version of the toolkit keeps its entries in ``cache``."""
    return Path(cache) / version_name()


class Store:
    """A cache folder as this version of the toolkit reads and writes it: entries named by
    their kind (``articles``, ``chunks``, ``corpus``, ``pages``) and key, each a folder of tables
    (Parquet files, see :mod:`toolkit._tables`), and within an entry, parts (``part``: the
    tables of a chunk for one grouping). A write is all or nothing: the tables go into a
    temporary folder that is then renamed (a reader never sees half of them; of two
    processes writing the same entry, one wins). Reading an entry marks it used.

    ``load_corpus`` and ``analyze`` keep their results through this class alone; the
    layout it writes is the one :func:`cache_entries` and :func:`prune_cache` read."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.root = version_folder(folder)

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    def entry(self, kind: str, key: str) -> Path:
        """The folder of the entry ``kind``/``key``."""
        if kind not in KINDS:
            raise ValueError(f"cache: no kind of entry {kind!r} (kinds: {', '.join(KINDS)})")
        return self.root / kind / key

    def read(self, kind: str, key: str, names: Sequence[str], *, part: str | None = None, threads: int = 1,
             mark: bool = True) -> dict[str, pd.DataFrame] | None:
        """The tables ``names`` of an entry (or of one of its parts), or None when any is
        missing; marks the entry used unless ``mark`` is False."""
        entry = self.entry(kind, key)
        try:
            tables = read_tables(entry / part if part else entry, names, threads=threads)
        except MemoryError:
            raise
        except Exception as exc:  # a damaged entry: whatever reading it raised, it is computed again
            self.discard(kind, key, exc)
            return None
        if tables is not None and mark:
            mark_used(entry)
        return tables

    def discard(self, kind: str, key: str, reason: BaseException) -> None:
        """Remove the entry ``kind``/``key``, which could not be read (a file truncated or
        overwritten), with one :class:`CacheWarning` that names it and says why; whoever
        asked for it computes it again."""
        entry = self.entry(kind, key)
        shutil.rmtree(entry, ignore_errors=True)
        why = (f"{type(reason).__name__}: {reason}".strip().splitlines() or [""])[0][:200]
        warnings.warn(f"cache: the entry {kind}/{key} in {self.folder} could not be read ({why}); "
                      "it was removed and is computed again", CacheWarning, stacklevel=3)

    def write(self, kind: str, key: str, tables: Mapping[str, pd.DataFrame], *, part: str | None = None) -> None:
        """Keep ``tables`` as the entry ``kind``/``key`` (or one of its parts), all or nothing."""
        target = self.entry(kind, key) / part if part else self.entry(kind, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"  # (see _TEMPORARY)
        temporary.mkdir()
        try:
            write_files(temporary, tables)
            os.rename(temporary, target)
        except OSError:
            if not target.is_dir():
                raise
        finally:
            shutil.rmtree(temporary, ignore_errors=True)

    def files(self, kind: str, key: str, names: Sequence[str]) -> dict[str, Path]:
        """The file of each table ``names`` of an entry (whether or not it is there)."""
        entry = self.entry(kind, key)
        return {name: table_file(entry, name) for name in names}

    def mark_used(self, kind: str, keys: Iterable[str]) -> None:
        """Record that the entries ``kind``/``keys`` were used now."""
        mark_used(*(self.entry(kind, key) for key in keys))


def mark_used(*entries: Path) -> None:
    """Record that cache entries were read now (a read-only cache is left as it is)."""
    for entry in entries:
        try:
            os.utime(entry)
        except OSError:
            pass


def cache_entries(cache: str | os.PathLike[str]) -> pd.DataFrame:
    """One row an entry of the cache folder ``cache``, most recently used first.

    Columns: ``version`` (the toolkit version folder; empty for entries of the layout before
    version folders), ``current`` (written by this version, so still of use), ``kind``
    (``articles``, ``chunks``, ``corpus``, or ``unfinished`` for what a write left behind),
    ``key``, ``files``, ``bytes``, ``last_used`` (local time) and ``path``. Files in ``cache``
    that are not cache entries are not listed, and never removed by :func:`prune_cache`.
    """
    root = Path(cache)
    current = version_name()
    rows = []
    if root.is_dir():
        for top in sorted(root.iterdir()):
            if not top.is_dir():
                continue
            if _VERSION_FOLDER.fullmatch(top.name):
                version, kinds = top.name, [top / kind for kind in KINDS]
            elif top.name in KINDS:  # written before the cache had version folders
                version, kinds = "", [top]
            else:
                continue
            for folder in kinds:
                if not folder.is_dir():
                    continue
                for entry in sorted(folder.iterdir()):
                    if _KEY.fullmatch(entry.name) and entry.is_dir():
                        kind = folder.name
                    elif _TEMPORARY.fullmatch(entry.name) and entry.is_dir():
                        kind = "unfinished"
                    else:
                        continue
                    files, size, used = _measure(entry)
                    rows.append((version, version == current, kind, entry.name, files, size, used, str(entry)))
    table = pd.DataFrame(rows, columns=list(ENTRY_COLUMNS))
    table = table.astype({"version": "string", "current": bool, "kind": "string", "key": "string",
                          "files": "int64", "bytes": "int64", "path": "string"})
    table["last_used"] = pd.Series([datetime.fromtimestamp(t) for t in table["last_used"]],
                                   index=table.index, dtype="datetime64[ns]")
    return table.sort_values("last_used", ascending=False, kind="stable").reset_index(drop=True)


def prune_cache(
    cache: str | os.PathLike[str],
    *,
    max_bytes: int | str | None = None,
    unused_for: timedelta | pd.Timedelta | str | float | None = None,
    other_versions: bool = True,
    dry_run: bool = False,
) -> pd.DataFrame:
    """Remove entries from the cache folder ``cache``; return :func:`cache_entries` as it
    was, with a column ``removed``.

    Removed are: the entries of other versions of the toolkit (unless ``other_versions`` is
    False), which this version never reads; what writes that died left behind (temporary
    folders over an hour old); entries last used longer ago than ``unused_for`` (a
    timedelta, a number of days, or text such as ``"30 days"``); and then, least recently
    used first, entries until the rest take at most ``max_bytes`` (a number of bytes, or text
    such as ``"2GB"`` or ``"500 MB"``). ``dry_run=True`` removes nothing and tells what would be.

    A result of :func:`toolkit.analyze` with ``in_memory=False`` reads its tables from the
    cache: prune while it is still in use only entries of other versions.
    """
    limit = _parse_size(max_bytes) if max_bytes is not None else None
    age = _parse_age(unused_for) if unused_for is not None else None
    table = cache_entries(cache)
    now = pd.Timestamp(datetime.now())
    unfinished = table["kind"].eq("unfinished").to_numpy(bool)
    current = table["current"].to_numpy(bool)
    remove = unfinished & (table["last_used"] < now - UNFINISHED_AFTER).to_numpy(bool)
    if other_versions:
        remove |= ~current & ~unfinished
    if age is not None:
        remove |= current & ~unfinished & (table["last_used"] < now - age).to_numpy(bool)
    if limit is not None:  # most recently used first: keep while the running total fits
        kept_bytes = table["bytes"].to_numpy().copy()
        kept_bytes[remove | unfinished] = 0
        remove |= ~unfinished & (kept_bytes.cumsum() > limit)
    table = table.assign(removed=remove)
    if not dry_run:
        for path in table.loc[table["removed"], "path"]:
            shutil.rmtree(path, ignore_errors=True)
        _remove_empty_folders(Path(cache))
    freed = int(table.loc[table["removed"], "bytes"].sum())
    log.info("prune_cache: %s %d of %d entries (%s) in %s", "would remove" if dry_run else "removed",
             int(table["removed"].sum()), len(table), human_size(freed), cache)
    return table


def summarize(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries and bytes by version and kind (and those removed, for a table of
    :func:`prune_cache`), this version first."""
    entries = entries.assign(version=entries["version"].replace("", "(before versions)"))
    if "removed" not in entries:
        entries = entries.assign(removed=False)
    entries = entries.assign(removed_bytes=entries["bytes"].where(entries["removed"], 0))
    summary = (entries.groupby(["version", "current", "kind"], sort=False)
               .agg(entries=("key", "size"), bytes=("bytes", "sum"), removed=("removed", "sum"),
                    removed_bytes=("removed_bytes", "sum"))
               .reset_index())
    return summary.sort_values(["current", "version", "kind"], ascending=[False, True, True], kind="stable") \
        .reset_index(drop=True)


def _measure(entry: Path) -> tuple[int, int, float]:
    """Files, bytes, and when the entry was last used (its folder's modification time)."""
    files = size = 0
    for folder, _, names in os.walk(entry):
        for name in names:
            try:
                size += os.stat(os.path.join(folder, name)).st_size
                files += 1
            except OSError:
                pass
    try:
        used = entry.stat().st_mtime
    except OSError:
        used = 0.0
    return files, size, used


def _remove_empty_folders(root: Path) -> None:
    """Remove kind and version folders that pruning left empty (this version's are kept)."""
    if not root.is_dir():
        return
    for top in root.iterdir():
        if not top.is_dir():
            continue
        if _VERSION_FOLDER.fullmatch(top.name):
            folders = [top / kind for kind in KINDS] + ([top] if top.name != version_name() else [])
        elif top.name in KINDS:
            folders = [top]
        else:
            continue
        for folder in folders:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass


def _parse_size(value: int | str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"prune_cache: max_bytes must be a number of bytes or a size such as '2GB', not {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"prune_cache: max_bytes must not be negative, not {value!r}")
        return int(value)
    match = _SIZE.fullmatch(str(value))
    if match is None:
        raise ValueError(f"prune_cache: max_bytes {value!r} is not a size such as '2GB', '500 MB' or 1000000")
    number, unit = match.groups()
    return int(float(number) * 1024 ** " kmgt".index((unit or " ").lower()))


def _parse_age(value: timedelta | pd.Timedelta | str | float) -> pd.Timedelta:
    if isinstance(value, bool):
        raise ValueError(f"prune_cache: unused_for must be a timedelta, days, or text such as '30 days', not {value!r}")
    try:
        age = pd.Timedelta(days=value) if isinstance(value, (int, float)) else pd.Timedelta(value)
    except (ValueError, TypeError):
        raise ValueError(f"prune_cache: unused_for {value!r} is not a duration such as '30 days' or '12h'") from None
    if pd.isna(age) or age < pd.Timedelta(0):
        raise ValueError(f"prune_cache: unused_for must be a duration of zero or more, not {value!r}")
    return age


def entries_text(count: int) -> str:
    """``1 entry``, ``3 entries``."""
    return f"{count} entry" if count == 1 else f"{count} entries"


def human_size(size: float) -> str:
    """``size`` bytes as a short text: 512 bytes, 3.4 MB, 1.2 GB."""
    if size < 1024:
        return f"{size:,.0f} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            break
    return f"{size:,.1f} {unit}"
