"""Sentences and tokens with character offsets into ``articles.text``.

Sentences come from NLTK's Punkt algorithm, built offline from an English abbreviation list
and a list of frequent sentence starters that ship with the toolkit (no trained model is
downloaded). No sentence crosses a line break: each line of the cleaned text is a paragraph.
Tokens come from one regular expression that keeps "U.S.", "3.5", "100,000", "81-year-old",
"O'Brien" and URLs whole and splits clitics as the Penn Treebank does ("Russia" + "'s",
"do" + "n't").

Curly, straight and mismatched quotation marks are handled by matching on a copy of the text
in which every quotation mark is replaced by its straight form: the replacement is one
character for one, so offsets found on the copy are offsets into the original.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import numpy as np
import pandas as pd

from ._resources import word_list
from ._text import replace_chars

__all__ = ["TOKEN_KINDS", "compact_tokens", "quote_spans", "require_columns", "split_sentences", "tokenize"]

MIN_QUOTE_WORDS = 3  # one or two quoted words are scare quotes ("root cause"), not a quotation

_STRAIGHT_QUOTES = tuple((mark, '"') for mark in "“”„‟«»″") + tuple((mark, "'") for mark in "‘’‚‛′`")
_DOUBLE_MARKS = frozenset('"“”„‟«»″')
_OPENING_GLYPHS = frozenset("“„‟«")
_CLOSING_GLYPHS = frozenset("”»")
_BEFORE_OPENING = frozenset("([{—–-/")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–-…")


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], function: str) -> None:
    """Raise ValueError naming the first column of ``columns`` missing from ``frame``."""
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"{function}: the table has no column {column!r} "
                             f"(it has {', '.join(map(str, frame.columns))})")


@lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

    class _LanguageVars(PunktLanguageVars):
        """NLTK's English conventions, compiled with the standard library's ``re``.

        Recent NLTK releases wrap these patterns in a guard against pathological regular
        expressions that costs about half of the splitting time; the patterns themselves
        are unchanged and linear.
        """

        _re_non_word_chars = PunktLanguageVars()._re_non_word_chars  # a property upstream
        _word_re = None
        _period_re = None

        def _word_tokenizer_re(self):
            if _LanguageVars._word_re is None:
                _LanguageVars._word_re = re.compile(self._word_tokenize_fmt % {
                    "NonWord": self._re_non_word_chars,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                }, re.UNICODE | re.VERBOSE)
            return _LanguageVars._word_re

        def period_context_re(self):
            if _LanguageVars._period_re is None:
                _LanguageVars._period_re = re.compile(self._period_context_fmt % {
                    "NonWord": self._re_non_word_chars,
                    "SentEndChars": self._re_sent_end_chars,
                }, re.UNICODE | re.VERBOSE)
            return _LanguageVars._period_re

    _LanguageVars.re_boundary_realignment = re.compile(
        PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    class _Token(PunktToken):
        """NLTK's token with the same patterns compiled by ``re`` (see above)."""

    for name in ("_RE_ELLIPSIS", "_RE_NUMERIC", "_RE_INITIAL", "_RE_ALPHA"):
        upstream = getattr(PunktToken, name, None)
        if upstream is not None and hasattr(upstream, "pattern"):
            setattr(_Token, name, re.compile(upstream.pattern, re.UNICODE))

    class _Tokenizer(PunktSentenceTokenizer):
        """Punkt with its verdict on each candidate's context remembered: the verdict on a
        context ("said. The") depends on that text and the parameters alone, and news text
        repeats its contexts (a third of them on 2,000 articles; more on more)."""

        _verdicts: dict[str, bool] = {}

        def text_contains_sentbreak(self, text: str) -> bool:
            verdicts = self._verdicts
            found = verdicts.get(text)
            if found is None:
                if len(verdicts) >= 100_000:
                    verdicts.clear()
                found = verdicts[text] = super().text_contains_sentbreak(text)
            return found

    params = PunktParameters()
    params.abbrev_types = set(word_list("abbreviations"))
    params.sent_starters = set(word_list("sentence_starters"))
    return _Tokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


