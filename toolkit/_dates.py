"""Publication dates as news exports write them: parsed into timestamps, and what could not be
read, or could be read two ways, said in words.

A date such as ``01/02/2024`` is 2 January read month-first and 1 February read day-first.
Where other dates of the same outlet (or else of the corpus) show which order it uses
(``13/02/2024`` can only be day-first), that order is used; where nothing shows it, the date
is read month-first, as pandas does, and reported as ambiguous. A number of 9-10 digits is
read as seconds since 1970, of 12-13 digits as milliseconds, when it falls before 2100.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["date_notes", "parse_dates"]

EPOCH_LATEST = 4_102_444_800  # 2100-01-01 in seconds since 1970: a later number is not a publication time
EPOCH_EARLIEST = 100_000_000  # 1973-03-03: the first 9-digit second; fewer digits are years or counts
TIMESTAMP_YEARS = "1677 to 2262"  # the years a nanosecond timestamp (the ``published`` column) holds

_NUMBER = re.compile(r"\s*\+?(\d+)(?:\.\d*)?\s*")
_ANY_NUMBER = re.compile(r"\s*[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\s*")
# day and month in either order, then the year: 01/02/2024, 1.2.24, 01-02-2024 10:00
_DAY_MONTH = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")


def _epoch_unit(text: str) -> str | None:
    """``"s"`` or ``"ms"`` when ``text`` is a number that reads as a time since 1970 before 2100."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    digits = len(match.group(1).lstrip("0"))
    value = float(text)
    if digits in (9, 10) and EPOCH_EARLIEST <= value < EPOCH_LATEST:
        return "s"
    if digits in (12, 13) and EPOCH_EARLIEST * 1000 <= value < EPOCH_LATEST * 1000:
        return "ms"
    return None


def _order(text: str) -> str | None:
    """For a day-and-month date, which order it shows: ``"day"`` (``13/02/2024``),
    ``"month"`` (``02/13/2024``), ``"either"`` (``01/02/2024``); None for other forms
    (and for ``05/05/2024``, the same either way)."""
    match = _DAY_MONTH.match(text)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "day"
    if second > 12 >= first:
        return "month"
    if first != second and first <= 12 and second <= 12:
        return "either"
    return None


def day_first(values: Sequence[Any], groups: Sequence[Any]) -> list[bool | None]:
    """For each value that could be day-first or month-first, the order its group's other
    dates show (else the corpus's): True for day-first, False for month-first, None where
    nothing shows it; None for every other value."""
    known: dict[str, str | None] = {}
    orders = [(known[v] if v in known else known.setdefault(v, _order(v))) if isinstance(v, str) else None
              for v in values]
    if "either" not in orders:
        return [None] * len(orders)
    shown: dict[Any, set[str]] = {}
    for order, group in zip(orders, groups):
        if order in ("day", "month"):
            shown.setdefault(group, set()).add(order)
    corpus = set().union(*shown.values()) if shown else set()

    def decided(orders_shown: set[str]) -> bool | None:
        return (orders_shown == {"day"}) if len(orders_shown) == 1 else None

    out: list[bool | None] = []
    for order, group in zip(orders, groups):
        if order != "either":
            out.append(None)
            continue
        own = decided(shown.get(group, set()))
        out.append(own if own is not None else decided(corpus))
    return out


