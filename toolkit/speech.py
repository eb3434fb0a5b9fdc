"""Reported speech: the verbs that attribute it, the quotations, and who is quoted.

* :func:`attribution_verbs` finds the verbs (and "according to") that introduce or
  attribute statements, from a lexicon shipped in ``toolkit/data/attribution_verbs.txt``,
  each with a class: neutral ("said", "told"), loaded ("claimed", "insisted", "admitted",
  "accused") or other ("stressed", "declared", "remarked", "warned"). Verbs with other
  common senses ("added 3,000 jobs", "confirmed cases") count only next to reported speech.
* :func:`quotes` finds direct quotations (three words or more) and their speaker: a name or
  noun phrase next to an attribution verb in the quotation's sentence ("Peskov said",
  "said Dmitry Peskov", "the energy ministry declared", "according to Peskov"), else in the
  sentence after it; a pronoun ("he stated") resolves to the last person named before the
  quotation in the article.
* :func:`share_of_voice` sums quoted words per speaker and group.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ._phrases import PhraseFinder
from ._resources import data_lines, word_list
from .overview import group_column
from .segment import MIN_QUOTE_WORDS, quote_spans, require_columns

__all__ = ["attribution_lexicon", "attribution_verbs", "quotes", "share_of_voice", "verbs_from_hits", "voice_from_counts"]

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# Verbs after which a name can be the speaker ("said Peskov", "according to the ministry");
# after the others a name is the object ("accused Russia", "told reporters").
INVERTING = frozenset({"said", "says", "added", "noted", "wrote", "writes", "explained", "remarked", "stated",
                       "declared", "replied", "responded", "asked", "insisted", "argued", "according to",
                       "commented", "continued", "recalled", "observed", "warned", "tweeted"})
# Words that may stand between a subject and its verb ("Zelensky had earlier accused").
BETWEEN = frozenset({"had", "has", "have", "was", "is", "were", "are", "also", "earlier", "later", "then",
                     "previously", "again", "once", "repeatedly", "already", "further", "himself", "herself"})
MAX_SPEAKER_WORDS = 5  # a subject noun phrase longer than this is not a speaker's name
# Words; an honorific keeps its period ("Mr.") and is then a title, not part of the name.
_WORD = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Prof|Rev|Sgt|Adm|Pres)\.|[\w'’\-]+")
_CAPITALISED = re.compile(r"^[A-Z][\w'’\-]*$")


@lru_cache(maxsize=1)
def attribution_lexicon() -> pd.DataFrame:
    """The shipped lexicon: ``form``, ``lemma``, ``class``, ``context`` (any / speech)."""
    rows = [line.split("\t") for line in data_lines("attribution_verbs")]
    return pd.DataFrame(rows, columns=["form", "lemma", "class", "context"])


@lru_cache(maxsize=1)
def _verb_finder() -> PhraseFinder:
    return PhraseFinder(attribution_lexicon()["form"], before=r"\w'’", after=r"\w'’", ignore_case=True)


@lru_cache(maxsize=1)
def _verb_entries() -> dict[str, tuple[str, str, str]]:
    """form -> (lemma, class, context)."""
    lexicon = attribution_lexicon()
    return {f: (lem, c, ctx) for f, lem, c, ctx in lexicon[["form", "lemma", "class", "context"]].itertuples(index=False)}


_QUOTE_MARKS = "\"“”„‟«»"


def _near_speech(text: str, start: int, end: int, has_quote: bool) -> bool:
    """Whether the verb at text[start:end] stands next to reported speech."""
    if has_quote:
        return True
    after = text[end:end + 12].lstrip()
    before = text[max(0, start - 12):start].rstrip()
    if after[:1] in _QUOTE_MARKS or after[:1] == ":" or re.match(r"that\b", after, re.IGNORECASE):
        return True
    if before[-1:] in _QUOTE_MARKS or before.endswith((",”", ",\"", ",“")):
        return True
    if re.match(r"by\b", after, re.IGNORECASE) and re.search(r"\bas\s*$", before, re.IGNORECASE):
        return True  # "as stated by the authorities"
    return False


def _verb_hits(sentences: pd.DataFrame) -> pd.DataFrame:
    """Every attribution verb: ``article_id``, ``sentence_id``, ``start``, ``end`` (in the
    sentence), ``verb`` (lower case), ``lemma``, ``class``."""
    entries, finditer = _verb_entries(), _verb_finder().finditer
    rows = []
    for article_id, sentence_id, text, quote in zip(
        sentences["article_id"], sentences["sentence_id"], sentences["text"],
        sentences["quote"] if "quote" in sentences else [False] * len(sentences),
    ):
        if not isinstance(text, str):
            continue
        has_quote = bool(quote) or any(m in text for m in _QUOTE_MARKS)
        for start, end, word in finditer(text):
            form = word.lower()
            lemma, cls, context = entries[form]
            if context == "speech" and not _near_speech(text, start, end, has_quote):
                continue
            rows.append((article_id, sentence_id, start, end, form, lemma, cls))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "verb", "lemma", "class"])


def attribution_verbs(
    sentences: pd.DataFrame,
    *,
    by: str = "outlet",
    articles: pd.DataFrame | None = None,
    per: str = "verb",
) -> pd.DataFrame:
    """Verbs of attribution per group, with counts, shares and classes.

    Parameters
    ----------
    sentences
        The ``sentences`` table; ``by`` is joined from ``articles`` when absent.
    per
        ``"verb"``: one row a verb as written (stated, remarked); ``"lemma"``: one row a
        lemma (state); ``"class"``: one row a class.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``verb`` (or ``lemma`` or ``class``), ``class``, ``count`` and ``share``
        (of the group's attribution verbs); sorted by group and count.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "attribution_verbs")
    if per not in ("verb", "lemma", "class"):
        raise ValueError("attribution_verbs: per must be 'verb', 'lemma' or 'class'")
    hits = _verb_hits(sentences)
    if not hits.empty:
        source = sentences if by in sentences.columns else articles  # the group is a property of the article
        hits["group"] = group_column(hits, by, source, "attribution_verbs").to_numpy()
    return verbs_from_hits(hits, per=per)


def verbs_from_hits(hits: pd.DataFrame, *, per: str = "verb") -> pd.DataFrame:
    """:func:`attribution_verbs` from the verbs found (one row a verb with its ``group``,
    ``verb``, ``lemma`` and ``class``, and a ``count`` when rows stand for several), such as
    those of a corpus's chunks put together."""
    if per not in ("verb", "lemma", "class"):
        raise ValueError("attribution_verbs: per must be 'verb', 'lemma' or 'class'")
    key = "verb" if per == "verb" else per
    columns = ["group", key] + (["class"] if per != "class" else []) + ["count", "share"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    keys = ["group", key] + (["class"] if per != "class" else [])
    grouped = hits.groupby(keys, sort=False)
    out = (grouped["count"].sum() if "count" in hits else grouped.size()).rename("count").reset_index()
    out["count"] = out["count"].astype(np.int64)
    out["share"] = out["count"] / out.groupby("group")["count"].transform("sum")
    return out.sort_values(["group", "count", key], ascending=[True, False, True], kind="stable")[columns] \
        .reset_index(drop=True)


# --- quotations and speakers ----------------------------------------------------------------

def _paragraphs(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, str, list[tuple[int, int, int]]]]]:
    """Per article, its paragraphs rebuilt from the sentences (offsets as in the article):
    (start, end, text, [(sentence_id, start, end), ...])."""
    ordered = sentences.sort_values(["article_id", "start"], kind="stable")
    paragraph = ordered["paragraph"].tolist() if "paragraph" in ordered else [0] * len(ordered)
    out: dict[str, list] = {}
    current_key = None
    spans: list[tuple[int, int, int, str]] = []

    def flush() -> None:
        if spans:
            start, end = spans[0][1], spans[-1][2]
            chars = [" "] * (end - start)
            for _, s, e, t in spans:
                chars[s - start:e - start] = t
            out.setdefault(current_key[0], []).append(
                (start, end, "".join(chars), [(sid, s, e) for sid, s, e, _ in spans]))

    for article_id, para, sid, start, end, text in zip(
            ordered["article_id"].tolist(), paragraph, ordered["sentence_id"].tolist(),
            ordered["start"].tolist(), ordered["end"].tolist(), ordered["text"].tolist()):
        key = (article_id, para)
        if key != current_key:
            flush()
            current_key, spans = key, []
        spans.append((int(sid), int(start), int(end), text if isinstance(text, str) else ""))
    flush()
    return out


