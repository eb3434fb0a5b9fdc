"""Sentences and tokens with character offsets into ``articles.text``.

Sentences come from NLTK's Punkt algorithm, built offline from an English abbreviation list
and a list of frequent sentence starters that ship with the toolkit (no trained model is
downloaded). No sentence crosses a line break: each line of the cleaned text is a paragraph.
No sentence is longer than ``MAX_SENTENCE_CHARS`` characters either: a longer run without a
sentence end is cut into pieces (at white space where there is some), so that the work on
each sentence, and on the text, stays proportional to the text's length.
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
from .schema import require_columns
from .steps import Step

__all__ = ["MAX_SENTENCE_CHARS", "TOKEN_KINDS", "compact_tokens", "quote_spans", "require_columns", "split_sentences", "tokenize"]

MIN_QUOTE_WORDS = 3  # one or two quoted words are scare quotes ("root cause"), not a quotation
# A run of text this long without a sentence end is not a sentence (the text lost its
# punctuation, or is a list or a blob of code): it is cut into pieces no longer than this.
# News sentences stay far below it (the longest of the 88,000 of the AllSides sample has
# 2,543 characters), and no analysis of a sentence then costs the square of the text's length.
MAX_SENTENCE_CHARS = 5_000

_STRAIGHT_QUOTES = tuple((mark, '"') for mark in "“”„‟«»″") + tuple((mark, "'") for mark in "‘’‚‛′`")
_DOUBLE_MARKS = frozenset('"“”„‟«»″')
_OPENING_GLYPHS = frozenset("“„‟«")
_CLOSING_GLYPHS = frozenset("”»")
_BEFORE_OPENING = frozenset("([{—–-/")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–-…")


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
        repeats its contexts (on 2,000 AllSides articles, 60,204 candidates need 6,427
        verdicts once plain words stand in, see ``_judge``)."""

        _verdicts: dict[str, bool] = {}

        def span_tokenize(self, text: str, realign_boundaries: bool = True):
            """NLTK's ``span_tokenize`` in one loop: the same candidates, contexts, verdicts and
            realignment as its chain of generators, without their per-candidate overhead (a
            test holds the two equal on random text)."""
            if not realign_boundaries:
                yield from super().span_tokenize(text, realign_boundaries)
                return
            contains = self.text_contains_sentbreak
            rfind = text.rfind
            slices = []  # (start, stop) of each sentence before realignment
            last_break = 0
            prev = None  # the previous candidate: its match and the start and stop of its word
            prev_start = prev_stop = 0
            for match in self._lang_vars.period_context_re().finditer(text):
                at = match.start()
                # the word before the candidate starts after the last white space since the
                # previous word (a space at that very position does not count, as upstream)
                space = max(rfind(" ", prev_stop, at), rfind("\t", prev_stop, at), rfind("\n", prev_stop, at),
                            rfind("\r", prev_stop, at), rfind("\x0b", prev_stop, at), rfind("\x0c", prev_stop, at))
                start = space + 1 if space > prev_stop else prev_start
                if prev is not None and prev_stop <= start:
                    last_break = self._judge(text, prev, prev_start, prev_stop, last_break, slices, contains)
                prev, prev_start, prev_stop = match, start, at
            if prev is not None:
                last_break = self._judge(text, prev, prev_start, prev_stop, last_break, slices, contains)
            slices.append((last_break, len(text.rstrip())))
            realign_re = self._lang_vars.re_boundary_realignment
            realign = 0
            last = len(slices) - 1
            for i, (a, b) in enumerate(slices):
                a += realign
                if i < last:
                    na, nb = slices[i + 1]
                    m = realign_re.match(text[na:nb])
                    if m:
                        yield a, na + len(m.group(0).rstrip())
                        realign = m.end()
                        continue
                    realign = 0
                if text[a:b]:
                    yield a, b

        @staticmethod
        def _judge(text, match, start, stop, last_break, slices, contains) -> int:
            after, following = match.group("after_tok"), match.group("next_tok")
            if following and following.isalpha() and following.isascii() and len(after) == len(following) + 1 \
                    and after[0] == " " and following.lower() not in starters:
                # A plain word after the candidate counts for its case alone (Punkt here has
                # no collocations and no orthographic statistics): judge a stand-in of that
                # case, so that the verdict on "said. Moscow" serves "told. Kyiv" too.
                after = " Xx" if following[0].isupper() else " xx"
            before = text[start:stop]
            if len(before) > 1 and before.isalpha() and before.isascii() and before.lower() not in abbreviations:
                before = "ww"  # likewise a plain word before it that is not an abbreviation
            if contains(before + match.group() + after):
                slices.append((last_break, match.end()))
                return match.start("next_tok") if match.group("next_tok") else match.end()
            return last_break

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
    # (the stand-ins "xx" and "ww" are neither: a test checks)
    starters, abbreviations = frozenset(params.sent_starters), frozenset(params.abbrev_types)
    return _Tokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