# A sentence end followed by more text: only a line with one of these can hold two sentences.
_INNER_BREAK = re.compile(r"[.?!](?:[)\"'\]}]*\s+\S|[)\";}\]*:@'({\[](?=\S))")


# --- quotation ------------------------------------------------------------------------------

_DOUBLE_MARK = re.compile('["“”„‟«»″]')
_SINGLE_MARK = re.compile("[‘’]")


def _role(text: str, i: int, start: int, end: int) -> str:
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opening = before.isspace() or before in _BEFORE_OPENING
    closing = after.isspace() or after in _AFTER_CLOSING
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    if ch in _OPENING_GLYPHS:
        return "open"
    if ch in _CLOSING_GLYPHS:
        return "close"
    return "either"


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    open_at: int | None = None
    for m in _DOUBLE_MARK.finditer(text, start, end):
        pos = m.start()
        role = _role(text, pos, start, end)
        if role == "either":
            role = "close" if open_at is not None else "open"
        if role == "open":
            if open_at is not None:  # the previous quotation was never closed
                spans.append((open_at + 1, pos))
            open_at = pos
        elif open_at is not None:
            spans.append((open_at + 1, pos))
            open_at = None
    if open_at is not None:  # runs to the end of the paragraph (or on into the next)
        spans.append((open_at + 1, end))
    # Single marks: only a curly opening mark opens, so apostrophes never do.
    if "‘" not in text[start:end]:
        return sorted(sp for sp in spans if sp[1] > sp[0])
    inside = spans[:]
    open_at = None
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        if m.group() == "‘":
            if (i == start or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING) and \
                    not any(a <= i < b for a, b in inside):
                open_at = i
        elif open_at is not None:
            after = text[i + 1] if i + 1 < end else " "
            if after.isspace() or after in _AFTER_CLOSING:
                spans.append((open_at + 1, i))
                open_at = None
    return sorted(sp for sp in spans if sp[1] > sp[0])