def _subject_before(text: str, position: int) -> str | None:
    """The noun phrase ending right before ``position`` (a verb): capitalised names, or words
    that are not stop words, back to the first punctuation or stop word."""
    stop = word_list("stopwords")
    words = []
    for m in reversed(list(_WORD.finditer(text, 0, position))):
        gap = text[m.end():position if not words else words[-1][0]]
        if gap.strip():  # punctuation in between ends the phrase
            break
        token = m.group()
        if token.lower() in PRONOUNS and not words:
            return token.lower()
        if not words and (token.lower() in BETWEEN or token.lower().endswith("ly")):
            position = m.start()  # an auxiliary or adverb before the verb: look further back
            continue
        if token.lower() in stop or len(words) >= MAX_SPEAKER_WORDS:
            break
        words.append((m.start(), token))
    if not words:
        return None
    return " ".join(t for _, t in reversed(words))


def _subject_after(text: str, position: int) -> str | None:
    """The name right after ``position`` ("said Dmitry Peskov", "according to Peskov"):
    capitalised words, allowing a lower-case title before them ("said spokesman Peskov")."""
    tokens = []
    for m in _WORD.finditer(text, position):
        gap = text[position if not tokens else tokens[-1][1]:m.start()]
        if gap.strip() and gap.strip() not in ("the",):
            break
        token = m.group()
        if token.lower() in PRONOUNS and not tokens:
            return token.lower()
        if _CAPITALISED.match(token):
            tokens.append((m.start(), m.end(), token))
        elif tokens or len(tokens) > MAX_SPEAKER_WORDS or token.lower() in word_list("stopwords") - {"the"}:
            break
        else:
            tokens.append((m.start(), m.end(), None))  # a title word: keep looking
        if len(tokens) > MAX_SPEAKER_WORDS:
            break
    names = [t for _, _, t in tokens if t]
    return " ".join(names) if names else None