# A sentence end followed by more text: only a line with one of these can hold two sentences.
_INNER_BREAK = re.compile(r"[.?!](?:[)\"'\]}]*\s+\S|[)\";}\]*:@'({\[](?=\S))")


# --- quotation ------------------------------------------------------------------------------

_DOUBLE_MARK = re.compile('["“”„‟«»″]')
_SINGLE_MARK = re.compile("[‘’]")
_OPENING_CANDIDATE = re.compile('["“”„‟«»″‘]')


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
    # The spans of double marks follow one another without overlapping: the one a mark could
    # stand in is the last that starts at or before it.
    inside_starts = [a for a, _ in spans]
    inside_ends = [b for _, b in spans]
    open_at = None
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        if m.group() == "‘":
            k = bisect_right(inside_starts, i) - 1
            if (i == start or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING) and \
                    not (k >= 0 and i < inside_ends[k]):
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
    line_end = -1
    # only a paragraph with a double mark or an opening single one can hold a quotation
    for m in _OPENING_CANDIDATE.finditer(text):
        if m.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        if line_end < 0:
            line_end = len(text)
        spans.extend(_paragraph_quotes(text, line_start, line_end))
    return spans


_WORD_CHARS = re.compile(r"\w+")


# --- sentences ------------------------------------------------------------------------------