_LINE = re.compile(r"[^\n]+")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of direct quotations in ``text``, marks excluded.

    Tolerant of curly, straight and mismatched marks: whether a mark opens or closes is read
    from where it stands (after a space it opens, before a space or punctuation it closes),
    and only where that is unclear from its shape. A quotation left open runs to the end of
    its paragraph, as in news copy where a quote continues into the next paragraph.
    """
    spans: list[tuple[int, int]] = []
    if not _DOUBLE_MARK.search(text) and "‘" not in text:
        return spans
    for m in _LINE.finditer(text):
        spans.extend(_paragraph_quotes(text, m.start(), m.end()))
    return spans


_WORD_CHARS = re.compile(r"\w+")


# --- sentences ------------------------------------------------------------------------------

def _article_sentences(text: str) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) of each sentence of one article."""
    punkt = _punkt()
    plain = replace_chars(text, _STRAIGHT_QUOTES)
    out = []
    for paragraph, m in enumerate(_LINE.finditer(plain)):
        line = m.group()
        if not line.strip():
            continue
        base = m.start()
        if not _INNER_BREAK.search(line):
            s, e = len(line) - len(line.lstrip()), len(line.rstrip())
            out.append((paragraph, base + s, base + e))
            continue
        for s, e in punkt.span_tokenize(line):
            while s < e and line[s].isspace():
                s += 1
            while e > s and line[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((paragraph, base + s, base + e))
    return out


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each article's text into sentences.

    Parameters
    ----------
    articles
        The ``articles`` table (needs ``article_id`` and ``text``).

    Returns
    -------
    pandas.DataFrame
        One row a sentence: ``article_id``, ``sentence_id`` (0, 1, … within the article),
        ``paragraph`` (0, 1, … within the article), ``start`` and ``end`` (offsets into
        ``articles.text``), ``text``, and ``quote``: True when the sentence lies in, or
        holds, a direct quotation of at least ``MIN_QUOTE_WORDS`` words.
    """
    require_columns(articles, ("article_id", "text"), "split_sentences")
    ids: list[str] = []
    sentence_ids: list[int] = []
    paragraphs: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    quotes: list[bool] = []
    for article_id, text in zip(articles["article_id"].tolist(), articles["text"].tolist()):
        if not isinstance(text, str) or not text.strip():
            continue
        spans = [(a, b) for a, b in quote_spans(text) if len(_WORD_CHARS.findall(text, a, b)) >= MIN_QUOTE_WORDS]
        qstarts = [a for a, _ in spans]
        for n, (paragraph, s, e) in enumerate(_article_sentences(text)):
            ids.append(article_id)
            sentence_ids.append(n)
            paragraphs.append(paragraph)
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
            # any quotation span overlapping [s, e)
            k = bisect_right(qstarts, e - 1)
            quotes.append(any(b > s for _, b in spans[max(0, k - 3):k]) if k else False)
    return pd.DataFrame({
        "article_id": pd.Series(ids, dtype="string"),
        "sentence_id": np.asarray(sentence_ids, dtype=np.int32),
        "paragraph": np.asarray(paragraphs, dtype=np.int32),
        "start": np.asarray(starts, dtype=np.int32),
        "end": np.asarray(ends, dtype=np.int32),
        "text": pd.Series(texts, dtype="string"),
        "quote": np.asarray(quotes, dtype=bool),
    })


# --- tokens ---------------------------------------------------------------------------------

_Q1 = "'’‘"  # apostrophe and single quotation marks, straight and curly
_CLITIC = r"(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)"
# The kinds of token, tried in this order (the first that matches at a position wins).
TOKEN_KINDS: tuple[tuple[str, str], ...] = (
    ("url", r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]|www\.[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]"),
    ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ("handle", r"[@#][^\W_]\w*"),  # @afp, #Ukraine
    ("abbreviation", r"(?:[^\W\d_]\.){2,}"),  # U.S., a.m.
    ("number", r"\d+(?:[.,:]\d+)+%?|\d+%"),  # 3.5, 100,000, 10:30, 5%
    ("clitic", rf"\w+(?=n[{_Q1}]t\b)|n[{_Q1}]t\b|[{_Q1}]{_CLITIC}\b"),  # do|n't, Russia|'s
    ("word", rf"\w+(?:-\w+)*(?:[{_Q1}](?!(?:{_CLITIC}|t|T)\b)\w+(?:-\w+)*)*"),  # 81-year-old, O'Brien
    ("punctuation", r"\.\.\.+|--+|[^\w\s]"),
)
# Each match takes the white space before its token with it, so that the matches tile the
# text: a token's end is the running sum of match lengths, its start that minus its length.
# findall then does all per-token work inside the regular expression engine. A plain
# alphabetic word, the most common token by far, is tried first; the guard sends anything
# that could be more (don't, U.S., www., e-mail, 81-year-old) on to the kinds above, and the
# possessive ++ makes that hand-over cost one scan of the word.
_PLAIN_WORD = r"[^\W\d_]++(?![\w'’‘@-]|\.\w|://)"
_TILE = re.compile(r"\s*(?:" + "|".join([_PLAIN_WORD] + [pattern for _, pattern in TOKEN_KINDS]) + ")")


def tokenize(sentences: pd.DataFrame) -> pd.DataFrame:
    """Split sentences into tokens.

    Parameters
    ----------
    sentences
        The ``sentences`` table (needs ``article_id``, ``sentence_id``, ``start``, ``text``).

    Returns
    -------
    pandas.DataFrame
        One row a token: ``article_id``, ``sentence_id``, ``token_id`` (0, 1, … through the
        article's tokens in the given sentences), ``start`` and ``end`` (offsets into
        ``articles.text``), ``text``, ``lower`` (lower case, curly apostrophes made
        straight), ``is_word`` (a word, number, abbreviation or
        "n't", rather than punctuation, "'s", a URL, an address or a handle) and ``is_stop``
        (in the stop list shipped in ``toolkit/data/stopwords.txt``).
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "text"), "tokenize")
    texts = ["" if not isinstance(t, str) else t for t in sentences["text"].tolist()]
    # All sentences in one string, joined by line breaks (no token spans white space).
    joined = "\n".join(texts)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    sentence_at = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(texts) else np.zeros(0, np.int64)

    tiles = pd.Series(_TILE.findall(joined), dtype="string")
    token_text = tiles.str.lstrip()
    ends = np.cumsum(tiles.str.len().to_numpy(dtype=np.int64))
    starts = ends - token_text.str.len().to_numpy(dtype=np.int64)

    row = np.searchsorted(sentence_at, starts, side="right") - 1
    offset = sentences["start"].to_numpy(dtype=np.int64)[row] - sentence_at[row]
    article_ids = sentences["article_id"].reset_index(drop=True).take(row).reset_index(drop=True)
    # token_id runs through each article: a token's position minus that of the article's first
    codes = pd.factorize(article_ids)[0]
    new_article = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(new_article, np.arange(len(codes)), 0))
    # lower case, with curly apostrophes folded to the straight one ("Russia’s" ~ "Russia's")
    lower = token_text.str.lower().str.replace("’", "'", regex=False).str.replace("‘", "'", regex=False)
    # A word starts with a letter or digit and is not a URL or an address (vectorised string
    # functions, Unicode-aware: "Élysée" is a word, "’s", "@afp" and "—" are not).
    is_word = token_text.str.slice(0, 1).str.isalnum().to_numpy(dtype=bool, na_value=False)
    # (literal tests: Arrow's regular-expression kernels are several times slower here)
    is_word &= ~(token_text.str.contains("://", regex=False) | token_text.str.contains("@", regex=False)
                 | token_text.str.startswith("www.")).to_numpy(dtype=bool, na_value=False)
    return pd.DataFrame({
        "article_id": article_ids.astype("string"),
        "sentence_id": sentences["sentence_id"].to_numpy(dtype=np.int32)[row],
        "token_id": (np.arange(len(codes)) - first).astype(np.int32),
        "start": (starts + offset).astype(np.int32),
        "end": (ends + offset).astype(np.int32),
        "text": token_text,
        "lower": lower,
        "is_word": is_word,
        "is_stop": lower.isin(word_list("stopwords")).to_numpy(dtype=bool),
    })