def _name_part(phrase: str | None) -> str | None:
    """A subject phrase reduced to the name it ends with ("longtime adviser Roger Stone" ->
    "Roger Stone"); a phrase in capitals throughout (a promoted headline) is no speaker; a
    phrase without a capitalised word ("the energy ministry") stays as it is."""
    if not phrase or phrase in PRONOUNS:
        return phrase
    words = phrase.split()
    if sum(1 for w in words if w.isupper() and len(w) > 1) >= 3:
        return None
    tail = []
    for word in reversed(words):
        if not _CAPITALISED.match(word):
            break
        tail.append(word)
    return " ".join(reversed(tail)) if tail else phrase


def _speaker_in(text: str, outside: list[tuple[int, int]]) -> str | None:
    """A speaker attributed in ``text`` outside the quoted spans, or None."""
    for start, end, word in _verb_finder().finditer(text):
        if any(a <= start < b for a, b in outside):
            continue
        verb = word.lower()
        before = _name_part(_subject_before(text, start))
        after = _name_part(_subject_after(text, end)) if verb in INVERTING else None
        if verb == "according to":
            return after or before
        if before and (before in PRONOUNS or before[:1].isupper() or len(before.split()) > 1):
            if after and before in PRONOUNS and after[:1].isupper():
                return after
            return before
        if after:
            return after
        if before:
            return before
    return None


