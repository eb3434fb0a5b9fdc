"""Finding the phrases of a lexicon in text, fast, with the semantics of one big regex.

A lexicon of hundreds of words and phrases as one alternation (``(?<!\\w)(?:a|b|…)(?!\\w)``)
makes ``re`` try every alternative at every position of every sentence. A phrase that
begins with a word character can only match where a run of word characters begins, and
then the run must be the phrase's own first word (the look-ahead forbids a word character
after it, and any other character of the phrase must be in the text too). So
:class:`PhraseFinder` visits only the starts of word runs, looks the run up in a dict and
tries the few phrases that begin with it, longest first, as the alternation would: the same
matches in the same order, several times faster. Lexicons with a phrase that does not begin
with a word character use the plain alternation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

__all__ = ["FirstMatches", "PhraseFinder", "lower_words"]

_RUN = re.compile(r"\w+")


# Characters that a regex ignoring case matches to a letter of another lower-case form
# ("ſ" to "s", "ı" and "İ" to "i"): words are looked up in that letter's form too.
_CASE_ODD = frozenset("ſıİ")
_CASE_PLAIN = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


@lru_cache(maxsize=8192)
def _words_of(text: str, fold: bool) -> frozenset[str]:
    """The word runs of ``text`` (in lower case when ``fold``). The finders of several
    lexicons read the same sentences one after another (frames, loaded words, verbs of
    saying): each sentence is scanned once for all of them."""
    if not fold:
        return frozenset(_RUN.findall(text))
    words = _RUN.findall(text.lower())
    if not text.isascii() and not _CASE_ODD.isdisjoint(text):
        words += _RUN.findall(text.translate(_CASE_PLAIN).lower())
    return frozenset(words)


def lower_words(text: str) -> frozenset[str]:
    """The words (runs of word characters) of ``text`` in lower case: a word that a
    case-insensitive regex ``\\bword\\b`` finds in ``text`` is in it (so a regex need not
    scan a text whose words cannot match it). Kept for the last few thousand texts asked."""
    return _words_of(text, True)


class PhraseFinder:
    """Non-overlapping, leftmost-longest matches of ``phrases`` in a text.

    Parameters
    ----------
    phrases
        The phrases; the longest is preferred where several match at one position.
    before, after
        Characters (a regex character-class body, such as ``"\\w'’\\-"``) that may not
        stand right before or after a match. ``after`` must include ``\\w``.
    ignore_case
        Match regardless of case (the key of a match is then its lower-case form).
    """

    def __init__(self, phrases: Iterable[str], *, before: str = r"\w", after: str = r"\w",
                 ignore_case: bool = False) -> None:
        ordered = sorted(dict.fromkeys(p for p in phrases if p), key=len, reverse=True)
        flags = re.IGNORECASE if ignore_case else 0
        self.ignore_case = ignore_case
        self._before = re.compile(f"[{before}]")
        tail = f"(?![{after}])"
        self.pattern = re.compile(f"(?<![{before}])(?:" + "|".join(re.escape(p) for p in ordered) + f"){tail}",
                                  flags)
        self._fallback = not ordered or any(not _RUN.match(p) for p in ordered)
        groups: dict[str, list[str]] = {}
        if not self._fallback:
            for phrase in ordered:
                key = _RUN.match(phrase).group()
                groups.setdefault(key.lower() if ignore_case else key, []).append(phrase)
        self._by_first = {key: re.compile("(?:" + "|".join(re.escape(p) for p in group) + f"){tail}", flags)
                          for key, group in groups.items()}
        # Every place where a phrase of one first word matches, overlapping ones included
        # (a match of another first word may cover the first of them).
        self._starts = {key: re.compile(f"(?<![{before}])(?=((?:" + "|".join(re.escape(p) for p in group)
                                        + f"){tail}))", flags)
                        for key, group in groups.items()}

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, matched text)`` of each match, left to right."""
        if self._fallback:
            for m in self.pattern.finditer(text):
                yield m.start(), m.end(), m.group()
            return
        keys = self._by_first.keys() & _words_of(text, self.ignore_case)
        if not keys:
            return  # most sentences hold none of the lexicon's first words: one C-level test
        # The matches of the first words the text holds, by position; the leftmost is taken
        # and those it overlaps are skipped, as one alternation scanning the text would.
        hits = [(m.start(), m.end(1), m.group(1)) for key in keys for m in self._starts[key].finditer(text)]
        if len(keys) > 1:
            hits.sort()
        position = 0
        for start, end, matched in hits:
            if start >= position:
                position = end
                yield start, end, matched

    def search(self, text: str) -> tuple[int, int, str] | None:
        """The leftmost match, or None."""
        return next(self.finditer(text), None)


class FirstMatches:
    """For each label of ``lexicon`` (label -> phrases), its leftmost match in a text, as
    ``re.search`` with that label's own alternation would find it; one pass over the text
    for all labels. ``before``, ``after`` and ``ignore_case`` as in :class:`PhraseFinder`."""

    def __init__(self, lexicon: dict[str, Iterable[str]], *, before: str = r"\w", after: str = r"\w",
                 ignore_case: bool = False) -> None:
        self.finders = {label: PhraseFinder(phrases, before=before, after=after, ignore_case=ignore_case)
                        for label, phrases in lexicon.items()}
        self._fallback = any(f._fallback for f in self.finders.values())
        self._before = re.compile(f"[{before}]")
        self.ignore_case = ignore_case
        by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        if not self._fallback:
            for label, finder in self.finders.items():
                for key, pattern in finder._by_first.items():
                    by_first.setdefault(key, []).append((label, pattern))
        self._by_first = by_first

    def search(self, text: str) -> dict[str, tuple[int, int, str]]:
        """label -> ``(start, end, matched text)`` of its leftmost match, for the labels found,
        in the order of the lexicon."""
        if self._fallback:
            found = {label: finder.search(text) for label, finder in self.finders.items()}
            return {label: hit for label, hit in found.items() if hit}
        found: dict[str, tuple[int, int, str]] = {}
        lookup, before, fold = self._by_first.get, self._before, self.ignore_case
        if self._by_first.keys().isdisjoint(_words_of(text, fold)):
            return found
        for run in _RUN.finditer(text):
            candidates = lookup(run.group().lower() if fold else run.group())
            start = run.start()
            if candidates is None or (start and before.match(text, start - 1)):
                continue
            for label, pattern in candidates:
                if label not in found:
                    m = pattern.match(text, start)
                    if m:
                        found[label] = (start, m.end(), m.group())
        return {label: found[label] for label in self.finders if label in found}
