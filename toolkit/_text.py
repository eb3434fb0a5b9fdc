"""Bytes to clean Unicode: encodings, binary detection, line endings, invisible characters."""
from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["decode_bytes", "normalize_text", "replace_chars", "NotText"]


class NotText(ValueError):
    """The bytes are not text we can read; the message says why."""


# Magic numbers of binary formats users most often mislabel as text.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file"),
    (b"\x7fELF", "an executable"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text, returning ``(text, encoding)``.

    Byte-order marks are honoured (UTF-8, UTF-16, UTF-32); UTF-16 without a mark is
    recognised by its zero bytes; otherwise UTF-8 is tried and then Windows-1252, the
    usual encoding of older Western news pages. Raises :class:`NotText` for empty files and
    for binary data.
    """
    if not data:
        raise NotText("empty file (0 bytes)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary data ({what}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise NotText(f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}") from None
    if b"\x00" in data:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            encoding = "utf-16-le"
        elif even > len(sample) // 4 and odd == 0:
            encoding = "utf-16-be"
        else:
            raise NotText("binary data (contains NUL bytes), not text")
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise NotText("binary data (contains NUL bytes), not text") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    # Windows-1252 leaves five bytes undefined; many control characters mean binary data.
    controls = sum(1 for ch in text[:4096] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    if controls > max(8, len(text[:4096]) // 50):
        raise NotText("binary data (not UTF-8 and not Windows-1252 text)")
    return text, "cp1252"


# Characters removed outright: zero-width spaces and joiners, soft hyphens, byte-order marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Characters mapped one to one, so that later offsets stay simple. (Chained str.replace is
# much faster than str.translate with a table of non-ASCII characters.)
_ONE_TO_ONE = (("\u00a0", " "), ("\u2007", " "), ("\u202f", " "), ("\t", " "), ("\f", "\n"), ("\v", "\n"),
               ("\u2028", "\n"), ("\u2029", "\n"), ("\x85", "\n"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ ]{2,}")
_LINE_EDGES = re.compile(r"[ ]*\n[ ]*")


def replace_chars(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Apply one-for-one character replacements (fast when the characters are absent)."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def normalize_text(text: str) -> str:
    """NFC, Unix line endings, no invisible or control characters, single spaces.

    Line structure is kept: paragraphs are found later from blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = replace_chars(_INVISIBLE.sub("", text), _ONE_TO_ONE)
    else:
        text = replace_chars(text, _ONE_TO_ONE[3:6])
    text = _CONTROL.sub("", text)
    if "  " in text:  # the substring tests are far faster than a regex scan that finds nothing
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGES.sub("\n", text)
    return text.strip()