def _names_in(text: str) -> list[str]:
    """Runs of two or more capitalised words (person-like names), in order."""
    stop = word_list("stopwords")
    runs, current = [], []
    for token in _WORD.findall(text):
        # Capitalised: an initial A-Z, and not an honorific ("Mr."), the one token with a period.
        if "A" <= token[0] <= "Z" and token[-1] != "." and token.lower() not in stop:
            current.append(token)
        else:
            if len(current) >= 2:
                runs.append(" ".join(current))
            current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def _blank_out(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``ranges`` (quotations) replaced by spaces."""
    if not ranges:
        return text
    pieces, position = [], 0
    for start, end in sorted(ranges):
        start = max(start, position)
        if end > start:
            pieces.append(text[position:start])
            pieces.append(" " * (end - start))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _person_like(speaker: str, full_names: list[str]) -> bool:
    """A speaker is a person when the article names them with a first name somewhere
    ("Peskov" after "Dmitry Peskov"); organisations and places rarely are."""
    last = speaker.split()[-1]
    return any(name.split()[-1] == last for name in full_names)


def quotes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Direct quotations with their speakers.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id`` (where the quotation starts), ``speaker`` (as named;
        "(unattributed)" when none is found), ``text`` (the quotation without its marks),
        ``start``, ``end`` (offsets into ``articles.text``) and ``n_words``.
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "end", "text"), "quotes")
    columns = ["article_id", "sentence_id", "speaker", "text", "start", "end", "n_words"]
    rows = []
    for article_id, paragraphs in _paragraphs(sentences).items():
        # Quotations of the article, with the sentences each one touches.
        found = []  # (sentence index, start, end, text) in article offsets
        order: list[tuple[int, int, int, str]] = []  # sentences: (sentence_id, start, end, text)
        for p_start, _, p_text, spans in paragraphs:
            first_index = len(order)
            for sid, s_start, s_end in spans:
                order.append((sid, s_start, s_end, p_text[s_start - p_start:s_end - p_start]))
            for a, b in quote_spans(p_text):
                if len(_WORD.findall(p_text, a, b)) >= MIN_QUOTE_WORDS:
                    touched = [i for i, (_, s0, s1) in enumerate(spans, start=first_index)
                               if s0 - p_start < b + 1 and s1 - p_start > a - 1] or [first_index]
                    found.append((touched, p_start + a, p_start + b, p_text[a:b]))
        quoted_ranges = [(a, b) for _, a, b, _ in found]
        # Walk the sentences in order: who is attributed in each, who was named before it.
        full_names: list[str] = []
        attributed: list[str | None] = []
        named_until: list[list[str]] = []
        for sid, s0, s1, text in order:
            outside = [(max(a, s0) - s0, min(b, s1) - s0) for a, b in quoted_ranges if a < s1 and b > s0]
            named_until.append(list(full_names))
            attributed.append(_speaker_in(text, outside))
            full_names.extend(_names_in(_blank_out(text, outside)))
        resolved: list[str | None] = []
        last_any: str | None = None
        last_person: str | None = None
        for i, speaker in enumerate(attributed):
            if speaker in PRONOUNS:
                if speaker in ("he", "she"):
                    speaker = last_person or (named_until[i][-1] if named_until[i] else None)
                else:
                    speaker = last_any
            resolved.append(speaker)
            if speaker:
                last_any = speaker
                if _person_like(speaker, full_names):
                    last_person = speaker
        for touched, a, b, quoted in found:
            speaker = next((resolved[i] for i in touched if resolved[i]), None)
            if speaker is None and touched[-1] + 1 < len(order) and order[touched[-1] + 1][1] >= b:
                speaker = resolved[touched[-1] + 1]
            if speaker is None:  # a quotation running on from an earlier one
                earlier = [r for r in resolved[:touched[0]] if r]
                speaker = earlier[-1] if earlier else "(unattributed)"
            rows.append((article_id, order[touched[0]][0], speaker, quoted, a, b, len(_WORD.findall(quoted))))
    return pd.DataFrame(rows, columns=columns)


def _surname_key(speaker: str) -> str:
    """Speakers are one when their last word is ("Dmitry Peskov", "Peskov"; "the energy
    ministry", "Ukraine's energy ministry")."""
    return speaker.split()[-1].lower() if speaker.split() else speaker


def share_of_voice(quotes_table: pd.DataFrame, *, by: str = "outlet", articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quoted words per speaker and group.

    Speakers are matched by their last word within a group ("Dmitry Peskov" and "Peskov" are
    one speaker) and shown by their longest name (the alphabetically first of equally long ones).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``speaker``, ``n_quotes``, ``quoted_words`` and ``share`` (of the group's
        quoted words); sorted by group and quoted words.
    """
    require_columns(quotes_table, ("article_id", "speaker", "n_words"), "share_of_voice")
    if quotes_table.empty:
        return voice_from_counts(_voice_counts(quotes_table.assign(group=[])))
    return voice_from_counts(_voice_counts(
        quotes_table.assign(group=group_column(quotes_table, by, articles, "share_of_voice").to_numpy())))


def _longest_name(frame: pd.DataFrame) -> pd.Series:
    """Per (group, key), the longest ``speaker`` (alphabetically first among equals)."""
    ordered = frame.assign(length=frame["speaker"].str.len()) \
        .sort_values(["length", "speaker"], ascending=[False, True], kind="stable")
    return ordered.drop_duplicates(["group", "key"]).set_index(["group", "key"])["speaker"]


def _voice_counts(quoted: pd.DataFrame) -> pd.DataFrame:
    """Quotations with a ``group`` summed per group and speaker key: ``group``, ``key``,
    ``speaker`` (the longest name), ``n_quotes``, ``quoted_words``; counts that add up over
    parts of a corpus."""
    columns = ["group", "key", "speaker", "n_quotes", "quoted_words"]
    if quoted.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c in ("n_quotes", "quoted_words") else object)
                             for c in columns})
    frame = pd.DataFrame({"group": quoted["group"].to_numpy(dtype=object), "speaker": quoted["speaker"].to_numpy(dtype=object),
                          "key": quoted["speaker"].map(_surname_key).to_numpy(dtype=object),
                          "n_words": quoted["n_words"].to_numpy(dtype=np.int64)})
    out = frame.groupby(["group", "key"], sort=True).agg(n_quotes=("n_words", "size"),
                                                         quoted_words=("n_words", "sum")).reset_index()
    out["speaker"] = _longest_name(frame).reindex(pd.MultiIndex.from_frame(out[["group", "key"]])).to_numpy()
    out["n_quotes"] = out["n_quotes"].astype(np.int64)
    return out[columns]


def voice_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`share_of_voice` from the speaker counts of a corpus's parts put together."""
    columns = ["group", "speaker", "n_quotes", "quoted_words", "share"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    out = counts.groupby(["group", "key"], sort=True).agg(n_quotes=("n_quotes", "sum"),
                                                          quoted_words=("quoted_words", "sum")).reset_index()
    out["speaker"] = _longest_name(counts).reindex(pd.MultiIndex.from_frame(out[["group", "key"]])).to_numpy()
    out["share"] = out["quoted_words"] / out.groupby("group")["quoted_words"].transform("sum")
    out["n_quotes"] = out["n_quotes"].astype(np.int64)
    out["quoted_words"] = out["quoted_words"].astype(np.int64)
    return out.sort_values(["group", "quoted_words", "speaker"], ascending=[True, False, True], kind="stable")[columns] \
        .reset_index(drop=True)