def parse_dates(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Parse dates written in any common form (see the module's docstring); empty or
    unreadable values become NaT. Times with a zone are converted to UTC; all values come
    back without a zone, as ``datetime64[ns]``. ``groups`` (the outlets) decide the order
    of day-and-month dates."""
    order = day_first(values.tolist(), groups.tolist())
    keys = [(v, bool(d)) for v, d in zip(values.tolist(), order)]
    cache: dict[tuple[Any, bool], Any] = {}
    texts = {key for key in keys if isinstance(key[0], str) and key[0].strip()}
    epochs = {key: unit for key in texts if (unit := _epoch_unit(key[0])) is not None}
    for key, unit in epochs.items():
        cache[key] = _in_range(pd.to_datetime(float(key[0]), unit=unit))
    for dayfirst in (False, True):
        batch = [key for key in texts if key[1] is dayfirst and key not in epochs]
        if batch:
            cache.update(_parse_many(batch, dayfirst))
    out = []
    for key in keys:
        if key not in cache:
            cache[key] = _parse_one(key[0], key[1])
        out.append(cache[key])
    parsed = pd.to_datetime(pd.Series(out, dtype="object"), errors="coerce")
    return pd.Series(parsed, index=values.index).astype("datetime64[ns]")


def _parse_many(keys: list[tuple[str, bool]], dayfirst: bool) -> dict[tuple[str, bool], Any]:
    """Strings parsed in one call (the same parser as :func:`_parse_one`, value by value, in
    compiled code); what a nanosecond timestamp cannot hold becomes NaT."""
    try:
        parsed = pd.to_datetime(pd.Series([k[0] for k in keys], dtype="object"), format="mixed", errors="coerce",
                                utc=True, dayfirst=dayfirst)
        parsed = parsed.dt.tz_localize(None).astype("datetime64[us]")
        in_range = parsed.between(pd.Timestamp.min, pd.Timestamp.max)
        return dict(zip(keys, parsed.where(in_range, pd.NaT).astype("datetime64[ns]")))
    except (ValueError, TypeError, OverflowError):
        return {}  # value by value


def _parse_one(value: Any, dayfirst: bool) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return pd.NaT
    try:
        ts = pd.to_datetime(value, format="mixed", dayfirst=dayfirst) if isinstance(value, str) else pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if ts is pd.NaT:
        return ts
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return _in_range(ts)


def _in_range(ts: pd.Timestamp) -> Any:
    return ts if pd.Timestamp.min <= ts <= pd.Timestamp.max else pd.NaT


# --- saying what was not read ----------------------------------------------------------------

def _why_not(text: str) -> str:
    """Why a date could not be read: one of the kinds :func:`date_notes` counts."""
    if _ANY_NUMBER.fullmatch(text):
        return "number"
    try:
        ts = pd.to_datetime(text, format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError):
        return "unreadable"
    return "unreadable" if ts is pd.NaT else "range"


_KINDS = {
    "range": ("date", "dates", f"outside the years a timestamp holds ({TIMESTAMP_YEARS})"),
    "number": ("number", "numbers", "not a time in seconds (9-10 digits) or milliseconds (12-13 digits) since 1970 "
                                    "before 2100"),
    "unreadable": ("value", "values", "not read as a date"),
}


def date_notes(articles: pd.DataFrame) -> list[dict[str, str]]:
    """Notes (``input``, ``note``) on the dates of a loaded table: how many values of
    ``published_raw`` could not be read (by kind: out of range, a number, not a date), and
    how many could be day-first or month-first (by how each was read: as the outlet's other
    dates show, or month-first where nothing shows it), each with an example and the record
    it comes from."""
    if "published_raw" not in articles or "published" not in articles or not len(articles):
        return []
    raw = articles["published_raw"]
    given = raw.notna().to_numpy()
    if not given.any():
        return []
    published = articles["published"]
    sources = articles["source"].tolist() if "source" in articles else [""] * len(articles)
    notes = []
    unread: dict[str, list[int]] = {}
    for i in (given & published.isna().to_numpy()).nonzero()[0]:
        unread.setdefault(_why_not(raw.iloc[i]), []).append(i)
    for kind in ("range", "number", "unreadable"):
        rows = unread.get(kind)
        if rows:
            first = rows[0]
            one, many, why = _KINDS[kind]
            notes.append({"input": "published", "note": (
                f"{len(rows)} {one if len(rows) == 1 else many} {why}, left empty (published_raw keeps the text), "
                f"e.g. {raw.iloc[first]!r} ({sources[first]})")})
    groups = articles["outlet"].tolist() if "outlet" in articles else [None] * len(articles)
    values = [v if isinstance(v, str) else None for v in raw.tolist()]
    either: dict[bool | None, list[int]] = {}  # by the order read: day-first, month-first, undecided
    for i, (v, d) in enumerate(zip(values, day_first(values, groups))):
        if v is not None and _order(v) == "either" and not pd.isna(published.iloc[i]):
            either.setdefault(d, []).append(i)
    for decided in (True, False, None):
        rows = either.get(decided)
        if not rows:
            continue
        first, dayfirst = rows[0], bool(decided)
        other = _parse_one(values[first], not dayfirst)
        how = ("and no other date of the outlet or the corpus shows which: read month-first" if decided is None else
               f"read {'day' if dayfirst else 'month'}-first, the order other dates of the outlet (or else of the "
               "corpus) show")
        notes.append({"input": "published", "note": (
            f"{len(rows)} date{'s' if len(rows) != 1 else ''} could be day-first or month-first, {how}, e.g. "
            f"{values[first]!r} ({sources[first]}) as {published.iloc[first]:%Y-%m-%d}"
            + (f" ({'month' if dayfirst else 'day'}-first: {other:%Y-%m-%d})" if not pd.isna(other) else "")
            + "; published_raw keeps the text")})
    return notes
