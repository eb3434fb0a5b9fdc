"""Reading what :func:`toolkit.load_corpus` is given, when it is damaged or odd: bytes that are
only partly UTF-8, CSV with a quotation mark never closed or a field of megabytes, folders
that cannot be read or that link back into themselves, patterns over names with glob
characters, and file names that are not UTF-8.

Each function reports what it repaired or could not read, for the caller to name the input
and count it; what each raises, its docstring says.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import fnmatch
import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ._text import decode_bytes

__all__ = ["BYTE_ORDER_MARKS", "CsvRow", "Unclosed", "csv_header", "decode_repaired", "expand_pattern", "is_glob",
           "pattern_root", "printable", "read_csv", "walk"]


# --- names -----------------------------------------------------------------------------------

def printable(path: str | os.PathLike[str] | bytes) -> str:
    """A path as text that can be printed and written to Parquet: a name that is not UTF-8
    (on Linux, bytes such as ``b"caf\\xe9.txt"``, which Python holds as lone surrogates) has
    its undecodable bytes written as ``\\xe9``, and control characters (a line break in a
    name) are written as escapes (``\\n``)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text.isascii() and text.isprintable():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = os.fsencode(text).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # surrogates that are not undecodable bytes of a name
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


# --- bytes to text ---------------------------------------------------------------------------

# Byte-order marks, the longer first (UTF-32's little-endian mark begins with UTF-16's).
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_spans = threading.local()  # the byte spans an error handler below replaced, in the decode of this thread


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as Windows-1252 (recorded)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _spans.found.append((error.start, error.end))
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