def _pieces(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of a sentence of ``line``, or of its pieces when it is longer than
    ``MAX_SENTENCE_CHARS``: each piece ends at the last space within that length (at that
    length where there is none), white space at the cut left out."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS + 1)
        if cut < 0:
            cut = start + MAX_SENTENCE_CHARS
        stop = cut
        while stop > start and line[stop - 1].isspace():
            stop -= 1
        pieces.append((start, stop))
        start = cut
        while start < end and line[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


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
            spans = [(len(line) - len(line.lstrip()), len(line.rstrip()))]
        else:
            spans = punkt.span_tokenize(line)
        for s, e in spans:
            while s < e and line[s].isspace():
                s += 1
            while e > s and line[e - 1].isspace():
                e -= 1
            if e - s > MAX_SENTENCE_CHARS:
                out.extend((paragraph, base + a, base + b) for a, b in _pieces(line, s, e))
            elif e > s:
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
        holds, a direct quotation of at least ``MIN_QUOTE_WORDS`` words. A run of more than
        ``MAX_SENTENCE_CHARS`` characters without a sentence end (never one of news prose)
        comes as several rows, each at most that long, cut at the last space before that
        length, or at that length in a run without spaces.
    """
    require_columns(articles, ("article_id", "text"), "split_sentences")
    ids: list[str] = []
    counts: list[int] = []
    rows: list[tuple[int, int, int]] = []  # (paragraph, start, end)
    texts: list[str] = []
    quote_rows: list[tuple[int, int, int]] = []  # (article, start, end) of each quotation
    for article_id, text in zip(articles["article_id"].tolist(), articles["text"].tolist()):
        if not isinstance(text, str) or not text.strip():
            continue
        n = len(ids)
        quote_rows.extend((n, a, b) for a, b in quote_spans(text)
                          if len(_WORD_CHARS.findall(text, a, b)) >= MIN_QUOTE_WORDS)
        found = _article_sentences(text)
        ids.append(article_id)
        counts.append(len(found))
        rows.extend(found)
        texts.extend([text[s:e] for _, s, e in found])
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    article = np.repeat(np.arange(len(ids), dtype=np.int64), counts)
    sentence_ids = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    starts, ends = table[:, 1], table[:, 2]
    # A sentence is in a quotation when one of the (up to three) quotations of its article
    # starting last before its end reaches past its start.
    quoted = np.zeros(len(rows), dtype=bool)
    if quote_rows:
        q = np.array(quote_rows, dtype=np.int64)
        key = (q[:, 0] << 32) + q[:, 1]
        k = np.searchsorted(key, (article << 32) + ends - 1, side="right")
        for back in (1, 2, 3):
            j = k - back
            valid = j >= 0
            jj = np.where(valid, j, 0)
            quoted |= valid & (q[jj, 0] == article) & (q[jj, 2] > starts)
    return pd.DataFrame({
        "article_id": pd.Series(ids, dtype="string").take(article).reset_index(drop=True),
        "sentence_id": sentence_ids.astype(np.int32),
        "paragraph": table[:, 0].astype(np.int32),
        "start": starts.astype(np.int32),
        "end": ends.astype(np.int32),
        "text": pd.Series(texts, dtype="string"),
        "quote": quoted,
    })


# --- tokens ---------------------------------------------------------------------------------

MAX_LOCAL_PART = 64  # characters before the @ of an e-mail address (RFC 5321's limit)
_Q1 = "'’‘"  # apostrophe and single quotation marks, straight and curly
_CLITIC = r"(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)"
# The kinds of token, tried in this order (the first that matches at a position wins).
TOKEN_KINDS: tuple[tuple[str, str], ...] = (
    ("url", r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]|www\.[^\s<>\"]*[^\s<>\".,;:!?)\]'’”]"),
    # (an address's local part is at most 64 characters, RFC 5321: unbounded, the pattern would
    # read to the end of a long run such as "a+b+c+…" from every token in it, the square of its length)
    ("email", r"[\w.+-]{1,%d}@[\w-]+(?:\.[\w-]+)+" % MAX_LOCAL_PART),
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
_SLICE = 20_000  # sentences tokenised at a time
_TILE = re.compile(r"\s*(?:" + "|".join([_PLAIN_WORD] + [pattern for _, pattern in TOKEN_KINDS]) + ")")


def tokenize(sentences: pd.DataFrame, *, compact: bool = False) -> pd.DataFrame:
    """Split sentences into tokens.

    Parameters
    ----------
    sentences
        The ``sentences`` table (needs ``article_id``, ``sentence_id``, ``start``, ``text``).
    compact
        Return the table in compact dtypes, equal to ``compact_tokens(tokenize(sentences))``
        but made directly from the distinct tokens (the form ``analyze`` keeps).

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
    # The sentences are read as if joined by line breaks into one string (no token spans
    # white space), in slices of _SLICE sentences so as never to hold all tiles at once.
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    sentence_at = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(texts) else np.zeros(0, np.int64)

    # News text repeats its tokens (about 3% of 2 million tiles are distinct): the work on a
    # token's text is done once per distinct tile and spread to the rows by its code.
    vocabulary: dict[str, int] = {}
    code_parts, end_parts = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for i in range(0, len(texts), _SLICE):
        local, distinct = pd.factorize(np.asarray(_TILE.findall("\n".join(texts[i:i + _SLICE])), dtype=object))
        distinct = distinct.tolist()
        tile_len = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
        end_parts.append(np.cumsum(tile_len[local]) + sentence_at[i])
        to_global = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for t in distinct),
                                dtype=np.int64, count=len(distinct))
        code_parts.append(to_global[local])
    codes, ends = np.concatenate(code_parts), np.concatenate(end_parts)
    stripped = [t.lstrip() for t in vocabulary]
    # lower case, with curly apostrophes folded to the straight one ("Russia’s" ~ "Russia's")
    lowered = [t.lower().replace("’", "'").replace("‘", "'") for t in stripped]
    stop = word_list("stopwords")
    # A word starts with a letter or digit and is not a URL or an address ("Élysée" is a
    # word; "’s", "@afp" and "—" are not).
    word = np.fromiter((t[:1].isalnum() and "://" not in t and "@" not in t and not t.startswith("www.")
                        for t in stripped), dtype=bool, count=len(stripped))
    token_len = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
    starts = ends - token_len[codes]

    row = np.searchsorted(sentence_at, starts, side="right") - 1
    offset = sentences["start"].to_numpy(dtype=np.int64)[row] - sentence_at[row]
    sentence_article, article_names = pd.factorize(sentences["article_id"].astype("string"), use_na_sentinel=False)
    article_codes = sentence_article[row]
    # token_id runs through each article: a token's position minus that of the article's first
    new_article = np.r_[True, article_codes[1:] != article_codes[:-1]] if len(codes) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(new_article, np.arange(len(codes)), 0))
    sentence_id = sentences["sentence_id"].to_numpy(dtype=np.int32)[row]
    if compact:  # categories of the distinct values only, sorted as compact_tokens sorts them
        names = pd.Index(sorted(set(article_names.astype(object))), dtype=object)
        article = pd.Categorical.from_codes(names.get_indexer(article_names.astype(object))[article_codes],
                                            categories=names)
        words = pd.CategoricalDtype(pd.Index(sorted(set(stripped) | set(lowered)), dtype=object))
        text = pd.Categorical.from_codes(words.categories.get_indexer(stripped)[codes], dtype=words)
        lower = pd.Categorical.from_codes(words.categories.get_indexer(lowered)[codes], dtype=words)
        if (sentence_id.max() if len(sentence_id) else 0) < np.iinfo(np.int16).max:
            sentence_id = sentence_id.astype(np.int16)
    else:
        article = pd.array(article_names, dtype="string").take(article_codes)
        text = pd.array(stripped, dtype="string").take(codes)
        lower = pd.array(lowered, dtype="string").take(codes)
    return pd.DataFrame({
        "article_id": article,
        "sentence_id": sentence_id,
        "token_id": (np.arange(len(codes)) - first).astype(np.int32),
        "start": (starts + offset).astype(np.int32),
        "end": (ends + offset).astype(np.int32),
        "text": text,
        "lower": lower,
        "is_word": word[codes],
        "is_stop": np.fromiter((t in stop for t in lowered), dtype=bool, count=len(lowered))[codes],
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


# --- the step of toolkit.analyze (see toolkit.steps) --------------------------------------------

def _step_tables(chunk: pd.DataFrame, tables) -> dict[str, pd.DataFrame]:
    sentences = split_sentences(chunk)
    return {"sentences": sentences, "tokens": tokenize(sentences, compact=True)}


STEP = Step("sentences and tokens", makes=("sentences", "tokens"), article=_step_tables)