def compact_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """The tokens table in compact dtypes: ``article_id`` a category, ``text`` and ``lower``
    categories sharing one vocabulary (so they compare), integers of 32 bits (``sentence_id``
16 where it fits). The same rows
    and values in about a third of the memory; every function that takes tokens takes either.
    ``tokens.astype({"article_id": "string", "text": "string", "lower": "string"})`` undoes it."""
    require_columns(tokens, ("article_id", "text", "lower"), "compact_tokens")
    out = tokens.copy()
    vocabulary = pd.Categorical(pd.concat([tokens["text"], tokens["lower"]], ignore_index=True).astype(object))
    words = pd.CategoricalDtype(vocabulary.categories)
    out["article_id"] = pd.Categorical(tokens["article_id"].astype(object))
    out["text"] = pd.Categorical.from_codes(vocabulary.codes[:len(tokens)], dtype=words)
    out["lower"] = pd.Categorical.from_codes(vocabulary.codes[len(tokens):], dtype=words)
    for column in ("sentence_id", "token_id", "start", "end"):
        if column in out:
            out[column] = out[column].astype(np.int32)
    if "sentence_id" in out and (out["sentence_id"].max() if len(out) else 0) < np.iinfo(np.int16).max:
        out["sentence_id"] = out["sentence_id"].astype(np.int16)  # where an article has < 32,767 sentences
    return out