def _as_replacement(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that do not decode become U+FFFD (recorded)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _spans.found.append((error.start, error.end))
    return "\ufffd", error.end


_AS_CP1252, _AS_REPLACEMENT = "toolkit-else-cp1252", "toolkit-else-replacement"
codecs.register_error(_AS_CP1252, _as_cp1252)
codecs.register_error(_AS_REPLACEMENT, _as_replacement)


def _decode_recording(data: bytes, encoding: str, handler: str) -> tuple[str, list[tuple[int, int]]]:
    """``data`` decoded with the error ``handler``, and the byte spans it handled."""
    _spans.found = []
    try:
        return data.decode(encoding, errors=handler), _spans.found
    finally:
        _spans.found = []


def decode_repaired(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file bytes: ``(text, encoding, repairs)``, ``repairs`` saying in words what
    was not plainly one encoding.

    :func:`toolkit._text.decode_bytes` decides (byte-order marks, UTF-16, UTF-8, binary
    data); where it falls back to Windows-1252 because the bytes are not all UTF-8, the
    bytes are looked at again: what is valid UTF-8 is read as UTF-8, each byte that is not
    as Windows-1252, and an incomplete UTF-8 character at the very end (a file cut short)
    becomes U+FFFD. Only bytes with no valid multi-byte UTF-8 sequence anywhere are a
    Windows-1252 file, read as before and not reported. A file with a byte-order mark is in
    the encoding the mark names, whatever follows: bytes that do not decode are read so
    (UTF-8) or become U+FFFD (UTF-16, UTF-32), and reported. Raises
    :class:`toolkit._text.NotText` for empty files and binary data.
    """
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                break
    else:
        text, encoding = decode_bytes(data)
        if encoding != "cp1252":
            return text, encoding, []
    if encoding not in ("cp1252", "utf-8-sig"):  # UTF-16 or UTF-32 that does not decode
        text, spans = _decode_recording(data, encoding, _AS_REPLACEMENT)
        name = encoding.upper()
        if spans and spans[0][1] == len(data):
            return text, encoding, [f"ends inside a {name} character (cut short?): its last "
                                    f"{_count(len(data) - spans[0][0], 'byte')} replaced with U+FFFD"]
        return text, encoding, [f"not all {name}: {_count(sum(e - s for s, e in spans), 'byte')} replaced with U+FFFD"]
    start = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
    body, tail = _without_cut_character(data[start:])
    repaired, spans = _decode_recording(body, "utf-8", _AS_CP1252)
    if spans and tail:  # lines of Windows-1252 in it: its last bytes are more likely another such line's end
        body, tail = data[start:], b""
        repaired, spans = _decode_recording(body, "utf-8", _AS_CP1252)
    n_foreign = sum(end - begin for begin, end in spans)
    n_high = len(body.translate(None, _ASCII))  # bytes 0x80 and above (translate deletes the others)
    if not start and n_foreign and n_foreign == n_high:
        return text, "cp1252", []  # not a byte of it reads as UTF-8: a Windows-1252 file
    repairs = []
    if spans:
        lines = _line_numbers(body, [begin for begin, _ in spans])
        repairs.append(f"not all UTF-8: {_count(n_foreign, 'byte')} on {_count(len(lines), 'line')} "
                       f"({_some_lines(lines)}) read as Windows-1252, the rest as UTF-8")
    if tail:
        repaired += "\ufffd"
        repairs.append(f"ends inside a UTF-8 character (cut short?): its last {_count(len(tail), 'byte')} "
                       "replaced with U+FFFD")
    return repaired, "utf-8", repairs


_ASCII = bytes(range(128))


def _without_cut_character(data: bytes) -> tuple[bytes, bytes]:
    """``data`` split before an incomplete UTF-8 character at its very end, if any: a lead
    byte followed by fewer continuation bytes than it announces."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if 0x80 <= byte <= 0xBF:  # a continuation byte: look further back for its lead
            continue
        needed = 2 if 0xC2 <= byte <= 0xDF else 3 if 0xE0 <= byte <= 0xEF else 4 if 0xF0 <= byte <= 0xF4 else 0
        if needed > back:
            return data[:-back], data[-back:]
        break
    return data, b""


def _line_numbers(data: bytes, offsets: list[int]) -> list[int]:
    """The distinct line numbers (from 1) of ascending byte ``offsets``."""
    newline = b"\n" if b"\n" in data or b"\r" not in data else b"\r"
    lines: list[int] = []
    line, previous = 1, 0
    for offset in offsets:
        line += data.count(newline, previous, offset)
        previous = offset
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _some_lines(lines: list[int], shown: int = 5) -> str:
    named = ", ".join(str(n) for n in lines[:shown])
    return ("line " if len(lines) == 1 else "lines ") + named + (f" and {len(lines) - shown} more"
                                                                 if len(lines) > shown else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- CSV -------------------------------------------------------------------------------------

class CsvRow(NamedTuple):
    """A row of a CSV file: its number (the header is row 1, blank lines not counted) and fields."""
    number: int
    fields: list[str]


class Unclosed(NamedTuple):
    """A row with a quotation mark that does not close where a field can end: it never
    closes (``closed`` 0), or a mark on line ``closed`` closes it with text right after it
    (most likely the opening mark of a later field). Read as the csv module reads it, the row
    would take in the lines after ``line``, where the mark opened; they are read again as
    rows."""
    number: int
    line: int
    closed: int
    lines_after: int


_BREAK = re.compile(r"\r\n|\r|\n")
_C_LONG_MAX = 2**31 - 1  # the csv module's field size limit is a C long (32 bits on Windows)


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields as long as ``size`` (its default limit is 128 KiB; a
    long article is longer), restoring the limit afterwards."""
    previous = csv.field_size_limit()
    if size <= previous:
        yield
        return
    csv.field_size_limit(min(size, _C_LONG_MAX))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(text: str, delimiter: str = ",") -> tuple[list[str] | None, list[CsvRow | Unclosed]]:
    """The header and the rows of a CSV text (``None`` for a text with no row at all).

    Read strictly, so that a quoted field that does not end where a field can (at a
    delimiter, a line break or the end) shows. Within one line, such a row is read as the csv
    module reads it when not strict (``"x"y`` is ``xy``). Across lines, it is a quotation
    mark never closed, which would take in the rows after it: the row is returned as
    :class:`Unclosed`, and reading starts again on the line after the one where the mark
    opened. Raises :class:`csv.Error` for what the csv module cannot read at all, and
    ``ValueError`` when the header row itself is such a row.
    """
    header: list[str] | None = None
    rows: list[CsvRow | Unclosed] = []
    number = 0
    starts: list[int] | None = None  # where each line begins, found at the first fault
    buffer = io.StringIO(text, newline="")
    before = 0  # lines of the text before the reader's first

    def add(fields: list[str]) -> None:
        nonlocal header, number
        if fields:
            number += 1
            if header is None:
                header = fields
            else:
                rows.append(CsvRow(number, fields))

    with _field_limit(len(text) + 1):
        while True:
            reader = csv.reader(buffer, delimiter=delimiter, strict=True)
            done = 0  # lines the reader had read when the row it reads began
            try:
                for fields in reader:
                    add(fields)
                    done = reader.line_num
                return header, rows
            except csv.Error as exc:
                unclosed = str(exc) == "unexpected end of data"
                if not unclosed and "expected after" not in str(exc):
                    raise
                if starts is None:
                    starts = [0] + [match.end() for match in _BREAK.finditer(text)]
                first, failed = before + done + 1, before + reader.line_num  # lines of the file, from 1
            opened, reopens = _opening_mark(text, starts[first - 1], delimiter)
            line = bisect.bisect_right(starts, opened) if opened is not None else first
            if not unclosed and (line == failed or not reopens):  # ``"x"y``: read as the csv module does
                row_text = text[starts[first - 1]:starts[failed] if failed < len(starts) else len(text)]
                add(next(csv.reader(io.StringIO(row_text, newline=""), delimiter=delimiter), []))
                resume = failed
            else:
                number += 1
                if header is None:
                    raise ValueError(f"the header row's quotation mark opened on line {line} never closes"
                                     if unclosed else f"the header row's quotation mark opened on line {line} "
                                                      f"closes only on line {failed}, with text right after it")
                n_lines = len(starts) - (1 if starts[-1] == len(text) else 0)
                rows.append(Unclosed(number, line, 0 if unclosed else failed,
                                     (n_lines if unclosed else failed) - line))
                resume = line
            if resume >= len(starts) or starts[resume] >= len(text):
                return header, rows
            buffer.seek(starts[resume])
            before = resume


def _opening_mark(text: str, start: int, delimiter: str) -> tuple[int | None, bool]:
    """Where, in the row that begins at ``start``, the quoted field opens that does not close
    where a field can end (never, or with text right after its closing mark), and whether
    it never closes or its closing mark stands where a field begins (after a delimiter or
    at the start of a line: the opening mark of a later field, so that the one before it
    was never closed)."""
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    position = start
    while position < len(text):
        if text[position] == '"':
            field = _QUOTED.match(text, position)
            if field is None:
                return position, True
            end = field.end()
            if end < len(text) and text[end] not in (delimiter, "\r", "\n"):
                return position, end - 2 > position and text[end - 2] in (delimiter, "\r", "\n")
            position = end
        else:
            position = unquoted.match(text, position).end()
        if position >= len(text) or text[position] != delimiter:
            return None, False  # the row ended without such a field
        position += 1
    return None, False


_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')


def csv_header(path: Path) -> list[str]:
    """The first row of a CSV file (empty when it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            with _field_limit(_C_LONG_MAX):
                return next(csv.reader(handle), [])
    except (OSError, csv.Error):
        return []


# --- folders and patterns --------------------------------------------------------------------

Unreadable = Callable[[Path, OSError], None]


class _Folders:
    """Lists folders, each real folder once (a link back into a folder already listed is not
    followed again), telling ``unreadable`` of each folder that cannot be listed."""

    def __init__(self, unreadable: Unreadable) -> None:
        self.unreadable = unreadable
        self.seen: set[tuple[int, int] | str] = set()

    def entries(self, folder: Path) -> list[os.DirEntry[str]] | None:
        try:
            status = os.stat(folder)
            # (a file system without inode numbers gives 0: then the folder's real path)
            identity = (status.st_dev, status.st_ino) if status.st_ino else os.path.realpath(folder)
            if identity in self.seen:
                return None
            self.seen.add(identity)
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            self.unreadable(folder, exc)
            return None


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # (follows a link)
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def walk(folder: Path, unreadable: Unreadable) -> Iterator[Path]:
    """The files below ``folder``, hidden entries skipped: each folder's files in name order,
    then its sub-folders in name order, depth first; folders reached through a link come
    after all the others, each real folder listed once (so a link loop ends)."""
    folders = _Folders(unreadable)
    pending, links = [folder], []
    while pending or links:
        current = pending.pop() if pending else links.pop(0)
        entries = folders.entries(current)
        if entries is None:
            continue
        below = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                (links if _is_link(entry) else below).append(Path(entry.path))
            else:
                yield Path(entry.path)
        pending.extend(reversed(below))


def is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_pattern(pattern: str, unreadable: Unreadable) -> list[Path]:
    """The files and folders a glob pattern matches, sorted, as :func:`glob.glob` with
    ``recursive=True`` finds them (``**`` a whole part of the pattern matches any depth; a
    name starting with a dot is matched only by a part that starts with one), but with each
    real folder listed once, so that links that loop end; a folder matched is not looked
    into (the caller reads it whole). The leading parts of the pattern that exist as they
    are written are read as names, glob characters or not (``Articles [2024]/*.txt``)."""
    root, parts = _split_pattern(pattern)
    if not parts:
        return [root] if os.path.lexists(root) else []
    n = len(parts)
    matchers = [None if part == "**" else (re.compile(fnmatch.translate(part)).match, part.startswith("."))
                for part in parts]

    def closure(states: set[int]) -> frozenset[int]:
        more = set(states)
        for k in sorted(states):
            while k < n and matchers[k] is None:  # ``**`` also matches no folder at all
                k += 1
                more.add(k)
        return frozenset(more)

    start = closure({0})
    if n in start:
        return [root]
    folders = _Folders(unreadable)
    found: list[Path] = []
    pending: list[tuple[Path, frozenset[int]]] = [(root, start)]
    links: list[tuple[Path, frozenset[int]]] = []
    while pending or links:
        current, states = pending.pop() if pending else links.pop(0)
        entries = folders.entries(current)
        if entries is None:
            continue
        below = []
        for entry in entries:
            hidden = entry.name.startswith(".")
            following = set()
            for k in states:
                if k == n:
                    continue
                matcher = matchers[k]
                if matcher is None:
                    if not hidden:
                        following.add(k)
                elif (matcher[1] or not hidden) and matcher[0](entry.name):
                    following.add(k + 1)
            if not following:
                continue
            following_all = closure(following)
            if n in following_all:
                found.append(Path(entry.path))
            elif _is_folder(entry):
                (links if _is_link(entry) else below).append((Path(entry.path), following_all))
        pending.extend(reversed(below))
    return sorted(found, key=str)


def pattern_root(pattern: str) -> Path:
    """The folder a glob pattern reads from: its leading parts that are names (see
    :func:`expand_pattern`)."""
    return _split_pattern(pattern)[0]


def _split_pattern(pattern: str) -> tuple[Path, list[str]]:
    """``(root, parts)``: the leading parts of ``pattern`` to read as names (those without
    glob characters, and those with glob characters that exist as written), and the rest."""
    parts = list(Path(pattern).parts)
    root = Path()
    for i, part in enumerate(parts):
        candidate = root / part
        if is_glob(part) and not os.path.lexists(candidate):
            return root, parts[i:]
        root = candidate
    return root, []
